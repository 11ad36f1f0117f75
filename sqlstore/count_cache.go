package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// countCache remembers list totals until the next committed write. Counting
// every match dominates the cost of a filtered list, and a client paging
// through a result asks for the same total with every page. Any commit
// invalidates every entry, so a cached total is never older than the data a
// fresh count would see. Only for a store no other process writes to.
type countCache struct {
	mu sync.Mutex
	m  map[string]countEntry
}

type countEntry struct {
	version uint64
	total   int64
}

const maxCounts = 10_000

// count returns the number of rows of table matching where.
func (s *Store) count(ctx context.Context, table, where string, args []any) (int64, error) {
	q := Rebind(s.d, `SELECT count(*) FROM `+table+` WHERE `+where)
	if s.d.Shared() {
		var n int64
		err := s.rdb.QueryRowContext(ctx, q, args...).Scan(&n)
		return n, err
	}
	key := countKey(q, args)
	version := s.dataVersion.Load()
	s.counts.mu.Lock()
	e, ok := s.counts.m[key]
	s.counts.mu.Unlock()
	if ok && e.version == version {
		return e.total, nil
	}
	rows, err := s.reads.query(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return 0, err
		}
	}
	if err := closeRows(rows); err != nil {
		return 0, err
	}
	s.counts.mu.Lock()
	if s.counts.m == nil || len(s.counts.m) >= maxCounts {
		s.counts.m = make(map[string]countEntry)
	}
	s.counts.m[key] = countEntry{version: version, total: n}
	s.counts.mu.Unlock()
	return n, nil
}

// countKey identifies a count by its SQL and typed arguments ("1" and 1 bind
// differently).
func countKey(q string, args []any) string {
	var b strings.Builder
	b.WriteString(q)
	for _, a := range args {
		fmt.Fprintf(&b, "\x00%T:%v", a, a)
	}
	return b.String()
}
