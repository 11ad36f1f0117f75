package e2e

// Fixture and helpers for the subprofile tests: the behaviour.md fixture
// database `Test` (see profiles_fixture_test.go) plus collection `Test` with
// Score (integer, default -1) and ActionTime (empty_datetime).

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// spx is one server with the fixture database and collection. It is
// self-contained (no helpers of the profile test files) so that the two test
// sets can evolve independently.
type spx struct {
	*server
	t  *testing.T
	DB string            // ID of database Test
	C  string            // ID of collection Test
	F  map[string]string // field name → ID (the first field of that name)
}

// newSubFixture starts a server (in parallel with other tests) and creates
// database Test (Email, LastName, Birthdate, ANumber) and its collection Test
// (Score, ActionTime) through the API.
func newSubFixture(t *testing.T) *spx {
	t.Parallel()
	f := &spx{server: startServer(t), t: t, F: map[string]string{}}
	f.DB = f.addDatabase("Test", `{"name":"Email","type":"email"}`, `{"name":"LastName","type":"text"}`,
		`{"name":"Birthdate","type":"empty_date"}`, `{"name":"ANumber","type":"integer","value":-1}`)
	f.C = f.addCollection("Test", `{"name":"Score","type":"integer","value":-1}`, `{"name":"ActionTime","type":"empty_datetime"}`)
	return f
}

// addDatabase creates a database with fields and returns its ID.
func (f *spx) addDatabase(name string, fields ...string) string {
	f.t.Helper()
	id := created(f.t, f.do("POST", "/v2/databases", `{"name":`+jsonString(name)+`}`))
	for _, fd := range fields {
		created(f.t, f.do("POST", "/v2/database/"+id+"/fields", fd))
	}
	return id
}

// mk creates a profile in Test with a v2 body and returns its ID.
func (f *spx) mk(body string) string {
	f.t.Helper()
	return created(f.t, f.do("POST", "/v2/database/Test/profiles", body))
}

// mkIn creates a profile in database db with a v2 body.
func (f *spx) mkIn(db, body string) string {
	f.t.Helper()
	return created(f.t, f.do("POST", "/v2/database/"+db+"/profiles", body))
}

// spProfile is the part of a profile object these tests look at.
type spProfile struct {
	ID       string     `json:"ID"`
	Fields   spFieldMap `json:"fields"`
	Database string     `json:"database"`
	Secret   string     `json:"secret"`
	Created  string     `json:"created"`
	Modified string     `json:"modified"`
	Removed  any        `json:"removed"`
}

// get reads profile pid with v2.
func (f *spx) get(pid string) spProfile {
	f.t.Helper()
	r := f.do("GET", "/v2/profile/"+pid, nil)
	if r.Status != 200 {
		f.t.Fatalf("GET profile/%s: %s", pid, r)
	}
	var p spProfile
	if err := json.Unmarshal(r.Body, &p); err != nil {
		f.t.Fatalf("profile/%s: %v: %s", pid, err, r.Body)
	}
	return p
}

// expectFields asserts GET profile/{pid}/fields byte for byte.
func (f *spx) expectFields(pid, want string) {
	f.t.Helper()
	expectJSON(f.t, f.do("GET", "/v2/profile/"+pid+"/fields", nil), want)
}

// query is the query string s.do sends for a path carrying query q ("" for none).
func (f *spx) query(q string) string {
	tok := "access_token=" + url.QueryEscape(f.Token)
	if q == "" {
		return tok
	}
	return q + "&" + tok
}

// expect303 asserts a v1/v2 update answer: 303, empty body, Location =
// host + "/" + entity path + "?" + the query as sent (B41, O2), no X-Created.
func (f *spx) expect303(r resp, entityPath, q string) {
	f.t.Helper()
	want := f.Base + "/" + entityPath + "?" + f.query(q)
	if r.Status != 303 || len(r.Body) != 0 || r.Header.Get("Location") != want {
		f.t.Fatalf("want 303 Location %s, got %d Location %q %s", want, r.Status, r.Header.Get("Location"), r.Body)
	}
	for _, h := range []string{"X-Created", "X-Location", "X-Deleted"} {
		if r.Header.Get(h) != "" {
			f.t.Fatalf("303 of an update carries %s %q", h, r.Header.Get(h))
		}
	}
}

// spFieldMap decodes a fields object; an empty map is written as [] (PHP).
type spFieldMap map[string]string

func (m *spFieldMap) UnmarshalJSON(b []byte) error {
	if string(b) == "[]" {
		*m = spFieldMap{}
		return nil
	}
	return json.Unmarshal(b, (*map[string]string)(m))
}

const spTS = `\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`

var (
	spSecretRe = regexp.MustCompile(`^[0-9a-f]{28}$`)
	spTSRe     = regexp.MustCompile(`^` + spTS + `$`)
	spDigitsRe = regexp.MustCompile(`^[0-9]+$`)
	spMethods  = []string{"GET", "POST", "PUT", "DELETE"}
)

const spDefaults = `{"Email":"","LastName":"","Birthdate":"","ANumber":"-1"}`

// spExpectEmpty asserts a status with an empty body and none of the
// creation/location/deletion headers.
func spExpectEmpty(t testing.TB, r resp, status int) {
	t.Helper()
	if r.Status != status || len(r.Body) != 0 {
		t.Fatalf("want %d with empty body, got %s", status, r)
	}
	for _, h := range []string{"X-Created", "X-Location", "Location", "X-Deleted"} {
		if r.Header.Get(h) != "" {
			t.Fatalf("unexpected %s: %q", h, r.Header.Get(h))
		}
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

// spExpectLike asserts a 200 JSON answer matching want, where <SECRET> stands
// for 28 lowercase hex characters and <TS> for a timestamp.
func spExpectLike(t testing.TB, r resp, want string) {
	t.Helper()
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("want 200 application/json, got %d %q: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	pat := regexp.QuoteMeta(want)
	pat = strings.ReplaceAll(pat, "<SECRET>", `[0-9a-f]{28}`)
	pat = strings.ReplaceAll(pat, "<TS>", spTS)
	if !regexp.MustCompile("^" + pat + "$").Match(r.Body) {
		t.Fatalf("body mismatch\nwant %s\ngot  %s", want, r.Body)
	}
}

// spExpectRecent asserts that ts is a server timestamp within a few seconds
// of now in Europe/Amsterdam (B37).
func spExpectRecent(t testing.TB, what, ts string) {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.ParseInLocation("2006-01-02 15:04:05", ts, loc)
	if !spTSRe.MatchString(ts) || err != nil {
		t.Fatalf("%s %q is not YYYY-MM-DD HH:MM:SS", what, ts)
	}
	if d := time.Since(at); d < -2*time.Second || d > 5*time.Second {
		t.Fatalf("%s %q is not now in Europe/Amsterdam (%s)", what, ts, time.Now().In(loc).Format("2006-01-02 15:04:05"))
	}
}

// spNextSecond sleeps until the wall clock shows a new second, so that a
// timestamp written afterwards differs from one written before.
func spNextSecond() {
	now := time.Now()
	time.Sleep(now.Truncate(time.Second).Add(time.Second + 20*time.Millisecond).Sub(now))
}

// spListIDs extracts the IDs of a list answer, in order.
func spListIDs(t testing.TB, r resp) []string {
	t.Helper()
	if r.Status != 200 {
		t.Fatalf("list: %s", r)
	}
	var env struct {
		Data []struct {
			ID string `json:"ID"`
		} `json:"data"`
	}
	if err := json.Unmarshal(r.Body, &env); err != nil {
		t.Fatalf("list: %v: %s", err, r.Body)
	}
	out := make([]string, len(env.Data))
	for i, d := range env.Data {
		out[i] = d.ID
	}
	return out
}

// spExpectIDs asserts the IDs of a list answer.
func spExpectIDs(t testing.TB, r resp, want ...string) {
	t.Helper()
	got := spListIDs(t, r)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("want IDs [%s], got [%s] (%s)", strings.Join(want, ","), strings.Join(got, ","), r.Body)
	}
}

// spq builds a query string from pairs, percent-encoding values (not names).
func spq(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(pairs[i] + "=" + url.QueryEscape(pairs[i+1]))
	}
	return b.String()
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

// collList lists collection Test with conditions and returns the IDs.
func (f *spx) collFilter(conds ...string) []string {
	f.t.Helper()
	var parts []string
	for _, c := range conds {
		parts = append(parts, "fields[]="+url.QueryEscape(c))
	}
	return spListIDs(f.t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles?"+strings.Join(parts, "&"), nil))
}

func (f *spx) expectCollFilter(conds []string, want ...string) {
	f.t.Helper()
	got := f.collFilter(conds...)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		f.t.Fatalf("%q: want [%s], got [%s]", conds, strings.Join(want, ","), strings.Join(got, ","))
	}
}

// expectCreated asserts a CREATE answer (201, X-Created digits, X-Location
// and Location = base + version prefix + /subprofile/{id}) and returns the ID.
func (f *spx) expectCreated(r resp, prefix, word string) string {
	f.t.Helper()
	id := created(f.t, r)
	if !spDigitsRe.MatchString(id) || len(r.Header.Values("X-Created")) != 1 {
		f.t.Fatalf("X-Created %q", r.Header.Values("X-Created"))
	}
	loc := f.Base + prefix + "/" + word + "/" + id
	if r.Header.Get("X-Location") != loc || r.Header.Get("Location") != loc {
		f.t.Fatalf("want X-Location and Location %s, got %q / %q", loc, r.Header.Get("X-Location"), r.Header.Get("Location"))
	}
	return id
}

// expectUpdatedSub asserts the PUT1 answer of version prefix on subprofile sid:
// v1/v2 (and unversioned) 303 with Location + query, v3/v4 204.
func (f *spx) expectUpdatedSub(r resp, prefix, sid, q string) {
	f.t.Helper()
	if prefix == "/v3" || prefix == "/v4" {
		spExpectEmpty(f.t, r, 204)
		return
	}
	f.expect303(r, "subprofile/"+sid, q)
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
