package selection

import (
	"slices"

	"github.com/kopernik/kopernik"
)

// Dependencies of §3.4: a view depends on its parent view and on every view
// and miniview its conditions refer to; a miniview on the miniviews its
// MiniView miniconditions name. Disabled rules count, so enabling a rule can
// never close a cycle. A reference to something deleted is no edge.

// targets lists the views and miniviews named by conditions of ref's rules,
// in rule and condition order, without repeats.
func (d *Definitions) targets(ref kopernik.SelectionRef) []kopernik.SelectionRef {
	var out []kopernik.SelectionRef
	for _, r := range d.rulesOf[ref] {
		for _, c := range d.condsOf[r.ID] {
			t, ok := conditionTarget(c.Props)
			if ok && d.Exists(t) && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// conditionTarget is the view or miniview a condition refers to, if any.
func conditionTarget(p kopernik.ConditionProps) (kopernik.SelectionRef, bool) {
	switch x := p.(type) {
	case *kopernik.ReferViewCondition:
		return kopernik.ViewRef(x.View), x.View != 0
	case *kopernik.MiniViewCondition:
		return kopernik.MiniviewRef(x.Miniview), x.Miniview != 0
	}
	return kopernik.SelectionRef{}, false
}

// graph computes the edges of every view and miniview once, when the
// snapshot is made: builds, output (has-referred) and the cycle checks of
// every write read them.
func (d *Definitions) graph() {
	d.dependsOn = map[kopernik.SelectionRef][]kopernik.SelectionRef{}
	d.dependents = map[kopernik.SelectionRef][]kopernik.SelectionRef{}
	d.referred = map[int64]bool{}
	for _, c := range d.Conditions {
		if rv, ok := c.Props.(*kopernik.ReferViewCondition); ok && rv.View != 0 {
			d.referred[rv.View] = true
		}
	}
	for _, n := range d.nodes() {
		var out []kopernik.SelectionRef
		if n.Kind == kopernik.KindView {
			if v := d.view[n.ID]; v.Parent != 0 && d.view[v.Parent] != nil {
				out = append(out, kopernik.ViewRef(v.Parent))
			}
		}
		for _, t := range d.targets(n) {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
		if len(out) > 0 {
			d.dependsOn[n] = out
		}
		// nodes() is in ID order, views first: so is every dependents list.
		for _, dep := range out {
			d.dependents[dep] = append(d.dependents[dep], n)
		}
	}
}

// DependsOn lists what ref must be built after: its parent view first, then
// the targets of its conditions.
func (d *Definitions) DependsOn(ref kopernik.SelectionRef) []kopernik.SelectionRef {
	return d.dependsOn[ref]
}

// Dependents lists the views and miniviews that depend on ref directly, in
// ID order (views first): what must be rebuilt after ref changes.
func (d *Definitions) Dependents(ref kopernik.SelectionRef) []kopernik.SelectionRef {
	return d.dependents[ref]
}

// nodes lists every view, then every miniview, in ID order.
func (d *Definitions) nodes() []kopernik.SelectionRef {
	out := make([]kopernik.SelectionRef, 0, len(d.Views)+len(d.Miniviews))
	for _, v := range d.Views {
		out = append(out, kopernik.ViewRef(v.ID))
	}
	for _, m := range d.Miniviews {
		out = append(out, kopernik.MiniviewRef(m.ID))
	}
	return out
}

// BuildOrder lists every view and miniview so that each comes after what it
// depends on; among independent ones miniviews come first, then views, each
// by ID, so the order is stable. A cycle in stored definitions (which the
// checks below keep out) is an internal error.
func (d *Definitions) BuildOrder() ([]kopernik.SelectionRef, error) {
	const (
		unseen = iota
		visiting
		done
	)
	state := map[kopernik.SelectionRef]int{}
	var order []kopernik.SelectionRef
	var visit func(n kopernik.SelectionRef) error
	visit = func(n kopernik.SelectionRef) error {
		switch state[n] {
		case done:
			return nil
		case visiting:
			return kopernik.Errorf(kopernik.EINTERNAL, "selection definitions contain a cycle through %v", n)
		}
		state[n] = visiting
		for _, dep := range d.DependsOn(n) {
			if err := visit(dep); err != nil {
				return err
			}
		}
		state[n] = done
		order = append(order, n)
		return nil
	}
	roots := make([]kopernik.SelectionRef, 0, len(d.Views)+len(d.Miniviews))
	for _, m := range d.Miniviews {
		roots = append(roots, kopernik.MiniviewRef(m.ID))
	}
	for _, v := range d.Views {
		roots = append(roots, kopernik.ViewRef(v.ID))
	}
	for _, n := range roots {
		if err := visit(n); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// Reaches reports whether from depends on to, directly or through others.
func (d *Definitions) Reaches(from, to kopernik.SelectionRef) bool {
	seen := map[kopernik.SelectionRef]bool{}
	stack := []kopernik.SelectionRef{from}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, dep := range d.DependsOn(n) {
			if dep == to {
				return true
			}
			if !seen[dep] {
				seen[dep] = true
				stack = append(stack, dep)
			}
		}
	}
	return false
}

// CheckDependency refuses a new edge "from depends on to" (a new ReferView
// or MiniView condition, a changed target) that would close a cycle (§3.4):
// a selection referring to itself, to a nested view of its own, or to
// something that already depends on it.
func (d *Definitions) CheckDependency(from, to kopernik.SelectionRef) error {
	if from == to || d.Reaches(to, from) {
		return kopernik.Errorf(kopernik.EINVALID, MsgCycle)
	}
	return nil
}
