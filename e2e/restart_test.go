package e2e

import (
	"fmt"
	"testing"
)

// TestRestartKeepsEveryStructureOutput builds structure of every kind, stops
// the process (SIGTERM), starts a new one on the same data dir and compares
// every GET answer byte for byte; then checks that sequences continue.
func TestRestartKeepsEveryStructureOutput(t *testing.T) {
	t.Parallel()
	s := startServer(t)

	mustCreate(t, s, "/v2/databases", map[string]any{"name": "alpha", "description": "first", "archived": true})
	mustCreate(t, s, "/v2/databases", map[string]any{"name": "Beta ß"})
	for i, typ := range allTypes {
		mustCreate(t, s, "/v2/database/alpha/fields", map[string]any{"name": "f_" + typ, "type": typ,
			"index": i%3 == 0, "displayed": i%2 == 0, "hidden": i%5 == 0, "length": 10 + i, "textlines": i, "ordered": i == 4})
	}
	mustCreate(t, s, "/v2/database/alpha/fields", map[string]any{"name": "sel", "type": "select", "value": "a\r\nb*\nc"})
	mustCreate(t, s, "/v2/database/alpha/fields", map[string]any{"name": "num", "type": "float", "value": "2.5"})
	mustCreate(t, s, "/v2/database/alpha/fields", map[string]any{"name": "when", "type": "date", "value": "2024-02-03"})
	mustCreate(t, s, "/v2/database/alpha/interests", map[string]any{"name": "news", "group": "mail"})
	mustCreate(t, s, "/v2/database/alpha/interests", map[string]any{"name": "sport"})
	gone := mustCreate(t, s, "/v2/database/alpha/interests", map[string]any{"name": "gone"})
	expectDeleted(t, s.do("DELETE", "/v2/interest/"+gone, nil), "/v2", "interest "+gone)
	c1 := mustCreate(t, s, "/v2/database/alpha/collections", map[string]any{"name": "orders"})
	c2 := mustCreate(t, s, "/v2/database/Beta ß/collections", map[string]any{"name": "empty"})
	mustCreate(t, s, "/v2/collection/"+c1+"/fields", map[string]any{"name": "sum", "type": "integer", "value": "7"})
	mustCreate(t, s, "/v2/collection/"+c1+"/fields", map[string]any{"name": "mail", "type": "email", "index": true})
	delField := mustCreate(t, s, "/v2/collection/"+c1+"/fields", map[string]any{"name": "tmp"})
	expectDeleted(t, s.do("DELETE", "/v2/collection/"+c1+"/field/"+delField, nil), "/v2", "field "+delField)
	expectUpdated(t, s, s.do("PUT", "/v3/database/alpha/unsubscribe", `{"behavior":"update","fields":{"F_TEXT":"bye","f_integer":3}}`), "/v3", "")
	expectUpdated(t, s, s.do("PUT", "/v3/collection/"+c1+"/unsubscribe", `{"behavior":"remove"}`), "/v3", "")
	expectUpdated(t, s, s.do("PUT", "/v3/database/alpha/intentions", `{"email":true,"sms":true,"pdf":true}`), "/v3", "")
	expectUpdated(t, s, s.do("PUT", "/v3/collection/"+c1+"/intentions", `{"email":true}`), "/v3", "")
	expectUpdated(t, s, s.do("PUT", "/v3/database/alpha/field/f_text", `{"name":"text2","type":"integer"}`), "/v3", "")
	copyID := expectCreated(t, s, s.do("POST", "/v2/database/alpha/copy", `{"name":"gamma","options":{"collections":true}}`), "/v2", "database/{id}")

	var paths []string
	for _, p := range versionPrefixes {
		paths = append(paths, p+"/databases", p+"/databases?start=1&limit=1&total=false", p+"/identity")
		for _, d := range []string{"1", "2", copyID, "ALPHA"} {
			paths = append(paths, p+"/database/"+d, p+"/database/"+d+"/fields", p+"/database/"+d+"/interests",
				p+"/database/"+d+"/collections", p+"/database/"+d+"/unsubscribe")
		}
		for _, c := range []string{c1, c2, "3"} {
			paths = append(paths, p+"/collection/"+c, p+"/collection/"+c+"/fields", p+"/collection/"+c+"/unsubscribe")
		}
	}
	before := map[string]string{}
	for _, path := range paths {
		r := s.do("GET", path, nil)
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("GET %s before restart: %s", path, r)
		}
		before[path] = string(r.Body)
	}

	jwt := checkJWT(t, s.raw("GET", "/authenticate?access_token="+s.Token, ""))

	s.restart()

	// A JWT issued before the restart is still accepted (the key is in the store).
	expectJSON(t, s.raw("GET", "/v4/databases", "", "Authorization", "Bearer "+jwt), before["/v4/databases"])

	for _, path := range paths {
		expectJSON(t, s.do("GET", path, nil), before[path])
	}

	// Sequences continue after a restart; deleted IDs are not reused.
	db := mustCreate(t, s, "/v2/databases", map[string]any{"name": "delta"})
	if db != fmt.Sprint(mustAtoi(t, copyID)+1) {
		t.Fatalf("database ID after restart: %s (last %s)", db, copyID)
	}
	i := mustCreate(t, s, "/v2/database/delta/interests", map[string]any{"name": "x"})
	if mustAtoi(t, i) <= mustAtoi(t, gone) {
		t.Fatalf("interest ID %s reused (deleted %s)", i, gone)
	}
	f := mustCreate(t, s, "/v2/database/delta/fields", map[string]any{"name": "x"})
	if mustAtoi(t, f) <= mustAtoi(t, delField) {
		t.Fatalf("field ID %s reused (deleted %s)", f, delField)
	}
	// The token still works after a restart, by header too.
	expectJSON(t, s.raw("GET", "/v2/database/alpha", "", "Authorization", "Bearer "+s.Token), before["/v2/database/ALPHA"])
}
