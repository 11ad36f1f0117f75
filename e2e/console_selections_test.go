package e2e

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// signIn opens the console afresh and signs in with the server's token.
func (p *page) signIn(token string) {
	p.t.Helper()
	p.load("")
	p.fill("#token", token)
	p.click("form button[type=submit]")
	p.wait("the signed-in console", `!!document.querySelector('.main-nav') && !!document.querySelector('.form-new-database')`)
}

// viewMemberIDs lists the IDs of a view's members as the API has them, sorted.
func viewMemberIDs(t *testing.T, s *server, view string) []string {
	t.Helper()
	ids := idsOf(t, s, "/v4/view/"+view+"/profiles?limit=1000")
	sort.Strings(ids)
	return ids
}

// shownMembers is the ID column of the members table on a selection page.
func (p *page) shownMembers() []string {
	p.t.Helper()
	ids := eval[[]string](p, `[...document.querySelectorAll('.members[data-state=ready] tbody tr')].filter((r) => !r.querySelector('td.empty')).map((r) => r.children[0].textContent)`)
	sort.Strings(ids)
	return ids
}

// TestI15_ConsoleSelections: in a real Chromium, a view is made in the
// console with two rules (OR), each with a Field condition added through
// the form for that type; its members are those the API lists; a profile
// edited in the console enters it; a condition type without a form shows as
// JSON; a rebuild moves last-built; markup in a member's field is text.
// Then a miniview with a minirule on a collection's page.
func TestI15_ConsoleSelections(t *testing.T) {
	s := startServer(t)
	p := startBrowser(t, s.Base)
	markup := `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`
	db := mustCreate(t, s, "/v4/databases", map[string]any{"name": "crm"})
	mustCreate(t, s, "/v4/database/"+db+"/fields", map[string]any{"name": "city", "type": "text"})
	mustCreate(t, s, "/v4/database/"+db+"/fields", map[string]any{"name": "age", "type": "integer"})
	mustCreate(t, s, "/v4/database/"+db+"/fields", map[string]any{"name": "born", "type": "date"})
	prof := map[string]string{}
	for _, pr := range []struct{ key, city, age string }{{"delft", "Delft", "30"}, {"old", "Leiden", "60"}, {"young", "Utrecht", "20"}, {"markup", markup, "70"}} {
		prof[pr.key] = mustCreate(t, s, "/v4/database/"+db+"/profiles", map[string]any{"fields": map[string]any{"city": pr.city, "age": pr.age}})
	}
	cityID, ageID := fieldID(t, s, db, "city"), fieldID(t, s, db, "age")
	var viewID string

	must(t, "CreateView", func(t *testing.T) {
		p.p(t)
		p.signIn(s.Token)
		p.open("#/database/" + db)
		p.click("a.views-link")
		p.wait("the views page", `!!document.querySelector('.views[data-state=ready] .form-new-view')`)
		p.fill(".form-new-view input[name=name]", "targets")
		p.click(".form-new-view button[type=submit]")
		p.wait("the view page", `!!document.querySelector('.selection[data-state=ready] .form-new-rule')`)
		viewID = strings.TrimPrefix(eval[string](p, `location.hash`), "#/view/")
		var v struct{ Name, Database string }
		json.Unmarshal(s.do("GET", "/v4/view/"+viewID, nil).Body, &v)
		if v.Name != "targets" || v.Database != db {
			t.Fatalf("view %s as the API has it: %+v", viewID, v)
		}
	})

	addRule := func(t *testing.T, name, field, comparison, value string, numeric bool) {
		t.Helper()
		p.fill(".form-new-rule input[name=name]", name)
		p.click(".form-new-rule button[type=submit]")
		card := `.rule[data-name=` + q(name) + `]`
		p.wait("rule "+name, `!!document.querySelector('.selection[data-state=ready] `+card+`')`)
		p.click(card + " .new-condition summary")
		p.choose(card+" .form-new-condition select[name=type]", "Field")
		p.choose(card+" .form-new-condition select[name=field]", field)
		p.choose(card+" .form-new-condition select[name=comparison]", comparison)
		p.fill(card+" .form-new-condition input[name=value]", value)
		if numeric {
			p.click(card + " .form-new-condition input[name=numeric-comparison]")
		}
		p.click(card + " .form-new-condition button[type=submit]")
		p.wait("the condition of "+name, `!!document.querySelector('.selection[data-state=ready] `+card+` li.condition[data-type=Field]')`)
	}

	must(t, "TwoRules", func(t *testing.T) {
		p.p(t)
		addRule(t, "in delft", cityID, "equals", "Delft", false)
		addRule(t, "seniors", ageID, "more", "50", true)
		var rules struct {
			Data []struct {
				Name       string
				Conditions struct {
					Data []map[string]any
				}
			}
		}
		json.Unmarshal(s.do("GET", "/v4/view/"+viewID+"/rules", nil).Body, &rules)
		if len(rules.Data) != 2 || len(rules.Data[0].Conditions.Data) != 1 || len(rules.Data[1].Conditions.Data) != 1 {
			t.Fatalf("rules as the API has them: %+v", rules)
		}
		c := rules.Data[1].Conditions.Data[0]
		if c["comparison"] != "more" || c["value"] != "50" || c["numeric-comparison"] != true || c["field"].(map[string]any)["name"] != "age" {
			t.Fatalf("the seniors condition as the API has it: %v", c)
		}
		if got := p.text(`.rule[data-name="seniors"] .condition-text`); got != "field: age · comparison: more · value: 50 · numeric-comparison: true" {
			t.Errorf("the condition reads %q", got)
		}
		// Members: Delft (rule 1), and the two over 50 (rule 2).
		p.wait("the members", `document.querySelector('.member-count')?.dataset.count === '3'`)
		want := viewMemberIDs(t, s, viewID)
		if got := p.shownMembers(); strings.Join(got, " ") != strings.Join(want, " ") || len(want) != 3 {
			t.Fatalf("members shown %v, the API lists %v", got, want)
		}
	})

	must(t, "MarkupInMembersIsText", func(t *testing.T) {
		p.p(t)
		got := eval[[]string](p, `[...document.querySelectorAll('.members tbody tr')].map((r) => r.children[1].textContent)`)
		found := false
		for _, c := range got {
			found = found || c == markup
		}
		if !found {
			t.Fatalf("city cells %q lack the markup as text", got)
		}
		if n := eval[int](p, `document.querySelectorAll('#main script, #main img').length`); n != 0 {
			t.Fatalf("the field value became %d elements", n)
		}
		if v := eval[string](p, `String(window.pwned)`); v != "undefined" {
			t.Fatalf("the field value ran: window.pwned = %s", v)
		}
	})

	must(t, "ProfileEditChangesMembers", func(t *testing.T) {
		p.p(t)
		p.open("#/profile/" + prof["young"])
		p.fill(".form-profile input[name=city]", "delft")
		p.click(".form-profile button[type=submit]")
		p.wait("saved", `(document.querySelector('.messages .ok') || {}).textContent === 'Profile saved.'`)
		p.open("#/view/" + viewID)
		p.wait("four members", `document.querySelector('.member-count')?.dataset.count === '4'`)
		want := viewMemberIDs(t, s, viewID)
		if got := p.shownMembers(); strings.Join(got, " ") != strings.Join(want, " ") || !strings.Contains(" "+strings.Join(got, " ")+" ", " "+prof["young"]+" ") {
			t.Fatalf("members shown %v, the API lists %v; want %s among them", got, want, prof["young"])
		}
		// Inverting the seniors rule: it now selects those of 50 and under.
		p.click(`.rule[data-name="seniors"] input[name=inverted]`)
		p.click(`.rule[data-name="seniors"] button.save-rule`)
		p.wait("the inverted rule", `!!document.querySelector('.selection[data-state=ready] .rule[data-name="seniors"] .badge') && document.querySelector('.member-count')?.dataset.state === 'ready'`)
		want = viewMemberIDs(t, s, viewID)
		p.wait("the new member count", `document.querySelector('.member-count')?.dataset.count === `+q(itoa(len(want))))
		if got := p.shownMembers(); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("after inverting: members shown %v, the API lists %v", got, want)
		}
	})

	must(t, "UnknownTypeReadOnly", func(t *testing.T) {
		p.p(t)
		rule := mustCreate(t, s, "/v4/view/"+viewID+"/rules", map[string]any{"name": "mailed"})
		mustCreate(t, s, "/v4/rule/"+rule+"/conditions", map[string]any{"type": "Email"})
		p.open("#/view/" + viewID)
		p.wait("the Email condition", `!!document.querySelector('.selection[data-state=ready] .rule[data-name="mailed"] li.condition[data-type=Email] pre.condition-json')`)
		if got := p.text(`li.condition[data-type=Email] pre.condition-json`); !strings.Contains(got, `"match-mode": "match_profiles_that_received_something"`) {
			t.Fatalf("the Email condition shows %s", got)
		}
		if eval[bool](p, `!!document.querySelector('li.condition[data-type=Email] button.edit-condition')`) {
			t.Error("a condition without a form offers an edit button")
		}
	})

	must(t, "Rebuild", func(t *testing.T) {
		p.p(t)
		// last-built has whole seconds: let the clock pass the last build.
		time.Sleep(1100 * time.Millisecond)
		var before struct {
			LastBuilt any `json:"last-built"`
		}
		json.Unmarshal(s.do("GET", "/v4/view/"+viewID, nil).Body, &before)
		p.click("button.rebuild")
		p.wait("the rebuild", `(document.querySelector('.messages .ok') || {}).textContent?.startsWith('Rebuilt at ')`)
		var after struct {
			LastBuilt any `json:"last-built"`
		}
		json.Unmarshal(s.do("GET", "/v4/view/"+viewID, nil).Body, &after)
		if after.LastBuilt == before.LastBuilt || after.LastBuilt == false {
			t.Fatalf("last-built %v before, %v after", before.LastBuilt, after.LastBuilt)
		}
		if got := p.text(".last-built"); got != after.LastBuilt {
			t.Errorf("page shows last built %q, the API %v", got, after.LastBuilt)
		}
	})

	must(t, "NestedViewInTree", func(t *testing.T) {
		p.p(t)
		p.fill(".form-new-nested input[name=name]", "young targets")
		p.click(".form-new-nested button[type=submit]")
		p.wait("the nested view", `!!document.querySelector('.selection[data-state=ready]') && document.querySelector('h1')?.textContent.startsWith('young targets')`)
		p.open("#/database/" + db + "/views")
		p.wait("the tree", `!!document.querySelector('.views[data-state=ready] .view-tree .view-tree a.view-link')`)
		if got := p.text(".view-tree .view-tree a.view-link"); got != "young targets" {
			t.Fatalf("nested link %q", got)
		}
		// The Selections entry of the navigation shows every database's tree.
		p.click(`.main-nav a[href="#/selections"]`)
		p.wait("the selections page", `location.hash === '#/selections' && document.querySelector('#main > h1')?.textContent === 'Selections' && !!document.querySelector('.views[data-state=ready] .view-tree')`)
		if got := eval[[]string](p, `[...document.querySelectorAll('.view-tree a.view-link')].map((a) => a.textContent)`); strings.Join(got, ",") != "targets,young targets" {
			t.Fatalf("views listed %q", got)
		}
		if got := p.text(".main-nav a.active"); got != "Selections" {
			t.Errorf("active nav entry %q", got)
		}
	})

	must(t, "ConditionForms", func(t *testing.T) {
		p.p(t)
		scratch := mustCreate(t, s, "/v4/database/"+db+"/views", map[string]any{"name": "scratch"})
		p.open("#/view/" + scratch)
		p.wait("the view page", `!!document.querySelector('.selection[data-state=ready] .form-new-rule')`)
		p.fill(".form-new-rule input[name=name]", "r")
		p.click(".form-new-rule button[type=submit]")
		card := `.rule[data-name="r"]`
		p.wait("rule r", `!!document.querySelector('.selection[data-state=ready] `+card+`')`)
		f := card + " .form-new-condition "
		add := func(typ string, fill func()) map[string]any {
			t.Helper()
			n := eval[int](p, `document.querySelectorAll('`+card+` li.condition').length`)
			p.click(card + " .new-condition summary")
			p.choose(f+"select[name=type]", typ)
			fill()
			p.click(f + "button[type=submit]")
			p.wait(typ+" added", `document.querySelector('.selection')?.dataset.state === 'ready' && document.querySelectorAll('`+card+` li.condition').length === `+itoa(n+1))
			var rules struct {
				Data []struct {
					Conditions struct{ Data []map[string]any }
				}
			}
			json.Unmarshal(s.do("GET", "/v4/view/"+scratch+"/rules", nil).Body, &rules)
			conds := rules.Data[0].Conditions.Data
			c := conds[len(conds)-1]
			if c["type"] != typ {
				t.Fatalf("last condition %v, want a %s", c, typ)
			}
			return c
		}
		c := add("Date", func() {
			p.choose(f+"select[name=field]", fieldID(t, s, db, "born"))
			p.choose(f+"select[name=compare-mode]", "ignoreyear")
			p.choose(f+`select[name="after-mutation-sign"]`, "minus")
			p.fill(f+`input[name="after-mutation-count"]`, "1")
			p.choose(f+`select[name="after-mutation-unit"]`, "year")
			p.choose(f+`select[name="after-mutation-floor"]`, "day")
		})
		if c["field"].(map[string]any)["name"] != "born" || c["compare-mode"] != "ignoreyear" || c["after-mutation"] != `["minus","1","year","day"]` || c["before-mutation"] != false {
			t.Fatalf("Date condition as stored: %v", c)
		}
		c = add("ReferView", func() {
			p.choose(f+"select[name=refer-view]", viewID)
			p.choose(f+"select[name=check-type]", "no")
		})
		if c["refer-view"] != viewID || c["check-type"] != "no" {
			t.Fatalf("ReferView condition as stored: %v", c)
		}
		c = add("DoubleField", func() {
			p.choose(f+"select[name=match-mode]", "match_repeated_profiles")
			eval[bool](p, `(() => { [...document.querySelectorAll('`+f+`.checks label')].filter((l) => ['city', 'age'].includes(l.textContent.trim())).forEach((l) => l.querySelector('input').click()); return true; })()`)
		})
		if fs, _ := c["fields"].([]any); c["match-mode"] != "match_repeated_profiles" || len(fs) != 2 || fs[0] != "city" || fs[1] != "age" {
			t.Fatalf("DoubleField condition as stored: %v", c)
		}
		c = add("Part", func() {
			p.click(f + "button.add-sortkey")
			p.choose(f+"select[name=sort-field]", "age")
			p.choose(f+"select[name=sort-order]", "desc")
			p.click(f + "input[name=sort-numeric]")
			p.fill(f+"input[name=length]", "2")
		})
		if b, _ := json.Marshal(c["fields"]); string(b) != `[{"field":"age","numeric":true,"order":"desc"}]` || fmt.Sprint(c["length"]) != "2" {
			t.Fatalf("Part condition as stored: %v", c)
		}
		c = add("Change", func() {
			p.choose(f+"select[name=change-type]", "field")
			p.choose(f+"select[name=field]", cityID)
		})
		if c["change-type"] != "field" || c["field"].(map[string]any)["name"] != "city" {
			t.Fatalf("Change condition as stored: %v", c)
		}
		c = add("Field", func() {
			p.choose(f+"select[name=field]", cityID)
			p.choose(f+"select[name=comparison]", "contains")
			p.fill(f+"input[name=value]", "el")
		})
		// Edit sends what changed; the rest stays as stored.
		li := card + ` li.condition[data-id="` + c["ID"].(string) + `"]`
		p.click(li + " button.edit-condition")
		p.fill(li+" .form-edit-condition input[name=value]", "ft")
		p.click(li + " .form-edit-condition button[type=submit]")
		p.wait("the saved condition", `(document.querySelector('.messages .ok') || {}).textContent === 'Condition saved.'`)
		var got map[string]any
		var rules struct {
			Data []struct {
				Conditions struct{ Data []map[string]any }
			}
		}
		json.Unmarshal(s.do("GET", "/v4/view/"+scratch+"/rules", nil).Body, &rules)
		for _, x := range rules.Data[0].Conditions.Data {
			if x["ID"] == c["ID"] {
				got = x
			}
		}
		if got["value"] != "ft" || got["comparison"] != "contains" || got["field"].(map[string]any)["name"] != "city" {
			t.Fatalf("Field condition after the edit: %v", got)
		}
		if got := p.text(li + " .condition-text"); got != "field: city · comparison: contains · value: ft" {
			t.Errorf("the edited condition reads %q", got)
		}
		// A condition is deleted with two clicks.
		p.click(li + " button.danger")
		p.click(li + " button.danger.armed")
		p.wait("the deletion", `document.querySelector('.selection')?.dataset.state === 'ready' && !document.querySelector('`+li+`')`)
		json.Unmarshal(s.do("GET", "/v4/view/"+scratch+"/rules", nil).Body, &rules)
		if n := len(rules.Data[0].Conditions.Data); n != 5 {
			t.Fatalf("%d conditions after the delete, want 5", n)
		}
	})

	must(t, "Miniview", func(t *testing.T) {
		p.p(t)
		coll := mustCreate(t, s, "/v4/database/"+db+"/collections", map[string]any{"name": "orders"})
		mustCreate(t, s, "/v4/collection/"+coll+"/fields", map[string]any{"name": "total", "type": "integer"})
		for _, tot := range []int{5, 50, 500} {
			mustCreate(t, s, "/v4/profile/"+prof["delft"]+"/subprofiles/"+coll, map[string]any{"total": tot})
		}
		p.open("#/collection/" + coll)
		p.fill(".form-new-miniview input[name=name]", "big orders")
		p.click(".form-new-miniview button[type=submit]")
		p.wait("the miniview page", `!!document.querySelector('.selection-miniview[data-state=ready] .form-new-rule')`)
		mv := strings.TrimPrefix(eval[string](p, `location.hash`), "#/miniview/")
		addRule(t, "big", collFieldID(t, s, coll, "total"), "more", "40", true)
		p.wait("two members", `document.querySelector('.member-count')?.dataset.count === '2'`)
		var env struct{ Total int }
		json.Unmarshal(s.do("GET", "/v4/miniview/"+mv+"/subprofiles", nil).Body, &env)
		if env.Total != 2 {
			t.Fatalf("the API counts %d members", env.Total)
		}
		if got := p.text(".member-count"); got != "2 subprofiles" {
			t.Errorf("count line %q", got)
		}
	})
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func collFieldID(t *testing.T, s *server, coll, name string) string {
	t.Helper()
	var env struct{ Data []struct{ ID, Name string } }
	json.Unmarshal(s.do("GET", "/v4/collection/"+coll+"/fields", nil).Body, &env)
	for _, f := range env.Data {
		if f.Name == name {
			return f.ID
		}
	}
	t.Fatalf("no field %s in collection %s", name, coll)
	return ""
}
