package sqlite

import (
	"context"
	"database/sql"
	"log/slog"
	"sync/atomic"
	"time"
)

// checkpointEvery is how often the write-ahead log is copied back into the
// database file beside the writer.
const checkpointEvery = 250 * time.Millisecond

// Variables, not constants, so a test can reach them with a small load.
var (
	// walResetFrames is the log length (in pages) past which the writer is
	// asked to bring the log back to its start.
	walResetFrames int64 = 65536
	// walResetLeft is how many uncopied frames the writer is left with.
	walResetLeft int64 = 2048
	// walSizeLimit is what a reset log file is truncated to (bytes).
	walSizeLimit int64 = 512 << 20
	// resetEvery spaces the writer's own checkpoints: each one is a short
	// pause of every write.
	resetEvery = 100 * time.Millisecond
)

// checkpointer keeps the write-ahead log short without pausing the writer for
// the bulk of the work.
//
// SQLite would checkpoint inside whichever commit crosses its threshold,
// stalling the writer and every request of that group commit; so the bulk is
// copied by passive checkpoints on a connection of their own. But the log
// only starts over when a write begins right after a checkpoint that copied
// every frame, and under steady writes the writer always appends more while
// the side checkpoint runs: the log would grow without bound (tens of GB over
// a million inserts). So once the log is long, the writer runs a passive
// checkpoint itself between two batches. It copies only the frames written
// since the side checkpoint, and the writer's next transaction starts the log
// over. Durability is unchanged: a committed transaction is in the log either
// way.
type checkpointer struct {
	db        *sql.DB
	wantReset atomic.Bool
	lastReset time.Time // writer goroutine only
	cancel    context.CancelFunc
	done      chan struct{}
	// For the metrics: checkpoints beside the writer that copied pages, and
	// those the writer ran itself between batches. lastCopied belongs to the
	// side checkpoint's goroutine.
	sideRuns, writerRuns atomic.Int64
	lastCopied           int64
}

func startCheckpointer(db *sql.DB) *checkpointer {
	ctx, cancel := context.WithCancel(context.Background())
	c := &checkpointer{db: db, cancel: cancel, done: make(chan struct{})}
	go c.loop(ctx)
	return c
}

func (c *checkpointer) loop(ctx context.Context) {
	defer close(c.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := c.catchUp(ctx); err != nil && ctx.Err() == nil {
				slog.Warn("wal checkpoint", "err", err)
			}
		}
	}
}

// catchUp copies the log into the database file. When the log is long it
// repeats until only a few frames are left uncopied, and only then asks the
// writer to finish: each pass copies what was appended during the previous
// one, so the writer's own checkpoint (which pauses every write, fsyncs
// included) has almost nothing left to do.
func (c *checkpointer) catchUp(ctx context.Context) error {
	for pass := 0; pass < 8; pass++ {
		var busy, frames, copied int64
		if err := c.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied); err != nil {
			return err
		}
		// The pragma reports the log's totals, not this run's work: a run
		// copied something when the total moved.
		if copied != c.lastCopied {
			if copied > 0 {
				c.sideRuns.Add(1)
			}
			c.lastCopied = copied
		}
		if frames <= walResetFrames {
			return nil
		}
		if busy == 0 && frames-copied <= walResetLeft {
			c.wantReset.Store(true)
			return nil
		}
	}
	// The writer outpaces the copying or a reader holds it back: ask anyway,
	// the log must not grow without bound.
	c.wantReset.Store(true)
	return nil
}

// maintain runs on the writer's connection between batches.
func (c *checkpointer) maintain(ctx context.Context, conn *sql.Conn) {
	if !c.wantReset.Load() || time.Since(c.lastReset) < resetEvery {
		return
	}
	c.lastReset = time.Now()
	var busy, frames, copied int64
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied); err != nil {
		slog.Warn("wal checkpoint by the writer", "err", err)
		return
	}
	c.writerRuns.Add(1)
	// Complete: the writer's next transaction starts the log over. Otherwise
	// a reader on an old snapshot (or the side checkpoint) held it back, and
	// the writer tries again after resetEvery.
	if busy == 0 && copied == frames {
		c.wantReset.Store(false)
	}
}

func (c *checkpointer) close() error {
	c.cancel()
	<-c.done
	// A last full checkpoint leaves a compact database file behind.
	_, _ = c.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return c.db.Close()
}
