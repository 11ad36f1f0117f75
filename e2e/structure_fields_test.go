package e2e

import (
	"fmt"
	"net/url"
	"strconv"
	"testing"
)

// allTypes are the fourteen field types of structure.md §4.1.
var allTypes = []string{"integer", "float", "date", "empty_date", "datetime", "empty_datetime", "text",
	"email", "phone", "phone_fax", "phone_gsm", "select", "big", "foreign_key"}

// TestDatabaseFieldsCreateUpdateDeleteAndRules covers structure.md §6 and §4.1.
func TestDatabaseFieldsCreateUpdateDeleteAndRules(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dbID := mustCreate(t, s, "/v2/databases", map[string]any{"name": "shop"})
	var fields []fld
	listIs := func(t *testing.T) {
		t.Helper()
		expectJSON(t, s.do("GET", "/v2/database/"+dbID+"/fields", nil), envJ(0, 100, fldsJ(fields), len(fields), true))
	}

	t.Run("every type can be created with its defaults, in every version", func(t *testing.T) {
		for i, typ := range allTypes {
			p := versionPrefixes[i%len(versionPrefixes)]
			r := s.do("POST", p+"/database/"+dbID+"/fields", map[string]any{"name": "f_" + typ, "type": typ})
			id := expectCreated(t, s, r, p, "database/"+dbID+"/field/{id}")
			fields = append(fields, newFld(id, "f_"+typ, typ))
		}
		listIs(t)
		for _, p := range versionPrefixes {
			expectJSON(t, s.do("GET", p+"/database/shop/fields", nil), envJ(0, 100, fldsJ(fields), len(fields), true))
		}
	})

	t.Run("type defaults to text; empty_data means empty_date; unknown type is refused", func(t *testing.T) {
		id := mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": "plain"})
		fields = append(fields, newFld(id, "plain", "text"))
		id = mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": "misspelt", "type": "empty_data"})
		fields = append(fields, newFld(id, "misspelt", "empty_date"))
		for _, typ := range []any{"bogus", "", "TEXT", 5, nil} {
			expectError(t, s.do("POST", "/v2/database/shop/fields", map[string]any{"name": "bad", "type": typ}), "Invalid field type")
		}
		listIs(t)
	})

	t.Run("one field per channel type per database", func(t *testing.T) {
		for _, typ := range []string{"email", "phone_fax", "phone_gsm"} {
			expectError(t, s.do("POST", "/v2/database/shop/fields", map[string]any{"name": "second_" + typ, "type": typ}),
				"Only one field of type "+typ+" is allowed")
		}
		// phone is not a channel type: two are fine.
		id := mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": "phone2", "type": "phone"})
		fields = append(fields, newFld(id, "phone2", "phone"))
		// A type change into a taken channel type is refused too.
		expectError(t, s.do("PUT", "/v2/database/shop/field/plain", map[string]any{"type": "email"}),
			"Only one field of type email is allowed")
		listIs(t)
	})

	t.Run("names: required, unique case-insensitively, filter-safe", func(t *testing.T) {
		for body, msg := range map[string]string{
			`{}`:                          "Name is required",
			`{"type":"text"}`:             "Name is required",
			`{"name":""}`:                 "Name is required",
			`{"name":"PLAIN"}`:            "Name already in use",
			`{"name":"id"}`:               "Invalid name",
			`{"name":"Code"}`:             "Invalid name",
			`{"name":"12"}`:               "Invalid name",
			`{"name":"a=b"}`:              "Invalid name",
			`{"name":"a<b"}`:              "Invalid name",
			`{"name":"a>b"}`:              "Invalid name",
			`{"name":"a!b"}`:              "Invalid name",
			`{"name":"a~b"}`:              "Invalid name",
			`{"name":"a/b"}`:              "Invalid name",
			`{"name":" x"}`:               "Invalid name",
			`{"name":"x "}`:               "Invalid name",
			`{"name":"ok","type":"nope"}`: "Invalid field type",
			`[1]`:                         "Invalid data provided",
		} {
			expectError(t, s.do("POST", "/v2/database/shop/fields", body), msg)
		}
		expectError(t, s.do("PUT", "/v2/database/shop/field/plain", map[string]any{"name": "F_TEXT"}), "Name already in use")
		expectError(t, s.do("PUT", "/v2/database/shop/field/plain", map[string]any{"name": "id"}), "Invalid name")
		// A field may take another case of its own name; names with blanks inside are fine.
		expectUpdated(t, s, s.do("PUT", "/v3/database/shop/field/plain", map[string]any{"name": "Plain text"}), "/v3", "")
		fields[len(fields)-3].Name = "Plain text"
		listIs(t)
	})

	t.Run("flags, length and textlines clamping, big cannot be indexed", func(t *testing.T) {
		r := s.do("POST", "/v3/database/shop/fields", map[string]any{"name": "flags", "type": "text", "value": 12,
			"displayed": true, "hidden": "yes", "index": 1, "length": 0, "textlines": 500, "lock": true, "description": "not shown"})
		id := expectCreated(t, s, r, "/v3", "database/"+dbID+"/field/{id}")
		f := newFld(id, "flags", "text")
		f.Value, f.Displayed, f.Hidden, f.Index, f.Length, f.TextLines = "12", true, true, true, "1", "100"
		fields = append(fields, f)
		r = s.do("POST", "/v3/database/shop/fields", map[string]any{"name": "long", "length": 70000, "textlines": -3})
		id = expectCreated(t, s, r, "/v3", "database/"+dbID+"/field/{id}")
		g := newFld(id, "long", "text")
		g.Length, g.TextLines = "65535", "0"
		fields = append(fields, g)
		r = s.do("POST", "/v3/database/shop/fields", url.Values{"name": {"bigidx"}, "type": {"big"}, "index": {"1"}, "length": {"-9"}, "textlines": {"3x"}})
		id = expectCreated(t, s, r, "/v3", "database/"+dbID+"/field/{id}")
		b := newFld(id, "bigidx", "big")
		b.Length, b.TextLines = "1", "3"
		fields = append(fields, b)
		listIs(t)
		// Index on a big field via PUT stays false too.
		expectUpdated(t, s, s.do("PUT", "/v4/database/shop/field/bigidx", map[string]any{"index": true}), "/v4", "")
		listIs(t)
		// Changing an indexed field to big drops the index flag.
		expectUpdated(t, s, s.do("PUT", "/v4/database/shop/field/flags", map[string]any{"type": "big"}), "/v4", "")
		fields[len(fields)-3].Type, fields[len(fields)-3].Index = "big", false
		listIs(t)
		// String numbers are read as numbers.
		expectUpdated(t, s, s.do("PUT", "/v4/database/shop/field/long", map[string]any{"length": "300", "textlines": 2.9}), "/v4", "")
		fields[len(fields)-2].Length, fields[len(fields)-2].TextLines = "300", "2"
		listIs(t)
	})

	t.Run("only one field is ordered", func(t *testing.T) {
		a := mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": "ord_a", "ordered": true})
		fa := newFld(a, "ord_a", "text")
		fa.Ordered = true
		fields = append(fields, fa)
		listIs(t)
		b := mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": "ord_b", "ordered": true})
		fb := newFld(b, "ord_b", "text")
		fb.Ordered = true
		fields[len(fields)-1].Ordered = false
		fields = append(fields, fb)
		listIs(t)
		expectUpdated(t, s, s.do("PUT", "/v3/database/shop/field/"+a, map[string]any{"ordered": true}), "/v3", "")
		fields[len(fields)-2].Ordered, fields[len(fields)-1].Ordered = true, false
		listIs(t)
	})

	t.Run("type change is reflected in the catalog; numeric defaults are normalised", func(t *testing.T) {
		id := mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": "retype", "value": "abc"})
		f := newFld(id, "retype", "text")
		f.Value = "abc"
		fields = append(fields, f)
		listIs(t)
		expectUpdated(t, s, s.do("PUT", "/v3/database/shop/field/RETYPE", map[string]any{"type": "integer"}), "/v3", "")
		fields[len(fields)-1].Type, fields[len(fields)-1].Value = "integer", "0"
		listIs(t)
		expectUpdated(t, s, s.do("PUT", "/v3/database/shop/field/"+id, map[string]any{"value": "42"}), "/v3", "")
		fields[len(fields)-1].Value = "42"
		listIs(t)
		expectUpdated(t, s, s.do("PUT", "/v3/database/shop/field/"+id, map[string]any{"type": "text", "value": "x y"}), "/v3", "")
		fields[len(fields)-1].Type, fields[len(fields)-1].Value = "text", "x y"
		listIs(t)
		expectError(t, s.do("PUT", "/v3/database/shop/field/"+id, map[string]any{"type": "varchar"}), "Invalid field type")
		// A retyped default reads as if the field had been created with that type.
		for _, c := range []struct{ value, typ, want string }{
			{"2024-01-05", "datetime", "2024-01-05 00:00:00"},
			{"abc", "date", "0000-00-00"},
			{"abc", "empty_datetime", ""},
			{"7.5", "float", "7.5"},
			{"7.5", "integer", "7"},
		} {
			direct := mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": "direct_" + c.typ, "type": c.typ, "value": c.value})
			df := newFld(direct, "direct_"+c.typ, c.typ)
			df.Value = c.want
			fields = append(fields, df)
			rid := mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": "retyped_" + c.typ, "value": c.value})
			expectUpdated(t, s, s.do("PUT", "/v3/database/shop/field/"+rid, map[string]any{"type": c.typ}), "/v3", "")
			rf := newFld(rid, "retyped_"+c.typ, c.typ)
			rf.Value = c.want
			fields = append(fields, rf)
			listIs(t)
		}
		// A select keeps its choices exactly as sent.
		sid := mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": "choice", "type": "select", "value": "A\nB\nC*"})
		sf := newFld(sid, "choice", "select")
		sf.Value = "A\nB\nC*"
		fields = append(fields, sf)
		listIs(t)
	})

	t.Run("PUT field: update response per version, by ID or name; POST runs the PUT", func(t *testing.T) {
		target := len(fields) - 1
		for i, p := range versionPrefixes {
			path := "/database/" + dbID + "/field/" + fields[target].ID
			desc := fmt.Sprintf("lines %d", i)
			r := s.do("PUT", p+path+"?a[]=1", map[string]any{"textlines": i + 1, "description": desc})
			expectUpdated(t, s, r, p, withToken(s, path+"?a[]=1"))
			fields[target].TextLines = strconv.Itoa(i + 1)
			listIs(t)
			r = s.do("POST", p+"/database/SHOP/field/CHOICE", map[string]any{"displayed": i%2 == 0})
			expectPostAsPut(t, r, p)
			fields[target].Displayed = i%2 == 0
			listIs(t)
		}
		// Absent keys are unchanged; name is optional on PUT.
		expectUpdated(t, s, s.do("PUT", "/v4/database/shop/field/choice", `{}`), "/v4", "")
		listIs(t)
	})

	t.Run("field segment errors", func(t *testing.T) {
		for _, p := range versionPrefixes {
			expectError(t, s.do("PUT", p+"/database/shop/field", map[string]any{"name": "x"}), "No field id supplied for the field")
			expectError(t, s.do("PUT", p+"/database/shop/field/", map[string]any{"name": "x"}), "No field id supplied for the field")
			expectError(t, s.do("DELETE", p+"/database/shop/field", nil), "No field id supplied for the field")
			expectError(t, s.do("PUT", p+"/database/shop/field/999999", map[string]any{"name": "x"}), "Failed to get the field")
			expectError(t, s.do("PUT", p+"/database/shop/field/nosuch", map[string]any{"name": "x"}), "Failed to get the field")
			expectError(t, s.do("PUT", p+"/database/nosuch/field/1", map[string]any{"name": "x"}), "No database with supplied ID")
			expectError(t, s.do("GET", p+"/database/shop/field/1", nil), "Invalid method")
			expectError(t, s.do("DELETE", p+"/database/shop/fields", nil), "Invalid method")
			expectError(t, s.do("PUT", p+"/database/shop/field/1/extra", map[string]any{"name": "x"}), "Invalid method")
		}
	})

	t.Run("DELETE field: X-Deleted per version; v1 answers 204 for an unknown field", func(t *testing.T) {
		for _, p := range versionPrefixes {
			name := "del_" + vname(p)
			id := mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": name})
			expectDeleted(t, s.do("DELETE", p+"/database/shop/field/"+id, nil), p, "field "+id)
			if p == "/v1" {
				expectNoBody(t, s.do("DELETE", p+"/database/shop/field/"+id, nil), 204, map[string]string{"X-Deleted": "", "Content-Type": ""})
				expectNoBody(t, s.do("DELETE", p+"/database/shop/field/nosuch", "[]"), 204, map[string]string{"X-Deleted": ""})
			} else {
				expectError(t, s.do("DELETE", p+"/database/shop/field/"+id, nil), "Failed to get the field")
				expectError(t, s.do("DELETE", p+"/database/shop/field/nosuch", "[]"), "Failed to get the field")
			}
		}
		// Delete by name, case-insensitively.
		id := mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": "ByName"})
		expectDeleted(t, s.do("DELETE", "/v3/database/shop/field/BYNAME", nil), "/v3", "field "+id)
		listIs(t)
		// IDs are never reused.
		next := mustCreate(t, s, "/v2/database/shop/fields", map[string]any{"name": "after"})
		if n, _ := strconv.Atoi(next); n <= mustAtoi(t, id) {
			t.Fatalf("field ID %s reused or went back (last deleted %s)", next, id)
		}
		expectDeleted(t, s.do("DELETE", "/v2/database/shop/field/after", nil), "/v2", "field "+next)
		listIs(t)
	})

	t.Run("too many indexed fields", func(t *testing.T) {
		other := mustCreate(t, s, "/v2/databases", map[string]any{"name": "indexes"})
		for i := 0; i < 64; i++ {
			mustCreate(t, s, "/v2/database/"+other+"/fields", map[string]any{"name": fmt.Sprintf("i%d", i), "index": true})
		}
		expectError(t, s.do("POST", "/v2/database/"+other+"/fields", map[string]any{"name": "i64", "index": true}), "Too many indexed fields")
		id := mustCreate(t, s, "/v2/database/"+other+"/fields", map[string]any{"name": "i64"})
		expectError(t, s.do("PUT", "/v2/database/"+other+"/field/"+id, map[string]any{"index": true}), "Too many indexed fields")
		// big fields never count.
		mustCreate(t, s, "/v2/database/"+other+"/fields", map[string]any{"name": "b", "type": "big", "index": true})
	})
}

func mustAtoi(t testing.TB, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
