package e2e

import (
	"encoding/json"
	"testing"
	"time"
)

// Members kept fresh by the writer (issue 10 "always fresh", selections.md
// §3.5, §9): a write is in the members of every selection of its database
// at the next read. Selections whose conditions test the entity itself move
// without a rebuild (last-built stays); those depending on the clock or the
// whole set are marked stale and rebuilt on that read (last-built moves).

// lastBuilt reads last-built of a view or miniview ("view/3").
func lastBuilt(t *testing.T, s *server, obj string) string {
	t.Helper()
	r := s.do("GET", "/v3/"+obj, nil)
	if r.Status != 200 {
		t.Fatalf("GET %s: %d %s", obj, r.Status, r.Body)
	}
	var o map[string]any
	if err := json.Unmarshal(r.Body, &o); err != nil {
		t.Fatal(err)
	}
	lb, _ := o["last-built"].(string)
	if lb == "" {
		t.Fatalf("%s was never built: %s", obj, r.Body)
	}
	return lb
}

func TestSel9_WritesMoveMembersWithoutRebuild(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newMemberShop(t, s)
	for p, born := range map[string]string{x.P1: "1990-05-01", x.P2: "2001-01-01", x.P3: "1985-07-15"} {
		if r := s.do("PUT", "/v3/profile/"+p+"/fields", map[string]any{"born": born}); r.Status != 204 {
			t.Fatal(r)
		}
	}
	field := func(f, cmp, v string) map[string]any {
		return map[string]any{"type": "Field", "field": f, "comparison": cmp, "value": v}
	}
	mini := mustCreate(t, s, "/v3/collection/"+x.Coll+"/miniviews", map[string]any{"name": "big orders"})
	mr := mustCreate(t, s, "/v3/miniview/"+mini+"/minirules", map[string]any{"name": "big"})
	mustCreate(t, s, "/v3/minirule/"+mr+"/conditions", field("amount", "more", "5"))

	city := x.view(t, s, "", "delft", false, field("city", "equals", "delft"))
	fans := x.view(t, s, "", "fans", false, map[string]any{"type": "Interest", "interest": "football"})
	nineties := x.view(t, s, "", "nineties", false, map[string]any{"type": "Date", "field": "born",
		"after-time": "1989-01-01 00:00:00", "before-time": "1999-12-31 23:59:59"})
	high := x.view(t, s, city, "delft high", false, field("score", "more", "6"))
	notFans := x.view(t, s, "", "not fans", false, map[string]any{"type": "ReferView", "refer-view": fans, "check-type": "no"})
	scored := x.view(t, s, "", "scored", true, field("score", "less", "10")) // inverted: score ≥ 10
	buyers := x.view(t, s, "", "buyers", false, map[string]any{"type": "MiniView", "mini-view": mini})
	top := x.view(t, s, "", "top", false, map[string]any{"type": "Part", "begin": "0", "length": "1",
		"fields": []any{map[string]any{"field": "score", "order": "desc"}}})
	young := x.view(t, s, "", "young", false, map[string]any{"type": "Date", "field": "born",
		"after-mutation": []any{"minus", "40", "year", "day"}})

	members := func(obj string) string {
		t.Helper()
		path := "/v3/" + obj + "/profileids"
		if obj == "miniview/"+mini {
			path = "/v3/" + obj + "/subprofileids"
		}
		r := s.do("GET", path, nil)
		if r.Status != 200 {
			t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
		}
		return string(r.Body)
	}
	kept := map[string]string{ // object → members expected after the writes below
		"miniview/" + mini: idsJ(x.S1, x.S2, "S4"),
		"view/" + city:     idsJ("P5"),
		"view/" + fans:     idsJ(x.P1, "P5"),
		"view/" + nineties: idsJ(x.P1, "P5"),
		"view/" + high:     idsJ("P5"),
		"view/" + notFans:  idsJ(x.P3),
		"view/" + scored:   idsJ(x.P3, "P5"),
		"view/" + buyers:   idsJ(x.P1, x.P3),
	}
	moving := map[string]string{"view/" + top: idsJ("P5"), "view/" + young: idsJ(x.P1, "P5")}
	// Build everything once, dependencies first (a build marks what depends
	// on it stale), and check the starting members.
	order := []string{"miniview/" + mini, "view/" + city, "view/" + fans, "view/" + nineties, "view/" + high,
		"view/" + notFans, "view/" + scored, "view/" + buyers, "view/" + top, "view/" + young}
	start := map[string]string{
		"miniview/" + mini: idsJ(x.S2, x.S3), "view/" + city: idsJ(x.P1, x.P2), "view/" + fans: idsJ(x.P1, x.P3),
		"view/" + nineties: idsJ(x.P1), "view/" + high: idsJ(x.P2), "view/" + notFans: idsJ(x.P2),
		"view/" + scored: idsJ(x.P2, x.P3), "view/" + buyers: idsJ(x.P1, x.P2), "view/" + top: idsJ(x.P2),
		"view/" + young: idsJ(x.P1, x.P2),
	}
	built := map[string]string{}
	for _, obj := range order {
		if got := members(obj); got != start[obj] {
			t.Fatalf("%s before the writes: %s, want %s", obj, got, start[obj])
		}
	}
	for _, obj := range order {
		built[obj] = lastBuilt(t, s, obj)
	}
	// last-built has whole seconds: past this, a rebuild would show.
	time.Sleep(1100 * time.Millisecond)

	p5 := mustCreate(t, s, "/v3/database/"+x.DB+"/profiles", map[string]any{
		"fields": map[string]any{"city": "Delft", "score": 30, "born": "1995-03-03"}, "interests": []string{"football"}})
	if r := s.do("PUT", "/v3/profile/"+x.P1+"/fields", map[string]any{"city": "Leiden"}); r.Status != 204 {
		t.Fatal(r)
	}
	if r := s.do("PUT", "/v3/profile/"+x.P3+"/interests", map[string]any{"football": 0}); r.Status != 204 {
		t.Fatal(r)
	}
	s4 := mustCreate(t, s, "/v3/profile/"+x.P3+"/subprofiles/"+x.Coll, map[string]any{"amount": 7})
	if r := s.do("PUT", "/v3/subprofile/"+x.S1+"/fields", map[string]any{"amount": 6}); r.Status != 204 {
		t.Fatal(r)
	}
	if r := s.do("DELETE", "/v3/profile/"+x.P2, nil); r.Status != 204 {
		t.Fatal(r)
	}
	fill := func(j string) string {
		var ids []string
		_ = json.Unmarshal([]byte(j), &ids)
		for i, id := range ids {
			switch id {
			case "P5":
				ids[i] = p5
			case "S4":
				ids[i] = s4
			}
		}
		return idsJ(ids...)
	}
	for obj, want := range kept {
		if got := members(obj); got != fill(want) {
			t.Errorf("%s after the writes: %s, want %s", obj, got, fill(want))
		}
		if lb := lastBuilt(t, s, obj); lb != built[obj] {
			t.Errorf("%s was rebuilt (last-built %s, then %s): its members should have followed the writes", obj, built[obj], lb)
		}
	}
	for obj, want := range moving {
		if got := members(obj); got != fill(want) {
			t.Errorf("%s after the writes: %s, want %s", obj, got, fill(want))
		}
		if lb := lastBuilt(t, s, obj); lb == built[obj] {
			t.Errorf("%s was not rebuilt (last-built %s): it depends on the clock or the whole set", obj, lb)
		}
	}
}
