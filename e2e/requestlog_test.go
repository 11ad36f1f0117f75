package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestI9_5_RequestLogLines covers issue 9 §5: every request is logged with its
// latency in a field that names the unit, a 4xx line carries the error message
// the client got, and no line ever holds the query string (tokens travel there).
func TestI9_5_RequestLogLines(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	mustCreate(t, s, "/v2/databases", map[string]any{"name": "logged"})
	expectError(t, s.do("GET", "/v2/database/nosuch?secretparam=zz", nil), "No database with supplied ID")
	expectError(t, s.do("GET", "/v2/bogus", nil), "Invalid method")
	expectError(t, s.raw("GET", "/v2/databases?access_token=wrong", ""), "Invalid access token")
	s.do("GET", "/v2/database/logged?x=1", nil)
	s.stop()

	want := map[string]string{ // path → error message ("" for none)
		"/v2/database/nosuch": "No database with supplied ID",
		"/v2/bogus":           "Invalid method",
		"/v2/databases":       "Invalid access token",
		"/v2/database/logged": "",
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(s.log.String(), "\n") {
		if strings.Contains(line, s.Token) || strings.Contains(line, "access_token") || strings.Contains(line, "secretparam") {
			t.Fatalf("a log line holds the query string: %s", line)
		}
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "request" {
			continue
		}
		path, _ := rec["path"].(string)
		msg, known := want[path]
		if !known || rec["method"] != "GET" {
			continue
		}
		if d, ok := rec["duration_ms"].(float64); !ok || d < 0 {
			t.Fatalf("no duration_ms in %s", line)
		}
		if _, ok := rec["duration"]; ok {
			t.Fatalf("a duration without its unit in %s", line)
		}
		if got, _ := rec["error"].(string); got != msg {
			t.Fatalf("error %q, want %q in %s", got, msg, line)
		}
		seen[path] = true
	}
	if len(seen) != len(want) {
		t.Fatalf("request lines seen for %v, want %v\n%s", seen, want, s.log.String())
	}
}
