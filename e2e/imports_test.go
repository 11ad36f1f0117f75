package e2e

import (
	"strings"
	"testing"
)

// TestP3_25_AddCSVSourceAppliedInTheBackground: an inline CSV source with
// its delimiter is stored, answered with CREATE, applied by the worker; the
// status document has the spec's keys, counters as strings, both spellings.
func TestP3_25_AddCSVSourceAppliedInTheBackground(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	id := postImport(t, s, map[string]any{"database": "people", "delimiter": ";",
		"source": "email;name;age;city\nann@example.org;Ann;31;Delft\nbob@example.org;Bob;x;Gouda\n"})
	st := finished(t, s, id)
	for k, want := range map[string]string{"ID": id, "name": "REST import", "type": "add", "totallines": "2",
		"processedlines": "2", "processedLines": "2"} {
		if st.str(k) != want {
			t.Errorf("%s = %q, want %q (%v)", k, st.str(k), want, st)
		}
	}
	if st["nextrun"] != false || st.str("lastrun") == "false" || len(st.str("lastrun")) != 19 {
		t.Errorf("nextrun false and a lastrun stamp expected: %v", st)
	}
	// Values normalised as single writes do: "x" is 0 for an integer.
	equal(t, "profiles", people(t, s), []string{"ann@example.org|Ann|31|Delft", "bob@example.org|Bob|0|Gouda"})
	// The rows are journalled like any write.
	r := s.do("GET", "/v3/database/people/profiles?fields[]=email%3D%3Dann@example.org", nil)
	pid := between(string(r.Body), `"ID":"`, `"`)
	ev := s.do("GET", "/v1/profile/"+pid+"/events", nil)
	if !strings.Contains(string(ev.Body), `"create"`) {
		t.Fatalf("no create event for the imported profile: %s", ev)
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		return s[:j]
	}
	return s
}

// TestP3_25_TabAndCommaDelimiters: "\t" (also as the two characters a PHP
// single-quoted string sends) and ",".
func TestP3_25_TabAndCommaDelimiters(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": "\t", "source": "email\tcity\na@x.org\tDelft\n"}))
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": `\t`, "source": "email\tcity\nb@x.org\tEde\n"}))
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": "email,city\nc@x.org,\"Den Haag, Centrum\"\n"}))
	equal(t, "profiles", people(t, s), []string{"a@x.org||0|Delft", "b@x.org||0|Ede", "c@x.org||0|Den Haag, Centrum"})
}

// TestP3_25_JSONSources: a JSON string and an array of records, columns by
// key name whatever their order; a form body's list works too.
func TestP3_25_JSONSources(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "format": "json",
		"source": `[{"email":"a@x.org","age":7},{"age":8,"email":"b@x.org"}]`}))
	finished(t, s, postImport(t, s, map[string]any{"database": "people",
		"source": []any{map[string]any{"email": "c@x.org", "name": "C"}, map[string]any{"name": "D", "email": "d@x.org"}}}))
	finished(t, s, postImport(t, s, form("database", "people", "source[0][email]", "e@x.org", "source[0][city]", "Ede")))
	equal(t, "profiles", people(t, s), []string{"a@x.org||7|", "b@x.org||8|", "c@x.org|C|0|", "d@x.org|D|0|", "e@x.org||0|Ede"})
}

// TestP3_25_UpdateOrAddMatchesKeysCaseInsensitively: a key of a text-like
// field matches regardless of case; matches are updated (the key column
// too: it is a value of the row like any other), others created; the
// database is addressed by ID as well as by name.
func TestP3_25_UpdateOrAddMatchesKeysCaseInsensitively(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",",
		"source": "email,name,age\nann@example.org,Ann,30\nbob@example.org,Bob,40\n"}))
	st := finished(t, s, postImport(t, s, map[string]any{"database": "1", "action": "update or add", "keyFields": []string{"email"},
		"delimiter": ",", "source": "email,age\nANN@Example.org,31\ncid@example.org,50\n"}))
	if st.str("type") != "update or add" {
		t.Fatalf("type: %v", st)
	}
	equal(t, "profiles", people(t, s), []string{"ANN@Example.org|Ann|31|", "bob@example.org|Bob|40|", "cid@example.org||50|"})
}

// TestP3_25_UpdateSkipsRowsWithoutMatch: update changes matches only; the
// rows that match nothing are counted and named in lasterror.
func TestP3_25_UpdateSkipsRowsWithoutMatch(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": "email,age\na@x.org,1\n"}))
	st := waitImport(t, s, postImport(t, s, map[string]any{"database": "people", "action": "update", "keyFields": "email",
		"delimiter": ",", "source": "email,age\na@x.org,2\nnobody@x.org,3\n"}))
	if st.str("status") != "finished" || !strings.Contains(st.str("lasterror"), "1 row not applied: line 3: no profile matches") {
		t.Fatalf("status: %v", st)
	}
	equal(t, "profiles", people(t, s), []string{"a@x.org||2|"})
}

// TestP3_25_IgnoreOrAddLeavesMatchesAlone.
func TestP3_25_IgnoreOrAddLeavesMatchesAlone(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": "email,age\na@x.org,1\n"}))
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "action": "Ignore or add", "keyFields": []string{"email"},
		"delimiter": ",", "source": "email,age\na@x.org,2\nb@x.org,3\nb@x.org,4\n"}))
	equal(t, "profiles", people(t, s), []string{"a@x.org||1|", "b@x.org||3|"})
}

// TestP3_25_DeleteProfilesAndSubprofiles: delete removes every match; with
// deleteTarget subprofile it removes the matching subprofiles only.
func TestP3_25_DeleteProfilesAndSubprofiles(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",",
		"source": "email,orders.ordno,orders.amount\na@x.org,o1,10\nb@x.org,o2,20\nc@x.org,o3,30\n"}))
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "action": "delete", "keyFields": []string{"email"},
		"delimiter": ",", "source": "email\nA@x.org\n"}))
	equal(t, "profiles", people(t, s), []string{"b@x.org||0|", "c@x.org||0|"})
	equal(t, "orders after the profile delete", orders(t, s), []string{"b@x.org/o2/20", "c@x.org/o3/30"})
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "action": "delete", "deleteTarget": "subprofile",
		"keyFields": []string{"orders.ordno"}, "delimiter": ",", "source": "orders.ordno\no2\n"}))
	equal(t, "profiles", people(t, s), []string{"b@x.org||0|", "c@x.org||0|"})
	equal(t, "orders", orders(t, s), []string{"c@x.org/o3/30"})
}

// TestP3_25_CollectionFieldKeysForSubprofiles: Collection.Field columns
// write subprofiles; with a profile key and a subprofile key, a row updates
// its subprofile within its profile, or adds one to the profile.
func TestP3_25_CollectionFieldKeysForSubprofiles(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "action": "update or add",
		"keyFields": []string{"email", "orders.ordno"}, "delimiter": ",",
		"source": "email,name,orders.ordno,orders.amount\na@x.org,Ann,o1,10\na@x.org,Ann,o2,20\nb@x.org,Bob,o1,5\n"}))
	equal(t, "profiles", people(t, s), []string{"a@x.org|Ann|0|", "b@x.org|Bob|0|"})
	equal(t, "orders", orders(t, s), []string{"a@x.org/o1/10", "a@x.org/o2/20", "b@x.org/o1/5"})
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "action": "update or add",
		"keyFields": []string{"email", "Orders.Ordno"}, "delimiter": ",",
		"source": "email,orders.ordno,orders.amount\na@x.org,o2,21\nb@x.org,o3,7\n"}))
	equal(t, "orders", orders(t, s), []string{"a@x.org/o1/10", "a@x.org/o2/21", "b@x.org/o1/5", "b@x.org/o3/7"})
}

// TestP3_25_IgnoreEmptyFieldsKeepsStoredValues.
func TestP3_25_IgnoreEmptyFieldsKeepsStoredValues(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": "email,name,city\na@x.org,Ann,Delft\nb@x.org,Bob,Ede\n"}))
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "action": "update", "keyFields": "email",
		"ignoreEmptyFields": true, "delimiter": ",", "source": "email,name,city\na@x.org,,Gouda\n"}))
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "action": "update", "keyFields": "email",
		"delimiter": ",", "source": "email,name\nb@x.org,\n"}))
	equal(t, "profiles", people(t, s), []string{"a@x.org|Ann|0|Gouda", "b@x.org||0|Ede"})
}
