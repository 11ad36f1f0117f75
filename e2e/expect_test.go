package e2e

// Helpers shared by the structure, routing, auth and restart tests: exact
// expectations for headers and bodies, and builders for the JSON that the
// representation tables of structure.md describe (keys in documented order).

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// versionPrefixes are the path prefixes of every version; "" is unversioned (= v2).
var versionPrefixes = []string{"/v1", "/v2", "/v3", "/v4", ""}

// isOld reports whether the prefix answers like v1/v2 (303/200 instead of 204).
func isOld(prefix string) bool { return prefix == "/v1" || prefix == "/v2" || prefix == "" }

// vname names a prefix in subtest names.
func vname(prefix string) string {
	if prefix == "" {
		return "unversioned"
	}
	return prefix[1:]
}

// expectNoBody asserts the status, an empty body, and exactly the listed
// headers (an empty value means the header must be absent).
func expectNoBody(t testing.TB, r resp, status int, hdr map[string]string) {
	t.Helper()
	if r.Status != status || len(r.Body) != 0 {
		t.Fatalf("want %d with empty body, got %d %q (headers %v)", status, r.Status, r.Body, r.Header)
	}
	for k, v := range hdr {
		got, present := r.Header[http.CanonicalHeaderKey(k)]
		if v == "" {
			if present {
				t.Fatalf("header %s must be absent, got %q", k, got)
			}
			continue
		}
		if len(got) != 1 || got[0] != v {
			t.Fatalf("header %s: want %q, got %q", k, v, got)
		}
	}
}

// expectCreated asserts the create response: 201, empty body, X-Created,
// X-Location and Location = base + versioned path of the new entity. It
// returns the new ID. path is a printf-free template: "{id}" is replaced.
func expectCreated(t testing.TB, s *server, r resp, prefix, pathTmpl string) string {
	t.Helper()
	id := r.Header.Get("X-Created")
	if _, err := strconv.Atoi(id); err != nil {
		t.Fatalf("want 201 with numeric X-Created, got %d %v %s", r.Status, r.Header, r.Body)
	}
	loc := s.Base + prefix + "/" + strings.ReplaceAll(pathTmpl, "{id}", id)
	expectNoBody(t, r, 201, map[string]string{"X-Created": id, "X-Location": loc, "Location": loc,
		"Content-Type": "", "X-Deleted": ""})
	return id
}

// expectUpdated asserts the update response of structure.md for a PUT: 303
// with Location = unversioned request path + query as sent (v1/v2), 204 (v3/v4).
func expectUpdated(t testing.TB, s *server, r resp, prefix, pathAndQuery string) {
	t.Helper()
	if isOld(prefix) {
		expectNoBody(t, r, 303, map[string]string{"Location": s.Base + pathAndQuery,
			"X-Created": "", "X-Location": "", "Content-Type": ""})
		return
	}
	expectNoBody(t, r, 204, map[string]string{"Location": "", "X-Created": "", "X-Location": "", "Content-Type": ""})
}

// expectPostAsPut asserts the answer to a POST sent to a PUT route (C§3, B81).
func expectPostAsPut(t testing.TB, r resp, prefix string) {
	t.Helper()
	status := 204
	if isOld(prefix) {
		status = 200
	}
	expectNoBody(t, r, status, map[string]string{"Location": "", "X-Created": "", "X-Location": "", "Content-Type": ""})
}

// expectDeleted asserts the delete response.
func expectDeleted(t testing.TB, r resp, prefix, xdeleted string) {
	t.Helper()
	status := 204
	if isOld(prefix) {
		status = 200
	}
	expectNoBody(t, r, status, map[string]string{"X-Deleted": xdeleted, "Content-Type": "", "Location": ""})
}

// withToken appends the server's token to a path the way s.do does, for
// computing the echoed query string of a 303.
func withToken(s *server, path string) string {
	if strings.Contains(path, "?") {
		return path + "&access_token=" + s.Token
	}
	return path + "?access_token=" + s.Token
}

// mustCreate posts body and returns the new ID, failing on anything but 201.
func mustCreate(t testing.TB, s *server, path string, body any) string {
	t.Helper()
	return created(t, s.do("POST", path, body))
}

// ---- representation builders ----

func jb(b bool) string { return strconv.FormatBool(b) }
func js(s string) string {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(sb.String(), "\n")
}

// envJ builds a list envelope (C§7.1).
func envJ(start, limit int, items []string, total int, withTotal bool) string {
	s := `{"start":` + strconv.Itoa(start) + `,"limit":` + strconv.Itoa(limit) +
		`,"count":` + strconv.Itoa(len(items)) + `,"data":[` + strings.Join(items, ",") + `]`
	if withTotal {
		s += `,"total":` + strconv.Itoa(total)
	}
	return s + "}"
}

// nestedJ is a list embedded in another object (C§7.3).
func nestedJ(limit int, items []string) string {
	if len(items) > limit {
		limit = len(items)
	}
	return envJ(0, limit, items, len(items), true)
}

// fld is a field object (structure.md §3.2).
type fld struct {
	ID, Name, Type, Value string
	Displayed, Ordered    bool
	Length, TextLines     string
	Hidden, Index         bool
}

// newFld is a field with the defaults of §4.1/§6.2.
func newFld(id, name, typ string) fld {
	v := ""
	if typ == "integer" || typ == "float" || typ == "foreign_key" {
		v = "0"
	}
	return fld{ID: id, Name: name, Type: typ, Value: v, Length: "255", TextLines: "1"}
}

func (f fld) J() string {
	return `{"ID":` + js(f.ID) + `,"name":` + js(f.Name) + `,"type":` + js(f.Type) + `,"value":` + js(f.Value) +
		`,"displayed":` + jb(f.Displayed) + `,"ordered":` + jb(f.Ordered) + `,"length":` + js(f.Length) +
		`,"textlines":` + js(f.TextLines) + `,"hidden":` + jb(f.Hidden) + `,"index":` + jb(f.Index) + `}`
}

func fldsJ(fs []fld) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.J())
	}
	return out
}

// intr is an interest object (§3.3).
type intr struct{ ID, Name, Group string }

func (i intr) J() string {
	return `{"ID":` + js(i.ID) + `,"name":` + js(i.Name) + `,"group":` + js(i.Group) + `}`
}

// intents is an intentions object (§3.6).
type intents struct{ Email, SMS, Fax, PDF bool }

func (i intents) J() string {
	return `{"email":` + jb(i.Email) + `,"sms":` + jb(i.SMS) + `,"fax":` + jb(i.Fax) + `,"pdf":` + jb(i.PDF) + `}`
}

// coll is a collection object (§3.4).
type coll struct {
	ID, Name, DB string
	Fields       []fld
	Intent       intents
}

func (c coll) J() string {
	return `{"ID":` + js(c.ID) + `,"name":` + js(c.Name) + `,"database":` + js(c.DB) +
		`,"fields":` + nestedJ(100, fldsJ(c.Fields)) + `,"intentions":` + c.Intent.J() + `}`
}

// dbo is a database object (§3.1).
type dbo struct {
	ID, Name, Desc string
	Archived       bool
	Created        string
	Fields         []fld
	Interests      []intr
	Colls          []coll
	Intent         intents
}

func (d dbo) J() string {
	is := make([]string, 0, len(d.Interests))
	for _, i := range d.Interests {
		is = append(is, i.J())
	}
	cs := make([]string, 0, len(d.Colls))
	for _, c := range d.Colls {
		cs = append(cs, c.J())
	}
	return `{"ID":` + js(d.ID) + `,"name":` + js(d.Name) + `,"description":` + js(d.Desc) +
		`,"archived":` + jb(d.Archived) + `,"created":` + js(d.Created) +
		`,"fields":` + nestedJ(1000, fldsJ(d.Fields)) + `,"interests":` + nestedJ(1000, is) +
		`,"collections":` + nestedJ(1000, cs) + `,"intentions":` + d.Intent.J() + `}`
}

var stampRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`)

// createdOf reads the created stamp of a database (checking its format), so
// that the rest of the object can be compared byte for byte.
func createdOf(t testing.TB, s *server, id string) string {
	t.Helper()
	r := s.do("GET", "/v2/database/"+id, nil)
	var v struct {
		Created string `json:"created"`
	}
	if r.Status != 200 || json.Unmarshal(r.Body, &v) != nil || !stampRE.MatchString(v.Created) {
		t.Fatalf("database %s: bad answer %s", id, r)
	}
	return v.Created
}

// unsubJ is an unsubscribe object (§3.5); fields is "[]" or an object literal.
func unsubJ(behavior, fields string) string {
	return `{"behavior":` + js(behavior) + `,"fields":` + fields + `}`
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
