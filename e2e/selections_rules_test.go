package e2e

import (
	"testing"
)

// TestSel8_4_Rules covers rules through views (§8.2: view/{id}/rules,
// view/{id}/rule/{rid}) and on their own (§8.4), the flag names of §8.1 and a
// delete of a missing rule (§8.8), in every version.
func TestSel8_4_Rules(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newSelShop(t, s, "shop")
	v := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "v"})
	other := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "other"})
	var rules []ruleO

	t.Run("Sel8_2_CreateRule in every version; Sel8_1 flag names", func(t *testing.T) {
		bodies := []map[string]any{
			{"name": "plain"},
			{"name": "inverted", "inverted": true, "description": "d"},
			{"name": "inversed", "inversed": "yes", "disabled": "1"},
			{"name": "both", "inversed": false, "inverted": true},
			{"name": "form", "view": other},
		}
		want := []ruleO{
			{Name: "plain"}, {Name: "inverted", Inversed: true, Desc: "d"}, {Name: "inversed", Inversed: true, Disabled: true},
			{Name: "both"}, {Name: "form"},
		}
		for i, p := range versionPrefixes {
			id := expectCreated(t, s, s.do("POST", p+"/view/"+v+"/rules", bodies[i]), p, "rule/{id}")
			r := want[i]
			r.ID, r.View = id, v
			rules = append(rules, r)
		}
		items := []string{}
		for _, r := range rules {
			items = append(items, r.J())
		}
		for _, p := range versionPrefixes {
			expectJSON(t, s.do("GET", p+"/view/"+v+"/rules", nil), envJ(0, 100, items, len(items), true))
			for _, r := range rules {
				expectJSON(t, s.do("GET", p+"/rule/"+r.ID, nil), r.J())
				expectJSON(t, s.do("GET", p+"/view/"+v+"/rule/"+r.ID, nil), r.J())
			}
		}
		expectJSON(t, s.do("GET", "/v3/view/"+v+"/rules?start=4&limit=1", nil), envJ(4, 1, items[4:], 5, true))
		expectJSON(t, s.do("GET", "/v3/view/"+other+"/rules", nil), envJ(0, 100, nil, 0, true))
	})

	t.Run("Sel2_3_RuleNames are required and unique in the view", func(t *testing.T) {
		expectError(t, s.do("POST", "/v3/view/"+v+"/rules", `{}`), "Name is required")
		expectError(t, s.do("POST", "/v3/view/"+v+"/rules", `{"name":"PLAIN"}`), "Name already in use")
		// Another view may reuse it.
		mustCreate(t, s, "/v3/view/"+other+"/rules", map[string]any{"name": "plain"})
		expectError(t, s.do("PUT", "/v3/rule/"+rules[0].ID, `{"name":"Form"}`), "Name already in use")
	})

	t.Run("Sel8_2_ViewRuleOfAnotherView is unknown", func(t *testing.T) {
		foreign := mustCreate(t, s, "/v3/view/"+other+"/rules", map[string]any{"name": "foreign"})
		expectError(t, s.do("GET", "/v3/view/"+v+"/rule/"+foreign, nil), "No rule with supplied ID")
		expectError(t, s.do("GET", "/v3/view/"+v+"/rule/99999", nil), "No rule with supplied ID")
		expectError(t, s.do("GET", "/v3/view/"+v+"/rule", nil), "Invalid request, element 3 is missing in 'directory' path")
		// By name inside the view (unique there).
		expectJSON(t, s.do("GET", "/v3/view/"+v+"/rule/INVERTED", nil), rules[1].J())
		// rule/{name} only when the name is unique in the account: plain is not.
		expectError(t, s.do("GET", "/v3/rule/plain", nil), "No rule with supplied ID")
		expectJSON(t, s.do("GET", "/v3/rule/Inversed", nil), rules[2].J())
	})

	t.Run("Sel8_4_UpdateRule: update response, POST runs the PUT, flags", func(t *testing.T) {
		for i, p := range versionPrefixes {
			r := &rules[i]
			path := "/rule/" + r.ID
			expectUpdated(t, s, s.do("PUT", p+path, map[string]any{"disabled": true, "view": other}), p, withToken(s, path))
			r.Disabled = true
			expectPostAsPut(t, s.do("POST", p+path, map[string]any{"inversed": "false", "inverted": "true", "description": "x" + vname(p)}), p)
			r.Inversed, r.Desc = false, "x"+vname(p)
			expectJSON(t, s.do("GET", p+path, nil), r.J())
		}
		expectUpdated(t, s, s.do("PUT", "/v4/rule/"+rules[0].ID, `{"inverted":1}`), "/v4", "")
		rules[0].Inversed = true
		expectJSON(t, s.do("GET", "/v4/rule/"+rules[0].ID, nil), rules[0].J())
	})

	t.Run("Sel8_4_DeleteRule with its conditions; Sel8_8 missing rules", func(t *testing.T) {
		cond := mustCreate(t, s, "/v3/rule/"+rules[0].ID+"/conditions", map[string]any{"type": "Field", "field": "city"})
		for i, p := range versionPrefixes[:4] {
			r := rules[i]
			expectDeleted(t, s.do("DELETE", p+"/rule/"+r.ID, nil), p, "rule "+r.ID)
			if p == "/v1" {
				expectNoBody(t, s.do("DELETE", p+"/rule/"+r.ID, nil), 204, map[string]string{"X-Deleted": ""})
			} else {
				expectError(t, s.do("DELETE", p+"/rule/"+r.ID, nil), "No rule with supplied ID")
			}
			expectError(t, s.do("GET", p+"/rule/"+r.ID, nil), "No rule with supplied ID")
		}
		expectError(t, s.do("PUT", "/v3/condition/Field/"+cond, `{}`), "No condition with supplied ID")
		expectJSON(t, s.do("GET", "/v3/view/"+v+"/rules", nil), envJ(0, 100, []string{rules[4].J()}, 1, true))
		expectError(t, s.do("GET", "/v3/rule", nil), "Invalid request, element 1 is missing in 'directory' path")
		expectError(t, s.do("GET", "/v3/rule/"+rules[4].ID+"/bogus", nil), "Invalid method")
	})
}
