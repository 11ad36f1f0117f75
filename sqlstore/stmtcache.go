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
	c.mu.RLock()
	st := c.m[q]
	if st != nil {
		rows, err := st.QueryContext(ctx, args...)
		c.mu.RUnlock()
		return rows, err
	}
	c.mu.RUnlock()
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
	if prev := c.m[q]; prev != nil {
		st.Close()
		st = prev
	} else {
		c.m[q] = st
	}
	c.mu.Unlock()
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.m[q] != st {
		return c.db.QueryContext(ctx, q, args...)
	}
	return st.QueryContext(ctx, args...)
}

// txStmts caches statements prepared on one write transaction: jobs in a group
// commit run the same few statements, so each is prepared once per batch.
type txStmts struct {
	tx  *sql.Tx
	m   map[string]*sql.Stmt
	off bool
}

// stmt returns a prepared statement, or nil where the engine keeps none.
func (t *txStmts) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if t.off {
		return nil, nil
	}
	if st := t.m[q]; st != nil {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if t.m == nil {
		t.m = map[string]*sql.Stmt{}
	}
	t.m[q] = st
	return st, nil
}

func (t *txStmts) close() {
	for _, st := range t.m {
		st.Close()
	}
	t.m = nil
}
