package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/kopernik/kopernik"
)

// A job is one request's share of a group commit.
type job struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	done chan error
	ddl  bool // changes structure: runs alone, under the exclusive lock
	// alone: runs in a transaction of its own under the shared lock (a
	// selection build, whose row locks must not mix with a batch's).
	alone bool
	// creates names the sequence table of the one entity the job will
	// create ("": none), so that a pipelining writer takes the batch's new
	// IDs with its BEGIN (Tx.prefetchIDs).
	creates string
}

// writer funnels every write through one connection. It takes all jobs that are
// waiting, runs each inside its own savepoint of one transaction, commits once,
// and only then answers each job: many concurrent writes share one fsync, and no
// request hears "success" before its data is durable.
type writer struct {
	s       *Store
	conn    *sql.Conn
	jobs    chan *job
	stop    chan struct{}
	stopped chan struct{}
	maxJobs int
	stmts   connStmts    // statements prepared on conn, kept across batches
	mu      sync.RWMutex // held for reading while queueing, so close never strands a job
	closed  bool

	// mayRetry and retried: run's deadlock retries (see run).
	mayRetry, retried bool
	// preparedUnder is the catalog version the connection's kept
	// statements were prepared under (see StatementKeeper).
	preparedUnder int64
}

// StatementKeeper is a dialect whose connections keep prepared statements
// that a change of a column's type makes invalid: the writer has them
// forgotten whenever the catalog moved.
type StatementKeeper interface {
	ForgetStatements(ctx context.Context, conn *sql.Conn) error
}

// keepStatementsFor makes the connection's kept statements match cat.
func (w *writer) keepStatementsFor(ctx context.Context, cat *kopernik.Catalog) error {
	k, ok := w.s.d.(StatementKeeper)
	if !ok || cat.Version == w.preparedUnder {
		return nil
	}
	if err := k.ForgetStatements(ctx, w.conn); err != nil {
		return err
	}
	w.preparedUnder = cat.Version
	return nil
}

func newWriter(s *Store, conn *sql.Conn) *writer {
	w := &writer{s: s, conn: conn, jobs: make(chan *job, 4096), stop: make(chan struct{}),
		stopped: make(chan struct{}), maxJobs: 512}
	w.stmts = connStmts{conn: conn, off: !s.d.Prepare()}
	go w.loop()
	return w
}

// Tx is the transaction a write job runs in. Cat is the catalog as of this point
// of the batch: a job that changes structure marks it dirty, and the writer
// reloads it before the next job so later jobs see the change.
type Tx struct {
	s    *Store
	conn *txConn // the writer's connection, inside BEGIN … COMMIT
	ctx  context.Context
	// job is the context of the job running now: it says who asks (the
	// caller of a change), not how long to wait — the batch never stops
	// halfway for one client.
	job    context.Context
	Cat    *kopernik.Catalog
	dirty  bool
	after  []func()
	jobCat bool
	// touched: some job changed entity data (see touch).
	touched bool
	// kept caches which kept selections have clean build rows, for the
	// jobs after the first that reads them (selections_incremental.go);
	// any other write to selection_builds and a job's rollback drop it.
	kept []keptState
	// joins are view members gained by this batch's changes, written in
	// one statement before the commit or before any statement on
	// view_members; joinsMark is where the running job's begin.
	joins     []any
	joinsMark int
	joinsErr  error
	// pending are statements waiting to travel together (pipeline.go);
	// ids are IDs taken ahead by sequence table, and left is how many jobs
	// of the batch are still to run, the running one included (nextID).
	pending  []Statement
	ids      map[string][]int64
	left     int
	prefetch []Statement // the ID blocks to take with BEGIN (see prefetchFor)
}

// markCatalog says this job changed the structure.
func (t *Tx) markCatalog() { t.dirty = true; t.jobCat = true; t.touched = true }

// touch says this transaction changes profile or subprofile data: cached
// totals are stale once it commits.
func (t *Tx) touch() { t.touched = true }

// AfterCommit registers work to run once the batch is durable.
func (t *Tx) AfterCommit(f func()) { t.after = append(t.after, f) }

// Exec runs a statement; statements with arguments are prepared once per batch.
// DDL (no arguments) runs directly, and schema changes drop the batch's
// prepared statements, which may refer to the old table shapes.
func (t *Tx) Exec(q string, args ...any) (sql.Result, error) {
	t.forgetKept(q)
	if err := t.flushJoinsFor(q); err != nil {
		return nil, err
	}
	return t.execRaw(q, args...)
}

// QueryBinder is a dialect whose driver binds all of a query's parameters
// in one call into C, and an Exec's one call per parameter
// (mattn/go-sqlite3).
type QueryBinder interface {
	QueryBindsAtOnce() bool
}

// execMany is Exec for a statement with thousands of parameters whose
// result is not needed (the multi-row INSERTs of an import). Where the
// driver binds a query's parameters at once it runs as a query: one
// crossing into C for a block of 500 rows instead of one per value, which
// took a fifth of the writer's time in a big import.
func (t *Tx) execMany(q string, args ...any) error {
	if b, ok := t.s.d.(QueryBinder); !ok || !b.QueryBindsAtOnce() || len(args) == 0 {
		_, err := t.Exec(q, args...)
		return err
	}
	t.forgetKept(q)
	if err := t.flushJoinsFor(q); err != nil {
		return err
	}
	if err := t.flushPending(); err != nil {
		return err
	}
	q = Rebind(t.s.d, q)
	st, err := t.s.w.stmts.stmt(t.ctx, q)
	if err != nil {
		return err
	}
	var rows *sql.Rows
	if st == nil {
		rows, err = t.conn.QueryContext(t.ctx, q, args...)
	} else {
		rows, err = st.QueryContext(t.ctx, args...)
	}
	if err != nil {
		return err
	}
	// The statement ran at the first step, inside QueryContext; Close
	// reports what it did.
	return closeRows(rows)
}

// execRaw is Exec without the selection hooks.
func (t *Tx) execRaw(q string, args ...any) (sql.Result, error) {
	q = Rebind(t.s.d, q)
	if len(args) == 0 { // DDL: run once, never kept
		return t.conn.ExecContext(t.ctx, q)
	}
	if err := t.flushPending(); err != nil {
		return nil, err
	}
	st, err := t.s.w.stmts.stmt(t.ctx, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return t.conn.ExecContext(t.ctx, q, args...)
	}
	return st.ExecContext(t.ctx, args...)
}

// insertID runs an INSERT and returns the generated id: from the driver where
// it reports one (a plain statement is cheaper than a RETURNING query),
// otherwise through RETURNING.
func (t *Tx) insertID(q string, args ...any) (int64, error) {
	if !t.s.d.LastInsertID() {
		var id int64
		err := t.QueryRow(q+" RETURNING id", args...).Scan(&id)
		return id, err
	}
	res, err := t.Exec(q, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func (t *Tx) Query(q string, args ...any) (*sql.Rows, error) {
	t.forgetKept(q)
	if err := t.flushJoinsFor(q); err != nil {
		return nil, err
	}
	return t.conn.QueryContext(t.ctx, Rebind(t.s.d, q), args...)
}

func (t *Tx) QueryRow(q string, args ...any) *sql.Row {
	t.forgetKept(q)
	if err := t.flushJoinsFor(q); err != nil && t.joinsErr == nil {
		t.joinsErr = err // fails the commit (flushJoins)
	}
	return t.queryRowRaw(q, args...)
}

// queryRowRaw is QueryRow without the selection hooks.
func (t *Tx) queryRowRaw(q string, args ...any) *sql.Row {
	q = Rebind(t.s.d, q)
	if len(t.pending) > 0 {
		return t.conn.QueryRowContext(t.ctx, q, args...)
	}
	st, err := t.s.w.stmts.stmt(t.ctx, q)
	if err != nil || st == nil {
		return t.conn.QueryRowContext(t.ctx, q, args...)
	}
	return st.QueryRowContext(t.ctx, args...)
}

var errWriterClosed = kopernik.Errorf(kopernik.EINTERNAL, "store is closed")

// write runs fn in the next group commit and waits until that commit is done.
func (s *Store) write(ctx context.Context, fn func(tx *Tx) error) error {
	return s.submit(&job{ctx: ctx, fn: fn, done: make(chan error, 1)})
}

// writeCreate is write for a job that creates one entity of kind.
func (s *Store) writeCreate(ctx context.Context, kind kopernik.OwnerKind, fn func(tx *Tx) error) error {
	return s.submit(&job{ctx: ctx, fn: fn, done: make(chan error, 1), creates: seqTable(kind)})
}

// writeDDL runs a structure change in a transaction of its own.
func (s *Store) writeDDL(ctx context.Context, fn func(tx *Tx) error) error {
	return s.submit(&job{ctx: ctx, fn: fn, done: make(chan error, 1), ddl: true})
}

func (s *Store) submit(j *job) error {
	ctx := j.ctx
	s.w.mu.RLock()
	if s.w.closed {
		s.w.mu.RUnlock()
		return errWriterClosed
	}
	select {
	case s.w.jobs <- j:
		s.w.mu.RUnlock()
	case <-ctx.Done():
		s.w.mu.RUnlock()
		return ctx.Err()
	}
	// Once queued the job is waited for even if the client leaves: its outcome
	// must be settled before the handler returns.
	return <-j.done
}

func (w *writer) loop() {
	defer close(w.stopped)
	for {
		var first *job
		select {
		case first = <-w.jobs:
		case <-w.stop:
			// Drain what was accepted before the stop so nothing queued is dropped.
			for {
				select {
				case j := <-w.jobs:
					w.run([]*job{j}, j.ddl)
				default:
					return
				}
			}
		}
		batch := w.collect([]*job{first})
		if len(batch) < 8 {
			// Handlers that are about to queue a write get one chance to join
			// this commit: a larger batch shares one commit among more requests.
			runtime.Gosched()
			batch = w.collect(batch)
		}
		w.runAll(batch)
		if m := w.s.maintain; m != nil {
			m(context.Background(), w.conn)
		}
	}
}

// collect adds the jobs that are waiting, without blocking.
func (w *writer) collect(batch []*job) []*job {
	for len(batch) < w.maxJobs {
		select {
		case j := <-w.jobs:
			batch = append(batch, j)
		default:
			return batch
		}
	}
	return batch
}

// runAll commits the data jobs of a batch together and each structure job alone.
func (w *writer) runAll(batch []*job) {
	start := 0
	for i, j := range batch {
		if !j.ddl && !j.alone {
			continue
		}
		if i > start {
			w.run(batch[start:i], false)
		}
		w.run(batch[i:i+1], j.ddl)
		start = i + 1
	}
	if start < len(batch) {
		w.run(batch[start:], false)
	}
}

// run executes one batch. Most batches succeed whole, so they run without
// savepoints; if a job fails, the batch is rolled back and run again with a
// savepoint per job, so that only the failing job is undone. Jobs are pure
// functions of their input and the transaction, so running one twice is safe.
//
// On PostgreSQL two nodes' batches can wait for each other's row locks in a
// circle (a batch takes the locks of several jobs in no global order);
// PostgreSQL then aborts one.
// Such a batch is rolled back and run again whole, a few times, before its
// jobs hear the error.
func (w *writer) run(batch []*job, exclusive bool) {
	for try := 1; ; try++ {
		w.mayRetry, w.retried = try < maxDeadlockTries, false
		if len(batch) == 1 || !w.attempt(batch, exclusive, false) {
			if w.retried {
				continue
			}
			w.attempt(batch, exclusive, len(batch) > 1)
			if w.retried {
				continue
			}
		}
		return
	}
}

// maxDeadlockTries bounds the runs of a batch that keeps being chosen as a
// deadlock's victim.
const maxDeadlockTries = 4

// isDeadlock reports PostgreSQL's "deadlock detected" (SQLSTATE 40P01).
func isDeadlock(err error) bool {
	var se interface{ SQLState() string }
	return errors.As(err, &se) && se.SQLState() == "40P01"
}

// attempt runs the batch in one transaction. Without savepoints it gives up
// (rolls back, returns false) at the first failing job of a multi-job batch.
func (w *writer) attempt(batch []*job, exclusive, savepoints bool) bool {
	errs := make([]error, len(batch))
	ctx := context.Background()
	t := &Tx{s: w.s, ctx: ctx, Cat: w.s.cat.Load()}
	t.conn = &txConn{c: w.conn, t: t}
	// exec runs the writer's own statements, after what the jobs queued;
	// a rollback (to a savepoint or of all) forgets what is queued.
	exec := func(q string) error {
		if strings.HasPrefix(q, "ROLLBACK") {
			t.dropPending()
		}
		_, err := t.conn.ExecContext(ctx, q)
		return err
	}
	_, pipelined := w.s.d.(Pipeliner)
	var began time.Time
	if w.s.writerStats != nil {
		began = time.Now()
	}
	if pipelined {
		t.pending = append(t.pending, Statement{SQL: w.s.d.BeginSQL()}) // travels with the lock
	} else if err := exec(w.s.d.BeginSQL()); err != nil {
		w.fail(batch, fmt.Errorf("begin: %w", err))
		return true
	}
	t.prefetch = prefetchFor(w.s.d, batch)
	if err := t.syncShared(exclusive); err != nil {
		w.abort(batch, err)
		return true
	}
	if err := w.keepStatementsFor(ctx, t.Cat); err != nil {
		w.abort(batch, err)
		return true
	}
	var after []func()
	failed := false
	for i, j := range batch {
		if j.ctx.Err() != nil {
			errs[i] = j.ctx.Err() // never ran, wrote nothing
			continue
		}
		if savepoints {
			// The members earlier jobs gained are theirs: written before
			// this job's savepoint, a rollback of this job keeps them.
			if err := t.flushJoins(); err != nil {
				w.abort(batch, err)
				return true
			}
			if err := exec("SAVEPOINT job"); err != nil {
				w.abort(batch, err)
				return true
			}
		}
		t.after, t.jobCat, t.job, t.left = nil, false, j.ctx, len(batch)-i
		t.joinsMark = len(t.joins)
		errs[i] = w.safeRun(j, t)
		if errs[i] == nil && savepoints {
			// What this job queued is its own: sent before its savepoint
			// is released, so a failure there is this job's.
			errs[i] = t.flushPending()
		}
		if errs[i] != nil && w.mayRetry && isDeadlock(errs[i]) {
			_ = exec("ROLLBACK")
			w.retried = true
			return false
		}
		if errs[i] != nil {
			if !savepoints {
				if len(batch) > 1 {
					_ = exec("ROLLBACK")
					return false
				}
				failed = true
				break
			}
			t.kept = nil // it may have read or written build rows
			t.joins = t.joins[:t.joinsMark]
			if err := exec("ROLLBACK TO SAVEPOINT job"); err != nil {
				w.abort(batch, err)
				return true
			}
		} else {
			after = append(after, t.after...)
		}
		if t.jobCat {
			if err := t.reloadCatalog(); err != nil {
				w.abort(batch, err)
				return true
			}
			if err := w.keepStatementsFor(ctx, t.Cat); err != nil {
				w.abort(batch, err)
				return true
			}
		}
		if savepoints {
			if err := exec("RELEASE SAVEPOINT job"); err != nil {
				w.abort(batch, err)
				return true
			}
		}
	}
	if failed {
		// The single job of this batch failed: nothing of it may stay.
		_ = exec("ROLLBACK")
		batch[0].done <- errs[0]
		return true
	}
	if err := t.flushJoins(); err != nil {
		w.abort(batch, err)
		return true
	}
	var tail []Statement
	if t.touched && w.s.d.Shared() {
		// Other nodes' cached totals are stale from this commit on.
		tail = append(tail, Statement{SQL: Rebind(w.s.d, `UPDATE data_versions SET v = v + 1 WHERE slot = ?`), Args: []any{w.s.dataSlot}})
	}
	var committing time.Time
	if w.s.writerStats != nil {
		committing = time.Now()
	}
	queued := len(t.pending)
	if t.touched {
		// Odd until the commit is over: a read on this node that finds the
		// same even version before and after itself saw exactly that
		// version's data (see pageBounded).
		w.s.dataVersion.Add(1)
	}
	var err error
	if pipelined {
		// The jobs' queued statements, the data version and the COMMIT in
		// one round trip.
		var at int
		at, err = t.pipeline(append(tail, Statement{SQL: "COMMIT"}))
		if err != nil && at < queued && len(batch) > 1 {
			// A job's statement failed: find which, one savepoint each.
			_, _ = w.conn.ExecContext(ctx, "ROLLBACK")
			if t.touched {
				w.s.dataVersion.Add(1)
			}
			return false
		}
	} else {
		err = t.flushPending(tail...)
		if err == nil {
			err = exec("COMMIT")
		}
	}
	if err != nil {
		_, _ = w.conn.ExecContext(ctx, "ROLLBACK") // a failed COMMIT can leave the transaction open
		if t.touched {
			w.s.dataVersion.Add(1)
		}
		w.fail(batch, fmt.Errorf("commit: %w", err))
		return true
	}
	if st := w.s.writerStats; st != nil {
		end := time.Now()
		st.Batch(len(batch), exclusive, end.Sub(began), end.Sub(committing))
	}
	if t.touched {
		w.s.dataVersion.Add(1)
	}
	if t.dirty {
		w.s.cat.Store(t.Cat)
	}
	for _, f := range after {
		f()
	}
	for i, j := range batch {
		j.done <- errs[i]
	}
	return true
}

func (w *writer) fail(batch []*job, err error) {
	for _, j := range batch {
		j.done <- err
	}
}

func (w *writer) abort(batch []*job, err error) {
	_, _ = w.conn.ExecContext(context.Background(), "ROLLBACK")
	w.fail(batch, fmt.Errorf("batch aborted: %w", err))
	// The snapshot may have advanced inside the aborted transaction; reread it.
	if cat, lerr := w.s.readCatalog(context.Background()); lerr == nil {
		w.s.cat.Store(cat)
	}
}

func (w *writer) safeRun(j *job, t *Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			slog.Error("write job panicked", "panic", r, "stack", string(debug.Stack()))
			err = kopernik.Errorf(kopernik.EINTERNAL, "Internal error")
		}
	}()
	return j.fn(t)
}

func (t *Tx) reloadCatalog() error {
	cat, err := t.s.loadCatalog(t.ctx, t.conn)
	if err != nil {
		return err
	}
	t.Cat = cat
	return nil
}

// close stops accepting jobs, finishes the queued ones and waits.
func (w *writer) close(timeout time.Duration) error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	close(w.stop)
	w.mu.Unlock()
	select {
	case <-w.stopped:
		w.stmts.close()
		return w.conn.Close()
	case <-time.After(timeout):
		return errors.New("writer did not stop in time")
	}
}

// syncShared takes the cross-node lock and, when another node changed the
// structure since this node's snapshot, reloads the catalog inside the
// transaction so every job of the batch validates against the current shape.
func (t *Tx) syncShared(exclusive bool) error {
	lock := t.s.d.LockSQL(exclusive)
	if lock == "" {
		return nil
	}
	var v int64
	if _, ok := t.s.d.(Pipeliner); ok {
		// BEGIN, the lock and the version in one round trip.
		var text string
		stmts := append([]Statement{{SQL: lock}, {SQL: `SELECT coalesce((` + catalogVersionSQL + `), '0')`, Scan: []any{&text}}}, t.prefetch...)
		if _, err := t.pipeline(stmts); err != nil {
			return err
		}
		t.takePrefetched()
		v = parseInt(text)
	} else {
		if _, err := t.conn.ExecContext(t.ctx, lock); err != nil {
			return err
		}
		var err error
		if v, err = catalogVersion(t.ctx, t.conn); err != nil {
			return err
		}
	}
	if v != t.Cat.Version {
		if err := t.reloadCatalog(); err != nil {
			return err
		}
		t.dirty = true
	}
	return nil
}
