package httpapi

// The documentation of the route table, keyed like the rows ("METHOD
// pattern"): what GET /openapi.json and `kopernik openapi` say about each
// row. The paths, methods, versions and per-version statuses come from
// routes.go and versions.go themselves; this companion adds what the table
// cannot know: a summary, the query parameters a handler reads, the schema
// of its body and of its answer, and which kind of answer it gives.
// TestOA14_3_EveryRowIsDescribed fails when a row has no entry here (and
// when an entry has no row), so a family adding rows adds their lines too.

// answer is the kind of success answer of a row; the status of each kind in
// each version comes from versions.go.
type answer uint8

const (
	answerJSON        answer = iota // 200 with a JSON body (routeDoc.out)
	answerCreated                   // 201 with X-Created, X-Location and Location
	answerUpdated                   // one thing changed: putOne (303 + Location, or 204)
	answerPostUpdated               // a POST that changed and created nothing: postOnPut
	answerBulk                      // many changed: putMany; with create=1 a creation answers like putNew
	answerDeleted                   // deleteOK with X-Deleted
	answerDeletedMany               // deleteOK, no X-Deleted
	// answerCreatedOrUpdated: a creation, or in the versions with the v1
	// alias rule/{r}/conditions/{cid} (conditionByRule) an update of cid.
	answerCreatedOrUpdated
)

// routeDoc describes one row.
type routeDoc struct {
	summary string
	// query names parameters of queryParams the handler reads.
	query []string
	// body is the schema of the request body (JSON or form), "" for none.
	body   string
	answer answer
	// out is the schema of a 200 JSON body.
	out string
	// notFound documents a 404 besides the usual 400 (conventions §6.1).
	notFound string
}

var (
	paging     = []string{"start", "limit", "total"}
	entityList = []string{"fields", "orderby", "order", "start", "limit", "total", "dataonly"}
	idPaging   = []string{"start", "limit"}
	selector   = []string{"fields", "create"}
)

var routeDocs = map[string]routeDoc{
	// Account.
	"GET identity":    {summary: "The account the token belongs to", out: "Identity"},
	"GET account":     {summary: "Alias of identity", out: "Identity"},
	"GET consumption": {summary: "Usage counters for a period", query: []string{"begin", "end"}, out: "Consumption"},

	// Databases.
	"GET databases":                  {summary: "List the databases", query: paging, out: "DatabaseList"},
	"POST databases":                 {summary: "Create a database", body: "DatabaseInput", answer: answerCreated},
	"GET database/{db}":              {summary: "One database with its fields, interests and collections", out: "Database"},
	"PUT database/{db}":              {summary: "Change a database", body: "DatabaseInput", answer: answerUpdated},
	"POST database/{db}/copy":        {summary: "Copy a database's structure (and optionally its profiles)", body: "CopyInput", answer: answerCreated},
	"GET database/{db}/unsubscribe":  {summary: "What an unsubscribe does in this database", out: "Unsubscribe"},
	"PUT database/{db}/unsubscribe":  {summary: "Set what an unsubscribe does", body: "Unsubscribe", answer: answerUpdated},
	"PUT database/{db}/intentions":   {summary: "Set the database's intentions", body: "Intentions", answer: answerUpdated},
	"GET collection/{c}/unsubscribe": {summary: "What an unsubscribe does in this collection", out: "Unsubscribe"},
	"PUT collection/{c}/unsubscribe": {summary: "Set what an unsubscribe does", body: "Unsubscribe", answer: answerUpdated},
	"PUT collection/{c}/intentions":  {summary: "Set the collection's intentions", body: "Intentions", answer: answerUpdated},

	// Fields.
	"GET database/{db}/fields":            {summary: "List a database's fields", query: paging, out: "FieldList"},
	"POST database/{db}/fields":           {summary: "Create a field", body: "FieldInput", answer: answerCreated},
	"PUT database/{db}/field/{field}":     {summary: "Change a field", body: "FieldInput", answer: answerUpdated},
	"DELETE database/{db}/field/{field}":  {summary: "Delete a field and its values", answer: answerDeleted},
	"GET collection/{c}/fields":           {summary: "List a collection's fields", query: paging, out: "FieldList"},
	"POST collection/{c}/fields":          {summary: "Create a field", body: "FieldInput", answer: answerCreated},
	"PUT collection/{c}/field/{field}":    {summary: "Change a field", body: "FieldInput", answer: answerUpdated},
	"DELETE collection/{c}/field/{field}": {summary: "Delete a field and its values", answer: answerDeleted},

	// Interests.
	"GET database/{db}/interests":  {summary: "List a database's interests", query: paging, out: "InterestList"},
	"POST database/{db}/interests": {summary: "Create an interest", body: "InterestInput", answer: answerCreated},
	"PUT interest/{i}":             {summary: "Change an interest", body: "InterestInput", answer: answerUpdated},
	"DELETE interest/{i}":          {summary: "Delete an interest", answer: answerDeleted},

	// Collections.
	"GET database/{db}/collections":  {summary: "List a database's collections", query: paging, out: "CollectionList"},
	"POST database/{db}/collections": {summary: "Create a collection", body: "CollectionInput", answer: answerCreated},
	"GET collection/{c}":             {summary: "One collection with its fields", out: "Collection"},
	"PUT collection/{c}":             {summary: "Change a collection", body: "CollectionInput", answer: answerUpdated},

	// Profiles of a database.
	"GET database/{db}/profiles":     {summary: "List profiles, filtered and ordered", query: entityList, out: "ProfileList"},
	"POST database/{db}/profiles":    {summary: "Create a profile", body: "ProfileInput", answer: answerCreated},
	"PUT database/{db}/profiles":     {summary: "Update the profiles the fields selector matches (create=1: create one when none does)", query: selector, body: "ProfileInput", answer: answerBulk},
	"DELETE database/{db}/profiles":  {summary: "Delete several profiles by ID", query: []string{"profiles"}, body: "ProfileIDs", answer: answerDeletedMany},
	"GET database/{db}/profileids":   {summary: "IDs of the database's profiles", query: idPaging, out: "IDList"},
	"PUT database/{db}/unsubscribes": {summary: "Unsubscribe the profiles the fields selector matches", query: []string{"fields"}, answer: answerBulk},

	// One profile.
	"GET profile/{p}":                 {summary: "One profile", out: "Profile"},
	"PUT profile/{p}":                 {summary: "Change a profile's fields and interests", body: "ProfileInput", answer: answerUpdated},
	"POST profile/{p}":                {summary: "Alias of PUT profile/{p}, answered like it", body: "ProfileInput", answer: answerUpdated},
	"DELETE profile/{p}":              {summary: "Remove a profile (completely=1: erase it)", query: []string{"completely"}, answer: answerDeleted},
	"GET profile/{p}/fields":          {summary: "A profile's field values", out: "FieldValues"},
	"PUT profile/{p}/fields":          {summary: "Change a profile's field values", body: "FieldValues", answer: answerUpdated},
	"POST profile/{p}/fields":         {summary: "Alias of PUT profile/{p}/fields", body: "FieldValues", answer: answerUpdated},
	"GET profile/{p}/interests":       {summary: "A profile's interests (return=ids|objects|names)", query: []string{"return"}, out: "InterestNames"},
	"POST profile/{p}/interests":      {summary: "Switch interests on", body: "InterestNames", answer: answerPostUpdated},
	"PUT profile/{p}/interests":       {summary: "Set a profile's interests (the others are switched off)", body: "InterestNames", answer: answerUpdated},
	"GET profile/{p}/events":          {summary: "The profile's journal entries", out: "EventList"},
	"PUT profile/{p}/unsubscribe":     {summary: "Unsubscribe the profile", answer: answerUpdated},
	"GET profile/{p}/files":           {summary: "Files of a profile (always empty)", query: paging, out: "FileList"},
	"GET profile/{p}/file/{file}":     {summary: "One file of a profile (there are none: always an error)", out: "File"},
	"POST profile/{p}/datarequest":    {summary: "Start a data request for the profile", answer: answerCreated},
	"POST subprofile/{s}/datarequest": {summary: "Start a data request for the subprofile", answer: answerCreated},

	// Subprofiles.
	"GET profile/{p}/subprofiles/{coll}":  {summary: "A profile's subprofiles in a collection", query: entityList, out: "SubprofileList"},
	"POST profile/{p}/subprofiles/{coll}": {summary: "Create a subprofile", body: "SubprofileInput", answer: answerCreated},
	"PUT profile/{p}/subprofiles/{coll}":  {summary: "Update the profile's subprofiles the fields selector matches", query: selector, body: "SubprofileInput", answer: answerBulk},
	"GET collection/{c}/subprofiles":      {summary: "List subprofiles, filtered and ordered", query: entityList, out: "SubprofileList"},
	"PUT collection/{c}/subprofiles":      {summary: "Update the subprofiles the fields selector matches", query: selector, body: "SubprofileInput", answer: answerBulk},
	"GET collection/{c}/subprofileids":    {summary: "IDs of the collection's subprofiles", query: idPaging, out: "IDList"},
	"PUT collection/{c}/unsubscribes":     {summary: "Unsubscribe the subprofiles the fields selector matches", query: []string{"fields"}, answer: answerBulk},
	"GET subprofile/{s}":                  {summary: "One subprofile", out: "Subprofile"},
	"PUT subprofile/{s}":                  {summary: "Change a subprofile's fields", body: "SubprofileInput", answer: answerUpdated},
	"POST subprofile/{s}":                 {summary: "Alias of PUT subprofile/{s}, answered like it", body: "SubprofileInput", answer: answerUpdated},
	"DELETE subprofile/{s}":               {summary: "Remove a subprofile (completely=1: erase it)", query: []string{"completely"}, answer: answerDeleted},
	"GET subprofile/{s}/fields":           {summary: "A subprofile's field values", out: "FieldValues"},
	"PUT subprofile/{s}/fields":           {summary: "Change a subprofile's field values", body: "FieldValues", answer: answerUpdated},
	"POST subprofile/{s}/fields":          {summary: "Alias of PUT subprofile/{s}/fields", body: "FieldValues", answer: answerUpdated},
	"GET subprofile/{s}/events":           {summary: "The subprofile's journal entries", out: "EventList"},
	"PUT subprofile/{s}/unsubscribe":      {summary: "Unsubscribe the subprofile", answer: answerUpdated},

	// Views (selections).
	"GET database/{db}/views":  {summary: "List a database's top-level views", query: paging, out: "ViewList"},
	"POST database/{db}/views": {summary: "Create a top-level view", body: "ViewInput", answer: answerCreated},
	"GET view/{v}":             {summary: "One view", out: "View"},
	"PUT view/{v}":             {summary: "Change a view's name and description", body: "ViewInput", answer: answerUpdated},
	"DELETE view/{v}":          {summary: "Delete a view with its nested views, rules and conditions", answer: answerDeleted},
	"GET view/{v}/views":       {summary: "List the views nested in a view", query: paging, out: "ViewList"},
	"POST view/{v}/views":      {summary: "Create a nested view", body: "ViewInput", answer: answerCreated},
	"GET view/{v}/rules":       {summary: "List a view's rules with their conditions", query: paging, out: "RuleList"},
	"POST view/{v}/rules":      {summary: "Create a rule", body: "RuleInput", answer: answerCreated},
	"GET view/{v}/rule/{rule}": {summary: "One rule of the view", out: "Rule"},
	"PUT view/{v}/intentions":  {summary: "Set the view's intentions", body: "Intentions", answer: answerUpdated},
	"POST view/{v}/copy":       {summary: "Copy a view beside itself, optionally with its nested views", body: "ViewCopyInput", answer: answerCreated},

	// Rules and conditions.
	"GET rule/{r}":                   {summary: "One rule with its conditions", out: "Rule"},
	"PUT rule/{r}":                   {summary: "Change a rule's name, description and flags", body: "RuleInput", answer: answerUpdated},
	"DELETE rule/{r}":                {summary: "Delete a rule and its conditions", answer: answerDeleted},
	"GET rule/{r}/conditions":        {summary: "The rule's conditions alone (v1)", out: "ConditionList"},
	"POST rule/{r}/conditions":       {summary: "Add a condition (v1: rule/{r}/conditions/{cid} changes condition cid)", body: "ConditionInput", answer: answerCreatedOrUpdated},
	"PUT rule/{r}/conditions":        {summary: "v1: rule/{r}/conditions/{cid} changes condition cid; without it, add a condition", body: "ConditionInput", answer: answerCreatedOrUpdated},
	"PUT condition/{type}/{cond}":    {summary: "Change the properties of a condition the body names", body: "ConditionInput", answer: answerUpdated},
	"DELETE condition/{type}/{cond}": {summary: "Delete a condition", answer: answerDeleted},

	// Miniviews.
	"GET collection/{c}/miniviews":         {summary: "List a collection's miniviews", query: paging, out: "MiniviewList"},
	"POST collection/{c}/miniviews":        {summary: "Create a miniview", body: "ViewInput", answer: answerCreated},
	"GET miniview/{m}":                     {summary: "One miniview", out: "Miniview"},
	"PUT miniview/{m}":                     {summary: "Change a miniview's name and description", body: "ViewInput", answer: answerUpdated},
	"DELETE miniview/{m}":                  {summary: "Delete a miniview with its minirules and miniconditions", answer: answerDeleted},
	"GET miniview/{m}/views":               {summary: "The views with a MiniView condition on this miniview", query: paging, out: "ViewList"},
	"GET miniview/{m}/minirules":           {summary: "List a miniview's minirules with their miniconditions", query: paging, out: "RuleList"},
	"POST miniview/{m}/minirules":          {summary: "Create a minirule", body: "RuleInput", answer: answerCreated},
	"GET miniview/{m}/rules":               {summary: "Alias of miniview/{m}/minirules", query: paging, out: "RuleList"},
	"POST miniview/{m}/rules":              {summary: "Alias of POST miniview/{m}/minirules", body: "RuleInput", answer: answerCreated},
	"GET miniview/{m}/minirule/{minirule}": {summary: "One minirule of the miniview", out: "Rule"},
	"GET miniview/{m}/rule/{minirule}":     {summary: "Alias of miniview/{m}/minirule/{minirule}", out: "Rule"},
	"PUT miniview/{m}/intentions":          {summary: "Set the miniview's intentions", body: "Intentions", answer: answerUpdated},

	// Members and rebuilds of views and miniviews.
	"GET view/{v}/profiles":          {summary: "The view's member profiles, filtered and ordered (built first when stale)", query: entityList, out: "ProfileList"},
	"GET view/{v}/profileids":        {summary: "IDs of the view's member profiles", query: idPaging, out: "IDList"},
	"POST view/{v}/rebuild":          {summary: "Start a rebuild of the view; last-built moves when it is done", answer: answerPostUpdated},
	"PUT view/{v}/rebuild":           {summary: "Alias of POST view/{v}/rebuild, answered like it", answer: answerPostUpdated},
	"GET miniview/{m}/subprofiles":   {summary: "The miniview's member subprofiles, filtered and ordered (built first when stale)", query: entityList, out: "SubprofileList"},
	"GET miniview/{m}/subprofile":    {summary: "Alias of GET miniview/{m}/subprofiles", query: entityList, out: "SubprofileList"},
	"GET miniview/{m}/subprofileids": {summary: "IDs of the miniview's member subprofiles", query: idPaging, out: "IDList"},
	"POST miniview/{m}/rebuild":      {summary: "Start a rebuild of the miniview; last-built moves when it is done", answer: answerPostUpdated},
	"PUT miniview/{m}/rebuild":       {summary: "Alias of POST miniview/{m}/rebuild, answered like it", answer: answerPostUpdated},

	// Minirules and miniconditions.
	"GET minirule/{mr}":                {summary: "One minirule with its miniconditions", out: "Rule"},
	"PUT minirule/{mr}":                {summary: "Change a minirule's name, description and flags", body: "RuleInput", answer: answerUpdated},
	"DELETE minirule/{mr}":             {summary: "Delete a minirule and its miniconditions", answer: answerDeleted},
	"GET minirule/{mr}/conditions":     {summary: "The minirule's miniconditions alone (v1)", out: "ConditionList"},
	"POST minirule/{mr}/conditions":    {summary: "Add a minicondition (v1: a further segment is refused)", body: "ConditionInput", answer: answerCreated},
	"PUT minirule/{mr}/conditions":     {summary: "v1: add a minicondition (a further segment is refused)", body: "ConditionInput", answer: answerCreated},
	"PUT minicondition/{type}/{mc}":    {summary: "Change the properties of a minicondition the body names", body: "ConditionInput", answer: answerUpdated},
	"DELETE minicondition/{type}/{mc}": {summary: "Delete a minicondition", answer: answerDeleted},

	// Data requests.
	"POST email/{address}/datarequest": {summary: "Start a data request for every profile with this address", answer: answerCreated},
	"GET datarequest/{dr}":             {summary: "A data request", out: "DataRequest"},
	"GET datarequest/{dr}/status":      {summary: "Whether a data request's data is ready", out: "DataRequestStatus"},
	"GET datarequest/{dr}/data":        {summary: "The data of a data request", out: "DataRequestData", notFound: "Data not available (yet)"},

	// Webhooks.
	"POST webhooks":       {summary: "Create a webhook", body: "WebhookInput", answer: answerCreated},
	"GET webhooks":        {summary: "List the webhooks (extension: no list call is documented)", query: paging, out: "WebhookList"},
	"GET webhook/{wh}":    {summary: "One webhook, with its delivery counters", out: "Webhook"},
	"PUT webhook/{wh}":    {summary: "Change a webhook; only the keys given change", body: "WebhookInput", answer: answerUpdated},
	"DELETE webhook/{wh}": {summary: "Delete a webhook and discard its queued events", answer: answerDeleted},
	// Imports.
	"POST imports":     {summary: "Store an import job (inline source or location); the rows are applied in the background", body: "ImportInput", answer: answerCreated},
	"GET import/{imp}": {summary: "An import job's status and progress", out: "Import"},
}

// pathParams describe the placeholders of the patterns.
var pathParams = map[string]param{
	"db":      {desc: "Database ID, or its name (case-insensitive); digits are always an ID", pattern: ""},
	"c":       {desc: "Collection ID", pattern: "^[0-9]+$"},
	"coll":    {desc: "Collection ID or name, of the profile's own database"},
	"i":       {desc: "Interest ID", pattern: "^[0-9]+$"},
	"field":   {desc: "Field ID, or its name (case-insensitive)"},
	"p":       {desc: "Profile ID", pattern: "^[0-9]+$"},
	"s":       {desc: "Subprofile ID", pattern: "^[0-9]+$"},
	"file":    {desc: "File ID"},
	"address": {desc: "E-mail address"},
	"dr":      {desc: "Data request ID", pattern: "^[0-9]+$"},
	"imp":     {desc: "Import ID", pattern: "^[0-9]+$"},

	"v":        {desc: "View ID, or a name that no other view of the account has"},
	"m":        {desc: "Miniview ID, or a name that no other miniview of the account has"},
	"r":        {desc: "Rule ID, or a name that no other rule of the account has"},
	"mr":       {desc: "Minirule ID, or a name that no other minirule of the account has"},
	"rule":     {desc: "A rule of the view: its ID or name"},
	"minirule": {desc: "A minirule of the miniview: its ID or name"},
	"type":     {desc: "The condition's type, in any letter case: Field, Interest, Date, DoubleField, Part, ReferView, MiniView, Change, Export, Email, Sms, Fax, Survey, LastContact, ToDo"},
	"cond":     {desc: "Condition ID", pattern: "^[0-9]+$"},
	"mc":       {desc: "Minicondition ID", pattern: "^[0-9]+$"},

	"wh": {desc: "Webhook ID", pattern: "^[0-9]+$"},
}

// param is one parameter's description.
type param struct {
	desc    string
	pattern string // for a string schema
	// schema overrides the string schema (query parameters).
	schema map[string]any
	// deepObject: PHP bracket lists (fields[]=a&fields[]=b or fields[0]=a).
	list bool
}

var (
	boolParam = map[string]any{"type": "string", "description": "true, yes or a number ≥ 1 (conventions §4.1); 1/0 as PHP sends them"}
	intParam  = map[string]any{"type": "integer"}
)

// queryParams are the query parameters handlers read (the token aside,
// which is a security scheme).
var queryParams = map[string]param{
	"start":      {desc: "Zero-based offset into the matching items", schema: intParam},
	"limit":      {desc: "Most items to return: 100 by default, at most 100 in v1 and 1000 in v2-v4 (larger values are lowered)", schema: intParam},
	"total":      {desc: "Count the matching items (default true)", schema: boolParam},
	"fields":     {desc: "Conditions, all of which must hold: name, operator (==, !=, <>, <, >, <=, >=, =~, !~), value; sent as fields[]=age>=18 or fields[0]=age>=18", list: true},
	"orderby":    {desc: "Field name or ID, or id (default), random, modified"},
	"order":      {desc: "desc or descending for descending order; anything else ascends"},
	"dataonly":   {desc: "Only the fields of each item (v2 and later; accepted in v1)", schema: boolParam},
	"create":     {desc: "Create an entity from the body when the selector matches none", schema: boolParam},
	"completely": {desc: "Erase the entity instead of marking it removed", schema: boolParam},
	"return":     {desc: "ids, objects, or the interest names (default)"},
	"profiles":   {desc: "IDs of the profiles to delete (or a body {\"profiles\": [...]})", list: true},
	"begin":      {desc: "First day (YYYY-MM-DD)", pattern: `^\d{4}-\d{2}-\d{2}$`},
	"end":        {desc: "Last day (YYYY-MM-DD)", pattern: `^\d{4}-\d{2}-\d{2}$`},
}

// openDocs describe the paths answered without a token.
var openDocs = map[string]struct {
	methods []string
	summary string
	out     string // schema, or a media type for a non-JSON body
}{
	"/healthz":      {[]string{GET}, "Health check: 200 ok while the server runs", "text/plain"},
	"/authenticate": {[]string{GET, POST}, "Exchange an API token (access_token) for a JWT valid 24 hours", "text/plain"},
	"/":             {[]string{GET, POST}, "The JWT exchange, at the root for clients whose authentication URL points here", "text/plain"},
	openAPIPath:     {[]string{GET}, "This description", "application/json"},
	metricsPath:     {[]string{GET}, "Prometheus metrics (text exposition format)", "text/plain"},
}
