package e2e

// The profile routes and the open points they decide that concern profiles
// only: interests (§3.11, O9), DELETE database/{db}/profiles (O5), v1 events
// (O28 as decided in docs/decisions.md), the cascade of B54, v1 bodies (O17)
// and files (O28). ID lists, unsubscribe, completely, malformed bodies and
// unversioned paths hold for both kinds: entities_routes_test.go.

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// interestsFixture adds Football and Tennis (group sport) and Golf.
func (f *pfx) interestsFixture() (football, tennis, golf string) {
	f.t.Helper()
	return f.addInterest("Football", "sport"), f.addInterest("Tennis", "sport"), f.addInterest("Golf", "")
}

func (f *pfx) interests(id string) string {
	f.t.Helper()
	r := f.do("GET", "/v2/profile/"+id+"/interests", nil)
	if r.Status != 200 {
		f.t.Fatalf("interests: %s", r)
	}
	return string(r.Body)
}

func TestProfileInterestsGet(t *testing.T) {
	f := newFixture(t)
	fb, tn, gf := f.interestsFixture()
	id := f.mk(`{"interests":["golf","FOOTBALL","unknown"]}`)
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		expectJSON(t, f.do("GET", "/"+v+"/profile/"+id+"/interests", nil), `["Football","Golf"]`)
		expectJSON(t, f.do("GET", "/"+v+"/profile/"+id+"/interests?return=ids", nil), `["`+fb+`","`+gf+`"]`)
		expectJSON(t, f.do("GET", "/"+v+"/profile/"+id+"/interests?return=objects", nil),
			`[{"ID":"`+fb+`","name":"Football","group":"sport"},{"ID":"`+gf+`","name":"Golf","group":""}]`)
		expectJSON(t, f.do("GET", "/"+v+"/profile/"+id+"/interests?return=bogus", nil), `["Football","Golf"]`)
	}
	_ = tn
	// The profile object lists them in interest-ID order too.
	if p := f.get(id); strings.Join(p.Interests, ",") != "Football,Golf" {
		t.Fatalf("profile interests %v", p.Interests)
	}
	none := f.mk(`{}`)
	expectJSON(t, f.do("GET", "/v2/profile/"+none+"/interests", nil), `[]`)
	expectJSON(t, f.do("GET", "/v2/profile/"+none+"/interests?return=ids", nil), `[]`)
	expectError(t, f.do("GET", "/v2/profile/99984/interests", nil), "No entity with supplied ID")
	// A removed profile answers [] (§3.11).
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+id, nil), "profile "+id)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `[]`)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests?return=objects", nil), `[]`)
}

func TestProfileInterestsPostMerges(t *testing.T) {
	f := newFixture(t)
	f.interestsFixture()
	id := f.mk(`{"interests":["Golf"]}`)
	m0 := f.get(id).Modified
	nextSecond()
	// List: switch these on, others unchanged; v2 answers 200 with an empty
	// body, like a POST on a PUT-only route, never a 303 (O9 as revised).
	expectEmpty(t, f.do("POST", "/v2/profile/"+id+"/interests", `["tennis","nonexistent"]`), 200)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Tennis","Golf"]`)
	m1 := f.get(id).Modified
	if m1 == m0 {
		t.Fatal("modified did not move when the set changed")
	}
	nextSecond()
	// Object: truthy on, falsy off (PHP truthiness), others unchanged.
	expectEmpty(t, f.do("POST", "/v2/profile/"+id+"/interests?x=1", `{"Golf":0,"football":"yes","Tennis":"1"}`), 200)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Football","Tennis"]`)
	for _, c := range []struct{ body, want string }{
		{`{"Football":"0"}`, `["Tennis"]`}, {`{"Golf":true}`, `["Tennis","Golf"]`}, {`{"Golf":""}`, `["Tennis"]`},
		{`{"Golf":"no"}`, `["Tennis","Golf"]`}, {`{"Golf":null,"Tennis":[]}`, `[]`}, {`{"Golf":[1],"Tennis":0.5}`, `["Tennis","Golf"]`},
		{`{"Tennis":false,"Golf":"0.0"}`, `["Golf"]`},
	} {
		expectEmpty(t, f.do("POST", "/v4/profile/"+id+"/interests", c.body), 204)
		expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), c.want)
	}
	// No change: modified stays.
	before := f.get(id).Modified
	nextSecond()
	expectEmpty(t, f.do("POST", "/v3/profile/"+id+"/interests", `["golf"]`), 204)
	expectEmpty(t, f.do("POST", "/v3/profile/"+id+"/interests", `[]`), 204)
	expectEmpty(t, f.do("POST", "/v3/profile/"+id+"/interests", `{"Football":0}`), 204)
	if p := f.get(id); p.Modified != before {
		t.Fatalf("modified moved without a change")
	}
	// Form bodies: interests as a list or a map.
	r := f.raw("POST", "/v2/profile/"+id+"/interests?access_token="+url.QueryEscape(f.Token), "0=Tennis", "Content-Type", "application/x-www-form-urlencoded")
	expectEmpty(t, r, 200)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Tennis","Golf"]`)
	// A scalar body is not a list.
	expectError(t, f.do("POST", "/v2/profile/"+id+"/interests", `"Golf"`), "Invalid data provided")
	expectError(t, f.do("POST", "/v2/profile/"+id+"/interests", `{bad json`), "Invalid data provided")
}

func TestProfileInterestsPutReplaces(t *testing.T) {
	f := newFixture(t)
	f.interestsFixture()
	id := f.mk(`{"interests":{"Golf":1,"Tennis":1,"Football":0}}`)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Tennis","Golf"]`)
	f.expect303(f.do("PUT", "/v2/profile/"+id+"/interests", `["FOOTBALL"]`), "profile/"+id, "")
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Football"]`)
	f.expect303(f.do("PUT", "/v1/profile/"+id+"/interests", `{"golf":1,"tennis":"yes","football":0,"bogus":1}`), "profile/"+id, "")
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Tennis","Golf"]`)
	expectEmpty(t, f.do("PUT", "/v3/profile/"+id+"/interests", `[]`), 204)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `[]`)
	expectEmpty(t, f.do("PUT", "/v4/profile/"+id+"/interests", ``), 204)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `[]`)
	expectEmpty(t, f.do("PUT", "/v4/profile/"+id+"/interests", `["Golf","Golf","Tennis"]`), 204)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Tennis","Golf"]`)
	// modified moves only when the set changes.
	before := f.get(id).Modified
	nextSecond()
	expectEmpty(t, f.do("PUT", "/v4/profile/"+id+"/interests", `["tennis","golf"]`), 204)
	if f.get(id).Modified != before {
		t.Fatal("modified moved without a change")
	}
	expectEmpty(t, f.do("PUT", "/v4/profile/"+id+"/interests", `["tennis"]`), 204)
	if f.get(id).Modified == before {
		t.Fatal("modified did not move")
	}
	// PUT profile/{pid} with interests replaces (O9); without them they stay.
	f.put(id, `{"fields":{"LastName":"x"}}`)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Tennis"]`)
	f.put(id, `{"interests":["Football","Golf"]}`)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Football","Golf"]`)
	f.put(id, `{"interests":{"Tennis":1}}`)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Tennis"]`)
	// PUT database/{db}/profiles with interests merges (O9).
	other := f.mk(`{"interests":["Golf"]}`)
	expectEmpty(t, f.do("PUT", "/v2/database/Test/profiles?fields[]=ID%3E0", `{"interests":["Football"]}`), 200)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Football","Tennis"]`)
	expectJSON(t, f.do("GET", "/v2/profile/"+other+"/interests", nil), `["Football","Golf"]`)
	expectEmpty(t, f.do("PUT", "/v2/database/Test/profiles?fields[]=ID%3E0", `{"interests":{"Football":0,"Tennis":1}}`), 200)
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `["Tennis"]`)
	expectJSON(t, f.do("GET", "/v2/profile/"+other+"/interests", nil), `["Tennis","Golf"]`)
	// Creating with interests via PUT create=1.
	r := f.do("PUT", "/v3/database/Test/profiles?"+pq("fields[]", "LastName==new", "create", "1"), `{"fields":{"LastName":"new"},"interests":["golf"]}`)
	nid := created(t, r)
	expectJSON(t, f.do("GET", "/v2/profile/"+nid+"/interests", nil), `["Golf"]`)
	// v1 structured create with interests.
	vid := created(t, f.do("POST", "/v1/database/Test/profiles", `{"interests":["tennis"]}`))
	expectJSON(t, f.do("GET", "/v2/profile/"+vid+"/interests", nil), `["Tennis"]`)
}

func TestDeleteDatabaseProfiles(t *testing.T) {
	f := newFixture(t)
	var ids []string
	for i := 0; i < 8; i++ {
		ids = append(ids, f.mk(`{}`))
	}
	other := f.addDatabase("Other")
	foreign := f.mkIn(other, `{}`)
	gone := ids[7]
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+gone, nil), "profile "+gone)
	goneBefore := f.get(gone)
	// v2: body {"profiles":[…]}, numbers or numeric strings; others skipped silently.
	r := f.do("DELETE", "/v2/database/Test/profiles", `{"profiles":[`+ids[0]+`,"`+ids[1]+`",99984,"bogus",`+foreign+`,`+gone+`,-3,null]}`)
	expectEmpty(t, r, 200)
	if r.Header.Get("X-Deleted") != "" {
		t.Fatalf("X-Deleted on a multi-delete: %q", r.Header.Get("X-Deleted"))
	}
	for _, id := range ids[:2] {
		p := f.get(id)
		removed, _ := p.Removed.(string)
		expectRecent(t, "removed", removed)
	}
	if p := f.get(foreign); p.Removed != false {
		t.Fatalf("profile of another database removed")
	}
	if p := f.get(gone); p.Removed != goneBefore.Removed {
		t.Fatalf("already removed profile touched")
	}
	// Query form profiles[]; v3/v4 answer 204.
	expectEmpty(t, f.do("DELETE", "/v3/database/Test/profiles?profiles[]="+ids[2]+"&profiles[]="+ids[3], nil), 204)
	expectEmpty(t, f.do("DELETE", "/v4/database/"+f.DB+"/profiles", `{"profiles":{"a":`+ids[4]+`}}`), 204)
	// §3.5 is not a "tail ignored" route.
	expectError(t, f.do("DELETE", "/v2/database/Test/profiles/extra", `{"profiles":[`+ids[5]+`]}`), "Invalid method")
	expectEmpty(t, f.do("DELETE", "/database/Test/profiles", `{"profiles":[`+ids[5]+`]}`), 200)
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles", nil), ids[6])
	// Missing or non-array profiles.
	for _, body := range []string{``, `[]`, `{}`, `{"profiles":5}`, `{"profiles":"` + ids[6] + `"}`, `{"profiles":null}`, `{"PROFILES":[1]}`} {
		expectError(t, f.do("DELETE", "/v2/database/Test/profiles", body), "Invalid data provided")
	}
	expectError(t, f.do("DELETE", "/v2/database/Test/profiles?profiles="+ids[6], nil), "Invalid data provided")
	// v1 has no such route (O5).
	expectError(t, f.do("DELETE", "/v1/database/Test/profiles", `{"profiles":[`+ids[6]+`]}`), "Invalid method")
	expectError(t, f.do("DELETE", "/v2/database/99984/profiles", `{"profiles":[`+ids[6]+`]}`), "No database with supplied ID")
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles", nil), ids[6])
	// An empty list is fine.
	expectEmpty(t, f.do("DELETE", "/v2/database/Test/profiles", `{"profiles":[]}`), 200)
}

func TestV1ProfileEvents(t *testing.T) {
	f := newFixture(t)
	f.addInterest("Golf", "")
	id := f.mkFields(`{"LastName":"Doe","ANumber":3}`)
	other := f.mk(`{}`)
	f.put(id, `{"fields":{"LastName":"Roe","Email":"r@x.y"}}`)
	f.put(id, `{"fields":{"LastName":"Roe"}}`) // no change, no event
	f.put(other, `{"fields":{"LastName":"Other"}}`)
	f.put(id, `{"interests":["Golf"]}`)
	expectLike(t, f.do("GET", "/v1/profile/"+id+"/events", nil), `[`+
		`{"event":"create","timestamp":"<TS>","id":"<N>","data":{"fields":{"ANumber":"3","Birthdate":"","Email":"","LastName":"Doe"}}},`+
		`{"event":"update","timestamp":"<TS>","id":"<N>","data":{"fields":{"Email":"r@x.y","LastName":"Roe"}}},`+
		`{"event":"update","timestamp":"<TS>","id":"<N>","data":{"interests":true}}]`)
	expectEmpty200Deleted(t, f.do("DELETE", "/v1/profile/"+id, nil), "profile "+id)
	// A removed profile keeps its events; the timestamps are server time.
	r := f.do("GET", "/v1/profile/"+id+"/events?start=2000-01-01&end=2100-01-01&tags=a;b", nil)
	expectLike(t, r, `[`+
		`{"event":"create","timestamp":"<TS>","id":"<N>","data":{"fields":{"ANumber":"3","Birthdate":"","Email":"","LastName":"Doe"}}},`+
		`{"event":"update","timestamp":"<TS>","id":"<N>","data":{"fields":{"Email":"r@x.y","LastName":"Roe"}}},`+
		`{"event":"update","timestamp":"<TS>","id":"<N>","data":{"interests":true}},`+
		`{"event":"delete","timestamp":"<TS>","id":"<N>","data":{}}]`)
	var evs []struct{ Timestamp, ID string }
	json.Unmarshal(r.Body, &evs)
	for i, ev := range evs {
		expectRecent(t, "event timestamp", ev.Timestamp)
		if i > 0 && atoi(ev.ID) <= atoi(evs[i-1].ID) {
			t.Fatalf("event IDs not ascending: %s", r.Body)
		}
	}
	expectJSON(t, f.do("GET", "/v1/profile/"+other+"/events", nil), string(f.do("GET", "/v1/profile/"+other+"/events/", nil).Body))
	expectError(t, f.do("GET", "/v1/profile/99984/events", nil), "No entity with supplied ID")
	expectError(t, f.do("GET", "/v1/profile/"+other+"/events/x", nil), "Invalid method")
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		expectError(t, f.do(m, "/v1/profile/"+other+"/events", `{}`), "Invalid method")
	}
	for _, v := range []string{"v2", "v3", "v4"} {
		expectError(t, f.do("GET", "/"+v+"/profile/"+other+"/events", nil), "Invalid method")
	}
}

func TestB54_DeleteCascadesToSubprofiles(t *testing.T) {
	f := newFixture(t)
	coll := created(t, f.do("POST", "/v2/database/Test/collections", `{"name":"Test"}`))
	created(t, f.do("POST", "/v2/collection/"+coll+"/fields", `{"name":"Score","type":"integer","value":-1}`))
	created(t, f.do("POST", "/v2/collection/"+coll+"/fields", `{"name":"ActionTime","type":"empty_datetime"}`))
	p1, p2 := f.mk(`{}`), f.mk(`{}`)
	s1 := created(t, f.do("POST", "/v2/profile/"+p1+"/subprofiles/"+coll, `{"Score":6,"ActionTime":"2020-04-27 14:15:34"}`))
	s2 := created(t, f.do("POST", "/v2/profile/"+p1+"/subprofiles/Test", `{}`))
	s3 := created(t, f.do("POST", "/v2/profile/"+p2+"/subprofiles/"+coll, `{"Score":1}`))
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+p1, nil), "profile "+p1)
	removed, _ := f.get(p1).Removed.(string)
	expectRecent(t, "removed", removed)
	for _, sid := range []string{s1, s2} {
		r := f.do("GET", "/v2/subprofile/"+sid, nil)
		var sp map[string]any
		json.Unmarshal(r.Body, &sp)
		if sp["removed"] != removed {
			t.Fatalf("subprofile %s removed = %v, profile removed %s", sid, sp["removed"], removed)
		}
		expectJSON(t, f.do("GET", "/v2/subprofile/"+sid+"/fields", nil), `{"Score":"","ActionTime":""}`)
	}
	r := f.do("GET", "/v2/subprofile/"+s3, nil)
	var sp map[string]any
	json.Unmarshal(r.Body, &sp)
	if sp["removed"] != false {
		t.Fatalf("subprofile of another profile removed: %s", r.Body)
	}
	expectIDs(t, f.do("GET", "/v2/collection/"+coll+"/subprofiles", nil), s3)
}

func TestO17_V1Bodies(t *testing.T) {
	f := newFixture(t)
	// Flat form: the body is the field map.
	a := created(t, f.do("POST", "/v1/database/Test/profiles", `{"email":"a@b.c","LastName":"Flat","unknown":1}`))
	f.expectFields(a, `{"Email":"a@b.c","LastName":"Flat","Birthdate":"","ANumber":"-1"}`)
	// Structured form.
	b := created(t, f.do("POST", "/v1/database/Test/profiles", `{"fields":{"LastName":"Struct"},"database":"ignored"}`))
	f.expectFields(b, `{"Email":"","LastName":"Struct","Birthdate":"","ANumber":"-1"}`)
	// Only database: a profile with defaults (the Dutch page's example).
	c := created(t, f.do("POST", "/v1/database/Test/profiles", `{"database":"`+f.DB+`"}`))
	f.expectFields(c, defaultsFields)
	// A field named like a structured key keeps the body flat.
	f.addField("Test", `{"name":"secret","type":"text"}`)
	d := created(t, f.do("POST", "/v1/database/Test/profiles", `{"secret":"in a field","LastName":"F"}`))
	f.expectFields(d, `{"Email":"","LastName":"F","Birthdate":"","ANumber":"-1","secret":"in a field"}`)
	if p := f.get(d); !secretRe.MatchString(p.Secret) {
		t.Fatalf("field value became the secret: %+v", p)
	}
	// A non-map fields value makes the body flat (§3.3 rule), so "fields" is
	// just an unknown field name there, not B19's error.
	g := created(t, f.do("POST", "/v1/database/Test/profiles", `{"fields":"blah","LastName":"G"}`))
	f.expectFields(g, `{"Email":"","LastName":"G","Birthdate":"","ANumber":"-1","secret":""}`)
	// The bulk route does not apply secret, created or modified, also not on create.
	r := f.do("PUT", "/v1/database/Test/profiles?"+pq("fields[]", "LastName==Bulk", "create", "1"),
		`{"fields":{"LastName":"Bulk"},"secret":"bulksecret","created":"2001-01-01 00:00:00"}`)
	if r.Status != 303 {
		t.Fatalf("v1 bulk create: %s", r)
	}
	bp := f.get(r.Header.Get("X-Created"))
	if !secretRe.MatchString(bp.Secret) || bp.Fields["LastName"] != "Bulk" {
		t.Fatalf("v1 bulk create applied secret: %+v", bp)
	}
	expectRecent(t, "created", bp.Created)
	expectEmpty(t, f.do("PUT", "/v1/database/Test/profiles?"+pq("fields[]", "LastName==Bulk"), `{"fields":{"ANumber":1},"secret":"s2"}`), 200)
	if p := f.get(bp.ID); p.Secret != bp.Secret || p.Fields["ANumber"] != "1" {
		t.Fatalf("v1 bulk update: %+v", p)
	}
	// v2 never reads the flat form.
	e := created(t, f.do("POST", "/v2/database/Test/profiles", `{"LastName":"Flat"}`))
	f.expectFields(e, `{"Email":"","LastName":"","Birthdate":"","ANumber":"-1","secret":""}`)
	// v1 shapes equal v2 shapes.
	for _, id := range []string{a, b, c, d} {
		expectJSON(t, f.do("GET", "/v1/profile/"+id, nil), string(f.do("GET", "/v2/profile/"+id, nil).Body))
	}
	expectJSON(t, f.do("GET", "/v1/database/Test/profiles?orderby=lastname&order=desc&dataonly=1", nil),
		string(f.do("GET", "/v2/database/Test/profiles?orderby=lastname&order=desc&dataonly=1", nil).Body))
}

func TestO28_ProfileFiles(t *testing.T) {
	f := newFixture(t)
	id := f.mk(`{}`)
	for _, v := range []string{"v2", "v3", "v4"} {
		expectJSON(t, f.do("GET", "/"+v+"/profile/"+id+"/files", nil), `{"start":0,"limit":100,"count":0,"data":[],"total":0}`)
	}
	expectError(t, f.do("GET", "/v1/profile/"+id+"/files", nil), "Invalid method")
	for _, v := range []string{"v3", "v4"} {
		for _, p := range []string{"/file/1/json", "/file/1/content", "/file/99984/json", "/file/bogus/content", "/file/1", "/file"} {
			expectError(t, f.do("GET", "/"+v+"/profile/"+id+p, nil), "No file with supplied ID")
		}
		expectError(t, f.do("PUT", "/"+v+"/profile/"+id+"/file/1/json", `{}`), "Invalid method")
		expectError(t, f.do("GET", "/"+v+"/profile/99984/file/1/json", nil), "No entity with supplied ID")
	}
	for _, v := range []string{"v1", "v2"} {
		expectError(t, f.do("GET", "/"+v+"/profile/"+id+"/file/1/json", nil), "Invalid method")
	}
}
