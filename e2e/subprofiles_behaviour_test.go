package e2e

// One test per behaviour.md statement that concerns subprofiles. Names carry
// `_Subprofile` where the profile tests already use the B-number's name.
// Routes, versions and open points that have no B-number are in
// subprofiles_routes_test.go.

import (
	"net/url"
	"strings"
	"testing"
)

// ---------------------------------------------------------------------------
// A. Routing, identifiers and errors

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
