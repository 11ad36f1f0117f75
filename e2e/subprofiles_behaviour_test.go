package e2e

// One test per behaviour.md statement that concerns subprofiles. Names carry
// `_Subprofile` where the profile tests already use the B-number's name.
// Routes, versions and open points that have no B-number are in
// subprofiles_routes_test.go.

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// ---------------------------------------------------------------------------
// A. Routing, identifiers and errors

func TestB1_PathSegmentsCaseSensitive_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{}`)
	for _, p := range []string{"/v2/SUBPROFILE/" + sid, "/v2/Subprofile/" + sid, "/v2/subprofile/" + sid + "/FIELDS",
		"/v2/COLLECTION/" + f.C + "/subprofiles", "/v2/collection/" + f.C + "/SUBPROFILES", "/v2/collection/" + f.C + "/subProfileIDs",
		"/v2/profile/" + pid + "/SUBPROFILES/" + f.C, "/v4/SUBPROFILE/" + sid} {
		expectError(t, f.do("GET", p, nil), "Invalid method")
	}
}

func TestB2_MissingElementOne_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	for _, v := range append(spVersions, "") {
		for _, suffix := range []string{"", "/", "//"} {
			for _, m := range pMethods {
				expectError(t, f.do(m, v+"/subprofile"+suffix, `{}`), "Invalid request, element 1 is missing in 'directory' path")
			}
		}
	}
}

func TestB3_SubprofilesNeedCollection(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	gone := f.mk(`{}`)
	spExpectDeleted(t, f.do("DELETE", "/v2/profile/"+gone, nil), 200, "profile "+gone)
	for _, v := range append(spVersions, "") {
		for _, id := range []string{pid, gone} {
			for _, suffix := range []string{"", "/", "//"} {
				p := v + "/profile/" + id + "/subprofiles" + suffix
				for _, m := range []string{"GET", "POST", "PUT"} {
					expectError(t, f.do(m, p, `{"Score":1}`), "Invalid request, element 3 is missing in 'directory' path")
					expectError(t, f.do(m, p+"?"+pq("fields[]", "Score==1", "create", "1"), `{"Score":1}`), "Invalid request, element 3 is missing in 'directory' path")
				}
				// DELETE is not a method of this route; for a removed profile
				// the removed check comes first (B10).
				if id == gone {
					expectError(t, f.do("DELETE", p, nil), "This profile has already been removed")
				} else {
					expectError(t, f.do("DELETE", p, nil), "Invalid method")
				}
			}
		}
		expectError(t, f.do("DELETE", v+"/profile/"+pid+"/subprofiles/"+f.C, nil), "Invalid method")
		expectError(t, f.do("DELETE", v+"/profile/"+gone+"/subprofiles/"+f.C, nil), "This profile has already been removed")
	}
	expectJSON(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), subEnvelope(0, 100, 0))
}

func TestB4_IDCheckedFirst_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{"Score":5}`)
	before := f.getSub(sid)
	bad := []string{"99984", "-1", "0", "", "bogus", "1e3", "+" + sid, "0x1"}
	subs := []string{"", "/fields", "/datarequest", "/events", "/unsubscribe", "/path", "/bogus/path", "/fields/x", "/0", "/ms"}
	for _, v := range append(spVersions, "") {
		for _, id := range bad {
			for _, sub := range subs {
				if id == "" && sub == "" {
					continue // B2
				}
				for _, m := range pMethods {
					if v == "/v1" && m == "DELETE" && sub == "" {
						continue // O1: v1 answers 204 (TestB12_DeleteRemovedSubprofile)
					}
					expectError(t, f.do(m, v+"/subprofile/"+id+sub, `{"fields":{"Score":1}}`), "No subprofile with supplied ID")
				}
			}
		}
	}
	// A valid sub-path for the method, and an invalid one.
	expectError(t, f.do("PUT", "/v2/subprofile/0/fields", `{"Score":1}`), "No subprofile with supplied ID")
	expectError(t, f.do("GET", "/v2/subprofile/99984/datarequest", nil), "No subprofile with supplied ID")
	// Collection segment: numeric ID only (B5), checked before the sub-path.
	for _, v := range append(spVersions, "") {
		for _, id := range []string{"99984", "-1", "0", "", "bogus", "Test", "test"} {
			for _, sub := range []string{"/subprofiles", "/subprofileids", "/subprofiles/x", "/bogus"} {
				for _, m := range pMethods {
					expectError(t, f.do(m, v+"/collection/"+id+sub+"?fields[]=Score%3D%3D5", `{"Score":1}`), "No collection with given ID")
				}
			}
		}
	}
	// The profile ID of profile/{pid}/subprofiles/{coll} comes first too.
	for _, id := range []string{"99984", "-1", "0", "", "bogus"} {
		for _, sub := range []string{"/subprofiles", "/subprofiles/" + f.C, "/subprofiles/99984", "/subprofiles//x"} {
			for _, m := range pMethods {
				expectError(t, f.do(m, "/v2/profile/"+id+sub+"?fields[]=Score%3D%3D5", `{"Score":1}`), "No entity with supplied ID")
			}
		}
	}
	if after := f.getSub(sid); subJSON(after, "") != subJSON(before, "") || after.Fields["Score"] != "5" {
		t.Fatalf("a refused request changed the subprofile: %+v", after)
	}
	expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), sid)
}

func TestB5_CollectionByIDOnly_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	sid := f.sub(f.mk(`{}`), `{}`)
	expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), sid)
	for _, name := range []string{"Test", "tEST"} {
		expectError(t, f.do("GET", "/v2/collection/"+name+"/subprofiles", nil), "No collection with given ID")
		expectError(t, f.do("GET", "/v2/collection/"+name+"/subprofileids", nil), "No collection with given ID")
	}
}

func TestB6_CollectionByName(t *testing.T) {
	f := newSubFixture(t)
	// A collection of the same name in another database is not confused with ours.
	other := f.addDatabase("Other")
	otherC := f.addCollectionIn(other, "test", `{"name":"Score","type":"integer"}`)
	pid := f.mk(`{}`)
	var sids []string
	for _, name := range []string{"tESt", "Test", "TEST", "test"} {
		sid := created(t, f.do("POST", "/v2/profile/"+pid+"/subprofiles/"+name, `{"Score":3}`))
		if s := f.getSub(sid); s.Collection != f.C || s.Profile != pid || s.Fields["Score"] != "3" {
			t.Fatalf("POST by name %s: %+v", name, s)
		}
		sids = append(sids, sid)
	}
	byID := f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+f.C, nil)
	expectIDs(t, byID, sids...)
	for _, name := range []string{"tESt", "TEST"} {
		expectJSON(t, f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+name, nil), string(byID.Body))
	}
	// PUT by name.
	spExpectEmpty(t, f.do("PUT", "/v2/profile/"+pid+"/subprofiles/tEsT?"+pq("fields[]", "Score==3"), `{"Score":4}`), 200)
	for _, sid := range sids {
		f.expectSubFields(sid, `{"Score":"4","ActionTime":""}`)
	}
	expectJSON(t, f.do("GET", "/v2/collection/"+otherC+"/subprofiles", nil), subEnvelope(0, 100, 0))
}

func TestB7_SubprofileCouldNotBeCreated(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	// Collections that exist, but in another database (O20), by ID and by name.
	other := f.addDatabase("Other")
	foreign := f.addCollectionIn(other, "Elsewhere", `{"name":"Score","type":"integer"}`)
	for _, v := range append(spVersions, "") {
		for _, x := range []string{"99984", "-1", "0", "bogus/path", "/bogus", "Tes", "Test2", foreign, "Elsewhere", "99999999999999999999", "%20Test"} {
			expectError(t, f.do("POST", v+"/profile/"+pid+"/subprofiles/"+x, `{"Score":1}`), "Subprofile could not be created")
			// GET and PUT report the collection (O19, O20).
			expectError(t, f.do("GET", v+"/profile/"+pid+"/subprofiles/"+x, nil), "No collection with given ID")
			if !strings.Contains(x, "/") {
				expectError(t, f.do("PUT", v+"/profile/"+pid+"/subprofiles/"+x+"?"+pq("fields[]", "Score==1", "create", "1"), `{"Score":1}`), "No collection with given ID")
			}
		}
	}
	expectJSON(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), subEnvelope(0, 100, 0))
	expectJSON(t, f.do("GET", "/v2/collection/"+foreign+"/subprofiles", nil), subEnvelope(0, 100, 0))
}

func TestB8_InvalidSubPath_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{"Score":5}`)
	before := f.getSub(sid)
	for _, v := range append(spVersions, "") {
		for _, m := range pMethods {
			for _, suffix := range []string{"/0", "//0"} {
				expectError(t, f.do(m, v+"/subprofile/"+sid+suffix+"?fields[]=Score%3D%3D5", `{"fields":{"Score":1}}`), "Invalid method")
				expectError(t, f.do(m, v+"/collection/"+f.C+suffix+"?fields[]=Score%3D%3D5", `{"Score":1}`), "Invalid method")
			}
		}
		p := v + "/subprofile/" + sid
		expectError(t, f.do("GET", p+"/datarequest", nil), "Invalid method")
		for _, sub := range []string{"ms", "publisher", "bogus", "subprofiles", "interests"} {
			expectError(t, f.do("POST", p+"/"+sub, `{"Score":1}`), "Invalid method")
			expectError(t, f.do("PUT", p+"/"+sub, `{"Score":1}`), "Invalid method")
			expectError(t, f.do("GET", p+"/"+sub, nil), "Invalid method")
		}
		for _, sub := range []string{"datarequest", "fields", "ms", "publisher", "unsubscribe", "events"} {
			expectError(t, f.do("DELETE", p+"/"+sub, nil), "Invalid method")
		}
		// subprofileids takes GET only; DELETE is nowhere a method of these lists.
		c := v + "/collection/" + f.C
		for _, m := range []string{"POST", "PUT", "DELETE"} {
			expectError(t, f.do(m, c+"/subprofileids?fields[]=Score%3D%3D5", `{"Score":1}`), "Invalid method")
		}
		expectError(t, f.do("DELETE", c+"/subprofiles", nil), "Invalid method")
		expectError(t, f.do("DELETE", c+"/subprofiles?fields[]=Score%3D%3D5", nil), "Invalid method")
	}
	// POST and PUT collection/{id}/subprofiles are unknown in v1/v2 (observed v2; O21).
	for _, v := range []string{"/v1", "/v2", ""} {
		for _, m := range []string{"POST", "PUT"} {
			expectError(t, f.do(m, v+"/collection/"+f.C+"/subprofiles?fields[]=Score%3D%3D5", `{"Score":1}`), "Invalid method")
		}
	}
	// The events route is v1 only, unsubscribe v2+.
	for _, v := range []string{"/v2", "/v3", "/v4", ""} {
		expectError(t, f.do("GET", v+"/subprofile/"+sid+"/events", nil), "Invalid method")
	}
	expectError(t, f.do("PUT", "/v1/subprofile/"+sid+"/unsubscribe", `[]`), "Invalid method")
	after := f.getSub(sid)
	if subJSON(after, "") != subJSON(before, "") || after.Fields["Score"] != "5" {
		t.Fatalf("an invalid request changed the subprofile: %+v", after)
	}
}

func TestB9_TailIgnored_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	s1 := f.sub(pid, `{"Score":1}`)
	full := f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil)
	// GET collection/{id}/subprofiles/... is the whole list.
	expectJSON(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles/"+s1, nil), string(full.Body))
	expectJSON(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles/bogus/path/", nil), string(full.Body))
	// GET profile/{pid}/subprofiles/{coll}/... likewise (§3.12).
	own := f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+f.C, nil)
	expectJSON(t, f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+f.C+"/bogus/path", nil), string(own.Body))
	// POST profile/{pid}/subprofiles/{coll}/... creates normally.
	s2 := created(t, f.do("POST", "/v2/profile/"+pid+"/subprofiles/"+f.C+"//bogus/", `{"Score":2}`))
	s3 := created(t, f.do("POST", "/v4/profile/"+pid+"/subprofiles/test/x/y", `{"Score":3}`))
	for sid, want := range map[string]string{s2: "2", s3: "3"} {
		if s := f.getSub(sid); s.Fields["Score"] != want || s.Profile != pid || s.Collection != f.C {
			t.Fatalf("POST with tail: %+v", s)
		}
	}
	// GET and PUT subprofile/{sid}/fields/... ignore the tail.
	expectJSON(t, f.do("GET", "/v2/subprofile/"+s1+"/fields/bogus/path", nil), f.subFieldsJSON(s1))
	f.expect303(f.do("PUT", "/v2/subprofile/"+s1+"/fields/extra", `{"Score":11}`), "subprofile/"+s1, "")
	f.expectSubFields(s1, `{"Score":"11","ActionTime":""}`)
	spExpectEmpty(t, f.do("PUT", "/v4/subprofile/"+s1+"/fields/extra/more", `{"Score":12}`), 204)
	f.expectSubFields(s1, `{"Score":"12","ActionTime":""}`)
	// Everywhere else an extra segment makes the route unknown.
	expectError(t, f.do("GET", "/v2/subprofile/"+s1+"/bogus", nil), "Invalid method")
	expectError(t, f.do("PUT", "/v2/subprofile/"+s1+"/bogus", `{"fields":{"Score":13}}`), "Invalid method")
	expectError(t, f.do("GET", "/v2/collection/"+f.C+"/subprofileids/x", nil), "Invalid method")
	expectError(t, f.do("PUT", "/v2/profile/"+pid+"/subprofiles/"+f.C+"/x?"+pq("fields[]", "Score==12"), `{"Score":13}`), "Invalid method")
	expectError(t, f.do("PUT", "/v3/collection/"+f.C+"/subprofiles/x?"+pq("fields[]", "Score==12"), `{"Score":13}`), "Invalid method")
	f.expectSubFields(s1, `{"Score":"12","ActionTime":""}`)
}

func TestB10_DeleteWithTail_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	live := f.sub(pid, `{"Score":1}`)
	gone := f.sub(pid, `{}`)
	f.delSub(gone)
	for _, v := range append(spVersions, "") {
		expectError(t, f.do("DELETE", v+"/subprofile/"+gone+"/bogus", nil), "This subprofile has already been removed")
		expectError(t, f.do("DELETE", v+"/subprofile/"+gone+"/fields", nil), "This subprofile has already been removed")
		expectError(t, f.do("DELETE", v+"/subprofile/"+live+"/bogus", nil), "Invalid method")
		expectError(t, f.do("DELETE", v+"/subprofile/"+live+"/fields", nil), "Invalid method")
	}
	if s := f.getSub(live); s.Removed != false || s.Fields["Score"] != "1" {
		t.Fatalf("live subprofile was touched: %+v", s)
	}
}

func TestB11_ErrorFormatAndToken_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{}`)
	for _, p := range []string{"/v2/subprofile/" + sid, "/v2/subprofile/99984", "/v2/subprofile/bogus/x", "/v1/subprofile",
		"/v3/collection/99984/subprofiles", "/v2/collection/" + f.C + "/subprofiles", "/v2/profile/" + pid + "/subprofiles",
		"/v2/profile/" + pid + "/subprofiles/nosuch"} {
		for _, m := range pMethods {
			expectError(t, f.do(m, p+"?access_token=wrong", `{}`), "Invalid access token")
		}
	}
	expectError(t, f.raw("GET", "/v4/subprofile/"+sid, "", "Authorization", "Bearer wrong"), "Invalid access token")
	if r := f.raw("GET", "/v4/subprofile/"+sid, "", "Authorization", "Bearer "+f.Token); r.Status != 200 {
		t.Fatalf("v4 bearer: %s", r)
	}
	expectJSON(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), subEnvelope(0, 100, 1, f.subItem(sid)))
}

func TestB12_DeleteRemovedSubprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	for _, v := range []string{"/v2", "/v3", "/v4", ""} {
		sid := f.sub(pid, `{}`)
		if r := f.do("DELETE", v+"/subprofile/"+sid, nil); r.Status != 200 && r.Status != 204 {
			t.Fatalf("first delete: %s", r)
		}
		for i := 0; i < 2; i++ {
			expectError(t, f.do("DELETE", v+"/subprofile/"+sid, nil), "This subprofile has already been removed")
			expectError(t, f.do("DELETE", v+"/subprofile/"+sid+"/", nil), "This subprofile has already been removed")
		}
		expectError(t, f.do("DELETE", v+"/subprofile/99984", nil), "No subprofile with supplied ID")
	}
	// Removed by the profile's cascade: same answer.
	other := f.mk(`{}`)
	cascaded := f.sub(other, `{}`)
	spExpectDeleted(t, f.do("DELETE", "/v2/profile/"+other, nil), 200, "profile "+other)
	expectError(t, f.do("DELETE", "/v3/subprofile/"+cascaded, nil), "This subprofile has already been removed")
	// v1 (O1): a removed or unknown target answers 204 without X-Deleted.
	sid := f.sub(pid, `{}`)
	spExpectDeleted(t, f.do("DELETE", "/v1/subprofile/"+sid, nil), 200, "subprofile "+sid)
	for _, p := range []string{sid, sid + "/", cascaded, "99984", "0", "-1", "bogus"} {
		r := f.do("DELETE", "/v1/subprofile/"+p, nil)
		spExpectEmpty(t, r, 204)
		if r.Header.Get("X-Deleted") != "" {
			t.Fatalf("%s: v1 204 carries X-Deleted", p)
		}
	}
	// The sub-path check still follows the removed check in v1 (B10).
	expectError(t, f.do("DELETE", "/v1/subprofile/"+sid+"/bogus", nil), "This subprofile has already been removed")
}

// ---------------------------------------------------------------------------
// B. Request parsing

func TestB13_QueryNamesCaseSensitive_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	f.sub(pid, `{"Score":1}`)
	f.sub(pid, `{"Score":2}`)
	base := "/v2/collection/" + f.C + "/subprofiles"
	want := string(f.do("GET", base, nil).Body)
	for _, qs := range []string{"FIELds[]=Score%3D%3D1", "LIMIT=1", "starT=1", "TOTAL=0", "DATAONLY=1", "ORDER=desc", "ORDERBY=score"} {
		expectJSON(t, f.do("GET", base+"?"+qs, nil), want)
		expectJSON(t, f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+f.C+"?"+qs, nil), want)
	}
	// PUT profile/{pid}/subprofiles/{coll}: FIELDS is not the selector, CREATE not the flag.
	expectError(t, f.do("PUT", "/v2/profile/"+pid+"/subprofiles/"+f.C+"?FIELDS[]=Score%3D%3D1&create=1", `{"Score":9}`), "URL parameter fields is required")
	expectBulk(t, f.do("PUT", "/v2/profile/"+pid+"/subprofiles/"+f.C+"?fields[]=Score%3D%3D7&CREATE=1", `{"Score":9}`), "/v2")
	expectJSON(t, f.do("GET", base, nil), want)
}

func TestB14_UnknownParametersAndKeysIgnored_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := created(t, f.do("POST", "/v2/profile/"+pid+"/subprofiles/"+f.C+"?bogus=345", `{"tonky":1,"Score":4}`))
	f.expectSubFields(sid, `{"Score":"4","ActionTime":""}`)
	f.expect303(f.do("PUT", "/v2/subprofile/"+sid+"?bogus=345", `{"tonky":1,"fields":{"Score":5}}`), "subprofile/"+sid, "bogus=345")
	f.expectSubFields(sid, `{"Score":"5","ActionTime":""}`)
	expectJSON(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles?bogus=345", nil), string(f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil).Body))
}

func TestB15_BodyKeysCaseSensitive_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	sid := f.sub(f.mk(`{}`), `{}`)
	before := f.getSub(sid)
	nextSecond()
	for _, v := range spVersions {
		f.expectUpdatedSub(f.do("PUT", v+"/subprofile/"+sid, `{"FIELDS":{"Score":5},"Fields":{"Score":6},"SECRET":"x"}`), v, sid, "")
	}
	if after := f.getSub(sid); subJSON(after, f.subFieldsJSON(sid)) != subJSON(before, `{"Score":"-1","ActionTime":""}`) {
		t.Fatalf("upper-case keys were applied: %+v", after)
	}
}

func TestB16_FieldNamesCaseInsensitive_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{"sCORE":7,"actiontime":"2021-02-03 04:05:06"}`)
	f.expectSubFields(sid, `{"Score":"7","ActionTime":"2021-02-03 04:05:06"}`)
	f.putSub(sid, `{"fields":{"SCORE":8}}`)
	f.expectSubFields(sid, `{"Score":"8","ActionTime":"2021-02-03 04:05:06"}`)
	f.expect303(f.do("PUT", "/v2/subprofile/"+sid+"/fields", `{"ACTIONTIME":""}`), "subprofile/"+sid, "")
	f.expectSubFields(sid, `{"Score":"8","ActionTime":""}`)
	spExpectEmpty(t, f.do("PUT", "/v2/profile/"+pid+"/subprofiles/"+f.C+"?fields[]=score%3D%3D8", `{"ScOrE":9}`), 200)
	f.expectSubFields(sid, `{"Score":"9","ActionTime":""}`)
	// Form bodies use the same names.
	f.expect303(f.do("PUT", "/v2/subprofile/"+sid, url.Values{"fields[SCORE]": {"10"}, "secret": {"form"}}), "subprofile/"+sid, "")
	f.expectSubFields(sid, `{"Score":"10","ActionTime":""}`)
	f.expect303(f.do("PUT", "/v2/subprofile/"+sid+"/fields", url.Values{"score": {"11"}}), "subprofile/"+sid, "")
	f.expectSubFields(sid, `{"Score":"11","ActionTime":""}`)
	if s := f.getSub(sid); s.Secret != "form" {
		t.Fatalf("form secret: %+v", s)
	}
}

func TestB17_LaterDuplicateWins_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{"Score":3,"score":6,"ActionTime":"2020-01-01 00:00:00","actiontime":""}`)
	f.expectSubFields(sid, `{"Score":"6","ActionTime":""}`)
	f.putSub(sid, `{"fields":{"score":1,"SCORE":2}}`)
	f.expectSubFields(sid, `{"Score":"2","ActionTime":""}`)
	f.expect303(f.do("PUT", "/v2/subprofile/"+sid+"/fields", `{"SCORE":4,"Score":null}`), "subprofile/"+sid, "")
	f.expectSubFields(sid, `{"Score":"0","ActionTime":""}`)
}

func TestB18_UnknownFieldsIgnored_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{"wonky":"yes","Score":2,"LastName":"profile field","notafield":1}`)
	f.expectSubFields(sid, `{"Score":"2","ActionTime":""}`)
	f.putSub(sid, `{"fields":{"notafield":1,"Score":3,"Email":"x@y.z"}}`)
	f.expectSubFields(sid, `{"Score":"3","ActionTime":""}`)
	f.expectFields(pid, defaultsFields)
}

func TestB20_NonObjectFieldsIgnoredOnPut_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	sid := f.sub(f.mk(`{}`), `{"Score":4}`)
	before := f.getSub(sid)
	nextSecond()
	for _, body := range []string{`{"fields":"bogus"}`, `{"fields":5}`, `{"fields":true}`, `{"fields":null}`, `{"fields":"Score=1"}`} {
		f.putSub(sid, body)
		spExpectEmpty(t, f.do("PUT", "/v3/subprofile/"+sid, body), 204)
	}
	if after := f.getSub(sid); subJSON(after, f.subFieldsJSON(sid)) != subJSON(before, `{"Score":"4","ActionTime":""}`) {
		t.Fatalf("non-object fields changed the subprofile: %+v", after)
	}
	// The other keys of such a body still apply.
	f.putSub(sid, `{"fields":"bogus","secret":"still"}`)
	if s := f.getSub(sid); s.Secret != "still" {
		t.Fatalf("secret next to bad fields: %+v", s)
	}
}

func TestB21_FilterParameterForms_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	a := f.sub(pid, `{"Score":1}`)
	b := f.sub(pid, `{"Score":2}`)
	base := "/v2/collection/" + f.C + "/subprofiles?"
	for _, qs := range []string{"fields[]=Score%3D%3D2", "fields[0]=Score%3D%3D2", "fields[x]=Score%3D%3D2", "fields%5B%5D=Score%3D%3D2", "fields%5B7%5D=Score%3D%3D2"} {
		expectIDs(t, f.do("GET", base+qs, nil), b)
		expectIDs(t, f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+f.C+"?"+qs, nil), b)
	}
	// A plain fields=… is not a list: no filtering.
	expectIDs(t, f.do("GET", base+"fields=Score%3D%3D2", nil), a, b)
	// Form body and the bracket forms on the PUT selector.
	spExpectEmpty(t, f.do("PUT", "/v2/profile/"+pid+"/subprofiles/"+f.C+"?fields%5B0%5D=Score%3D%3D2", url.Values{"Score": {"5"}}), 200)
	f.expectSubFields(b, `{"Score":"5","ActionTime":""}`)
	f.expectSubFields(a, `{"Score":"1","ActionTime":""}`)
}

func TestB22_BooleanCoercion_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{}`)
	full := subEnvelope(0, 100, 1, f.subItem(sid))
	dataOnly := subEnvelope(0, 100, 1, f.subDataOnly(sid))
	base := "/v2/collection/" + f.C + "/subprofiles?"
	for _, tv := range []string{"dataonly=TRue", "dataonly=yes", "dataonly=YES", "dataonly=1", "dataonly=2", "dataonly=-1", "dataonly[]=x", "dataonly[a]=0"} {
		expectJSON(t, f.do("GET", base+tv, nil), dataOnly)
	}
	for _, fv := range []string{"dataonly=thisisfalse", "dataonly=%20true", "dataonly=", "dataonly=0", "dataonly=0.5", "dataonly=false", "dataonly=no"} {
		expectJSON(t, f.do("GET", base+fv, nil), full)
	}
	// total
	expectJSON(t, f.do("GET", base+"total=trUE", nil), full)
	expectJSON(t, f.do("GET", base+"total=thisisfalse", nil), strings.TrimSuffix(full, `,"total":1}`)+"}")
	// create on PUT profile/{pid}/subprofiles/{coll}.
	put := "/v3/profile/" + pid + "/subprofiles/" + f.C + "?fields[]=Score%3D%3D42&create="
	for _, fv := range []string{"no", "0", "0.5", "thisisfalse", "%20yes"} {
		spExpectEmpty(t, f.do("PUT", put+fv, `{"Score":1}`), 204)
	}
	expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), sid)
	n := 0
	for _, tv := range []string{"yes", "TRUE", "3"} {
		created(t, f.do("PUT", put+tv, `{"Score":`+strconv.Itoa(100+n)+`}`))
		n++
	}
	created(t, f.do("PUT", "/v3/profile/"+pid+"/subprofiles/"+f.C+"?fields[]=Score%3D%3D42&create[]=0", `{"Score":200}`))
}

func TestB23_IntegerCoercion_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	var ids []string
	for i := 0; i < 4; i++ {
		ids = append(ids, f.sub(pid, `{"Score":`+strconv.Itoa(i)+`}`))
	}
	base := "/v2/collection/" + f.C + "/subprofiles?total=0&"
	for qs, want := range map[string][]string{
		"limit=2x": ids[:2], "limit[]=x": ids[:1], "start=abc": ids, "start=%202&limit=1": ids[2:3],
		"limit=": nil, "start=3.9": ids[3:], "limit=-0": nil,
	} {
		expectIDs(t, f.do("GET", base+qs, nil), want...)
	}
	// The coerced values are echoed.
	want := string(f.do("GET", base+"limit=2&start=1", nil).Body)
	if !strings.HasPrefix(want, `{"start":1,"limit":2,"count":2,"data":[`) {
		t.Fatalf("envelope: %s", want)
	}
	expectJSON(t, f.do("GET", base+"limit=2x&start=1z", nil), want)
}

// ---------------------------------------------------------------------------
// C. Field value normalisation on subprofile fields

func TestB24_TextValues_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	// PostgreSQL text cannot hold NUL: the store writes U+FFFD there.
	nulText := `"a\u0000b"`
	if engine == "postgres" {
		nulText = "\"a\uFFFDb\""
	}
	c := f.addCollection("Texts", `{"name":"Note","type":"text"}`, `{"name":"Mail","type":"email"}`)
	pid := f.mk(`{}`)
	for _, cse := range [][2]string{
		{`"  value "`, `"  value "`}, {`true`, `"1"`}, {`false`, `""`}, {`0`, `"0"`}, {`-2`, `"-2"`},
		{`2.99`, `"2.99"`}, {`-2.99`, `"-2.99"`}, {`null`, `""`}, {`[1]`, `""`}, {`{"a":1}`, `""`},
		{`"a\u0000b"`, nulText}, {`"ü€😀"`, `"ü€😀"`},
	} {
		sid := f.subIn(c, pid, `{"Note":`+cse[0]+`,"Mail":`+cse[0]+`}`)
		f.expectSubFields(sid, `{"Note":`+cse[1]+`,"Mail":`+cse[1]+`}`)
	}
}

func TestB26_IntegerValues_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{}`)
	for _, cse := range [][2]string{
		{`"value"`, "0"}, {`"   3 "`, "3"}, {`"true"`, "0"}, {`true`, "1"}, {`false`, "0"}, {`-2`, "-2"},
		{`2.99`, "2"}, {`-2.99`, "-2"}, {`[]`, "0"}, {`[5,6]`, "1"}, {`null`, "0"}, {`""`, "0"}, {`"12abc"`, "12"},
	} {
		f.putSub(sid, `{"fields":{"Score":`+cse[0]+`}}`)
		f.expectSubFields(sid, `{"Score":"`+cse[1]+`","ActionTime":""}`)
	}
}

func TestB28_DateValues_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	c := f.addCollection("Dates", `{"name":"D","type":"date"}`, `{"name":"DT","type":"datetime"}`, `{"name":"ED","type":"empty_date"}`)
	for _, cse := range [][2]string{
		{`"2020-01-02 03:04:05"`, "2020-01-02 03:04:05"}, {`"  2020-01-02t03:04:05  "`, "2020-01-02 03:04:05"},
		{`"2020-01-02 03:4"`, "2020-01-02 03:04:00"}, {`"2020-2"`, "2020-02-01 00:00:00"},
		{`"0000-00-00 23:59:59"`, ""}, {`"0000-00-01 00:00"`, "0000-00-00 00:00:00"}, {`"aa"`, ""}, {`true`, ""},
		{`1596979546`, ""}, {`"@1577934245"`, "2020-01-02 04:04:05"}, {`"2020-01-02 03:04:05z"`, "2020-01-02 04:04:05"},
		{`"2020-01-02 03:04:05+03:00"`, "2020-01-02 01:04:05"}, {`null`, ""}, {`"2020-01-02 03:"`, ""},
	} {
		sid := f.sub(pid, `{"ActionTime":`+cse[0]+`}`)
		f.expectSubFields(sid, `{"Score":"-1","ActionTime":"`+cse[1]+`"}`)
		// date and datetime use their zero value for empty; empty_date keeps "".
		d, dt, ed := "0000-00-00", "0000-00-00 00:00:00", ""
		if cse[1] != "" {
			d, dt, ed = cse[1][:10], cse[1], cse[1][:10]
		}
		s2 := f.subIn(c, pid, `{"D":`+cse[0]+`,"DT":`+cse[0]+`,"ED":`+cse[0]+`}`)
		f.expectSubFields(s2, `{"D":"`+d+`","DT":"`+dt+`","ED":"`+ed+`"}`)
	}
}

func TestB30_NoValueIsRefused_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	for _, v := range []string{`"x"`, `[[[]]]`, `{"a":{"b":1}}`, `1e308`, `1e400`, `-1e400`, `-99999999999999999999`, `"\u0000"`, `"ü"`} {
		sid := f.sub(pid, `{"Score":`+v+`,"ActionTime":`+v+`}`)
		f.putSub(sid, `{"fields":{"Score":`+v+`,"ActionTime":`+v+`}}`)
		f.expect303(f.do("PUT", "/v2/subprofile/"+sid+"/fields", `{"Score":`+v+`,"ActionTime":`+v+`}`), "subprofile/"+sid, "")
	}
}

func TestB31_IntegerNullStoresZero_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	sid := f.sub(f.mk(`{}`), `{}`)
	f.expectSubFields(sid, `{"Score":"-1","ActionTime":""}`)
	f.putSub(sid, `{"fields":{"Score":null}}`)
	f.expectSubFields(sid, `{"Score":"0","ActionTime":""}`)
	s2 := f.sub(f.mk(`{}`), `{"Score":""}`)
	f.expectSubFields(s2, `{"Score":"0","ActionTime":""}`)
}

func TestB32_ValuesAreStrings_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{"Score":6}`)
	f.sub(pid, `{}`)
	for _, r := range []resp{f.do("GET", "/v2/subprofile/"+sid, nil), f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil),
		f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+f.C+"?dataonly=1", nil)} {
		if !strings.Contains(string(r.Body), `"fields":{"Score":"6","ActionTime":""}`) {
			t.Fatalf("Score 6 not a string: %s", r.Body)
		}
	}
	if !strings.Contains(string(f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil).Body), `"fields":{"Score":"-1","ActionTime":""}`) {
		t.Fatal("default -1 not a string")
	}
}

func TestB33_DefaultsOnCreate_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	for _, body := range []string{`{}`, `[]`, ``, `{"unknown":1}`, `{"fields":{"Score":5}}`} {
		sid := f.sub(pid, body)
		f.expectSubFields(sid, `{"Score":"-1","ActionTime":""}`)
	}
	// Form body without fields, and a collection without fields: "fields":[].
	sid := created(t, f.do("POST", "/v2/profile/"+pid+"/subprofiles/"+f.C, url.Values{}))
	f.expectSubFields(sid, `{"Score":"-1","ActionTime":""}`)
	empty := f.addCollection("Empty")
	eid := f.subIn(empty, pid, `{"Score":1}`)
	expectLike(t, f.do("GET", "/v2/subprofile/"+eid, nil), `{"ID":"`+eid+`","secret":"<SECRET>","fields":[],"profile":"`+pid+`","collection":"`+empty+`","created":"<TS>","modified":"<TS>","removed":false}`)
	expectJSON(t, f.do("GET", "/v2/subprofile/"+eid+"/fields", nil), `[]`)
	// Defaults of other types (O15), passed through the value rules.
	c := f.addCollection("Typed", `{"name":"T","type":"text","value":"dflt"}`, `{"name":"D","type":"date"}`,
		`{"name":"DT","type":"datetime"}`, `{"name":"F","type":"float"}`, `{"name":"S","type":"select","value":"a\r\nb*\r\nc"}`)
	tid := f.subIn(c, pid, `{}`)
	f.expectSubFields(tid, `{"T":"dflt","D":"0000-00-00","DT":"0000-00-00 00:00:00","F":"0","S":"b"}`)
}

func TestB34_NewFieldOnExistingSubprofiles(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{"Score":2}`)
	for _, fd := range []string{`{"name":"N","type":"integer","value":7}`, `{"name":"D","type":"empty_date","value":"2020-01-01"}`,
		`{"name":"DT","type":"empty_datetime","value":"2020-01-01 10:00:00"}`, `{"name":"Fl","type":"float","value":2.5}`} {
		created(t, f.do("POST", "/v2/collection/"+f.C+"/fields", fd))
	}
	f.expectSubFields(sid, `{"Score":"2","ActionTime":"","N":"0","D":"0000-00-00","DT":"0000-00-00 00:00:00","Fl":"0"}`)
	// A new subprofile gets the defaults.
	nid := f.sub(pid, `{}`)
	f.expectSubFields(nid, `{"Score":"-1","ActionTime":"","N":"7","D":"2020-01-01","DT":"2020-01-01 10:00:00","Fl":"2.5"}`)
}
