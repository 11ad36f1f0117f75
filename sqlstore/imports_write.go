package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// Writes of the import applier: pending creates in blocks, journal rows in
// blocks, then the observers, in row order (imports_apply.go).
// flush writes the pending creates, then the journal rows of everything
// since the last flush, then tells the observers, all in row order.
func (a *applier) flush() error {
	if err := a.writeCreates(a.pendP, a.pinfo); err != nil {
		return err
	}
	a.pendP = a.pendP[:0]
	if a.coll != nil {
		for _, s := range a.pendS {
			s.profileID = s.parent.id
		}
		if err := a.writeCreates(a.pendS, a.sinfo); err != nil {
			return err
		}
	}
	a.pendS = a.pendS[:0]
	if len(a.events) == 0 {
		return nil
	}
	caller := kopernik.CallerOf(a.t.job)
	// Rows keep their order (journal ids are the order of the changes);
	// what all of them share is bound once.
	first := a.events[0]
	same := true
	for _, ev := range a.events {
		if ev.kind != first.kind || ev.e.owner != first.e.owner {
			same = false
			break
		}
	}
	shared, sharedVals, cols := []string{"at"}, []any{a.now}, journalCols[1:]
	if same {
		shared = []string{"at", "kind", "entity", "owner_id"}
		sharedVals = []any{a.now, first.kind.String(), entityWord(first.e.owner.Kind), first.e.owner.ID}
		cols = []string{"entity_id", "data"}
	}
	args := make([]any, 0, len(cols)*len(a.events))
	for _, ev := range a.events {
		data := ev.data
		if ev.kind == kopernik.ChangeCreate {
			data = ev.e.journal
			if ev.e.changed {
				data = ev.e.info.journal(ev.e.vals, nil)
			}
		}
		if same {
			args = append(args, ev.e.id, data)
		} else {
			args = append(args, ev.kind.String(), entityWord(ev.e.owner.Kind), ev.e.id, ev.e.owner.ID, data)
		}
	}
	if err := a.t.bulkInsertShared("journal", shared, sharedVals, cols, args); err != nil {
		return err
	}
	if a.observed {
		for _, ev := range a.events {
			err := a.t.tell(ev.kind, ev.e.owner, func() *kopernik.Change {
				return &kopernik.Change{Kind: ev.kind, At: a.now, Caller: caller, Entity: ev.e.entity(a.t.Cat),
					Fields: ev.changed, Params: &kopernik.ChangeParams{Fields: ev.params()}}
			})
			if err != nil {
				return err
			}
		}
	}
	a.events = a.events[:0]
	return nil
}

// writeCreates gives pending entities their IDs and writes their rows.
func (a *applier) writeCreates(list []*ment, oi *ownerInfo) error {
	o, fields := oi.o, oi.fields
	if len(list) == 0 {
		return nil
	}
	a.t.touch()
	ids, err := a.t.allocIDs(o, list)
	if err != nil {
		return err
	}
	by := a.by(o)
	for i, e := range list {
		delete(by, e.id)
		if sub, ok := a.subsOf[e.id]; ok && o.Kind == kopernik.OwnerDatabase {
			delete(a.subsOf, e.id)
			a.subsOf[ids[i]] = sub
		}
		e.id, e.pending = ids[i], false
		by[e.id] = e
		if a.touched != nil && (o.Kind == kopernik.OwnerCollection) == a.subLvl {
			a.touched[e.id] = true
		}
	}
	// Creates of one batch normally share their time stamps.
	stamps := true
	for _, e := range list {
		if e.created != list[0].created || e.modified != list[0].created {
			stamps = false
			break
		}
	}
	var shared []string
	var sharedVals []any
	cols := []string{"id", "secret", "created", "modified"}
	if stamps {
		shared, sharedVals = []string{"created", "modified"}, []any{list[0].created, list[0].created}
		cols = []string{"id", "secret"}
	}
	if o.Kind == kopernik.OwnerCollection {
		cols = append(cols, "profile_id")
	}
	for _, f := range fields {
		cols = append(cols, fieldColumn(f.ID))
	}
	n := len(cols)
	args := make([]any, 0, n*len(list))
	for _, e := range list {
		args = append(args, e.id, e.secret)
		if !stamps {
			args = append(args, e.created, e.modified)
		}
		if o.Kind == kopernik.OwnerCollection {
			args = append(args, e.profileID)
		}
		if !e.changed {
			args = append(args, e.bound...)
			continue
		}
		for i, f := range fields {
			args = append(args, bindValue(f.Type, e.vals[i]))
		}
	}
	if err := a.t.bulkInsertShared(ownerTable(o), shared, sharedVals, cols, args); err != nil {
		return err
	}
	kind := o.Kind
	owner := o.ID
	a.t.AfterCommit(func() {
		for _, id := range ids {
			a.t.s.owners.put(kind, id, owner)
		}
	})
	return nil
}

// allocIDs takes one ID per entity from the global sequence of its kind.
func (t *Tx) allocIDs(o kopernik.Owner, list []*ment) ([]int64, error) {
	ids := make([]int64, 0, len(list))
	if !t.s.d.LastInsertID() {
		// PostgreSQL: one statement per block, the ids returned.
		var q string
		var args []any
		if o.Kind == kopernik.OwnerDatabase {
			q = `INSERT INTO profile_seq (database_id) SELECT ? FROM generate_series(1, ?) RETURNING id`
			args = []any{o.ID, len(list)}
		} else {
			var pids []int64
			for _, e := range list {
				pids = append(pids, e.profileID)
			}
			q = `INSERT INTO subprofile_seq (collection_id, profile_id) SELECT ?, p FROM unnest(?::bigint[]) WITH ORDINALITY AS u(p, n) ORDER BY n RETURNING id`
			args = []any{o.ID, pids}
		}
		ids, err := scanIDs(t.Query(q, args...))
		if err != nil {
			return nil, err
		}
		slices.Sort(ids)
		return ids, nil
	}
	// SQLite: the writer holds the write lock, so the AUTOINCREMENT ids of
	// one multi-row INSERT are consecutive and end at the last insert id.
	per := 1000
	for start := 0; start < len(list); start += per {
		part := list[start:min(start+per, len(list))]
		var q string
		args := make([]any, 0, 2*len(part))
		if o.Kind == kopernik.OwnerDatabase {
			q = `INSERT INTO profile_seq (database_id) WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?) SELECT ? FROM n`
			args = append(args, len(part), o.ID)
		} else {
			q = `INSERT INTO subprofile_seq (collection_id, profile_id) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?),", len(part)), ",")
			for _, e := range part {
				args = append(args, o.ID, e.profileID)
			}
		}
		res, err := t.Exec(q, args...)
		if err != nil {
			return nil, err
		}
		last, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		for i := range part {
			ids = append(ids, last-int64(len(part)-1-i))
		}
	}
	return ids, nil
}

var journalCols = []string{"at", "kind", "entity", "entity_id", "owner_id", "data"} // "at" first: flush shares it

// BulkCopier is a dialect that loads many rows faster than multi-row
// INSERTs (PostgreSQL's COPY), on the writer's connection inside its
// transaction. args holds n values per row.
type BulkCopier interface {
	CopyRows(ctx context.Context, conn *sql.Conn, table string, cols []string, n int, args []any) error
}

// bulkInsert writes rows of cols into table: by the dialect's COPY where it
// has one, else by multi-row INSERTs.
func (t *Tx) bulkInsert(table string, cols []string, args []any) error {
	if c, ok := t.s.d.(BulkCopier); ok && len(args) >= 64*len(cols) {
		conn, err := t.conn.raw()
		if err != nil {
			return err
		}
		return c.CopyRows(t.ctx, conn, table, cols, len(cols), args)
	}
	return t.insertRows(`INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES `, len(cols), args)
}

// bulkInsertShared is bulkInsert for rows that share the values of some
// columns (the batch's time stamp, the owner): SQLite binds those once per
// statement (numbered parameters) instead of once per row, since binding a
// value costs about as much as storing it. COPY takes whole rows.
func (t *Tx) bulkInsertShared(table string, shared []string, sharedVals []any, cols []string, args []any) error {
	n := len(cols)
	if _, ok := t.s.d.(BulkCopier); ok {
		full := make([]any, 0, len(args)/max(n, 1)*(n+len(shared)))
		for i := 0; i+n <= len(args); i += n {
			full = append(full, sharedVals...)
			full = append(full, args[i:i+n]...)
		}
		return t.bulkInsert(table, append(slices.Clone(shared), cols...), full)
	}
	k := len(shared)
	prefix := `INSERT INTO ` + table + ` (` + strings.Join(append(slices.Clone(shared), cols...), ", ") + `) VALUES `
	per := max(1, min(500, 16000/n))
	var full string
	for len(args) > 0 {
		rows := min(per, len(args)/n)
		var q string
		if rows == per && full != "" {
			q = full
		} else {
			q = prefix + numberedRows(k, n, rows)
			if rows == per {
				full = q
			}
		}
		bound := make([]any, 0, k+rows*n)
		bound = append(bound, sharedVals...)
		bound = append(bound, args[:rows*n]...)
		if err := t.execMany(q, bound...); err != nil {
			return err
		}
		args = args[rows*n:]
	}
	return nil
}

// numberedRows is "(?1, …, ?k, ?k+1, …), (?1, …, ?k, …) …": k shared
// parameters opening each of rows rows of n more.
func numberedRows(k, n, rows int) string {
	var b strings.Builder
	next := k + 1
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i := 1; i <= k; i++ {
			b.WriteString("?" + strconv.Itoa(i) + ", ")
		}
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("?" + strconv.Itoa(next))
			next++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// insertRows runs prefix + "(?, …), (?, …) …" over args, n per row, in
// statements of a bounded number of parameters (both engines' limits are
// far above it). Full-size statements share one prepared text.
func (t *Tx) insertRows(prefix string, n int, args []any, suffix ...string) error {
	tail := strings.Join(suffix, "")
	per := max(1, min(500, 16000/n))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	full := ""
	for len(args) > 0 {
		rows := min(per, len(args)/n)
		var q string
		if rows == per {
			if full == "" {
				full = prefix + strings.TrimSuffix(strings.Repeat(one+", ", per), ", ") + tail
			}
			q = full
		} else {
			q = prefix + strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ") + tail
		}
		if err := t.execMany(q, args[:rows*n]...); err != nil {
			return err
		}
		args = args[rows*n:]
	}
	return nil
}
