package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"sync"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// ExportRow is one live entity as an export writes it: its ID and the
// values of the asked fields as the API prints them. The slices are reused
// for the next row.
type ExportRow struct {
	ID        int64
	ProfileID int64 // subprofiles
	Values    [][]byte
}

// exportPage is how many rows one read of an export takes: each page is
// one short read transaction, so a long export never pins the write-ahead
// log of a store that keeps serving.
const exportPage = 20000

// Export walks the live entities of o in ID order (keyset pages on the
// read pool) and hands each to fn with the values of fields.
func (s *Store) Export(ctx context.Context, o kopernik.Owner, fields []*kopernik.Field, fn func(*ExportRow) error) error {
	return s.export(ctx, o, 0, fields, fn)
}

// ExportView walks the stored members of view, profiles of o, like Export.
// The caller makes sure they are current (SelectionCurrent, EnsureMembers).
func (s *Store) ExportView(ctx context.Context, o kopernik.Owner, view int64, fields []*kopernik.Field, fn func(*ExportRow) error) error {
	return s.export(ctx, o, view, fields, fn)
}

// SelectionCurrent reports whether the stored members of ref are what a
// full build would compute now: built, and kept clean since by the writer.
func (s *Store) SelectionCurrent(ctx context.Context, ref kopernik.SelectionRef) (bool, error) {
	st, err := s.buildStates(ctx, s.rdb, []kopernik.SelectionRef{ref})
	if err != nil {
		return false, err
	}
	return st[ref].Built && !st[ref].Dirty, nil
}

// exportBatch is a page of an export read ahead: the rows' IDs and their
// values, copied out of the driver's buffers into one arena.
type exportBatch struct {
	ids, pids []int64
	ends      []int // end of each value in arena, row after row
	arena     []byte
	err       error
}

// exportAhead bounds the pages read ahead of the one being handed out.
const exportAhead = 3

// exportBatches keeps pages for reuse: an export of millions of rows
// would otherwise allocate its whole size again.
var exportBatches = sync.Pool{New: func() any { return &exportBatch{} }}

// export reads ranges of IDs, exportPage IDs wide, on two goroutines while
// fn handles the rows of the range before, in ID order. Reading (SQLite
// decoding rows, the driver copying them) is most of an export's time;
// on one goroutine, 1,500,000 profiles took 4.6 s. Each range is one short
// read transaction, so a long export never pins the write-ahead log of a
// store that keeps serving. Profiles created after the export started
// (IDs past the largest it saw) are not in it.
func (s *Store) export(ctx context.Context, o kopernik.Owner, view int64, fields []*kopernik.Field, fn func(*ExportRow) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var lo, hi sql.NullInt64
	if err := s.rdb.QueryRowContext(ctx, `SELECT min(id), max(id) FROM `+ownerTable(o)).Scan(&lo, &hi); err != nil {
		return err
	}
	if !lo.Valid {
		return nil
	}
	q := exportQuery(s.d, o, view, fields)
	type job struct {
		from int64
		out  chan *exportBatch
	}
	jobs := make(chan job)
	order := make(chan chan *exportBatch, exportAhead)
	go func() {
		defer close(order)
		defer close(jobs)
		for from := lo.Int64; from <= hi.Int64; from += exportPage {
			out := make(chan *exportBatch, 1)
			select {
			case order <- out:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{from, out}:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range 2 {
		go func() {
			for j := range jobs {
				j.out <- s.readExportRange(ctx, q, view, fields, j.from, j.from+exportPage)
			}
		}()
	}
	row := &ExportRow{Values: make([][]byte, len(fields))}
	nf := len(fields)
	for out := range order {
		var b *exportBatch
		select {
		case b = <-out:
		case <-ctx.Done():
			return ctx.Err()
		}
		if b.err != nil {
			return b.err
		}
		start := 0
		for r, id := range b.ids {
			row.ID, row.ProfileID = id, b.pids[r]
			for i := range nf {
				end := b.ends[r*nf+i]
				row.Values[i] = b.arena[start:end:end]
				start = end
			}
			if err := fn(row); err != nil {
				return err
			}
		}
		exportBatches.Put(b)
	}
	return ctx.Err()
}

func exportQuery(d Dialect, o kopernik.Owner, view int64, fields []*kopernik.Field) string {
	cols := "id, "
	if o.Kind == kopernik.OwnerCollection {
		cols += "profile_id"
	} else {
		cols += "0"
	}
	for _, f := range fields {
		cols += ", " + fieldColumn(f.ID)
	}
	members := ""
	if view != 0 {
		members = ` AND id IN (SELECT profile_id FROM view_members WHERE view_id = ?)`
	}
	return Rebind(d, `SELECT `+cols+` FROM `+ownerTable(o)+` WHERE id >= ? AND id < ? AND removed IS NULL`+members+` ORDER BY id`)
}

// readExportRange reads the live rows with IDs from from to before to.
func (s *Store) readExportRange(ctx context.Context, q string, view int64, fields []*kopernik.Field, from, to int64) *exportBatch {
	b := exportBatches.Get().(*exportBatch)
	b.ids, b.pids, b.ends, b.arena = b.ids[:0], b.pids[:0], b.ends[:0], b.arena[:0]
	raw := make([]sql.RawBytes, len(fields))
	var id, pid int64
	dest := make([]any, 0, 2+len(fields))
	dest = append(dest, &id, &pid)
	for i := range raw {
		dest = append(dest, &raw[i])
	}
	args := []any{from, to}
	if view != 0 {
		args = append(args, view)
	}
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return &exportBatch{err: err}
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return &exportBatch{err: err}
		}
		b.ids, b.pids = append(b.ids, id), append(b.pids, pid)
		for i, f := range fields {
			if f.Type == kopernik.TypeFloat {
				v, _ := strconv.ParseFloat(string(raw[i]), 64)
				b.arena = append(b.arena, values.FormatFloat(v)...)
			} else {
				b.arena = append(b.arena, raw[i]...)
			}
			b.ends = append(b.ends, len(b.arena))
		}
	}
	if err := closeRows(rows); err != nil {
		return &exportBatch{err: err}
	}
	return b
}
