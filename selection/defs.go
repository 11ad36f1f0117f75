package selection

import (
	"slices"
	"strings"

	"github.com/kopernik/kopernik"
)

// Definitions is an immutable snapshot of every view, miniview, rule and
// condition of the account, indexed for the lookups validation, output and
// builds need. Like kopernik.Catalog it is replaced, never changed.
type Definitions struct {
	Views      []*kopernik.View     // ID order
	Miniviews  []*kopernik.Miniview // ID order
	Rules      []*kopernik.Rule     // ID order
	Conditions []*kopernik.Condition

	view     map[int64]*kopernik.View
	miniview map[int64]*kopernik.Miniview
	rule     map[int64]*kopernik.Rule
	cond     map[int64]*kopernik.Condition
	rulesOf  map[kopernik.SelectionRef][]*kopernik.Rule
	condsOf  map[int64][]*kopernik.Condition
	children map[int64][]*kopernik.View

	// The dependency graph of §3.4, computed once per snapshot.
	dependsOn  map[kopernik.SelectionRef][]kopernik.SelectionRef
	dependents map[kopernik.SelectionRef][]kopernik.SelectionRef
	referred   map[int64]bool
}

// empty is the index of a catalog without selections.
var empty = NewDefinitions(nil, nil, nil, nil)

// Of returns the selection index of a catalog snapshot; a catalog built
// without one (a test's, or a store's before any view exists) has none.
func Of(cat *kopernik.Catalog) *Definitions {
	if cat != nil {
		if d, ok := cat.Selections.(*Definitions); ok && d != nil {
			return d
		}
	}
	return empty
}

// NewDefinitions indexes the given definitions; the slices are sorted by ID
// and then owned by the snapshot.
func NewDefinitions(views []*kopernik.View, minis []*kopernik.Miniview, rules []*kopernik.Rule, conds []*kopernik.Condition) *Definitions {
	slices.SortFunc(views, func(a, b *kopernik.View) int { return cmpID(a.ID, b.ID) })
	slices.SortFunc(minis, func(a, b *kopernik.Miniview) int { return cmpID(a.ID, b.ID) })
	slices.SortFunc(rules, func(a, b *kopernik.Rule) int { return cmpID(a.ID, b.ID) })
	slices.SortFunc(conds, func(a, b *kopernik.Condition) int { return cmpID(a.ID, b.ID) })
	d := &Definitions{
		Views: views, Miniviews: minis, Rules: rules, Conditions: conds,
		view:     make(map[int64]*kopernik.View, len(views)),
		miniview: make(map[int64]*kopernik.Miniview, len(minis)),
		rule:     make(map[int64]*kopernik.Rule, len(rules)),
		cond:     make(map[int64]*kopernik.Condition, len(conds)),
		rulesOf:  map[kopernik.SelectionRef][]*kopernik.Rule{},
		condsOf:  map[int64][]*kopernik.Condition{},
		children: map[int64][]*kopernik.View{},
	}
	for _, v := range views {
		d.view[v.ID] = v
		if v.Parent != 0 {
			d.children[v.Parent] = append(d.children[v.Parent], v)
		}
	}
	for _, m := range minis {
		d.miniview[m.ID] = m
	}
	for _, r := range rules {
		d.rule[r.ID] = r
		d.rulesOf[r.Owner] = append(d.rulesOf[r.Owner], r)
	}
	for _, c := range conds {
		d.cond[c.ID] = c
		d.condsOf[c.Rule] = append(d.condsOf[c.Rule], c)
	}
	d.graph()
	return d
}

func cmpID(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (d *Definitions) View(id int64) *kopernik.View           { return d.view[id] }
func (d *Definitions) Miniview(id int64) *kopernik.Miniview   { return d.miniview[id] }
func (d *Definitions) Rule(id int64) *kopernik.Rule           { return d.rule[id] }
func (d *Definitions) Condition(id int64) *kopernik.Condition { return d.cond[id] }

// Exists reports whether ref names a view or miniview of the snapshot.
func (d *Definitions) Exists(ref kopernik.SelectionRef) bool {
	if ref.Kind == kopernik.KindView {
		return d.view[ref.ID] != nil
	}
	return ref.Kind == kopernik.KindMiniview && d.miniview[ref.ID] != nil
}

// RulesOf lists the rules of a view or the minirules of a miniview, by ID.
func (d *Definitions) RulesOf(ref kopernik.SelectionRef) []*kopernik.Rule { return d.rulesOf[ref] }

// ConditionsOf lists the conditions of a rule, by ID.
func (d *Definitions) ConditionsOf(rule int64) []*kopernik.Condition { return d.condsOf[rule] }

// Children lists the views nested directly in a view, by ID.
func (d *Definitions) Children(view int64) []*kopernik.View { return d.children[view] }

// TopViews lists the views whose parent is the database (O-4), by ID.
func (d *Definitions) TopViews(database int64) []*kopernik.View {
	var out []*kopernik.View
	for _, v := range d.Views {
		if v.Database == database && v.Parent == 0 {
			out = append(out, v)
		}
	}
	return out
}

// MiniviewsOf lists the miniviews of a collection, by ID.
func (d *Definitions) MiniviewsOf(collection int64) []*kopernik.Miniview {
	var out []*kopernik.Miniview
	for _, m := range d.Miniviews {
		if m.Collection == collection {
			out = append(out, m)
		}
	}
	return out
}

// ViewByName finds a view of the database by name, case-insensitively;
// names are unique per database (§2.1), at every nesting level.
func (d *Definitions) ViewByName(database int64, name string) *kopernik.View {
	for _, v := range d.Views {
		if v.Database == database && strings.EqualFold(v.Name, name) {
			return v
		}
	}
	return nil
}

// Referred reports whether some ReferView condition, in any rule, names the
// view (the view's has-referred).
func (d *Definitions) Referred(view int64) bool { return d.referred[view] }

// ViewsUsingMiniview lists the views with a MiniView condition on the
// miniview (GET miniview/{id}/views, §3.4), by ID.
func (d *Definitions) ViewsUsingMiniview(miniview int64) []*kopernik.View {
	var out []*kopernik.View
	for _, n := range d.dependents[kopernik.MiniviewRef(miniview)] {
		if n.Kind == kopernik.KindView {
			out = append(out, d.view[n.ID])
		}
	}
	return out
}

// OwnerOfRule is the view or miniview a rule belongs to.
func (d *Definitions) OwnerOfRule(rule int64) (kopernik.SelectionRef, bool) {
	r := d.rule[rule]
	if r == nil {
		return kopernik.SelectionRef{}, false
	}
	return r.Owner, true
}

// LookupView resolves the {id} segment of a view route (O-21): digits are
// an ID; a name is accepted only when exactly one view of the account has
// it (case-insensitively). nil when nothing or more than one matches.
func (d *Definitions) LookupView(segment string) *kopernik.View {
	if id, ok := refID(segment); ok {
		return d.view[id]
	}
	var found *kopernik.View
	for _, v := range d.Views {
		if strings.EqualFold(v.Name, segment) {
			if found != nil {
				return nil
			}
			found = v
		}
	}
	return found
}

// LookupMiniview is LookupView for miniview routes.
func (d *Definitions) LookupMiniview(segment string) *kopernik.Miniview {
	if id, ok := refID(segment); ok {
		return d.miniview[id]
	}
	var found *kopernik.Miniview
	for _, m := range d.Miniviews {
		if strings.EqualFold(m.Name, segment) {
			if found != nil {
				return nil
			}
			found = m
		}
	}
	return found
}
