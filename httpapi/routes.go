package httpapi

import "net/http"

// The route table: every API route, one row per path pattern and method.
//
// A pattern is a resource word, the placeholder(s) of the ID that word needs
// (idKinds in idkinds.go says how each word's ID resolves; the placeholder
// name is only for the reader), then literal segments, and at most one
// trailing {param} (paramKinds says how it resolves; a param without an entry
// is read by the handler). The versions column says where the row exists;
// everything else that differs between versions is in versions.go.
//
// How the router reads this table (conventions §1.1 item 4, in this order):
//  1. the token is checked (server.go);
//  2. the first segment must be the word of a row of this version, else
//     Invalid method;
//  3. the ID segment(s) must be present, else "Invalid request, element N is
//     missing in 'directory' path";
//  4. the ID must exist (the word's idKind; a DELETE of a removed profile or
//     subprofile fails here too, before the rest of the path, B10). A DELETE
//     of word/{id} whose ID does not exist answers 204 in v1 (deleteGone)
//     where a DELETE row exists for word/{id};
//  5. the rest of the path picks the row with the longest matching literal
//     segments, then the method picks the row:
//     - POST where the sub-path has no POST row runs its PUT row and answers
//     like a POST on a PUT route (postOnPut: 200 in v1/v2, the PUT's 204 in
//     v3/v4, conventions §3); the profile and subprofile aliases that answer
//     like their PUT (B80, O24) are POST rows of their own;
//     - PUT where the sub-path has no PUT row runs its POST row with the
//     POST's answer (C14);
//     - anything else without a row is Invalid method;
//     Segments beyond the pattern are Invalid method unless the row is marked
//     tail (conventions §1.1 item 6, B9); a trailing {param} may be absent,
//     its resolver says what that means;
//  6. the param resolves (v1 DELETE of a param that does not exist: 204);
//  7. the handler runs.
//
// So "what does PUT collection/{id}/fields do in v2?": there is no PUT row
// for collection/{c}/fields, so it runs the POST row (createField) and
// answers 201 like that POST; extra segments are ignored because that row is
// tail.
var routes = []route{
	// Account (conventions §2.6).
	{GET, "identity", all, getIdentity, exact},
	{GET, "account", all, getIdentity, exact},
	{GET, "consumption", v2up, getConsumption, exact},

	// Databases (structure.md §5).
	{GET, "databases", all, listDatabases, tail},
	{POST, "databases", all, createDatabase, tail},
	{GET, "database/{db}", all, getDatabase, exact},
	{PUT, "database/{db}", all, updateDatabase, exact},
	{POST, "database/{db}/copy", v2up, copyDatabase, exact},
	{GET, "database/{db}/unsubscribe", all, getUnsubscribe, exact},
	{PUT, "database/{db}/unsubscribe", all, setUnsubscribe, exact},
	{PUT, "database/{db}/intentions", v2up, setIntentions, exact},

	// Fields (structure.md §6).
	{GET, "database/{db}/fields", all, listFields, tail},
	{POST, "database/{db}/fields", all, createField, tail},
	{PUT, "database/{db}/field/{field}", all, updateField, exact},
	{DELETE, "database/{db}/field/{field}", all, deleteField, exact},
	{GET, "collection/{c}/fields", all, listFields, tail},
	{POST, "collection/{c}/fields", all, createField, tail},
	{PUT, "collection/{c}/field/{field}", all, updateField, exact},
	{DELETE, "collection/{c}/field/{field}", all, deleteField, exact},

	// Interests (structure.md §7).
	{GET, "database/{db}/interests", all, listInterests, tail},
	{POST, "database/{db}/interests", all, createInterest, tail},
	{PUT, "interest/{i}", v2up, updateInterest, exact},
	{DELETE, "interest/{i}", v2up, deleteInterest, exact},

	// Collections (structure.md §8).
	{GET, "database/{db}/collections", all, listCollections, tail},
	{POST, "database/{db}/collections", all, createCollection, tail},
	{GET, "collection/{c}", all, getCollection, exact},
	{PUT, "collection/{c}", all, updateCollection, exact},
	{GET, "collection/{c}/unsubscribe", all, getUnsubscribe, exact},
	{PUT, "collection/{c}/unsubscribe", all, setUnsubscribe, exact},
	{PUT, "collection/{c}/intentions", v2up, setIntentions, exact},

	// Profiles of a database (profiles.md §3.1-§3.5).
	{GET, "database/{db}/profiles", all, listProfiles, tail},
	{POST, "database/{db}/profiles", all, createProfile, tail},
	{PUT, "database/{db}/profiles", all, updateProfiles, tail},
	{DELETE, "database/{db}/profiles", v2up, deleteProfiles, exact},
	{GET, "database/{db}/profileids", all, profileIDs, exact},
	{PUT, "database/{db}/unsubscribes", v2up, bulkUnsubscribe, exact},

	// One profile (profiles.md §3.6-§3.17).
	{GET, "profile/{p}", all, getProfile, exact},
	{PUT, "profile/{p}", all, updateProfile, exact},
	{POST, "profile/{p}", all, updateProfile, exact},
	{DELETE, "profile/{p}", all, deleteEntity, exact},
	{GET, "profile/{p}/fields", all, getEntityFields, tail},
	{PUT, "profile/{p}/fields", all, updateEntityFields, tail},
	{POST, "profile/{p}/fields", all, updateEntityFields, tail},
	{GET, "profile/{p}/interests", all, getProfileInterests, exact},
	{POST, "profile/{p}/interests", all, addProfileInterests, exact},
	{PUT, "profile/{p}/interests", all, setProfileInterests, exact},
	{GET, "profile/{p}/events", v1, getEvents, exact},
	{PUT, "profile/{p}/unsubscribe", v2up, unsubscribeEntity, exact},
	{GET, "profile/{p}/files", v2up, listFiles, exact},
	{GET, "profile/{p}/file/{file}", v3up, getFile, tail},
	{POST, "profile/{p}/datarequest", all, postEntityDataRequest, exact},

	// Subprofiles (profiles.md §3.12-§3.24).
	{GET, "profile/{p}/subprofiles/{coll}", all, listProfileSubprofiles, tail},
	{POST, "profile/{p}/subprofiles/{coll}", all, createSubprofile, tail},
	{PUT, "profile/{p}/subprofiles/{coll}", all, updateProfileSubprofiles, exact},
	{GET, "collection/{c}/subprofiles", all, listCollectionSubprofiles, tail},
	{PUT, "collection/{c}/subprofiles", v3up, updateCollectionSubprofiles, exact},
	{GET, "collection/{c}/subprofileids", all, subprofileIDs, exact},
	{PUT, "collection/{c}/unsubscribes", v2up, bulkUnsubscribe, exact},
	{GET, "subprofile/{s}", all, getSubprofile, exact},
	{PUT, "subprofile/{s}", all, updateSubprofile, exact},
	{POST, "subprofile/{s}", all, updateSubprofile, exact},
	{DELETE, "subprofile/{s}", all, deleteEntity, exact},
	{GET, "subprofile/{s}/fields", all, getEntityFields, tail},
	{PUT, "subprofile/{s}/fields", all, updateEntityFields, tail},
	{POST, "subprofile/{s}/fields", all, updateEntityFields, tail},
	{GET, "subprofile/{s}/events", v1, getEvents, exact},
	{PUT, "subprofile/{s}/unsubscribe", v2up, unsubscribeEntity, exact},
	{POST, "subprofile/{s}/datarequest", all, postEntityDataRequest, exact},

	// Views (selections.md §8.2). The member reads and rebuild belong to the
	// membership engine.
	{GET, "database/{db}/views", all, listDatabaseViews, tail},
	{POST, "database/{db}/views", all, createView, tail},
	{GET, "view/{v}", all, getView, exact},
	{PUT, "view/{v}", all, updateView, exact},
	{DELETE, "view/{v}", all, deleteView, exact},
	{GET, "view/{v}/views", all, listNestedViews, tail},
	{POST, "view/{v}/views", all, createView, tail},
	{GET, "view/{v}/rules", all, listRules, tail},
	{POST, "view/{v}/rules", all, createRule, tail},
	{GET, "view/{v}/rule/{rule}", all, getRule, exact},
	{PUT, "view/{v}/intentions", all, setSelectionIntentions, exact},
	{POST, "view/{v}/copy", all, copyView, exact},
	// Members and rebuild (selections.md §3.5, §8.2).
	{GET, "view/{v}/profiles", all, viewProfiles, tail},
	{GET, "view/{v}/profileids", all, viewProfileIDs, exact},
	{POST, "view/{v}/rebuild", all, rebuildSelection, exact},
	{PUT, "view/{v}/rebuild", all, rebuildSelection, exact},

	// Rules and conditions (selections.md §8.4, §8.5, v1 aliases §8.8).
	{GET, "rule/{r}", all, getRule, exact},
	{PUT, "rule/{r}", all, updateRule, exact},
	{DELETE, "rule/{r}", all, deleteRule, exact},
	// v1 also updates through rule/{r}/conditions/{cid}: the handler reads
	// the segment after conditions (conditionByRule in versions.go).
	{GET, "rule/{r}/conditions", v1, ruleConditions, tail},
	{POST, "rule/{r}/conditions", all, postRuleConditions, tail},
	{PUT, "rule/{r}/conditions", v1, postRuleConditions, tail},
	{PUT, "condition/{type}/{cond}", all, updateCondition, exact},
	{DELETE, "condition/{type}/{cond}", all, deleteCondition, exact},

	// Miniviews (selections.md §8.3); minirules/rules and minirule/rule are
	// both spelled in the docs.
	{GET, "collection/{c}/miniviews", all, listMiniviews, tail},
	{POST, "collection/{c}/miniviews", all, createMiniview, tail},
	{GET, "miniview/{m}", all, getMiniview, exact},
	{PUT, "miniview/{m}", all, updateMiniview, exact},
	{DELETE, "miniview/{m}", all, deleteMiniview, exact},
	{GET, "miniview/{m}/views", all, miniviewViews, tail},
	{GET, "miniview/{m}/minirules", all, listRules, tail},
	{POST, "miniview/{m}/minirules", all, createRule, tail},
	{GET, "miniview/{m}/rules", all, listRules, tail},
	{POST, "miniview/{m}/rules", all, createRule, tail},
	{GET, "miniview/{m}/minirule/{minirule}", all, getRule, exact},
	{GET, "miniview/{m}/rule/{minirule}", all, getRule, exact},
	{PUT, "miniview/{m}/intentions", all, setSelectionIntentions, exact},
	// Members and rebuild (selections.md §3.5, §8.3); the docs' page prints
	// /subprofile.
	{GET, "miniview/{m}/subprofiles", all, miniviewSubprofiles, tail},
	{GET, "miniview/{m}/subprofile", all, miniviewSubprofiles, tail},
	{GET, "miniview/{m}/subprofileids", all, miniviewSubprofileIDs, exact},
	{POST, "miniview/{m}/rebuild", all, rebuildSelection, exact},
	{PUT, "miniview/{m}/rebuild", all, rebuildSelection, exact},

	// Minirules and miniconditions (selections.md §8.6, v1 aliases §8.8).
	{GET, "minirule/{mr}", all, getRule, exact},
	{PUT, "minirule/{mr}", all, updateRule, exact},
	{DELETE, "minirule/{mr}", all, deleteRule, exact},
	{GET, "minirule/{mr}/conditions", v1, ruleConditions, tail},
	{POST, "minirule/{mr}/conditions", all, postRuleConditions, tail},
	{PUT, "minirule/{mr}/conditions", v1, postRuleConditions, tail},
	{PUT, "minicondition/{type}/{mc}", all, updateCondition, exact},
	{DELETE, "minicondition/{type}/{mc}", all, deleteCondition, exact},

	// Data requests (profiles.md §3.26, O27).
	{POST, "email/{address}/datarequest", all, postEmailDataRequest, exact},
	{GET, "datarequest/{dr}", all, getDataRequest, exact},
	{GET, "datarequest/{dr}/status", all, getDataRequestStatus, exact},
	{GET, "datarequest/{dr}/data", all, getDataRequestData, exact},

	// Webhooks (webhooks.md §3; GET webhooks is an extension, O-1).
	{POST, "webhooks", v2up, createWebhook, exact},
	{GET, "webhooks", v2up, listWebhooks, exact},
	{GET, "webhook/{wh}", v2up, getWebhook, exact},
	{PUT, "webhook/{wh}", v2up, updateWebhook, exact},
	{DELETE, "webhook/{wh}", v2up, deleteWebhook, exact},
	// Imports (profiles.md §3.25, O26).
	{POST, "imports", v3up, postImports, tail},
	{GET, "import/{imp}", v3up, getImport, exact},
}

// openHandler answers a path outside the versioned API.
type openHandler func(*Server, http.ResponseWriter, *http.Request)

// openRoutes answer without a token and outside the versioned API: the
// health check, the JWT exchange (conventions §2.3, also at the root so a
// client whose authentication URL points here works unchanged) and the
// OpenAPI description of this table. /metrics joins them when the server
// serves its metrics on the API port (Config.Metrics).
var openRoutes = map[string]openHandler{
	"/healthz":      (*Server).healthz,
	"/authenticate": (*Server).authenticate,
	"/":             (*Server).authenticate,
	openAPIPath:     (*Server).openAPI,
}
