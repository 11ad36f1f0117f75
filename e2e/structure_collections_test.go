package e2e

import (
	"strconv"
	"testing"
)

// TestCollectionsAndCollectionFieldsAcrossVersions covers structure.md §8.1–8.8.
func TestCollectionsAndCollectionFieldsAcrossVersions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dbID := mustCreate(t, s, "/v2/databases", map[string]any{"name": "crm"})
	otherDB := mustCreate(t, s, "/v2/databases", map[string]any{"name": "other"})
	dbField := mustCreate(t, s, "/v2/database/crm/fields", map[string]any{"name": "email", "type": "email"})
	var colls []coll
	checkAll := func(t *testing.T) {
		t.Helper()
		items := []string{}
		for _, c := range colls {
			items = append(items, c.J())
		}
		for _, p := range versionPrefixes {
			expectJSON(t, s.do("GET", p+"/database/"+dbID+"/collections", nil), envJ(0, 100, items, len(items), true))
			for _, c := range colls {
				expectJSON(t, s.do("GET", p+"/collection/"+c.ID, nil), c.J())
				expectJSON(t, s.do("GET", p+"/collection/"+c.ID+"/fields", nil), envJ(0, 100, fldsJ(c.Fields), len(c.Fields), true))
			}
		}
		d := dbo{ID: dbID, Name: "crm", Created: createdOf(t, s, dbID), Fields: []fld{newFld(dbField, "email", "email")}, Colls: colls}
		expectJSON(t, s.do("GET", "/v1/database/crm", nil), d.J())
	}

	t.Run("create in every version", func(t *testing.T) {
		for _, p := range versionPrefixes {
			r := s.do("POST", p+"/database/CRM/collections", map[string]any{"name": "c_" + vname(p), "description": "x", "database": otherDB, "fields": []any{"ignored"}})
			id := expectCreated(t, s, r, p, "collection/{id}")
			colls = append(colls, coll{ID: id, Name: "c_" + vname(p), DB: dbID})
		}
		id := expectCreated(t, s, s.do("PUT", "/v3/database/crm/collections", `{"name":"byput"}`), "/v3", "collection/{id}")
		colls = append(colls, coll{ID: id, Name: "byput", DB: dbID})
		checkAll(t)
		// Collection IDs come from one sequence across databases.
		oc := mustCreate(t, s, "/v2/database/other/collections", map[string]any{"name": "c_v1"})
		if oc != strconv.Itoa(mustAtoi(t, id)+1) {
			t.Fatalf("collection ID %s after %s", oc, id)
		}
		expectJSON(t, s.do("GET", "/v2/database/other/collections", nil), envJ(0, 100, []string{coll{ID: oc, Name: "c_v1", DB: otherDB}.J()}, 1, true))
	})

	t.Run("collection names", func(t *testing.T) {
		for body, msg := range map[string]string{
			`{}`:              "Name is required",
			`{"name":"C_V1"}`: "Name already in use",
			`{"name":"123"}`:  "Invalid name",
			`{"name":"a/b"}`:  "Invalid name",
			`{"name":"x "}`:   "Invalid name",
			`[true]`:          "Invalid data provided",
		} {
			expectError(t, s.do("POST", "/v2/database/crm/collections", body), msg)
		}
		// Filter operators are allowed in collection names (only fields/interests refuse them).
		id := mustCreate(t, s, "/v2/database/crm/collections", map[string]any{"name": "a=b"})
		colls = append(colls, coll{ID: id, Name: "a=b", DB: dbID})
		checkAll(t)
	})

	t.Run("collection segment: numeric IDs only", func(t *testing.T) {
		for _, p := range versionPrefixes {
			expectError(t, s.do("GET", p+"/collection", nil), "Invalid request, element 1 is missing in 'directory' path")
			expectError(t, s.do("GET", p+"/collection/c_v1", nil), "No collection with given ID")
			expectError(t, s.do("GET", p+"/collection/999", nil), "No collection with given ID")
			expectError(t, s.do("GET", p+"/collection/0", nil), "No collection with given ID")
			expectError(t, s.do("GET", p+"/collection//fields", nil), "No collection with given ID")
			expectError(t, s.do("GET", p+"/collection/999/bogus", nil), "No collection with given ID")
			expectError(t, s.do("GET", p+"/collection/"+colls[0].ID+"/bogus", nil), "Invalid method")
			expectError(t, s.do("DELETE", p+"/collection/"+colls[0].ID, nil), "Invalid method")
			expectError(t, s.do("GET", p+"/collection/"+colls[0].ID+"/field/1", nil), "Invalid method")
			expectError(t, s.do("GET", p+"/collection/"+colls[0].ID+"/intentions", nil), "Invalid method")
			expectError(t, s.do("DELETE", p+"/collection/"+colls[0].ID+"/fields", nil), "Invalid method")
		}
	})

	t.Run("PUT collection: update response per version; POST runs the PUT (B81)", func(t *testing.T) {
		for i, p := range versionPrefixes {
			path := "/collection/" + colls[i].ID
			r := s.do("PUT", p+path+"?q=%2F", map[string]any{"name": "r_" + vname(p), "database": otherDB})
			expectUpdated(t, s, r, p, withToken(s, path+"?q=%2F"))
			colls[i].Name = "r_" + vname(p)
			r = s.do("POST", p+path, map[string]any{"description": "via post"})
			expectPostAsPut(t, r, p)
		}
		expectError(t, s.do("PUT", "/v2/collection/"+colls[0].ID, `{"name":"R_V2"}`), "Name already in use")
		expectError(t, s.do("PUT", "/v2/collection/"+colls[0].ID, `{"name":""}`), "Name is required")
		checkAll(t)
	})

	t.Run("collection fields: create, one-per-type per collection, update, delete", func(t *testing.T) {
		c := &colls[0]
		for i, p := range versionPrefixes {
			typ := allTypes[i]
			r := s.do("POST", p+"/collection/"+c.ID+"/fields", map[string]any{"name": "cf_" + typ, "type": typ})
			id := expectCreated(t, s, r, p, "collection/"+c.ID+"/field/{id}")
			c.Fields = append(c.Fields, newFld(id, "cf_"+typ, typ))
		}
		// The database has an email field; the collection may have its own one, once.
		id := mustCreate(t, s, "/v2/collection/"+c.ID+"/fields", map[string]any{"name": "email", "type": "email", "index": true})
		f := newFld(id, "email", "email")
		f.Index = true
		c.Fields = append(c.Fields, f)
		expectError(t, s.do("POST", "/v2/collection/"+c.ID+"/fields", `{"name":"mail2","type":"email"}`), "Only one field of type email is allowed")
		expectError(t, s.do("POST", "/v2/collection/"+c.ID+"/fields", `{"name":"EMAIL"}`), "Name already in use")
		expectError(t, s.do("POST", "/v2/collection/"+c.ID+"/fields", `{"name":"code"}`), "Invalid name")
		expectError(t, s.do("POST", "/v2/collection/"+c.ID+"/fields", `{"name":"x","type":"blob"}`), "Invalid field type")
		// phone and empty_data are fine in collections.
		id = mustCreate(t, s, "/v2/collection/"+c.ID+"/fields", map[string]any{"name": "tel", "type": "phone"})
		c.Fields = append(c.Fields, newFld(id, "tel", "phone"))
		id = mustCreate(t, s, "/v2/collection/"+c.ID+"/fields", map[string]any{"name": "d", "type": "empty_data"})
		c.Fields = append(c.Fields, newFld(id, "d", "empty_date"))
		checkAll(t)

		for i, p := range versionPrefixes {
			path := "/collection/" + c.ID + "/field/" + c.Fields[i].ID
			r := s.do("PUT", p+path, map[string]any{"length": 10 + i, "hidden": true})
			expectUpdated(t, s, r, p, withToken(s, path))
			c.Fields[i].Length, c.Fields[i].Hidden = strconv.Itoa(10+i), true
			r = s.do("POST", p+"/collection/"+c.ID+"/field/"+c.Fields[i].Name, map[string]any{"displayed": true})
			expectPostAsPut(t, r, p)
			c.Fields[i].Displayed = true
		}
		checkAll(t)
		// A field of another collection or of the database is not reachable here.
		expectError(t, s.do("PUT", "/v2/collection/"+colls[1].ID+"/field/"+c.Fields[0].ID, `{}`), "Failed to get the field")
		expectError(t, s.do("PUT", "/v2/collection/"+c.ID+"/field/"+dbField, `{}`), "Failed to get the field")
		expectError(t, s.do("PUT", "/v2/collection/"+c.ID+"/field", `{}`), "No field id supplied for the field")
		expectError(t, s.do("DELETE", "/v2/collection/"+c.ID+"/field", nil), "No field id supplied for the field")

		for _, p := range versionPrefixes {
			f := c.Fields[0]
			expectDeleted(t, s.do("DELETE", p+"/collection/"+c.ID+"/field/"+f.Name, nil), p, "field "+f.ID)
			if p == "/v1" {
				expectNoBody(t, s.do("DELETE", p+"/collection/"+c.ID+"/field/"+f.ID, nil), 204, map[string]string{"X-Deleted": ""})
			} else {
				expectError(t, s.do("DELETE", p+"/collection/"+c.ID+"/field/"+f.ID, nil), "Failed to get the field")
			}
			c.Fields = c.Fields[1:]
		}
		checkAll(t)
	})

	t.Run("nested collection field list reports limit 100", func(t *testing.T) {
		c := &colls[1]
		for i := 0; i < 101; i++ {
			id := mustCreate(t, s, "/v2/collection/"+c.ID+"/fields", map[string]any{"name": "n" + strconv.Itoa(i)})
			c.Fields = append(c.Fields, newFld(id, "n"+strconv.Itoa(i), "text"))
		}
		// nestedJ raises limit to the count when it exceeds 100 (S14).
		expectJSON(t, s.do("GET", "/v2/collection/"+c.ID, nil), c.J())
		expectJSON(t, s.do("GET", "/v2/collection/"+c.ID+"/fields?limit=2&start=100", nil),
			envJ(100, 2, fldsJ(c.Fields[100:]), 101, true))
	})
}
