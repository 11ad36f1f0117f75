package selection

import "github.com/kopernik/kopernik"

// Dep says what, besides one entity's own data and the members of the
// selections it refers to, a condition's answer depends on. A zero Dep is a
// per-entity condition: the writer can re-evaluate it for the one entity it
// writes (Field, Interest, Date with fixed bounds, ReferView, MiniView, and
// the constant empty-history types). Anything else makes a selection dirty
// on writes, to be rebuilt as a whole.
type Dep uint8

const (
	// DepClock: a relative time window, which moves as the clock does.
	DepClock Dep = 1 << iota
	// DepSet: the answer for one entity depends on the others (Part,
	// DoubleField).
	DepSet
	// DepJournal: reads the change journal (Change).
	DepJournal
	// DepExports: reads the export log (Export).
	DepExports
)

// PerEntity reports a dependence on nothing but the entity and lookups.
func (d Dep) PerEntity() bool { return d == 0 }

// Depends classifies one condition.
func Depends(p kopernik.ConditionProps) Dep {
	var d Dep
	var w *kopernik.TimeWindow
	switch x := p.(type) {
	case *kopernik.DateCondition:
		w = &x.Window
	case *kopernik.DoubleFieldCondition, *kopernik.PartCondition:
		d = DepSet
	case *kopernik.ChangeCondition:
		d, w = DepJournal, &x.Window
	case *kopernik.ExportCondition:
		d, w = DepExports, &x.Window
	}
	if w != nil && w.Relative() {
		d |= DepClock
	}
	return d
}

// Active reports whether a rule takes part in its selection: not disabled
// and holding at least one condition (§3.1 items 4 and 6).
func (d *Definitions) Active(r *kopernik.Rule) bool {
	return !r.Disabled && len(d.condsOf[r.ID]) > 0
}

// Depends is the union of what the members of ref depend on: the
// conditions of its active rules, and everything its parent and the
// targets of those rules depend on. Inactive rules do not count: changing
// a rule changes the definition, which dirties the selection anyway.
func (d *Definitions) Depends(ref kopernik.SelectionRef) Dep {
	return d.depends(ref, map[kopernik.SelectionRef]bool{})
}

func (d *Definitions) depends(ref kopernik.SelectionRef, seen map[kopernik.SelectionRef]bool) Dep {
	if seen[ref] {
		return 0
	}
	seen[ref] = true
	var dep Dep
	if ref.Kind == kopernik.KindView {
		if v := d.view[ref.ID]; v != nil && v.Parent != 0 {
			dep |= d.depends(kopernik.ViewRef(v.Parent), seen)
		}
	}
	for _, r := range d.rulesOf[ref] {
		if !d.Active(r) {
			continue
		}
		for _, c := range d.condsOf[r.ID] {
			dep |= Depends(c.Props)
			if t, ok := conditionTarget(c.Props); ok && d.Exists(t) {
				dep |= d.depends(t, seen)
			}
		}
	}
	return dep
}
