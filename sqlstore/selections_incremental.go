package sqlstore

import (
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/kopernik/kopernik"
)

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

// keptState is what a transaction knows of the build rows of one group's
// kept selections (and, on PostgreSQL, of one touch's marked ones): after
// the first read they can change only through this transaction — on
// PostgreSQL it holds them FOR SHARE, on SQLite it is the only writer — so
// later jobs of the batch reuse it until the transaction writes
// selection_builds itself (forgetKept) or a job is rolled back.
type keptState struct {
	g     *incGroup
	touch *incTouch
	clean []bool
	some  bool
}

// forgetKept drops the cached build states when q may change a build row:
// any statement on selection_builds but a read. The writer's own marks of
// non-kept rows go through execMark and keep it.
func (t *Tx) forgetKept(q string) {
	if len(t.kept) > 0 && strings.Contains(q, "selection_builds") && !strings.HasPrefix(q, "SELECT") {
		t.kept = nil
	}
}

// execMark runs a touch's mark statement: it only makes non-kept rows
// dirty, so the cached states of kept rows stay true.
func (t *Tx) execMark(touch *incTouch) error {
	kept := t.kept
	_, err := t.Exec(touch.markSQL, touch.markArg...)
	t.kept = kept
	return err
}

// cleanRows reads which kept selections of g have a clean build row. On
// PostgreSQL it holds the rows it reads FOR SHARE and marks dirty the rows
// of touch.marks that a build on another node made clean after the mark.
func (t *Tx) cleanRows(g *incGroup, touch *incTouch) ([]bool, bool, error) {
	for _, k := range t.kept {
		if k.g == g && (k.touch == touch || !t.s.d.Shared()) {
			return slices.Clone(k.clean), k.some, nil
		}
	}
	clean, some, err := t.readCleanRows(g, touch)
	if err == nil && len(t.kept) < 8 {
		t.kept = append(t.kept, keptState{g, touch, slices.Clone(clean), some})
	}
	return clean, some, err
}

func (t *Tx) readCleanRows(g *incGroup, touch *incTouch) (clean []bool, some bool, err error) {
	if g.countSQL != "" {
		// Mostly every kept selection is clean: one counted row says so
		// (a row per selection costs a driver round trip each).
		rows, err := t.queryKept(g.countSQL, g.countArgs...)
		if err != nil {
			return nil, false, err
		}
		var n int
		for rows.Next() {
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return nil, false, err
			}
		}
		if err := closeRows(rows); err != nil {
			return nil, false, err
		}
		if n == len(g.kept) {
			clean = make([]bool, len(g.sels))
			for _, s := range g.kept {
				clean[s.pos] = true
			}
			return clean, true, nil
		}
		if n == 0 {
			return nil, false, nil
		}
	}
	clean, some, late, n, err := t.scanCleanRows(g, touch)
	if err == nil && touch.ensureSQL != "" && n < touch.stateRows {
		// A selection never built has no row to hold, and a build on another
		// node could insert one and commit members without this write. Its
		// row is made now (as never built); an insert racing with the
		// build's waits for it, and the rows are read again.
		if _, err := t.Exec(touch.ensureSQL, touch.ensureArgs...); err != nil {
			return nil, false, err
		}
		clean, some, late, _, err = t.scanCleanRows(g, touch)
	}
	if err != nil {
		return nil, false, err
	}
	return clean, some, t.MarkSelectionsDirty(late)
}

// scanCleanRows runs touch's state query: the kept selections with a clean
// row, the marked ones found clean (late), and how many rows there were.
func (t *Tx) scanCleanRows(g *incGroup, touch *incTouch) (clean []bool, some bool, late []kopernik.SelectionRef, n int, err error) {
	rows, err := t.queryKept(touch.stateSQL, touch.stateArgs...)
	if err != nil {
		return nil, false, nil, 0, err
	}
	clean = make([]bool, len(g.sels))
	for rows.Next() {
		n++
		var kind string
		var id int64
		var dirty bool
		if err := rows.Scan(&kind, &id, &dirty); err != nil {
			rows.Close()
			return nil, false, nil, 0, err
		}
		if dirty {
			continue
		}
		ref := kopernik.ViewRef(id)
		if kind == "miniview" {
			ref = kopernik.MiniviewRef(id)
		}
		if slices.Contains(touch.marks, ref) {
			late = append(late, ref)
			continue
		}
		for _, s := range g.kept {
			if s.ref == ref {
				clean[s.pos], some = true, true
			}
		}
	}
	return clean, some, late, n, closeRows(rows)
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

// queryKept is Query through the writer's prepared statements: the state
// query runs on every change of a database with selections.
func (t *Tx) queryKept(q string, args ...any) (*sql.Rows, error) {
	q = Rebind(t.s.d, q)
	st, err := t.s.w.stmts.stmt(t.ctx, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return t.conn.QueryContext(t.ctx, q, args...)
	}
	return st.QueryContext(t.ctx, args...)
}

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

// joinSQL[n] inserts n view members.
var joinSQL = func() []string {
	out := make([]string, 33)
	for n := 1; n < len(out); n++ {
		out[n] = `INSERT INTO view_members (view_id, profile_id) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")
	}
	return out
}()

// The view members a batch gains wait in t.joins and are written together:
// before the commit, and before any other statement on view_members (a
// build, a member lookup of another path) so that it sees them. The keeper
// itself asks t.joins first (pendingJoin) and goes around the hook.

// pendingJoin is the index of (view, profile) in t.joins, or -1.
func (t *Tx) pendingJoin(view, profile int64) int {
	for i := 0; i+1 < len(t.joins); i += 2 {
		if t.joins[i] == any(view) && t.joins[i+1] == any(profile) {
			return i
		}
	}
	return -1
}

// flushJoinsFor writes the waiting members before a statement that names
// view_members (and not only miniview_members).
func (t *Tx) flushJoinsFor(q string) error {
	if len(t.joins) == 0 {
		return nil
	}
	for rest := q; ; {
		i := strings.Index(rest, "view_members")
		if i < 0 {
			return nil
		}
		if i < 4 || rest[i-4:i] != "mini" {
			return t.flushJoins()
		}
		rest = rest[i+len("view_members"):]
	}
}

// flushJoins writes the waiting view members.
func (t *Tx) flushJoins() error {
	if t.joinsErr != nil {
		return t.joinsErr
	}
	for len(t.joins) > 0 {
		n := min(len(t.joins)/2, len(joinSQL)-1)
		if _, err := t.execRaw(joinSQL[n], t.joins[:2*n]...); err != nil {
			return err
		}
		t.joins = t.joins[2*n:]
	}
	t.joins, t.joinsMark = nil, 0
	return nil
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
	rows, err := t.Query(`SELECT id FROM `+ownerTable(co)+` WHERE profile_id = ? AND removed IS NULL ORDER BY id`, profile)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, closeRows(rows)
}
