package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kopernik/kopernik/internal/browser"
)

// page drives the console in one headless Chromium tab; every step fails the
// test with what it was doing.
type page struct {
	t    *testing.T
	ctx  context.Context // the browser's, without a deadline (see chromedp.Run)
	base string
}

// startBrowser starts Chromium for the test, or skips when none is installed
// and KOPERNIK_REQUIRE_BROWSER is unset (.ci/run installs one and sets it).
func startBrowser(t *testing.T, base string) *page {
	t.Helper()
	if _, err := browser.Find(); errors.Is(err, browser.ErrNotFound) && os.Getenv("KOPERNIK_REQUIRE_BROWSER") == "" {
		t.Skip(err)
	}
	ctx, stop, err := browser.Start(context.Background(), browser.Options{})
	if err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	t.Cleanup(stop)
	return &page{t: t, ctx: ctx, base: base}
}

// step bounds one action: a console that never shows what the test waits for
// fails within the bound instead of hanging the suite.
const stepLimit = 20 * time.Second

func (p *page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepLimit)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v\npage: %s", what, err, p.snapshot())
	}
}

func eval[T any](p *page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepLimit)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// snapshot is the visible text of the page, for failure messages.
func (p *page) snapshot() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	return s
}

func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// wait polls a JavaScript condition until it holds.
func (p *page) wait(what, cond string) {
	p.t.Helper()
	p.do("waiting for "+what, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(stepLimit-time.Second)))
}

// load opens the console afresh (a new document, also when only the hash
// differs), which forgets the token.
func (p *page) load(hash string) {
	p.t.Helper()
	p.do("loading "+hash, chromedp.Navigate(p.base+"/admin/"+hash), chromedp.Reload())
}

// open goes to a page of the loaded console as a link would (the token is
// kept only while the document lives); the same page again renders anew.
func (p *page) open(hash string) {
	p.t.Helper()
	eval[chromedp.Void](p, `(() => { const h = `+q(hash)+`; if (location.hash === h) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = h; })()`)
}

// fill types text into an input, replacing what it held, as a user would
// (key events, so input listeners run).
func (p *page) fill(sel, text string) {
	p.t.Helper()
	p.do("finding "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
	eval[chromedp.Void](p, `document.querySelector(`+q(sel)+`).value = ''`)
	p.do("typing into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}

// choose picks an option of a select and lets its change listeners run.
func (p *page) choose(sel, value string) {
	p.t.Helper()
	p.do("choosing "+value+" in "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
	eval[chromedp.Void](p, `(() => { const e = document.querySelector(`+q(sel)+`); e.value = `+q(value)+
		`; e.dispatchEvent(new Event('change', {bubbles: true})); })()`)
}

func (p *page) click(sel string) {
	p.t.Helper()
	p.do("clicking "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)))
}

func (p *page) text(sel string) string {
	p.t.Helper()
	p.do("finding "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
	return eval[string](p, `document.querySelector(`+q(sel)+`).textContent`)
}

// column is the text of one column (1-based) of the results table.
func (p *page) column(n int) []string {
	p.t.Helper()
	return eval[[]string](p, fmt.Sprintf(`[...document.querySelectorAll('.results[data-state=ready] tbody tr')].filter((r) => !r.querySelector('td.empty')).map((r) => r.children[%d].textContent)`, n-1))
}

// loads waits for the profiles list to finish its next load after act.
func (p *page) loads(what string, act func()) {
	p.t.Helper()
	before := eval[string](p, `(document.querySelector('.results[data-loads]') || {dataset: {loads: '-1'}}).dataset.loads`)
	act()
	p.wait(what, `(() => { const r = document.querySelector('.results[data-loads]'); return r && r.dataset.state === 'ready' && r.dataset.loads !== `+q(before)+`; })()`)
}

// TestI15_Console drives the console in a real headless Chromium against the
// real server: one browser and one server for all steps, each step a subtest
// that builds on the ones before (as a user's session would).
func TestI15_Console(t *testing.T) {
	s := startServer(t)
	p := startBrowser(t, s.Base)
	var dbID, delftID string

	must(t, "CSPHeader", func(t *testing.T) {
		r := s.raw("GET", "/admin/", "")
		csp := r.Header.Get("Content-Security-Policy")
		if r.Status != 200 || !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "script-src 'self'") ||
			strings.Contains(csp, "unsafe") {
			t.Fatalf("GET /admin/: %d, Content-Security-Policy %q", r.Status, csp)
		}
		if r := s.raw("GET", "/admin/js/main.js", ""); r.Header.Get("Content-Security-Policy") != csp || !strings.Contains(r.Header.Get("Content-Type"), "javascript") {
			t.Fatalf("GET /admin/js/main.js: %q %q", r.Header.Get("Content-Type"), r.Header.Get("Content-Security-Policy"))
		}
		// The browser enforces it: an inline script added to the page is
		// refused and reported as a violation.
		p.load("")
		p.wait("the sign-in form", `!!document.querySelector('#token')`)
		got, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`new Promise((done) => {
			document.addEventListener('securitypolicyviolation', (e) => done('blocked: ' + e.effectiveDirective), {once: true});
			const s = document.createElement('script');
			s.textContent = 'window.inlineRan = true';
			document.head.append(s);
			setTimeout(() => done(window.inlineRan ? 'inline script ran' : 'no violation reported'), 2000);
		})`, chromedp.EvalAwaitPromise))
		if err != nil || !strings.HasPrefix(got, "blocked: script-src") {
			t.Fatalf("inline script in the console page: %q %v, want blocked by script-src", got, err)
		}
	})

	must(t, "SignIn", func(t *testing.T) {
		p.p(t)
		p.fill("#token", "not-a-token")
		p.click("form button[type=submit]")
		p.wait("the error", `!!document.querySelector('.error-message')`)
		if got := p.text(".error-message"); got != "Invalid access token" {
			t.Fatalf("a wrong token shows %q, want the API's message", got)
		}
		p.fill("#token", s.Token)
		p.click("form button[type=submit]")
		p.wait("the databases page", `!!document.querySelector('.main-nav') && !!document.querySelector('.form-new-database')`)
		if got := p.text(".account"); got != "kopernik" {
			t.Errorf("account shown %q, want the identity's name", got)
		}
	})

	must(t, "CreateDatabase", func(t *testing.T) {
		p.p(t)
		p.fill(".form-new-database input[name=name]", "shop")
		p.fill(".form-new-database input[name=description]", "the web shop")
		p.click(".form-new-database button[type=submit]")
		p.wait("the database page", `(document.querySelector('.database[data-state=ready] h1') || {}).textContent?.startsWith('shop')`)
		var db map[string]any
		json.Unmarshal(s.do("GET", "/v4/database/shop", nil).Body, &db)
		if db["description"] != "the web shop" {
			t.Fatalf("database as the API has it: %v", db)
		}
		dbID = db["ID"].(string)
		// An error is shown exactly as the API words it.
		p.open("#/databases")
		p.fill(".form-new-database input[name=name]", "SHOP")
		p.click(".form-new-database button[type=submit]")
		p.wait("the error", `!!document.querySelector('.error-message')`)
		var apiErr struct{ Error struct{ Message string } }
		json.Unmarshal(s.do("POST", "/v4/databases", map[string]any{"name": "SHOP"}).Body, &apiErr)
		if got := p.text(".error-message"); got != apiErr.Error.Message || got == "" {
			t.Fatalf("console shows %q, the API says %q", got, apiErr.Error.Message)
		}
	})

	must(t, "CreateFieldAndInterest", func(t *testing.T) {
		p.p(t)
		p.open("#/database/" + dbID)
		for _, f := range []struct{ name, typ string }{{"city", "text"}, {"age", "integer"}} {
			p.fill(".form-new-field input[name=name]", f.name)
			p.choose(".form-new-field select[name=type]", f.typ)
			p.click(".form-new-field button[type=submit]")
			p.wait("field "+f.name, `[...document.querySelectorAll('.fields-editor tbody input[name=name]')].some((i) => i.value === `+q(f.name)+`)`)
		}
		p.fill(".form-new-interest input[name=name]", "newsletter")
		p.click(".form-new-interest button[type=submit]")
		p.wait("the interest", `[...document.querySelectorAll('tbody input[name=name]')].some((i) => i.value === 'newsletter')`)
		got := string(s.do("GET", "/v4/database/"+dbID+"/fields", nil).Body)
		if !strings.Contains(got, `"name":"city","type":"text"`) || !strings.Contains(got, `"name":"age","type":"integer"`) {
			t.Fatalf("fields as the API has them: %s", got)
		}
		if got := string(s.do("GET", "/v4/database/"+dbID+"/interests", nil).Body); !strings.Contains(got, `"name":"newsletter"`) {
			t.Fatalf("interests as the API has them: %s", got)
		}
		// Indexing a field is a change of its row.
		row := `.fields-editor tbody tr:nth-child(2)`
		p.click(row + ` input[name=index]`)
		p.click(row + ` button.save`)
		p.wait("the saved index", `(document.querySelector('.messages .ok') || {}).textContent === 'Field '+`+q(fieldID(t, s, dbID, "age"))+`+' saved.'`)
		if !strings.Contains(string(s.do("GET", "/v4/database/"+dbID+"/fields", nil).Body), `"name":"age","type":"integer","value":"0","displayed":false,"ordered":false,"length":"255","textlines":"1","hidden":false,"index":true`) {
			t.Fatalf("age is not indexed: %s", s.do("GET", "/v4/database/"+dbID+"/fields", nil).Body)
		}
	})

	markup := `<script>window.pwned=1</script><img src=x onerror="window.pwned=2">`
	must(t, "CreateProfiles", func(t *testing.T) {
		p.p(t)
		for _, pr := range []struct {
			city, age  string
			newsletter bool
		}{{"Delft", "30", true}, {markup, "41", false}, {"Leiden", "52", true}} {
			p.open("#/database/" + dbID + "/profiles")
			p.click("button.new-profile")
			p.fill(".new-profile-form input[name=city]", pr.city)
			p.fill(".new-profile-form input[name=age]", pr.age)
			if pr.newsletter {
				p.click(".new-profile-form input[name=newsletter]")
			}
			p.click(".new-profile-form button[type=submit]")
			p.wait("the new profile", `!!document.querySelector('.profile[data-state=ready]')`)
			loc := eval[string](p, `location.hash`)
			id := strings.TrimPrefix(loc, "#/profile/")
			var got struct {
				Fields    map[string]string
				Interests []string
			}
			json.Unmarshal(s.do("GET", "/v4/profile/"+id, nil).Body, &got)
			if got.Fields["city"] != pr.city || got.Fields["age"] != pr.age || (len(got.Interests) == 1) != pr.newsletter {
				t.Fatalf("profile %s as the API has it: %+v", id, got)
			}
			if pr.city == "Delft" {
				delftID = id
			}
		}
	})

	must(t, "MarkupRendersAsText", func(t *testing.T) {
		p.p(t)
		p.open("#/database/" + dbID + "/profiles")
		p.wait("the list", `document.querySelectorAll('.results[data-state=ready] tbody tr').length === 3`)
		if got := p.column(2); len(got) != 3 || got[1] != markup {
			t.Fatalf("city column %q, want the markup as text in row 2", got)
		}
		if n := eval[int](p, `document.querySelectorAll('#main script, #main img').length`); n != 0 {
			t.Fatalf("the field value became %d elements", n)
		}
		if v := eval[string](p, `String(window.pwned)`); v != "undefined" {
			t.Fatalf("the field value ran as script: window.pwned = %s", v)
		}
	})

	must(t, "FilterShowsConditions", func(t *testing.T) {
		p.p(t)
		p.open("#/database/" + dbID + "/profiles")
		p.wait("the list", `!!document.querySelector('.results[data-state=ready]')`)
		p.click("button.add-condition")
		p.choose(".filter-row select[name=name]", "city")
		p.choose(".filter-row select[name=op]", "==")
		p.fill(".filter-row input[name=value]", "delft")
		if got := p.text(".filter-preview"); got != "fields[]=city==delft" {
			t.Fatalf("the builder shows %q", got)
		}
		p.click("button.apply-filter")
		p.wait("the filtered list", `document.querySelector('.count')?.dataset.state === 'ready' && document.querySelectorAll('.results[data-state=ready] tbody tr').length === 1`)
		if got := p.column(1); len(got) != 1 || got[0] != delftID {
			t.Fatalf("filtered IDs %v, want [%s]", got, delftID)
		}
		if got := p.text(".count"); got != "1 profile match the filter" {
			t.Errorf("count line %q", got)
		}
		// The request shown is one the API answers the same way.
		req := p.text(".request")
		if !strings.Contains(req, "fields[]=city%3D%3Ddelft") || !strings.Contains(req, "curl -g") {
			t.Fatalf("request shown: %s", req)
		}
		if got := string(s.do("GET", "/v4/database/"+dbID+"/profiles?fields[]=city%3D%3Ddelft&dataonly=true", nil).Body); !strings.Contains(got, `"ID":"`+delftID+`"`) || !strings.Contains(got, `"total":1`) {
			t.Fatalf("the API answers the shown filter with %s", got)
		}
	})

	must(t, "EditProfile", func(t *testing.T) {
		p.p(t)
		p.click(".results tbody tr.link")
		p.wait("the profile", `!!document.querySelector('.profile[data-state=ready] .form-profile')`)
		p.fill(".form-profile input[name=city]", "Rotterdam")
		p.click(".form-profile input[name=newsletter]")
		p.click(".form-profile button[type=submit]")
		p.wait("saved", `(document.querySelector('.messages .ok') || {}).textContent === 'Profile saved.'`)
		var got struct {
			Fields    map[string]string
			Interests []string
		}
		json.Unmarshal(s.do("GET", "/v4/profile/"+delftID, nil).Body, &got)
		if got.Fields["city"] != "Rotterdam" || got.Fields["age"] != "30" || len(got.Interests) != 0 {
			t.Fatalf("edited profile as the API has it: %+v", got)
		}
	})

	must(t, "Paging", func(t *testing.T) {
		p.p(t)
		for i := range 57 {
			mustCreate(t, s, "/v4/database/"+dbID+"/profiles", map[string]any{"fields": map[string]any{"city": fmt.Sprintf("town %02d", i%7), "age": 20 + i}})
		}
		base := "/v4/database/" + dbID + "/profiles?limit=25&dataonly=true"
		p.open("#/database/" + dbID + "/profiles?limit=25")
		p.wait("the first page", `document.querySelectorAll('.results[data-state=ready] tbody tr').length === 25 && document.querySelector('.count')?.dataset.state === 'ready'`)
		check := func(what, apiPath, label string) {
			t.Helper()
			want := idsOf(t, s, apiPath)
			if got := p.column(1); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("%s: IDs %v, the API has %v", what, got, want)
			}
			if got := p.text(".pager-label"); got != label {
				t.Errorf("%s: pager says %q, want %q", what, got, label)
			}
		}
		// 60 live profiles: 3 from before and 57 new ones. In ID order
		// the console pages by key; the API's offsets give the same pages.
		check("first page", base, "1–25 of 60")
		p.loads("page 2", func() { p.click("button.page-next") })
		check("page 2", base+"&start=25", "26–50 of 60")
		p.loads("page 3", func() { p.click("button.page-next") })
		check("page 3", base+"&start=50", "51–60 of 60")
		if eval[bool](p, `!document.querySelector('button.page-next').disabled`) {
			t.Error("next is enabled on the last page")
		}
		p.loads("back to page 2", func() { p.click("button.page-prev") })
		check("back to page 2", base+"&start=25", "26–50 of 60")
		p.loads("last page", func() { p.click("button.page-last") })
		check("last page", base+"&start=35", "36–60 of 60")
		p.loads("first page", func() { p.click("button.page-first") })
		check("first page again", base, "1–25 of 60")
		// Any other order pages by offset, as the API's start does.
		p.loads("sorted by age", func() { p.click("th button[data-sort=age]") })
		p.loads("sorted by age, descending", func() { p.click("th button[data-sort=age]") })
		check("by age descending", base+"&orderby=age&order=desc", "1–25 of 60")
		p.loads("page 2 by age", func() { p.click("button.page-next") })
		check("page 2 by age descending", base+"&orderby=age&order=desc&start=25", "26–50 of 60")
		if got := p.text(".request"); !strings.Contains(got, "orderby=age&order=desc&start=25&limit=25&total=false") {
			t.Errorf("request shown: %s", got)
		}
	})

	must(t, "DeleteProfile", func(t *testing.T) {
		p.p(t)
		p.open("#/profile/" + delftID)
		p.click(".danger-zone button.danger")
		p.wait("the armed button", `!!document.querySelector('.danger-zone button.danger.armed')`)
		p.click(".danger-zone button.danger")
		p.wait("the list", `location.hash.startsWith('#/database/`+dbID+`/profiles') && !!document.querySelector('.results[data-state=ready]')`)
		var got struct{ Removed any }
		json.Unmarshal(s.do("GET", "/v4/profile/"+delftID, nil).Body, &got)
		if got.Removed == false || got.Removed == nil {
			t.Fatalf("profile %s not removed: %v", delftID, got.Removed)
		}
		if got := p.text(".count"); got != "59 profiles" {
			t.Fatalf("count after the delete: %q", got)
		}
	})

	must(t, "TokenOnlyInMemory", func(t *testing.T) {
		p.p(t)
		// Every API request carried the token in its header, none in its URL,
		// and the browser keeps it nowhere a later visitor could read.
		urls := eval[[]string](p, `performance.getEntriesByType('resource').map((e) => e.name)`)
		api := 0
		for _, u := range urls {
			if strings.Contains(u, "access_token") || strings.Contains(u, s.Token) {
				t.Errorf("a request URL carries the token: %s", u)
			}
			if strings.Contains(u, "/v4/") {
				api++
			}
		}
		if api < 10 {
			t.Errorf("only %d API requests seen: %v", api, urls)
		}
		if got := eval[string](p, `document.cookie + '|' + localStorage.length + '|' + sessionStorage.length`); got != "|0|0" {
			t.Errorf("cookie|localStorage|sessionStorage = %q", got)
		}
		// A reload forgets the token and, once signed in again, returns to
		// the page it was on.
		p.load("#/database/" + dbID)
		p.wait("the sign-in form", `!!document.querySelector('#token')`)
		p.fill("#token", s.Token)
		p.click("form button[type=submit]")
		p.wait("the database page", `location.hash === '#/database/`+dbID+`' && !!document.querySelector('.database[data-state=ready]')`)
	})

	must(t, "RenameArchiveAndChangeType", func(t *testing.T) {
		p.p(t)
		// A field's type is changed in its row; the API converts the values.
		row := `.fields-editor tbody tr:nth-child(1)`
		p.choose(row+` select[name=type]`, "integer")
		p.click(row + ` button.save`)
		p.wait("the saved type", `(document.querySelector('.messages .ok') || {}).textContent?.endsWith(' saved.') && document.querySelector('.fields-editor tbody tr:nth-child(1) select[name=type]')?.value === 'integer'`)
		var fields struct{ Data []struct{ Name, Type string } }
		json.Unmarshal(s.do("GET", "/v4/database/"+dbID+"/fields", nil).Body, &fields)
		if len(fields.Data) == 0 || fields.Data[0].Name != "city" || fields.Data[0].Type != "integer" {
			t.Fatalf("fields after the type change: %+v", fields.Data)
		}
		// The database is renamed and archived in its settings.
		p.fill(".form-database input[name=name]", "webshop")
		p.click(".form-database input[name=archived]")
		p.click(".form-database button[type=submit]")
		p.wait("the renamed database", `(document.querySelector('.database[data-state=ready] h1') || {}).textContent?.startsWith('webshop') && !!document.querySelector('h1 .badge')`)
		var db struct {
			Name     string
			Archived bool
		}
		json.Unmarshal(s.do("GET", "/v4/database/"+dbID, nil).Body, &db)
		if db.Name != "webshop" || !db.Archived {
			t.Fatalf("database as the API has it: %+v", db)
		}
	})
}

// idsOf lists the profile IDs of an API list answer.
func idsOf(t *testing.T, s *server, path string) []string {
	t.Helper()
	var env struct{ Data []struct{ ID string } }
	if err := json.Unmarshal(s.do("GET", path, nil).Body, &env); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(env.Data))
	for i, d := range env.Data {
		ids[i] = d.ID
	}
	return ids
}

func fieldID(t *testing.T, s *server, db, name string) string {
	var env struct{ Data []struct{ ID, Name string } }
	json.Unmarshal(s.do("GET", "/v4/database/"+db+"/fields", nil).Body, &env)
	for _, f := range env.Data {
		if f.Name == name {
			return f.ID
		}
	}
	t.Fatalf("no field %s", name)
	return ""
}

// must runs a step of the session; the steps build on each other, so the
// first failure ends the test.
func must(t *testing.T, name string, f func(t *testing.T)) {
	t.Helper()
	if !t.Run(name, f) {
		t.FailNow()
	}
}

// p points the page's failures at the running subtest.
func (p *page) p(t *testing.T) { p.t = t }

// TestI15_1_AdminOff: with --admin=false (or KOPERNIK_ADMIN=false) nothing
// is served at /admin/: it is an unknown path of the API like any other.
func TestI15_1_AdminOff(t *testing.T) {
	for _, c := range []struct {
		env  []string
		args []string
	}{{nil, []string{"--admin=false"}}, {[]string{"KOPERNIK_ADMIN=false"}, nil}} {
		s := startServerEnv(t, c.env, c.args...)
		r := s.raw("GET", "/admin/", "")
		if r.Status != 400 || r.Header.Get("Content-Security-Policy") != "" || !strings.Contains(string(r.Body), `"error"`) {
			t.Fatalf("%v %v: GET /admin/ answered %d %q %s, want the API's 400", c.env, c.args, r.Status, r.Header.Get("Content-Security-Policy"), r.Body)
		}
		s.stop()
	}
	on := startServer(t)
	if r := on.raw("GET", "/admin/", ""); r.Status != 200 || !strings.Contains(string(r.Body), `src="js/main.js"`) {
		t.Fatalf("by default GET /admin/ answered %d %s, want the console", r.Status, r.Body)
	}
}
