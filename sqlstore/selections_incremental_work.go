package sqlstore

import (
	"database/sql"
	"errors"

	"github.com/kopernik/kopernik"
)

// One change worked through the selections of its database: the queue in
// build order, the test of one entity against one selection, the member
// rows it moves, and the lookups the tests ask.

type entKey struct {
	kind kopernik.OwnerKind
	id   int64
}

type loaded struct {
	key entKey
	e   *kopernik.Entity // nil: gone
}

type incItem struct {
	sel *incSel
	id  int64 // a profile for a view, a subprofile for a miniview
	// done: settled, member tells the outcome.
	done, member bool
}

// incWork is one change worked through the selections of a group. It is
// the selection.Lookups of the tests, answered from the member tables in
// the transaction; the first failing query stops the work. A change
// touches a handful of entities and selections, so lists searched in
// order serve where maps would cost more.
type incWork struct {
	t       *Tx
	g       *incGroup
	clean   []bool // by position in g.sels
	ents    []loaded
	created entKey // the entity this change created: a member of nothing yet
	// items are every (selection, entity) queued, settled ones included:
	// a nested or referring view asks for the membership its parent or
	// target just got.
	items []incItem
	err   error
}

func (w *incWork) push(s *incSel, id int64) {
	for _, it := range w.items {
		if it.sel == s && it.id == id {
			return
		}
	}
	w.items = append(w.items, incItem{sel: s, id: id})
}

// run works the queue in build order: an item's dependencies always sit
// earlier, so they are settled before it is tested.
func (w *incWork) run() error {
	for {
		next := -1
		for i, it := range w.items {
			if !it.done && (next < 0 || it.sel.pos < w.items[next].sel.pos) {
				next = i
			}
		}
		if next < 0 {
			return nil
		}
		member, err := w.settle(w.items[next])
		if err != nil {
			return err
		}
		w.items[next].done, w.items[next].member = true, member
	}
}

// settled reports the membership of id in s decided by this change.
func (w *incWork) settled(ref kopernik.SelectionRef, id int64) (member, ok bool) {
	for _, it := range w.items {
		if it.done && it.id == id && it.sel.ref == ref {
			return it.member, true
		}
	}
	return false, false
}

// settle tests one entity against one selection, writes the change of its
// membership, if any, and returns the membership.
func (w *incWork) settle(it incItem) (bool, error) {
	s := it.sel
	if !w.clean[s.pos] {
		return false, nil
	}
	for _, d := range s.deps {
		if !w.clean[d.pos] {
			// A clean selection over stale members cannot stay clean.
			return false, w.markDirty(s)
		}
	}
	kind := kopernik.OwnerDatabase
	if s.ref.Kind == kopernik.KindMiniview {
		kind = kopernik.OwnerCollection
	}
	e, err := w.entity(kind, it.id)
	if err != nil {
		return false, err
	}
	member := e != nil && e.Removed == "" && e.Owner == s.target &&
		(s.parent == nil || w.InView(s.parent.ref.ID, e.ID)) && w.holds(s, e)
	was := false
	if (entKey{kind, it.id}) != w.created {
		was = w.isMember(s, it.id)
	}
	if w.err != nil || member == was {
		return member, w.err
	}
	profile := it.id
	if kind == kopernik.OwnerCollection {
		if e != nil {
			profile = e.ProfileID
		} else if profile, err = w.t.memberProfile(s.ref.ID, it.id); err != nil {
			return false, err
		}
	}
	if err := w.write(s, it.id, profile, member); err != nil {
		return false, err
	}
	return member, w.propagate(s, profile)
}

// holds is §3.3 for one candidate: no active rule selects every candidate;
// otherwise some rule must hold, an inversed one when its conditions do not
// all hold.
func (w *incWork) holds(s *incSel, e *kopernik.Entity) bool {
	if len(s.rules) == 0 {
		return true
	}
	for _, r := range s.rules {
		all := true
		for _, test := range r.tests {
			if !test.Holds(e, w) {
				all = false
				break
			}
		}
		if all != r.inversed {
			return true
		}
	}
	return false
}

func (w *incWork) write(s *incSel, id, profile int64, member bool) error {
	var err error
	switch {
	case s.ref.Kind == kopernik.KindView && member:
		w.t.joins = append(w.t.joins, s.ref.ID, id)
	case s.ref.Kind == kopernik.KindView:
		if i := w.t.pendingJoin(s.ref.ID, id); i >= 0 {
			w.t.joins = append(w.t.joins[:i], w.t.joins[i+2:]...)
			return nil
		}
		_, err = w.t.execRaw(`DELETE FROM view_members WHERE view_id = ? AND profile_id = ?`, s.ref.ID, id)
	case member:
		_, err = w.t.Exec(`INSERT INTO miniview_members (miniview_id, subprofile_id, profile_id) VALUES (?, ?, ?)`, s.ref.ID, id, profile)
	default:
		_, err = w.t.Exec(`DELETE FROM miniview_members WHERE miniview_id = ? AND subprofile_id = ?`, s.ref.ID, id)
	}
	return err
}

// propagate queues what depends on s for the entity whose membership in s
// just changed: the profile in views (nested, referring, MiniView), the
// profile's subprofiles in miniviews whose minirules count s (O-15).
func (w *incWork) propagate(s *incSel, profile int64) error {
	for _, d := range s.dependents {
		switch {
		case !w.clean[d.pos]:
		case !d.kept:
			if err := w.markDirty(d); err != nil {
				return err
			}
		case d.ref.Kind == kopernik.KindView:
			w.push(d, profile)
		default:
			subs, err := w.t.liveSubprofiles(d.target, profile)
			if err != nil {
				return err
			}
			for _, sid := range subs {
				w.push(d, sid)
			}
		}
	}
	return nil
}

// markDirty hands s to the rebuild path, with everything depending on it.
func (w *incWork) markDirty(s *incSel) error {
	if err := w.t.MarkSelectionsDirty([]kopernik.SelectionRef{s.ref}); err != nil {
		return err
	}
	var off func(x *incSel)
	off = func(x *incSel) {
		w.clean[x.pos] = false
		for _, d := range x.dependents {
			off(d)
		}
	}
	off(s)
	return nil
}

// entity reads an entity as the transaction sees it; nil when it is gone
// (purged).
func (w *incWork) entity(kind kopernik.OwnerKind, id int64) (*kopernik.Entity, error) {
	k := entKey{kind, id}
	for _, l := range w.ents {
		if l.key == k {
			return l.e, nil
		}
	}
	e, err := w.t.s.loadEntity(w.t.ctx, w.t.conn, w.t.Cat, kind, id)
	if err != nil {
		if kopernik.ErrorCode(err) != kopernik.ENOTFOUND {
			return nil, err
		}
		e = nil
	}
	w.ents = append(w.ents, loaded{k, e})
	return e, nil
}

func (w *incWork) isMember(s *incSel, id int64) bool {
	if s.ref.Kind == kopernik.KindMiniview {
		return w.exists(`SELECT 1 FROM miniview_members WHERE miniview_id = ? AND subprofile_id = ?`, s.ref.ID, id)
	}
	return w.InView(s.ref.ID, id)
}

// InView implements selection.Lookups.
func (w *incWork) InView(view, profile int64) bool {
	if in, ok := w.settled(kopernik.ViewRef(view), profile); ok {
		return in
	}
	if w.t.pendingJoin(view, profile) >= 0 {
		return true
	}
	return w.exists(`SELECT 1 FROM view_members WHERE view_id = ? AND profile_id = ?`, view, profile)
}

// SubprofilesIn implements selection.Lookups.
func (w *incWork) SubprofilesIn(miniview, profile int64) int {
	var n int
	if err := w.t.QueryRow(`SELECT COUNT(*) FROM miniview_members WHERE miniview_id = ? AND profile_id = ?`,
		miniview, profile).Scan(&n); err != nil && w.err == nil {
		w.err = err
	}
	return n
}

func (w *incWork) exists(q string, a, b int64) bool {
	var one int
	err := w.t.queryRowRaw(q, a, b).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false
	}
	if err != nil && w.err == nil {
		w.err = err
	}
	return err == nil
}

// memberProfile is the profile stored with a miniview member.
func (t *Tx) memberProfile(miniview, subprofile int64) (int64, error) {
	var p int64
	err := t.QueryRow(`SELECT profile_id FROM miniview_members WHERE miniview_id = ? AND subprofile_id = ?`, miniview, subprofile).Scan(&p)
	return p, err
}

// liveSubprofiles lists the live subprofiles of a profile in a collection.
func (t *Tx) liveSubprofiles(co kopernik.Owner, profile int64) ([]int64, error) {
	return scanIDs(t.Query(`SELECT id FROM `+ownerTable(co)+` WHERE profile_id = ? AND removed IS NULL ORDER BY id`, profile))
}
