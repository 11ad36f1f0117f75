package sqlstore

import (
	"context"
	"database/sql"
	"errors"
)

// Pipeliner is a dialect that sends several statements to the engine in one
// round trip (PostgreSQL's pipeline mode). A group commit's statements whose
// results nobody reads — the entity rows, the journal, the ID sequence rows,
// the data version and the COMMIT itself — then wait in the transaction and
// travel together, instead of one round trip (and two context switches on
// each side) per statement. Where the dialect is no Pipeliner they run at
// once, as before.
type Pipeliner interface {
	// Pipeline runs stmts in order in one round trip. On an error it
	// reports the index of the statement that failed; the statements after
	// it did not run.
	Pipeline(ctx context.Context, conn *sql.Conn, stmts []Statement) (failed int, err error)
	// NextIDsSQL selects n (the one parameter) new IDs for the sequence
	// table seqTable, in increasing order, one per row.
	NextIDsSQL(seqTable string) string
	// NextIDsArraySQL selects the same as one row of one array, scanned
	// into a *[]int64 within a pipeline.
	NextIDsArraySQL(seqTable string) string
}

// Statement is one statement of a pipeline. With Scan set it is a query of
// one row, scanned into Scan.
type Statement struct {
	SQL  string
	Args []any
	Scan []any
	seq  string // an ID block's sequence table (prefetchFor)
}

// execLater queues a statement whose result nobody reads; it runs before
// the next statement that does, or with the commit. Its error surfaces
// there, and fails the batch like any failing statement.
func (t *Tx) execLater(q string, args ...any) error {
	if _, ok := t.s.d.(Pipeliner); !ok {
		_, err := t.Exec(q, args...)
		return err
	}
	t.forgetKept(q)
	if err := t.flushJoinsFor(q); err != nil {
		return err
	}
	t.pending = append(t.pending, Statement{SQL: Rebind(t.s.d, q), Args: args})
	return nil
}

// flushPending sends the queued statements, followed by tail.
func (t *Tx) flushPending(tail ...Statement) error {
	if len(t.pending) == 0 && len(tail) == 0 {
		return nil
	}
	stmts := append(t.pending, tail...)
	t.pending = t.pending[:0]
	p, ok := t.s.d.(Pipeliner)
	if !ok {
		// One at a time (only the writer's own tail gets here: execLater
		// runs at once on such a dialect).
		for _, st := range stmts {
			var err error
			if st.Scan != nil {
				err = t.conn.c.QueryRowContext(t.ctx, st.SQL, st.Args...).Scan(st.Scan...)
			} else {
				_, err = t.conn.c.ExecContext(t.ctx, st.SQL, st.Args...)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	_, err := p.Pipeline(t.ctx, t.conn.c, stmts)
	return err
}

// pipeline sends the queued statements followed by tail in one round trip
// (the dialect is a Pipeliner); at is the index of a failed statement, the
// queued ones first.
func (t *Tx) pipeline(tail []Statement) (at int, err error) {
	stmts := append(t.pending, tail...)
	t.pending = nil
	return t.s.d.(Pipeliner).Pipeline(t.ctx, t.conn.c, stmts)
}

// nextID takes a new ID for the sequence table seq from the block taken
// ahead for this batch: one query gives every job still to run one ID,
// and the IDs no job used are left unused (a sequence has gaps anyway).
func (t *Tx) nextID(p Pipeliner, seq string) (int64, error) {
	if len(t.ids[seq]) == 0 {
		ids, err := scanIDs(t.Query(p.NextIDsSQL(seq), max(t.left, 1)))
		if err != nil {
			return 0, err
		}
		if len(ids) == 0 {
			return 0, errors.New("no ID from the sequence")
		}
		if t.ids == nil {
			t.ids = map[string][]int64{}
		}
		t.ids[seq] = ids
	}
	id := t.ids[seq][0]
	t.ids[seq] = t.ids[seq][1:]
	return id, nil
}

// prefetchFor lists, for a pipelining dialect, the ID blocks the batch's
// creates will use: taken in the round trip of BEGIN, the batch then needs
// no round trip of its own for IDs.
func prefetchFor(d Dialect, batch []*job) []Statement {
	p, ok := d.(Pipeliner)
	if !ok {
		return nil
	}
	n := map[string]int{}
	for _, j := range batch {
		if j.creates != "" {
			n[j.creates]++
		}
	}
	var out []Statement
	for _, seq := range []string{"profile_seq", "subprofile_seq"} {
		if n[seq] > 0 {
			ids := new([]int64)
			out = append(out, Statement{SQL: Rebind(d, p.NextIDsArraySQL(seq)), Args: []any{n[seq]}, Scan: []any{ids}, seq: seq})
		}
	}
	return out
}

// takePrefetched keeps the IDs the prefetch statements read.
func (t *Tx) takePrefetched() {
	for _, st := range t.prefetch {
		if t.ids == nil {
			t.ids = map[string][]int64{}
		}
		t.ids[st.seq] = append(t.ids[st.seq], *(st.Scan[0].(*[]int64))...)
	}
	t.prefetch = nil
}

// dropPending forgets the queued statements of a job being undone.
func (t *Tx) dropPending() { t.pending = t.pending[:0] }

// txConn is the writer's connection as a transaction's code sees it: every
// statement first sends what waits in the queue, so statements reach the
// engine in the order they were issued.
type txConn struct {
	c *sql.Conn
	t *Tx
}

func (c *txConn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if err := c.t.flushPending(); err != nil {
		return nil, err
	}
	return c.c.QueryContext(ctx, q, args...)
}

func (c *txConn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if err := c.t.flushPending(); err != nil {
		return nil, err
	}
	return c.c.ExecContext(ctx, q, args...)
}

// QueryRowContext cannot report a failed flush by itself: the failure is
// kept for the commit (which then fails), and the query runs on a
// transaction the engine has already aborted, so it fails too.
func (c *txConn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if err := c.t.flushPending(); err != nil && c.t.joinsErr == nil {
		c.t.joinsErr = err
	}
	return c.c.QueryRowContext(ctx, q, args...)
}

// raw is the connection itself, for engine calls (COPY); the queue is sent
// first.
func (c *txConn) raw() (*sql.Conn, error) {
	return c.c, c.t.flushPending()
}

// RowScanner is one row to scan (database/sql's and pgx's rows both are).
type RowScanner interface {
	Scan(dest ...any) error
}

// RowReader is a dialect that reads the rows of a query on a pooled
// connection through its own driver, without database/sql's row machinery
// (a value conversion per column, closures per query): for reads as short
// as one profile by its ID that machinery was a tenth of the server's work.
type RowReader interface {
	ReadRows(ctx context.Context, db *sql.DB, q string, args []any, each func(RowScanner) error) error
}
