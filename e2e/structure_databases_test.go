package e2e

import (
	"net/url"
	"strings"
	"testing"
)

// TestDatabaseCreateGetListUpdateInEveryVersion covers structure.md §5.1–5.4:
// the create/update/post-as-put responses per version, the exact database
// object and list envelope, and name lookups.
func TestDatabaseCreateGetListUpdateInEveryVersion(t *testing.T) {
	t.Parallel()
	s := startServer(t)

	var dbs []dbo
	t.Run("create answers 201 with X-Created, X-Location and Location in every version", func(t *testing.T) {
		for _, p := range versionPrefixes {
			name := "db_" + vname(p)
			r := s.do("POST", p+"/databases", map[string]any{"name": name, "description": "about " + name})
			id := expectCreated(t, s, r, p, "database/{id}")
			dbs = append(dbs, dbo{ID: id, Name: name, Desc: "about " + name})
		}
		for i := range dbs {
			dbs[i].Created = createdOf(t, s, dbs[i].ID)
		}
		if dbs[0].ID != "1" || dbs[4].ID != "5" {
			t.Fatalf("IDs should come from one sequence starting at 1, got %v", dbs)
		}
	})

	t.Run("GET database is the same exact object in every version", func(t *testing.T) {
		for _, p := range versionPrefixes {
			for _, d := range dbs {
				expectJSON(t, s.do("GET", p+"/database/"+d.ID, nil), d.J())
			}
		}
	})

	t.Run("GET databases is an envelope in ID order", func(t *testing.T) {
		items := []string{}
		for _, d := range dbs {
			items = append(items, d.J())
		}
		for _, p := range versionPrefixes {
			expectJSON(t, s.do("GET", p+"/databases", nil), envJ(0, 100, items, 5, true))
		}
		// Extra segments after a complete list route are ignored (C§1.1 item 6).
		expectJSON(t, s.do("GET", "/v2/databases/extra/stuff", nil), envJ(0, 100, items, 5, true))
		// Structure lists ignore orderby/order (C§9).
		expectJSON(t, s.do("GET", "/v2/databases?orderby=name&order=desc", nil), envJ(0, 100, items, 5, true))
	})

	t.Run("names are looked up case-insensitively, digits are IDs", func(t *testing.T) {
		expectJSON(t, s.do("GET", "/v2/database/DB_V3", nil), dbs[2].J())
		expectJSON(t, s.do("GET", "/v4/database/db_unversioned/", nil), dbs[4].J())
		expectJSON(t, s.do("GET", "/v2/database/03", nil), dbs[2].J())
		for _, seg := range []string{"999", "0", "nosuch", "-1", "db_v3x"} {
			expectError(t, s.do("GET", "/v2/database/"+seg, nil), "No database with supplied ID")
		}
		expectError(t, s.do("GET", "/v2/database", nil), "Invalid request, element 1 is missing in 'directory' path")
		expectError(t, s.do("GET", "/v2/database/", nil), "Invalid request, element 1 is missing in 'directory' path")
		expectError(t, s.do("GET", "/v2/database//fields", nil), "No database with supplied ID")
		// The entity check runs before the route check (C§1.1 item 4).
		expectError(t, s.do("GET", "/v2/database/999/bogus", nil), "No database with supplied ID")
		expectError(t, s.do("GET", "/v2/database/1/bogus", nil), "Invalid method")
		// Databases cannot be deleted through the API.
		for _, p := range versionPrefixes {
			expectError(t, s.do("DELETE", p+"/database/1", nil), "Invalid method")
			expectError(t, s.do("DELETE", p+"/databases", nil), "Invalid method")
		}
	})

	t.Run("PUT answers 303 with the unversioned path and echoed query in v1/v2, 204 in v3/v4", func(t *testing.T) {
		for i, p := range versionPrefixes {
			path := "/database/" + dbs[i].ID
			r := s.do("PUT", p+path+"?x=1&y=%20z", map[string]any{"description": "changed " + vname(p)})
			expectUpdated(t, s, r, p, withToken(s, path+"?x=1&y=%20z"))
			dbs[i].Desc = "changed " + vname(p)
			expectJSON(t, s.do("GET", p+path, nil), dbs[i].J())
		}
		// Addressed by name with a trailing slash: Location is the request path
		// itself without the slash and without the version.
		r := s.do("PUT", "/v2/database/DB_V2/", map[string]any{"archived": true})
		expectUpdated(t, s, r, "/v2", withToken(s, "/database/DB_V2"))
		dbs[1].Archived = true
		expectJSON(t, s.do("GET", "/v2/database/2", nil), dbs[1].J())
		// An empty body changes nothing and still succeeds; [] is an empty object.
		expectUpdated(t, s, s.do("PUT", "/v3/database/3", nil), "/v3", "")
		expectUpdated(t, s, s.do("PUT", "/v3/database/3", "[]"), "/v3", "")
		// Read-only keys listed on the v2 page are ignored.
		expectUpdated(t, s, s.do("PUT", "/v3/database/3", `{"created":"2000-01-01 00:00:00","fields":[],"interests":{},"collections":"x","ID":"77"}`), "/v3", "")
		expectJSON(t, s.do("GET", "/v2/database/3", nil), dbs[2].J())
	})

	t.Run("POST to the PUT route answers 200 in v1/v2 and 204 in v3/v4 (B81)", func(t *testing.T) {
		for i, p := range versionPrefixes {
			r := s.do("POST", p+"/database/"+dbs[i].ID, map[string]any{"archived": i%2 == 0})
			expectPostAsPut(t, r, p)
			dbs[i].Archived = i%2 == 0
			expectJSON(t, s.do("GET", "/v2/database/"+dbs[i].ID, nil), dbs[i].J())
		}
	})

	t.Run("PUT to the POST-only route creates", func(t *testing.T) {
		for _, p := range versionPrefixes {
			r := s.do("PUT", p+"/databases", map[string]any{"name": "put_" + vname(p)})
			id := expectCreated(t, s, r, p, "database/{id}")
			dbs = append(dbs, dbo{ID: id, Name: "put_" + vname(p), Created: createdOf(t, s, id)})
		}
	})

	t.Run("rename, uniqueness and name rules", func(t *testing.T) {
		expectError(t, s.do("PUT", "/v3/database/1", map[string]any{"name": "DB_V2"}), "Name already in use")
		expectUpdated(t, s, s.do("PUT", "/v3/database/1", map[string]any{"name": "DB_V1"}), "/v3", "")
		dbs[0].Name = "DB_V1"
		expectJSON(t, s.do("GET", "/v3/database/db_v1", nil), dbs[0].J())
		expectError(t, s.do("PUT", "/v3/database/1", map[string]any{"name": ""}), "Name is required")
		expectError(t, s.do("PUT", "/v3/database/1", map[string]any{"name": "42"}), "Invalid name")

		for body, msg := range map[string]string{
			`{}`:                   "Name is required",
			`[]`:                   "Name is required",
			``:                     "Name is required",
			`{"name":""}`:          "Name is required",
			`{"name":null}`:        "Name is required",
			`{"name":"db_v4"}`:     "Name already in use",
			`{"name":"PUT_V1"}`:    "Name already in use",
			`{"name":"123"}`:       "Invalid name",
			`{"name":7}`:           "Invalid name",
			`{"name":" lead"}`:     "Invalid name",
			`{"name":"trail "}`:    "Invalid name",
			`{"name":"a/b"}`:       "Invalid name",
			`{"name":"tab\there"}`: "Invalid name",
			`{"name":"` + strings.Repeat("x", 256) + `"}`: "Invalid name",
			`[1,2]`:               "Invalid data provided",
			`"just a string"`:     "Invalid data provided",
			`{"name":"broken"`:    "Invalid data provided",
			"{\"name\":\"\xff\"}": "Invalid data provided",
		} {
			expectError(t, s.do("POST", "/v2/databases", body), msg)
		}
		// 255 characters (not bytes) is the maximum.
		long := strings.Repeat("é", 255)
		id := expectCreated(t, s, s.do("POST", "/v2/databases", map[string]any{"name": long}), "/v2", "database/{id}")
		dbs = append(dbs, dbo{ID: id, Name: long, Created: createdOf(t, s, id)})
		// A name with characters that are special elsewhere is fine for databases.
		id = expectCreated(t, s, s.do("POST", "/v2/databases", map[string]any{"name": "a=b <c> ~!"}), "/v2", "database/{id}")
		dbs = append(dbs, dbo{ID: id, Name: "a=b <c> ~!", Created: createdOf(t, s, id)})
		expectJSON(t, s.do("GET", "/v2/database/"+url.PathEscape("A=B <C> ~!"), nil), dbs[len(dbs)-1].J())
	})

	t.Run("the body parser follows Content-Type, sniffing when it is missing or unknown", func(t *testing.T) {
		path := "/v3/databases?access_token=" + s.Token
		for i, c := range []struct{ ctype, body string }{
			{"application/json; charset=utf-8", `{"name":"ct0"}`},
			{"APPLICATION/JSON", `{"name":"ct1"}`},
			{"", ` {"name":"ct2"}`},
			{"", `name=ct3`},
			{"text/plain", `{"name":"ct4"}`},
			{"text/plain", `name=ct5`},
			{"application/x-www-form-urlencoded; charset=utf-8", `name=ct6&description=a+b%21`},
			{"multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nct7\r\n--XX--\r\n"},
		} {
			hdr := []string{}
			if c.ctype != "" {
				hdr = append(hdr, "Content-Type", c.ctype)
			}
			id := expectCreated(t, s, s.raw("POST", path, c.body, hdr...), "/v3", "database/{id}")
			name := "ct" + string(rune('0'+i))
			r := s.do("GET", "/v3/database/"+name, nil)
			if r.Status != 200 || !strings.Contains(string(r.Body), `"ID":"`+id+`","name":"`+name+`"`) {
				t.Fatalf("%q: %s", c.ctype, r)
			}
		}
		expectError(t, s.raw("POST", path, `name=x`, "Content-Type", "application/json"), "Invalid data provided")
		expectError(t, s.raw("POST", path, `{"name":"x"}`, "Content-Type", "application/x-www-form-urlencoded"), "Name is required")
	})

	t.Run("form bodies are parsed like JSON", func(t *testing.T) {
		r := s.do("POST", "/v3/databases", url.Values{"name": {"formdb"}, "description": {"from a form"}, "archived": {"yes"}})
		id := expectCreated(t, s, r, "/v3", "database/{id}")
		d := dbo{ID: id, Name: "formdb", Desc: "from a form", Archived: true, Created: createdOf(t, s, id)}
		expectJSON(t, s.do("GET", "/v3/database/formdb", nil), d.J())
		// Booleans in bodies: numbers, strings per C§4.1.
		expectUpdated(t, s, s.do("PUT", "/v3/database/formdb", url.Values{"archived": {"0.5"}}), "/v3", "")
		d.Archived = false
		expectJSON(t, s.do("GET", "/v3/database/formdb", nil), d.J())
		expectUpdated(t, s, s.do("PUT", "/v3/database/formdb", `{"archived":2}`), "/v3", "")
		d.Archived = true
		expectJSON(t, s.do("GET", "/v3/database/formdb", nil), d.J())
	})
}
