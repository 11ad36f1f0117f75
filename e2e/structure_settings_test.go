package e2e

import (
	"net/url"
	"testing"
)

// TestUnsubscribeSettingsOfDatabasesAndCollections covers structure.md §5.6,
// §5.7, §8.9, §8.10 and §3.5.
func TestUnsubscribeSettingsOfDatabasesAndCollections(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dbID := mustCreate(t, s, "/v2/databases", map[string]any{"name": "u"})
	email := mustCreate(t, s, "/v2/database/u/fields", map[string]any{"name": "Email", "type": "email"})
	status := mustCreate(t, s, "/v2/database/u/fields", map[string]any{"name": "status"})
	cID := mustCreate(t, s, "/v2/database/u/collections", map[string]any{"name": "subs"})
	mustCreate(t, s, "/v2/collection/"+cID+"/fields", map[string]any{"name": "active", "type": "integer"})
	owners := []string{"/database/" + dbID, "/database/U", "/collection/" + cID}

	t.Run("default is nothing with [] in every version", func(t *testing.T) {
		for _, o := range owners {
			for _, p := range versionPrefixes {
				expectJSON(t, s.do("GET", p+o+"/unsubscribe", nil), unsubJ("nothing", "[]"))
			}
		}
	})

	t.Run("behaviour is validated", func(t *testing.T) {
		for _, o := range owners {
			for _, body := range []string{`{}`, `[]`, `{"behavior":"delete"}`, `{"behavior":"REMOVE"}`, `{"behaviour":"remove"}`, `{"behavior":["remove"]}`} {
				expectError(t, s.do("PUT", "/v2"+o+"/unsubscribe", body), "Invalid unsubscribe behavior")
			}
			expectJSON(t, s.do("GET", "/v2"+o+"/unsubscribe", nil), unsubJ("nothing", "[]"))
		}
	})

	t.Run("update maps field names case-insensitively and drops unknown names", func(t *testing.T) {
		for i, p := range versionPrefixes {
			path := "/database/" + dbID + "/unsubscribe"
			r := s.do("PUT", p+path, map[string]any{"behavior": "update", "fields": map[string]any{"STATUS": "gone", "nosuch": "x", "email": i}})
			expectUpdated(t, s, r, p, withToken(s, path))
			// Keys keep the order sent and the field's own spelling (JSON objects
			// marshalled by Go are sorted by key: STATUS, email, nosuch).
			want := unsubJ("update", `{"status":"gone","Email":"`+string(rune('0'+i))+`"}`)
			expectJSON(t, s.do("GET", p+"/database/U/unsubscribe", nil), want)
		}
		// Only unknown names → [].
		expectUpdated(t, s, s.do("PUT", "/v3/collection/"+cID+"/unsubscribe", `{"behavior":"update","fields":{"status":"x"}}`), "/v3", "")
		expectJSON(t, s.do("GET", "/v3/collection/"+cID+"/unsubscribe", nil), unsubJ("update", "[]"))
		// Form bodies, numbers stored as text.
		expectUpdated(t, s, s.do("PUT", "/v3/collection/"+cID+"/unsubscribe",
			url.Values{"behavior": {"update"}, "fields[ACTIVE]": {"0"}}), "/v3", "")
		expectJSON(t, s.do("GET", "/v3/collection/"+cID+"/unsubscribe", nil), unsubJ("update", `{"active":"0"}`))
		// fields as [] (the PHP empty array) is an empty map.
		expectUpdated(t, s, s.do("PUT", "/v4/collection/"+cID+"/unsubscribe", `{"behavior":"update","fields":[]}`), "/v4", "")
		expectJSON(t, s.do("GET", "/v4/collection/"+cID+"/unsubscribe", nil), unsubJ("update", "[]"))
	})

	t.Run("a renamed field is followed, a deleted one dropped", func(t *testing.T) {
		expectUpdated(t, s, s.do("PUT", "/v3/database/u/field/"+email, `{"name":"mail"}`), "/v3", "")
		expectJSON(t, s.do("GET", "/v3/database/u/unsubscribe", nil), unsubJ("update", `{"status":"gone","mail":"4"}`))
		expectDeleted(t, s.do("DELETE", "/v3/database/u/field/status", nil), "/v3", "field "+status)
		expectJSON(t, s.do("GET", "/v3/database/u/unsubscribe", nil), unsubJ("update", `{"mail":"4"}`))
	})

	t.Run("nothing and remove clear the fields", func(t *testing.T) {
		for _, b := range []string{"remove", "nothing"} {
			expectUpdated(t, s, s.do("PUT", "/v4/database/u/unsubscribe", `{"behavior":"`+b+`","fields":{"mail":"x"}}`), "/v4", "")
			expectJSON(t, s.do("GET", "/v4/database/u/unsubscribe", nil), unsubJ(b, "[]"))
		}
	})

	t.Run("POST runs the PUT; unknown methods and segments", func(t *testing.T) {
		for _, o := range owners {
			for _, p := range versionPrefixes {
				expectPostAsPut(t, s.do("POST", p+o+"/unsubscribe", `{"behavior":"remove"}`), p)
				expectJSON(t, s.do("GET", p+o+"/unsubscribe", nil), unsubJ("remove", "[]"))
				expectError(t, s.do("DELETE", p+o+"/unsubscribe", nil), "Invalid method")
				expectError(t, s.do("GET", p+o+"/unsubscribe/extra", nil), "Invalid method")
			}
		}
	})
}

// TestIntentionsRequireMatchingFieldTypes covers structure.md §5.9 and §8.12.
func TestIntentionsRequireMatchingFieldTypes(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dbID := mustCreate(t, s, "/v2/databases", map[string]any{"name": "i"})
	cID := mustCreate(t, s, "/v2/database/i/collections", map[string]any{"name": "c"})
	created := createdOf(t, s, dbID)
	d := dbo{ID: dbID, Name: "i", Created: created}
	c := coll{ID: cID, Name: "c", DB: dbID}
	check := func(t *testing.T) {
		t.Helper()
		d.Colls = []coll{c}
		expectJSON(t, s.do("GET", "/v1/database/i", nil), d.J())
		expectJSON(t, s.do("GET", "/v4/collection/"+cID, nil), c.J())
	}

	t.Run("intentions routes do not exist under /v1", func(t *testing.T) {
		for _, m := range []string{"PUT", "POST"} {
			expectError(t, s.do(m, "/v1/database/i/intentions", `{"pdf":true}`), "Invalid method")
			expectError(t, s.do(m, "/v1/collection/"+cID+"/intentions", `{"pdf":true}`), "Invalid method")
		}
		for _, p := range versionPrefixes {
			expectError(t, s.do("GET", p+"/database/i/intentions", nil), "Invalid method")
			expectError(t, s.do("DELETE", p+"/database/i/intentions", nil), "Invalid method")
		}
		check(t)
	})

	t.Run("a channel without its field is refused and nothing changes", func(t *testing.T) {
		for _, o := range []string{"/database/i", "/collection/" + cID} {
			expectError(t, s.do("PUT", "/v2"+o+"/intentions", `{"email":true}`), "Intention requires a field of type email")
			expectError(t, s.do("PUT", "/v2"+o+"/intentions", `{"pdf":true,"sms":"yes"}`), "Intention requires a field of type phone_gsm")
			expectError(t, s.do("PUT", "/v2"+o+"/intentions", `{"fax":1}`), "Intention requires a field of type phone_fax")
		}
		check(t)
		// Turning something off never needs a field; pdf needs none.
		expectUpdated(t, s, s.do("PUT", "/v3/database/i/intentions", `{"email":false,"pdf":true}`), "/v3", "")
		d.Intent.PDF = true
		check(t)
	})

	t.Run("enabled once the field exists; response per version; POST works", func(t *testing.T) {
		mustCreate(t, s, "/v2/database/i/fields", map[string]any{"name": "mail", "type": "email"})
		mustCreate(t, s, "/v2/database/i/fields", map[string]any{"name": "gsm", "type": "phone_gsm"})
		d.Fields = []fld{newFld("1", "mail", "email"), newFld("2", "gsm", "phone_gsm")}
		for _, p := range versionPrefixes[1:] {
			path := "/database/" + dbID + "/intentions"
			expectUpdated(t, s, s.do("PUT", p+path, `{"email":true}`), p, withToken(s, path))
			expectPostAsPut(t, s.do("POST", p+path, `{"sms":true}`), p)
		}
		d.Intent.Email, d.Intent.SMS = true, true
		check(t)
		// The collection checks its own fields, not the database's (S9).
		expectError(t, s.do("POST", "/v2/collection/"+cID+"/intentions", `{"email":true}`), "Intention requires a field of type email")
		fid := mustCreate(t, s, "/v2/collection/"+cID+"/fields", map[string]any{"name": "fax", "type": "phone_fax"})
		c.Fields = []fld{newFld(fid, "fax", "phone_fax")}
		expectPostAsPut(t, s.do("POST", "/v2/collection/"+cID+"/intentions", `{"fax":true}`), "/v2")
		expectPostAsPut(t, s.do("POST", "/v4/collection/"+cID+"/intentions", url.Values{"pdf": {"1"}}), "/v4")
		path := "/collection/" + cID + "/intentions"
		expectUpdated(t, s, s.do("PUT", "/v2"+path+"?z", `{}`), "/v2", withToken(s, path+"?z"))
		c.Intent = intents{Fax: true, PDF: true}
		check(t)
	})

	t.Run("losing the last field of a channel type switches the intention off", func(t *testing.T) {
		expectDeleted(t, s.do("DELETE", "/v2/database/i/field/mail", nil), "/v2", "field 1")
		d.Fields = d.Fields[1:]
		d.Intent.Email = false
		check(t)
		expectUpdated(t, s, s.do("PUT", "/v3/database/i/field/gsm", `{"type":"text"}`), "/v3", "")
		d.Fields[0].Type = "text"
		d.Intent.SMS = false
		check(t)
		expectUpdated(t, s, s.do("PUT", "/v3/collection/"+cID+"/field/fax", `{"type":"phone"}`), "/v3", "")
		c.Fields[0].Type = "phone"
		c.Intent.Fax = false
		check(t)
	})
}

// TestDatabaseCopyWithOptions covers structure.md §5.5: v2+ only, structure
// always copied, collections on request, intentions start false.
func TestDatabaseCopyWithOptions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	src := mustCreate(t, s, "/v2/databases", map[string]any{"name": "src", "description": "the source"})
	mustCreate(t, s, "/v2/database/src/fields", map[string]any{"name": "email", "type": "email", "index": true, "ordered": true})
	mustCreate(t, s, "/v2/database/src/fields", map[string]any{"name": "age", "type": "integer", "value": "18", "length": 5})
	mustCreate(t, s, "/v2/database/src/interests", map[string]any{"name": "news", "group": "g"})
	cID := mustCreate(t, s, "/v2/database/src/collections", map[string]any{"name": "orders"})
	mustCreate(t, s, "/v2/collection/"+cID+"/fields", map[string]any{"name": "total", "type": "float"})
	mustCreate(t, s, "/v2/collection/"+cID+"/fields", map[string]any{"name": "state"})
	expectUpdated(t, s, s.do("PUT", "/v3/database/src/unsubscribe", `{"behavior":"update","fields":{"age":"0"}}`), "/v3", "")
	expectUpdated(t, s, s.do("PUT", "/v3/collection/"+cID+"/unsubscribe", `{"behavior":"update","fields":{"state":"off"}}`), "/v3", "")
	expectUpdated(t, s, s.do("PUT", "/v3/database/src/intentions", `{"email":true,"pdf":true}`), "/v3", "")
	expectUpdated(t, s, s.do("PUT", "/v3/collection/"+cID+"/intentions", `{"pdf":true}`), "/v3", "")
	expectUpdated(t, s, s.do("PUT", "/v3/database/src", `{"archived":true}`), "/v3", "")

	email := newFld("1", "email", "email")
	email.Index, email.Ordered = true, true
	age := newFld("2", "age", "integer")
	age.Value, age.Length = "18", "5"
	srcObj := dbo{ID: src, Name: "src", Desc: "the source", Archived: true, Created: createdOf(t, s, src),
		Fields: []fld{email, age}, Interests: []intr{{"1", "news", "g"}},
		Colls:  []coll{{ID: cID, Name: "orders", DB: src, Fields: []fld{newFld("3", "total", "float"), newFld("4", "state", "text")}, Intent: intents{PDF: true}}},
		Intent: intents{Email: true, PDF: true}}
	expectJSON(t, s.do("GET", "/v2/database/src", nil), srcObj.J())

	t.Run("copy does not exist under /v1 and has no GET", func(t *testing.T) {
		for _, m := range []string{"POST", "PUT"} {
			expectError(t, s.do(m, "/v1/database/src/copy", `{"name":"x"}`), "Invalid method")
		}
		for _, p := range versionPrefixes {
			expectError(t, s.do("GET", p+"/database/src/copy", nil), "Invalid method")
			expectError(t, s.do("DELETE", p+"/database/src/copy", nil), "Invalid method")
		}
		expectJSON(t, s.do("GET", "/v2/databases?total=0", nil), envJ(0, 100, []string{srcObj.J()}, 0, false))
	})

	t.Run("name rules", func(t *testing.T) {
		for body, msg := range map[string]string{
			`{}`:                               "Name is required",
			`{"options":{"collections":true}}`: "Name is required",
			`{"name":"SRC"}`:                   "Name already in use",
			`{"name":"12"}`:                    "Invalid name",
			`{"name":"a/b"}`:                   "Invalid name",
			`[1]`:                              "Invalid data provided",
		} {
			expectError(t, s.do("POST", "/v2/database/src/copy", body), msg)
		}
		expectError(t, s.do("POST", "/v2/database/nosuch/copy", `{"name":"x"}`), "No database with supplied ID")
	})

	t.Run("structure is always copied; collections only on request; intentions start false", func(t *testing.T) {
		r := s.do("POST", "/v2/database/src/copy", `{"name":"plain"}`)
		id := expectCreated(t, s, r, "/v2", "database/{id}")
		e, a := email, age
		e.ID, a.ID = "5", "6"
		want := dbo{ID: id, Name: "plain", Desc: "the source", Created: createdOf(t, s, id),
			Fields: []fld{e, a}, Interests: []intr{{"2", "news", "g"}}}
		expectJSON(t, s.do("GET", "/v2/database/plain", nil), want.J())
		expectJSON(t, s.do("GET", "/v2/database/plain/unsubscribe", nil), unsubJ("update", `{"age":"0"}`))

		// PUT runs the POST-only route; options as a form.
		r = s.do("PUT", "/v4/database/"+src+"/copy", url.Values{"name": {"full"}, "options[collections]": {"1"}, "options[miniviews]": {"1"}})
		id = expectCreated(t, s, r, "/v4", "database/{id}")
		e.ID, a.ID = "7", "8"
		cid := "2"
		want = dbo{ID: id, Name: "full", Desc: "the source", Created: createdOf(t, s, id),
			Fields: []fld{e, a}, Interests: []intr{{"3", "news", "g"}},
			Colls: []coll{{ID: cid, Name: "orders", DB: id, Fields: []fld{newFld("9", "total", "float"), newFld("10", "state", "text")}}}}
		expectJSON(t, s.do("GET", "/v4/database/full", nil), want.J())
		expectJSON(t, s.do("GET", "/v4/collection/"+cid+"/unsubscribe", nil), unsubJ("update", `{"state":"off"}`))
		// The source is untouched.
		expectJSON(t, s.do("GET", "/v2/database/src", nil), srcObj.J())
		// Copy answers like any create in v3 too.
		id = expectCreated(t, s, s.do("POST", "/v3/database/full/copy", `{"name":"third","options":[]}`), "/v3", "database/{id}")
		if id != "4" {
			t.Fatalf("third copy got ID %s", id)
		}
	})
}
