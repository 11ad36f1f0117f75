package e2e

// behaviour.md sections D (creating), E (updating) and F (deleting) for
// profiles: B35–B37, B40–B48, B50–B55, B57.

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestB35_PostAlwaysCreates(t *testing.T) {
	f := newFixture(t)
	body := `{"fields":{"Email":"same@x.y","LastName":"Same"}}`
	a, b := f.mk(body), f.mk(body)
	if a == b {
		t.Fatalf("same body gave the same ID %s", a)
	}
	for _, id := range []string{a, b} {
		f.expectFields(id, `{"Email":"same@x.y","LastName":"Same","Birthdate":"","ANumber":"-1"}`)
	}
	f.expectFields(f.mk(``), defaultsFields)
	f.expectFields(f.mk(`{"only":"unknown","keys":[1]}`), defaultsFields)
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?fields[]=Email%3D%3Dsame%40x.y", nil), a, b)
}

func TestB36_SecretIgnoredOnCreateAndRandom(t *testing.T) {
	f := newFixture(t)
	seen := map[string]bool{}
	for _, v := range []string{"v2", "v3", "v4"} {
		for i := 0; i < 5; i++ {
			id := created(t, f.do("POST", "/"+v+"/database/Test/profiles", `{"secret":"mysecret","fields":{"LastName":"x"}}`))
			p := f.get(id)
			if !secretRe.MatchString(p.Secret) {
				t.Fatalf("secret %q is not 28 lowercase hex characters", p.Secret)
			}
			if seen[p.Secret] {
				t.Fatalf("secret %q given twice", p.Secret)
			}
			seen[p.Secret] = true
		}
	}
	// v1 structured bodies apply a given secret (profiles.md §3.3); an empty one is generated.
	id := created(t, f.do("POST", "/v1/database/Test/profiles", `{"fields":{"LastName":"v1"},"secret":"mine"}`))
	if p := f.get(id); p.Secret != "mine" || p.Fields["LastName"] != "v1" {
		t.Fatalf("v1 structured create: %+v", p)
	}
	id = created(t, f.do("POST", "/v1/database/Test/profiles", `{"fields":{"LastName":"v1"},"secret":""}`))
	if p := f.get(id); !secretRe.MatchString(p.Secret) {
		t.Fatalf("v1 empty secret: %+v", p)
	}
}

func TestB37_CreatedEqualsModified(t *testing.T) {
	f := newFixture(t)
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		id := created(t, f.do("POST", "/"+v+"/database/Test/profiles", `{"fields":{"LastName":"x"}}`))
		p := f.get(id)
		if p.Created != p.Modified {
			t.Fatalf("created %q != modified %q", p.Created, p.Modified)
		}
		expectRecent(t, "created", p.Created)
	}
	// v2+ ignore created/modified in the body.
	id := f.mk(`{"created":"2001-01-01 00:00:00","modified":"2002-02-02 00:00:00"}`)
	p := f.get(id)
	expectRecent(t, "created", p.Created)
	if p.Created != p.Modified {
		t.Fatalf("created %q != modified %q", p.Created, p.Modified)
	}
	// v1 structured create applies them (§3.3), unparsable → now.
	id = created(t, f.do("POST", "/v1/database/Test/profiles", `{"created":"2001-01-01 10:00:00","modified":"2002-02-02 11:00:00","database":"x"}`))
	if p := f.get(id); p.Created != "2001-01-01 10:00:00" || p.Modified != "2002-02-02 11:00:00" {
		t.Fatalf("v1 timestamps: %+v", p)
	}
	id = created(t, f.do("POST", "/v1/database/Test/profiles", `{"created":"garbage","database":"x"}`))
	p = f.get(id)
	expectRecent(t, "created", p.Created)
}

func TestB40_IDsIncreaseAcrossDatabases(t *testing.T) {
	f := newFixture(t)
	other := f.addDatabase("Other", `{"name":"X","type":"text"}`)
	var last int64
	for i := 0; i < 6; i++ {
		db := "Test"
		if i%2 == 1 {
			db = other
		}
		id, _ := strconv.ParseInt(f.mkIn(db, `{}`), 10, 64)
		if id <= last {
			t.Fatalf("ID %d after %d", id, last)
		}
		last = id
	}
	// IDs of removed profiles are never reused.
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+strconv.FormatInt(last, 10), nil), "profile "+strconv.FormatInt(last, 10))
	if id, _ := strconv.ParseInt(f.mk(`{}`), 10, 64); id != last+1 {
		t.Fatalf("want ID %d after a removal, got %d", last+1, id)
	}
	// A profile ID of one database is unknown in another's list.
	if ids := listIDs(t, f.do("GET", "/v2/database/"+other+"/profiles", nil)); len(ids) != 2 { // the last one was removed
		t.Fatalf("other database holds %v", ids)
	}
}

func TestB41_PutAnswers303(t *testing.T) {
	f := newFixture(t)
	id := f.mk(`{}`)
	for _, v := range []string{"v1", "v2", ""} {
		pre := "/" + v
		if v == "" {
			pre = ""
		}
		for _, c := range []struct{ path, q string }{
			{"/profile/" + id, ""},
			{"/profile/" + id + "/", ""},
			{"/profile/" + id + "//", ""},
			{"/profile/" + id + "/fields", ""},
			{"/profile/" + id + "/fields/", ""},
			{"/profile/" + id + "/interests", ""},
			{"/profile/" + id, "foo=bar&x[]=1"},
			{"/profile/" + id + "/fields", "a=%20b"},
		} {
			body := `{"fields":{"LastName":"same"}}`
			if strings.Contains(c.path, "fields") {
				body = `{"LastName":"same"}`
			}
			if strings.Contains(c.path, "interests") {
				body = `[]`
			}
			path := pre + c.path
			if c.q != "" {
				path += "?" + c.q
			}
			// The 303 comes whether or not anything changed.
			for i := 0; i < 2; i++ {
				f.expect303(f.do("PUT", path, body), "profile/"+id, c.q)
			}
		}
	}
	// The query string is echoed as received, token included, even when the
	// token comes first.
	r := f.raw("PUT", "/v2/profile/"+id+"?access_token="+url.QueryEscape(f.Token)+"&b=2&a=1", `{}`, "Content-Type", "application/json")
	if want := f.Base + "/profile/" + id + "?access_token=" + url.QueryEscape(f.Token) + "&b=2&a=1"; r.Status != 303 || r.Header.Get("Location") != want {
		t.Fatalf("want 303 %s, got %d %q", want, r.Status, r.Header.Get("Location"))
	}
	// v3/v4: 204 without Location.
	for _, v := range []string{"v3", "v4"} {
		expectEmpty(t, f.do("PUT", "/"+v+"/profile/"+id, `{"fields":{"LastName":"v"}}`), 204)
		expectEmpty(t, f.do("PUT", "/"+v+"/profile/"+id+"/fields", `{"LastName":"v"}`), 204)
	}
}

func TestB42_ModifiedUnchangedWithoutRealChange(t *testing.T) {
	f := newFixture(t)
	id := f.mkFields(`{"LastName":"Muit","Birthdate":"2000-01-02"}`)
	before := f.get(id)
	nextSecond()
	for _, body := range []string{
		`{"fields":{"ANumber":-1.9}}`, `{"fields":{"ANumber":"-1"}}`, `{"fields":{"notafield":"x"}}`, `{"fields":{}}`,
		`{"fields":{"LastName":"Muit"}}`, `{"fields":{"Birthdate":"2000-01-02 13:14:15"}}`, `{}`, `{"interests":[]}`,
	} {
		f.put(id, body)
	}
	f.putFields(id, `{"ANumber":-1.2,"notafield":100}`)
	expectEmpty(t, f.do("PUT", "/v2/database/Test/profiles?fields[]=ID%3D%3D"+id, `{"fields":{"ANumber":"-1abc"}}`), 200)
	after := f.get(id)
	if after.Modified != before.Modified {
		t.Fatalf("modified moved from %s to %s without a change", before.Modified, after.Modified)
	}
}

func TestB43_ModifiedOnRealChange(t *testing.T) {
	f := newFixture(t)
	id := f.mkFields(`{"LastName":"Muit"}`)
	last := f.get(id).Modified
	step := func(body string, fields string) {
		t.Helper()
		nextSecond()
		f.put(id, body)
		p := f.get(id)
		if p.Modified == last || p.Modified < last {
			t.Fatalf("%s: modified stayed %s", body, p.Modified)
		}
		expectRecent(t, "modified", p.Modified)
		if p.Created == p.Modified {
			t.Fatalf("created moved too")
		}
		last = p.Modified
		f.expectFields(id, fields)
	}
	step(`{"fields":{"LastName":"muit"}}`, `{"Email":"","LastName":"muit","Birthdate":"","ANumber":"-1"}`)
	step(`{"fields":{"LastName":""}}`, `{"Email":"","LastName":"","Birthdate":"","ANumber":"-1"}`)
	step(`{"fields":{"ANumber":null}}`, `{"Email":"","LastName":"","Birthdate":"","ANumber":"0"}`)
	step(`{"fields":{"ANumber":1,"LastName":""}}`, `{"Email":"","LastName":"","Birthdate":"","ANumber":"1"}`)
}

func TestB44_SecretUpdate(t *testing.T) {
	f := newFixture(t)
	id := f.mk(`{}`)
	before := f.get(id)
	nextSecond()
	check := func(body, want string) {
		t.Helper()
		f.put(id, body)
		p := f.get(id)
		if p.Secret != want {
			t.Fatalf("%s: want secret %q, got %q", body, want, p.Secret)
		}
		if p.Modified != before.Modified {
			t.Fatalf("%s: modified moved", body)
		}
	}
	check(`{"secret":"s`+"`"+`~\"{}'üCE"}`, "s`~\"{}'?CE")
	check(`{"secret":"a€b😀c"}`, "a?b?c")
	check(`{"secret":""}`, "")
	check(`{"secret":"plain"}`, "plain")
	check(`{"secret":null}`, "plain")
	check(`{"secret":["x"]}`, "1")
	check(`{"secret":{"a":1}}`, "1")
	check(`{"secret":12}`, "12")
	check(`{"secret":true}`, "1")
	// The secret works as the code filter.
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?fields[]=code%3D%3D1", nil), id)
}

func TestB45_CreateKeyIgnoredOnPut(t *testing.T) {
	f := newFixture(t)
	id := f.mk(`{}`)
	f.put(id, `{"create":true,"fields":{"LastName":"c"}}`)
	f.put(id, `{"create":1}`)
	f.expect303(f.do("PUT", "/v2/profile/"+id+"?create=1", `{"create":1,"fields":{"LastName":"d"}}`), "profile/"+id, "create=1")
	if ids := listIDs(t, f.do("GET", "/v2/database/Test/profiles", nil)); len(ids) != 1 {
		t.Fatalf("create made profiles: %v", ids)
	}
	f.expectFields(id, `{"Email":"","LastName":"d","Birthdate":"","ANumber":"-1"}`)
}

func TestB46_PutFieldsTakesFieldMap(t *testing.T) {
	f := newFixture(t)
	id := f.mkFields(`{"LastName":"Muit"}`)
	before := f.get(id)
	nextSecond()
	f.putFields(id, `{"ANumber":-1.2,"notafield":100}`)
	f.putFields(id, `{"fields":{"LastName":"wrapped"}}`)
	f.putFields(id, `[]`)
	if p := f.get(id); p.Modified != before.Modified || p.Fields["LastName"] != "Muit" {
		t.Fatalf("no-op changed the profile: %+v", p)
	}
	f.putFields(id, `{"lastNAME":""}`)
	p := f.get(id)
	if p.Modified == before.Modified {
		t.Fatal("modified did not move")
	}
	f.expectFields(id, defaultsFields)
	// A field named "fields" is written through the field map.
	f.addField("Test", `{"name":"fields","type":"text"}`)
	f.putFields(id, `{"fields":"now a field"}`)
	f.expectFields(id, `{"Email":"","LastName":"","Birthdate":"","ANumber":"-1","fields":"now a field"}`)
	// Form-encoded bodies work too.
	r := f.raw("PUT", "/v2/profile/"+id+"/fields?access_token="+url.QueryEscape(f.Token), "LastName=form&ANumber=12", "Content-Type", "application/x-www-form-urlencoded")
	if r.Status != 303 {
		t.Fatalf("form PUT: %s", r)
	}
	f.expectFields(id, `{"Email":"","LastName":"form","Birthdate":"","ANumber":"12","fields":"now a field"}`)
	// POST profile/{pid}/fields is an alias (O24).
	f.expect303(f.do("POST", "/v2/profile/"+id+"/fields", `{"LastName":"posted"}`), "profile/"+id, "")
	expectEmpty(t, f.do("POST", "/v4/profile/"+id+"/fields", `{"ANumber":13}`), 204)
	f.expectFields(id, `{"Email":"","LastName":"posted","Birthdate":"","ANumber":"13","fields":"now a field"}`)
}

func TestB47_BulkUpdateMatching(t *testing.T) {
	f := newFixture(t)
	a := f.mkFields(`{"LastName":"Muit","ANumber":5}`)
	b := f.mkFields(`{"LastName":"muit","ANumber":1}`)
	c := f.mkFields(`{"LastName":"Other","ANumber":5}`)
	gone := f.mkFields(`{"LastName":"Muit"}`)
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+gone, nil), "profile "+gone)
	before := map[string]profileDoc{a: f.get(a), b: f.get(b), c: f.get(c), gone: f.get(gone)}
	nextSecond()
	for _, create := range []string{"", "&create=1"} {
		r := f.do("PUT", "/v2/database/Test/profiles?"+pq("fields[]", "LastName==Muit")+create, `{"fields":{"ANumber":5,"Email":"m@x.y"}}`)
		expectEmpty(t, r, 200)
	}
	pa, pb, pc, pg := f.get(a), f.get(b), f.get(c), f.get(gone)
	if pa.Fields["Email"] != "m@x.y" || pb.Fields["Email"] != "m@x.y" || pb.Fields["ANumber"] != "5" || pa.Fields["ANumber"] != "5" {
		t.Fatalf("matches not updated: %+v %+v", pa, pb)
	}
	if pa.Modified == before[a].Modified || pb.Modified == before[b].Modified {
		t.Fatal("modified of updated profiles did not move")
	}
	if profileJSON(pc, "") != profileJSON(before[c], "") || pc.Fields["Email"] != "" {
		t.Fatalf("non-match changed: %+v", pc)
	}
	if profileJSON(pg, "") != profileJSON(before[gone], "") {
		t.Fatalf("removed profile changed: %+v / %+v", pg, before[gone])
	}
	// modified changes only where values really change.
	mA := pa.Modified
	nextSecond()
	expectEmpty(t, f.do("PUT", "/v2/database/Test/profiles?"+pq("fields[]", "ANumber==5"), `{"fields":{"Email":"m@x.y"}}`), 200)
	if p := f.get(c); p.Modified == pc.Modified || p.Fields["Email"] != "m@x.y" {
		t.Fatalf("c should have changed: %+v", p)
	}
	if p := f.get(a); p.Modified != mA {
		t.Fatalf("a did not change but modified moved")
	}
	// v1 flat body, v3/v4 204.
	expectEmpty(t, f.do("PUT", "/v1/database/Test/profiles?"+pq("fields[]", "LastName==Other"), `{"LastName":"Flat"}`), 200)
	if p := f.get(c); p.Fields["LastName"] != "Flat" {
		t.Fatalf("v1 flat bulk body: %+v", p)
	}
	expectEmpty(t, f.do("PUT", "/v1/database/Test/profiles?"+pq("fields[]", "LastName==Flat"), `{"fields":{"LastName":"Structured"}}`), 200)
	if p := f.get(c); p.Fields["LastName"] != "Structured" {
		t.Fatalf("v1 structured bulk body: %+v", p)
	}
	for _, v := range []string{"v3", "v4"} {
		expectEmpty(t, f.do("PUT", "/"+v+"/database/Test/profiles?"+pq("fields[]", "LastName==Structured"), `{"fields":{"ANumber":`+v[1:]+`}}`), 204)
		if p := f.get(c); p.Fields["ANumber"] != v[1:] {
			t.Fatalf("%s bulk: %+v", v, p)
		}
	}
	// async is accepted and ignored (O31).
	expectEmpty(t, f.do("PUT", "/v2/database/Test/profiles?"+pq("fields[]", "ID=="+a, "async", "1"), `{"fields":{"LastName":"Async"}}`), 200)
	if p := f.get(a); p.Fields["LastName"] != "Async" {
		t.Fatalf("async update not applied synchronously: %+v", p)
	}
}

func TestB48_BulkCreate(t *testing.T) {
	f := newFixture(t)
	existing := f.mkFields(`{"LastName":"Exists"}`)
	// Without create: nothing happens.
	expectEmpty(t, f.do("PUT", "/v2/database/Test/profiles?"+pq("fields[]", "LastName==Nobody"), `{"fields":{"LastName":"New"}}`), 200)
	if ids := listIDs(t, f.do("GET", "/v2/database/Test/profiles", nil)); len(ids) != 1 {
		t.Fatalf("PUT without create created: %v", ids)
	}
	for _, v := range []string{"v1", "v2", "v3", "v4", ""} {
		pre := "/" + v
		if v == "" {
			pre = ""
		}
		qs := pq("fields[]", "LastName==Nobody", "create", "1")
		body := `{"fields":{"LastName":"New","ANumber":3},"interests":[],"secret":"nope"}`
		r := f.do("PUT", pre+"/database/Test/profiles?"+qs, body)
		id := r.Header.Get("X-Created")
		if !digitsRe.MatchString(id) || len(r.Body) != 0 {
			t.Fatalf("%s: want X-Created, got %s %v", v, r, r.Header)
		}
		switch v {
		case "v3", "v4":
			loc := f.Base + pre + "/profile/" + id
			if r.Status != 201 || r.Header.Get("X-Location") != loc || r.Header.Get("Location") != loc {
				t.Fatalf("%s: want 201 X-Location %s, got %d %v", v, loc, r.Status, r.Header)
			}
		default:
			if r.Status != 303 || r.Header.Get("Location") != f.Base+"/profile/"+id {
				t.Fatalf("%s: want 303 Location %s, got %d %v", v, f.Base+"/profile/"+id, r.Status, r.Header)
			}
		}
		// O22: the body only, not the selection values; secret not applied.
		p := f.get(id)
		if p.Fields["LastName"] != "New" || p.Fields["ANumber"] != "3" || !secretRe.MatchString(p.Secret) {
			t.Fatalf("created profile: %+v", p)
		}
		expectRecent(t, "created", p.Created)
		// Make it not match the next round.
		f.put(id, `{"fields":{"LastName":"Made`+v+`"}}`)
	}
	// With a match, create is irrelevant.
	expectEmpty(t, f.do("PUT", "/v2/database/Test/profiles?"+pq("fields[]", "LastName==Exists", "create", "1"), `{"fields":{"ANumber":8}}`), 200)
	if p := f.get(existing); p.Fields["ANumber"] != "8" {
		t.Fatalf("match not updated: %+v", p)
	}
	if ids := listIDs(t, f.do("GET", "/v2/database/Test/profiles", nil)); len(ids) != 6 {
		t.Fatalf("want 6 profiles, got %v", ids)
	}
	// A removed profile does not count as a match: create makes a new one.
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+existing, nil), "profile "+existing)
	r := f.do("PUT", "/v2/database/Test/profiles?"+pq("fields[]", "ID=="+existing, "create", "yes"), `{"fields":{"LastName":"Again"}}`)
	if r.Status != 303 || r.Header.Get("X-Created") == existing {
		t.Fatalf("create after removal: %s %v", r, r.Header)
	}
	// v1 flat body on create.
	r = f.do("PUT", "/v1/database/Test/profiles?"+pq("fields[]", "LastName==Flat", "create", "1"), `{"LastName":"Flat","email":"f@x.y"}`)
	id := r.Header.Get("X-Created")
	if r.Status != 303 || id == "" {
		t.Fatalf("v1 flat create: %s %v", r, r.Header)
	}
	f.expectFields(id, `{"Email":"f@x.y","LastName":"Flat","Birthdate":"","ANumber":"-1"}`)
}

func TestB50_UnusableSelectionUpdatesAll(t *testing.T) {
	f := newFixture(t)
	a, b := f.mk(`{}`), f.mk(`{}`)
	gone := f.mk(`{}`)
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+gone, nil), "profile "+gone)
	other := f.addDatabase("Other", `{"name":"LastName","type":"text"}`)
	o := f.mkIn(other, `{}`)
	n := 0
	for _, sel := range []string{
		pq("fields[]", "bogus==1"), pq("fields[]", "LastName ==x"), pq("fields[]", "nooperator"), pq("fields[]", "LastName=x"),
		pq("fields[]", ""), "fields[]", pq("fields[0]", "x==1", "fields[1]", "y=~2"),
	} {
		n++
		val := "all" + strconv.Itoa(n)
		expectEmpty(t, f.do("PUT", "/v2/database/Test/profiles?"+sel, `{"fields":{"LastName":"`+val+`"}}`), 200)
		for _, id := range []string{a, b} {
			if p := f.get(id); p.Fields["LastName"] != val {
				t.Fatalf("%s: profile %s not updated: %+v", sel, id, p)
			}
		}
		if p := f.get(gone); p.Fields["LastName"] != "" {
			t.Fatalf("removed profile updated")
		}
		if p := f.get(o); p.Fields["LastName"] != "" {
			t.Fatalf("profile of another database updated")
		}
	}
	// O3: without the parameter (or with a non-array one) the request is refused.
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		expectError(t, f.do("PUT", "/"+v+"/database/Test/profiles", `{"fields":{"LastName":"x"}}`), "URL parameter fields is required")
		expectError(t, f.do("PUT", "/"+v+"/database/Test/profiles?fields=ID%3E0&create=1", `{"fields":{"LastName":"x"}}`), "URL parameter fields is required")
	}
	if p := f.get(a); p.Fields["LastName"] != "all"+strconv.Itoa(n) {
		t.Fatalf("refused request changed data: %+v", p)
	}
}

func TestB51_DeleteAnswer(t *testing.T) {
	f := newFixture(t)
	for _, v := range []string{"v1", "v2", ""} {
		id := f.mk(`{}`)
		pre := "/" + v
		if v == "" {
			pre = ""
		}
		expectEmpty200Deleted(t, f.do("DELETE", pre+"/profile/"+id, nil), "profile "+id)
		id = f.mk(`{}`)
		expectEmpty200Deleted(t, f.do("DELETE", pre+"/profile/"+id+"/", `[]`), "profile "+id)
	}
	for _, v := range []string{"v3", "v4"} {
		id := f.mk(`{}`)
		r := f.do("DELETE", "/"+v+"/profile/"+id, nil)
		if r.Status != 204 || len(r.Body) != 0 || r.Header.Get("X-Deleted") != "profile "+id {
			t.Fatalf("%s delete: %s %v", v, r, r.Header)
		}
	}
	if ids := listIDs(t, f.do("GET", "/v2/database/Test/profiles", nil)); len(ids) != 0 {
		t.Fatalf("profiles left: %v", ids)
	}
}

func TestB52_RemovedProfileReadsEmpty(t *testing.T) {
	f := newFixture(t)
	f.addInterest("Football", "sport")
	id := f.mk(`{"fields":{"Email":"a@b.c","LastName":"Doe","Birthdate":"2000-01-02","ANumber":6},"interests":["Football"]}`)
	before := f.get(id)
	nextSecond()
	r := f.do("DELETE", "/v2/profile/"+id, nil)
	expectEmpty200Deleted(t, r, "profile "+id)
	after := f.get(id)
	removed, _ := after.Removed.(string)
	expectRecent(t, "removed", removed)
	if removed == before.Modified {
		t.Fatalf("removed %q equals the old modified", removed)
	}
	want := profileJSON(profileDoc{ID: id, Interests: []string{"Football"}, Database: f.DB, Secret: before.Secret,
		Created: before.Created, Modified: before.Modified, Removed: removed}, `{"Email":"","LastName":"","Birthdate":"","ANumber":""}`)
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		expectJSON(t, f.do("GET", "/"+v+"/profile/"+id, nil), want)
		expectJSON(t, f.do("GET", "/"+v+"/profile/"+id+"/fields", nil), `{"Email":"","LastName":"","Birthdate":"","ANumber":""}`)
	}
	// The interest route of a removed profile answers [] (§3.11).
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `[]`)
}

func TestB53_RemovedNotListed(t *testing.T) {
	f := newFixture(t)
	a, b, c := f.mk(`{}`), f.mk(`{}`), f.mk(`{}`)
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+b, nil), "profile "+b)
	r := f.do("GET", "/v2/database/Test/profiles", nil)
	expectIDs(t, r, a, c)
	if !strings.HasSuffix(string(r.Body), `],"total":2}`) || !strings.HasPrefix(string(r.Body), `{"start":0,"limit":100,"count":2,`) {
		t.Fatalf("envelope: %s", r.Body)
	}
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?fields[]=ID%3D%3D"+b, nil))
	expectJSON(t, f.do("GET", "/v2/database/Test/profileids", nil), `["`+a+`","`+c+`"]`)
}

func TestB55_UpdateRemovedProfile(t *testing.T) {
	f := newFixture(t)
	id := f.mkFields(`{"LastName":"Doe"}`)
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+id, nil), "profile "+id)
	base := f.get(id)
	nextSecond()
	// (a) secret: stored, modified stays.
	f.put(id, `{"secret":"deletedd"}`)
	p := f.get(id)
	if p.Secret != "deletedd" || p.Modified != base.Modified {
		t.Fatalf("(a): %+v", p)
	}
	// (b) empty fields: nothing changes.
	f.put(id, `{"fields":{}}`)
	f.put(id, `{"fields":[]}`)
	f.putFields(id, `{}`)
	f.put(id, `{"fields":{"notafield":1}}`)
	if p := f.get(id); p.Modified != base.Modified {
		t.Fatalf("(b): modified moved: %+v", p)
	}
	// (c) a known field, even unchanged, bumps modified every time; values stay "".
	last := base.Modified
	for _, body := range []string{`{"fields":{"ANumber":-1}}`, `{"fields":{"ANumber":-1}}`, `{"fields":{"LastName":"New"}}`} {
		f.put(id, body)
		p := f.get(id)
		if p.Modified <= last {
			t.Fatalf("(c) %s: modified %s not after %s", body, p.Modified, last)
		}
		expectRecent(t, "modified", p.Modified)
		last = p.Modified
		f.expectFields(id, `{"Email":"","LastName":"","Birthdate":"","ANumber":""}`)
		if p.Removed != base.Removed {
			t.Fatalf("removed changed: %v", p.Removed)
		}
		nextSecond()
	}
	f.putFields(id, `{"LASTNAME":"x"}`)
	if p := f.get(id); p.Modified <= last {
		t.Fatalf("PUT fields on removed: modified %s", p.Modified)
	}
	// v3/v4 answer 204.
	expectEmpty(t, f.do("PUT", "/v4/profile/"+id, `{"fields":{"ANumber":1}}`), 204)
	// Still not listed.
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles", nil))
}

func TestB57_ListItemsRemovedFalse(t *testing.T) {
	f := newFixture(t)
	f.mk(`{}`)
	gone := f.mk(`{}`)
	f.mk(`{}`)
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+gone, nil), "profile "+gone)
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		r := f.do("GET", "/"+v+"/database/Test/profiles", nil)
		var env struct{ Data []map[string]any }
		json.Unmarshal(r.Body, &env)
		if len(env.Data) != 2 {
			t.Fatalf("%s: %s", v, r.Body)
		}
		for _, it := range env.Data {
			if it["removed"] != false {
				t.Fatalf("%s: removed = %v", v, it["removed"])
			}
		}
	}
}
