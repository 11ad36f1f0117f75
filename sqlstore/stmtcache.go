package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared read statements: the hot reads (one profile, a list
// page) would otherwise be parsed and planned by the engine on every request.
// Statement texts embed only generated column names, so their number is bounded
// by the schema; the cache is reset if it ever grows past maxStmts.
//
// The lock guards only the map, never a query: the SQLite driver takes a
// query's first step inside QueryContext, and the first step of a count or a
// sort is all of its work. Held across it, the read lock made every request
// with a statement not yet prepared (all of them right after a start) wait
// for the slowest query running, and every request after that one wait too
// (issue 15: a first page waited seconds for the count sent beside it).
type stmtCache struct {
	db  *sql.DB
	off bool // the engine does not keep prepared statements
	mu  sync.RWMutex
	m   map[string]*sql.Stmt
}

const maxStmts = 2000

func (c *stmtCache) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if c.off {
		return c.db.QueryContext(ctx, q, args...)
	}
	st := c.get(q)
	if st == nil {
		var err error
		if st, err = c.db.PrepareContext(ctx, q); err != nil {
			return nil, err
		}
		st = c.put(q, st)
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil && c.get(q) != st {
		// A reset closed the statement between the lookup and the query
		// (database/sql keeps a closed statement alive only for rows
		// already open): run the text unprepared.
		return c.db.QueryContext(ctx, q, args...)
	}
	return rows, err
}

func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[q]
}

// put keeps st for q and returns the statement to use: st, or the one
// another request kept meanwhile. A reset closes the old statements outside
// the lock and off the request, since closing one waits for the first steps
// of its queries running.
func (c *stmtCache) put(q string, st *sql.Stmt) *sql.Stmt {
	var old map[string]*sql.Stmt
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxStmts {
		old, c.m = c.m, map[string]*sql.Stmt{}
	}
	kept := c.m[q]
	if kept == nil {
		c.m[q], kept = st, st
	}
	c.mu.Unlock()
	if kept != st {
		st.Close()
	}
	if len(old) > 0 {
		go func() {
			for _, s := range old {
				s.Close()
			}
		}()
	}
	return kept
}

// connStmts keeps the writer's statements prepared on its connection across
// batches: a group commit runs the same few statements over and over. SQLite
// re-prepares a kept statement by itself after a schema change.
type connStmts struct {
	conn *sql.Conn
	m    map[string]*sql.Stmt
	off  bool // the engine does not keep prepared statements
}

// stmt returns a prepared statement, or nil where the engine keeps none.
func (c *connStmts) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if c.off {
		return nil, nil
	}
	if st := c.m[q]; st != nil {
		return st, nil
	}
	if len(c.m) >= maxStmts {
		c.close()
	}
	st, err := c.conn.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = st
	return st, nil
}

func (c *connStmts) close() {
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}
