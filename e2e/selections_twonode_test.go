package e2e

import (
	"testing"
)

// TestTwoNodes_SelectionDefinitionsThroughDifferentNodes: selection
// definitions are structure, so a view, rule or condition written on one
// node is read on another at its next request, like a field.
func TestTwoNodes_SelectionDefinitionsThroughDifferentNodes(t *testing.T) {
	if engine != "postgres" {
		t.Skip("two nodes share a PostgreSQL store; runs in the PostgreSQL half of the suite")
	}
	a := startServer(t)
	b := &server{t: t, DSN: a.DSN, Token: a.Token}
	b.start()
	t.Cleanup(b.stop)

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
