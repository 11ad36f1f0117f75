package e2e

// The subprofile routes and open points without a B-number of their own that
// concern subprofiles only: PUT collection/{id}/subprofiles (O21), the v1
// events (O28 as decided in docs/decisions.md), data requests (§3.26, O27), v1
// (O17), the profile's list (O19), collections of other databases (O20) and
// field definition changes. ID lists, unsubscribe, completely, malformed
// bodies and unversioned paths hold for both kinds: entities_routes_test.go.

import (
	"encoding/json"
	"net/url"
	"strconv"
	"testing"
)

func TestO21_PutCollectionSubprofiles(t *testing.T) {
	f := newSubFixture(t)
	p1, p2 := f.mk(`{}`), f.mk(`{}`)
	a := f.sub(p1, `{"Score":1}`)
	b := f.sub(p2, `{"Score":1}`)
	c := f.sub(p2, `{"Score":2}`)
	gone := f.sub(p1, `{"Score":1}`)
	f.delSub(gone)
	goneBefore := f.getSub(gone)
	path := "/collection/" + f.C + "/subprofiles"
	// v3/v4: every live match of the collection, whatever its profile; PUTN 204.
	for _, v := range []string{"/v3", "/v4"} {
		spExpectEmpty(t, f.do("PUT", v+path+"?"+pq("fields[]", "Score==1"), `{"ActionTime":"2020-04-27 14:15:34","bogus":1}`), 204)
	}
	for _, id := range []string{a, b} {
		f.expectSubFields(id, `{"Score":"1","ActionTime":"2020-04-27 14:15:34"}`)
	}
	f.expectSubFields(c, `{"Score":"2","ActionTime":""}`)
	if g := f.getSub(gone); subJSON(g, "") != subJSON(goneBefore, "") {
		t.Fatalf("removed subprofile touched: %+v", g)
	}
	// A lone fields wrapper holding an object is unwrapped.
	spExpectEmpty(t, f.do("PUT", "/v3"+path+"?"+pq("fields[]", "Score==2"), `{"fields":{"score":3}}`), 204)
	f.expectSubFields(c, `{"Score":"3","ActionTime":""}`)
	spExpectEmpty(t, f.do("PUT", "/v4"+path+"?"+pq("fields[]", "Score==3"), url.Values{"fields[Score]": {"4"}}), 204)
	f.expectSubFields(c, `{"Score":"4","ActionTime":""}`)
	// ... but not next to other keys, nor when it is no object.
	cm := f.getSub(c).Modified
	nextSecond()
	for _, body := range []string{`{"fields":{"Score":5},"x":1}`, `{"fields":"Score"}`, `{"fields":5}`, `{"fields":[]}`, `{"fields":null}`} {
		spExpectEmpty(t, f.do("PUT", "/v3"+path+"?"+pq("fields[]", "Score==4"), body), 204)
	}
	if s := f.getSub(c); s.Fields["Score"] != "4" || s.Modified != cm {
		t.Fatalf("wrapper next to other keys applied: %+v", s)
	}
	// A collection with a field named fields: no unwrapping.
	odd := f.addCollection("Odd", `{"name":"fields","type":"text"}`, `{"name":"N","type":"integer"}`)
	o := f.subIn(odd, p1, `{"fields":"x"}`)
	spExpectEmpty(t, f.do("PUT", "/v3/collection/"+odd+"/subprofiles?"+pq("fields[]", "N==0"), `{"fields":{"N":5}}`), 204)
	f.expectSubFields(o, `{"fields":"","N":"0"}`)
	// create is ignored (O21).
	n := len(listIDs(t, f.do("GET", "/v2"+path, nil)))
	spExpectEmpty(t, f.do("PUT", "/v4"+path+"?"+pq("fields[]", "Score==99", "create", "1"), `{"Score":99}`), 204)
	if m := len(listIDs(t, f.do("GET", "/v2"+path, nil))); m != n {
		t.Fatalf("create made a subprofile: %d → %d", n, m)
	}
	// The selector is required as on §3.14.
	for _, qs := range []string{"", "?fields=Score%3D%3D1", "?" + pq("fields[]", "bogus==1"), "?" + pq("fields[]", "Score"), "?" + pq("fields[]", "LastName==x")} {
		for _, v := range []string{"/v3", "/v4"} {
			expectError(t, f.do("PUT", v+path+qs, `{"Score":7}`), "URL parameter fields is required")
		}
	}
	for _, bad := range []string{`"x"`, `[1]`, `{bad`} {
		expectError(t, f.do("PUT", "/v3"+path+"?"+pq("fields[]", "Score==1"), bad), "Invalid data provided")
	}
	// v1/v2 have no such route (B8), whatever the selector.
	for _, v := range []string{"/v1", "/v2", ""} {
		expectError(t, f.do("PUT", v+path+"?"+pq("fields[]", "Score==1"), `{"Score":7}`), "Invalid method")
		expectError(t, f.do("PUT", v+path, `{"Score":7}`), "Invalid method")
	}
	// POST on this route in v3/v4 runs the PUT (conventions §3).
	spExpectEmpty(t, f.do("POST", "/v3"+path+"?"+pq("fields[]", "Score==4"), `{"Score":6}`), 204)
	f.expectSubFields(c, `{"Score":"6","ActionTime":""}`)
	for _, id := range []string{a, b} {
		f.expectSubFields(id, `{"Score":"1","ActionTime":"2020-04-27 14:15:34"}`)
	}
}

func TestV1SubprofileEvents(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)                                                                                                        // journal 1
	sid := f.sub(pid, `{"Score":3}`)                                                                                         // 2
	other := f.sub(pid, `{}`)                                                                                                // 3
	f.putSub(sid, `{"fields":{"Score":4}}`)                                                                                  // 4
	f.putSub(sid, `{"fields":{"Score":4}}`)                                                                                  // no change, no event
	f.putSub(sid, `{"secret":"s"}`)                                                                                          // secret only: no event
	f.putSub(other, `{"fields":{"Score":1}}`)                                                                                // 5
	f.expect303(f.do("PUT", "/v2/subprofile/"+sid+"/fields", `{"ActionTime":"2020-04-27 14:15:34"}`), "subprofile/"+sid, "") // 6
	want := `[` +
		`{"event":"create","timestamp":"<TS>","id":"2","data":{"fields":{"ActionTime":"","Score":"3"}}},` +
		`{"event":"update","timestamp":"<TS>","id":"4","data":{"fields":{"Score":"4"}}},` +
		`{"event":"update","timestamp":"<TS>","id":"6","data":{"fields":{"ActionTime":"2020-04-27 14:15:34"}}}`
	expectLike(t, f.do("GET", "/v1/subprofile/"+sid+"/events", nil), want+`]`)
	// The profile's cascade journals the subprofiles' removal first, in ID
	// order, then the profile's (7, 8 subprofiles, 9 profile; webhooks.md §4.1).
	spExpectDeleted(t, f.do("DELETE", "/v1/profile/"+pid, nil), 200, "profile "+pid)
	r := f.do("GET", "/v1/subprofile/"+sid+"/events/?start=2000-01-01&end=2100-01-01&tags=a;b", nil)
	expectLike(t, r, want+`,{"event":"delete","timestamp":"<TS>","id":"7","data":{}}]`)
	var evs []struct{ Timestamp string }
	json.Unmarshal(r.Body, &evs)
	for _, ev := range evs {
		expectRecent(t, "event timestamp", ev.Timestamp)
	}
	// A subprofile ID is not a profile ID: events are per entity kind.
	expectLike(t, f.do("GET", "/v1/subprofile/"+other+"/events", nil), `[`+
		`{"event":"create","timestamp":"<TS>","id":"3","data":{"fields":{"ActionTime":"","Score":"-1"}}},`+
		`{"event":"update","timestamp":"<TS>","id":"5","data":{"fields":{"Score":"1"}}},`+
		`{"event":"delete","timestamp":"<TS>","id":"8","data":{}}]`)
	expectError(t, f.do("GET", "/v1/subprofile/99984/events", nil), "No subprofile with supplied ID")
	expectError(t, f.do("GET", "/v1/subprofile/"+sid+"/events/x", nil), "Invalid method")
	for _, m := range []string{"POST", "PUT"} {
		expectError(t, f.do(m, "/v1/subprofile/"+other+"/events", `{}`), "Invalid method")
	}
	// DELETE: the removed check comes before the sub-path check (B10).
	expectError(t, f.do("DELETE", "/v1/subprofile/"+other+"/events", nil), "This subprofile has already been removed")
	for _, v := range []string{"/v2", "/v3", "/v4", ""} {
		expectError(t, f.do("GET", v+"/subprofile/"+sid+"/events", nil), "Invalid method")
	}
}

// dataRequest posts a data request for path (with an optional query) and
// returns its ID.
func (f *spx) dataRequest(path, query, body string, prefix string) string {
	f.t.Helper()
	if query != "" {
		query = "?" + query
	}
	return f.expectCreated(f.do("POST", prefix+"/"+path+"/datarequest"+query, body), prefix, "datarequest")
}

func TestSubprofileDataRequest(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{"fields":{"Email":"a@b.c"}}`)
	c2 := f.addCollection("Second", `{"name":"X","type":"text"}`)
	sid := f.sub(pid, `{"Score":6,"ActionTime":"2020-04-27 14:15:34"}`)
	s2 := f.subIn(c2, pid, `{"X":"x"}`)
	gone := f.sub(pid, `{}`)
	f.delSub(gone)
	subDoc := func(id string) string { return subJSON(f.getSub(id), f.subFieldsJSON(id)) }
	// One subprofile: its object only.
	for _, v := range append(spVersions, "") {
		for _, body := range []string{``, `{"report":"x@y.z"}`} {
			id := f.dataRequest("subprofile/"+sid, "", body, v)
			doc := `{"info":{"type":"subprofile","id":"` + sid + `"},"data":[[` + subDoc(sid) + `]]}`
			expectJSON(t, f.do("GET", v+"/datarequest/"+id+"/data", nil), doc)
			expectJSON(t, f.do("GET", v+"/datarequest/"+id, nil), doc)
			expectJSON(t, f.do("GET", v+"/datarequest/"+id+"/status", nil), `{"status":"available","available":`+strconv.Itoa(len(doc))+`,"content-type":"application/json"}`)
		}
	}
	// With report in the query string; a removed subprofile reads empty.
	id := f.dataRequest("subprofile/"+gone, "report="+url.QueryEscape("https://example.org/x"), ``, "/v2")
	expectJSON(t, f.do("GET", "/v2/datarequest/"+id+"/data", nil), `{"info":{"type":"subprofile","id":"`+gone+`"},"data":[[`+subDoc(gone)+`]]}`)
	// A profile's request holds its live subprofiles of every collection.
	id = f.dataRequest("profile/"+pid, "", `[]`, "/v3")
	pr := f.do("GET", "/v2/profile/"+pid, nil)
	expectJSON(t, f.do("GET", "/v3/datarequest/"+id+"/data", nil), `{"info":{"type":"profile","id":"`+pid+`"},"data":[[`+string(pr.Body)+`,`+subDoc(sid)+`,`+subDoc(s2)+`]]}`)
	id = f.dataRequest("email/A@B.C", "", ``, "/v2")
	expectJSON(t, f.do("GET", "/v2/datarequest/"+id+"/data", nil), `{"info":{"type":"email","id":"A@B.C"},"data":[[`+string(pr.Body)+`,`+subDoc(sid)+`,`+subDoc(s2)+`]]}`)
	// Errors and other methods.
	expectError(t, f.do("POST", "/v2/subprofile/99984/datarequest", ``), "No subprofile with supplied ID")
	expectError(t, f.do("POST", "/v2/subprofile/0/datarequest", ``), "No subprofile with supplied ID")
	for _, m := range []string{"GET", "DELETE"} {
		expectError(t, f.do(m, "/v2/subprofile/"+sid+"/datarequest", nil), "Invalid method")
	}
	expectError(t, f.do("POST", "/v2/subprofile/"+sid+"/datarequest/x", ``), "Invalid method")
	// A PUT on this POST-only route runs as the POST (conventions C14).
	id = f.expectCreated(f.do("PUT", "/v2/subprofile/"+sid+"/datarequest", ``), "/v2", "datarequest")
	expectJSON(t, f.do("GET", "/v2/datarequest/"+id+"/data", nil), `{"info":{"type":"subprofile","id":"`+sid+`"},"data":[[`+subDoc(sid)+`]]}`)
	// Unknown requests.
	expectJSON(t, f.do("GET", "/v2/datarequest/99984/status", nil), `{"status":"not available"}`)
	r := f.do("GET", "/v2/datarequest/99984/data", nil)
	if r.Status != 404 || string(r.Body) != `{"error":{"message":"Data not available (yet)"}}` || r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("unknown data: %s", r)
	}
	expectJSON(t, f.do("GET", "/v2/datarequest/99984", nil), `{"data":"Data not available (yet)"}`)
}

func TestO17_V1Subprofiles(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	// v1 creates with the flat field map like v2.
	sid := f.expectCreated(f.do("POST", "/v1/profile/"+pid+"/subprofiles/"+f.C, `{"Score":2}`), "/v1", "subprofile")
	// PUT subprofile/{sid} (structured body) and its /fields form.
	f.expect303(f.do("PUT", "/v1/subprofile/"+sid, `{"fields":{"Score":3},"secret":"v1"}`), "subprofile/"+sid, "")
	if s := f.getSub(sid); s.Fields["Score"] != "3" || s.Secret != "v1" {
		t.Fatalf("v1 PUT: %+v", s)
	}
	f.expect303(f.do("PUT", "/v1/subprofile/"+sid+"/fields", `{"Score":4}`), "subprofile/"+sid, "")
	// PUT profile/{pid}/subprofiles/{coll}: 200 without creation, 303 with.
	spExpectEmpty(t, f.do("PUT", "/v1/profile/"+pid+"/subprofiles/"+f.C+"?"+pq("fields[]", "Score==4"), `{"Score":5}`), 200)
	f.expectSubFields(sid, `{"Score":"5","ActionTime":""}`)
	r := f.do("PUT", "/v1/profile/"+pid+"/subprofiles/"+f.C+"?"+pq("fields[]", "Score==9", "create", "1"), `{"Score":9}`)
	nid := r.Header.Get("X-Created")
	if r.Status != 303 || r.Header.Get("Location") != f.Base+"/subprofile/"+nid {
		t.Fatalf("v1 create: %s %v", r, r.Header)
	}
	// Shapes equal v2 (also for removed subprofiles).
	for _, p := range []string{"/subprofile/" + sid, "/subprofile/" + sid + "/fields", "/collection/" + f.C + "/subprofiles?dataonly=1&orderby=score&order=desc",
		"/profile/" + pid + "/subprofiles/" + f.C, "/collection/" + f.C + "/subprofileids"} {
		expectJSON(t, f.do("GET", "/v1"+p, nil), string(f.do("GET", "/v2"+p, nil).Body))
	}
	// DELETE subprofile/{sid}: 200 with X-Deleted; removed or unknown → 204 (O1).
	spExpectDeleted(t, f.do("DELETE", "/v1/subprofile/"+nid, nil), 200, "subprofile "+nid)
	spExpectEmpty(t, f.do("DELETE", "/v1/subprofile/"+nid, nil), 204)
	expectJSON(t, f.do("GET", "/v1/subprofile/"+nid, nil), string(f.do("GET", "/v2/subprofile/"+nid, nil).Body))
}

func TestO19_ProfileSubprofileList(t *testing.T) {
	f := newSubFixture(t)
	p1, p2, s := f.four()
	c2 := f.addCollection("Second", `{"name":"X","type":"text"}`)
	x := f.subIn(c2, p1, `{"X":"x"}`)
	base := "/v2/profile/" + p1 + "/subprofiles/" + f.C
	// Only this profile's live subprofiles of this collection.
	expectIDs(t, f.do("GET", base, nil), s[0], s[1])
	expectIDs(t, f.do("GET", "/v2/profile/"+p1+"/subprofiles/"+c2, nil), x)
	expectIDs(t, f.do("GET", "/v2/profile/"+p2+"/subprofiles/"+c2, nil))
	// The §1.7 parameters.
	expectIDs(t, f.do("GET", base+"?"+pq("fields[]", "Score>0"), nil), s[1])
	expectIDs(t, f.do("GET", base+"?"+pq("fields[]", "ID=="+s[2]), nil))
	expectIDs(t, f.do("GET", base+"?orderby=score&order=desc", nil), s[1], s[0])
	expectIDs(t, f.do("GET", base+"?start=1&limit=1", nil), s[1])
	expectJSON(t, f.do("GET", base+"?start=1&limit=1&total=false&dataonly=yes", nil), `{"start":1,"limit":1,"count":1,"data":[`+f.subDataOnly(s[1])+`]}`)
	// A removed profile: its remaining live subprofiles (none after the cascade).
	spExpectDeleted(t, f.do("DELETE", "/v2/profile/"+p1, nil), 200, "profile "+p1)
	expectJSON(t, f.do("GET", base, nil), subEnvelope(0, 100, 0))
	late := f.sub(p1, `{}`)
	expectIDs(t, f.do("GET", base, nil), late)
	// Bad collections.
	for _, coll := range []string{"99984", "-1", "0", "Nope", f.addCollectionIn(f.addDatabase("Other"), "Test")} {
		expectError(t, f.do("GET", "/v2/profile/"+p2+"/subprofiles/"+coll, nil), "No collection with given ID")
	}
	expectError(t, f.do("GET", "/v2/profile/"+p2+"/subprofiles//x", nil), "No collection with given ID")
}

func TestO20_CollectionOfOtherDatabase_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	other := f.addDatabase("Other", `{"name":"N","type":"text"}`)
	oc := f.addCollectionIn(other, "Test", `{"name":"Score","type":"integer"}`)
	pid := f.mk(`{}`)
	op := f.mkIn(other, `{}`)
	os := f.subIn(oc, op, `{"Score":1}`)
	for _, v := range append(spVersions, "") {
		expectError(t, f.do("POST", v+"/profile/"+pid+"/subprofiles/"+oc, `{"Score":1}`), "Subprofile could not be created")
		expectError(t, f.do("GET", v+"/profile/"+pid+"/subprofiles/"+oc, nil), "No collection with given ID")
		expectError(t, f.do("PUT", v+"/profile/"+pid+"/subprofiles/"+oc+"?"+pq("fields[]", "Score==1", "create", "1"), `{"Score":2}`), "No collection with given ID")
		// The other way round too.
		expectError(t, f.do("POST", v+"/profile/"+op+"/subprofiles/"+f.C, `{}`), "Subprofile could not be created")
	}
	// By name, each profile finds its own database's collection Test.
	a := f.subIn("test", op, `{"Score":7}`)
	if s := f.getSub(a); s.Collection != oc {
		t.Fatalf("name resolved in the wrong database: %+v", s)
	}
	expectIDs(t, f.do("GET", "/v2/collection/"+oc+"/subprofiles", nil), os, a)
	expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil))
	f.expectSubFields(os, `{"Score":"1"}`)
}

func TestSubprofileFieldDefinitionChanges(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{"Score":3,"ActionTime":"2020-04-27 14:15:34"}`)
	// Rename: output and filters follow the new name.
	spExpectEmpty(t, f.do("PUT", "/v3/collection/"+f.C+"/field/"+f.F["Score"], `{"name":"Points"}`), 204)
	f.expectSubFields(sid, `{"Points":"3","ActionTime":"2020-04-27 14:15:34"}`)
	expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles?"+pq("fields[]", "points==3"), nil), sid)
	f.putSub(sid, `{"fields":{"Score":9,"POINTS":4}}`)
	f.expectSubFields(sid, `{"Points":"4","ActionTime":"2020-04-27 14:15:34"}`)
	// Delete: the field disappears from every shape.
	if r := f.do("DELETE", "/v3/collection/"+f.C+"/field/ActionTime", nil); r.Status != 204 {
		t.Fatalf("delete field: %s", r)
	}
	f.expectSubFields(sid, `{"Points":"4"}`)
	expectJSON(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles?dataonly=1", nil), subEnvelope(0, 100, 1, f.subDataOnly(sid)))
	n := f.sub(pid, `{"ActionTime":"2020-01-01","points":8}`)
	f.expectSubFields(n, `{"Points":"8"}`)
}
