package selection

import (
	"slices"
	"strings"

	"github.com/kopernik/kopernik"
)

// What the definitions use of the structure and of each other: storage asks
// when a field, interest or selection goes away or changes in a way that
// changes what a condition selects (§9), and when it deletes or copies.

// FieldsOf lists the fields a condition reads, without repeats.
func FieldsOf(p kopernik.ConditionProps) []int64 {
	var ids []int64
	add := func(id int64) {
		if id != 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	switch x := p.(type) {
	case *kopernik.FieldCondition:
		add(x.Field)
		add(x.OtherField)
	case *kopernik.DateCondition:
		add(x.Field)
	case *kopernik.DoubleFieldCondition:
		for _, f := range x.Fields {
			add(f)
		}
	case *kopernik.PartCondition:
		for _, k := range x.Sort {
			add(k.Field)
		}
	case *kopernik.ChangeCondition:
		add(x.Field)
	}
	return ids
}

// readsInterest reports whether a condition's answer depends on the
// interest: it names it, or tests its group.
func readsInterest(p kopernik.ConditionProps, i *kopernik.Interest, group string) bool {
	switch x := p.(type) {
	case *kopernik.InterestCondition:
		if groupMode(x.Mode) {
			return x.Group != "" && strings.EqualFold(x.Group, group)
		}
		return x.Interest == i.ID
	case *kopernik.ChangeCondition:
		return x.Interest == i.ID
	}
	return false
}

// UsingField lists the selections with a condition that reads the field.
func (d *Definitions) UsingField(field int64) []kopernik.SelectionRef {
	return d.using(func(p kopernik.ConditionProps) bool { return slices.Contains(FieldsOf(p), field) })
}

// UsingInterest lists the selections with a condition whose answer depends
// on the interest while it belongs to group: one that names it, or one that
// tests that group.
func (d *Definitions) UsingInterest(i *kopernik.Interest, group string) []kopernik.SelectionRef {
	return d.using(func(p kopernik.ConditionProps) bool { return readsInterest(p, i, group) })
}

// ReferringTo lists the selections with a condition that names target,
// other than target itself.
func (d *Definitions) ReferringTo(target kopernik.SelectionRef) []kopernik.SelectionRef {
	return d.using(func(p kopernik.ConditionProps) bool {
		t, ok := conditionTarget(p)
		return ok && t == target
	})
}

// using lists, in ID order (views first), the selections that own a
// condition for which hit holds.
func (d *Definitions) using(hit func(kopernik.ConditionProps) bool) []kopernik.SelectionRef {
	var out []kopernik.SelectionRef
	for _, c := range d.Conditions {
		if !hit(c.Props) {
			continue
		}
		if r := d.rule[c.Rule]; r != nil && !slices.Contains(out, r.Owner) {
			out = append(out, r.Owner)
		}
	}
	slices.SortFunc(out, func(a, b kopernik.SelectionRef) int {
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		return cmpID(a.ID, b.ID)
	})
	return out
}

// Subtree lists a view and every view nested in it, at any depth, parents
// before their children.
func (d *Definitions) Subtree(view int64) []*kopernik.View {
	v := d.view[view]
	if v == nil {
		return nil
	}
	out := []*kopernik.View{v}
	for i := 0; i < len(out); i++ {
		out = append(out, d.children[out[i].ID]...)
	}
	return out
}

// ViewsOf lists every view of a database, nested ones included, by ID.
func (d *Definitions) ViewsOf(database int64) []*kopernik.View {
	var out []*kopernik.View
	for _, v := range d.Views {
		if v.Database == database {
			out = append(out, v)
		}
	}
	return out
}

// LookupRule resolves the {id} segment of a rule or minirule route (O-21):
// digits are an ID, which must be a rule of the given kind of owner; a name
// is accepted only when exactly one such rule of the account has it.
func (d *Definitions) LookupRule(kind kopernik.SelectionKind, segment string) *kopernik.Rule {
	if id, ok := refID(segment); ok {
		if r := d.rule[id]; r != nil && r.Owner.Kind == kind {
			return r
		}
		return nil
	}
	var found *kopernik.Rule
	for _, r := range d.Rules {
		if r.Owner.Kind == kind && strings.EqualFold(r.Name, segment) {
			if found != nil {
				return nil
			}
			found = r
		}
	}
	return found
}

// Remap says where references of copied conditions point: the copy of a
// field, interest, view or miniview, or 0 where the target was not copied
// (the reference then dangles).
type Remap struct {
	Field, Interest, View, Miniview func(id int64) int64
}

// Rewrite returns a copy of p with every reference passed through m; a nil
// function keeps that kind of reference as it is.
func (m Remap) Rewrite(p kopernik.ConditionProps) (kopernik.ConditionProps, error) {
	c, err := Clone(p)
	if err != nil {
		return nil, err
	}
	f := func(fn func(int64) int64, id int64) int64 {
		if fn == nil || id == 0 {
			return id
		}
		return fn(id)
	}
	switch x := c.(type) {
	case *kopernik.FieldCondition:
		x.Field, x.OtherField = f(m.Field, x.Field), f(m.Field, x.OtherField)
	case *kopernik.DateCondition:
		x.Field = f(m.Field, x.Field)
	case *kopernik.DoubleFieldCondition:
		for i := range x.Fields {
			x.Fields[i] = f(m.Field, x.Fields[i])
		}
	case *kopernik.PartCondition:
		for i := range x.Sort {
			x.Sort[i].Field = f(m.Field, x.Sort[i].Field)
		}
	case *kopernik.ChangeCondition:
		x.Field, x.Interest = f(m.Field, x.Field), f(m.Interest, x.Interest)
	case *kopernik.InterestCondition:
		x.Interest = f(m.Interest, x.Interest)
	case *kopernik.ReferViewCondition:
		x.View = f(m.View, x.View)
	case *kopernik.MiniViewCondition:
		x.Miniview = f(m.Miniview, x.Miniview)
	}
	return c, nil
}
