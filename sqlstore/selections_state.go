package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Build state of views and miniviews (table selection_builds). No row: the
// selection was never built and has no members to serve. A clean row: the
// members are exactly what a full build would compute now. A dirty row: they
// may be stale and are rebuilt before they are served (within the time
// limit; past it the old ones are served).

// kindWord is the kind column of selection_builds.
func kindWord(k kopernik.SelectionKind) string {
	if k == kopernik.KindMiniview {
		return "miniview"
	}
	return "view"
}

// BuildState is what selection_builds says of one selection.
type BuildState struct {
	Built   bool   // a row exists: members were built once
	BuiltAt string // kopernik.Stamp of the build's reference time
	Dirty   bool
}

// Fresh reports members that may be served as they are.
func (b BuildState) Fresh() bool { return b.Built && !b.Dirty }

// MarkSelectionsDirty marks refs and everything that depends on them,
// following the graph of t.Cat. Selections never built stay without a row:
// they are built on first read anyway.
func (t *Tx) MarkSelectionsDirty(refs []kopernik.SelectionRef) error {
	if len(refs) == 0 {
		return nil
	}
	for _, r := range inLockOrder(t.withDependents(refs)) {
		if _, err := t.Exec(`UPDATE selection_builds SET dirty = ? WHERE kind = ? AND id = ? AND dirty = ?`,
			true, kindWord(r.Kind), r.ID, false); err != nil {
			return err
		}
	}
	return nil
}

// inLockOrder sorts refs in (kind, id) order, the order in which builds
// and writers take build rows on PostgreSQL, so that marking rows dirty
// cannot wait in a circle with another node's build or writer.
func inLockOrder(refs []kopernik.SelectionRef) []kopernik.SelectionRef {
	slices.SortFunc(refs, func(a, b kopernik.SelectionRef) int {
		if c := strings.Compare(kindWord(a.Kind), kindWord(b.Kind)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return refs
}

// inBuildOrder sorts refs so that each comes after what it depends on.
func inBuildOrder(d *selection.Definitions, refs []kopernik.SelectionRef) []kopernik.SelectionRef {
	if len(refs) < 2 {
		return refs
	}
	order, err := d.BuildOrder()
	if err != nil {
		return refs
	}
	pos := make(map[kopernik.SelectionRef]int, len(order))
	for i, r := range order {
		pos[r] = i
	}
	slices.SortStableFunc(refs, func(a, b kopernik.SelectionRef) int { return pos[a] - pos[b] })
	return refs
}

// withDependents is refs followed by everything that depends on them,
// directly or not, each once.
func (t *Tx) withDependents(refs []kopernik.SelectionRef) []kopernik.SelectionRef {
	d := t.defs()
	seen := map[kopernik.SelectionRef]bool{}
	var out []kopernik.SelectionRef
	stack := append([]kopernik.SelectionRef(nil), refs...)
	for len(stack) > 0 {
		r := stack[0]
		stack = stack[1:]
		if seen[r] {
			continue
		}
		seen[r] = true
		out = append(out, r)
		stack = append(stack, d.Dependents(r)...)
	}
	return out
}

// dropSelections forgets the members and build state of deleted selections.
func (t *Tx) dropSelections(refs []kopernik.SelectionRef) error {
	for _, r := range refs {
		q := `DELETE FROM view_members WHERE view_id = ?`
		if r.Kind == kopernik.KindMiniview {
			q = `DELETE FROM miniview_members WHERE miniview_id = ?`
		}
		if _, err := t.Exec(q, r.ID); err != nil {
			return err
		}
		if _, err := t.Exec(`DELETE FROM selection_builds WHERE kind = ? AND id = ?`, kindWord(r.Kind), r.ID); err != nil {
			return err
		}
	}
	return nil
}

// writeBuildState records a finished build: clean, built at now.
func (t *Tx) writeBuildState(ref kopernik.SelectionRef, now time.Time) error {
	_, err := t.Exec(`UPDATE selection_builds SET built_at = ?, dirty = ? WHERE kind = ? AND id = ?`,
		kopernik.Stamp(now.In(t.s.clk.Loc)), false, kindWord(ref.Kind), ref.ID)
	return err
}

// lockBuild makes sure ref has a build row and locks it for this
// transaction. On PostgreSQL the row lock (FOR UPDATE) keeps a second node
// from building the same selection at once and waits for writers that
// maintain its members (they hold the row FOR SHARE). A new row starts dirty
// with an empty stamp: until this build commits nobody sees it.
func (t *Tx) lockBuild(ref kopernik.SelectionRef) error {
	if _, err := t.Exec(`INSERT INTO selection_builds (kind, id, built_at, dirty) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, id) DO NOTHING`, kindWord(ref.Kind), ref.ID, "", true); err != nil {
		return err
	}
	if !t.s.d.Shared() {
		return nil
	}
	var one int
	return t.QueryRow(`SELECT 1 FROM selection_builds WHERE kind = ? AND id = ? FOR UPDATE`,
		kindWord(ref.Kind), ref.ID).Scan(&one)
}

// buildStates reads the build rows of refs through q (the read pool or
// the writer's transaction). The table has one row per built selection, so
// it is read whole.
func (s *Store) buildStates(ctx context.Context, q querier, refs []kopernik.SelectionRef) (map[kopernik.SelectionRef]BuildState, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, id, built_at, dirty FROM selection_builds`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	all := map[kopernik.SelectionRef]BuildState{}
	for rows.Next() {
		var kind string
		var id int64
		var st BuildState
		if err := rows.Scan(&kind, &id, &st.BuiltAt, &st.Dirty); err != nil {
			return nil, err
		}
		st.Built = st.BuiltAt != ""
		k := kopernik.KindView
		if kind == "miniview" {
			k = kopernik.KindMiniview
		}
		all[kopernik.SelectionRef{Kind: k, ID: id}] = st
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[kopernik.SelectionRef]BuildState, len(refs))
	for _, r := range refs {
		out[r] = all[r]
	}
	return out, nil
}

// LastBuilt answers last-built of views and miniviews: the reference time of
// the build that produced the stored members, "" before the first build.
func (s *Store) LastBuilt(ctx context.Context, refs []kopernik.SelectionRef) ([]string, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	st, err := s.buildStates(ctx, s.rdb, refs)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = st[r].BuiltAt
	}
	return out, nil
}

// SelectionBuildState reports the build row of one selection (tests and
// tools; the API shows only last-built).
func (s *Store) SelectionBuildState(ctx context.Context, ref kopernik.SelectionRef) (BuildState, error) {
	st, err := s.buildStates(ctx, s.rdb, []kopernik.SelectionRef{ref})
	return st[ref], err
}
