package e2e

// Fixture and helpers for the profile tests (behaviour.md: database `Test`
// with fields Email (email), LastName (text), Birthdate (empty_date) and
// ANumber (integer, default -1)).

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

const tsPattern = `\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`

var (
	secretRe  = regexp.MustCompile(`^[0-9a-f]{28}$`)
	tsRe      = regexp.MustCompile(`^` + tsPattern + `$`)
	digitsRe  = regexp.MustCompile(`^[0-9]+$`)
	amsterdam *time.Location
)

func init() {
	var err error
	if amsterdam, err = time.LoadLocation("Europe/Amsterdam"); err != nil {
		panic(err)
	}
}

// pfx is one server with the behaviour.md fixture database.
type pfx struct {
	*server
	t  *testing.T
	DB string            // ID of database Test
	F  map[string]string // field name → field ID
}

// newFixture starts a server (in parallel with other tests) and creates the
// database Test with its four fields through the API.
func newFixture(t *testing.T) *pfx {
	t.Parallel()
	return fixtureOn(t, startServer(t))
}

// fixtureOn creates the database Test with its four fields on s.
func fixtureOn(t *testing.T, s *server) *pfx {
	f := &pfx{server: s, t: t, F: map[string]string{}}
	f.DB = created(t, s.do("POST", "/v2/databases", `{"name":"Test"}`))
	f.addField("Test", `{"name":"Email","type":"email"}`)
	f.addField("Test", `{"name":"LastName","type":"text"}`)
	f.addField("Test", `{"name":"Birthdate","type":"empty_date"}`)
	f.addField("Test", `{"name":"ANumber","type":"integer","value":-1}`)
	return f
}

// addField creates a field in database db (ID or name) and records its ID.
func (f *pfx) addField(db, body string) string {
	f.t.Helper()
	id := created(f.t, f.do("POST", "/v2/database/"+db+"/fields", body))
	var m struct{ Name string }
	json.Unmarshal([]byte(body), &m)
	f.F[m.Name] = id
	return id
}

// addDatabase creates another database and returns its ID.
func (f *pfx) addDatabase(name string, fields ...string) string {
	f.t.Helper()
	id := created(f.t, f.do("POST", "/v2/databases", `{"name":`+jsonString(name)+`}`))
	for _, fd := range fields {
		f.addField(id, fd)
	}
	return id
}

// addInterest creates an interest in database Test.
func (f *pfx) addInterest(name, group string) string {
	f.t.Helper()
	return created(f.t, f.do("POST", "/v2/database/Test/interests", `{"name":`+jsonString(name)+`,"group":`+jsonString(group)+`}`))
}

// mk creates a profile in Test with a v2 body and returns its ID.
func (f *pfx) mk(body string) string {
	f.t.Helper()
	return created(f.t, f.do("POST", "/v2/database/Test/profiles", body))
}

// mkIn creates a profile in the given database with a v2 body.
func (f *pfx) mkIn(db, body string) string {
	f.t.Helper()
	return created(f.t, f.do("POST", "/v2/database/"+db+"/profiles", body))
}

// mkFields creates a profile in Test from a raw field map.
func (f *pfx) mkFields(fields string) string {
	f.t.Helper()
	return f.mk(`{"fields":` + fields + `}`)
}

// profileDoc is a decoded profile object.
type profileDoc struct {
	ID        string   `json:"ID"`
	Fields    fieldMap `json:"fields"`
	Interests []string `json:"interests"`
	Database  string   `json:"database"`
	Secret    string   `json:"secret"`
	Created   string   `json:"created"`
	Modified  string   `json:"modified"`
	Removed   any      `json:"removed"`
}

// fieldMap decodes a fields object; an empty map is written as [] (PHP).
type fieldMap map[string]string

func (m *fieldMap) UnmarshalJSON(b []byte) error {
	if string(b) == "[]" {
		*m = fieldMap{}
		return nil
	}
	return json.Unmarshal(b, (*map[string]string)(m))
}

// get reads profile id with v2 and decodes it.
func (f *pfx) get(id string) profileDoc {
	f.t.Helper()
	r := f.do("GET", "/v2/profile/"+id, nil)
	if r.Status != 200 {
		f.t.Fatalf("GET profile/%s: %s", id, r)
	}
	var p profileDoc
	if err := json.Unmarshal(r.Body, &p); err != nil {
		f.t.Fatalf("profile/%s: %v: %s", id, err, r.Body)
	}
	return p
}

// fieldsJSON reads GET profile/{id}/fields as raw text.
func (f *pfx) fieldsJSON(id string) string {
	f.t.Helper()
	r := f.do("GET", "/v2/profile/"+id+"/fields", nil)
	if r.Status != 200 {
		f.t.Fatalf("GET profile/%s/fields: %s", id, r)
	}
	return string(r.Body)
}

// expectFields asserts GET profile/{id}/fields byte for byte.
func (f *pfx) expectFields(id, want string) {
	f.t.Helper()
	expectJSON(f.t, f.do("GET", "/v2/profile/"+id+"/fields", nil), want)
}

// put sends PUT profile/{id} in v2 and asserts the 303.
func (f *pfx) put(id, body string) {
	f.t.Helper()
	r := f.do("PUT", "/v2/profile/"+id, body)
	f.expect303(r, "profile/"+id, "")
}

// putFields sends PUT profile/{id}/fields in v2 and asserts the 303.
func (f *pfx) putFields(id, body string) {
	f.t.Helper()
	r := f.do("PUT", "/v2/profile/"+id+"/fields", body)
	f.expect303(r, "profile/"+id, "")
}

// query is the query string s.do sends for a path carrying query q ("" for none).
func (f *pfx) query(q string) string {
	tok := "access_token=" + url.QueryEscape(f.Token)
	if q == "" {
		return tok
	}
	return q + "&" + tok
}

// expect303 asserts a v1/v2 update answer: 303, empty body, Location =
// host + "/" + entity path + "?" + the query as sent (B41, O2).
func (f *pfx) expect303(r resp, entityPath, q string) {
	f.t.Helper()
	want := f.Base + "/" + entityPath + "?" + f.query(q)
	if r.Status != 303 || len(r.Body) != 0 || r.Header.Get("Location") != want {
		f.t.Fatalf("want 303 Location %s, got %d Location %q %s", want, r.Status, r.Header.Get("Location"), r.Body)
	}
	if r.Header.Get("X-Created") != "" {
		f.t.Fatalf("303 of an update carries X-Created %q", r.Header.Get("X-Created"))
	}
}

// expectEmpty asserts a status with an empty body and none of the
// creation/location headers.
func expectEmpty(t testing.TB, r resp, status int) {
	t.Helper()
	if r.Status != status || len(r.Body) != 0 {
		t.Fatalf("want %d with empty body, got %s", status, r)
	}
	for _, h := range []string{"X-Created", "X-Location", "Location"} {
		if r.Header.Get(h) != "" {
			t.Fatalf("unexpected %s: %q", h, r.Header.Get(h))
		}
	}
}

// bodyPattern turns a wanted body with placeholders into an anchored regexp:
// <SECRET> = 28 lowercase hex characters, <TS> = a timestamp, <N> = digits.
func bodyPattern(want string) *regexp.Regexp {
	q := regexp.QuoteMeta(want)
	q = strings.ReplaceAll(q, "<SECRET>", `[0-9a-f]{28}`)
	q = strings.ReplaceAll(q, "<TS>", tsPattern)
	q = strings.ReplaceAll(q, "<N>", `[0-9]+`)
	return regexp.MustCompile("^" + q + "$")
}

// expectLike asserts a 200 JSON answer matching want with placeholders.
func expectLike(t testing.TB, r resp, want string) {
	t.Helper()
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("want 200 application/json, got %d %q: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	if !bodyPattern(want).Match(r.Body) {
		t.Fatalf("body mismatch\nwant %s\ngot  %s", want, r.Body)
	}
}

// nowStamp is the current time as the server prints it.
func nowStamp() string { return time.Now().In(amsterdam).Format("2006-01-02 15:04:05") }

// expectRecent asserts that ts is a server timestamp within a few seconds of
// now in Europe/Amsterdam (B37).
func expectRecent(t testing.TB, what, ts string) {
	t.Helper()
	if !tsRe.MatchString(ts) {
		t.Fatalf("%s %q is not YYYY-MM-DD HH:MM:SS", what, ts)
	}
	at, err := time.ParseInLocation("2006-01-02 15:04:05", ts, amsterdam)
	if err != nil {
		t.Fatalf("%s %q: %v", what, ts, err)
	}
	if d := time.Since(at); d < -2*time.Second || d > 5*time.Second {
		t.Fatalf("%s %q is not now in Europe/Amsterdam (%s)", what, ts, nowStamp())
	}
}

// nextSecond sleeps until the wall clock shows a new second, so that a
// timestamp written afterwards differs from one written before.
func nextSecond() {
	now := time.Now()
	time.Sleep(now.Truncate(time.Second).Add(time.Second + 20*time.Millisecond).Sub(now))
}

// ids extracts the IDs of a list answer (in order).
func listIDs(t testing.TB, r resp) []string {
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

// expectIDs asserts the IDs of a list answer.
func expectIDs(t testing.TB, r resp, want ...string) {
	t.Helper()
	got := listIDs(t, r)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("want IDs [%s], got [%s] (%s)", strings.Join(want, ","), strings.Join(got, ","), r.Body)
	}
}

// profileJSON renders the exact JSON of a full profile object.
func profileJSON(p profileDoc, fields string) string {
	interests := "[]"
	if len(p.Interests) > 0 {
		b, _ := json.Marshal(p.Interests)
		interests = string(b)
	}
	removed := "false"
	if s, ok := p.Removed.(string); ok {
		removed = jsonString(s)
	}
	return fmt.Sprintf(`{"ID":%q,"fields":%s,"interests":%s,"database":%q,"secret":%s,"created":%q,"modified":%q,"removed":%s}`,
		p.ID, fields, interests, p.Database, jsonString(p.Secret), p.Created, p.Modified, removed)
}

// q builds a query string from pairs, percent-encoding values (not names).
func pq(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(pairs[i] + "=" + url.QueryEscape(pairs[i+1]))
	}
	return b.String()
}

const defaultsFields = `{"Email":"","LastName":"","Birthdate":"","ANumber":"-1"}`
