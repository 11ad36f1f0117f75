package e2e

// Fixture and helpers for the subprofile tests: the behaviour.md fixture
// database `Test` (see profiles_fixture_test.go) plus collection `Test` with
// Score (integer, default -1) and ActionTime (empty_datetime).

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// spx is one server with the fixture database (the profile tests' pfx, whose
// helpers it shares) and collection Test.
type spx struct {
	*pfx
	C string // ID of collection Test
}

// newSubFixture starts a server (in parallel with other tests) and creates
// database Test (Email, LastName, Birthdate, ANumber) and its collection Test
// (Score, ActionTime) through the API.
func newSubFixture(t *testing.T) *spx {
	f := &spx{pfx: newFixture(t)}
	f.C = f.addCollection("Test", `{"name":"Score","type":"integer","value":-1}`, `{"name":"ActionTime","type":"empty_datetime"}`)
	return f
}

// expect303 is the profile tests' check plus: a 303 of an update carries
// neither X-Location nor X-Deleted.
func (f *spx) expect303(r resp, entityPath, q string) {
	f.t.Helper()
	f.pfx.expect303(r, entityPath, q)
	for _, h := range []string{"X-Location", "X-Deleted"} {
		if r.Header.Get(h) != "" {
			f.t.Fatalf("303 of an update carries %s %q", h, r.Header.Get(h))
		}
	}
}

// spExpectEmpty is expectEmpty plus: no X-Deleted either.
func spExpectEmpty(t testing.TB, r resp, status int) {
	t.Helper()
	expectEmpty(t, r, status)
	if r.Header.Get("X-Deleted") != "" {
		t.Fatalf("unexpected X-Deleted: %q", r.Header.Get("X-Deleted"))
	}
}

// spExpectDeleted asserts a successful DELETE: status, empty body, X-Deleted.
func spExpectDeleted(t testing.TB, r resp, status int, xdeleted string) {
	t.Helper()
	if r.Status != status || len(r.Body) != 0 || r.Header.Get("X-Deleted") != xdeleted {
		t.Fatalf("want %d X-Deleted %q, got %s %v", status, xdeleted, r, r.Header)
	}
	for _, h := range []string{"X-Created", "X-Location", "Location"} {
		if r.Header.Get(h) != "" {
			t.Fatalf("unexpected %s: %q", h, r.Header.Get(h))
		}
	}
}

func spAtoi(s string) int { n, _ := strconv.Atoi(s); return n }

// addCollection creates a collection in database Test with the given fields.
func (f *spx) addCollection(name string, fields ...string) string {
	f.t.Helper()
	return f.addCollectionIn("Test", name, fields...)
}

// addCollectionIn creates a collection in database db (ID or name).
func (f *spx) addCollectionIn(db, name string, fields ...string) string {
	f.t.Helper()
	id := created(f.t, f.do("POST", "/v2/database/"+db+"/collections", `{"name":`+jsonString(name)+`}`))
	for _, fd := range fields {
		fid := created(f.t, f.do("POST", "/v2/collection/"+id+"/fields", fd))
		var m struct{ Name string }
		json.Unmarshal([]byte(fd), &m)
		if _, ok := f.F[m.Name]; !ok {
			f.F[m.Name] = fid
		}
	}
	return id
}

// sub creates a subprofile of profile pid in collection Test (v2).
func (f *spx) sub(pid, body string) string {
	f.t.Helper()
	return created(f.t, f.do("POST", "/v2/profile/"+pid+"/subprofiles/"+f.C, body))
}

// subIn creates a subprofile of pid in collection c (ID or name).
func (f *spx) subIn(c, pid, body string) string {
	f.t.Helper()
	return created(f.t, f.do("POST", "/v2/profile/"+pid+"/subprofiles/"+c, body))
}

// subprofile is a decoded subprofile object.
type subprofile struct {
	ID         string   `json:"ID"`
	Secret     string   `json:"secret"`
	Fields     fieldMap `json:"fields"`
	Profile    string   `json:"profile"`
	Collection string   `json:"collection"`
	Created    string   `json:"created"`
	Modified   string   `json:"modified"`
	Removed    any      `json:"removed"`
}

// getSub reads subprofile sid with v2 and decodes it.
func (f *spx) getSub(sid string) subprofile {
	f.t.Helper()
	r := f.do("GET", "/v2/subprofile/"+sid, nil)
	if r.Status != 200 {
		f.t.Fatalf("GET subprofile/%s: %s", sid, r)
	}
	var s subprofile
	if err := json.Unmarshal(r.Body, &s); err != nil {
		f.t.Fatalf("subprofile/%s: %v: %s", sid, err, r.Body)
	}
	return s
}

// subFieldsJSON reads GET subprofile/{sid}/fields as raw text.
func (f *spx) subFieldsJSON(sid string) string {
	f.t.Helper()
	r := f.do("GET", "/v2/subprofile/"+sid+"/fields", nil)
	if r.Status != 200 {
		f.t.Fatalf("GET subprofile/%s/fields: %s", sid, r)
	}
	return string(r.Body)
}

// expectSubFields asserts GET subprofile/{sid}/fields byte for byte.
func (f *spx) expectSubFields(sid, want string) {
	f.t.Helper()
	expectJSON(f.t, f.do("GET", "/v2/subprofile/"+sid+"/fields", nil), want)
}

// putSub sends PUT subprofile/{sid} in v2 and asserts the 303.
func (f *spx) putSub(sid, body string) {
	f.t.Helper()
	f.expect303(f.do("PUT", "/v2/subprofile/"+sid, body), "subprofile/"+sid, "")
}

// delSub deletes a subprofile with v2 and asserts the 200 + X-Deleted.
func (f *spx) delSub(sid string) {
	f.t.Helper()
	spExpectDeleted(f.t, f.do("DELETE", "/v2/subprofile/"+sid, nil), 200, "subprofile "+sid)
}

// subJSON renders the exact JSON of a full subprofile object.
func subJSON(s subprofile, fields string) string {
	removed := "false"
	if r, ok := s.Removed.(string); ok {
		removed = jsonString(r)
	}
	return fmt.Sprintf(`{"ID":%q,"secret":%s,"fields":%s,"profile":%q,"collection":%q,"created":%q,"modified":%q,"removed":%s}`,
		s.ID, jsonString(s.Secret), fields, s.Profile, s.Collection, s.Created, s.Modified, removed)
}

// subItem renders a subprofile as the lists show it (live, full shape).
func (f *spx) subItem(sid string) string {
	f.t.Helper()
	return subJSON(f.getSub(sid), f.subFieldsJSON(sid))
}

// subDataOnly renders the dataonly list item of a subprofile (B63, O6).
func (f *spx) subDataOnly(sid string) string {
	f.t.Helper()
	s := f.getSub(sid)
	return fmt.Sprintf(`{"ID":%q,"fields":%s,"profile":%q,"collection":%q,"modified":%q}`,
		s.ID, f.subFieldsJSON(sid), s.Profile, s.Collection, s.Modified)
}

// subEnvelope is a list answer holding the given items, with total.
func subEnvelope(start, limit, total int, items ...string) string {
	data := "[" + strings.Join(items, ",") + "]"
	return fmt.Sprintf(`{"start":%d,"limit":%d,"count":%d,"data":%s,"total":%d}`, start, limit, len(items), data, total)
}

// withNextID adds the v4 nextid (O7) to an envelope.
func withNextID(env string, lastID string) string {
	return strings.TrimSuffix(env, "}") + `,"nextid":"` + fmt.Sprint(spAtoi(lastID)+1) + `"}`
}

// expectCreated asserts a CREATE answer (201, X-Created digits, X-Location
// and Location = base + version prefix + /subprofile/{id}) and returns the ID.
func (f *spx) expectCreated(r resp, prefix, word string) string {
	f.t.Helper()
	id := created(f.t, r)
	if !digitsRe.MatchString(id) || len(r.Header.Values("X-Created")) != 1 {
		f.t.Fatalf("X-Created %q", r.Header.Values("X-Created"))
	}
	loc := f.Base + prefix + "/" + word + "/" + id
	if r.Header.Get("X-Location") != loc || r.Header.Get("Location") != loc {
		f.t.Fatalf("want X-Location and Location %s, got %q / %q", loc, r.Header.Get("X-Location"), r.Header.Get("Location"))
	}
	return id
}

// expectBulk asserts the PUTN answer without creation: 200 in v1/v2, 204 in v3/v4.
func expectBulk(t testing.TB, r resp, prefix string) {
	t.Helper()
	if prefix == "/v3" || prefix == "/v4" {
		spExpectEmpty(t, r, 204)
		return
	}
	spExpectEmpty(t, r, 200)
}

var spVersions = []string{"/v1", "/v2", "/v3", "/v4"}

// four creates the subprofiles the list tests share: of profile p1
// s0 (Score -1, 2020-04-27 14:15:34) and s1 (6, 2021-01-01 00:00:00), of
// profile p2 s2 (0, "") and s3 (-5, 2019-06-01 12:00:00).
func (f *spx) four() (p1, p2 string, s []string) {
	f.t.Helper()
	p1, p2 = f.mk(`{}`), f.mk(`{}`)
	s = []string{
		f.sub(p1, `{"ActionTime":"2020-04-27 14:15:34"}`),
		f.sub(p1, `{"Score":6,"ActionTime":"2021-01-01 00:00:00"}`),
		f.sub(p2, `{"Score":0}`),
		f.sub(p2, `{"Score":-5,"ActionTime":"2019-06-01 12:00:00"}`),
	}
	return p1, p2, s
}
