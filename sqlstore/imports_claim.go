package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/kopernik/kopernik"
)

// The import worker's loop and its claims on jobs (imports_worker.go runs
// one claimed job).
// importWake nudges the worker when this process stores a job.
func (s *Store) wakeImports() {
	select {
	case s.importWake <- struct{}{}:
	default:
	}
}

// RunImports runs the import worker until ctx ends: it claims runnable jobs
// one at a time and applies them. Any number of processes may run it on a
// PostgreSQL store; a job is claimed by one of them (lease, SKIP LOCKED).
func (s *Store) RunImports(ctx context.Context, cfg ImportConfig) {
	cfg.defaults()
	owner := newOwnerID()
	failures := map[int64]int{}
	for {
		id, err := s.claimImport(ctx, owner, 0, cfg.Lease)
		if err != nil && ctx.Err() == nil {
			cfg.Log.Warn("import: claiming a job", "err", err)
		}
		if id > 0 {
			err := s.runImport(ctx, cfg, id, owner)
			if err == nil || ctx.Err() != nil {
				delete(failures, id)
				continue
			}
			cfg.Log.Warn("import: job interrupted", "import", id, "err", err)
			// A fault that outlives a retry (the database was deleted, a
			// store error that repeats) ends the job instead of retrying
			// it forever; a passing one costs a pause.
			if failures[id]++; failures[id] >= 3 && !errors.Is(err, errLostClaim) {
				s.failImport(id, err)
				delete(failures, id)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(cfg.Poll):
			}
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-s.importWake:
		case <-time.After(cfg.Poll):
		}
	}
}

// RunImport claims one job and applies it to its end (the command line,
// when no server holds the store). It returns the job as it ended.
func (s *Store) RunImport(ctx context.Context, cfg ImportConfig, id int64) (*kopernik.Import, error) {
	cfg.defaults()
	owner := newOwnerID()
	got, err := s.claimImport(ctx, owner, id, cfg.Lease)
	if err != nil {
		return nil, err
	}
	if got == id {
		if err := s.runImport(ctx, cfg, id, owner); err != nil {
			return nil, err
		}
	}
	return s.GetImport(ctx, id)
}

// failImport ends a job that cannot go on.
func (s *Store) failImport(id int64, cause error) {
	_ = s.write(context.Background(), func(t *Tx) error {
		_, err := t.Exec(`UPDATE imports SET status = ?, phase = 'done', last_error = ? WHERE id = ?`,
			string(kopernik.ImportError), "Import stopped: "+cause.Error()+".", id)
		return err
	})
}

func newOwnerID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// claimImport takes the oldest runnable job (or job only, when given) for
// owner. On SQLite one process owns the data dir and so every job: a claim
// left by a process that died is taken over at once. On PostgreSQL a claim
// holds until its lease runs out.
func (s *Store) claimImport(ctx context.Context, owner string, only int64, lease time.Duration) (int64, error) {
	// Idle most of the time: a read tells whether there is anything to
	// claim, so an idle worker costs the writer nothing.
	var waiting int64
	if err := s.queryRow(ctx, `SELECT count(*) FROM imports WHERE status = ? AND (source_ready = 1 OR location <> '') AND (? = 0 OR id = ?)`,
		string(kopernik.ImportRunning), only, only).Scan(&waiting); err != nil || waiting == 0 {
		return 0, err
	}
	var id int64
	err := s.write(ctx, func(t *Tx) error {
		id = 0
		now := t.s.now()
		q := `SELECT id FROM imports WHERE status = ? AND (source_ready = 1 OR location <> '')`
		args := []any{string(kopernik.ImportRunning)}
		if s.d.Shared() {
			q += ` AND (claim_owner = '' OR claim_owner = ? OR lease_until < ?)`
			args = append(args, owner, now.Unix())
		}
		if only > 0 {
			q += ` AND id = ?`
			args = append(args, only)
		}
		q += ` ORDER BY id LIMIT 1`
		if s.d.Shared() {
			q += ` FOR UPDATE SKIP LOCKED`
		}
		rows, err := t.Query(q, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
		}
		if err := closeRows(rows); err != nil || id == 0 {
			return err
		}
		_, err = t.Exec(`UPDATE imports SET claim_owner = ?, lease_until = ?, last_run = ? WHERE id = ?`,
			owner, now.Add(lease).Unix(), kopernik.Stamp(now), id)
		return err
	})
	return id, err
}
