package e2e

import (
	"testing"
)

// condCase is one condition type through HTTP: the body that creates it,
// its properties as GET rule prints them (§6), a partial update and the
// properties afterwards.
type condCase struct {
	typ         string // canonical type, as X-Location and output name it
	create      string
	props       []string
	update      string
	afterUpdate []string
}

// TestSel5_EveryConditionType creates each of the fifteen condition types
// (§5), reads it back in its rule (§6 output), updates it partially through
// PUT condition/{type}/{id} (§8.5) and reads it again.
func TestSel5_EveryConditionType(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newSelShop(t, s, "shop")
	v := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "v"})
	w := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "w"})
	m := mustCreate(t, s, "/v3/collection/"+x.Coll+"/miniviews", map[string]any{"name": "m"})
	rule := ruleO{ID: mustCreate(t, s, "/v3/view/"+v+"/rules", map[string]any{"name": "all"}), Name: "all", View: v}
	never := windowJ("", "", "", "")
	cases := []condCase{
		{"Field", `{"type":"field","field":"city","value":"Delft"}`,
			[]string{"comparison", `"equals"`, "field", x.City.J(), "value", `"Delft"`, "other-field", "false", "numeric-comparison", "false"},
			`{"comparison":"not_contains","other-field":"` + x.Email.ID + `","numeric-comparison":"yes"}`,
			[]string{"comparison", `"not contains"`, "field", x.City.J(), "value", `"Delft"`, "other-field", x.Email.J(), "numeric-comparison", "true"}},
		{"Interest", `{"type":"Interest","interest":"FOOTBALL"}`,
			[]string{"match-mode", `"match_profiles_with_interest"`, "interest", x.Football.J(), "interest-group", "false"},
			`{"match-mode":"match_profiles_without_interest_group","interest-group":"Sports"}`,
			[]string{"match-mode", `"match_profiles_without_interestgroup"`, "interest", x.Football.J(), "interest-group", `"sports"`}},
		{"Date", `{"type":"date","field":"born","after-time":"01-01-2000","before-mutation":["minus","1","year","day"]}`,
			cat([]string{"field", x.Born.J(), "compare-mode", `"full"`}, windowJ("", "2000-01-01 00:00:00", `["minus","1","year","day"]`, "")),
			`{"compare-mode":"ignoreyear","before-mutation":false,"after-mutation":"[\"plus\",\"1-2-3\",\"4:5:6\"]"}`,
			cat([]string{"field", x.Born.J(), "compare-mode", `"ignoreyear"`}, windowJ("", "2000-01-01 00:00:00", "", `["plus","0001-02-03","04:05:06"]`))},
		{"DoubleField", `{"type":"DoubleField","fields":"[city, Email]"}`,
			[]string{"match-mode", `"match_unique_profiles"`, "fields", `["city","email"]`},
			`{"match-mode":"match_repeated_profiles","fields":["email"]}`,
			[]string{"match-mode", `"match_repeated_profiles"`, "fields", `["email"]`}},
		{"Part", `{"type":"part","begin":"-0","length":"10%","fields":["score",{"field":"city","order":"desc"}]}`,
			[]string{"begin", `"-0"`, "length", `"10%"`, "fields", `[{"field":"score","order":"asc","numeric":true},{"field":"city","order":"desc","numeric":false}]`},
			`{"length":"all","begin":5}`,
			[]string{"begin", `"5"`, "length", "false", "fields", `[{"field":"score","order":"asc","numeric":true},{"field":"city","order":"desc","numeric":false}]`}},
		{"ReferView", `{"type":"referview","refer-view":"` + w + `"}`,
			[]string{"refer-view", js(w), "check-type", `"yes"`},
			`{"check-type":"no"}`,
			[]string{"refer-view", js(w), "check-type", `"no"`}},
		{"MiniView", `{"type":"MiniView","mini-view":"m","max-subprofiles":3}`,
			[]string{"mini-view", js(m), "min-subprofiles", "false", "max-subprofiles", `"3"`},
			`{"min-subprofiles":"1"}`,
			[]string{"mini-view", js(m), "min-subprofiles", `"1"`, "max-subprofiles", `"3"`}},
		{"Change", `{"type":"Change","change-type":"gotinterest","interest":"football","after-mutation":["minus",7,"days","day"]}`,
			cat([]string{"change-type", `"gotinterest"`, "field", "false", "interest", x.Football.J()}, windowJ("", "", "", `["minus","7","day","day"]`)),
			`{"change-type":"field","field":"city","interest":false}`,
			cat([]string{"change-type", `"field"`, "field", x.City.J(), "interest", "false"}, windowJ("", "", "", `["minus","7","day","day"]`))},
		{"Export", `{"type":"Export","include-never-exported-profiles":"true","before-time":"2024-05-01"}`,
			cat([]string{"include-never-exported-profiles", "true"}, windowJ("2024-05-01 00:00:00", "", "", "")),
			`{"include-never-exported-profiles":false,"before-time":false}`,
			cat([]string{"include-never-exported-profiles", "false"}, never)},
		{"Email", `{"type":"email","match-mode":"match_profiles_that_received_document","document":"News","required-result":"clickonurl","required-url":"https://x.example/a","operator":"<>","number":"2-5"}`,
			cat([]string{"match-mode", `"match_profiles_that_received_document"`, "required-destination", `"anything"`, "document", `"News"`,
				"template", "false", "number", `"2,5"`, "operator", `"<>"`, "required-result", `"clickonurl"`, "clicked-url", `"https://x.example/a"`,
				"required-errors", "false"}, never),
			`{"required-result":"error","required-errors":"final","operator":"=","number":"0"}`,
			cat([]string{"match-mode", `"match_profiles_that_received_document"`, "required-destination", `"anything"`, "document", `"News"`,
				"template", "false", "number", `"0"`, "operator", `"="`, "required-result", `"error"`, "clicked-url", `"https://x.example/a"`,
				"required-errors", `"final"`}, never)},
		{"Sms", `{"type":"sms","match-mode":"match_profiles_that_received_nothing","required-destination":"profile"}`,
			cat([]string{"match-mode", `"match_profiles_that_received_nothing"`, "required-destination", `"profile"`, "document", "false",
				"template", "false", "number", "false", "operator", "false"}, never),
			`{"number":3,"operator":">","required-result":"view"}`,
			cat([]string{"match-mode", `"match_profiles_that_received_nothing"`, "required-destination", `"profile"`, "document", "false",
				"template", "false", "number", `"3"`, "operator", `">"`}, never)},
		{"Fax", `{"type":"Fax"}`,
			cat([]string{"match-mode", `"match_profiles_that_received_something"`, "required-destination", `"anything"`, "document", "false",
				"template", "false", "number", "false", "operator", "false"}, never),
			`{"template":"T1","after-time":"2024-01-01 12:00"}`,
			cat([]string{"match-mode", `"match_profiles_that_received_something"`, "required-destination", `"anything"`, "document", "false",
				"template", `"T1"`, "number", "false", "operator", "false"}, windowJ("", "2024-01-01 12:00:00", "", ""))},
		{"Survey", `{"type":"Survey","survey-name":"NPS","submitter":"noprofile"}`,
			cat([]string{"survey-name", `"NPS"`, "submitter", `"noprofile"`}, never),
			`{"submitter":"subprofile","before-mutation":"[\"plus\",\"2\",\"hours\"]"}`,
			cat([]string{"survey-name", `"NPS"`, "submitter", `"subprofile"`}, windowJ("", "", `["plus","2","hour"]`, ""))},
		{"LastContact", `{"type":"LastContact","match-mode":"match_not_contacted_profiles","contact-type":"call","min-closed":1}`,
			cat([]string{"match-type", `"match_intelligent"`, "match-mode", `"match_not_contacted_profiles"`, "contact-type", `"call"`,
				"min-closed", `"1"`, "max-closed", "false", "user", "false", "priority", "false", "contains", "false"}, never),
			`{"match_type":"match_exact","user":"anna","contact-type":false}`,
			cat([]string{"match-type", `"match_exact"`, "match-mode", `"match_not_contacted_profiles"`, "contact-type", "false",
				"min-closed", `"1"`, "max-closed", "false", "user", `"anna"`, "priority", "false", "contains", "false"}, never)},
		{"ToDo", `{"type":"todo","contains":"renew"}`,
			cat([]string{"match-type", `"match_intelligent"`, "match-mode", `"match_contacted_profiles"`, "contact-type", "false",
				"min-closed", "false", "max-closed", "false", "user", "false", "priority", "false", "contains", `"renew"`}, never),
			`{"max-closed":"4","priority":"high"}`,
			cat([]string{"match-type", `"match_intelligent"`, "match-mode", `"match_contacted_profiles"`, "contact-type", "false",
				"min-closed", "false", "max-closed", `"4"`, "user", "false", "priority", `"high"`, "contains", `"renew"`}, never)},
	}
	ids := make([]string, len(cases))

	t.Run("Sel5_CreateAndReadBack", func(t *testing.T) {
		for i, c := range cases {
			p := versionPrefixes[i%len(versionPrefixes)]
			ids[i] = expectCreated(t, s, s.do("POST", p+"/rule/"+rule.ID+"/conditions", c.create), p, "condition/"+c.typ+"/{id}")
			rule.Conds = append(rule.Conds, condJ(ids[i], c.typ, rule.ID, c.props...))
			expectJSON(t, s.do("GET", "/v3/rule/"+rule.ID, nil), rule.J())
		}
		for _, p := range versionPrefixes {
			expectJSON(t, s.do("GET", p+"/view/"+v+"/rules", nil), envJ(0, 100, []string{rule.J()}, 1, true))
		}
	})

	t.Run("Sel8_5_UpdateCondition changes what the body names", func(t *testing.T) {
		for i, c := range cases {
			p := versionPrefixes[i%len(versionPrefixes)]
			// The {type} segment matches in any letter case.
			path := "/condition/" + c.typ + "/" + ids[i]
			if i%2 == 1 {
				path = "/condition/" + lower(c.typ) + "/" + ids[i]
			}
			expectUpdated(t, s, s.do("PUT", p+path, c.update), p, withToken(s, path))
			rule.Conds[i] = condJ(ids[i], c.typ, rule.ID, c.afterUpdate...)
			expectJSON(t, s.do("GET", "/v3/rule/"+rule.ID, nil), rule.J())
			// An empty body changes nothing; POST runs the PUT.
			expectPostAsPut(t, s.do("POST", p+path, `{}`), p)
		}
		expectJSON(t, s.do("GET", "/v3/rule/"+rule.ID, nil), rule.J())
	})

	t.Run("definitions survive a restart unchanged", func(t *testing.T) {
		s.restart()
		expectJSON(t, s.do("GET", "/v3/rule/"+rule.ID, nil), rule.J())
	})

	t.Run("Sel8_5_DeleteCondition; Sel8_8 a missing one", func(t *testing.T) {
		for i, p := range versionPrefixes[:4] {
			id := ids[i]
			expectDeleted(t, s.do("DELETE", p+"/condition/"+cases[i].typ+"/"+id, nil), p, "condition "+id)
			if p == "/v1" {
				expectNoBody(t, s.do("DELETE", p+"/condition/"+cases[i].typ+"/"+id, nil), 204, map[string]string{"X-Deleted": ""})
			} else {
				expectError(t, s.do("DELETE", p+"/condition/"+cases[i].typ+"/"+id, nil), "No condition with supplied ID")
			}
		}
		rule.Conds = rule.Conds[4:]
		expectJSON(t, s.do("GET", "/v3/rule/"+rule.ID, nil), rule.J())
	})
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
