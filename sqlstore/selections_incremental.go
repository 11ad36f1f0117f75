package sqlstore

import "github.com/kopernik/kopernik"

// Members are kept fresh in the writer (issue "always fresh"): every
// profile or subprofile change reaches keepMembers in the transaction that
// makes it, before the journal row of the change is committed with it.
//
//   - A selection whose members depend only on each entity's own data and
//     on the members of the selections it refers to (selection.Dep zero:
//     Field, Interest, Date with fixed bounds, ReferView, MiniView, nesting
//     over those) and whose build row is clean is kept exactly: the written
//     entity is tested against its prepared rules, its member row is
//     written or deleted when its membership changes, and only then do the
//     selections depending on it test the entity's profile (or, for a
//     miniview used in minirules, the profile's subprofiles) in turn, in
//     build order, so every lookup reads members already brought up to date.
//   - Every other selection the change may move (relative dates, Part,
//     DoubleField, Change, Export, and what depends on them) is marked
//     dirty, to be rebuilt before its members are served.
//   - A selection without a build row, or dirty, is left alone: it is built
//     before it is read.
//
// On PostgreSQL the build rows of the kept selections are held FOR SHARE
// and the marked ones are updated (so locked) in the transaction: a build
// on another node, which holds its row FOR UPDATE, either finishes before
// this change reads the members or starts after it commits.

// keepSelections is the observer that keeps members: registered by every
// store, it hears each change made through Tx.record and each one a bulk
// path hands to the observers itself (imports).
func keepSelections(t *Tx, c *kopernik.Change) error {
	if g := t.selectionGroup(c.Entity.Owner); g != nil {
		return t.keepMembers(g, c)
	}
	return nil
}

// selectionGroup is the group of selections a change of o must reach; nil
// when its database has none, which costs two map lookups and nothing else.
func (t *Tx) selectionGroup(o kopernik.Owner) *incGroup {
	p := t.s.incPlanFor(t.Cat)
	if p.groups == nil {
		return nil
	}
	db := o.ID
	if o.Kind == kopernik.OwnerCollection {
		c := t.Cat.Collection(o.ID)
		if c == nil {
			return nil
		}
		db = c.DatabaseID
	}
	return p.groups[db]
}

// keepMembers brings the selections of g up to date with one change.
func (t *Tx) keepMembers(g *incGroup, c *kopernik.Change) error {
	e := c.Entity
	touch := &g.onProfile
	if e.Owner.Kind == kopernik.OwnerCollection {
		if touch = g.onSubs[e.Owner.ID]; touch == nil {
			return nil
		}
	}
	if touch.markSQL != "" {
		if err := t.execMark(touch); err != nil {
			return err
		}
	}
	if touch.stateSQL == "" {
		return nil
	}
	clean, some, err := t.cleanRows(g, touch)
	if err != nil || !some || len(touch.direct) == 0 {
		return err
	}
	w := &incWork{t: t, g: g, clean: clean}
	if c.Kind == kopernik.ChangeCreate {
		w.created = entKey{e.Owner.Kind, e.ID}
	}
	if trusted(c) {
		w.ents = append(w.ents, loaded{entKey{e.Owner.Kind, e.ID}, storedForm(t.Cat, e)})
	}
	for _, s := range touch.direct {
		w.push(s, e.ID)
	}
	return w.run()
}

// trusted reports a change whose entity is the whole truth: a removed one
// is no member of anything, and a create made through the API carries every
// value and interest. Anything else (an update: interests travel apart; a
// bulk path that announces its changes after writing them) is read back
// from the transaction.
func trusted(c *kopernik.Change) bool {
	return c.Entity.Removed != "" || (c.Kind == kopernik.ChangeCreate && c.Caller == kopernik.CallerREST)
}

// storedForm is the entity as a build reads it back: numbers in the form
// the columns give them ("1.50" is stored as 1.5).
func storedForm(cat *kopernik.Catalog, e *kopernik.Entity) *kopernik.Entity {
	out := e
	for _, f := range cat.Fields(e.Owner) {
		if !f.Type.IsNumeric() {
			continue
		}
		v, ok := e.Values[f.ID]
		if !ok {
			continue
		}
		if sv := storedText(f.Type, bindValue(f.Type, v)); sv != v {
			if out == e {
				cp := *e
				cp.Values = make(map[int64]string, len(e.Values))
				for k, x := range e.Values {
					cp.Values[k] = x
				}
				out = &cp
			}
			out.Values[f.ID] = sv
		}
	}
	return out
}
