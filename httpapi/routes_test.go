package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
)

var prefixes = map[int]string{1: "/v1", 2: "/v2", 3: "/v3", 4: "/v4"}

// routeFixture makes one of everything a route can address and returns the
// value of every placeholder of routes.go. A row with a placeholder that is
// not here fails TestC1_1_EveryRowAnswersInItsVersions: add it.
func routeFixture(t testing.TB, a *testAPI, n int) map[string]string {
	t.Helper()
	ctx := context.Background()
	must := func(id int64, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return idStr(id)
	}
	name := func(v string) *string { return &v }
	email := kopernik.TypeEmail
	db, err := a.st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: name(fmt.Sprintf("db%d", n))})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.st.CreateCollection(ctx, db, kopernik.CollectionInput{Name: name("orders")})
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.st.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{})
	if err != nil {
		t.Fatal(err)
	}
	// Both owners get a field of this name, so {field} resolves under either.
	must(a.st.CreateField(ctx, kopernik.DatabaseOwner(db), kopernik.FieldInput{Name: name("email"), Type: &email}))
	must(a.st.CreateField(ctx, kopernik.CollectionOwner(c), kopernik.FieldInput{Name: name("email")}))
	// One of each selection object; view names are unique per database only,
	// so lookups by name stay unambiguous through the fixture's database.
	body := func(kv ...any) *kopernik.Map {
		m := &kopernik.Map{}
		for i := 0; i < len(kv); i += 2 {
			m.Set(kv[i].(string), kv[i+1])
		}
		return m
	}
	v, err := a.st.CreateView(ctx, db, 0, body("name", fmt.Sprintf("view%d", n)))
	if err != nil {
		t.Fatal(err)
	}
	mv := must(a.st.CreateMiniview(ctx, c, body("name", "recent")))
	mvID, _ := parseID(mv)
	r, err := a.st.CreateRule(ctx, kopernik.ViewRef(v), body("name", "r"))
	if err != nil {
		t.Fatal(err)
	}
	mr, err := a.st.CreateRule(ctx, kopernik.MiniviewRef(mvID), body("name", "mr"))
	if err != nil {
		t.Fatal(err)
	}
	cond, _, err := a.st.CreateCondition(ctx, r, body("type", "Field", "field", "email", "value", "x"))
	if err != nil {
		t.Fatal(err)
	}
	mc, _, err := a.st.CreateCondition(ctx, mr, body("type", "Field", "field", "email"))
	if err != nil {
		t.Fatal(err)
	}
	imp, err := a.st.CreateImport(ctx, &kopernik.Import{DatabaseID: db, Name: "fixture", Action: kopernik.ImportAdd,
		DeleteTarget: kopernik.TargetProfile, Format: kopernik.FormatCSV, Delimiter: ',', Status: kopernik.ImportReady, TotalLines: 1},
		strings.NewReader("email\na@example.org\n"))
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"{imp}":      idStr(imp),
		"{v}":        idStr(v),
		"{m}":        mv,
		"{r}":        idStr(r),
		"{rule}":     idStr(r),
		"{mr}":       idStr(mr),
		"{minirule}": idStr(mr),
		"{type}":     "field",
		"{cond}":     idStr(cond),
		"{mc}":       idStr(mc),
		"{db}":       idStr(db),
		"{c}":        idStr(c),
		"{coll}":     idStr(c),
		"{p}":        idStr(p),
		"{i}":        must(a.st.CreateInterest(ctx, db, kopernik.InterestInput{Name: name("news")})),
		"{s}":        must(a.st.CreateEntity(ctx, kopernik.CollectionOwner(c), p, kopernik.EntityInput{})),
		"{dr}":       must(a.st.SaveDataRequest(ctx, []byte(`{"data":[]}`))),
		"{file}":     "1",
		"{address}":  "a@example.org",
		"{field}":    "email",
		"{wh}":       must(a.st.CreateWebhook(ctx, kopernik.Webhook{Handler: "https://hooks.example.org/in", Trigger: "create"})),
	}
}

// fill replaces the placeholders of a pattern.
func fill(t testing.TB, pattern string, fx map[string]string) string {
	t.Helper()
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if !isParam(s) {
			continue
		}
		v, ok := fx[s]
		if !ok {
			t.Fatalf("%s: no fixture for %s", pattern, s)
		}
		segs[i] = v
	}
	return "/" + strings.Join(segs, "/")
}

// isRouterAnswer reports an answer of the router itself: a row that gets one
// was not reached.
func isRouterAnswer(body string) bool {
	for _, m := range []string{msgInvalidMethod, "is missing in 'directory' path", kopernik.MsgNoDatabase,
		kopernik.MsgNoCollection, kopernik.MsgNoInterest, kopernik.MsgNoEntity, kopernik.MsgNoSubprofile,
		kopernik.MsgNoField, kopernik.MsgNoFieldID, kopernik.MsgProfileRemoved, kopernik.MsgSubprofileRemoved} {
		if strings.Contains(body, m) {
			return true
		}
	}
	return false
}

// TestC1_1_EveryRowAnswersInItsVersions sends every row of routes.go, in every
// version it lists, to an address that exists, and checks that its handler
// answered: no router error (Invalid method, missing element, unknown ID) and
// no fault. A DELETE gets entities of its own; the other rows, sent with an
// empty body, leave what they address in place.
func TestC1_1_EveryRowAnswersInItsVersions(t *testing.T) {
	a := newTestAPI(t, Config{})
	n := 0
	shared := routeFixture(t, a, n)
	for _, r := range routes {
		for v := 1; v <= 4; v++ {
			if !r.in.has(v) {
				continue
			}
			fx := shared
			if r.method == DELETE {
				n++
				fx = routeFixture(t, a, n)
			}
			path := prefixes[v] + fill(t, r.pattern, fx)
			body := ""
			if r.method == POST || r.method == PUT {
				body = `{}`
			}
			if r.pattern == "imports" {
				// Without a database the answer would be the resolver's
				// message; with one the handler answers on the missing source.
				body = `{"database":` + fx["{db}"] + `}`
			}
			rec := a.do(r.method, path, body)
			if rec.Code >= 500 || isRouterAnswer(rec.Body.String()) {
				t.Errorf("%s %s: %d %s", r.method, path, rec.Code, rec.Body.String())
			}
		}
	}
}

// TestC12_RowsAnswerInvalidMethodOutsideTheirVersions: a row that exists only
// in some versions (conventions §12, structure.md and profiles.md version
// columns) answers Invalid method in the others, unless another row of that
// version serves the same path and method.
func TestC12_RowsAnswerInvalidMethodOutsideTheirVersions(t *testing.T) {
	a := newTestAPI(t, Config{})
	fx := routeFixture(t, a, 0)
	tested := 0
	for _, r := range routes {
		for v := 1; v <= 4; v++ {
			if r.in.has(v) || servedElsewhere(r, v) {
				continue
			}
			tested++
			path := prefixes[v] + fill(t, r.pattern, fx)
			body := ""
			if r.method == POST || r.method == PUT {
				body = `{}`
			}
			wantError(t, a.do(r.method, path, body), http.StatusBadRequest, msgInvalidMethod)
		}
	}
	if tested < 20 {
		t.Fatalf("only %d version-limited rows tested", tested)
	}
}

// servedElsewhere reports a row of version v with the same pattern that
// serves r's method directly or through the POST/PUT rules of conventions §3.
func servedElsewhere(r route, v int) bool {
	for _, o := range routes {
		if o.pattern != r.pattern || !o.in.has(v) {
			continue
		}
		if o.method == r.method || (r.method == POST && o.method == PUT) || (r.method == PUT && o.method == POST) {
			return true
		}
	}
	return false
}

// TestC1_1_CheckOrderForEveryWord covers conventions §1.1 item 4 and B2/B4
// for every resource word of the table, in every version where it exists: a
// missing ID is reported before anything else, an unknown ID before the rest
// of the path and the method are looked at, and a v1 DELETE of an unknown ID
// answers 204 where the word has a DELETE route (C6).
func TestC1_1_CheckOrderForEveryWord(t *testing.T) {
	a := newTestAPI(t, Config{})
	routeFixture(t, a, 0)
	methods := []string{GET, POST, PUT, DELETE, "PATCH"}
	for v := 1; v <= 4; v++ {
		pre := prefixes[v]
		for _, m := range methods {
			wantError(t, a.do(m, pre+"/bogus/1", ""), http.StatusBadRequest, msgInvalidMethod)
		}
		for word, wr := range table[v] {
			if wr.kind == nil {
				continue
			}
			// An ID of two segments (condition/{type}/{id}) is unknown by its
			// last one; a type segment that names no type cannot make it known.
			idPath := func(id string) string { return strings.Repeat("/Field", wr.kind.segs-1) + "/" + id }
			for _, m := range methods {
				if methodFirst[word] && !wr.takes(m) {
					// B2: a GET on minicondition is not about a missing element.
					for _, p := range []string{"/" + word, "/" + word + idPath("99984")} {
						wantError(t, a.do(m, pre+p, ""), http.StatusBadRequest, msgInvalidMethod)
					}
					continue
				}
				for _, p := range []string{"/" + word, "/" + word + "/", "/" + word + "//"} {
					wantError(t, a.do(m, pre+p, ""), http.StatusBadRequest,
						"Invalid request, element 1 is missing in 'directory' path")
				}
				if wr.kind.notFound == "" {
					continue
				}
				for _, id := range []string{"0", "-1", "99984", "bogus"} {
					wantError(t, a.do(m, pre+"/"+word+idPath(id)+"/no/such/path", ""), http.StatusBadRequest, wr.kind.notFound)
				}
			}
			if wr.kind.notFound == "" {
				continue
			}
			bare := a.do(DELETE, pre+"/"+word+idPath("99984"), "")
			if wr.bareDelete && versions[v].deleteGone {
				wantEmpty(t, bare, http.StatusNoContent)
			} else {
				wantError(t, bare, http.StatusBadRequest, wr.kind.notFound)
			}
		}
		// A word that has no route in this version is unknown there.
		for word := range table[2] {
			if table[v][word] == nil {
				wantError(t, a.do(GET, pre+"/"+word, ""), http.StatusBadRequest, msgInvalidMethod)
				wantError(t, a.do(PUT, pre+"/"+word+"/1", ""), http.StatusBadRequest, msgInvalidMethod)
			}
		}
	}
}

// TestC3_PutOnAPostRouteRunsThePost answers the question the table is meant
// to answer: PUT collection/{id}/fields has no row, so in v2 it runs the POST
// row and answers 201 like it, extra segments ignored (conventions §3, C14).
func TestC3_PutOnAPostRouteRunsThePost(t *testing.T) {
	a := newTestAPI(t, Config{})
	fx := routeFixture(t, a, 0)
	rec := a.do(PUT, "/v2/collection/"+fx["{c}"]+"/fields/extra", `{"name":"zip"}`)
	if rec.Code != http.StatusCreated || rec.Header().Get("X-Created") == "" {
		t.Fatalf("want 201 with X-Created, got %d %v", rec.Code, rec.Header())
	}
	// POST on a PUT-only route runs the PUT with a POST's answer: 200 in v2.
	wantEmpty(t, a.do(POST, "/v2/collection/"+fx["{c}"], `{"name":"renamed"}`), http.StatusOK)
	wantEmpty(t, a.do(POST, "/v3/collection/"+fx["{c}"], `{"name":"again"}`), http.StatusNoContent)
	// Such a POST follows the PUT row's tail rule too: PUT collection/{c}/subprofiles
	// takes no extra segments, so neither does the POST that runs it.
	sel := "?fields[]=email%3D%3Dx"
	wantEmpty(t, a.do(POST, "/v3/collection/"+fx["{c}"]+"/subprofiles"+sel, `{"email":"y"}`), http.StatusNoContent)
	wantError(t, a.do(POST, "/v3/collection/"+fx["{c}"]+"/subprofiles/extra"+sel, `{"email":"y"}`), http.StatusBadRequest, msgInvalidMethod)
	wantError(t, a.do(PUT, "/v3/collection/"+fx["{c}"]+"/subprofiles/extra"+sel, `{"email":"y"}`), http.StatusBadRequest, msgInvalidMethod)
}

// TestRouteTableCompileRefusesAmbiguity: a table the router could not serve
// unambiguously is refused when the package starts, not at the first request.
func TestRouteTableCompileRefusesAmbiguity(t *testing.T) {
	h := func(*request) error { return nil }
	kinds := map[string]*idKind{"thing": {segs: 1}, "pair": {segs: 2}}
	for _, c := range []struct {
		name string
		rows []route
	}{
		{"two rows for one method", []route{{GET, "thing/{t}", all, h, exact}, {GET, "thing/{id}", v2, h, exact}}},
		{"param inside", []route{{GET, "thing/{t}/{x}/more", all, h, exact}}},
		{"ID segments missing", []route{{GET, "pair/{a}", all, h, exact}}},
		{"ID segments missing on a sub-path", []route{{GET, "thing/list", all, h, exact}}},
		{"no handler", []route{{GET, "things", all, nil, exact}}},
		{"no versions", []route{{GET, "things", 0, h, exact}}},
		{"unknown method", []route{{"PATCH", "things", all, h, exact}}},
		{"one sub-path, two params", []route{{GET, "thing/{t}/x/{a}", all, h, exact}, {PUT, "thing/{t}/x/{b}", all, h, exact}}},
		{"word is a param", []route{{GET, "{t}", all, h, exact}}},
	} {
		if _, err := compile(c.rows, kinds); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
	ok := []route{{GET, "things", all, h, tail}, {GET, "pair/{a}/{b}/x/{y}", v3up, h, exact}, {DELETE, "thing/{t}", v1, h, exact}}
	tb, err := compile(ok, kinds)
	if err != nil {
		t.Fatal(err)
	}
	if tb[1]["thing"] == nil || !tb[1]["thing"].bareDelete || tb[2]["thing"] != nil || tb[3]["pair"].shapes[0].param != "y" {
		t.Fatalf("compiled wrongly: %+v", tb)
	}
}
