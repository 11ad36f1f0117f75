package e2e

import (
	"fmt"
	"testing"
)

// TestRoutingUnknownRoutesMethodsAndSegments covers C§1.1 and the list of
// non-existing combinations in structure.md §2.
func TestRoutingUnknownRoutesMethodsAndSegments(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	mustCreate(t, s, "/v2/databases", map[string]any{"name": "r"})
	mustCreate(t, s, "/v2/database/r/fields", map[string]any{"name": "f"})
	mustCreate(t, s, "/v2/database/r/interests", map[string]any{"name": "i"})
	mustCreate(t, s, "/v2/database/r/collections", map[string]any{"name": "c"})
	mustCreate(t, s, "/v2/collection/1/fields", map[string]any{"name": "cf"})

	t.Run("unknown resource words, wrong case and unknown versions", func(t *testing.T) {
		for _, p := range []string{
			"/v2/bogus", "/v2/Database/1", "/v2/DATABASES", "/v2/Databases", "/V2/databases", "/v5/databases",
			"/v0/databases", "/v22/databases", "/v2", "/v2/", "/v1/token", "/v4/token", "/v2/database/1/Fields",
			"/v2/database/1/FIELD/1", "/v2/collection/1/Unsubscribe", "/v2/databases2", "/databasesx",
			"/healthz/x", "/v2/healthz", "/v2/authenticate",
		} {
			for _, m := range []string{"GET", "POST", "PUT", "DELETE"} {
				expectError(t, s.do(m, p, nil), "Invalid method")
			}
		}
	})

	t.Run("combinations that do not exist", func(t *testing.T) {
		for _, p := range versionPrefixes {
			for _, c := range []struct{ m, path string }{
				{"GET", "/database/r/field/1"}, {"GET", "/database/r/intentions"}, {"GET", "/database/r/copy"},
				{"GET", "/collection/1/field/2"}, {"GET", "/collection/1/intentions"}, {"GET", "/interest/1"},
				{"DELETE", "/database/r/fields"}, {"DELETE", "/database/r/interests"}, {"DELETE", "/database/r/unsubscribe"},
				{"DELETE", "/collection/1/fields"}, {"DELETE", "/database/r"}, {"DELETE", "/collection/1"},
				{"DELETE", "/databases"}, {"DELETE", "/database/r/collections"}, {"POST", "/identity"}, {"PUT", "/account"},
				{"DELETE", "/identity"},
				{"PATCH", "/database/r"}, {"PATCH", "/databases"}, {"OPTIONS", "/databases"}, {"TRACE", "/databases"},
				{"PROPFIND", "/database/r/fields"},
			} {
				if p == "/v1" && (c.path == "/interest/1") {
					continue // covered by the v1 interest test
				}
				expectError(t, s.do(c.m, p+c.path, nil), "Invalid method")
			}
		}
		// HEAD gets the 400 status (a HEAD answer has no body).
		r := s.do("HEAD", "/v2/databases", nil)
		if r.Status != 400 || r.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("HEAD: %v %v", r.Status, r.Header)
		}
	})

	t.Run("extra segments: ignored after list and create routes, refused elsewhere", func(t *testing.T) {
		list := s.do("GET", "/v2/database/r/fields", nil)
		expectJSON(t, s.do("GET", "/v2/database/r/fields/extra/x", nil), string(list.Body))
		expectJSON(t, s.do("GET", "/v2/database/r/interests/extra", nil), string(s.do("GET", "/v2/database/r/interests", nil).Body))
		expectJSON(t, s.do("GET", "/v2/database/r/collections/extra", nil), string(s.do("GET", "/v2/database/r/collections", nil).Body))
		expectJSON(t, s.do("GET", "/v2/collection/1/fields/extra", nil), string(s.do("GET", "/v2/collection/1/fields", nil).Body))
		expectCreated(t, s, s.do("POST", "/v2/database/r/fields/extra", `{"name":"g"}`), "/v2", "database/1/field/{id}")
		expectCreated(t, s, s.do("POST", "/v3/databases/extra", `{"name":"r2"}`), "/v3", "database/{id}")
		for _, c := range []struct{ m, path string }{
			{"GET", "/database/r/extra"}, {"PUT", "/database/r/extra"}, {"GET", "/database/r/unsubscribe/x"},
			{"PUT", "/database/r/unsubscribe/x"}, {"PUT", "/database/r/field/f/x"}, {"DELETE", "/database/r/field/f/x"},
			{"GET", "/collection/1/x"}, {"PUT", "/collection/1/x"}, {"PUT", "/interest/1/x"}, {"DELETE", "/interest/1/x"},
			{"GET", "/identity/x"}, {"GET", "/consumption/x?begin=2024-01-01&end=2024-01-02"},
		} {
			expectError(t, s.do(c.m, "/v2"+c.path, `{"behavior":"nothing"}`), "Invalid method")
		}
	})

	t.Run("trailing slashes are ignored", func(t *testing.T) {
		want := string(s.do("GET", "/v2/database/r", nil).Body)
		expectJSON(t, s.do("GET", "/v2/database/r/", nil), want)
		expectJSON(t, s.do("GET", "/v2/database/r///", nil), want)
		expectJSON(t, s.do("GET", "/database/r/", nil), want)
		expectJSON(t, s.do("GET", "/v2/databases/", nil), string(s.do("GET", "/v2/databases", nil).Body))
	})

	t.Run("empty inner segments are invalid IDs", func(t *testing.T) {
		expectError(t, s.do("GET", "/v2/database//fields", nil), "No database with supplied ID")
		expectError(t, s.do("GET", "//v2/databases", nil), "Invalid method")
		expectError(t, s.do("GET", "/v2//databases", nil), "Invalid method")
		expectError(t, s.do("PUT", "/v2/database/r/field/%20", `{}`), "Failed to get the field")
		// After the field segment nothing may follow (the field is not looked up then).
		expectError(t, s.do("PUT", "/v2/database/r/field//x", `{}`), "Invalid method")
		expectError(t, s.do("GET", "/v2/database/r//fields", nil), "Invalid method")
		expectError(t, s.do("PUT", "/v2/interest//x", `{}`), "No interest with supplied ID")
		expectError(t, s.do("GET", "/v2/collection//x", nil), "No collection with given ID")
	})

	t.Run("the ID check runs before the route check", func(t *testing.T) {
		expectError(t, s.do("PATCH", "/v2/database/nosuch/whatever", nil), "No database with supplied ID")
		expectError(t, s.do("DELETE", "/v2/collection/77/x/y", nil), "No collection with given ID")
		expectError(t, s.do("GET", "/v2/interest/77/x", nil), "No interest with supplied ID")
		expectError(t, s.do("GET", "/v2/database", nil), "Invalid request, element 1 is missing in 'directory' path")
		expectError(t, s.do("PATCH", "/v2/collection/", nil), "Invalid request, element 1 is missing in 'directory' path")
	})

	t.Run("unversioned paths answer like v2", func(t *testing.T) {
		for _, path := range []string{"/databases", "/database/r", "/database/r/fields", "/database/r/interests",
			"/database/r/collections", "/collection/1", "/collection/1/fields", "/database/r/unsubscribe",
			"/collection/1/unsubscribe", "/identity", "/account", "/consumption?begin=2000-01-01&end=2000-01-01"} {
			expectJSON(t, s.do("GET", path, nil), string(s.do("GET", "/v2"+path, nil).Body))
		}
	})
}

// TestListPagingParametersAndCoercions covers C§7: start/limit/total on every
// structure list, version-specific limit caps, negative echoes, coercions.
func TestListPagingParametersAndCoercions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	var dbs []string
	for i := 0; i < 5; i++ {
		id := mustCreate(t, s, "/v2/databases", map[string]any{"name": fmt.Sprintf("p%d", i)})
		dbs = append(dbs, dbo{ID: id, Name: fmt.Sprintf("p%d", i), Created: createdOf(t, s, id)}.J())
	}
	var fields, interests, colls []string
	for i := 0; i < 5; i++ {
		id := mustCreate(t, s, "/v2/database/p0/fields", map[string]any{"name": fmt.Sprintf("f%d", i)})
		fields = append(fields, newFld(id, fmt.Sprintf("f%d", i), "text").J())
		id = mustCreate(t, s, "/v2/database/p0/interests", map[string]any{"name": fmt.Sprintf("i%d", i)})
		interests = append(interests, intr{ID: id, Name: fmt.Sprintf("i%d", i)}.J())
		id = mustCreate(t, s, "/v2/database/p0/collections", map[string]any{"name": fmt.Sprintf("c%d", i)})
		colls = append(colls, coll{ID: id, Name: fmt.Sprintf("c%d", i), DB: "1"}.J())
	}
	var cfields []string
	for i := 0; i < 5; i++ {
		id := mustCreate(t, s, "/v2/collection/1/fields", map[string]any{"name": fmt.Sprintf("cf%d", i)})
		cfields = append(cfields, newFld(id, fmt.Sprintf("cf%d", i), "text").J())
	}
	// The database object changed since dbs[0] was built: rebuild it from the list itself.
	dbs[0] = string(s.do("GET", "/v2/database/1", nil).Body)
	colls[0] = coll{ID: "1", Name: "c0", DB: "1", Fields: []fld{}}.J()
	colls[0] = string(s.do("GET", "/v2/collection/1", nil).Body)

	lists := map[string][]string{
		"/databases": dbs, "/database/p0/fields": fields, "/database/p0/interests": interests,
		"/database/p0/collections": colls, "/collection/1/fields": cfields,
	}
	type tc struct {
		query              string
		start, limit, from int
		to                 int
		total              bool
	}
	cases := []tc{
		{"", 0, 100, 0, 5, true},
		{"start=1&limit=2", 1, 2, 1, 3, true},
		{"start=4&limit=10", 4, 10, 4, 5, true},
		{"start=5", 5, 100, 5, 5, true},
		{"start=99", 99, 100, 5, 5, true},
		{"start=-3&limit=2", -3, 2, 0, 0, true},
		{"limit=0", 0, 0, 0, 0, true},
		{"limit=-7", 0, -7, 0, 0, true},
		{"start=abc&limit=2x", 0, 2, 0, 2, true},
		{"start=%20%201&limit=+3", 1, 3, 1, 4, true},
		{"start=true&limit=", 0, 0, 0, 0, true},
		{"start[]=5&limit=2", 1, 2, 1, 3, true},
		{"LIMIT=1&Start=2&Total=0", 0, 100, 0, 5, true},
		{"limit=1&limit=3", 0, 3, 0, 3, true},
		{"total=false", 0, 100, 0, 5, false},
		{"total=0&limit=1", 0, 1, 0, 1, false},
		{"total=no", 0, 100, 0, 5, false},
		{"total=0.5", 0, 100, 0, 5, false},
		{"total=%20true", 0, 100, 0, 5, false},
		{"total=", 0, 100, 0, 5, false},
		{"total=on", 0, 100, 0, 5, false},
		{"total=YES", 0, 100, 0, 5, true},
		{"total=TRUE", 0, 100, 0, 5, true},
		{"total=-1", 0, 100, 0, 5, true},
		{"total=1.5", 0, 100, 0, 5, true},
		{"total[]=x", 0, 100, 0, 5, true},
		{"start=2&limit=2&total=0", 2, 2, 2, 4, false},
		{"start=-1&total=false", -1, 100, 0, 0, false},
	}
	for path, items := range lists {
		for _, p := range versionPrefixes {
			for _, c := range cases {
				t.Run(vname(p)+path+"?"+c.query, func(t *testing.T) {
					q := path
					if c.query != "" {
						q += "?" + c.query
					}
					want := envJ(c.start, c.limit, items[c.from:c.to], len(items), c.total)
					expectJSON(t, s.do("GET", p+q, nil), want)
				})
			}
		}
	}

	t.Run("limit is capped at 100 in v1 and 1000 in v2+, and the cap is echoed", func(t *testing.T) {
		for _, p := range versionPrefixes {
			max := 1000
			if p == "/v1" {
				max = 100
			}
			for _, l := range []string{"101", "1001", "99999999999999999999"} {
				want := 0
				fmt.Sscan(l, &want)
				if want > max || len(l) > 10 {
					want = max
				}
				expectJSON(t, s.do("GET", p+"/databases?limit="+l, nil), envJ(0, want, dbs, 5, true))
			}
		}
		// Nested lists are not affected by paging parameters of the parent route.
		expectJSON(t, s.do("GET", "/v2/database/1?limit=1&start=3&total=0", nil), dbs[0])
		expectJSON(t, s.do("GET", "/v2/collection/1?limit=1&start=3&total=0", nil), colls[0])
	})
}

// TestPublicURLInLocationHeaders covers C§5.2: with --public-url the absolute
// URLs of X-Location, Location and the 303 use it instead of the Host header.
func TestPublicURLInLocationHeaders(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--public-url", "https://api.example.com/")
	r := s.do("POST", "/v3/databases", `{"name":"pub"}`)
	expectNoBody(t, r, 201, map[string]string{"X-Created": "1",
		"X-Location": "https://api.example.com/v3/database/1", "Location": "https://api.example.com/v3/database/1"})
	r = s.do("POST", "/database/1/fields", `{"name":"f"}`)
	expectNoBody(t, r, 201, map[string]string{"X-Created": "1",
		"X-Location": "https://api.example.com/database/1/field/1", "Location": "https://api.example.com/database/1/field/1"})
	r = s.do("PUT", "/v1/database/pub/field/f?a=b", `{"hidden":true}`)
	expectNoBody(t, r, 303, map[string]string{"Location": "https://api.example.com/database/pub/field/f?" + "a=b&access_token=" + s.Token})
}
