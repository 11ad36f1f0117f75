package e2e

import (
	"net/url"
	"strings"
	"testing"
)

// TestSel8_8_V1Aliases covers the legacy routes of §8.8: the conditions of a
// rule or minirule on their own, and a condition updated through its rule.
func TestSel8_8_V1Aliases(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newSelShop(t, s, "shop")
	v := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "v"})
	r := ruleO{ID: mustCreate(t, s, "/v3/view/"+v+"/rules", map[string]any{"name": "r"}), Name: "r", View: v}
	r2 := mustCreate(t, s, "/v3/view/"+v+"/rules", map[string]any{"name": "r2"})
	c := mustCreate(t, s, "/v3/rule/"+r.ID+"/conditions", map[string]any{"type": "Field", "field": "city", "value": "a"})
	field := func(value string) string {
		return condJ(c, "Field", r.ID, "comparison", `"equals"`, "field", x.City.J(), "value", js(value), "other-field", "false", "numeric-comparison", "false")
	}
	r.Conds = []string{field("a")}
	m := mustCreate(t, s, "/v3/collection/"+x.Coll+"/miniviews", map[string]any{"name": "m"})
	mr := mustCreate(t, s, "/v3/miniview/"+m+"/minirules", map[string]any{"name": "mr"})
	mc := mustCreate(t, s, "/v3/minirule/"+mr+"/conditions", map[string]any{"type": "Field", "field": "amount"})

	t.Run("Sel8_8_GetRuleConditions in v1 only", func(t *testing.T) {
		expectJSON(t, s.do("GET", "/v1/rule/"+r.ID+"/conditions", nil), nestedJ(100, r.Conds))
		expectJSON(t, s.do("GET", "/v1/rule/"+r2+"/conditions", nil), nestedJ(100, nil))
		mcJ := condJ(mc, "Field", mr, "comparison", `"equals"`, "field", x.Amount.J(), "value", `""`, "other-field", "false", "numeric-comparison", "false")
		expectJSON(t, s.do("GET", "/v1/minirule/"+mr+"/conditions", nil), nestedJ(100, []string{mcJ}))
		for _, p := range versionPrefixes[1:] {
			expectError(t, s.do("GET", p+"/rule/"+r.ID+"/conditions", nil), "Invalid method")
			expectError(t, s.do("GET", p+"/minirule/"+mr+"/conditions", nil), "Invalid method")
		}
	})

	t.Run("Sel8_8_PutRuleConditionUpdatesTheCondition in v1", func(t *testing.T) {
		path := "/rule/" + r.ID + "/conditions/" + c
		expectUpdated(t, s, s.do("PUT", "/v1"+path, `{"value":"b"}`), "/v1", withToken(s, path))
		r.Conds = []string{field("b")}
		expectJSON(t, s.do("GET", "/v1/rule/"+r.ID, nil), r.J())
		// POST updates too and answers like a POST on a PUT route.
		expectPostAsPut(t, s.do("POST", "/v1"+path, url.Values{"value": {"c"}}), "/v1")
		r.Conds = []string{field("c")}
		expectJSON(t, s.do("GET", "/v1/rule/"+r.ID, nil), r.J())
		// The condition must belong to the rule.
		expectError(t, s.do("PUT", "/v1/rule/"+r2+"/conditions/"+c, `{"value":"x"}`), "No condition with supplied ID")
		expectError(t, s.do("PUT", "/v1/rule/"+r.ID+"/conditions/99999", `{"value":"x"}`), "No condition with supplied ID")
		// Without a condition ID the v1 routes create, like everywhere.
		expectCreated(t, s, s.do("PUT", "/v1/rule/"+r2+"/conditions", `{"type":"Fax"}`), "/v1", "condition/Fax/{id}")
		// In v2–v4 a further segment after conditions is ignored by the create route.
		id := expectCreated(t, s, s.do("POST", "/v3/rule/"+r2+"/conditions/"+c, `{"type":"Sms"}`), "/v3", "condition/Sms/{id}")
		expectDeleted(t, s.do("DELETE", "/v3/condition/Sms/"+id, nil), "/v3", "condition "+id)
		r.Conds = []string{field("c")}
		expectJSON(t, s.do("GET", "/v3/rule/"+r.ID, nil), r.J())
	})

	t.Run("Sel8_8_MiniruleConditionsByTypeIsRefused in v1", func(t *testing.T) {
		for _, m := range []string{"PUT", "POST"} {
			expectError(t, s.do(m, "/v1/minirule/"+mr+"/conditions/Field", `{"value":"x"}`), "No condition ID supplied, use minicondition/{type}/{id}")
		}
		expectCreated(t, s, s.do("POST", "/v1/minirule/"+mr+"/conditions", `{"type":"Export"}`), "/v1", "minicondition/Export/{id}")
	})
}

// TestSel8_7_Validation covers the 400s of §8.7 and the cycles of §3.4, and
// B2's path errors on the condition words.
func TestSel8_7_Validation(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newSelShop(t, s, "shop")
	other := newSelShop(t, s, "other")
	a := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "a"})
	b := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "b"})
	child := mustCreate(t, s, "/v3/view/"+a+"/views", map[string]any{"name": "a1"})
	foreign := mustCreate(t, s, "/v3/database/"+other.DB+"/views", map[string]any{"name": "f"})
	foreignMini := mustCreate(t, s, "/v3/collection/"+other.Coll+"/miniviews", map[string]any{"name": "fm"})
	ra := mustCreate(t, s, "/v3/view/"+a+"/rules", map[string]any{"name": "ra"})
	rb := mustCreate(t, s, "/v3/view/"+b+"/rules", map[string]any{"name": "rb", "disabled": true})
	rc := mustCreate(t, s, "/v3/view/"+child+"/rules", map[string]any{"name": "rc"})

	t.Run("Sel8_7_InvalidConditionBodies", func(t *testing.T) {
		for body, msg := range map[string]string{
			`{}`:                              "Invalid condition type",
			`{"type":"Fields"}`:               "Invalid condition type",
			`{"type":"Field"}`:                "Property field is required",
			`{"type":"Field","field":"nope"}`: "Unknown field in field",
			`{"type":"Field","field":"` + other.City.ID + `"}`:                                             "Unknown field in field",
			`{"type":"Field","field":"city","comparison":"like"}`:                                          "Invalid value for comparison",
			`{"type":"Field","field":"city","comparison":"regexp","value":"(a"}`:                           "Invalid regular expression in value",
			`{"type":"Interest","interest":"` + other.Football.ID + `"}`:                                   "Unknown interest in interest",
			`{"type":"Interest","match-mode":"match_profiles_with_interestgroup","interest-group":"cars"}`: "Unknown interest group in interest-group",
			`{"type":"Date","field":"city"}`:                                                               "Field in field is not a date field",
			`{"type":"Date","field":"born","after-time":"yesterday"}`:                                      "Invalid time in after-time, use YYYY-MM-DD HH:MM:SS",
			`{"type":"Date","field":"born","before-mutation":["minus","1"]}`:                               "Invalid mutation in before-mutation",
			`{"type":"ReferView","refer-view":"` + foreign + `"}`:                                          "Unknown view in refer-view",
			`{"type":"MiniView","mini-view":"` + foreignMini + `"}`:                                        "Unknown miniview in mini-view",
			`{"type":"MiniView","mini-view":"fm"}`:                                                         "Unknown miniview in mini-view",
			`{"type":"Part","begin":"abc"}`:                                                                "Invalid value for begin",
			`{"type":"Email","operator":"<>","number":"5"}`:                                                "Invalid value for number",
			`{"type":"Survey","submitter":"someone"}`:                                                      "Invalid value for submitter",
			`{"type":"ToDo","min-closed":"-1"}`:                                                            "Invalid value for min-closed",
			`{"type":"DoubleField","match-mode":"match_double_profiles","fields":"city"}`:                  "Invalid value for match-mode",
		} {
			expectError(t, s.do("POST", "/v3/rule/"+ra+"/conditions", body), msg)
		}
		expectJSON(t, s.do("GET", "/v3/rule/"+ra, nil), ruleO{ID: ra, Name: "ra", View: a}.J())
	})

	t.Run("Sel3_4_CyclesRefused", func(t *testing.T) {
		mustCreate(t, s, "/v3/rule/"+ra+"/conditions", map[string]any{"type": "ReferView", "refer-view": "b"})
		for rule, target := range map[string]string{
			rb: a, // b → a → b, through a disabled rule too
			ra: a, // a → a
		} {
			expectError(t, s.do("POST", "/v3/rule/"+rule+"/conditions", map[string]any{"type": "ReferView", "refer-view": target}), "Selection would depend on itself")
		}
		// a1 referring to its parent repeats what nesting says: no cycle.
		mustCreate(t, s, "/v3/rule/"+rc+"/conditions", map[string]any{"type": "ReferView", "refer-view": a})
		// a → a1, its own nested view, closes a cycle as well.
		expectError(t, s.do("POST", "/v3/rule/"+ra+"/conditions", map[string]any{"type": "ReferView", "refer-view": child}), "Selection would depend on itself")
		// A miniview is a node of the same graph: a minirule referring to a
		// miniview that depends on it.
		m1 := mustCreate(t, s, "/v3/collection/"+x.Coll+"/miniviews", map[string]any{"name": "m1"})
		m2 := mustCreate(t, s, "/v3/collection/"+x.Coll+"/miniviews", map[string]any{"name": "m2"})
		r1 := mustCreate(t, s, "/v3/miniview/"+m1+"/minirules", map[string]any{"name": "r"})
		r2 := mustCreate(t, s, "/v3/miniview/"+m2+"/minirules", map[string]any{"name": "r"})
		mustCreate(t, s, "/v3/minirule/"+r1+"/conditions", map[string]any{"type": "MiniView", "mini-view": m2})
		expectError(t, s.do("POST", "/v3/minirule/"+r2+"/conditions", map[string]any{"type": "MiniView", "mini-view": m1}), "Selection would depend on itself")
		// An update that would close a cycle is refused too and changes nothing.
		c := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "c"})
		bc := mustCreate(t, s, "/v3/rule/"+rb+"/conditions", map[string]any{"type": "ReferView", "refer-view": c})
		expectError(t, s.do("PUT", "/v3/condition/ReferView/"+bc, `{"refer-view":"a"}`), "Selection would depend on itself")
		r := s.do("GET", "/v3/rule/"+rb, nil)
		if !strings.Contains(string(r.Body), `"refer-view":"`+c+`"`) {
			t.Fatalf("refused update changed the condition: %s", r.Body)
		}
	})

	t.Run("Sel8_5_ConditionTypeMismatch", func(t *testing.T) {
		c := mustCreate(t, s, "/v3/rule/"+rc+"/conditions", map[string]any{"type": "Field", "field": "city"})
		for _, m := range []string{"PUT", "DELETE", "POST"} {
			for _, p := range versionPrefixes {
				expectError(t, s.do(m, p+"/condition/Interest/"+c, `{}`), "Condition type does not match")
				expectError(t, s.do(m, p+"/condition/bogus/"+c, `{}`), "Condition type does not match")
			}
		}
		expectError(t, s.do("PUT", "/v3/condition/Field/"+c, `{"type":"interest","interest":"football"}`), "Condition type cannot be changed")
		expectUpdated(t, s, s.do("PUT", "/v3/condition/FIELD/"+c, `{"type":"field","value":"x"}`), "/v3", "")
		expectError(t, s.do("PUT", "/v3/condition/Field/"+c, `{"field":"nope"}`), "Unknown field in field")
		expectError(t, s.do("PUT", "/v3/condition/Field/"+c, `[1,2]`), "Invalid data provided")
	})

	t.Run("B2_ConditionWordPathErrors", func(t *testing.T) {
		for _, word := range []string{"condition", "minicondition"} {
			for _, p := range versionPrefixes {
				for _, m := range []string{"POST", "PUT", "DELETE"} {
					for _, path := range []string{"/" + word, "/" + word + "/", "/" + word + "//"} {
						expectError(t, s.do(m, p+path, nil), "Invalid request, element 1 is missing in 'directory' path")
					}
					expectError(t, s.do(m, p+"/"+word+"/Field", nil), "Invalid request, element 2 is missing in 'directory' path")
				}
				// GET has no route on these words at all.
				for _, path := range []string{"/" + word, "/" + word + "/Field/1"} {
					expectError(t, s.do("GET", p+path, nil), "Invalid method")
				}
				msg := "No condition with supplied ID"
				if word == "minicondition" {
					msg = "No minicondition with supplied ID"
				}
				expectError(t, s.do("PUT", p+"/"+word+"/Field/99999/x/y", `{}`), msg)
			}
		}
	})
}

// TestSel9_Interactions covers §9: deleting what a condition names leaves it
// dangling and printed false, and a deleted view cascades (O-22); then a
// view copy (O-23) and a database copy with its selections (structure.md §5.5).
func TestSel9_Interactions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newSelShop(t, s, "shop")
	target := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "target"})
	v := viewO{ID: mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "v"}), Name: "v", DB: x.DB, Rules: true}
	m := mustCreate(t, s, "/v3/collection/"+x.Coll+"/miniviews", map[string]any{"name": "m"})
	r := ruleO{ID: mustCreate(t, s, "/v3/view/"+v.ID+"/rules", map[string]any{"name": "r", "inverted": true}), Name: "r", View: v.ID, Inversed: true}
	body := []string{
		`{"type":"Field","field":"city","value":"Delft"}`,
		`{"type":"Interest","interest":"football"}`,
		`{"type":"ReferView","refer-view":"target","check-type":"no"}`,
		`{"type":"MiniView","mini-view":"m"}`,
		`{"type":"DoubleField","fields":["city","email"]}`,
	}
	ids := make([]string, len(body))
	for i, b := range body {
		ids[i] = mustCreate(t, s, "/v3/rule/"+r.ID+"/conditions", b)
	}
	want := func(city, email, football, refer, mini string) []string {
		return []string{
			condJ(ids[0], "Field", r.ID, "comparison", `"equals"`, "field", city, "value", `"Delft"`, "other-field", "false", "numeric-comparison", "false"),
			condJ(ids[1], "Interest", r.ID, "match-mode", `"match_profiles_with_interest"`, "interest", football, "interest-group", "false"),
			condJ(ids[2], "ReferView", r.ID, "refer-view", refer, "check-type", `"no"`),
			condJ(ids[3], "MiniView", r.ID, "mini-view", mini, "min-subprofiles", "false", "max-subprofiles", "false"),
			condJ(ids[4], "DoubleField", r.ID, "match-mode", `"match_unique_profiles"`, "fields", `[`+email+`]`),
		}
	}
	r.Conds = want(x.City.J(), `"city","email"`, x.Football.J(), js(target), js(m))
	expectJSON(t, s.do("GET", "/v3/rule/"+r.ID, nil), r.J())

	t.Run("Sel9_RenamesAreFollowed", func(t *testing.T) {
		expectUpdated(t, s, s.do("PUT", "/v3/database/"+x.DB+"/field/city", `{"name":"town"}`), "/v3", "")
		town := x.City
		town.Name = "town"
		r.Conds = want(town.J(), `"town","email"`, x.Football.J(), js(target), js(m))
		expectJSON(t, s.do("GET", "/v3/rule/"+r.ID, nil), r.J())
	})

	t.Run("Sel9_DeletedTargetsDangleAsFalse", func(t *testing.T) {
		expectDeleted(t, s.do("DELETE", "/v3/database/"+x.DB+"/field/town", nil), "/v3", "field "+x.City.ID)
		expectDeleted(t, s.do("DELETE", "/v3/interest/"+x.Football.ID, nil), "/v3", "interest "+x.Football.ID)
		expectDeleted(t, s.do("DELETE", "/v3/view/"+target, nil), "/v3", "view "+target)
		expectDeleted(t, s.do("DELETE", "/v3/miniview/"+m, nil), "/v3", "miniview "+m)
		r.Conds = want("false", `false,"email"`, "false", "false", "false")
		expectJSON(t, s.do("GET", "/v3/rule/"+r.ID, nil), r.J())
		expectJSON(t, s.do("GET", "/v3/view/"+v.ID, nil), v.J())
	})

	t.Run("Sel11_O23_CopyView", func(t *testing.T) {
		kid := mustCreate(t, s, "/v3/view/"+v.ID+"/views", map[string]any{"name": "kid"})
		expectUpdated(t, s, s.do("PUT", "/v3/view/"+v.ID+"/intentions", `{"email":true}`), "/v3", "")
		expectError(t, s.do("POST", "/v3/view/"+v.ID+"/copy", `{}`), "Name is required")
		expectError(t, s.do("POST", "/v3/view/"+v.ID+"/copy", `{"name":"KID"}`), "Name already in use")
		flat := expectCreated(t, s, s.do("POST", "/v2/view/"+v.ID+"/copy", `{"name":"flat"}`), "/v2", "view/{id}")
		deep := expectCreated(t, s, s.do("POST", "/v4/view/"+v.ID+"/copy", url.Values{"name": {"deep"}, "options[views]": {"1"}}), "/v4", "view/{id}")
		v.Intent, v.Children = intents{Email: true}, true
		for id, name := range map[string]string{flat: "flat", deep: "deep"} {
			c := v
			c.ID, c.Name, c.Children = id, name, id == deep
			expectJSON(t, s.do("GET", "/v3/view/"+id, nil), c.J())
		}
		expectJSON(t, s.do("GET", "/v3/view/"+flat+"/views", nil), envJ(0, 100, nil, 0, true))
		var kids struct {
			Data []struct {
				ID   string `json:"ID"`
				Name string `json:"name"`
			} `json:"data"`
		}
		if err := jsonUnmarshal(s.do("GET", "/v3/view/"+deep+"/views", nil).Body, &kids); err != nil || len(kids.Data) != 1 || kids.Data[0].Name != "kid (copy)" || kids.Data[0].ID == kid {
			t.Fatalf("nested copy: %+v %v", kids, err)
		}
		// The copied rule keeps its conditions and their (dangling) references.
		rules := s.do("GET", "/v3/view/"+deep+"/rules", nil)
		if n := strings.Count(string(rules.Body), `"type":`); rules.Status != 200 || n != len(body) ||
			!strings.Contains(string(rules.Body), `"refer-view":false,"check-type":"no"`) || !strings.Contains(string(rules.Body), `"inversed":true`) {
			t.Fatalf("copied rules: %s", rules)
		}
	})

	t.Run("StructureS5_5_DatabaseCopyWithViewsAndMiniviews", func(t *testing.T) {
		ref := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "ref"})
		m2 := mustCreate(t, s, "/v3/collection/"+x.Coll+"/miniviews", map[string]any{"name": "m2"})
		rr := mustCreate(t, s, "/v3/view/"+ref+"/rules", map[string]any{"name": "rr"})
		mustCreate(t, s, "/v3/rule/"+rr+"/conditions", map[string]any{"type": "MiniView", "mini-view": m2})
		mustCreate(t, s, "/v3/rule/"+rr+"/conditions", map[string]any{"type": "Field", "field": "email", "comparison": "is_email"})
		nid := mustCreate(t, s, "/v3/database/"+x.DB+"/copy", url.Values{"name": {"copy"}, "options[views]": {"yes"},
			"options[collections]": {"1"}, "options[miniviews]": {"true"}})
		var dbo struct {
			Fields      struct{ Data []struct{ ID, Name string } }
			Collections struct{ Data []struct{ ID string } }
		}
		jsonUnmarshal(s.do("GET", "/v3/database/"+nid, nil).Body, &dbo)
		coll := dbo.Collections.Data[0].ID
		var minis struct{ Data []struct{ ID, Name string } }
		jsonUnmarshal(s.do("GET", "/v3/collection/"+coll+"/miniviews", nil).Body, &minis)
		if len(minis.Data) != 1 || minis.Data[0].Name != "m2" {
			t.Fatalf("copied miniviews: %+v", minis)
		}
		var views struct{ Data []struct{ ID, Name string } }
		jsonUnmarshal(s.do("GET", "/v3/database/"+nid+"/views", nil).Body, &views)
		names := []string{}
		refCopy := ""
		for _, v := range views.Data {
			names = append(names, v.Name)
			if v.Name == "ref" {
				refCopy = v.ID
			}
		}
		if strings.Join(names, ",") != "v,flat,deep,ref" {
			t.Fatalf("copied top-level views: %v", names)
		}
		got := string(s.do("GET", "/v3/view/"+refCopy+"/rules", nil).Body)
		if !strings.Contains(got, `"mini-view":"`+minis.Data[0].ID+`"`) || !strings.Contains(got, `"field":{"ID":"`+dbo.Fields.Data[0].ID+`","name":"email"`) {
			t.Fatalf("references of the copy do not point at the copies: %s", got)
		}
		// A copy starts with every intention off, like the database copy.
		if r := string(s.do("GET", "/v3/database/"+nid+"/views", nil).Body); strings.Contains(r, `"email":true`) {
			t.Fatalf("copied views keep intentions: %s", r)
		}
	})
}
