package selection

import (
	"strconv"

	"github.com/kopernik/kopernik"
)

// Output objects are *kopernik.Map values whose keys are in the order the
// API prints them. Values are string, bool, int64, []any or *kopernik.Map,
// so the HTTP layer can write them by walking, without reflection. IDs and
// counts inside objects are strings (conventions §5.3); the counters of a
// list envelope are integers; unset properties are false (§6).

// object is an ordered object under construction.
type object struct{ m *kopernik.Map }

func newObject(n int) object {
	return object{&kopernik.Map{Keys: make([]string, 0, n), Values: make([]any, 0, n)}}
}

// add appends a key; keys are distinct by construction.
func (o object) add(k string, v any) object {
	o.m.Keys = append(o.m.Keys, k)
	o.m.Values = append(o.m.Values, v)
	return o
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

// orFalse prints an unset text as false.
func orFalse(s string) any {
	if s == "" {
		return false
	}
	return s
}

func countOrFalse(n *int64) any {
	if n == nil {
		return false
	}
	return idText(*n)
}

// FieldObject is a field as an item of GET database fields.
func FieldObject(f *kopernik.Field) *kopernik.Map {
	return newObject(10).
		add("ID", idText(f.ID)).
		add("name", f.Name).
		add("type", string(f.Type)).
		add("value", f.Value).
		add("displayed", f.Displayed).
		add("ordered", f.Ordered).
		add("length", strconv.Itoa(f.Length)).
		add("textlines", strconv.Itoa(f.TextLines)).
		add("hidden", f.Hidden).
		add("index", f.Index).m
}

// InterestObject is an interest as an item of GET database interests.
func InterestObject(i *kopernik.Interest) *kopernik.Map {
	return newObject(3).add("ID", idText(i.ID)).add("name", i.Name).add("group", i.Group).m
}

// IntentionsObject is the intentions object of structure.md §3.6.
func IntentionsObject(i kopernik.Intentions) *kopernik.Map {
	return newObject(4).add("email", i.Email).add("sms", i.SMS).add("fax", i.Fax).add("pdf", i.PDF).m
}

// Envelope is a nested list that holds every item (conventions §7.3):
// start 0, count = total = the number of items, limit 100 or the count.
func Envelope(items []any) *kopernik.Map {
	n := int64(len(items))
	return newObject(5).add("start", int64(0)).add("limit", max(n, 100)).
		add("count", n).add("data", items).add("total", n).m
}

// RuleObject is a rule or minirule with all its conditions (§8.4, §8.6);
// `view` holds the owner's ID either way; `inversed` and `inverted` carry
// the same flag (§8.1).
func RuleObject(cat *kopernik.Catalog, defs *Definitions, r *kopernik.Rule) *kopernik.Map {
	conds := defs.ConditionsOf(r.ID)
	items := make([]any, len(conds))
	for i, c := range conds {
		items[i] = ConditionObject(cat, defs, c)
	}
	return newObject(8).
		add("ID", idText(r.ID)).
		add("name", r.Name).
		add("view", idText(r.Owner.ID)).
		add("description", r.Description).
		add("conditions", Envelope(items)).
		add("inversed", r.Inversed).
		add("inverted", r.Inversed).
		add("disabled", r.Disabled).m
}

// ViewObject is a view (§8.2).
func ViewObject(defs *Definitions, v *kopernik.View) *kopernik.Map {
	parentType, parentID := "database", v.Database
	if v.Parent != 0 {
		parentType, parentID = "view", v.Parent
	}
	return newObject(11).
		add("ID", idText(v.ID)).
		add("name", v.Name).
		add("description", v.Description).
		add("parent-type", parentType).
		add("parent-id", idText(parentID)).
		add("has-children", len(defs.Children(v.ID)) > 0).
		add("has-referred", defs.Referred(v.ID)).
		add("has-rules", len(defs.RulesOf(kopernik.ViewRef(v.ID))) > 0).
		add("database", idText(v.Database)).
		add("last-built", orFalse(v.LastBuilt)).
		add("intentions", IntentionsObject(v.Intentions)).m
}

// MiniviewObject is a miniview (§8.3); its parent is always its
// collection (O-3).
func MiniviewObject(m *kopernik.Miniview) *kopernik.Map {
	return newObject(8).
		add("ID", idText(m.ID)).
		add("name", m.Name).
		add("description", m.Description).
		add("parent-type", "collection").
		add("parent-id", idText(m.Collection)).
		add("collection", idText(m.Collection)).
		add("last-built", orFalse(m.LastBuilt)).
		add("intentions", IntentionsObject(m.Intentions)).m
}
