package e2e

import (
	"encoding/json"
	"net/url"
	"testing"
)

// The three families meet in the writer: an import's rows are changes like
// any other, so the selections keep their members with them and the webhooks
// hear of them with the caller `import`. These tests cross the families on
// the real binary.

// profileIDByEmail finds the profile of "people" with the given e-mail.
func profileIDByEmail(t *testing.T, s *server, email string) string {
	t.Helper()
	r := s.do("GET", "/v3/database/people/profiles?fields[]="+url.QueryEscape("email=="+email), nil)
	id := between(string(r.Body), `"ID":"`, `"`)
	if id == "" {
		t.Fatalf("no profile with e-mail %s: %s", email, r)
	}
	return id
}

// memberIDs reads view/{v}/profileids as a list.
func memberIDs(t *testing.T, s *server, v string) []string {
	t.Helper()
	r := s.do("GET", "/v3/view/"+v+"/profileids", nil)
	if r.Status != 200 {
		t.Fatalf("profileids of view %s: %s", v, r)
	}
	var ids []string
	if err := json.Unmarshal(r.Body, &ids); err != nil {
		t.Fatalf("profileids of view %s: %v in %s", v, err, r.Body)
	}
	return ids
}

// TestSel9_ImportedRowsKeepViewsFresh: a view built before an import holds
// the imported rows that match at the next read without being rebuilt
// (last-built does not move), for added and for updated rows, and equals
// what a forced rebuild computes.
func TestSel9_ImportedRowsKeepViewsFresh(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	importDB(t, s)
	v := mustCreate(t, s, "/v3/database/people/views", map[string]any{"name": "adults in delft"})
	rule := mustCreate(t, s, "/v3/view/"+v+"/rules", map[string]any{"name": "r"})
	mustCreate(t, s, "/v3/rule/"+rule+"/conditions", map[string]any{"type": "Field", "field": "city", "comparison": "equals", "value": "Delft"})
	mustCreate(t, s, "/v3/rule/"+rule+"/conditions", map[string]any{"type": "Field", "field": "age", "comparison": "more", "value": "17"})
	if got := memberIDs(t, s, v); len(got) != 0 {
		t.Fatalf("members of an empty database: %v", got)
	}
	built := lastBuilt(t, s, "view/"+v)

	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",",
		"source": "email,name,age,city\na@x.nl,A,30,Delft\nb@x.nl,B,12,Delft\nc@x.nl,C,40,Leiden\n"}))
	a, b := profileIDByEmail(t, s, "a@x.nl"), profileIDByEmail(t, s, "b@x.nl")
	equal(t, "members after an add import", memberIDs(t, s, v), []string{a})

	finished(t, s, postImport(t, s, map[string]any{"database": "people", "action": "update or add", "keyFields": "email",
		"delimiter": ",", "source": "email,age,city\na@x.nl,30,Leiden\nb@x.nl,20,Delft\n"}))
	equal(t, "members after an update import", memberIDs(t, s, v), []string{b})
	if lb := lastBuilt(t, s, "view/"+v); lb != built {
		t.Fatalf("the view was rebuilt (last-built %s, was %s): members must follow the import's writes", lb, built)
	}

	if r := s.do("POST", "/v3/view/"+v+"/rebuild", nil); r.Status != 204 {
		t.Fatalf("rebuild: %s", r)
	}
	equal(t, "members after a forced rebuild", memberIDs(t, s, v), []string{b})
}

// TestW3_6_ImportFiresEventsWithCallerImport: each imported row fires its
// event to the webhooks whose callers include `import`, and to none that
// listen to REST writes only; a REST write goes the other way.
func TestW3_6_ImportFiresEventsWithCallerImport(t *testing.T) {
	t.Parallel()
	rcv := newHookReceiver(t)
	s := hookServer(t)
	importDB(t, s)
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/import")+`","trigger":"create","callers":"import"}`))
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/rest")+`","trigger":"create","callers":"rest"}`))

	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",",
		"source": "email,name\na@x.nl,A\nb@x.nl,B\n"}))
	created(t, s.do("POST", "/v3/database/people/profiles", `{"fields":{"email":"rest@x.nl"}}`))

	got := rcv.waitFor(t, 3)
	byPath := map[string][]string{}
	for _, d := range got {
		byPath[d.Path] = append(byPath[d.Path], d.Form.Get("profile"))
	}
	if len(got) != 3 || len(byPath["/import"]) != 2 || len(byPath["/rest"]) != 1 {
		t.Fatalf("want 2 deliveries to /import and 1 to /rest, got %v", byPath)
	}
	equal(t, "the REST webhook's profile", byPath["/rest"], []string{profileIDByEmail(t, s, "rest@x.nl")})
	imported := []string{profileIDByEmail(t, s, "a@x.nl"), profileIDByEmail(t, s, "b@x.nl")}
	equal(t, "the import webhook's profiles", byPath["/import"], imported)
}

// TestW3_6_DatabaseCopyFiresCreatesWithCallerCopy: copying a database with
// its profiles and subprofiles fires a create for each copy, with the
// caller `copy`, to the webhooks that listen to it and to no others.
func TestW3_6_DatabaseCopyFiresCreatesWithCallerCopy(t *testing.T) {
	t.Parallel()
	rcv := newHookReceiver(t)
	s := hookServer(t)
	importDB(t, s)
	p := created(t, s.do("POST", "/v3/database/people/profiles", `{"fields":{"email":"a@x.nl"}}`))
	created(t, s.do("POST", "/v3/profile/"+p+"/subprofiles/orders", `{"ordno":"1"}`))
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/copy")+`","trigger":"create","callers":"copy"}`))
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/rest")+`","trigger":"create","callers":"rest"}`))

	created(t, s.do("POST", "/v3/database/people/copy", `{"name":"people2","options":{"collections":true,"profiles":true,"subprofiles":true}}`))
	got := rcv.waitFor(t, 2)
	created(t, s.do("POST", "/v3/database/people/profiles", `{"fields":{"email":"b@x.nl"}}`))
	got = rcv.waitFor(t, 3)
	var paths []string
	for _, d := range got {
		paths = append(paths, d.Path)
	}
	equal(t, "delivery paths", paths, []string{"/copy", "/copy", "/rest"})
}
