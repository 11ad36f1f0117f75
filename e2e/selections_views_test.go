package e2e

import (
	"net/url"
	"testing"
)

// TestSel8_2_Views covers the view routes of selections.md §8.2 in every
// version: create (top level and nested), read, list (O-4), update, the flags
// of the view object, names (§2.1, O-21), delete with its cascade (O-22) and
// a delete of a missing view (§8.8).
func TestSel8_2_Views(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newSelShop(t, s, "shop")
	var top []viewO

	t.Run("Sel8_2_CreateView in every version", func(t *testing.T) {
		for _, p := range versionPrefixes {
			// v2 lists parent and has-* keys as body keys: they are ignored.
			r := s.do("POST", p+"/database/"+x.DB+"/views", map[string]any{"name": "v_" + vname(p), "description": "d " + vname(p),
				"parent-type": "view", "parent-id": "1", "has-rules": true, "database": "99"})
			id := expectCreated(t, s, r, p, "view/{id}")
			top = append(top, viewO{ID: id, Name: "v_" + vname(p), Desc: "d " + vname(p), DB: x.DB})
		}
		// PUT on the create route runs the POST (C14); the database by name.
		id := expectCreated(t, s, s.do("PUT", "/v3/database/SHOP/views", `{"name":"byput"}`), "/v3", "view/{id}")
		top = append(top, viewO{ID: id, Name: "byput", DB: x.DB})
		// Extra segments on the create route are ignored (conventions §1.1 item 6).
		id = expectCreated(t, s, s.do("POST", "/v3/database/"+x.DB+"/views/extra", url.Values{"name": {"form"}}), "/v3", "view/{id}")
		top = append(top, viewO{ID: id, Name: "form", DB: x.DB})
		for _, p := range versionPrefixes {
			for _, v := range top {
				expectJSON(t, s.do("GET", p+"/view/"+v.ID, nil), v.J())
			}
		}
	})

	t.Run("Sel2_1_ViewNames are required and unique in the database", func(t *testing.T) {
		for body, msg := range map[string]string{
			`{}`:                 "Name is required",
			`{"name":"  "}`:      "Name is required",
			`{"name":"V_V1"}`:    "Name already in use",
			`{"description":""}`: "Name is required",
			`[1]`:                "Invalid data provided",
		} {
			expectError(t, s.do("POST", "/v3/database/"+x.DB+"/views", body), msg)
			expectError(t, s.do("POST", "/v3/view/"+top[0].ID+"/views", body), msg)
		}
		expectError(t, s.do("POST", "/v3/database/9999/views", `{"name":"x"}`), "No database with supplied ID")
		// Another database may use the same name.
		other := mustCreate(t, s, "/v3/databases", map[string]any{"name": "other"})
		mustCreate(t, s, "/v3/database/"+other+"/views", map[string]any{"name": "v_v1"})
	})

	var nested []viewO
	t.Run("Sel8_2_NestedViews", func(t *testing.T) {
		parent := &top[0]
		for _, p := range versionPrefixes {
			id := expectCreated(t, s, s.do("POST", p+"/view/"+parent.ID+"/views", map[string]any{"name": "n_" + vname(p)}), p, "view/{id}")
			nested = append(nested, viewO{ID: id, Name: "n_" + vname(p), DB: x.DB, Parent: parent.ID})
		}
		// Two levels deep; names are unique across levels.
		deep := expectCreated(t, s, s.do("POST", "/v4/view/"+nested[0].ID+"/views", `{"name":"deep"}`), "/v4", "view/{id}")
		expectError(t, s.do("POST", "/v4/view/"+nested[0].ID+"/views", `{"name":"v_v2"}`), "Name already in use")
		expectError(t, s.do("POST", "/v4/database/"+x.DB+"/views", `{"name":"DEEP"}`), "Name already in use")
		parent.Children = true
		nested[0].Children = true
		deepV := viewO{ID: deep, Name: "deep", DB: x.DB, Parent: nested[0].ID}
		items := []string{}
		for _, v := range nested {
			items = append(items, v.J())
		}
		for _, p := range versionPrefixes {
			expectJSON(t, s.do("GET", p+"/view/"+parent.ID, nil), parent.J())
			expectJSON(t, s.do("GET", p+"/view/"+parent.ID+"/views", nil), envJ(0, 100, items, len(items), true))
			expectJSON(t, s.do("GET", p+"/view/"+nested[0].ID+"/views", nil), envJ(0, 100, []string{deepV.J()}, 1, true))
			expectJSON(t, s.do("GET", p+"/view/"+deep+"/views", nil), envJ(0, 100, nil, 0, true))
		}
		nested = append(nested, deepV)
	})

	t.Run("Sel11_O4_DatabaseViewsListsTopLevelOnly with paging", func(t *testing.T) {
		items := []string{}
		for _, v := range top {
			items = append(items, v.J())
		}
		for _, p := range versionPrefixes {
			expectJSON(t, s.do("GET", p+"/database/"+x.DB+"/views", nil), envJ(0, 100, items, len(items), true))
		}
		expectJSON(t, s.do("GET", "/v3/database/shop/views?start=1&limit=2&total=false", nil), envJ(1, 2, items[1:3], 0, false))
		expectJSON(t, s.do("GET", "/v3/database/shop/views/extra?start=99", nil), envJ(99, 100, nil, len(items), true))
	})

	t.Run("Sel11_O21_ViewByIDOrUniqueName", func(t *testing.T) {
		expectJSON(t, s.do("GET", "/v3/view/N_V2", nil), nested[1].J())
		// v_v1 exists in two databases: not unique in the account.
		expectError(t, s.do("GET", "/v3/view/v_v1", nil), "No view with supplied ID")
		for _, seg := range []string{"0", "-1", "99999", "nosuch"} {
			expectError(t, s.do("GET", "/v3/view/"+seg, nil), "No view with supplied ID")
			expectError(t, s.do("PUT", "/v3/view/"+seg+"/bogus", `{}`), "No view with supplied ID")
		}
		expectError(t, s.do("GET", "/v3/view", nil), "Invalid request, element 1 is missing in 'directory' path")
		expectError(t, s.do("GET", "/v3/view/"+top[0].ID+"/bogus", nil), "Invalid method")
		expectError(t, s.do("PATCH", "/v3/view/"+top[0].ID, nil), "Invalid method")
	})

	t.Run("Sel8_2_UpdateView: update response per version, POST runs the PUT", func(t *testing.T) {
		for i, p := range versionPrefixes {
			v := &top[i]
			path := "/view/" + v.ID
			r := s.do("PUT", p+path+"?x=1", map[string]any{"name": "r_" + vname(p), "parent-id": "5", "database": "99"})
			expectUpdated(t, s, r, p, withToken(s, path+"?x=1"))
			v.Name = "r_" + vname(p)
			expectPostAsPut(t, s.do("POST", p+path, `{"description":"by post"}`), p)
			v.Desc = "by post"
			expectJSON(t, s.do("GET", p+path, nil), v.J())
		}
		expectError(t, s.do("PUT", "/v3/view/"+top[0].ID, `{"name":"N_V1"}`), "Name already in use")
		expectError(t, s.do("PUT", "/v3/view/"+top[0].ID, `{"name":""}`), "Name is required")
		// Its own name in another case is no clash.
		expectUpdated(t, s, s.do("PUT", "/v3/view/"+top[0].ID, `{"name":"R_V1"}`), "/v3", "")
		top[0].Name = "R_V1"
		expectJSON(t, s.do("GET", "/v3/view/"+top[0].ID, nil), top[0].J())
	})

	t.Run("Sel2_1_HasRulesAndHasReferred", func(t *testing.T) {
		v, w := &top[1], &top[2]
		rule := mustCreate(t, s, "/v3/view/"+v.ID+"/rules", map[string]any{"name": "r", "disabled": true})
		v.Rules = true // disabled rules count (§2.1)
		expectJSON(t, s.do("GET", "/v3/view/"+v.ID, nil), v.J())
		mustCreate(t, s, "/v3/rule/"+rule+"/conditions", map[string]any{"type": "ReferView", "refer-view": w.ID})
		w.Referred = true
		expectJSON(t, s.do("GET", "/v3/view/"+w.ID, nil), w.J())
	})

	t.Run("Sel8_2_DeleteView cascades to nested views (O-22), a missing view per version (Sel8_8)", func(t *testing.T) {
		parent := top[0]
		expectDeleted(t, s.do("DELETE", "/v3/view/"+parent.ID, nil), "/v3", "view "+parent.ID)
		for _, v := range append([]viewO{parent}, nested...) {
			expectError(t, s.do("GET", "/v3/view/"+v.ID, nil), "No view with supplied ID")
		}
		for _, p := range versionPrefixes {
			if p == "/v1" {
				expectNoBody(t, s.do("DELETE", p+"/view/"+parent.ID, nil), 204, map[string]string{"X-Deleted": ""})
			} else {
				expectError(t, s.do("DELETE", p+"/view/"+parent.ID, nil), "No view with supplied ID")
			}
		}
		for i, p := range versionPrefixes[:4] {
			v := top[i+1]
			expectDeleted(t, s.do("DELETE", p+"/view/"+v.ID, nil), p, "view "+v.ID)
		}
		// The view that referred to a deleted one keeps its condition.
		items := []string{}
		for _, v := range top[5:] {
			items = append(items, v.J())
		}
		expectJSON(t, s.do("GET", "/v3/database/"+x.DB+"/views", nil), envJ(0, 100, items, len(items), true))
	})
}

// TestSel7_ViewAndMiniviewIntentions covers PUT and POST view/{id}/intentions
// and miniview/{id}/intentions (§7, O-20, O-24) in every version.
func TestSel7_ViewAndMiniviewIntentions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	x := newSelShop(t, s, "shop")
	v := viewO{ID: mustCreate(t, s, "/v3/database/"+x.DB+"/views", map[string]any{"name": "v"}), Name: "v", DB: x.DB}
	m := miniO{ID: mustCreate(t, s, "/v3/collection/"+x.Coll+"/miniviews", map[string]any{"name": "m"}), Name: "m", Coll: x.Coll}

	t.Run("a new view has every intention off; PUT answers the update response", func(t *testing.T) {
		expectJSON(t, s.do("GET", "/v3/view/"+v.ID, nil), v.J())
		for _, p := range versionPrefixes {
			path := "/view/" + v.ID + "/intentions"
			expectUpdated(t, s, s.do("PUT", p+path, map[string]any{"email": "yes", "pdf": 1}), p, withToken(s, path))
		}
		v.Intent = intents{Email: true, PDF: true}
		expectJSON(t, s.do("GET", "/v3/view/"+v.ID, nil), v.J())
	})

	t.Run("Sel11_O24_PostIntentionsAnswersLikeAPostOnAPutRoute", func(t *testing.T) {
		for _, p := range versionPrefixes {
			expectPostAsPut(t, s.do("POST", p+"/view/"+v.ID+"/intentions", `{"pdf":false}`), p)
			expectPostAsPut(t, s.do("POST", p+"/miniview/"+m.ID+"/intentions", `{"pdf":true}`), p)
		}
		v.Intent.PDF, m.Intent.PDF = false, true
		expectJSON(t, s.do("GET", "/v3/view/"+v.ID, nil), v.J())
		expectJSON(t, s.do("GET", "/v3/miniview/"+m.ID, nil), m.J())
	})

	t.Run("Sel11_O20_PrerequisiteFields", func(t *testing.T) {
		expectError(t, s.do("PUT", "/v3/view/"+v.ID+"/intentions", `{"sms":true}`), "Intention requires a field of type phone_gsm")
		expectError(t, s.do("PUT", "/v3/view/"+v.ID+"/intentions", `{"fax":true,"pdf":true}`), "Intention requires a field of type phone_fax")
		// A miniview looks in its collection, which has no email field.
		expectError(t, s.do("PUT", "/v3/miniview/"+m.ID+"/intentions", `{"email":true}`), "Intention requires a field of type email")
		gsm := mustCreate(t, s, "/v3/collection/"+x.Coll+"/fields", map[string]any{"name": "gsm", "type": "phone_gsm"})
		expectUpdated(t, s, s.do("PUT", "/v3/miniview/"+m.ID+"/intentions", `{"sms":true}`), "/v3", "")
		m.Intent.SMS = true
		expectJSON(t, s.do("GET", "/v3/miniview/"+m.ID, nil), m.J())
		expectJSON(t, s.do("GET", "/v3/view/"+v.ID, nil), v.J())
		// Deleting the channel field switches the intention off.
		expectDeleted(t, s.do("DELETE", "/v3/collection/"+x.Coll+"/field/gsm", nil), "/v3", "field "+gsm)
		m.Intent.SMS = false
		expectJSON(t, s.do("GET", "/v3/miniview/"+m.ID, nil), m.J())
	})
}
