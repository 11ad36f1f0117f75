package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/imports"
)

// ImportConfig configures the import worker.
type ImportConfig struct {
	// Fetcher fetches location sources; nil refuses them (the job ends in
	// status error).
	Fetcher *imports.Fetcher
	Limits  imports.Limits
	// BatchRows is how many rows one transaction applies (default 5,000).
	BatchRows int
	// Poll is how often the worker looks for jobs another process stored
	// (default 1 s); jobs stored through this store start at once.
	Poll time.Duration
	// Lease is how long a claim holds without progress before another node
	// may take the job over (PostgreSQL; default 30 s).
	Lease time.Duration
	Log   *slog.Logger
	// Progress, when set, hears after every committed batch.
	Progress func(id, processed, total int64)
}

func (c *ImportConfig) defaults() {
	if c.BatchRows <= 0 {
		c.BatchRows = 5000
	}
	if c.Poll <= 0 {
		c.Poll = time.Second
	}
	if c.Lease <= 0 {
		c.Lease = 30 * time.Second
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
}

// analyzeRows is the import size from which finish refreshes statistics.
const analyzeRows = 10000

// errLostClaim: another node took the job over (its lease ran out); this
// node's batch is rolled back and the job left to the new owner.
var errLostClaim = errors.New("import: the claim on the job was lost")

// errReplan: the structure changed since the batch was planned.
var errReplan = errors.New("import: structure changed")

// run is the state of one job being applied.
type importRun struct {
	s      *Store
	cfg    ImportConfig
	im     *kopernik.Import
	owner  string
	rep    imports.Report
	ctx    context.Context
	lineNo int64 // rows read so far (processed lines)
}

// batch is a run of rows read and planned ahead of the writer.
type importBatch struct {
	version int64
	cols    []string
	rows    []imports.Row
	errs    []error // per row: a *RowError, or nil
	readErr []bool  // the reader refused the row (no cells to plan again)
	plans   []*imports.Plan
	pre     []*ment // profile creates prepared ahead (prepareCreate); nil entries where none
	end     int64   // processed lines after this batch
	stop    error   // a source error after the last row of this batch
	eof     bool
}

func (s *Store) runImport(ctx context.Context, cfg ImportConfig, id int64, owner string) error {
	ctx = kopernik.WithCaller(ctx, kopernik.CallerImport)
	im, err := s.loadImport(ctx, s.rdb, id)
	if err != nil {
		return err
	}
	r := &importRun{s: s, cfg: cfg, im: im, owner: owner, ctx: ctx}
	defer r.keepClaim()()
	// A run that stops early (shutdown, Ctrl-C) gives its claim back, so
	// another node takes the job over at once instead of after the lease.
	defer func() {
		if ctx.Err() != nil {
			_ = s.write(context.WithoutCancel(ctx), func(t *Tx) error {
				_, err := t.Exec(`UPDATE imports SET claim_owner = '' WHERE id = ? AND claim_owner = ?`, id, owner)
				return err
			})
		}
	}()
	if err := r.loadReport(); err != nil {
		return err
	}
	if im.Location != "" {
		ready, err := r.sourceReady()
		if err != nil {
			return err
		}
		if !ready {
			t0 := time.Now()
			err := r.fetch()
			r.logPhase("fetched", t0)
			if err != nil {
				if errors.Is(err, errLostClaim) || ctx.Err() != nil {
					return err
				}
				r.rep.Stop(err)
				return r.finish(kopernik.ImportError)
			}
		}
	}
	phase, err := r.phase()
	if err != nil {
		return err
	}
	if phase == "rows" {
		t0 := time.Now()
		if err := r.rows(); err != nil {
			return err
		}
		r.logPhase("applied", t0)
		if r.rep.Stopped != "" {
			return r.finish(kopernik.ImportError)
		}
		if !im.RemoveMissing || !r.rep.RemoveMissing() {
			return r.finish(kopernik.ImportFinished)
		}
	}
	return r.removeMissing()
}

func (r *importRun) loadReport() error {
	var doc string
	if err := r.s.queryRow(r.ctx, `SELECT report FROM imports WHERE id = ?`, r.im.ID).Scan(&doc); err != nil {
		return err
	}
	return jsonUnmarshal(doc, &r.rep)
}

func (r *importRun) sourceReady() (bool, error) {
	var ready int64
	err := r.s.queryRow(r.ctx, `SELECT source_ready FROM imports WHERE id = ?`, r.im.ID).Scan(&ready)
	return ready == 1, err
}

func (r *importRun) phase() (string, error) {
	var p string
	err := r.s.queryRow(r.ctx, `SELECT phase FROM imports WHERE id = ?`, r.im.ID).Scan(&p)
	return p, err
}

// fetch stores a location's file as the job's source, so that the rows
// applied after a restart are those of the same file.
func (r *importRun) fetch() error {
	fetched, err := r.cfg.Fetcher.Open(r.ctx, r.im.Location)
	if err != nil {
		return err
	}
	defer fetched.Close()
	// The rows are counted as they arrive instead of in a second pass over
	// the stored source: the count is ready when the last chunk is.
	sv := r.surveyBeside()
	defer sv.stop()
	if err := r.s.write(r.ctx, func(t *Tx) error {
		_, err := t.Exec(`DELETE FROM import_chunks WHERE import_id = ?`, r.im.ID)
		return err
	}); err != nil {
		return err
	}
	buf := make([]byte, chunkSize)
	var seq int64
	for done := false; !done; {
		var pending [][]byte
		total := 0
		for !done && total < chunkTxBytes {
			n, err := ioReadFull(fetched, buf)
			if n > 0 {
				c := append([]byte(nil), buf[:n]...)
				pending = append(pending, c)
				sv.feed(c)
				total += n
			}
			if err != nil {
				if !isEOF(err) {
					return err
				}
				done = true
			}
		}
		last := done
		var counted int64 = -1
		if last {
			counted = sv.result()
		}
		if err := r.s.write(r.ctx, func(t *Tx) error {
			if err := t.putChunks(r.im.ID, seq, pending); err != nil {
				return err
			}
			if counted > 0 {
				return r.progress(t, `source_ready = 1, total_lines = ?`, counted)
			}
			if last {
				return r.progress(t, `source_ready = 1`)
			}
			return r.progress(t, "")
		}); err != nil {
			return err
		}
		seq += int64(len(pending))
		if counted > 0 {
			r.im.TotalLines = counted
		}
	}
	return nil
}

// besideSurvey counts the rows of a source while it is being stored. It
// is handed the stored chunks through a queue rather than a pipe, so the
// fetch goes on storing while the survey parses (a pipe made the two take
// turns: 1,000,000 CSV rows spent ~0.6 s in each).
type besideSurvey struct {
	ch   chan []byte
	done chan struct{}
	rows int64
	ok   bool
}

// surveyQueue is how many chunks (1 MiB each) may wait for the survey.
const surveyQueue = 8

// surveyBeside starts a survey of what is fed to it.
// A source it finds broken is left uncounted: the rows phase surveys it
// again from the stored copy and stops the job with the error there, as
// for every other source.
func (r *importRun) surveyBeside() *besideSurvey {
	sv := &besideSurvey{ch: make(chan []byte, surveyQueue), done: make(chan struct{})}
	in := &chunkQueue{ch: sv.ch}
	go func() {
		defer close(sv.done)
		defer in.drain() // a survey that stops early must not block the fetch
		p, _, err := r.planner(r.s.cat.Load())
		if err != nil {
			return
		}
		src, err := imports.OpenSniffed(r.im.Format, r.im.Delimiter, in, r.cfg.Limits)
		if err != nil {
			return
		}
		n, err := imports.Survey(src, p)
		sv.rows, sv.ok = n, err == nil
	}()
	return sv
}

// feed queues a chunk for the survey; the survey only reads it.
func (sv *besideSurvey) feed(b []byte) { sv.ch <- b }

// result ends the input and returns the count, or -1 when there is none.
func (sv *besideSurvey) result() int64 {
	sv.stop()
	if !sv.ok {
		return -1
	}
	return sv.rows
}

// stop ends the survey's input and waits for it; a survey the fetch gave up
// on is stopped this way too, and its count not used.
func (sv *besideSurvey) stop() {
	if sv.ch != nil {
		close(sv.ch)
		sv.ch = nil
	}
	<-sv.done
}

// chunkQueue reads the chunks of a channel as one stream.
type chunkQueue struct {
	ch  chan []byte
	cur []byte
}

func (q *chunkQueue) Read(p []byte) (int, error) {
	for len(q.cur) == 0 {
		b, ok := <-q.ch
		if !ok {
			return 0, io.EOF
		}
		q.cur = b
	}
	n := copy(p, q.cur)
	q.cur = q.cur[n:]
	return n, nil
}

func (q *chunkQueue) drain() {
	for range q.ch {
	}
}

// progress renews the claim in t and fails the job's transaction when
// another node holds the job now: that node applies its rows.
func (r *importRun) progress(t *Tx, set string, args ...any) error {
	q := `UPDATE imports SET lease_until = ?`
	all := []any{t.s.now().Add(r.cfg.Lease).Unix()}
	if set != "" {
		q += `, ` + set
		all = append(all, args...)
	}
	q += ` WHERE id = ? AND claim_owner = ?`
	all = append(all, r.im.ID, r.owner)
	return claimHeld(t.Exec(q, all...))
}

// claimHeld turns the result of an UPDATE of the job's row that names its
// owner into errLostClaim when no row matched.
func claimHeld(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errLostClaim
	}
	return nil
}

// finish ends the job with its report. After many rows the planner's
// statistics of the table are refreshed: PostgreSQL would otherwise go on
// planning key lookups and filters for the empty table it last saw. That
// runs after the job reports finished (the rows are all in; statistics only
// steer plans), but before this worker takes its next job, so the next
// import of the same table plans with them.
func (r *importRun) finish(status kopernik.ImportStatus) error {
	if err := r.s.write(r.ctx, func(t *Tx) error {
		return r.progress(t, `status = ?, phase = 'done', report = ?, last_error = ?`,
			string(status), jsonText(&r.rep), r.rep.LastError())
	}); err != nil {
		return err
	}
	if r.lineNo >= analyzeRows && r.ctx.Err() == nil {
		defer r.logPhase("refreshed the statistics", time.Now())
		table := ownerTable(kopernik.DatabaseOwner(r.im.DatabaseID))
		if err := r.s.writeDDL(r.ctx, func(t *Tx) error {
			_, err := t.Exec(`ANALYZE ` + table)
			return err
		}); err != nil {
			r.cfg.Log.Warn("import: refreshing statistics", "import", r.im.ID, "err", err)
		}
	}
	return nil
}

// keepClaim renews the job's claim every third of the lease for as long as
// this node runs the job. Batches renew it too, but steps without batches
// can outlast a lease: setting indexes aside waits for the table's lock,
// rebuilding them takes over a minute for tens of millions of rows, and
// another node would take over a job that is alive. Only a node that died
// stops renewing. It returns the function that stops it; only a shared
// store has claims that others may take.
func (r *importRun) keepClaim() (stop func()) {
	if !r.s.d.Shared() {
		return func() {}
	}
	ctx, cancel := context.WithCancel(r.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(max(r.cfg.Lease/3, 10*time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			err := r.renewClaim(ctx)
			if err != nil && ctx.Err() == nil {
				r.cfg.Log.Warn("import: renewing the claim", "import", r.im.ID, "err", err)
			}
		}
	}()
	return func() { cancel(); <-done }
}

// renewClaim extends the claim in a statement of its own, outside the
// writer: the writer may itself be what takes long (a structure job
// waiting for a table's lock), and a renewal queued behind it would come
// too late.
func (r *importRun) renewClaim(ctx context.Context) error {
	return claimHeld(r.s.rdb.ExecContext(ctx, Rebind(r.s.d, `UPDATE imports SET lease_until = ? WHERE id = ? AND claim_owner = ?`),
		r.s.now().Add(r.cfg.Lease).Unix(), r.im.ID, r.owner))
}

// logPhase tells operators where a long import spends its time.
func (r *importRun) logPhase(what string, since time.Time, more ...any) {
	r.cfg.Log.Info("import: "+what, append([]any{"import", r.im.ID, "lines", r.lineNo, "seconds", time.Since(since).Seconds()}, more...)...)
}

// planner builds the planner of the job against cat.
func (r *importRun) planner(cat *kopernik.Catalog) (*imports.Planner, *kopernik.Database, error) {
	db := cat.Database(r.im.DatabaseID)
	if db == nil {
		return nil, nil, errors.New("the database no longer exists")
	}
	p, err := imports.NewPlanner(db, r.im, r.s.conv)
	return p, db, err
}

// rows applies the source from the resume point on. A producer reads and
// plans the next batch while the writer applies the current one.
func (r *importRun) rows() error {
	cat := r.s.cat.Load()
	p, db, err := r.planner(cat)
	if err != nil {
		r.rep.Stop(err)
		return nil
	}
	var oi *ownerInfo
	switch r.im.Action {
	case kopernik.ImportAdd, kopernik.ImportUpdateOrAdd, kopernik.ImportIgnoreOrAdd:
		oi = newOwnerInfo(r.s, kopernik.DatabaseOwner(db.ID), db.Fields)
	}
	src, err := imports.OpenSniffed(r.im.Format, r.im.Delimiter, r.s.openSource(r.ctx, r.im.ID), r.cfg.Limits)
	if err != nil {
		r.rep.Stop(err)
		return nil
	}
	var done int64
	if err := r.s.queryRow(r.ctx, `SELECT processed_lines FROM imports WHERE id = ?`, r.im.ID).Scan(&done); err != nil {
		return err
	}
	if r.im.TotalLines == 0 && done == 0 {
		t0 := time.Now()
		if err := r.survey(); err != nil {
			return err
		}
		r.logPhase("counted", t0)
		if r.rep.Stopped != "" {
			return nil
		}
	}
	// Skip what committed batches applied already.
	for r.lineNo < done {
		_, err := src.Next()
		if isEOF(err) {
			break
		}
		if err != nil && !imports.IsRowError(err) {
			r.rep.Stop(err)
			return nil
		}
		r.lineNo++
		if err == nil {
			if err := p.Columns(src.Columns()); err != nil {
				r.rep.Stop(err)
				return nil
			}
		}
	}
	deferred := false
	if done == 0 {
		if deferred, err = r.deferIndexes(p.Keys().Profile); err != nil {
			return err
		}
	}
	// A run that resumes a job another run (or node) started may find the
	// indexes set aside: it rebuilds them too (a no-op when they exist).
	if deferred || r.im.TotalLines >= deferIndexRows {
		defer func() {
			if r.ctx.Err() != nil {
				// Stopping: whoever resumes the job rebuilds them at its
				// end, and a store rebuilds missing indexes when it opens
				// (syncAllIndexes), so shutdown does not wait for them.
				return
			}
			t0 := time.Now()
			aside, err := r.restoreIndexes(r.ctx)
			if err != nil && r.ctx.Err() == nil {
				r.cfg.Log.Error("import: rebuilding field indexes", "import", r.im.ID, "err", err)
			}
			r.logPhase("rebuilt the field indexes", t0, "side_by_side", aside)
		}()
	}
	batches := make(chan *importBatch)
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	go r.produce(ctx, src, p, oi, cat.Version, batches)
	for b := range batches {
		if err := r.apply(b); err != nil {
			cancel()
			for range batches {
			}
			return err
		}
		if r.cfg.Progress != nil {
			r.cfg.Progress(r.im.ID, b.end, r.im.TotalLines)
		}
		if b.stop != nil {
			r.rep.Stop(b.stop)
		}
	}
	return r.ctx.Err()
}

// survey counts the rows of a source whose size was not known when it was
// stored (a location, a file from the command line) and checks its columns.
func (r *importRun) survey() error {
	p, _, err := r.planner(r.s.cat.Load())
	if err != nil {
		r.rep.Stop(err)
		return nil
	}
	src, err := imports.OpenSniffed(r.im.Format, r.im.Delimiter, r.s.openSource(r.ctx, r.im.ID), r.cfg.Limits)
	if err != nil {
		r.rep.Stop(err)
		return nil
	}
	n, err := imports.Survey(src, p)
	if err != nil {
		if r.ctx.Err() != nil {
			return r.ctx.Err()
		}
		r.rep.Stop(err)
		return nil
	}
	r.im.TotalLines = n
	return r.s.write(r.ctx, func(t *Tx) error { return r.progress(t, `total_lines = ?`, n) })
}

// produce reads batches of rows and plans them.
func (r *importRun) produce(ctx context.Context, src imports.Reader, p *imports.Planner, oi *ownerInfo, version int64, out chan<- *importBatch) {
	defer close(out)
	line := r.lineNo
	for {
		b := &importBatch{version: version}
		for len(b.rows) < r.cfg.BatchRows {
			row, err := src.Next()
			if isEOF(err) {
				b.eof = true
				break
			}
			if err != nil && !imports.IsRowError(err) {
				b.stop = err
				break
			}
			line++
			if err == nil {
				if cerr := p.Columns(src.Columns()); cerr != nil {
					b.stop = cerr
					line--
					break
				}
			}
			var pl *imports.Plan
			if err == nil {
				pl, err = p.Plan(row)
			}
			b.readErr = append(b.readErr, err != nil && pl == nil && len(row.Cells) == 0)
			var pre *ment
			if oi != nil && pl != nil && err == nil {
				pre = prepareCreate(r.s, oi, pl)
			}
			b.rows = append(b.rows, row)
			b.errs = append(b.errs, err)
			b.plans = append(b.plans, pl)
			b.pre = append(b.pre, pre)
		}
		b.cols = append([]string(nil), src.Columns()...)
		b.end = line
		select {
		case out <- b:
		case <-ctx.Done():
			return
		}
		if b.eof || b.stop != nil {
			return
		}
	}
}

// replan plans a batch again against a newer catalog.
func (r *importRun) replan(b *importBatch, cat *kopernik.Catalog) error {
	p, _, err := r.planner(cat)
	if err != nil {
		return err
	}
	if err := p.Columns(b.cols); err != nil {
		return err
	}
	for i, row := range b.rows {
		if b.readErr[i] {
			continue
		}
		pl, err := p.Plan(row)
		b.plans[i], b.errs[i] = pl, err
	}
	b.version = cat.Version
	b.pre = nil // prepared against the old structure
	return nil
}

// apply writes one batch and its progress in one transaction.
func (r *importRun) apply(b *importBatch) error {
	for attempt := 0; ; attempt++ {
		var rep imports.Report
		err := r.s.write(r.ctx, func(t *Tx) error {
			if t.Cat.Version != b.version {
				return errReplan
			}
			rep = r.rep
			rep.First = append([]string(nil), r.rep.First...)
			db := t.Cat.Database(r.im.DatabaseID)
			if db == nil {
				return errors.New("the database no longer exists")
			}
			p, err := imports.NewPlanner(db, r.im, t.s.conv)
			if err != nil {
				return err
			}
			if err := p.Columns(b.cols); err != nil {
				return err
			}
			if len(rep.Ignored) == 0 {
				rep.Ignored = p.Unknown()
			}
			a := newApplier(t, r.im, db, p, &rep)
			if b.pre != nil {
				a.prepared = make(map[*imports.Plan]*ment, len(b.pre))
				for i, m := range b.pre {
					if m != nil {
						// A batch may run twice (the writer's retry): each
						// run starts from its own copy.
						// (update clones vals before changing them).
						c := *m
						a.prepared[b.plans[i]] = &c
					}
				}
			}
			if err := a.prefetch(b.plans); err != nil {
				return err
			}
			for i, pl := range b.plans {
				if b.errs[i] != nil {
					if !rep.RowError(b.errs[i]) {
						rep.Row(b.rows[i].Line, b.errs[i].Error())
					}
					continue
				}
				if err := a.row(pl); err != nil {
					return err
				}
			}
			if err := a.flush(); err != nil {
				return err
			}
			if err := a.saveTouched(); err != nil {
				return err
			}
			return r.progress(t, `processed_lines = ?, report = ?, last_error = ?`, b.end, jsonText(&rep), rep.LastError())
		})
		if errors.Is(err, errReplan) && attempt < 3 {
			if err := r.replan(b, r.s.cat.Load()); err != nil {
				r.rep.Stop(err)
				b.stop = err
				return nil
			}
			continue
		}
		if err != nil {
			return err
		}
		r.rep = rep
		r.lineNo = b.end
		return nil
	}
}

func (a *applier) saveTouched() error {
	if len(a.touched) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(a.touched))
	for id := range a.touched {
		if id > 0 {
			args = append(args, a.job.ID, id)
		}
	}
	if len(args) == 0 {
		return nil
	}
	return a.t.insertRows(`INSERT INTO import_touched (import_id, entity_id) VALUES `, 2, args, ` ON CONFLICT DO NOTHING`)
}
