package e2e

import (
	"testing"
)

// TestInterestsListCreateUpdateDeleteAcrossVersions covers structure.md §7:
// list/create in every version, update/delete only from v2 on.
func TestInterestsListCreateUpdateDeleteAcrossVersions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dbID := mustCreate(t, s, "/v2/databases", map[string]any{"name": "news"})
	var ints []intr
	listIs := func(t *testing.T) {
		t.Helper()
		items := []string{}
		for _, i := range ints {
			items = append(items, i.J())
		}
		for _, p := range versionPrefixes {
			expectJSON(t, s.do("GET", p+"/database/"+dbID+"/interests", nil), envJ(0, 100, items, len(items), true))
		}
	}

	t.Run("create in every version with X-Location to interest/{id}", func(t *testing.T) {
		for _, p := range versionPrefixes {
			r := s.do("POST", p+"/database/NEWS/interests", map[string]any{"name": "i_" + vname(p), "group": "g", "description": "hidden"})
			id := expectCreated(t, s, r, p, "interest/{id}")
			ints = append(ints, intr{ID: id, Name: "i_" + vname(p), Group: "g"})
		}
		// group defaults to "", numbers become text.
		id := expectCreated(t, s, s.do("POST", "/v2/database/news/interests", `{"name":"nogroup"}`), "/v2", "interest/{id}")
		ints = append(ints, intr{ID: id, Name: "nogroup"})
		id = expectCreated(t, s, s.do("POST", "/v2/database/news/interests", `{"name":"numgroup","group":12}`), "/v2", "interest/{id}")
		ints = append(ints, intr{ID: id, Name: "numgroup", Group: "12"})
		// PUT to the POST-only route creates.
		id = expectCreated(t, s, s.do("PUT", "/v4/database/news/interests", `{"name":"byput"}`), "/v4", "interest/{id}")
		ints = append(ints, intr{ID: id, Name: "byput"})
		listIs(t)
		// The interests appear in the database object.
		expectJSON(t, s.do("GET", "/v2/database/news", nil), dbo{ID: dbID, Name: "news", Created: createdOf(t, s, dbID), Interests: ints}.J())
	})

	t.Run("name rules", func(t *testing.T) {
		for body, msg := range map[string]string{
			`{}`:              "Name is required",
			`{"group":"g"}`:   "Name is required",
			`{"name":"I_V1"}`: "Name already in use",
			`{"name":"a=b"}`:  "Invalid name",
			`{"name":"a~b"}`:  "Invalid name",
			`{"name":"99"}`:   "Invalid name",
			`{"name":" x"}`:   "Invalid name",
			`{"name":"x/y"}`:  "Invalid name",
			`"x"`:             "Invalid data provided",
		} {
			expectError(t, s.do("POST", "/v2/database/news/interests", body), msg)
		}
		// Uniqueness is per database.
		other := mustCreate(t, s, "/v2/databases", map[string]any{"name": "other"})
		mustCreate(t, s, "/v2/database/"+other+"/interests", map[string]any{"name": "i_v1"})
		expectError(t, s.do("POST", "/v2/database/nosuch/interests", `{"name":"x"}`), "No database with supplied ID")
	})

	t.Run("update and delete do not exist under /v1", func(t *testing.T) {
		for _, m := range []string{"GET", "PUT", "POST", "DELETE"} {
			expectError(t, s.do(m, "/v1/interest/"+ints[0].ID, `{"name":"x"}`), "Invalid method")
			expectError(t, s.do(m, "/v1/interest", nil), "Invalid method")
		}
		listIs(t)
	})

	t.Run("PUT interest: update response per version; POST runs the PUT", func(t *testing.T) {
		for i, p := range versionPrefixes[1:] {
			path := "/interest/" + ints[i].ID
			r := s.do("PUT", p+path+"/", map[string]any{"group": "moved_" + vname(p)})
			expectUpdated(t, s, r, p, withToken(s, path))
			ints[i].Group = "moved_" + vname(p)
			listIs(t)
			r = s.do("POST", p+path, map[string]any{"name": "renamed_" + vname(p)})
			expectPostAsPut(t, r, p)
			ints[i].Name = "renamed_" + vname(p)
			listIs(t)
		}
		// Only this interest moves; the others keep their group.
		expectUpdated(t, s, s.do("PUT", "/v3/interest/"+ints[4].ID, `{}`), "/v3", "")
		listIs(t)
		expectError(t, s.do("PUT", "/v3/interest/"+ints[0].ID, `{"name":"RENAMED_V3"}`), "Name already in use")
		expectError(t, s.do("PUT", "/v3/interest/"+ints[0].ID, `{"name":""}`), "Name is required")
		expectError(t, s.do("PUT", "/v3/interest/"+ints[0].ID, `{"name":"a!b"}`), "Invalid name")
		expectUpdated(t, s, s.do("PUT", "/v3/interest/"+ints[0].ID, `{"name":"I_V1"}`), "/v3", "")
		ints[0].Name = "I_V1"
		listIs(t)
	})

	t.Run("interest segment errors", func(t *testing.T) {
		for _, p := range versionPrefixes[1:] {
			expectError(t, s.do("PUT", p+"/interest", `{"name":"x"}`), "Invalid request, element 1 is missing in 'directory' path")
			expectError(t, s.do("DELETE", p+"/interest/", nil), "Invalid request, element 1 is missing in 'directory' path")
			expectError(t, s.do("PUT", p+"/interest/999999", `{"name":"x"}`), "No interest with supplied ID")
			expectError(t, s.do("PUT", p+"/interest/abc", `{"name":"x"}`), "No interest with supplied ID")
			expectError(t, s.do("GET", p+"/interest/"+ints[0].ID, nil), "Invalid method")
			expectError(t, s.do("PUT", p+"/interest/"+ints[0].ID+"/extra", `{"name":"x"}`), "Invalid method")
			expectError(t, s.do("DELETE", p+"/database/news/interests", nil), "Invalid method")
		}
	})

	t.Run("DELETE interest: X-Deleted per version, then unknown", func(t *testing.T) {
		for i, p := range versionPrefixes[1:] {
			id := ints[i].ID
			expectDeleted(t, s.do("DELETE", p+"/interest/"+id, "[]"), p, "interest "+id)
			expectError(t, s.do("DELETE", p+"/interest/"+id, nil), "No interest with supplied ID")
			expectError(t, s.do("PUT", p+"/interest/"+id, `{"group":"x"}`), "No interest with supplied ID")
		}
		ints = ints[4:]
		listIs(t)
	})
}
