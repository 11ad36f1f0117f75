package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
)

// importDB makes the database the import tests write into: "people" with
// an indexed e-mail key, a name, an age and a city, and a collection
// "orders" with an order number and an amount.
func importDB(t testing.TB, s *server) {
	t.Helper()
	created(t, s.do("POST", "/v3/databases", `{"name":"people"}`))
	created(t, s.do("POST", "/v3/database/people/fields", `{"name":"email","type":"email","index":true}`))
	created(t, s.do("POST", "/v3/database/people/fields", `{"name":"name"}`))
	created(t, s.do("POST", "/v3/database/people/fields", `{"name":"age","type":"integer"}`))
	created(t, s.do("POST", "/v3/database/people/fields", `{"name":"city"}`))
	coll := created(t, s.do("POST", "/v3/database/people/collections", `{"name":"orders"}`))
	created(t, s.do("POST", "/v3/collection/"+coll+"/fields", `{"name":"ordno"}`))
	created(t, s.do("POST", "/v3/collection/"+coll+"/fields", `{"name":"amount","type":"integer"}`))
}

// postImport sends POST imports and returns the job's ID.
func postImport(t testing.TB, s *server, body any) string {
	t.Helper()
	r := s.do("POST", "/v3/imports", body)
	id := created(t, r)
	if want := "/v3/import/" + id; !strings.HasSuffix(r.Header.Get("X-Location"), want) {
		t.Fatalf("X-Location %q, want …%s", r.Header.Get("X-Location"), want)
	}
	return id
}

// importStatus is GET import/{id} decoded.
type importStatus map[string]any

func (st importStatus) str(k string) string {
	v, ok := st[k]
	if !ok {
		return "<missing>"
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

func getImport(t testing.TB, s *server, id string) importStatus {
	t.Helper()
	r := s.do("GET", "/v3/import/"+id, nil)
	if r.Status != 200 {
		t.Fatalf("GET import/%s: %s", id, r)
	}
	var st importStatus
	if err := json.Unmarshal(r.Body, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// waitImport polls the job until it ends (finished or error), for at most
// two minutes: the worker applies it in the background.
func waitImport(t testing.TB, s *server, id string) importStatus {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		st := getImport(t, s, id)
		if st.str("status") == "finished" || st.str("status") == "error" {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("import %s did not end: %v", id, st)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// finished waits for the job and asserts it finished without a remark.
func finished(t testing.TB, s *server, id string) importStatus {
	t.Helper()
	st := waitImport(t, s, id)
	if st.str("status") != "finished" || st["lasterror"] != false {
		t.Fatalf("import %s: want finished without lasterror, got %v", id, st)
	}
	return st
}

// people lists the live profiles of "people" as "email|name|age|city"
// lines, sorted.
func people(t testing.TB, s *server) []string {
	t.Helper()
	var out []string
	for start := 0; ; start += 1000 {
		r := s.do("GET", fmt.Sprintf("/v3/database/people/profiles?limit=1000&start=%d", start), nil)
		if r.Status != 200 {
			t.Fatal(r)
		}
		var page struct {
			Data []struct {
				Fields  map[string]string `json:"fields"`
				Removed any               `json:"removed"`
			} `json:"data"`
		}
		if err := json.Unmarshal(r.Body, &page); err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Data {
			if p.Removed != false {
				continue
			}
			f := p.Fields
			out = append(out, f["email"]+"|"+f["name"]+"|"+f["age"]+"|"+f["city"])
		}
		if len(page.Data) < 1000 {
			break
		}
	}
	sort.Strings(out)
	return out
}

// profileCount is the total of live profiles of "people".
func profileCount(t testing.TB, s *server) int {
	t.Helper()
	r := s.do("GET", "/v3/database/people/profiles?limit=1", nil)
	var page struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(r.Body, &page); err != nil {
		t.Fatal(err)
	}
	return page.Total
}

// orders lists the live subprofiles of "orders" as "email/ordno/amount",
// sorted.
func orders(t testing.TB, s *server) []string {
	t.Helper()
	coll := collectionID(t, s, "orders")
	r := s.do("GET", "/v3/collection/"+coll+"/subprofiles?limit=1000", nil)
	var page struct {
		Data []struct {
			Profile string            `json:"profile"`
			Fields  map[string]string `json:"fields"`
		} `json:"data"`
	}
	if err := json.Unmarshal(r.Body, &page); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, sp := range page.Data {
		pr := s.do("GET", "/v3/profile/"+sp.Profile, nil)
		var p struct {
			Fields map[string]string `json:"fields"`
		}
		json.Unmarshal(pr.Body, &p)
		out = append(out, p.Fields["email"]+"/"+sp.Fields["ordno"]+"/"+sp.Fields["amount"])
	}
	sort.Strings(out)
	return out
}

func collectionID(t testing.TB, s *server, name string) string {
	t.Helper()
	r := s.do("GET", "/v3/database/people/collections", nil)
	var page struct {
		Data []struct {
			ID   string `json:"ID"`
			Name string `json:"name"`
		} `json:"data"`
	}
	if err := json.Unmarshal(r.Body, &page); err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Data {
		if c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("no collection %s", name)
	return ""
}

func equal(t testing.TB, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s:\nwant %q\ngot  %q", what, want, got)
	}
}

// form builds a form body.
func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}
