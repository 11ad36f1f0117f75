package httpapi

import (
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// apiDoc is the user documentation of the API; its route list must be the
// route table, so that a family cannot add a route without documenting it.
const apiDoc = "../docs/api.md"

// docRoute is one row of a route list in api.md.
type docRoute struct {
	in   vset
	tail bool
	line int
}

// apiDocTables reads the route rows of api.md: versioned rows
// (| METHOD | `pattern` | v1 | v2 | v3 | v4 | purpose |, a pattern ending in
// /… when extra segments are ignored) and open rows (| methods | `/path` |
// purpose |). A malformed route row is reported, not skipped.
func apiDocTables(t *testing.T) (versioned map[string]docRoute, open map[string]int) {
	t.Helper()
	raw, err := os.ReadFile(apiDoc)
	if err != nil {
		t.Fatalf("reading the API description: %v", err)
	}
	versioned, open = map[string]docRoute{}, map[string]int{}
	for i, line := range strings.Split(string(raw), "\n") {
		n := i + 1
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		if len(cells) < 2 || !isCode(cells[1]) {
			continue
		}
		path := strings.Trim(cells[1], "`")
		if strings.HasPrefix(path, "/") {
			if !isOpenMethods(cells[0]) {
				continue
			}
			if _, dup := open[path]; dup {
				t.Errorf("%s:%d: open route %s listed twice", apiDoc, n, path)
			}
			open[path] = n
			continue
		}
		method := cells[0]
		if method != GET && method != POST && method != PUT && method != DELETE {
			continue
		}
		if len(cells) != 7 {
			t.Errorf("%s:%d: a route row has 7 cells (method, path, v1–v4, purpose), this one %d", apiDoc, n, len(cells))
			continue
		}
		r := docRoute{line: n}
		if p, ok := strings.CutSuffix(path, "/…"); ok {
			path, r.tail = p, true
		}
		for v := 1; v <= 4; v++ {
			switch cells[1+v] {
			case "✓":
				r.in |= 1 << v
			case "–":
			default:
				t.Errorf("%s:%d: version cell v%d is %q, want ✓ or –", apiDoc, n, v, cells[1+v])
			}
		}
		if cells[6] == "" {
			t.Errorf("%s:%d: %s %s has no purpose", apiDoc, n, method, path)
		}
		key := method + " " + path
		if prev, dup := versioned[key]; dup {
			t.Errorf("%s:%d: %s is listed twice (also line %d)", apiDoc, n, key, prev.line)
		}
		versioned[key] = r
	}
	return versioned, open
}

func isCode(s string) bool { return len(s) > 2 && s[0] == '`' && s[len(s)-1] == '`' }

// isOpenMethods accepts "GET, POST", "any", …: open routes are not split by method.
func isOpenMethods(s string) bool {
	for _, m := range strings.Split(s, ",") {
		switch strings.TrimSpace(m) {
		case GET, POST, PUT, DELETE, "any":
		default:
			return false
		}
	}
	return true
}

func (s vset) String() string {
	var b strings.Builder
	for v := 1; v <= 4; v++ {
		if s.has(v) {
			b.WriteString("✓")
		} else {
			b.WriteString("–")
		}
	}
	return b.String()
}

// TestIssue9_6_APIDocListsEveryRoute holds docs/api.md to the route table:
// every row of routes.go is listed with its versions and its extra-segment
// rule, nothing else is listed, and the open routes are listed.
func TestIssue9_6_APIDocListsEveryRoute(t *testing.T) {
	doc, open := apiDocTables(t)

	table := map[string]docRoute{}
	for _, r := range routes {
		key := r.method + " " + r.pattern
		e, seen := table[key]
		if seen && e.tail != bool(r.ends) {
			t.Fatalf("%s has rows with and without tail; api.md cannot show that, split the pattern", key)
		}
		e.in |= r.in
		e.tail = bool(r.ends)
		table[key] = e
	}

	for _, key := range slices.Sorted(maps.Keys(table)) {
		want := table[key]
		got, ok := doc[key]
		switch {
		case !ok:
			t.Errorf("%s (versions %v) is served but missing from %s: add a row to its family's route table", key, want.in, apiDoc)
		case got.in != want.in:
			t.Errorf("%s:%d: %s exists in versions %v (v1–v4), the row says %v", apiDoc, got.line, key, want.in, got.in)
		case got.tail != want.tail:
			t.Errorf("%s:%d: %s: extra segments ignored is %v in routes.go; a path ends in /… exactly when they are", apiDoc, got.line, key, want.tail)
		}
	}
	for key, got := range doc {
		if _, ok := table[key]; !ok {
			t.Errorf("%s:%d: %s is listed but routes.go has no such row", apiDoc, got.line, key)
		}
	}

	for path := range openRoutes {
		if _, ok := open[path]; !ok {
			t.Errorf("open route %s is served but missing from the table of routes without a token in %s", path, apiDoc)
		}
	}
	for path, line := range open {
		// /metrics is served when the metrics are on (the default).
		if openRoutes[path] == nil && path != metricsPath {
			t.Errorf("%s:%d: open route %s is listed but not served", apiDoc, line, path)
		}
	}
	if len(doc) == 0 || len(open) == 0 {
		t.Fatalf("no route rows found in %s: did the table format change?", apiDoc)
	}
}

// TestIssue9_6_APIDocVersionTable holds the status and limit rows of the
// versions table in docs/api.md to versions.go.
func TestIssue9_6_APIDocVersionTable(t *testing.T) {
	raw, err := os.ReadFile(apiDoc)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]func(*version) int{
		"Largest `limit` of a list":             func(v *version) int { return v.maxLimit },
		"PUT on one entity":                     func(v *version) int { return v.putOne },
		"PUT that created an entity":            func(v *version) int { return v.putNew },
		"PUT on several entities, none created": func(v *version) int { return v.putMany },
		"POST sent to a PUT-only route":         func(v *version) int { return v.postOnPut },
		"DELETE":                                func(v *version) int { return v.deleteOK },
	}
	found := map[string]bool{}
	for i, line := range strings.Split(string(raw), "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) != 5 {
			continue
		}
		label := strings.TrimSpace(cells[0])
		get := rows[label]
		if get == nil {
			continue
		}
		found[label] = true
		for n := 1; n <= 4; n++ {
			cell := strings.TrimSpace(cells[n])
			if strings.HasPrefix(cell, "same as v") {
				ref, _ := strconv.Atoi(strings.TrimPrefix(cell, "same as v"))
				if ref < 1 || ref >= n {
					t.Errorf("%s:%d: %q refers to a later or unknown version", apiDoc, i+1, cell)
					continue
				}
				cell = strings.TrimSpace(cells[ref])
			}
			lead, _, _ := strings.Cut(cell, " ")
			if want := strconv.Itoa(get(versions[n])); lead != want {
				t.Errorf("%s:%d: %s in v%d: the table says %q, versions.go %s", apiDoc, i+1, label, n, lead, want)
			}
		}
	}
	for label := range rows {
		if !found[label] {
			t.Errorf("%s: the versions table has no row %q", apiDoc, label)
		}
	}
}
