package e2e

// behaviour.md sections D (creating), E (updating) and F (deleting) where
// only profiles are concerned: B40, B47, B48, B50. What holds for both kinds
// is in entities_write_test.go.

import (
	"strconv"
	"testing"
)

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
