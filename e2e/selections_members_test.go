package e2e

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Members of views and miniviews through the binary (selections.md §3, §3.5,
// §6, §8.2, §8.3): the member lists render like the database's and
// collection's lists, stale members are rebuilt on read, rebuild answers per
// version, last-built moves.

// memberShop is selShop with profiles and subprofiles:
//
//	p1 Delft, score 5, football; orders 3 and 9
//	p2 delft, score 20;           order 12
//	p3 Amsterdam, score 10, football
//	p4 Delft, score 7, removed
type memberShop struct {
	selShop
	P1, P2, P3, P4 string
	S1, S2, S3     string
}

func newMemberShop(t *testing.T, s *server) memberShop {
	t.Helper()
	x := memberShop{selShop: newSelShop(t, s, "shop")}
	profile := func(city string, score int, football bool) string {
		ints := []string{}
		if football {
			ints = append(ints, "football")
		}
		return mustCreate(t, s, "/v3/database/"+x.DB+"/profiles", map[string]any{
			"fields": map[string]any{"city": city, "score": score, "email": city + "@example.com"}, "interests": ints})
	}
	x.P1, x.P2, x.P3, x.P4 = profile("Delft", 5, true), profile("delft", 20, false), profile("Amsterdam", 10, true), profile("Delft", 7, false)
	order := func(p string, amount int) string {
		return mustCreate(t, s, "/v3/profile/"+p+"/subprofiles/"+x.Coll, map[string]any{"amount": amount, "when": "2024-01-02 03:04:05"})
	}
	x.S1, x.S2, x.S3 = order(x.P1, 3), order(x.P1, 9), order(x.P2, 12)
	if r := s.do("DELETE", "/v3/profile/"+x.P4, nil); r.Status != 204 {
		t.Fatalf("delete profile: %v", r)
	}
	return x
}

// view makes a view of one rule with the given conditions.
func (x memberShop) view(t *testing.T, s *server, parent, name string, inversed bool, conds ...map[string]any) string {
	t.Helper()
	path := "/v3/database/" + x.DB + "/views"
	if parent != "" {
		path = "/v3/view/" + parent + "/views"
	}
	v := mustCreate(t, s, path, map[string]any{"name": name})
	if len(conds) > 0 {
		r := mustCreate(t, s, "/v3/view/"+v+"/rules", map[string]any{"name": "r", "inversed": inversed})
		for _, c := range conds {
			mustCreate(t, s, "/v3/rule/"+r+"/conditions", c)
		}
	}
	return v
}

// allPart is a Part condition that keeps every entity: it changes no
// member, only makes the selection depend on the whole set (rebuilt, never
// maintained write by write).
var allPart = map[string]any{"type": "Part", "begin": 0}

func idsJ(ids ...string) string {
	b, _ := json.Marshal(append([]string{}, ids...))
	return string(b)
}

func TestSel8_2_ViewProfilesRenderLikeTheDatabaseList(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newMemberShop(t, s)
	v := x.view(t, s, "", "delft", false, map[string]any{"type": "Field", "field": "city", "value": "Delft"})
	for _, p := range versionPrefixes {
		// The same profiles, the same rendering, the same envelope as the
		// database list narrowed to them.
		want := s.do("GET", p+"/database/"+x.DB+"/profiles?fields[]=city==Delft&total=true", nil)
		got := s.do("GET", p+"/view/"+v+"/profiles?total=true", nil)
		if got.Status != 200 || string(got.Body) != string(want.Body) {
			t.Errorf("%s view/profiles:\n got %v\nwant %v", vname(p), got, want)
		}
		// A fields[] filter and an order apply over the members.
		want = s.do("GET", p+"/database/"+x.DB+"/profiles?fields[]=city==Delft&fields[]=score>6&orderby=score&order=desc", nil)
		got = s.do("GET", p+"/view/"+v+"/profiles?fields[]=score>6&orderby=score&order=desc", nil)
		if string(got.Body) != string(want.Body) {
			t.Errorf("%s filtered view/profiles:\n got %v\nwant %v", vname(p), got, want)
		}
		want = s.do("GET", p+"/database/"+x.DB+"/profiles?fields[]=city==Delft&dataonly=true&limit=1&start=1", nil)
		got = s.do("GET", p+"/view/"+v+"/profiles?dataonly=true&limit=1&start=1", nil)
		if string(got.Body) != string(want.Body) {
			t.Errorf("%s paged view/profiles:\n got %v\nwant %v", vname(p), got, want)
		}
		expectJSON(t, s.do("GET", p+"/view/"+v+"/profileids", nil), idsJ(x.P1, x.P2))
		expectJSON(t, s.do("GET", p+"/view/"+v+"/profileids?start=1", nil), idsJ(x.P2))
		expectJSON(t, s.do("GET", p+"/view/"+v+"/profileids?limit=1", nil), idsJ(x.P1))
		expectJSON(t, s.do("GET", p+"/view/"+v+"/profileids?limit=0", nil), idsJ())
	}
	expectError(t, s.do("GET", "/v3/view/99999/profiles", nil), "No view with supplied ID")
	expectError(t, s.do("GET", "/v3/view/99999/profileids", nil), "No view with supplied ID")
}

func TestSel8_3_MiniviewSubprofilesRenderLikeTheCollectionList(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newMemberShop(t, s)
	m := mustCreate(t, s, "/v3/collection/"+x.Coll+"/miniviews", map[string]any{"name": "big"})
	r := mustCreate(t, s, "/v3/miniview/"+m+"/minirules", map[string]any{"name": "r"})
	mustCreate(t, s, "/v3/minirule/"+r+"/conditions", map[string]any{"type": "Field", "field": "amount", "comparison": "more", "value": "5"})
	for _, p := range versionPrefixes {
		want := s.do("GET", p+"/collection/"+x.Coll+"/subprofiles?fields[]=amount>5&total=true", nil)
		for _, word := range []string{"subprofiles", "subprofile"} {
			got := s.do("GET", p+"/miniview/"+m+"/"+word+"?total=true", nil)
			if got.Status != 200 || string(got.Body) != string(want.Body) {
				t.Errorf("%s miniview/%s:\n got %v\nwant %v", vname(p), word, got, want)
			}
		}
		expectJSON(t, s.do("GET", p+"/miniview/"+m+"/subprofileids", nil), idsJ(x.S2, x.S3))
	}
	// A MiniView condition counts the profile's members (§5.7): p1 has one
	// order above 5, p2 one, p3 none.
	v := x.view(t, s, "", "buyers", false, map[string]any{"type": "MiniView", "mini-view": m})
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(x.P1, x.P2))
	v2 := x.view(t, s, "", "no buyers", false, map[string]any{"type": "MiniView", "mini-view": m, "max-subprofiles": 0})
	expectJSON(t, s.do("GET", "/v3/view/"+v2+"/profileids", nil), idsJ(x.P3))
}

// TestSel3_5_WritesAreSeenAtTheNextRead: members follow profile and
// subprofile writes and definition changes without a rebuild call.
func TestSel3_5_WritesAreSeenAtTheNextRead(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newMemberShop(t, s)
	v := x.view(t, s, "", "delft", false, map[string]any{"type": "Field", "field": "city", "value": "Delft"})
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(x.P1, x.P2))
	p5 := mustCreate(t, s, "/v3/database/"+x.DB+"/profiles", map[string]any{"fields": map[string]any{"city": "DELFT"}})
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(x.P1, x.P2, p5))
	if r := s.do("PUT", "/v3/profile/"+x.P1+"/fields", `{"city":"Leiden"}`); r.Status != 204 {
		t.Fatal(r)
	}
	if r := s.do("DELETE", "/v3/profile/"+x.P2, nil); r.Status != 204 {
		t.Fatal(r)
	}
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(p5))
	// A second rule (OR) widens the view at once.
	r := mustCreate(t, s, "/v3/view/"+v+"/rules", map[string]any{"name": "fans"})
	mustCreate(t, s, "/v3/rule/"+r+"/conditions", map[string]any{"type": "Interest", "interest": "football"})
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(x.P1, x.P3, p5))
	// Disabling it narrows it again.
	if r := s.do("PUT", "/v3/rule/"+r, `{"disabled":true}`); r.Status != 204 {
		t.Fatal(r)
	}
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(p5))
	// A subprofile write reaches a miniview; p2's order went with p2.
	m := mustCreate(t, s, "/v3/collection/"+x.Coll+"/miniviews", map[string]any{"name": "all"})
	expectJSON(t, s.do("GET", "/v3/miniview/"+m+"/subprofileids", nil), idsJ(x.S1, x.S2))
	s4 := mustCreate(t, s, "/v3/profile/"+x.P3+"/subprofiles/"+x.Coll, map[string]any{"amount": 1})
	expectJSON(t, s.do("GET", "/v3/miniview/"+m+"/subprofileids", nil), idsJ(x.S1, x.S2, s4))
}

// TestSel3_1_RulesInversionAndNesting: OR between rules, an inverted rule
// relative to the candidates, a nested view within its parent, ReferView.
func TestSel3_1_RulesInversionAndNesting(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newMemberShop(t, s)
	notFans := x.view(t, s, "", "not fans", true, map[string]any{"type": "Interest", "interest": "football"})
	expectJSON(t, s.do("GET", "/v3/view/"+notFans+"/profileids", nil), idsJ(x.P2))
	all := x.view(t, s, "", "everyone", false)
	expectJSON(t, s.do("GET", "/v3/view/"+all+"/profileids", nil), idsJ(x.P1, x.P2, x.P3))
	fans := x.view(t, s, "", "fans", false, map[string]any{"type": "Interest", "interest": "football"})
	// Nested: inside the fans, those not in Delft (inversion stays inside the parent).
	nested := x.view(t, s, fans, "fans elsewhere", true, map[string]any{"type": "Field", "field": "city", "value": "delft"})
	expectJSON(t, s.do("GET", "/v3/view/"+nested+"/profileids", nil), idsJ(x.P3))
	refer := x.view(t, s, "", "not the fans", false, map[string]any{"type": "ReferView", "refer-view": fans, "check-type": "no"})
	expectJSON(t, s.do("GET", "/v3/view/"+refer+"/profileids", nil), idsJ(x.P2))
	// A change to the fans reaches what depends on it.
	if r := s.do("PUT", "/v3/profile/"+x.P2+"/interests", `{"football":1}`); r.Status != 204 {
		t.Fatal(r)
	}
	expectJSON(t, s.do("GET", "/v3/view/"+refer+"/profileids", nil), idsJ())
	expectJSON(t, s.do("GET", "/v3/view/"+nested+"/profileids", nil), idsJ(x.P3))
}

// TestSel5_5_PartTopScorer: sort by score descending, keep the first.
func TestSel5_5_PartTopScorer(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newMemberShop(t, s)
	top := x.view(t, s, "", "top", false, map[string]any{"type": "Part", "begin": 0, "length": 1,
		"fields": []any{map[string]any{"field": "score", "order": "desc", "numeric": true}}})
	expectJSON(t, s.do("GET", "/v3/view/"+top+"/profileids", nil), idsJ(x.P2))
	lowest := x.view(t, s, "", "lowest", false, map[string]any{"type": "Part", "begin": "-0", "length": 1,
		"fields": []any{map[string]any{"field": "score", "order": "desc", "numeric": true}}})
	expectJSON(t, s.do("GET", "/v3/view/"+lowest+"/profileids", nil), idsJ(x.P1))
	// A new top scorer takes the place at the next read.
	p5 := mustCreate(t, s, "/v3/database/"+x.DB+"/profiles", map[string]any{"fields": map[string]any{"score": 99}})
	expectJSON(t, s.do("GET", "/v3/view/"+top+"/profileids", nil), idsJ(p5))
}

// TestSel5_3_BirthdayToday is the birthday recipe: a date whose month and
// day are today's, in the service zone, whatever the year.
func TestSel5_3_BirthdayToday(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newMemberShop(t, s)
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(loc)
	born := func(d time.Time) string {
		return mustCreate(t, s, "/v3/database/"+x.DB+"/profiles", map[string]any{"fields": map[string]any{"born": d.Format("2006-01-02")}})
	}
	yes := born(today.AddDate(-30, 0, 0))
	born(today.AddDate(-30, 0, 1))
	born(today.AddDate(-30, 0, -1))
	v := x.view(t, s, "", "birthday", false, map[string]any{"type": "Date", "field": "born", "compare-mode": "ignoreyear",
		"after-mutation": `["minus","0","day","day"]`, "before-mutation": `["minus","0","day","day"]`})
	if time.Now().In(loc).Format("01-02") != today.Format("01-02") {
		t.Skip("midnight passed during the test")
	}
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(yes))
}

// TestSel3_5_RebuildAndLastBuilt: rebuild answers like a POST on a PUT
// route for POST and PUT in every version; last-built is false until the
// first build, then a timestamp.
func TestSel3_5_RebuildAndLastBuilt(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newMemberShop(t, s)
	v := x.view(t, s, "", "delft", false, map[string]any{"type": "Field", "field": "city", "value": "Delft"})
	m := mustCreate(t, s, "/v3/collection/"+x.Coll+"/miniviews", map[string]any{"name": "all"})
	lastBuilt := func(path string) any {
		var obj map[string]any
		if err := json.Unmarshal(s.do("GET", path, nil).Body, &obj); err != nil {
			t.Fatal(err)
		}
		return obj["last-built"]
	}
	if lb := lastBuilt("/v3/view/" + v); lb != false {
		t.Fatalf("last-built before the first build: %v", lb)
	}
	for _, p := range versionPrefixes {
		for _, method := range []string{"POST", "PUT"} {
			expectPostAsPut(t, s.do(method, p+"/view/"+v+"/rebuild", nil), p)
			expectPostAsPut(t, s.do(method, p+"/miniview/"+m+"/rebuild", url.Values{}), p)
		}
	}
	for _, path := range []string{"/v3/view/" + v, "/v3/miniview/" + m} {
		deadline := time.Now().Add(20 * time.Second)
		for lastBuilt(path) == false && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		lb, _ := lastBuilt(path).(string)
		if _, err := time.Parse("2006-01-02 15:04:05", lb); err != nil {
			t.Errorf("%s: last-built %q after a rebuild", path, lb)
		}
	}
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(x.P1, x.P2))
	// The lists of views carry it too.
	if body := string(s.do("GET", "/v3/database/"+x.DB+"/views", nil).Body); !strings.Contains(body, `"last-built":"20`) {
		t.Errorf("database views list without last-built: %s", body)
	}
	expectError(t, s.do("POST", "/v3/view/99999/rebuild", nil), "No view with supplied ID")
	expectError(t, s.do("PUT", "/v3/miniview/99999/rebuild", nil), "No miniview with supplied ID")
}

// TestSel5_8_ChangeFromTheJournal: Change conditions read the journal of
// every write: created, edited, a watched field, subprofile events, and
// their negations, within a window relative to the build.
func TestSel5_8_ChangeFromTheJournal(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newMemberShop(t, s)
	if r := s.do("PUT", "/v3/profile/"+x.P3+"/fields", `{"score":11}`); r.Status != 204 {
		t.Fatal(r)
	}
	if r := s.do("PUT", "/v3/profile/"+x.P2+"/fields", `{"city":"Delft"}`); r.Status != 204 {
		t.Fatal(r)
	}
	today := func(typ string, extra ...any) map[string]any {
		c := map[string]any{"type": "Change", "change-type": typ, "after-mutation": `["minus","1","day","day"]`}
		for i := 0; i+1 < len(extra); i += 2 {
			c[extra[i].(string)] = extra[i+1]
		}
		return c
	}
	for _, tc := range []struct {
		name string
		cond map[string]any
		want []string
	}{
		{"new", today("new"), []string{x.P1, x.P2, x.P3}},
		{"edited", today("edit"), []string{x.P2, x.P3}},
		{"not edited", today("noedit"), []string{x.P1}},
		{"city changed", today("field", "field", "city"), []string{x.P2}},
		{"city unchanged", today("nofield", "field", "city"), []string{x.P1, x.P3}},
		{"got an order", today("newsubprofile"), []string{x.P1, x.P2}},
		{"anything", today("any"), []string{x.P1, x.P2, x.P3}},
		{"nothing in the future", map[string]any{"type": "Change", "change-type": "none", "after-mutation": `["plus","1","day","day"]`},
			[]string{x.P1, x.P2, x.P3}},
	} {
		v := x.view(t, s, "", tc.name, false, tc.cond)
		expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(tc.want...))
	}
}

// TestSel3_5_BuildOnReadOff: with --selection-build-on-read=false stored
// members are served as they are, like the hosted service, until a rebuild;
// a selection never built is still built at its first read.
func TestSel3_5_BuildOnReadOff(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--selection-build-on-read=false")
	x := newMemberShop(t, s)
	// A Part (here: all of them) makes the view depend on the whole set, so
	// writes leave it stale instead of moving its members.
	v := x.view(t, s, "", "delft", false, map[string]any{"type": "Field", "field": "city", "value": "Delft"}, allPart)
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(x.P1, x.P2))
	p5 := mustCreate(t, s, "/v3/database/"+x.DB+"/profiles", map[string]any{"fields": map[string]any{"city": "Delft"}})
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(x.P1, x.P2))
	// A removed profile leaves the stale members at once (§9).
	if r := s.do("DELETE", "/v3/profile/"+x.P1, nil); r.Status != 204 {
		t.Fatal(r)
	}
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(x.P2))
	if body := string(s.do("GET", "/v3/view/"+v+"/profiles?dataonly=true", nil).Body); strings.Contains(body, `"ID":"`+x.P1+`"`) ||
		!strings.Contains(body, `"total":1`) {
		t.Errorf("a removed profile in the stale member list or its total: %s", body)
	}
	expectPostAsPut(t, s.do("POST", "/v3/view/"+v+"/rebuild", nil), "/v3")
	want := idsJ(x.P2, p5)
	deadline := time.Now().Add(20 * time.Second)
	for string(s.do("GET", "/v3/view/"+v+"/profileids", nil).Body) != want && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), want)
}

// TestSel3_5_BuildTimeLimit: past the time limit a read of a stale view
// answers with the previous members and the build finishes behind it.
func TestSel3_5_BuildTimeLimit(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--selection-build-timeout", "1ns")
	x := newMemberShop(t, s)
	v := x.view(t, s, "", "delft", false, map[string]any{"type": "Field", "field": "city", "value": "Delft"}, allPart)
	// Never built: waited for whatever the limit.
	expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(x.P1, x.P2))
	p5 := mustCreate(t, s, "/v3/database/"+x.DB+"/profiles", map[string]any{"fields": map[string]any{"city": "Delft"}})
	old, fresh := idsJ(x.P1, x.P2), idsJ(x.P1, x.P2, p5)
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := string(s.do("GET", "/v3/view/"+v+"/profileids", nil).Body)
		if got == fresh {
			break
		}
		if got != old {
			t.Fatalf("a read past the time limit answered %s, neither the previous %s nor the new %s", got, old, fresh)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the build never finished behind the reads")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
