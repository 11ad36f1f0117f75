package sqlstore

import (
	"database/sql"
	"sync"
	"time"
)

// WriterStats hears how the group commit goes; the metrics implement it.
// The writer calls it once per transaction it commits, never per request,
// from its own goroutine.
type WriterStats interface {
	// Batch reports one committed transaction: how many jobs shared it,
	// whether it was a structure change (which commits alone), how long it
	// ran from BEGIN to the end of COMMIT, and how long COMMIT took by itself
	// (the durable write, an fsync on SQLite).
	Batch(jobs int, structure bool, total, commit time.Duration)
}

// Stat is one figure of the engine, read when metrics are collected, so
// that keeping it costs the engine nothing between scrapes.
type Stat struct {
	// Name is the full metric name (kopernik_sqlite_…), Help its one-line
	// description.
	Name, Help string
	// Counter: the value only grows; otherwise it is a gauge.
	Counter bool
	Value   func() float64
}

// stats are the engine's figures, registered by the engine when it opens
// the store (sqlite: the write-ahead log).
type stats struct {
	mu   sync.Mutex
	list []Stat
}

// AddStat registers a figure of the engine for the metrics.
func (s *Store) AddStat(st Stat) {
	s.stats.mu.Lock()
	s.stats.list = append(s.stats.list, st)
	s.stats.mu.Unlock()
}

// Stats are the figures the engine registered.
func (s *Store) Stats() []Stat {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	return append([]Stat(nil), s.stats.list...)
}

// QueueDepth is how many write jobs wait for the writer.
func (s *Store) QueueDepth() int { return len(s.w.jobs) }

// Pools are the connection pools, for their statistics: the readers and the
// writer's (one connection).
func (s *Store) Pools() (read, write *sql.DB) { return s.rdb, s.wdb }
