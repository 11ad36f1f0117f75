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
	if rows, ok, err := c.cached(ctx, q, args); ok {
		return rows, err
	}
	st, err := c.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxStmts {
		for _, old := range c.m {
			old.Close()
		}
		c.m = map[string]*sql.Stmt{}
	}
	if c.m[q] == nil {
		c.m[q] = st
	} else {
		st.Close() // another request prepared it meanwhile
	}
	c.mu.Unlock()
	if rows, ok, err := c.cached(ctx, q, args); ok {
		return rows, err
	}
	return c.db.QueryContext(ctx, q, args...) // the cache was reset meanwhile
}

// cached runs q through its kept statement, holding the lock so that a reset
// cannot close the statement under the query.
func (c *stmtCache) cached(ctx context.Context, q string, args []any) (*sql.Rows, bool, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	st := c.m[q]
	if st == nil {
		return nil, false, nil
	}
	rows, err := st.QueryContext(ctx, args...)
	return rows, true, err
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
