package sqlstore

import (
	"slices"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// incPlan is what the writer needs to keep members fresh, worked out once
// per catalog snapshot: per database, its selections in build order with
// their conditions prepared, and the statements that read and mark their
// build rows. A write to a database without selections finds no group and
// does nothing more.
type incPlan struct {
	cat    *kopernik.Catalog
	groups map[int64]*incGroup // database ID → its views and miniviews
}

// incGroup holds the selections of one database: its views and the
// miniviews of its collections. Every dependency of a selection lies in
// its own database, so a change never looks beyond its group.
type incGroup struct {
	sels []*incSel // build order
	// kept lists the selections maintained one entity at a time: their
	// build rows are read (on PostgreSQL: held FOR SHARE) by every change
	// of the database.
	kept []*incSel
	// countSQL counts the clean build rows of kept (SQLite).
	countSQL  string
	countArgs []any
	// Per kind of change: the kept selections that test the written entity
	// directly, and the statement that marks dirty the others it may move.
	onProfile incTouch
	onSubs    map[int64]*incTouch // collection ID → subprofile changes
}

// incTouch is what a change of one owner touches.
type incTouch struct {
	direct  []*incSel // kept selections whose candidates are the entity's kind
	markSQL string    // "" when nothing is to be marked
	markArg []any
	marks   []kopernik.SelectionRef
	// stateSQL reads the build rows of the group's kept selections, and on
	// PostgreSQL also of marks, in (kind, id) order, there FOR SHARE.
	stateSQL  string
	stateArgs []any
	// stateRows is how many rows stateSQL reads once every selection has
	// one; ensureSQL (PostgreSQL) makes the missing ones.
	stateRows  int
	ensureSQL  string
	ensureArgs []any
}

// incSel is one view or miniview as the writer evaluates it.
type incSel struct {
	ref  kopernik.SelectionRef
	pos  int // index in incGroup.sels
	kept bool
	// target is the database of a view, the collection of a miniview.
	target kopernik.Owner
	parent *incSel // the parent of a nested view
	rules  []incRule
	// deps and dependents inside the group (the graph of §3.4).
	deps, dependents []*incSel
}

// incRule is an active rule: all tests must hold, or (inversed) not all.
type incRule struct {
	tests    []selection.Test
	inversed bool
}

// incPlanFor returns the plan of cat, making it on first use.
func (s *Store) incPlanFor(cat *kopernik.Catalog) *incPlan {
	if p := s.inc.Load(); p != nil && p.cat == cat {
		return p
	}
	p := s.makeIncPlan(cat)
	s.inc.Store(p)
	return p
}

// makeIncPlan indexes the selections of cat. A snapshot without any has an
// empty plan, found without allocating on every later write.
func (s *Store) makeIncPlan(cat *kopernik.Catalog) *incPlan {
	p := &incPlan{cat: cat}
	defs := selection.Of(cat)
	if len(defs.Views) == 0 && len(defs.Miniviews) == 0 {
		return p
	}
	order, err := defs.BuildOrder()
	if err != nil {
		// Stored definitions with a cycle (which the checks keep out):
		// nothing can be kept in order, so every change marks its
		// selections dirty, and the build reports the cycle.
		order = nil
		for _, v := range defs.Views {
			order = append(order, kopernik.ViewRef(v.ID))
		}
		for _, m := range defs.Miniviews {
			order = append(order, kopernik.MiniviewRef(m.ID))
		}
	}
	p.groups = map[int64]*incGroup{}
	env := selection.Env{Catalog: cat, Defs: defs, Now: s.now()}
	byRef := map[kopernik.SelectionRef]*incSel{}
	for _, ref := range order {
		sel := &incSel{ref: ref}
		var db int64
		if ref.Kind == kopernik.KindView {
			v := defs.View(ref.ID)
			db, sel.target = v.Database, kopernik.DatabaseOwner(v.Database)
			if v.Parent != 0 {
				sel.parent = byRef[kopernik.ViewRef(v.Parent)]
			}
		} else {
			m := defs.Miniview(ref.ID)
			c := cat.Collection(m.Collection)
			if c == nil {
				continue
			}
			db, sel.target = c.DatabaseID, kopernik.CollectionOwner(m.Collection)
		}
		g := p.groups[db]
		if g == nil {
			g = &incGroup{onSubs: map[int64]*incTouch{}}
			p.groups[db] = g
		}
		sel.pos = len(g.sels)
		g.sels = append(g.sels, sel)
		byRef[ref] = sel
		for _, d := range defs.DependsOn(ref) {
			if ds := byRef[d]; ds != nil {
				sel.deps = append(sel.deps, ds)
				ds.dependents = append(ds.dependents, sel)
			}
		}
		sel.kept = err == nil && defs.Depends(ref).PerEntity() && prepareRules(env, defs, sel)
	}
	for db, g := range p.groups {
		g.plan(cat, defs, db, s.d.Shared())
	}
	return p
}

// prepareRules prepares the active rules of a per-entity selection; false
// when a condition cannot be prepared, which leaves the selection to
// dirty marks and rebuilds.
func prepareRules(env selection.Env, defs *selection.Definitions, sel *incSel) bool {
	for _, r := range defs.RulesOf(sel.ref) {
		if !defs.Active(r) {
			continue
		}
		ir := incRule{inversed: r.Inversed}
		for _, c := range defs.ConditionsOf(r.ID) {
			t, err := selection.Prepare(env, sel.target, c.Props)
			if err != nil {
				return false
			}
			ir.tests = append(ir.tests, t)
		}
		sel.rules = append(sel.rules, ir)
	}
	return true
}

// plan works out what each kind of change in the database touches.
func (g *incGroup) plan(cat *kopernik.Catalog, defs *selection.Definitions, db int64, shared bool) {
	var views, journal []*incSel
	for _, sel := range g.sels {
		if sel.kept {
			g.kept = append(g.kept, sel)
		}
		if sel.ref.Kind == kopernik.KindMiniview {
			continue
		}
		views = append(views, sel)
		if defs.Depends(sel.ref)&selection.DepJournal != 0 {
			journal = append(journal, sel) // "any" and the subprofile change types read subprofile events (§5.8)
		}
	}
	if !shared && len(g.kept) > 0 {
		g.countSQL, g.countArgs = buildRowsWhere(`SELECT COUNT(*) FROM selection_builds WHERE dirty = ? AND `, g.kept)
		g.countArgs = append([]any{false}, g.countArgs...)
	}
	g.onProfile = g.touchOf(views, shared)
	if d := cat.Database(db); d != nil {
		for _, c := range d.Collections {
			var minis []*incSel
			for _, sel := range g.sels {
				if sel.target == kopernik.CollectionOwner(c.ID) {
					minis = append(minis, sel)
				}
			}
			if t := g.touchOf(append(minis, journal...), shared); t.stateSQL != "" || t.markSQL != "" {
				g.onSubs[c.ID] = &t
			}
		}
	}
}

// touchOf splits the selections a change reaches directly into those kept
// entity by entity and those marked dirty, with everything depending on the
// latter (which depends on something that is not per-entity, so is not kept
// either).
func (g *incGroup) touchOf(direct []*incSel, shared bool) incTouch {
	var t incTouch
	seen := map[*incSel]bool{}
	var mark func(s *incSel)
	mark = func(s *incSel) {
		if seen[s] {
			return
		}
		seen[s] = true
		t.marks = append(t.marks, s.ref)
		for _, d := range s.dependents {
			mark(d)
		}
	}
	for _, s := range direct {
		if s.kept {
			t.direct = append(t.direct, s)
		} else {
			mark(s)
		}
	}
	rows := g.kept
	if len(t.marks) > 0 {
		var sels []*incSel
		for _, r := range t.marks {
			sels = append(sels, &incSel{ref: r})
		}
		// Only clean rows are written: a dirty one stays dirty until a
		// build, and on PostgreSQL the FOR SHARE below waits for a build
		// running on another node.
		t.markSQL, t.markArg = buildRowsWhere(`UPDATE selection_builds SET dirty = ? WHERE dirty = ? AND `, sels)
		t.markArg = append([]any{true, false}, t.markArg...)
		if shared {
			rows = append(slices.Clone(g.kept), sels...)
		}
	}
	if len(rows) > 0 && (shared || len(t.direct) > 0) {
		t.stateSQL, t.stateArgs = buildRowsWhere(`SELECT kind, id, dirty FROM selection_builds WHERE `, rows)
		t.stateSQL += ` ORDER BY kind, id`
		t.stateRows = len(rows)
		if shared {
			t.stateSQL += ` FOR SHARE`
			var vals []string
			for _, r := range rows {
				vals = append(vals, `(?, ?, '', ?)`)
				t.ensureArgs = append(t.ensureArgs, kindWord(r.ref.Kind), r.ref.ID, true)
			}
			t.ensureSQL = `INSERT INTO selection_builds (kind, id, built_at, dirty) VALUES ` + strings.Join(vals, ", ") +
				` ON CONFLICT (kind, id) DO NOTHING`
		}
	}
	return t
}

// buildRowsWhere completes a statement with the condition that picks the
// build rows of sels, every ID a placeholder.
func buildRowsWhere(head string, sels []*incSel) (string, []any) {
	var views, minis []any
	for _, s := range sels {
		if s.ref.Kind == kopernik.KindView {
			views = append(views, s.ref.ID)
		} else {
			minis = append(minis, s.ref.ID)
		}
	}
	var parts []string
	var args []any
	in := func(kind string, ids []any) {
		if len(ids) == 0 {
			return
		}
		parts = append(parts, `(kind = '`+kind+`' AND id IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+`))`)
		args = append(args, ids...)
	}
	in("view", views)
	in("miniview", minis)
	if len(parts) == 0 {
		return head + `1 = 0`, nil
	}
	return head + `(` + strings.Join(parts, ` OR `) + `)`, args
}
