package e2e

// One test per profile statement of behaviour.md, section A (routing,
// identifiers and errors) and section B (request parsing). Subprofile-only
// statements (B3, B6, B7, B38, B39, B49, B56) are not here.

import (
	"fmt"
	"net/url"
	"testing"
)

var pMethods = []string{"GET", "POST", "PUT", "DELETE"}

func TestB1_PathSegmentsCaseSensitive(t *testing.T) {
	f := newFixture(t)
	pid := f.mk(`{}`)
	for _, p := range []string{"/v2/PROFILE/" + pid, "/v2/Profile/" + pid, "/v2/profile/" + pid + "/FIELDS",
		"/v2/DATABASE/Test/profiles", "/v2/database/Test/PROFILES", "/v4/PROFILE/" + pid} {
		expectError(t, f.do("GET", p, nil), "Invalid method")
	}
}

func TestB2_MissingElementOne(t *testing.T) {
	f := newFixture(t)
	for _, v := range []string{"/v1/", "/v2/", "/v3/", "/v4/", "/"} {
		for _, word := range []string{"database", "collection", "profile"} {
			for _, suffix := range []string{"", "/", "//"} {
				for _, m := range pMethods {
					r := f.do(m, v+word+suffix, nil)
					expectError(t, r, "Invalid request, element 1 is missing in 'directory' path")
				}
			}
		}
	}
}

func TestB4_IDCheckedFirst(t *testing.T) {
	f := newFixture(t)
	f.mk(`{}`)
	bad := []string{"99984", "-1", "0", "", "bogus"}
	subs := []string{"", "/fields", "/interests", "/datarequest", "/path", "/bogus/path", "/fields/x", "/unsubscribe", "/events"}
	for _, v := range []string{"v2", "v3", "v4"} {
		for _, id := range bad {
			for _, sub := range subs {
				for _, m := range pMethods {
					p := "/" + v + "/profile/" + id + sub
					if id == "" && sub == "" {
						continue // that is B2
					}
					expectError(t, f.do(m, p, `{"fields":{"LastName":"x"}}`), "No entity with supplied ID")
				}
			}
		}
	}
	// PUT profile/0/fields: a sub-path valid for the method.
	expectError(t, f.do("PUT", "/v2/profile/0/fields", `{}`), "No entity with supplied ID")
	// v1: everything but a DELETE of the bare entity path (O1, see TestB12).
	for _, id := range bad {
		for _, sub := range []string{"/fields", "/interests", "/bogus/path"} {
			for _, m := range pMethods {
				expectError(t, f.do(m, "/v1/profile/"+id+sub, `{}`), "No entity with supplied ID")
			}
		}
		for _, m := range []string{"GET", "POST", "PUT"} {
			if id != "" {
				expectError(t, f.do(m, "/v1/profile/"+id, `{}`), "No entity with supplied ID")
			}
		}
	}
	// Database segment.
	for _, id := range []string{"99984", "-1", "0", "", "bogus", "Tes"} {
		for _, sub := range []string{"", "/profiles", "/profileids", "/bogus", "/bogus/path", "/0"} {
			for _, m := range pMethods {
				for _, v := range []string{"v1", "v2", "v4"} {
					if id == "" && sub == "" {
						continue // B2
					}
					expectError(t, f.do(m, "/"+v+"/database/"+id+sub, `{"fields":{}}`), "No database with supplied ID")
				}
			}
		}
	}
	// The profile list was not touched by any of these.
	if ids := listIDs(t, f.do("GET", "/v2/database/Test/profiles", nil)); len(ids) != 1 {
		t.Fatalf("profiles changed: %v", ids)
	}
}

func TestB5_DatabaseByNameCaseInsensitive(t *testing.T) {
	f := newFixture(t)
	f.mk(`{"fields":{"LastName":"a"}}`)
	f.mk(`{"fields":{"LastName":"b"}}`)
	want := f.do("GET", "/v2/database/"+f.DB+"/profiles", nil)
	for _, name := range []string{"tEst", "Test", "TEST", "test"} {
		r := f.do("GET", "/v2/database/"+name+"/profiles", nil)
		expectJSON(t, r, string(want.Body))
	}
	id := created(t, f.do("POST", "/v2/database/tEST/profiles", `{}`))
	if p := f.get(id); p.Database != f.DB {
		t.Fatalf("profile created by name lands in database %s", p.Database)
	}
	expectError(t, f.do("GET", "/v2/database/Tests/profiles", nil), "No database with supplied ID")
	expectError(t, f.do("GET", "/v2/database/Unknown/profileids", nil), "No database with supplied ID")
	// A collection is addressed by numeric ID only.
	coll := created(t, f.do("POST", "/v2/database/Test/collections", `{"name":"Test"}`))
	if r := f.do("GET", "/v2/collection/"+coll, nil); r.Status != 200 {
		t.Fatalf("collection by ID: %s", r)
	}
	expectError(t, f.do("GET", "/v2/collection/Test", nil), "No collection with given ID")
	expectError(t, f.do("GET", "/v2/collection/test/fields", nil), "No collection with given ID")
}

func TestB8_InvalidSubPath(t *testing.T) {
	f := newFixture(t)
	pid := f.mk(`{"fields":{"LastName":"keep"}}`)
	before := f.get(pid)
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		for _, m := range pMethods {
			for _, suffix := range []string{"/0", "//0"} {
				expectError(t, f.do(m, "/"+v+"/profile/"+pid+suffix, `{"fields":{"LastName":"x"}}`), "Invalid method")
				expectError(t, f.do(m, "/"+v+"/database/Test"+suffix, `{}`), "Invalid method")
			}
		}
		p := "/" + v + "/profile/" + pid
		expectError(t, f.do("GET", p+"/datarequest", nil), "Invalid method")
		expectError(t, f.do("GET", p+"/subprofile", nil), "Invalid method")
		for _, sub := range []string{"files", "ms", "publisher"} {
			expectError(t, f.do("POST", p+"/"+sub, `{}`), "Invalid method")
			expectError(t, f.do("PUT", p+"/"+sub, `{}`), "Invalid method")
		}
		for _, sub := range []string{"datarequest", "fields", "files", "interests", "ms", "publisher", "subprofiles"} {
			expectError(t, f.do("DELETE", p+"/"+sub, nil), "Invalid method")
		}
		for _, sub := range []string{"profileids", "profile", "subprofiles"} {
			expectError(t, f.do("POST", "/"+v+"/database/Test/"+sub, `{}`), "Invalid method")
			expectError(t, f.do("PUT", "/"+v+"/database/Test/"+sub+"?fields[]=ID>0", `{}`), "Invalid method")
		}
		expectError(t, f.do("DELETE", "/"+v+"/database/Test/profileids", nil), "Invalid method")
		expectError(t, f.do("DELETE", "/"+v+"/database/Test/profile", nil), "Invalid method")
		// Unknown words and sub-paths.
		expectError(t, f.do("GET", "/"+v+"/profile/"+pid+"/bogus", nil), "Invalid method")
		expectError(t, f.do("GET", "/"+v+"/profile/"+pid+"/interests/x", nil), "Invalid method")
		expectError(t, f.do("GET", "/"+v+"/profiles", nil), "Invalid method")
	}
	// DELETE database/{db}/profiles does not exist in v1 (O5).
	expectError(t, f.do("DELETE", "/v1/database/Test/profiles", `{"profiles":[`+pid+`]}`), "Invalid method")
	// The events route exists in v1 only (§3.15), the unsubscribe and files routes from v2 on.
	for _, v := range []string{"v2", "v3", "v4"} {
		expectError(t, f.do("GET", "/"+v+"/profile/"+pid+"/events", nil), "Invalid method")
	}
	expectError(t, f.do("PUT", "/v1/profile/"+pid+"/unsubscribe", `{}`), "Invalid method")
	expectError(t, f.do("GET", "/v1/profile/"+pid+"/files", nil), "Invalid method")
	after := f.get(pid)
	if after.Removed != false || after.Fields["LastName"] != "keep" || after.Modified != before.Modified {
		t.Fatalf("an invalid request changed the profile: %+v", after)
	}
}

func TestB9_TailIgnored(t *testing.T) {
	f := newFixture(t)
	p1 := f.mk(`{"fields":{"LastName":"one"}}`)
	p2 := f.mk(`{"fields":{"LastName":"two"}}`)
	full := f.do("GET", "/v2/database/Test/profiles", nil)
	// GET database/{db}/profiles/{pid} is the whole list.
	expectJSON(t, f.do("GET", "/v2/database/Test/profiles/"+p1, nil), string(full.Body))
	expectJSON(t, f.do("GET", "/v2/database/Test/profiles/bogus/path", nil), string(full.Body))
	// POST with a tail creates normally.
	p3 := created(t, f.do("POST", "/v2/database/Test/profiles//bogus/", `{"fields":{"LastName":"three"}}`))
	if p := f.get(p3); p.Fields["LastName"] != "three" {
		t.Fatalf("POST with tail: %+v", p)
	}
	// PUT database/{db}/profiles/bogus reaches the handler.
	r := f.do("PUT", "/v2/database/Test/profiles/bogus?"+pq("fields[]", "LastName==two"), `{"fields":{"ANumber":7}}`)
	expectEmpty(t, r, 200)
	if p := f.get(p2); p.Fields["ANumber"] != "7" {
		t.Fatalf("PUT with tail did not update: %+v", p)
	}
	expectError(t, f.do("PUT", "/v2/database/Test/profiles/bogus", `{"fields":{}}`), "URL parameter fields is required")
	// GET/PUT profile/{pid}/fields/... ignore the tail.
	expectJSON(t, f.do("GET", "/v2/profile/"+p1+"/fields/bogus/path", nil), f.fieldsJSON(p1))
	f.expect303(f.do("PUT", "/v2/profile/"+p1+"/fields/extra", `{"LastName":"uno"}`), "profile/"+p1, "")
	f.expectFields(p1, `{"Email":"","LastName":"uno","Birthdate":"","ANumber":"-1"}`)
	r = f.do("PUT", "/v4/profile/"+p1+"/fields/extra/more", `{"LastName":"eins"}`)
	expectEmpty(t, r, 204)
	f.expectFields(p1, `{"Email":"","LastName":"eins","Birthdate":"","ANumber":"-1"}`)
	// But not GET/PUT profile/{pid} itself.
	expectError(t, f.do("GET", "/v2/profile/"+p1+"/bogus", nil), "Invalid method")
	expectError(t, f.do("PUT", "/v2/profile/"+p1+"/bogus", `{}`), "Invalid method")
}

func TestB10_DeleteWithTail(t *testing.T) {
	f := newFixture(t)
	live := f.mk(`{"fields":{"LastName":"live"}}`)
	gone := f.mk(`{}`)
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+gone, nil), "profile "+gone)
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		expectError(t, f.do("DELETE", "/"+v+"/profile/"+gone+"/bogus", nil), "This profile has already been removed")
		expectError(t, f.do("DELETE", "/"+v+"/profile/"+gone+"/fields", nil), "This profile has already been removed")
		expectError(t, f.do("DELETE", "/"+v+"/profile/"+live+"/bogus", nil), "Invalid method")
	}
	if p := f.get(live); p.Removed != false || p.Fields["LastName"] != "live" {
		t.Fatalf("live profile was touched: %+v", p)
	}
}

// expectEmpty200Deleted asserts the v1/v2 answer of a DELETE (B51).
func expectEmpty200Deleted(t testing.TB, r resp, xdeleted string) {
	t.Helper()
	if r.Status != 200 || len(r.Body) != 0 || r.Header.Get("X-Deleted") != xdeleted {
		t.Fatalf("want 200 X-Deleted %q, got %s %v", xdeleted, r, r.Header)
	}
}

func TestB11_ErrorFormatAndToken(t *testing.T) {
	f := newFixture(t)
	pid := f.mk(`{}`)
	// Every error: 400, application/json, {"error":{"message":…}}.
	expectError(t, f.do("GET", "/v2/profile/99984", nil), "No entity with supplied ID")
	expectError(t, f.do("PUT", "/v2/database/Test/profiles", `{}`), "URL parameter fields is required")
	expectError(t, f.do("POST", "/v2/database/Test/profiles", `{"fields":true}`), "Invalid data provided")
	// An invalid token is reported before any path or ID check.
	for _, p := range []string{"/v2/PROFILE/99984", "/v2/profile/99984/bogus", "/v2/profile/" + pid, "/v1/profile",
		"/v3/database/Unknown/profiles", "/v2/bogus"} {
		for _, m := range pMethods {
			expectError(t, f.do(m, p+"?access_token=wrong", `{}`), "Invalid access token")
		}
	}
	expectError(t, f.raw("GET", "/v2/profile/"+pid, ""), "Invalid access token")
	expectError(t, f.raw("GET", "/v4/profile/"+pid, "", "Authorization", "Bearer wrong"), "Invalid access token")
	// v4 with a Bearer token works.
	r := f.raw("GET", "/v4/profile/"+pid, "", "Authorization", "Bearer "+f.Token)
	if r.Status != 200 {
		t.Fatalf("v4 bearer: %s", r)
	}
}

func TestB12_DeleteRemovedProfile(t *testing.T) {
	f := newFixture(t)
	for _, v := range []string{"v2", "v3", "v4"} {
		pid := f.mk(`{}`)
		r := f.do("DELETE", "/"+v+"/profile/"+pid, nil)
		if r.Status == 400 {
			t.Fatalf("first delete failed: %s", r)
		}
		for i := 0; i < 2; i++ {
			expectError(t, f.do("DELETE", "/"+v+"/profile/"+pid, nil), "This profile has already been removed")
		}
		expectError(t, f.do("DELETE", "/"+v+"/profile/99984", nil), "No entity with supplied ID")
	}
	// v1 (O1): a removed or unknown target answers 204 without X-Deleted.
	pid := f.mk(`{}`)
	expectEmpty200Deleted(t, f.do("DELETE", "/v1/profile/"+pid, nil), "profile "+pid)
	for _, p := range []string{"/v1/profile/" + pid, "/v1/profile/" + pid + "/", "/v1/profile/99984", "/v1/profile/0", "/v1/profile/bogus"} {
		r := f.do("DELETE", p, nil)
		expectEmpty(t, r, 204)
		if r.Header.Get("X-Deleted") != "" {
			t.Fatalf("%s: v1 204 carries X-Deleted %q", p, r.Header.Get("X-Deleted"))
		}
	}
	// Unversioned paths behave as v2 (O25).
	expectError(t, f.do("DELETE", "/profile/"+pid, nil), "This profile has already been removed")
}

// ---------------------------------------------------------------------------
// B. Request parsing

func TestB13_QueryNamesCaseSensitive(t *testing.T) {
	f := newFixture(t)
	f.mkFields(`{"LastName":"Muit"}`)
	f.mkFields(`{"LastName":"Other"}`)
	f.mkFields(`{"LastName":"Third"}`)
	want := f.do("GET", "/v2/database/Test/profiles", nil)
	for _, qs := range []string{
		pq("FIELds[]", "LastName==Muit"), pq("LIMIT", "1"), pq("starT", "1"), pq("TOTAL", "false"),
		pq("Fields[0]", "LastName==Muit", "Limit", "1", "Start", "2", "Total", "0", "ORDERBY", "LastName", "ORDER", "desc", "DATAONLY", "1"),
	} {
		expectJSON(t, f.do("GET", "/v2/database/Test/profiles?"+qs, nil), string(want.Body))
	}
	// PUT database/{db}/profiles: FIELDS[] is not the selector.
	expectError(t, f.do("PUT", "/v2/database/Test/profiles?"+pq("FIELDS[]", "LastName==Muit"), `{"fields":{}}`), "URL parameter fields is required")
	// CREATE=1 is not create.
	expectEmpty(t, f.do("PUT", "/v2/database/Test/profiles?"+pq("fields[]", "LastName==nobody", "CREATE", "1"), `{"fields":{}}`), 200)
	if n := len(listIDs(t, f.do("GET", "/v2/database/Test/profiles", nil))); n != 3 {
		t.Fatalf("CREATE=1 created a profile (%d profiles)", n)
	}
}

func TestB14_UnknownParametersAndKeysIgnored(t *testing.T) {
	f := newFixture(t)
	id := created(t, f.do("POST", "/v2/database/Test/profiles?bogus=345", `{"tonky":"x","fields":{"LastName":"L"},"ID":"999","removed":"2020-01-01 00:00:00"}`))
	expectLike(t, f.do("GET", "/v2/profile/"+id+"?bogus=345", nil),
		`{"ID":"`+id+`","fields":{"Email":"","LastName":"L","Birthdate":"","ANumber":"-1"},"interests":[],"database":"`+f.DB+`","secret":"<SECRET>","created":"<TS>","modified":"<TS>","removed":false}`)
	want := f.do("GET", "/v2/database/Test/profiles", nil)
	expectJSON(t, f.do("GET", "/v2/database/Test/profiles?bogus=345&tonky[]=1", nil), string(want.Body))
	f.expect303(f.do("PUT", "/v2/profile/"+id+"?bogus=345", `{"tonky":1,"fields":{"LastName":"M"}}`), "profile/"+id, "bogus=345")
	f.expectFields(id, `{"Email":"","LastName":"M","Birthdate":"","ANumber":"-1"}`)
}

func TestB15_BodyKeysCaseSensitive(t *testing.T) {
	f := newFixture(t)
	id := f.mk(`{"FIELDS":{"LastName":"x"},"Fields":{"ANumber":3},"INTERESTS":["a"]}`)
	f.expectFields(id, defaultsFields)
	f.put(id, `{"FIELDS":{"LastName":"x"},"SECRET":"abc"}`)
	p := f.get(id)
	if p.Fields["LastName"] != "" || !secretRe.MatchString(p.Secret) {
		t.Fatalf("upper-case keys were applied: %+v", p)
	}
}

func TestB16_FieldNamesCaseInsensitive(t *testing.T) {
	f := newFixture(t)
	id := f.mkFields(`{"laSTNAme":"Doe","EMAIL":"a@b.c","anumber":"6","BIRTHDATE":"2001-02-03"}`)
	f.expectFields(id, `{"Email":"a@b.c","LastName":"Doe","Birthdate":"2001-02-03","ANumber":"6"}`)
	f.put(id, `{"fields":{"lastname":"Roe"}}`)
	f.putFields(id, `{"aNuMbEr":9}`)
	f.expectFields(id, `{"Email":"a@b.c","LastName":"Roe","Birthdate":"2001-02-03","ANumber":"9"}`)
}

func TestB17_LaterDuplicateWins(t *testing.T) {
	f := newFixture(t)
	id := f.mkFields(`{"Email":"rm@wyz.biz","email":"","laSTNAme":"Muiii","LaSTNAme":"Muit"}`)
	f.expectFields(id, `{"Email":"","LastName":"Muit","Birthdate":"","ANumber":"-1"}`)
	f.put(id, `{"fields":{"ANumber":5,"anumber":null,"LastName":"A","LASTNAME":"B","lastname":"C"}}`)
	f.expectFields(id, `{"Email":"","LastName":"C","Birthdate":"","ANumber":"0"}`)
	f.putFields(id, `{"email":"x@y.z","EMAIL":"","Email":"last@y.z"}`)
	f.expectFields(id, `{"Email":"last@y.z","LastName":"C","Birthdate":"","ANumber":"0"}`)
	// Form-encoded bodies keep the order too.
	form := "fields%5BLastName%5D=first&fields%5Blastname%5D=second"
	id2 := created(t, f.raw("POST", "/v2/database/Test/profiles?access_token="+url.QueryEscape(f.Token), form, "Content-Type", "application/x-www-form-urlencoded"))
	f.expectFields(id2, `{"Email":"","LastName":"second","Birthdate":"","ANumber":"-1"}`)
}

func TestB18_UnknownFieldsIgnored(t *testing.T) {
	f := newFixture(t)
	id := f.mkFields(`{"wonky":"yes","LastName":"Known","notafield":1}`)
	f.expectFields(id, `{"Email":"","LastName":"Known","Birthdate":"","ANumber":"-1"}`)
	f.put(id, `{"fields":{"notafield":100,"ANumber":4}}`)
	f.putFields(id, `{"wonky":"no","Email":"e@x.y"}`)
	f.expectFields(id, `{"Email":"e@x.y","LastName":"Known","Birthdate":"","ANumber":"4"}`)
}

func TestB19_FieldsNotAnObject(t *testing.T) {
	f := newFixture(t)
	pid := f.mk(`{"fields":{"LastName":"x"}}`)
	for _, v := range []string{"v2", "v3", "v4"} {
		for _, bad := range []string{`true`, `0`, `"blah"`, `1.5`, `false`} {
			body := `{"fields":` + bad + `}`
			expectError(t, f.do("POST", "/"+v+"/database/Test/profiles", body), "Invalid data provided")
			expectError(t, f.do("POST", "/"+v+"/database/Test/profiles/bogus/", body), "Invalid data provided")
			expectError(t, f.do("PUT", "/"+v+"/database/Test/profiles?"+pq("fields[]", "ID>0"), body), "Invalid data provided")
			expectError(t, f.do("PUT", "/"+v+"/database/Test/profiles/extra?"+pq("fields[]", "ID>0", "create", "1"), body), "Invalid data provided")
		}
		// null counts as absent; [] is an empty map.
		created(t, f.do("POST", "/"+v+"/database/Test/profiles", `{"fields":null}`))
		created(t, f.do("POST", "/"+v+"/database/Test/profiles", `{"fields":[]}`))
	}
	// v1 structured body with a bad fields value (and a non-object body, O23).
	expectError(t, f.do("POST", "/v1/database/Test/profiles", `"blah"`), "Invalid data provided")
	expectError(t, f.do("POST", "/v1/database/Test/profiles", `[1,2]`), "Invalid data provided")
	if p := f.get(pid); p.Fields["LastName"] != "x" {
		t.Fatalf("a refused PUT changed a profile: %+v", p)
	}
	if n := len(listIDs(t, f.do("GET", "/v2/database/Test/profiles", nil))); n != 7 {
		t.Fatalf("want 7 profiles, got %d", n)
	}
}

func TestB20_NonObjectFieldsIgnoredOnPut(t *testing.T) {
	f := newFixture(t)
	id := f.mkFields(`{"LastName":"keep"}`)
	before := f.get(id)
	nextSecond()
	for _, bad := range []string{`"bogus"`, `true`, `0`, `null`, `[]`} {
		f.put(id, `{"fields":`+bad+`}`)
		f.expect303(f.do("PUT", "/v1/profile/"+id, `{"fields":`+bad+`}`), "profile/"+id, "")
		expectEmpty(t, f.do("PUT", "/v3/profile/"+id, `{"fields":`+bad+`}`), 204)
	}
	after := f.get(id)
	if profileJSON(after, "") != profileJSON(before, "") || after.Fields["LastName"] != "keep" {
		t.Fatalf("non-object fields changed the profile:\n%+v\n%+v", before, after)
	}
}

func TestB21_FilterParameterForms(t *testing.T) {
	f := newFixture(t)
	a := f.mkFields(`{"LastName":"Muit"}`)
	f.mkFields(`{"LastName":"Other"}`)
	for _, raw := range []string{
		"fields[]=" + url.QueryEscape("LastName==Muit"),
		"fields[0]=" + url.QueryEscape("LastName==Muit"),
		"fields[7]=" + url.QueryEscape("LastName==Muit"),
		"fields[x]=" + url.QueryEscape("LastName==Muit"),
		"fields%5B%5D=" + url.QueryEscape("LastName==Muit"),
		"fields%5B0%5D=" + url.QueryEscape("LastName==Muit"),
		"fields%5b0%5d=" + url.QueryEscape("LastName==Muit"),
	} {
		r := f.do("GET", "/v2/database/Test/profiles?"+raw, nil)
		expectIDs(t, r, a)
	}
	// A plain fields= is not an array: no filtering.
	all := f.do("GET", "/v2/database/Test/profiles", nil)
	expectJSON(t, f.do("GET", "/v2/database/Test/profiles?fields="+url.QueryEscape("LastName==Muit"), nil), string(all.Body))
	// and is not a selector for PUT.
	expectError(t, f.do("PUT", "/v2/database/Test/profiles?fields="+url.QueryEscape("LastName==Muit"), `{"fields":{}}`), "URL parameter fields is required")
}

func TestB22_BooleanCoercion(t *testing.T) {
	f := newFixture(t)
	id := f.mk(`{}`)
	item := `{"ID":"` + id + `","fields":` + defaultsFields + `,"interests":[],"database":"` + f.DB + `","secret":"<SECRET>","created":"<TS>","modified":"<TS>","removed":false}`
	with := `{"start":0,"limit":100,"count":1,"data":[` + item + `],"total":1}`
	without := `{"start":0,"limit":100,"count":1,"data":[` + item + `]}`
	trueVals := []string{"total=TRue", "total=trUE", "total=true", "total=yes", "total=YES", "total=1", "total=2", "total=-1", "total=1.5",
		"total[]=x", "total[0]=0", "total%5B%5D=", "total=10"}
	falseVals := []string{"total=thisisfalse", "total=%20true", "total=true%20", "total=", "total=0", "total=0.5", "total=-0.5",
		"total=false", "total=no", "total=on", "total=y"}
	for _, qs := range trueVals {
		expectLike(t, f.do("GET", "/v2/database/Test/profiles?"+qs, nil), with)
	}
	for _, qs := range falseVals {
		expectLike(t, f.do("GET", "/v2/database/Test/profiles?"+qs, nil), without)
	}
	expectLike(t, f.do("GET", "/v2/database/Test/profiles", nil), with)
	// dataonly and create follow the same rules.
	dataOnly := `{"start":0,"limit":100,"count":1,"data":[{"ID":"` + id + `","fields":` + defaultsFields + `,"interests":[],"modified":"<TS>"}],"total":1}`
	for _, qs := range []string{"dataonly=TRUE", "dataonly=yes", "dataonly=1", "dataonly[]=x"} {
		expectLike(t, f.do("GET", "/v2/database/Test/profiles?"+qs, nil), dataOnly)
	}
	for _, qs := range []string{"dataonly=thisisfalse", "dataonly=0", "dataonly=", "dataonly=%20yes"} {
		expectLike(t, f.do("GET", "/v2/database/Test/profiles?"+qs, nil), with)
	}
	for _, c := range []string{"create=thisisfalse", "create=0", "create=0.5", "create="} {
		expectEmpty(t, f.do("PUT", "/v2/database/Test/profiles?fields[]=LastName%3D%3Dnobody&"+c, `{"fields":{}}`), 200)
	}
	n := 1
	for _, c := range []string{"create=TRue", "create=yes", "create=-1", "create[]=x"} {
		r := f.do("PUT", "/v2/database/Test/profiles?fields[]=LastName%3D%3Dnobody&"+c, `{"fields":{}}`)
		if r.Status != 303 || !digitsRe.MatchString(r.Header.Get("X-Created")) {
			t.Fatalf("%s: want a creation, got %s %v", c, r, r.Header)
		}
		n++
	}
	if got := len(listIDs(t, f.do("GET", "/v2/database/Test/profiles", nil))); got != n {
		t.Fatalf("want %d profiles, got %d", n, got)
	}
}

func TestB23_IntegerCoercion(t *testing.T) {
	f := newFixture(t)
	var ids []string
	for i := 0; i < 4; i++ {
		ids = append(ids, f.mk(`{}`))
	}
	env := func(start, limit int, data ...string) string {
		return fmt.Sprintf(`{"start":%d,"limit":%d,"count":%d,"data":[%s],"total":4}`, start, limit, len(data), pjoin(data))
	}
	item := func(id string) string {
		return `{"ID":"` + id + `","fields":` + defaultsFields + `,"interests":[],"modified":"<TS>"}`
	}
	get := func(qs string) resp { return f.do("GET", "/v2/database/Test/profiles?dataonly=1&"+qs, nil) }
	expectLike(t, get(""), env(0, 100, item(ids[0]), item(ids[1]), item(ids[2]), item(ids[3])))
	expectLike(t, get("limit=2x"), env(0, 2, item(ids[0]), item(ids[1])))
	expectLike(t, get("limit=abc"), env(0, 0))
	expectLike(t, get("limit="), env(0, 0))
	expectLike(t, get("limit=%20%202"), env(0, 2, item(ids[0]), item(ids[1])))
	expectLike(t, get("limit=%2B3"), env(0, 3, item(ids[0]), item(ids[1]), item(ids[2])))
	expectLike(t, get("limit=1.9"), env(0, 1, item(ids[0])))
	expectLike(t, get("limit=true"), env(0, 0))
	expectLike(t, get("limit[]=x"), env(0, 1, item(ids[0])))
	expectLike(t, get("limit[]=x&limit[]=y"), env(0, 1, item(ids[0])))
	expectLike(t, get("start=2x"), env(2, 100, item(ids[2]), item(ids[3])))
	expectLike(t, get("start=abc"), env(0, 100, item(ids[0]), item(ids[1]), item(ids[2]), item(ids[3])))
	expectLike(t, get("start[]=x&limit=1"), env(1, 1, item(ids[1])))
	expectLike(t, get("start=3&limit=-0"), env(3, 0))
}

func pjoin(items []string) string {
	out := ""
	for i, s := range items {
		if i > 0 {
			out += ","
		}
		out += s
	}
	return out
}
