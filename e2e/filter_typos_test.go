package e2e

// Issue 9 §4: a `fields` condition Copernica ignores (unknown field or
// operator, B50, B66) is logged as a warning naming it and the request;
// `serve --strict-filters` (or KOPERNIK_STRICT_FILTERS) refuses it instead,
// an opt-in departure from Copernica.

import (
	"encoding/json"
	"strings"
	"testing"
)

// warning is a "fields condition ignored" log record.
type warning struct {
	Level, Msg, Condition, Reason, Method, Path string
}

// ignoredWarnings stops the server and returns its warnings about ignored
// conditions, failing if the log shows the token anywhere.
func ignoredWarnings(t *testing.T, s *server) []warning {
	t.Helper()
	s.stop()
	log := s.log.String()
	if strings.Contains(log, s.Token) {
		t.Fatal("the server log shows the access token")
	}
	var out []warning
	for _, line := range strings.Split(log, "\n") {
		var w warning
		if json.Unmarshal([]byte(line), &w) == nil && w.Msg == "fields condition ignored" {
			out = append(out, w)
		}
	}
	return out
}

func TestB66_IgnoredConditionsAreLogged(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	// Ignored, as Copernica does (B66) …
	f.expectFilter([]string{"cty==Delft", "LastName==Muit"}, ids[0], ids[1])
	f.expectFilter([]string{"LastName=Muit"}, ids...)
	// … also where it widens a bulk update to every profile (B50).
	expectEmpty(t, f.do("PUT", "/v2/database/Test/profiles?"+pq("fields[]", "cty==Delft"), `{"fields":{"ANumber":3}}`), 200)
	for _, id := range ids {
		if v := f.get(id).Fields["ANumber"]; v != "3" {
			t.Fatalf("B50: profile %s has ANumber %s", id, v)
		}
	}
	// A usable filter logs nothing.
	f.expectFilter([]string{"LastName==Other"}, ids[3])

	got := ignoredWarnings(t, f.server)
	want := []warning{
		{"WARN", "fields condition ignored", "cty==Delft", "unknown field", "GET", "/v2/database/Test/profiles"},
		{"WARN", "fields condition ignored", "LastName=Muit", "unknown operator", "GET", "/v2/database/Test/profiles"},
		{"WARN", "fields condition ignored", "cty==Delft", "unknown field", "PUT", "/v2/database/Test/profiles"},
	}
	if len(got) != len(want) {
		t.Fatalf("warnings %+v; want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("warning %d: %+v; want %+v", i, got[i], want[i])
		}
	}
}

// strictFixture is the behaviour.md fixture on a server that refuses
// conditions it would otherwise ignore; by flag or by environment.
func strictFixture(t *testing.T, byEnv bool) *spx {
	t.Parallel()
	var s *server
	if byEnv {
		s = startServerEnv(t, []string{"KOPERNIK_STRICT_FILTERS=true"})
	} else {
		s = startServer(t, "--strict-filters")
	}
	f := &spx{pfx: fixtureOn(t, s)}
	f.C = f.addCollection("Orders", `{"name":"Score","type":"integer"}`)
	return f
}

func TestB50_StrictFiltersRefuseIgnoredConditions(t *testing.T) {
	for _, byEnv := range []bool{false, true} {
		name := "flag"
		if byEnv {
			name = "environment"
		}
		t.Run(name, func(t *testing.T) {
			f := strictFixture(t, byEnv)
			ids := f.pfx.four()
			sid := f.sub(ids[0], `{"Score":1}`)
			list := "/v2/database/Test/profiles?"
			expectError(t, f.do("GET", list+pq("fields[]", "cty==Delft", "fields[]", "LastName==Muit"), nil),
				"Unknown field in URL parameter fields: cty==Delft")
			expectError(t, f.do("GET", list+pq("fields[]", "LastName=Muit"), nil),
				"Unknown operator in URL parameter fields: LastName=Muit")
			expectError(t, f.do("GET", list+pq("fields[]", " LastName "), nil),
				"Invalid condition in URL parameter fields: LastName")
			expectError(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles?"+pq("fields[]", "Scor==0"), nil),
				"Unknown field in URL parameter fields: Scor==0")
			// Usable filters, and lists without one, work as always.
			f.expectFilter([]string{"LastName==Muit", "id>0"}, ids[0], ids[1])
			f.expectFilter(nil, ids...)

			// No bulk write happens on a typo.
			expectError(t, f.do("PUT", list+pq("fields[]", "cty==Delft"), `{"fields":{"ANumber":3}}`),
				"Unknown field in URL parameter fields: cty==Delft")
			expectError(t, f.do("PUT", "/v3/collection/"+f.C+"/subprofiles?"+pq("fields[]", "Scor==1"), `{"Score":7}`),
				"Unknown field in URL parameter fields: Scor==1")
			expectError(t, f.do("PUT", "/v2/profile/"+ids[0]+"/subprofiles/"+f.C+"?"+pq("fields[]", "Score==1", "fields[]", "x"), `{"Score":7}`),
				"Invalid condition in URL parameter fields: x")
			expectError(t, f.do("PUT", "/v2/database/Test/unsubscribes?"+pq("fields[]", "LastName<>"+"Muit", "fields[]", "Emial==a"), nil),
				"Unknown field in URL parameter fields: Emial==a")
			for _, id := range ids {
				if v := f.get(id).Fields["ANumber"]; v == "3" {
					t.Fatalf("profile %s updated by a refused request", id)
				}
			}
			if v := f.getSub(sid).Fields["Score"]; v != "1" {
				t.Fatalf("subprofile updated by a refused request: Score %s", v)
			}
			// A missing selector is still the same error (O3).
			expectError(t, f.do("PUT", list, `{"fields":{"ANumber":3}}`), "URL parameter fields is required")
			expectEmpty(t, f.do("PUT", list+pq("fields[]", "LastName==Other"), `{"fields":{"ANumber":3}}`), 200)
			if v := f.get(ids[3]).Fields["ANumber"]; v != "3" {
				t.Fatalf("usable selector: ANumber %s", v)
			}
		})
	}
}
