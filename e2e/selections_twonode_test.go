package e2e

import (
	"sync"
	"testing"
)

// TestTwoNodes_SelectionDefinitionsThroughDifferentNodes: selection
// definitions are structure, so a view, rule or condition written on one
// node is read on another at its next request, like a field.
func TestTwoNodes_SelectionDefinitionsThroughDifferentNodes(t *testing.T) {
	if engine != "postgres" {
		t.Skip("two nodes share a PostgreSQL store; runs in the PostgreSQL half of the suite")
	}
	a, b := startTwoNodes(t)

	x := newSelShop(t, a, "shared")
	v := mustCreate(t, a, "/v3/database/"+x.DB+"/views", map[string]any{"name": "Delft"})
	want := viewO{ID: v, Name: "Delft", DB: x.DB}
	expectJSON(t, b.do("GET", "/v3/view/"+v, nil), want.J())
	expectJSON(t, b.do("GET", "/v3/database/shared/views", nil), envJ(0, 100, []string{want.J()}, 1, true))

	// Node B adds a rule and a condition; node A reads them and a duplicate
	// name is refused on A against what B wrote.
	r := ruleO{ID: mustCreate(t, b, "/v3/view/"+v+"/rules", map[string]any{"name": "in town"}), Name: "in town", View: v}
	c := mustCreate(t, b, "/v3/rule/"+r.ID+"/conditions", map[string]any{"type": "Field", "field": "city", "value": "Delft"})
	r.Conds = []string{condJ(c, "Field", r.ID, "comparison", `"equals"`, "field", x.City.J(), "value", `"Delft"`, "other-field", "false", "numeric-comparison", "false")}
	expectJSON(t, a.do("GET", "/v3/rule/"+r.ID, nil), r.J())
	expectError(t, a.do("POST", "/v3/view/"+v+"/rules", `{"name":"IN TOWN"}`), "Name already in use")
	want.Rules = true
	expectJSON(t, a.do("GET", "/v3/view/"+v, nil), want.J())

	// A cycle is refused on B against a reference written on A.
	w := mustCreate(t, a, "/v3/database/"+x.DB+"/views", map[string]any{"name": "w"})
	mustCreate(t, a, "/v3/rule/"+r.ID+"/conditions", map[string]any{"type": "ReferView", "refer-view": w})
	rw := mustCreate(t, b, "/v3/view/"+w+"/rules", map[string]any{"name": "back"})
	expectError(t, b.do("POST", "/v3/rule/"+rw+"/conditions", map[string]any{"type": "ReferView", "refer-view": v}), "Selection would depend on itself")

	// A delete on A is seen on B.
	expectDeleted(t, a.do("DELETE", "/v3/view/"+v, nil), "/v3", "view "+v)
	expectError(t, b.do("GET", "/v3/view/"+v, nil), "No view with supplied ID")
	expectError(t, b.do("GET", "/v3/rule/"+r.ID, nil), "No rule with supplied ID")
}

// TestTwoNodes_Sel3_5_MembersBuiltOnEitherNode: two nodes read and write
// the members of one view at once. Builds lock the view's build row, so
// they take turns; both nodes always answer the members the rule selects,
// and a write on one node is seen in the members read on the other.
func TestTwoNodes_Sel3_5_MembersBuiltOnEitherNode(t *testing.T) {
	if engine != "postgres" {
		t.Skip("two nodes share a PostgreSQL store; runs in the PostgreSQL half of the suite")
	}
	a, b := startTwoNodes(t)
	x := newMemberShop(t, a)
	v := x.view(t, a, "", "delft", false, map[string]any{"type": "Field", "field": "city", "value": "Delft"})
	want := []string{x.P1, x.P2}
	var wg sync.WaitGroup
	for _, s := range []*server{a, b, a, b} {
		wg.Add(1)
		go func(s *server) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				if r := s.do("GET", "/v3/view/"+v+"/profileids", nil); r.Status != 200 || string(r.Body) != idsJ(want...) {
					t.Errorf("concurrent read: %v, want %s", r, idsJ(want...))
				}
			}
		}(s)
	}
	wg.Wait()
	p := mustCreate(t, a, "/v3/database/"+x.DB+"/profiles", map[string]any{"fields": map[string]any{"city": "Delft"}})
	expectJSON(t, b.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(x.P1, x.P2, p))
	if r := b.do("DELETE", "/v3/profile/"+x.P1, nil); r.Status != 204 {
		t.Fatal(r)
	}
	expectJSON(t, a.do("GET", "/v3/view/"+v+"/profileids", nil), idsJ(x.P2, p))
}
