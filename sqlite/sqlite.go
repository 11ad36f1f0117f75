// Package sqlite is the embedded engine: one SQLite file in WAL mode, one writer
// connection that group-commits, and a pool of readers.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"github.com/pressly/goose/v3"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
	"github.com/kopernik/kopernik/sqlite/sqlitefilter"
	"github.com/kopernik/kopernik/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the embedded schema migrations.
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return sub
}

// Sync is the durability setting.
type Sync string

const (
	// SyncNormal survives a crash of the server process (WAL, synchronous=NORMAL).
	SyncNormal Sync = "normal"
	// SyncFull also survives power loss (synchronous=FULL).
	SyncFull Sync = "full"
)

// Config says where and how to open the store.
type Config struct {
	Dir     string
	Sync    Sync
	Readers int
	Options sqlstore.Options
	// Migrate applies pending migrations; without it a pending migration is an error.
	Migrate bool
}

// Path returns the database file inside a data directory.
func Path(dir string) string { return filepath.Join(dir, "kopernik.db") }

func dsn(path string, sync Sync, writer bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", string(sync))
	q.Set("_foreign_keys", "1")
	q.Set("_busy_timeout", "10000")
	// Page caches are per connection; the OS page cache holds the file
	// anyway, so small caches keep the server's memory bounded.
	if writer {
		// Inserting into large tables touches index pages all over the file;
		// a larger writer cache keeps them, readers need little.
		q.Set("_cache_size", strconv.Itoa(-writerCacheKiB))
	} else {
		q.Set("_cache_size", "-8000")
		q.Set("_query_only", "1")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// MigrateOnly brings the schema in dir up to date (kopernik migrate). The
// caller holds the directory's lock (LockDir): a running server keeps its
// catalog in memory and would not see the new schema.
func MigrateOnly(ctx context.Context, dir string) (sqlstore.Migration, error) {
	db, err := sql.Open("sqlite3", dsn(Path(dir), SyncFull, true))
	if err != nil {
		return sqlstore.Migration{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	return sqlstore.Migrate(ctx, db, goose.DialectSQLite3, Migrations(), true)
}

// Open opens (creating if needed) the store in cfg.Dir.
func Open(ctx context.Context, cfg Config) (*sqlstore.Store, error) {
	if cfg.Dir == "" {
		return nil, errors.New("sqlite: no data directory")
	}
	if cfg.Sync == "" {
		cfg.Sync = SyncNormal
	}
	if cfg.Sync != SyncNormal && cfg.Sync != SyncFull {
		return nil, fmt.Errorf("sqlite: unknown sync setting %q (normal or full)", cfg.Sync)
	}
	if err := os.MkdirAll(cfg.Dir, 0o750); err != nil {
		return nil, err
	}
	path := Path(cfg.Dir)
	wdb, err := sql.Open(DriverName, dsn(path, cfg.Sync, true))
	if err != nil {
		return nil, err
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetConnMaxLifetime(0)
	wdb.SetMaxIdleConns(1)
	if _, err := sqlstore.Migrate(ctx, wdb, goose.DialectSQLite3, Migrations(), cfg.Migrate); err != nil {
		wdb.Close()
		return nil, err
	}
	// Fresh planner statistics let the filter use the right index on large
	// tables; analysis_limit keeps this to milliseconds even for millions of rows.
	// soft_heap_limit is process-wide: SQLite gives back cache and sorter
	// memory before its heap passes it.
	// Checkpoints run beside the writer (see checkpointer), not inside its commits.
	if _, err := wdb.ExecContext(ctx, fmt.Sprintf(`PRAGMA soft_heap_limit=100663296; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=%d; PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002`, walSizeLimit)); err != nil {
		wdb.Close()
		return nil, err
	}
	readers := cfg.Readers
	if readers <= 0 {
		// A filtered list may use three at once (count and two raced plans).
		readers = max(8, 4*runtime.GOMAXPROCS(0))
	}
	rdb, err := sql.Open(DriverName, dsn(path, cfg.Sync, false))
	if err != nil {
		wdb.Close()
		return nil, err
	}
	rdb.SetMaxOpenConns(readers)
	rdb.SetMaxIdleConns(readers)
	rdb.SetConnMaxLifetime(0)
	ckdb, err := sql.Open(DriverName, dsn(path, cfg.Sync, true))
	if err != nil {
		rdb.Close()
		wdb.Close()
		return nil, err
	}
	ckdb.SetMaxOpenConns(1)
	ck := startCheckpointer(ckdb)
	opts := cfg.Options
	opts.Maintain = ck.maintain
	s, err := sqlstore.New(ctx, Dialect{}, rdb, wdb, opts)
	if err != nil {
		ck.close()
		rdb.Close()
		wdb.Close()
		return nil, err
	}
	s.OnClose(ck.close)
	addStats(s, path, ck)
	return s, nil
}

// Dialect is SQLite's side of the sqlstore seam.
type Dialect struct{}

func (Dialect) NumberedPlaceholders() bool { return false }
func (Dialect) IDColumn() string           { return "id INTEGER PRIMARY KEY" }
func (Dialect) Filter() filter.Dialect     { return sqlitefilter.Dialect{} }
func (Dialect) Unlimited() string          { return "LIMIT -1" }

// Text: SQLite holds any byte string, a NUL included, and the filter compares
// with it literally (see sqlitefilter).
func (Dialect) Text(s string) string { return s }

// ColumnType declares text-like columns NOCASE so that case-insensitive filters
// and their indexes agree. Defaults are what existing rows get when a field is
// added (B34): 0 for numbers, the zero date for every date type.
func (Dialect) ColumnType(t kopernik.FieldType) string {
	switch {
	case t.IsInteger():
		return "INTEGER NOT NULL DEFAULT 0"
	case t == kopernik.TypeFloat:
		return "REAL NOT NULL DEFAULT 0"
	case t.HasTime():
		return "TEXT NOT NULL DEFAULT '0000-00-00 00:00:00'"
	case t.IsDate():
		return "TEXT NOT NULL DEFAULT '0000-00-00'"
	case t == kopernik.TypeSelect:
		return "TEXT NOT NULL DEFAULT ''"
	}
	return "TEXT COLLATE NOCASE NOT NULL DEFAULT ''"
}

func (Dialect) LockSQL(bool) string { return "" }
func (Dialect) Shared() bool        { return false }
func (Dialect) Prepare() bool       { return true }

// QueryBindsAtOnce: the driver binds a query's parameters in one call into
// C (and an Exec's one call per parameter).
func (Dialect) QueryBindsAtOnce() bool { return true }
func (Dialect) LastInsertID() bool     { return true }

// BeginSQL takes the write lock at once, so a transaction never fails to
// upgrade halfway.
func (Dialect) BeginSQL() string { return "BEGIN IMMEDIATE" }

// OrderedScan forces SQLite along an index: NOT INDEXED walks the table in
// rowid order.
func (Dialect) OrderedScan(table, index string) string {
	switch index {
	case "":
		return ""
	case "rowid":
		return "NOT INDEXED"
	}
	return "INDEXED BY " + index
}

func (Dialect) IndexExpr(t kopernik.FieldType, col string) string { return col }

// IndexCover: SQLite has no index-only combination of two indexes, so each
// field index carries up to this many other indexed fields (see sqlstore's
// field_indexes.go).
func (Dialect) IndexCover() int { return 7 }

// IndexInclude: SQLite has no INCLUDE; the covered fields are key columns.
func (Dialect) IndexInclude() bool { return false }

// writerCacheKiB is the writer connection's page cache.
const writerCacheKiB = 49152

// sortCacheKiB is the writer's cache while sort helper threads are on.
// A sort keeps up to a cache's worth of rows in memory per thread; a
// smaller cache meanwhile keeps the sum near what one sort took alone
// (an index build reads the table once, in order, and needs no cache).
const sortCacheKiB = 8192

func (Dialect) SortThreadsSQL(n int) string {
	if n == 0 {
		return fmt.Sprintf("PRAGMA threads = 0; PRAGMA cache_size = %d", -writerCacheKiB)
	}
	return fmt.Sprintf("PRAGMA threads = %d; PRAGMA cache_size = %d", n, -sortCacheKiB)
}

// SortThreadsDone gives back what the helper threads' sorts freed.
func (Dialect) SortThreadsDone() { trimFreed() }

func (Dialect) IndexNamesSQL() string {
	return `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`
}

func (Dialect) AnalyzeIndexSQL(index string) string { return "ANALYZE " + index }
