package e2e

// behaviour.md sections A and B where only profiles are concerned: B19. The
// statements that hold for both kinds are in entities_behaviour_test.go.

import (
	"testing"
)

var pMethods = []string{"GET", "POST", "PUT", "DELETE"}

// expectEmpty200Deleted asserts the v1/v2 answer of a DELETE (B51).
func expectEmpty200Deleted(t testing.TB, r resp, xdeleted string) {
	t.Helper()
	if r.Status != 200 || len(r.Body) != 0 || r.Header.Get("X-Deleted") != xdeleted {
		t.Fatalf("want 200 X-Deleted %q, got %s %v", xdeleted, r, r.Header)
	}
}

func TestB19_FieldsNotAnObject(t *testing.T) {
	f := newFixture(t)
	pid := f.mk(`{"fields":{"LastName":"x"}}`)
	for _, v := range []string{"v2", "v3", "v4"} {
		for _, bad := range []string{`true`, `0`, `"blah"`, `1.5`, `false`} {
			body := `{"fields":` + bad + `}`
			expectError(t, f.do("POST", "/"+v+"/database/Test/profiles", body), "Invalid data provided")
			expectError(t, f.do("POST", "/"+v+"/database/Test/profiles/bogus/", body), "Invalid data provided")
			expectError(t, f.do("PUT", "/"+v+"/database/Test/profiles?"+pq("fields[]", "ID>0"), body), "Invalid data provided")
			expectError(t, f.do("PUT", "/"+v+"/database/Test/profiles/extra?"+pq("fields[]", "ID>0", "create", "1"), body), "Invalid data provided")
		}
		// null counts as absent; [] is an empty map.
		created(t, f.do("POST", "/"+v+"/database/Test/profiles", `{"fields":null}`))
		created(t, f.do("POST", "/"+v+"/database/Test/profiles", `{"fields":[]}`))
	}
	// v1 structured body with a bad fields value (and a non-object body, O23).
	expectError(t, f.do("POST", "/v1/database/Test/profiles", `"blah"`), "Invalid data provided")
	expectError(t, f.do("POST", "/v1/database/Test/profiles", `[1,2]`), "Invalid data provided")
	if p := f.get(pid); p.Fields["LastName"] != "x" {
		t.Fatalf("a refused PUT changed a profile: %+v", p)
	}
	if n := len(listIDs(t, f.do("GET", "/v2/database/Test/profiles", nil))); n != 7 {
		t.Fatalf("want 7 profiles, got %d", n)
	}
}
