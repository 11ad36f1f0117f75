package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"
)

// holdDriver is SQLite with hold(): a function that blocks until the test
// lets it go, standing in for the first step of a long count or sort.
const holdDriver = "sqlite3_i15_hold"

var (
	registerHold sync.Once
	holdMu       sync.Mutex
	holdEntered  chan struct{}
	holdRelease  chan struct{}
)

func openHoldDB(t *testing.T) *sql.DB {
	registerHold.Do(func() {
		sql.Register(holdDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
			return c.RegisterFunc("hold", func() int64 {
				holdMu.Lock()
				entered, release := holdEntered, holdRelease
				holdMu.Unlock()
				close(entered)
				<-release
				return 1
			}, false)
		}})
	})
	db, err := sql.Open(holdDriver, "file:"+filepath.Join(t.TempDir(), "hold.db")+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	t.Cleanup(func() { db.Close() })
	return db
}

// TestI15_StatementCacheDoesNotWaitForARunningQuery: while one cached read
// is in its first step (for a count, all of its work), a read with a
// statement the cache has not seen yet is prepared and answered, and so is
// the running one's own text from a second request. Before issue 15 the
// cache held its lock across the first step, so the console's first page
// waited for the count sent beside it.
func TestI15_StatementCacheDoesNotWaitForARunningQuery(t *testing.T) {
	ctx := context.Background()
	c := &stmtCache{db: openHoldDB(t)}
	holdMu.Lock()
	holdEntered, holdRelease = make(chan struct{}), make(chan struct{})
	entered, release := holdEntered, holdRelease
	holdMu.Unlock()
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()

	slow := make(chan error, 1)
	go func() {
		rows, err := c.query(ctx, `SELECT hold()`)
		if err == nil {
			err = closeRows(rows)
		}
		slow <- err
	}()
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the held query never started")
	}

	fast := make(chan error, 1)
	go func() {
		var n int64
		rows, err := c.query(ctx, `SELECT 41 + ?`, 1)
		if err == nil {
			for rows.Next() {
				err = rows.Scan(&n)
			}
			if e := closeRows(rows); err == nil {
				err = e
			}
		}
		if err == nil && n != 42 {
			t.Errorf("got %d, want 42", n)
		}
		fast <- err
	}()
	select {
	case err := <-fast:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a new statement waited for the query running beside it")
	}
	select {
	case err := <-slow:
		t.Fatalf("the held query finished before it was released: %v", err)
	default:
	}
	close(release)
	released = true
	if err := <-slow; err != nil {
		t.Fatal(err)
	}
	if n := len(c.m); n != 2 {
		t.Fatalf("%d statements kept, want 2", n)
	}
}

// TestStatementCacheResetKeepsOpenRows: a reset (past maxStmts) closes every
// kept statement, also one whose rows are still being read; those rows still
// come, and the text is prepared anew on its next use.
func TestStatementCacheResetKeepsOpenRows(t *testing.T) {
	ctx := context.Background()
	c := &stmtCache{db: openHoldDB(t)}
	for i := range maxStmts {
		q := `SELECT ` + strconv.Itoa(i)
		st, err := c.db.PrepareContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		c.put(q, st)
	}
	rows, err := c.query(ctx, `SELECT 7`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scanOne(c.query(ctx, `SELECT -1`)); err != nil { // resets the cache
		t.Fatal(err)
	}
	if n, err := scanOne(rows, nil); err != nil || n != 7 {
		t.Fatalf("rows of a statement closed by a reset: %d, %v", n, err)
	}
	if n, err := scanOne(c.query(ctx, `SELECT 7`)); err != nil || n != 7 {
		t.Fatalf("after the reset: %d, %v", n, err)
	}
	if len(c.m) != 2 {
		t.Fatalf("%d statements kept after the reset, want 2", len(c.m))
	}
}

func scanOne(rows *sql.Rows, err error) (int64, error) {
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
	return n, closeRows(rows)
}
