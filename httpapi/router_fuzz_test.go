package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlite"
)

// fuzzServer is the real handler over a real SQLite store with a little
// structure, so that IDs in fuzzed paths resolve to something.
func fuzzServer(f *testing.F) (*Server, string) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Config{Dir: f.TempDir(), Migrate: true})
	if err != nil {
		f.Fatal(err)
	}
	_, tok, err := st.CreateToken(ctx, "fuzz", false)
	if err != nil {
		f.Fatal(err)
	}
	s := New(st, Config{MaxBody: 1 << 16, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	f.Cleanup(func() {
		s.Close(context.Background())
		st.Close()
	})
	name := func(v string) *string { return &v }
	db, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: name("shop")})
	if err != nil {
		f.Fatal(err)
	}
	email := kopernik.TypeEmail
	if _, err := st.CreateField(ctx, kopernik.DatabaseOwner(db), kopernik.FieldInput{Name: name("email"), Type: &email}); err != nil {
		f.Fatal(err)
	}
	if _, err := st.CreateInterest(ctx, db, kopernik.InterestInput{Name: name("news")}); err != nil {
		f.Fatal(err)
	}
	c, err := st.CreateCollection(ctx, db, kopernik.CollectionInput{Name: name("orders")})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := st.CreateField(ctx, kopernik.CollectionOwner(c), kopernik.FieldInput{Name: name("total")}); err != nil {
		f.Fatal(err)
	}
	return s, tok
}

// FuzzRoute serves arbitrary method, path, query and body through the real
// handler. Whatever comes in, the answer is never a panic or a 5xx; a 400
// carries the standard JSON error body with Content-Type application/json;
// every JSON body is valid JSON; 201, 204 and 303 have no body.
func FuzzRoute(f *testing.F) {
	s, tok := fuzzServer(f)

	seeds := []struct {
		method, path, query, body, ctype string
		auth                             uint8
	}{
		{"GET", "/v2/databases", "", "", "", 0},
		{"GET", "/v1/databases", "start=-1&limit=99999&total=false", "", "", 0},
		{"GET", "/v2/databases", "start[]=1&limit[x]=2&total[]=", "", "", 1},
		{"POST", "/v2/databases", "", `{"name":"fuzzed","description":"d","archived":"yes"}`, "application/json", 0},
		{"PUT", "/v3/databases", "", `name=viaput`, "application/x-www-form-urlencoded", 1},
		{"GET", "/v2/database/1", "", "", "", 0},
		{"GET", "/v2/database/SHOP", "", "", "", 0},
		{"GET", "/v2/database//fields", "", "", "", 0},
		{"GET", "/v2/database", "", "", "", 0},
		{"GET", "/v2/database/99999999999999999999999", "", "", "", 0},
		{"GET", "/v2/database/%2F/fields", "", "", "", 0},
		{"PUT", "/v2/database/1", "x=1&access_token=bogus", `{"name":"shop"}`, "application/json", 1},
		{"POST", "/v1/database/1", "", `[]`, "application/json", 0},
		{"POST", "/v2/database/1/fields", "", `{"name":"big","type":"big","index":true,"length":-5,"textlines":1e30}`, "", 0},
		{"POST", "/v2/database/1/fields", "", `{"name":"e2","type":"email"}`, "application/json", 0},
		{"PUT", "/v2/database/1/field/email", "", `{"type":"integer","value":[1,2]}`, "application/json", 0},
		{"PUT", "/v2/database/1/field/", "", `{}`, "", 0},
		{"DELETE", "/v1/database/1/field/nosuch", "", `[]`, "application/json", 0},
		{"DELETE", "/v3/database/1/field/999", "", "", "", 0},
		{"GET", "/v2/database/1/field/1/extra", "", "", "", 0},
		{"GET", "/v2/database/1/interests/x/y", "", "", "", 0},
		{"POST", "/v2/database/1/interests", "", `{"name":"a=b"}`, "application/json", 0},
		{"PUT", "/v2/interest/1/", "", `{"group":12}`, "application/json", 0},
		{"DELETE", "/v1/interest/1", "", "", "", 0},
		{"DELETE", "/v4/interest/abc", "", "", "", 0},
		{"GET", "/v2/database/1/collections", "", "", "", 0},
		{"POST", "/v2/database/1/collections", "", `{"name":"c2","fields":{"a":1}}`, "application/json", 0},
		{"GET", "/v2/collection/1", "", "", "", 0},
		{"GET", "/v2/collection/x", "", "", "", 0},
		{"PUT", "/v2/collection/1/field/total", "", `{"ordered":true}`, "application/json", 0},
		{"GET", "/v2/collection/1/unsubscribe", "", "", "", 0},
		{"PUT", "/v2/database/1/unsubscribe", "", `{"behavior":"update","fields":{"EMAIL":{"x":[1]}}}`, "application/json", 0},
		{"PUT", "/v2/database/1/unsubscribe", "", `behavior=update&fields[email]=x&fields[]=y`, "application/x-www-form-urlencoded", 0},
		{"PUT", "/v2/database/1/intentions", "", `{"email":true,"sms":true}`, "application/json", 0},
		{"POST", "/v2/collection/1/intentions", "", `{"pdf":1}`, "application/json", 0},
		{"POST", "/v2/database/1/copy", "", `{"name":"copy","options":{"collections":true,"profiles":true,"subprofiles":true}}`, "application/json", 0},
		{"POST", "/v1/database/1/copy", "", `{"name":"copy1"}`, "application/json", 0},
		{"PUT", "/v2/database/1/unsubscribes", "fields[]=email%3D%3Dx", "", "", 0},
		{"GET", "/v2/database/1/profiles", "fields[]=email=~%25&orderby=random&order=desc", "", "", 0},
		{"GET", "/v3/identity", "", "", "", 0},
		{"GET", "/v1/account", "", "", "", 3},
		{"GET", "/v2/consumption", "begin=2024-01-01&end=2024-13-01", "", "", 0},
		{"GET", "/v1/consumption", "", "", "", 0},
		{"GET", "/authenticate", "", "", "", 0},
		{"POST", "/", "", `{"access_token":["x"]}`, "application/json", 2},
		{"PATCH", "/authenticate", "", "", "", 2},
		{"GET", "/healthz", "", "", "", 2},
		{"HEAD", "/v2/databases", "", "", "", 0},
		{"OPTIONS", "*", "", "", "", 0},
		{"", "", "", "", "", 0},
		{"get", "/v2/databases", "", "", "", 0},
		{"GET", "/v2/Database/1", "", "", "", 0},
		{"GET", "v2/databases", "", "", "", 0},
		{"GET", "/v2/../v2/databases", "", "", "", 0},
		{"GET", "/v2/database/\xff\xfe", "", "", "", 0},
		{"POST", "/v2/databases", "", "{\"name\":\"\xff\"}", "application/json", 0},
		{"POST", "/v2/databases", "", strings.Repeat("[", 10000), "application/json", 0},
		{"POST", "/v2/databases", "", strings.Repeat(`{"a":`, 5000), "", 0},
		{"POST", "/v2/databases", "", "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nmp\r\n--b--\r\n", "multipart/form-data; boundary=b", 0},
		{"POST", "/v2/databases", "%zz=1&;;&a[b][c]=1", `name[]=x`, "application/x-www-form-urlencoded", 0},
		{"GET", "/v2/databases", strings.Repeat("a", 70<<10), "", "", 0},
		{"POST", "/v2/databases", "", `{"name":"` + strings.Repeat("x", 70<<10) + `"}`, "application/json", 0},
		{"GET", "/v2/database/1/profileids", "start=-1&limit=0", "", "", 0},
		{"GET", "/v2/profile/1", "", "", "", 0},
		{"GET", "/v2/subprofile/1", "", "", "", 0},
	}
	for _, sd := range seeds {
		f.Add(sd.method, sd.path, sd.query, []byte(sd.body), sd.ctype, sd.auth)
	}

	f.Fuzz(func(t *testing.T, method, path, query string, body []byte, ctype string, auth uint8) {
		header := http.Header{}
		switch auth % 4 {
		case 0:
			if query != "" {
				query += "&"
			}
			query += "access_token=" + tok
		case 1:
			header.Set("Authorization", "Bearer "+tok)
		case 3:
			header.Set("Authorization", "Bearer "+tok+"x")
		}
		if ctype != "" {
			header.Set("Content-Type", ctype)
		}
		req := &http.Request{
			Method:     method,
			URL:        &url.URL{Path: path, RawQuery: query},
			Proto:      "HTTP/1.1",
			ProtoMajor: 1,
			ProtoMinor: 1,
			Header:     header,
			Body:       io.NopCloser(bytes.NewReader(body)),
			Host:       "fuzz.test",
			RemoteAddr: "192.0.2.1:1234",
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		req = req.WithContext(ctx)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)

		res := rec.Result()
		out := rec.Body.Bytes()
		ct := res.Header.Get("Content-Type")
		where := method + " " + path + "?" + query
		if res.StatusCode >= 500 {
			t.Fatalf("%s: status %d %s", where, res.StatusCode, out)
		}
		switch res.StatusCode {
		case http.StatusBadRequest:
			var e struct {
				Error *struct {
					Message *string `json:"message"`
				} `json:"error"`
			}
			if ct != "application/json" || json.Unmarshal(out, &e) != nil || e.Error == nil || e.Error.Message == nil || *e.Error.Message == "" {
				t.Fatalf("%s: 400 must carry the JSON error body, got %q %s", where, ct, out)
			}
		case http.StatusCreated, http.StatusNoContent, http.StatusSeeOther:
			if len(out) != 0 {
				t.Fatalf("%s: status %d with a body: %s", where, res.StatusCode, out)
			}
		}
		if ct == "application/json" && !json.Valid(out) {
			t.Fatalf("%s: invalid JSON body: %s", where, out)
		}
		if strings.HasPrefix(ct, "application/json") && ct != "application/json" {
			t.Fatalf("%s: content type must be exactly application/json, got %q", where, ct)
		}
	})
}
