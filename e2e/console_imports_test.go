package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// pickFile hands the file input a file as a user's pick would: the page
// reads it with the File API, so the test builds the File in the page.
func (p *page) pickFile(sel, name, content string) {
	p.t.Helper()
	p.do("finding "+sel, chromedp.WaitReady(chromedp.CSS(sel)))
	eval[bool](p, `(() => { const i = document.querySelector(`+q(sel)+`); const dt = new DataTransfer();
		dt.items.add(new File([`+q(content)+`], `+q(name)+`, {type: 'text/csv'})); i.files = dt.files;
		i.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`)
}

// TestI15_ConsoleImports: a CSV picked in the browser is previewed (its
// first rows, as text), its columns mapped to fields (one by hand, one by
// name), sent as an import, and followed until it is finished; the profiles
// are what the API then lists. An update whose row matches nothing shows the
// API's lasterror, and both jobs are in the recent list with their status.
func TestI15_ConsoleImports(t *testing.T) {
	s := startServer(t)
	p := startBrowser(t, s.Base)
	markup := `<b onmouseover="window.pwned=1">Leiden</b>`
	db := mustCreate(t, s, "/v4/databases", map[string]any{"name": "people"})
	mustCreate(t, s, "/v4/database/"+db+"/fields", map[string]any{"name": "email", "type": "email", "index": true})
	mustCreate(t, s, "/v4/database/"+db+"/fields", map[string]any{"name": "city", "type": "text"})
	var first string

	must(t, "PreviewAndMap", func(t *testing.T) {
		p.p(t)
		p.signIn(s.Token)
		p.open("#/database/" + db)
		p.click("a.imports-link")
		p.wait("the imports page", `!!document.querySelector('.imports[data-state=ready] .form-import') && document.querySelector('.recent-imports')?.dataset.state === 'ready'`)
		if got := p.text(".recent-imports td.empty"); got != "No imports yet." {
			t.Fatalf("recent imports before any: %q", got)
		}
		csv := "E-mail;City;note\r\nann@example.org;Delft;x\r\nbob@example.org;\"" + strings.ReplaceAll(markup, `"`, `""`) + "\";y\r\n\r\ncy@example.org;\"Den Haag\";z\r\n"
		p.pickFile(".form-import input[type=file]", "people.csv", csv)
		p.wait("the preview", `document.querySelector('.preview')?.dataset.state === 'ready'`)
		if got := p.text(".preview .row-count"); got != "3" {
			t.Fatalf("rows counted %q, want 3 (the blank line is no row)", got)
		}
		cells := eval[[]string](p, `[...document.querySelectorAll('.preview-table tbody tr')].map((r) => r.children[1].textContent)`)
		if strings.Join(cells, "|") != "Delft|"+markup+"|Den Haag" {
			t.Fatalf("city cells in the preview %q", cells)
		}
		if n := eval[int](p, `document.querySelectorAll('.preview-table b, #main script').length`); n != 0 {
			t.Fatalf("the cell became %d elements", n)
		}
		// City maps by its name; E-mail is no field's name and is mapped by
		// hand; note stays ignored.
		if got := eval[[]string](p, `[...document.querySelectorAll('.preview-table select')].map((s) => s.value)`); strings.Join(got, ",") != ",city," {
			t.Fatalf("mapping proposed %q", got)
		}
		p.choose(".preview-table select[name=map-0]", "email")
	})

	must(t, "ImportFinishes", func(t *testing.T) {
		p.p(t)
		p.click(".form-import button[type=submit]")
		p.wait("the finished job", `document.querySelector('.import-job')?.dataset.state === 'finished'`)
		first = eval[string](p, `document.querySelector('.import-job').dataset.id`)
		var imp map[string]any
		json.Unmarshal(s.do("GET", "/v4/import/"+first, nil).Body, &imp)
		if imp["status"] != "finished" || imp["totallines"] != "3" || imp["processedlines"] != "3" || imp["name"] != "people.csv" || imp["type"] != "add" {
			t.Fatalf("import %s as the API has it: %v", first, imp)
		}
		if got := p.text(".import-lines"); got != "3 of 3 processed" {
			t.Errorf("progress shows %q", got)
		}
		var env struct {
			Data []struct{ Fields map[string]string }
		}
		json.Unmarshal(s.do("GET", "/v4/database/"+db+"/profiles", nil).Body, &env)
		var got []string
		for _, d := range env.Data {
			got = append(got, d.Fields["email"]+"="+d.Fields["city"])
		}
		if strings.Join(got, " ") != "ann@example.org=Delft bob@example.org="+markup+" cy@example.org=Den Haag" {
			t.Fatalf("profiles after the import: %q", got)
		}
		p.wait("the recent list", `document.querySelector('.recent-imports')?.dataset.state === 'ready' && document.querySelectorAll('.recent-imports tbody tr[data-id]').length === 1`)
	})

	must(t, "ErrorsShown", func(t *testing.T) {
		p.p(t)
		p.choose(".form-import select[name=action]", "update")
		p.click(".key-fields input[value=email]")
		// A blank line, a row nothing matches and a row short of a cell (it
		// must be refused, not read as an empty city):
		// the server's line numbers must be the file's.
		p.pickFile(".form-import input[type=file]", "fix.csv", "email,city\nann@example.org,Rotterdam\n\nnobody@example.org,Nowhere\nann@example.org\n")
		p.wait("the preview", `document.querySelector('.preview')?.dataset.state === 'ready' && document.querySelector('.preview .row-count')?.textContent === '3'`)
		p.wait("the key field", `!!document.querySelector('.key-fields input[value=email]')`)
		if !eval[bool](p, `document.querySelector('.key-fields input[value=email]').checked`) {
			p.click(".key-fields input[value=email]")
		}
		p.click(".form-import button[type=submit]")
		p.wait("the finished update", `document.querySelector('.import-job')?.dataset.state === 'finished' && document.querySelector('.import-job').dataset.id !== `+q(first))
		id := eval[string](p, `document.querySelector('.import-job').dataset.id`)
		var imp map[string]any
		json.Unmarshal(s.do("GET", "/v4/import/"+id, nil).Body, &imp)
		msg, _ := imp["lasterror"].(string)
		if !strings.Contains(msg, "line 4: ") || !strings.Contains(msg, "line 5: ") || imp["type"] != "update" {
			t.Fatalf("import %s as the API has it: %v", id, imp)
		}
		if got := p.text(".import-errors"); got != msg {
			t.Fatalf("errors shown %q, the API says %q", got, msg)
		}
		p.wait("both in the recent list", `document.querySelectorAll('.recent-imports tbody tr[data-id]').length === 2`)
		rows := eval[[]string](p, `[...document.querySelectorAll('.recent-imports tbody tr')].map((r) => r.children[0].textContent + ' ' + r.children[3].textContent)`)
		if strings.Join(rows, ",") != id+" finished,"+first+" finished" {
			t.Fatalf("recent imports %q", rows)
		}
		var pr struct {
			Data []struct{ Fields map[string]string }
		}
		json.Unmarshal(s.do("GET", "/v4/database/"+db+"/profiles?fields[]=email%3D%3Dann@example.org", nil).Body, &pr)
		if len(pr.Data) != 1 || pr.Data[0].Fields["city"] != "Rotterdam" {
			t.Fatalf("ann after the update: %+v", pr.Data)
		}
	})

	must(t, "JSONFile", func(t *testing.T) {
		p.p(t)
		p.choose(".form-import select[name=action]", "add")
		p.pickFile(".form-import input[type=file]", "more.ndjson", `{"email":"dee@example.org","city":"Gouda","extra":1}`+"\n"+`{"email":"eve@example.org"}`+"\n")
		p.wait("the preview", `document.querySelector('.preview')?.dataset.state === 'ready' && document.querySelector('.preview .row-count')?.textContent === '2'`)
		if got := eval[[]string](p, `[...document.querySelectorAll('.preview-table select')].map((s) => s.dataset.column + '=' + s.value)`); strings.Join(got, ",") != "email=email,city=city,extra=" {
			t.Fatalf("mapping proposed %q", got)
		}
		before := eval[string](p, `document.querySelector('.import-job').dataset.id`)
		p.click(".form-import button[type=submit]")
		p.wait("the finished job", `document.querySelector('.import-job')?.dataset.state === 'finished' && document.querySelector('.import-job').dataset.id !== `+q(before))
		var env struct {
			Data []struct{ Fields map[string]string }
		}
		json.Unmarshal(s.do("GET", "/v4/database/"+db+"/profiles?fields[]=email%3D~%25e%25@example.org&orderby=email", nil).Body, &env)
		var got []string
		for _, d := range env.Data {
			got = append(got, d.Fields["email"]+"="+d.Fields["city"])
		}
		if strings.Join(got, " ") != "dee@example.org=Gouda eve@example.org=" {
			t.Fatalf("profiles from the JSON file: %q", got)
		}
	})
}
