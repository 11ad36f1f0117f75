package sqlstore

import (
	"database/sql"
	"slices"
	"strings"

	"github.com/kopernik/kopernik"
)

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
