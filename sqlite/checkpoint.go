package sqlite

import (
	"context"
	"database/sql"
	"log/slog"
	"time"
)

// checkpointEvery is how often the write-ahead log is copied back into the
// database file.
const checkpointEvery = time.Second

// startCheckpointer copies the WAL into the database file from a connection
// of its own. SQLite would otherwise checkpoint inside whichever commit
// crosses the threshold, stalling the writer and every request of its group
// commit; a passive checkpoint beside it never blocks the writer or readers.
// Durability is unchanged: a committed transaction is in the WAL either way.
func startCheckpointer(db *sql.DB) func() error {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(checkpointEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`); err != nil && ctx.Err() == nil {
					slog.Warn("wal checkpoint", "err", err)
				}
			}
		}
	}()
	return func() error {
		cancel()
		<-done
		// A last full checkpoint leaves a compact database file behind.
		_, _ = db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		return db.Close()
	}
}
