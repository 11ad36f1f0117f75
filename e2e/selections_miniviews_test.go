package e2e

import (
	"testing"
)

// TestSel8_3_Miniviews covers the miniview routes of §8.3 and the minirule
// and minicondition routes of §8.6 in every version, with the spellings the
// docs mix (minirules/rules, minirule/rule).
func TestSel8_3_Miniviews(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newSelShop(t, s, "shop")
	other := mustCreate(t, s, "/v3/database/"+x.DB+"/collections", map[string]any{"name": "other"})
	var minis []miniO

	t.Run("Sel8_3_CreateMiniview in every version", func(t *testing.T) {
		for _, p := range versionPrefixes {
			r := s.do("POST", p+"/collection/"+x.Coll+"/miniviews", map[string]any{"name": "m_" + vname(p), "description": "d", "collection": other})
			id := expectCreated(t, s, r, p, "miniview/{id}")
			minis = append(minis, miniO{ID: id, Name: "m_" + vname(p), Desc: "d", Coll: x.Coll})
		}
		items := []string{}
		for _, m := range minis {
			items = append(items, m.J())
		}
		for _, p := range versionPrefixes {
			expectJSON(t, s.do("GET", p+"/collection/"+x.Coll+"/miniviews", nil), envJ(0, 100, items, len(items), true))
			for _, m := range minis {
				expectJSON(t, s.do("GET", p+"/miniview/"+m.ID, nil), m.J())
			}
		}
		expectJSON(t, s.do("GET", "/v3/collection/"+other+"/miniviews", nil), envJ(0, 100, nil, 0, true))
		expectJSON(t, s.do("GET", "/v3/collection/"+x.Coll+"/miniviews?limit=2&start=3", nil), envJ(3, 2, items[3:], 5, true))
		// Names are unique per collection (§8.7 proposal), not per database.
		expectError(t, s.do("POST", "/v3/collection/"+x.Coll+"/miniviews", `{"name":"M_V1"}`), "Name already in use")
		expectError(t, s.do("POST", "/v3/collection/"+x.Coll+"/miniviews", `{}`), "Name is required")
		mustCreate(t, s, "/v3/collection/"+other+"/miniviews", map[string]any{"name": "m_v1"})
		expectError(t, s.do("POST", "/v3/collection/9999/miniviews", `{"name":"x"}`), "No collection with given ID")
		expectError(t, s.do("GET", "/v3/miniview/m_v1", nil), "No miniview with supplied ID") // not unique in the account
		expectJSON(t, s.do("GET", "/v3/miniview/M_V2", nil), minis[1].J())
	})

	t.Run("Sel8_3_UpdateMiniview", func(t *testing.T) {
		for i, p := range versionPrefixes {
			m := &minis[i]
			path := "/miniview/" + m.ID
			expectUpdated(t, s, s.do("PUT", p+path, map[string]any{"name": "u_" + vname(p)}), p, withToken(s, path))
			expectPostAsPut(t, s.do("POST", p+path, map[string]any{"description": ""}), p)
			m.Name, m.Desc = "u_"+vname(p), ""
			expectJSON(t, s.do("GET", p+path, nil), m.J())
		}
		expectError(t, s.do("PUT", "/v3/miniview/"+minis[0].ID, `{"name":"U_V2"}`), "Name already in use")
	})

	var mrules []ruleO
	t.Run("Sel8_3_Minirules through both spellings", func(t *testing.T) {
		m := minis[0]
		for i, p := range versionPrefixes {
			word := "/minirules"
			if i%2 == 1 {
				word = "/rules"
			}
			id := expectCreated(t, s, s.do("POST", p+"/miniview/"+m.ID+word, map[string]any{"name": "mr" + vname(p), "inverted": i == 2, "disabled": i == 3}), p, "minirule/{id}")
			mrules = append(mrules, ruleO{ID: id, Name: "mr" + vname(p), View: m.ID, Inversed: i == 2, Disabled: i == 3})
		}
		expectError(t, s.do("POST", "/v3/miniview/"+m.ID+"/minirules", `{"name":"MRV1"}`), "Name already in use")
		items := []string{}
		for _, r := range mrules {
			items = append(items, r.J())
		}
		for _, p := range versionPrefixes {
			for _, word := range []string{"/minirules", "/rules"} {
				expectJSON(t, s.do("GET", p+"/miniview/"+m.ID+word, nil), envJ(0, 100, items, len(items), true))
			}
			for _, r := range mrules {
				expectJSON(t, s.do("GET", p+"/minirule/"+r.ID, nil), r.J())
				expectJSON(t, s.do("GET", p+"/miniview/"+m.ID+"/minirule/"+r.ID, nil), r.J())
				expectJSON(t, s.do("GET", p+"/miniview/"+m.ID+"/rule/"+r.ID, nil), r.J())
			}
		}
		expectError(t, s.do("GET", "/v3/miniview/"+minis[1].ID+"/minirule/"+mrules[0].ID, nil), "No minirule with supplied ID")
		// A minirule is no rule and the other way round.
		view := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "v"})
		vr := mustCreate(t, s, "/v3/view/"+view+"/rules", map[string]any{"name": "vr"})
		expectError(t, s.do("GET", "/v3/rule/"+mrules[0].ID, nil), "No rule with supplied ID")
		expectError(t, s.do("GET", "/v3/minirule/"+vr, nil), "No minirule with supplied ID")
		expectError(t, s.do("GET", "/v3/view/"+view+"/rule/"+mrules[0].ID, nil), "No rule with supplied ID")
		for i, p := range versionPrefixes {
			r := &mrules[i]
			path := "/minirule/" + r.ID
			expectUpdated(t, s, s.do("PUT", p+path, map[string]any{"description": "x", "inversed": true}), p, withToken(s, path))
			r.Desc, r.Inversed = "x", true
			expectJSON(t, s.do("GET", p+path, nil), r.J())
		}
	})

	t.Run("Sel8_6_Miniconditions", func(t *testing.T) {
		r := &mrules[0]
		id := expectCreated(t, s, s.do("POST", "/v2/minirule/"+r.ID+"/conditions", `{"type":"field","field":"amount","comparison":"more","value":"10"}`),
			"/v2", "minicondition/Field/{id}")
		r.Conds = append(r.Conds, condJ(id, "Field", r.ID, "comparison", `"more"`, "field", x.Amount.J(), "value", `"10"`,
			"other-field", "false", "numeric-comparison", "false"))
		ch := expectCreated(t, s, s.do("POST", "/v4/minirule/"+r.ID+"/conditions", `{"type":"Change","change-type":"edit","field":"when"}`),
			"/v4", "minicondition/Change/{id}")
		r.Conds = append(r.Conds, condJ(ch, "Change", r.ID, cat([]string{"change-type", `"edit"`, "field", x.When.J(), "interest", "false"}, windowJ("", "", "", ""))...))
		expectJSON(t, s.do("GET", "/v3/minirule/"+r.ID, nil), r.J())
		// Types that test profile-only data are refused (§5.0, O-14), as are
		// the subprofile- and interest-specific change types (O-16); a field
		// of the database is not one of the collection's.
		for body, msg := range map[string]string{
			`{"type":"Interest","interest":"football"}`:          "Condition type not allowed in a minirule",
			`{"type":"ReferView","refer-view":"1"}`:              "Condition type not allowed in a minirule",
			`{"type":"LastContact"}`:                             "Condition type not allowed in a minirule",
			`{"type":"todo"}`:                                    "Condition type not allowed in a minirule",
			`{"type":"Change","change-type":"newsubprofile"}`:    "Value of change-type is not allowed in a minirule",
			`{"type":"Field","field":"city"}`:                    "Unknown field in field",
			`{"type":"DoubleField","fields":["amount","email"]}`: "Unknown field in fields",
			`{"type":"nope"}`:                                    "Invalid condition type",
		} {
			expectError(t, s.do("POST", "/v3/minirule/"+r.ID+"/conditions", body), msg)
		}
		for _, p := range versionPrefixes {
			path := "/minicondition/field/" + id
			expectUpdated(t, s, s.do("PUT", p+path, `{"value":"20"}`), p, withToken(s, path))
		}
		r.Conds[0] = condJ(id, "Field", r.ID, "comparison", `"more"`, "field", x.Amount.J(), "value", `"20"`,
			"other-field", "false", "numeric-comparison", "false")
		expectJSON(t, s.do("GET", "/v3/minirule/"+r.ID, nil), r.J())
		// A minicondition is no condition and the other way round.
		expectError(t, s.do("PUT", "/v3/condition/Field/"+id, `{}`), "No condition with supplied ID")
		expectError(t, s.do("PUT", "/v3/minicondition/Change/"+id, `{}`), "Condition type does not match")
		expectDeleted(t, s.do("DELETE", "/v3/minicondition/Change/"+ch, nil), "/v3", "minicondition "+ch)
		expectNoBody(t, s.do("DELETE", "/v1/minicondition/Change/"+ch, nil), 204, map[string]string{"X-Deleted": ""})
		expectError(t, s.do("DELETE", "/v2/minicondition/Change/"+ch, nil), "No minicondition with supplied ID")
		r.Conds = r.Conds[:1]
		expectJSON(t, s.do("GET", "/v3/minirule/"+r.ID, nil), r.J())
	})

	t.Run("Sel3_4_MiniviewViewsListsTheViewsThatUseIt", func(t *testing.T) {
		m := minis[1]
		var users []string
		for _, name := range []string{"u1", "u2"} {
			v := mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": name})
			r := mustCreate(t, s, "/v3/view/"+v+"/rules", map[string]any{"name": "r", "disabled": name == "u2"})
			mustCreate(t, s, "/v3/rule/"+r+"/conditions", map[string]any{"type": "MiniView", "mini-view": m.ID})
			users = append(users, viewO{ID: v, Name: name, DB: x.DB, Rules: true}.J())
		}
		for _, p := range versionPrefixes {
			expectJSON(t, s.do("GET", p+"/miniview/"+m.ID+"/views", nil), envJ(0, 100, users, 2, true))
			expectJSON(t, s.do("GET", p+"/miniview/"+minis[2].ID+"/views", nil), envJ(0, 100, nil, 0, true))
		}
	})

	t.Run("Sel8_3_DeleteMiniview with its minirules; Sel8_8 missing ones", func(t *testing.T) {
		for i, p := range versionPrefixes[:4] {
			m := minis[i]
			expectDeleted(t, s.do("DELETE", p+"/miniview/"+m.ID, nil), p, "miniview "+m.ID)
			if p == "/v1" {
				expectNoBody(t, s.do("DELETE", p+"/miniview/"+m.ID, nil), 204, map[string]string{"X-Deleted": ""})
			} else {
				expectError(t, s.do("DELETE", p+"/miniview/"+m.ID, nil), "No miniview with supplied ID")
			}
		}
		expectError(t, s.do("GET", "/v3/minirule/"+mrules[0].ID, nil), "No minirule with supplied ID")
		r := mustCreate(t, s, "/v3/miniview/"+minis[4].ID+"/minirules", map[string]any{"name": "last"})
		expectDeleted(t, s.do("DELETE", "/v2/minirule/"+r, nil), "/v2", "minirule "+r)
		expectNoBody(t, s.do("DELETE", "/v1/minirule/"+r, nil), 204, map[string]string{"X-Deleted": ""})
		expectError(t, s.do("DELETE", "/v4/minirule/"+r, nil), "No minirule with supplied ID")
	})
}
