package e2e

import (
	"encoding/json"
	"testing"
)

// TestI13_GetProfileOnTheOtherNodeSeesStructureAtOnce: a GET profile/{id}
// reads the structure version with the row (one round trip) instead of
// checking it first. Node b has read the profile (its catalog and owner
// cache are warm) when node a adds a field, changes a field's type and
// deletes a field: b's very next GET answers with the structure as it is
// after each change.
func TestI13_GetProfileOnTheOtherNodeSeesStructureAtOnce(t *testing.T) {
	if engine != "postgres" {
		t.Skip("two nodes share a PostgreSQL store; runs in the PostgreSQL half of the suite")
	}
	a, b := startTwoNodes(t)
	created(t, a.do("POST", "/v3/databases", `{"name":"seen"}`))
	created(t, a.do("POST", "/v3/database/seen/fields", `{"name":"city","type":"text"}`))
	created(t, a.do("POST", "/v3/database/seen/fields", `{"name":"postcode","type":"text"}`))
	id := created(t, a.do("POST", "/v3/database/seen/profiles", `{"fields":{"city":"Delft","postcode":"12"}}`))
	fieldsOn := func(n *server) map[string]any {
		t.Helper()
		r := n.do("GET", "/v3/profile/"+id, nil)
		var got struct {
			Fields map[string]any `json:"fields"`
		}
		if r.Status != 200 || json.Unmarshal(r.Body, &got) != nil {
			t.Fatalf("GET profile on a node: %s", r)
		}
		return got.Fields
	}
	if f := fieldsOn(b); f["city"] != "Delft" || f["postcode"] != "12" {
		t.Fatalf("before the changes: %v", f)
	}

	created(t, a.do("POST", "/v3/database/seen/fields", `{"name":"added","type":"text","value":"dflt"}`))
	if f := fieldsOn(b); f["added"] != "dflt" {
		t.Fatalf("a field added on the other node is missing from the next GET: %v", f)
	}
	if r := a.do("PUT", "/v3/database/seen/field/postcode", `{"type":"integer"}`); r.Status >= 300 {
		t.Fatalf("type change: %s", r)
	}
	if f := fieldsOn(b); f["postcode"] != "12" && f["postcode"] != float64(12) {
		t.Fatalf("after the other node changed a type: %v", f)
	}
	if r := a.do("DELETE", "/v3/database/seen/field/city", nil); r.Status >= 300 {
		t.Fatalf("field delete: %s", r)
	}
	if f := fieldsOn(b); len(f) != 2 || f["city"] != nil {
		t.Fatalf("a field deleted on the other node is still in the next GET: %v", f)
	}
}
