package httpapi

import (
	"github.com/kopernik/kopernik"
)

// idKind resolves the ID segment(s) after a resource word: steps 3 and 4 of
// conventions §1.1 item 4. The router runs it before it looks at the rest of
// the path, so an unknown ID wins over a nonsense sub-path (B4).
type idKind struct {
	// segs is how many segments the ID takes (condition/{type}/{id} takes 2).
	segs int
	// resolve looks the ID up and records what it found on the request. An
	// ID that does not exist is an ENOTFOUND error with Copernica's message.
	resolve func(rq *request, ids []string) error
	// notFound is that message, "" for words whose every ID resolves.
	notFound string
}

// idKinds is the one place that says how each resource word's ID resolves. A
// new family (view, rule, condition, import, webhook, …) adds its word here
// and its rows to routes.go.
var idKinds = map[string]*idKind{
	"database":    {1, resolveDatabase, kopernik.MsgNoDatabase},
	"collection":  {1, resolveCollection, kopernik.MsgNoCollection},
	"interest":    {1, resolveInterest, kopernik.MsgNoInterest},
	"profile":     {1, entityKind(kopernik.OwnerDatabase), kopernik.MsgNoEntity},
	"subprofile":  {1, entityKind(kopernik.OwnerCollection), kopernik.MsgNoSubprofile},
	"email":       {1, resolveEmail, ""},
	"datarequest": {1, resolveDataRequest, ""},

	// Selections (selections_ids.go).
	"view":          {1, resolveView, kopernik.MsgNoView},
	"miniview":      {1, resolveMiniview, kopernik.MsgNoMiniview},
	"rule":          {1, resolveRule(kopernik.KindView), kopernik.MsgNoRule},
	"minirule":      {1, resolveRule(kopernik.KindMiniview), kopernik.MsgNoMinirule},
	"condition":     {2, resolveCondition(kopernik.KindView), kopernik.MsgNoCondition},
	"minicondition": {2, resolveCondition(kopernik.KindMiniview), kopernik.MsgNoMinicondition},

	// Webhooks (webhooks.go).
	"webhook": {1, resolveWebhook, kopernik.MsgNoWebhook},
	// Imports (imports.go).
	"import": {1, resolveImport, kopernik.MsgNoImport},
}

// methodFirst lists the words that answer Invalid method for a method none
// of their routes takes before the ID is looked at: a GET on minicondition
// does not report a missing element the way its other methods do (B2). The
// condition word shares the shape, so it is assumed to behave alike.
var methodFirst = map[string]bool{"condition": true, "minicondition": true}

// paramKind resolves the {param} that ends a route's pattern, once the route
// and method matched; rq.param holds the segment when present is true, and
// at is its index in the path.
type paramKind func(rq *request, present bool, at int) error

// paramKinds lists the params the router resolves; any other param is read
// by its handler from rq.param.
var paramKinds = map[string]paramKind{
	"field":    resolveField,
	"coll":     resolveProfileCollection,
	"rule":     resolveViewRule(kopernik.KindView),
	"minirule": resolveViewRule(kopernik.KindMiniview),
}

func notFound(msg string) error { return &kopernik.Error{Code: kopernik.ENOTFOUND, Message: msg} }

// resolveDatabase: digits are always an ID, anything else a name matched
// case-insensitively (conventions §1.1 item 5).
func resolveDatabase(rq *request, ids []string) error {
	rq.db = lookupDatabase(rq.cat, ids[0])
	if rq.db == nil {
		return notFound(kopernik.MsgNoDatabase)
	}
	return nil
}

// resolveCollection takes numeric IDs only (B5).
func resolveCollection(rq *request, ids []string) error {
	id, _ := parseID(ids[0])
	rq.coll = rq.cat.Collection(id)
	if rq.coll == nil {
		return notFound(kopernik.MsgNoCollection)
	}
	rq.db = rq.cat.Database(rq.coll.DatabaseID)
	return nil
}

func resolveInterest(rq *request, ids []string) error {
	id, _ := parseID(ids[0])
	rq.interest = rq.cat.Interest(id)
	if rq.interest == nil {
		return notFound(kopernik.MsgNoInterest)
	}
	return nil
}

// resolveField resolves {field} of …/field/{field} among the fields of the
// addressed database or collection, by ID or case-insensitive name.
func resolveField(rq *request, present bool, _ int) error {
	if !present {
		return errMsg(kopernik.MsgNoFieldID)
	}
	rq.field = lookupField(rq.ownerFields(), rq.param)
	if rq.field == nil {
		return notFound(kopernik.MsgNoField)
	}
	return nil
}

// resolveProfileCollection resolves {coll} of profile/{id}/subprofiles/{coll}:
// an ID or a name of a collection of the profile's own database (B6, O20). A
// create names its failure differently (B7).
func resolveProfileCollection(rq *request, present bool, at int) error {
	if !present {
		return missingElement(at) // B3
	}
	seg := rq.param
	if allDigits(seg) {
		id, _ := parseID(seg)
		if c := rq.cat.Collection(id); c != nil && c.DatabaseID == rq.db.ID {
			rq.subColl = c
		}
	} else if seg != "" {
		rq.subColl = rq.db.CollectionByName(seg)
	}
	if rq.subColl != nil {
		return nil
	}
	if rq.method == POST {
		return notFound(kopernik.MsgSubprofileNotMade)
	}
	return notFound(kopernik.MsgNoCollection)
}

// parseID reads a positive decimal ID; anything else is not an ID.
func parseID(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, n > 0
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// lookupDatabase resolves a database segment: digits are always an ID, anything
// else a name matched case-insensitively.
func lookupDatabase(cat *kopernik.Catalog, seg string) *kopernik.Database {
	if allDigits(seg) {
		id, ok := parseID(seg)
		if !ok {
			return nil
		}
		return cat.Database(id)
	}
	if seg == "" {
		return nil
	}
	return cat.DatabaseByName(seg)
}

// lookupField resolves a field segment by ID or case-insensitive name.
func lookupField(fields []*kopernik.Field, seg string) *kopernik.Field {
	if allDigits(seg) {
		id, _ := parseID(seg)
		for _, f := range fields {
			if f.ID == id {
				return f
			}
		}
		return nil
	}
	return kopernik.FieldByName(fields, seg)
}
