package e2e

import (
	"strings"
	"testing"
)

// Builders for the JSON of selections.md §6 and §8 (keys in the order of the
// spec's examples) and a shop database the selection tests share.

// viewO is a view object (§8.2).
type viewO struct {
	ID, Name, Desc, DB string
	Parent             string // parent view ID, "" for a top-level view
	Children, Referred bool
	Rules              bool
	Intent             intents
}

func (v viewO) J() string {
	pt, pid := "database", v.DB
	if v.Parent != "" {
		pt, pid = "view", v.Parent
	}
	return `{"ID":` + js(v.ID) + `,"name":` + js(v.Name) + `,"description":` + js(v.Desc) +
		`,"parent-type":` + js(pt) + `,"parent-id":` + js(pid) + `,"has-children":` + jb(v.Children) +
		`,"has-referred":` + jb(v.Referred) + `,"has-rules":` + jb(v.Rules) + `,"database":` + js(v.DB) +
		`,"last-built":false,"intentions":` + v.Intent.J() + `}`
}

// miniO is a miniview object (§8.3).
type miniO struct {
	ID, Name, Desc, Coll string
	Intent               intents
}

func (m miniO) J() string {
	return `{"ID":` + js(m.ID) + `,"name":` + js(m.Name) + `,"description":` + js(m.Desc) +
		`,"parent-type":"collection","parent-id":` + js(m.Coll) + `,"collection":` + js(m.Coll) +
		`,"last-built":false,"intentions":` + m.Intent.J() + `}`
}

// ruleO is a rule or minirule object (§8.4); Conds are condition objects.
type ruleO struct {
	ID, Name, View, Desc string
	Conds                []string
	Inversed, Disabled   bool
}

func (r ruleO) J() string {
	return `{"ID":` + js(r.ID) + `,"name":` + js(r.Name) + `,"view":` + js(r.View) + `,"description":` + js(r.Desc) +
		`,"conditions":` + nestedJ(100, r.Conds) + `,"inversed":` + jb(r.Inversed) + `,"inverted":` + jb(r.Inversed) +
		`,"disabled":` + jb(r.Disabled) + `}`
}

// condJ is a condition object: ID, type, rule, then the properties as
// alternating key and raw JSON value.
func condJ(id, typ, rule string, props ...string) string {
	var b strings.Builder
	b.WriteString(`{"ID":` + js(id) + `,"type":` + js(typ) + `,"rule":` + js(rule))
	for i := 0; i+1 < len(props); i += 2 {
		b.WriteString(`,` + js(props[i]) + `:` + props[i+1])
	}
	return b.String() + "}"
}

// windowJ is the four window properties with the given raw values ("" = false).
func windowJ(beforeTime, afterTime, beforeMut, afterMut string) []string {
	v := func(s string) string {
		if s == "" {
			return "false"
		}
		return js(s)
	}
	return []string{"before-time", v(beforeTime), "after-time", v(afterTime), "before-mutation", v(beforeMut), "after-mutation", v(afterMut)}
}

func cat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// selShop is a database with one field of each kind the conditions need, an
// interest, and a collection with fields of its own.
type selShop struct {
	DB, Coll                 string
	Email, City, Born, Score fld
	Amount, When             fld
	Football                 intr
}

func newSelShop(t *testing.T, s *server, name string) selShop {
	t.Helper()
	x := selShop{}
	x.DB = mustCreate(t, s, "/v3/databases", map[string]any{"name": name})
	mk := func(path, name, typ string) fld {
		return newFld(mustCreate(t, s, path, map[string]any{"name": name, "type": typ}), name, typ)
	}
	x.Email = mk("/v3/database/"+x.DB+"/fields", "email", "email")
	x.City = mk("/v3/database/"+x.DB+"/fields", "city", "text")
	x.Born = mk("/v3/database/"+x.DB+"/fields", "born", "date")
	x.Score = mk("/v3/database/"+x.DB+"/fields", "score", "integer")
	x.Football = intr{mustCreate(t, s, "/v3/database/"+x.DB+"/interests", map[string]any{"name": "football", "group": "sports"}), "football", "sports"}
	x.Coll = mustCreate(t, s, "/v3/database/"+x.DB+"/collections", map[string]any{"name": "orders"})
	x.Amount = mk("/v3/collection/"+x.Coll+"/fields", "amount", "integer")
	x.When = mk("/v3/collection/"+x.Coll+"/fields", "when", "datetime")
	return x
}
