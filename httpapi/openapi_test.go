package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// loadOpenAPI generates the description and has kin-openapi load and
// validate it as OpenAPI 3.1.
func loadOpenAPI(t *testing.T, o OpenAPIOptions) (*openapi3.T, []byte) {
	t.Helper()
	raw, err := OpenAPI(o)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("kin-openapi cannot load the document: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("document says openapi %q, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the document is not valid OpenAPI: %v", err)
	}
	return doc, raw
}

// TestOA14_3_DocumentIsValidOpenAPI31: the generated description passes
// kin-openapi's validation, with its security schemes, the error shape and
// the query parameters of the lists.
func TestOA14_3_DocumentIsValidOpenAPI31(t *testing.T) {
	doc, _ := loadOpenAPI(t, OpenAPIOptions{Version: "1.2.3", ServerURL: "https://api.example.org", Metrics: true})
	if doc.Info.Version != "1.2.3" || len(doc.Servers) != 1 || doc.Servers[0].URL != "https://api.example.org" {
		t.Errorf("info.version %q, servers %v", doc.Info.Version, doc.Servers)
	}
	qs := doc.Components.SecuritySchemes["accessToken"]
	if qs == nil || qs.Value.Type != "apiKey" || qs.Value.In != "query" || qs.Value.Name != "access_token" {
		t.Errorf("accessToken scheme: %+v", qs)
	}
	if b := doc.Components.SecuritySchemes["bearer"]; b == nil || b.Value.Type != "http" || b.Value.Scheme != "bearer" {
		t.Errorf("bearer scheme: %+v", b)
	}
	errSchema := doc.Components.Schemas["Error"]
	if errSchema == nil || errSchema.Value.Properties["error"] == nil ||
		errSchema.Value.Properties["error"].Value.Properties["message"] == nil {
		t.Fatalf("Error schema: %+v", errSchema)
	}
	if err := errSchema.Value.VisitJSON(map[string]any{"error": map[string]any{"message": "Invalid method"}}, openapi3.EnableJSONSchema2020()); err != nil {
		t.Errorf("the error body does not fit the Error schema: %v", err)
	}
	list := doc.Paths.Find("/v2/database/{db}/profiles").Get
	var names []string
	for _, p := range list.Parameters {
		names = append(names, p.Value.In+":"+p.Value.Name)
	}
	sort.Strings(names)
	want := "path:db query:dataonly query:fields[] query:limit query:order query:orderby query:start query:total"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("GET /v2/database/{db}/profiles parameters %s, want %s", got, want)
	}
	if h := doc.Paths.Find("/healthz").Get; h == nil || h.Security == nil || len(*h.Security) != 0 {
		t.Errorf("/healthz must need no token: %+v", h)
	}
}

// TestOA14_3_EveryRouteAppearsAndNothingElse: the document holds exactly one
// operation per row of routes.go and version it lists, and the open routes,
// and nothing else.
func TestOA14_3_EveryRouteAppearsAndNothingElse(t *testing.T) {
	for _, metrics := range []bool{true, false} {
		doc, _ := loadOpenAPI(t, OpenAPIOptions{Metrics: metrics})
		want := map[string]bool{}
		for _, r := range routes {
			for n := 1; n <= 4; n++ {
				if r.in.has(n) {
					want[r.method+" /v"+strconv.Itoa(n)+"/"+r.pattern] = true
				}
			}
		}
		for p := range openRoutes {
			for _, m := range openDocs[p].methods {
				want[m+" "+p] = true
			}
		}
		if metrics {
			want["GET "+metricsPath] = true
		}
		got := map[string]bool{}
		for path, item := range doc.Paths.Map() {
			for m := range item.Operations() {
				got[m+" "+path] = true
			}
		}
		for k := range want {
			if !got[k] {
				t.Errorf("metrics=%v: %s is missing from the document", metrics, k)
			}
		}
		for k := range got {
			if !want[k] {
				t.Errorf("metrics=%v: the document has %s, which is not a route", metrics, k)
			}
		}
	}
}

// TestOA14_3_EveryRowIsDescribed: each row has its documentation and each
// piece of documentation its row, so a new family's rows cannot go
// undescribed (and removed rows leave nothing stale behind).
func TestOA14_3_EveryRowIsDescribed(t *testing.T) {
	rows := map[string]bool{}
	for _, r := range routes {
		key := r.method + " " + r.pattern
		rows[key] = true
		if _, ok := routeDocs[key]; !ok {
			t.Errorf("row %s has no entry in routeDocs (httpapi/routedocs.go)", key)
		}
	}
	for key := range routeDocs {
		if !rows[key] {
			t.Errorf("routeDocs describes %s, which is no row of routes.go", key)
		}
	}
	for p := range openRoutes {
		if _, ok := openDocs[p]; !ok {
			t.Errorf("open route %s has no entry in openDocs", p)
		}
	}
	for p := range openDocs {
		if openRoutes[p] == nil && p != metricsPath {
			t.Errorf("openDocs describes %s, which is not served", p)
		}
	}
	// And the generator refuses a row without documentation.
	extra := append(append([]route(nil), routes...), route{GET, "databases/bogus", all, listDatabases, exact})
	if _, err := openAPIDoc(OpenAPIOptions{}, extra, nil); err == nil || !strings.Contains(err.Error(), "databases/bogus") {
		t.Errorf("a row without documentation: %v, want an error naming it", err)
	}
}

// okBodies let the rows that create something succeed, so that their
// answers (201 and its headers) are checked against the document too.
var okBodies = map[string]string{
	"POST databases":                      `{"name":"db_%d"}`,
	"POST database/{db}/copy":             `{"name":"copy_%d"}`,
	"POST database/{db}/fields":           `{"name":"f_%d","type":"text"}`,
	"POST collection/{c}/fields":          `{"name":"f_%d","type":"text"}`,
	"POST database/{db}/interests":        `{"name":"i_%d"}`,
	"POST database/{db}/collections":      `{"name":"c_%d"}`,
	"POST database/{db}/profiles":         `{"fields":{"email":"a%d@example.org"}}`,
	"POST profile/{p}/subprofiles/{coll}": `{"fields":{"email":"s%d@example.org"}}`,
	"PUT database/{db}/profiles":          `{"fields":{"email":"new%d@example.org"}}`,
	"POST database/{db}/views":            `{"name":"v_%d"}`,
	"POST view/{v}/views":                 `{"name":"n_%d"}`,
	"POST view/{v}/copy":                  `{"name":"copy_%d"}`,
	"POST view/{v}/rules":                 `{"name":"r_%d"}`,
	"POST rule/{r}/conditions":            `{"type":"Fax"}`,
	"POST collection/{c}/miniviews":       `{"name":"m_%d"}`,
	"POST miniview/{m}/minirules":         `{"name":"r_%d"}`,
	"POST miniview/{m}/rules":             `{"name":"r_%d"}`,
	"POST minirule/{mr}/conditions":       `{"type":"Sms"}`,
}

// TestOA14_3_AnswersMatchTheDocument sends every row in every version it
// exists in and checks the answer against the document: the status is one
// it lists for that version, and a JSON body fits its schema.
func TestOA14_3_AnswersMatchTheDocument(t *testing.T) {
	doc, _ := loadOpenAPI(t, OpenAPIOptions{})
	a := newTestAPI(t, Config{})
	n := 0
	shared := routeFixture(t, a, n)
	ctx := context.Background()
	answered := map[answer]int{}
	for _, r := range routes {
		key := r.method + " " + r.pattern
		for v := 1; v <= 4; v++ {
			if !r.in.has(v) {
				continue
			}
			fx := shared
			if r.method == DELETE {
				n++
				fx = routeFixture(t, a, n)
			}
			n++
			path := prefixes[v] + fill(t, r.pattern, fx)
			body := ""
			if r.method == POST || r.method == PUT {
				body = `{}`
				if b, ok := okBodies[key]; ok {
					body = fmt.Sprintf(b, n)
				}
			}
			switch key {
			case "PUT database/{db}/profiles":
				path += "?fields[]=email==nobody&create=1"
			case "GET consumption":
				path += "?begin=2020-01-01&end=2020-01-31"
			case "DELETE database/{db}/profiles":
				path += "?profiles[]=999999"
			}
			rec := a.do(r.method, path, body)
			specPath := prefixes[v] + "/" + r.pattern
			item := doc.Paths.Find(specPath)
			if item == nil {
				t.Fatalf("%s not in the document", specPath)
			}
			op := item.GetOperation(r.method)
			if rec.Code != http.StatusBadRequest {
				answered[routeDocs[key].answer]++
			}
			req := httptest.NewRequest(r.method, path, nil)
			in := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req,
					Route: &routers.Route{Spec: doc, Path: specPath, PathItem: item, Method: r.method, Operation: op}},
				Status: rec.Code, Header: rec.Header(), Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
				Options: &openapi3filter.Options{IncludeResponseStatus: true},
			}
			if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
				t.Errorf("%s %s answered %d %s: %v", r.method, path, rec.Code, rec.Body.String(), err)
			}
		}
	}
	// Each kind of answer was seen succeeding at least once, so the
	// statuses of versions.go were compared, not only the 400s.
	for _, k := range []answer{answerJSON, answerCreated, answerUpdated, answerPostUpdated, answerBulk, answerDeleted, answerDeletedMany} {
		if answered[k] == 0 {
			t.Errorf("no row with answer kind %d succeeded: its statuses were never checked", k)
		}
	}
}

// TestOA14_3_ServedWithoutToken: GET /openapi.json needs no token and
// serves the same document as OpenAPI, with /metrics only when this server
// serves it.
func TestOA14_3_ServedWithoutToken(t *testing.T) {
	for _, withMetrics := range []bool{false, true} {
		cfg := Config{Version: "9.9.9"}
		if withMetrics {
			cfg.Metrics = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "m 1\n") })
		}
		a := newTestAPI(t, cfg)
		rec := a.do(GET, openAPIPath+"?access_token=", "")
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("GET %s: %d %q", openAPIPath, rec.Code, rec.Header().Get("Content-Type"))
		}
		want, err := OpenAPI(OpenAPIOptions{Version: "9.9.9", Metrics: withMetrics})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(rec.Body.Bytes(), want) {
			t.Errorf("metrics=%v: served document differs from OpenAPI()", withMetrics)
		}
		var d struct{ Paths map[string]any }
		if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		if _, has := d.Paths[metricsPath]; has != withMetrics {
			t.Errorf("metrics=%v: document lists /metrics: %v", withMetrics, has)
		}
		if rec := a.do(POST, openAPIPath, `{}`); rec.Code != 400 {
			t.Errorf("POST %s: %d", openAPIPath, rec.Code)
		}
	}
}
