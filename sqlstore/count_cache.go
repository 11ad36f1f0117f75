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
// fresh count would see. On a shared store the version is the sum of every
// node's data version, which each node's writer bumps in the transaction
// that changes data.
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
	q := `SELECT count(*) FROM ` + table + ` WHERE ` + where
	key := countKey(q, args)
	var version uint64
	if s.d.Shared() {
		// Other nodes write too: the version is the shared one, read from
		// the database (one short statement instead of a count).
		v, err := s.sharedDataVersion(ctx)
		if err != nil {
			return 0, err
		}
		version = v
	} else {
		version = s.dataVersion.Load()
	}
	s.counts.mu.Lock()
	e, ok := s.counts.m[key]
	s.counts.mu.Unlock()
	if ok && e.version == version {
		return e.total, nil
	}
	var n int64
	if s.d.Shared() {
		// The version and the count come from one statement, one snapshot:
		// the count is exactly the data of that version.
		err := s.rdb.QueryRowContext(ctx, Rebind(s.d, `SELECT (`+sharedVersionSQL+`), (`+q+`)`), args...).Scan(&version, &n)
		if err != nil {
			return 0, err
		}
	} else {
		rows, err := s.reads.query(ctx, Rebind(s.d, q), args...)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return 0, err
			}
		}
		if err := closeRows(rows); err != nil {
			return 0, err
		}
	}
	s.counts.mu.Lock()
	if s.counts.m == nil || len(s.counts.m) >= maxCounts {
		s.counts.m = make(map[string]countEntry)
	}
	s.counts.m[key] = countEntry{version: version, total: n}
	s.counts.mu.Unlock()
	return n, nil
}

// sharedVersionSQL sums the data versions of all nodes (postgres migration
// 00006): it grows with every commit that changes data, on any node.
const sharedVersionSQL = `SELECT coalesce(sum(v), 0) FROM data_versions`

func (s *Store) sharedDataVersion(ctx context.Context) (uint64, error) {
	var v uint64
	err := s.rdb.QueryRowContext(ctx, sharedVersionSQL).Scan(&v)
	return v, err
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
