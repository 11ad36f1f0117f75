package e2e

// behaviour.md sections D (creating), E (updating) and F (deleting and removed
// entities) where only subprofiles are concerned: B38–B40, B49, B54. What
// holds for both kinds is in entities_write_test.go.

import (
	"strconv"
	"testing"
)

func TestB38_SubprofileCreateTakesFieldMap(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	body := `{"wonky":"yes","Score":3,"score":6,"actIONTime":"2020-04-27 14:15:34"}`
	for _, v := range append(spVersions, "") {
		r := f.do("POST", v+"/profile/"+pid+"/subprofiles/"+f.C, body)
		sid := f.expectCreated(r, v, "subprofile")
		want := `{"ID":"` + sid + `","secret":"<SECRET>","fields":{"Score":"6","ActionTime":"2020-04-27 14:15:34"},"profile":"` + pid +
			`","collection":"` + f.C + `","created":"<TS>","modified":"<TS>","removed":false}`
		expectLike(t, f.do("GET", "/v2/subprofile/"+sid, nil), want)
		expectLike(t, f.do("GET", v+"/subprofile/"+sid, nil), want)
		expectJSON(t, f.do("GET", v+"/subprofile/"+sid+"/fields", nil), `{"Score":"6","ActionTime":"2020-04-27 14:15:34"}`)
	}
	// Form bodies are field maps too.
	sid := created(t, f.do("POST", "/v2/profile/"+pid+"/subprofiles/"+f.C, map[string]any{"Score": "8"}))
	f.expectSubFields(sid, `{"Score":"8","ActionTime":""}`)
	// Bodies that are not field maps are refused (O23).
	for _, bad := range []string{`"scalar"`, `12`, `[1,2]`, `{bad`, `true`} {
		expectError(t, f.do("POST", "/v2/profile/"+pid+"/subprofiles/"+f.C, bad), "Invalid data provided")
	}
	expectIDs(t, f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+f.C+"?total=0&limit=1&start=5", nil), sid)
}

func TestB39_SubprofileUnderRemovedProfile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	spExpectDeleted(t, f.do("DELETE", "/v2/profile/"+pid, nil), 200, "profile "+pid)
	for _, v := range spVersions {
		sid := f.expectCreated(f.do("POST", v+"/profile/"+pid+"/subprofiles/"+f.C, `{"Score":9}`), v, "subprofile")
		expectLike(t, f.do("GET", "/v2/subprofile/"+sid, nil), `{"ID":"`+sid+`","secret":"<SECRET>","fields":{"Score":"9","ActionTime":""},"profile":"`+pid+
			`","collection":"`+f.C+`","created":"<TS>","modified":"<TS>","removed":false}`)
	}
	r := f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil)
	if ids := listIDs(t, r); len(ids) != 4 {
		t.Fatalf("subprofiles of a removed profile not listed: %s", r.Body)
	}
	// The removed profile's own list shows them as well (O19).
	expectJSON(t, f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+f.C, nil), string(r.Body))
	// The profile itself stays removed.
	if p := f.get(pid); p.Removed == false {
		t.Fatal("profile revived")
	}
}

func TestB40_SubprofileIDSpace(t *testing.T) {
	f := newSubFixture(t)
	other := f.addDatabase("Other")
	oc := f.addCollectionIn(other, "OC", `{"name":"X","type":"text"}`)
	c2 := f.addCollection("Second")
	p1, p2, p3 := f.mk(`{}`), f.mk(`{}`), f.mk(`{}`)
	op := f.mkIn(other, `{}`)
	var ids []int
	for _, step := range [][2]string{{f.C, p1}, {c2, p2}, {oc, op}, {f.C, p3}, {c2, p1}} {
		ids = append(ids, spAtoi(f.subIn(step[0], step[1], `{}`)))
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Fatalf("subprofile IDs not increasing across collections: %v", ids)
		}
	}
	// Profile IDs are another number space: a profile ID is no subprofile ID.
	if ids[0] != 1 {
		t.Fatalf("first subprofile ID %d (the sequence is not its own)", ids[0])
	}
	expectError(t, f.do("GET", "/v2/subprofile/"+strconv.Itoa(ids[len(ids)-1]+1), nil), "No subprofile with supplied ID")
	expectError(t, f.do("GET", "/v2/profile/"+strconv.Itoa(ids[4]), nil), "No entity with supplied ID")
	if s := f.getSub("1"); s.Profile != p1 || s.Collection != f.C {
		t.Fatalf("subprofile 1: %+v", s)
	}
	if p := f.get("1"); p.Database != f.DB {
		t.Fatalf("profile 1: %+v", p)
	}
}

func TestB49_PutProfileSubprofiles(t *testing.T) {
	f := newSubFixture(t)
	pid, other := f.mk(`{}`), f.mk(`{}`)
	a := f.sub(pid, `{"Score":1}`)
	b := f.sub(pid, `{"Score":2}`)
	c := f.sub(pid, `{"Score":2}`)
	o := f.sub(other, `{"Score":2}`)
	gone := f.sub(pid, `{"Score":2}`)
	f.delSub(gone)
	goneBefore := f.getSub(gone)
	path := "/profile/" + pid + "/subprofiles/" + f.C
	// The body is the field map; only this profile's live matches change.
	for _, v := range spVersions {
		expectBulk(t, f.do("PUT", v+path+"?"+pq("fields[]", "Score==2"), `{"ActionTime":"2021-01-01 00:00:00","bogus":1}`), v)
	}
	for _, id := range []string{b, c} {
		f.expectSubFields(id, `{"Score":"2","ActionTime":"2021-01-01 00:00:00"}`)
	}
	f.expectSubFields(a, `{"Score":"1","ActionTime":""}`)
	f.expectSubFields(o, `{"Score":"2","ActionTime":""}`)
	if g := f.getSub(gone); subJSON(g, "") != subJSON(goneBefore, "") {
		t.Fatalf("removed subprofile touched: %+v", g)
	}
	// Wrapping the map in fields changes nothing.
	bm := f.getSub(b).Modified
	nextSecond()
	expectBulk(t, f.do("PUT", "/v2"+path+"?"+pq("fields[]", "Score==2"), `{"fields":{"Score":9}}`), "/v2")
	if s := f.getSub(b); s.Fields["Score"] != "2" || s.Modified != bm {
		t.Fatalf("fields wrapper applied: %+v", s)
	}
	// Selector errors (O4): absent, not a list, no usable condition.
	for _, qs := range []string{"", "?fields=Score%3D%3D2", "?" + pq("fields[]", "bogus==2"), "?" + pq("fields[]", "Score"), "?fields[]=",
		"?" + pq("fields[]", "Score ==2", "create", "1"), "?FIELDS[]=Score%3D%3D2"} {
		for _, v := range spVersions {
			expectError(t, f.do("PUT", v+path+qs, `{"Score":5}`), "URL parameter fields is required")
		}
	}
	// An unknown condition next to a usable one is ignored (B66).
	expectBulk(t, f.do("PUT", "/v3"+path+"?"+pq("fields[]", "Score==1", "fields[]", "nope==1"), `{"Score":11}`), "/v3")
	f.expectSubFields(a, `{"Score":"11","ActionTime":""}`)
	// No match, no create: nothing happens.
	expectBulk(t, f.do("PUT", "/v2"+path+"?"+pq("fields[]", "Score==99"), `{"Score":1}`), "/v2")
	// No match with create (O4): a new subprofile of {pid} from the body only
	// (O22), with X-Created; v1/v2 303 to it, v3/v4 201.
	for _, v := range append(spVersions, "") {
		r := f.do("PUT", v+path+"?"+pq("fields[]", "Score==99", "create", "true"), `{"Score":50,"ActionTime":"2020-04-27 14:15:34"}`)
		id := r.Header.Get("X-Created")
		if !digitsRe.MatchString(id) || len(r.Body) != 0 || len(r.Header.Values("X-Created")) != 1 {
			t.Fatalf("%s: want X-Created, got %s %v", v, r, r.Header)
		}
		switch v {
		case "/v3", "/v4":
			loc := f.Base + v + "/subprofile/" + id
			if r.Status != 201 || r.Header.Get("X-Location") != loc || r.Header.Get("Location") != loc {
				t.Fatalf("%s: want 201 X-Location %s, got %d %v", v, loc, r.Status, r.Header)
			}
		default:
			if r.Status != 303 || r.Header.Get("Location") != f.Base+"/subprofile/"+id {
				t.Fatalf("%s: want 303 Location %s, got %d %v", v, f.Base+"/subprofile/"+id, r.Status, r.Header)
			}
		}
		expectLike(t, f.do("GET", "/v2/subprofile/"+id, nil), `{"ID":"`+id+`","secret":"<SECRET>","fields":{"Score":"50","ActionTime":"2020-04-27 14:15:34"},"profile":"`+pid+
			`","collection":"`+f.C+`","created":"<TS>","modified":"<TS>","removed":false}`)
		// Make it not match the next round.
		f.putSub(id, `{"fields":{"Score":51}}`)
	}
	// With a match, create is irrelevant; a match of another profile does not count.
	n := len(listIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil)))
	expectBulk(t, f.do("PUT", "/v4"+path+"?"+pq("fields[]", "Score==51", "create", "1"), `{"Score":52}`), "/v4")
	r := f.do("PUT", "/v4/profile/"+other+"/subprofiles/"+f.C+"?"+pq("fields[]", "Score==52", "create", "1"), `{"Score":53}`)
	nid := created(t, r)
	if s := f.getSub(nid); s.Profile != other || s.Fields["Score"] != "53" {
		t.Fatalf("created under the other profile: %+v", s)
	}
	if m := len(listIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil))); m != n+1 {
		t.Fatalf("want %d subprofiles, got %d", n+1, m)
	}
	// Creation under a removed profile is allowed (O4, like B39).
	spExpectDeleted(t, f.do("DELETE", "/v2/profile/"+other, nil), 200, "profile "+other)
	rid := created(t, f.do("PUT", "/v3/profile/"+other+"/subprofiles/test?"+pq("fields[]", "Score==1", "create", "1"), `{"Score":54}`))
	if s := f.getSub(rid); s.Profile != other || s.Removed != false {
		t.Fatalf("create under removed profile: %+v", s)
	}
	// Bad bodies.
	for _, bad := range []string{`"x"`, `[1]`, `{bad`} {
		expectError(t, f.do("PUT", "/v2"+path+"?"+pq("fields[]", "Score==1"), bad), "Invalid data provided")
	}
}

func TestB54_ProfileDeleteRemovesSubprofiles(t *testing.T) {
	f := newSubFixture(t)
	c2 := f.addCollection("Second", `{"name":"X","type":"text"}`)
	p1, p2 := f.mk(`{}`), f.mk(`{}`)
	s1 := f.sub(p1, `{"Score":6,"ActionTime":"2020-04-27 14:15:34"}`)
	s2 := f.subIn(c2, p1, `{"X":"x"}`)
	s3 := f.sub(p2, `{"Score":1}`)
	s4 := f.subIn(c2, p2, `{"X":"y"}`)
	gone := f.sub(p1, `{}`)
	f.delSub(gone)
	goneBefore := f.getSub(gone)
	before := map[string]subprofile{s1: f.getSub(s1), s2: f.getSub(s2)}
	nextSecond()
	spExpectDeleted(t, f.do("DELETE", "/v3/profile/"+p1, nil), 204, "profile "+p1)
	removed, _ := f.get(p1).Removed.(string)
	expectRecent(t, "removed", removed)
	for sid, b := range before {
		s := f.getSub(sid)
		if s.Removed != removed || s.Modified != b.Modified || s.Created != b.Created || s.Secret != b.Secret {
			t.Fatalf("subprofile %s after cascade: %+v (profile removed %s)", sid, s, removed)
		}
	}
	f.expectSubFields(s1, `{"Score":"","ActionTime":""}`)
	f.expectSubFields(s2, `{"X":""}`)
	// An already removed subprofile keeps its own removal time.
	if g := f.getSub(gone); g.Removed != goneBefore.Removed {
		t.Fatalf("removed subprofile re-removed: %+v", g)
	}
	// Subprofiles of other profiles stay live.
	for _, sid := range []string{s3, s4} {
		if s := f.getSub(sid); s.Removed != false {
			t.Fatalf("subprofile %s of another profile removed", sid)
		}
	}
	expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), s3)
	expectIDs(t, f.do("GET", "/v2/collection/"+c2+"/subprofiles", nil), s4)
	expectIDs(t, f.do("GET", "/v2/profile/"+p1+"/subprofiles/"+f.C, nil))
	expectJSON(t, f.do("GET", "/v2/collection/"+c2+"/subprofileids", nil), `["`+s4+`"]`)
}
