//go:build linux

package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kopernik/kopernik/postgres"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
)

// backend is where the seeded data lives and the server keeps it: a SQLite
// data dir, or a schema of a PostgreSQL database.
type backend struct {
	dir    string // SQLite data dir; "" with PostgreSQL
	dsn    string // PostgreSQL DSN with search_path=schema; "" with SQLite
	schema string
	base   string // the DSN as given (without search_path), for admin connections
}

func (b backend) pg() bool { return b.dsn != "" }

func (b backend) engine() string {
	if b.pg() {
		return "postgres"
	}
	return "sqlite"
}

// where names the store in messages.
func (b backend) where() string {
	if b.pg() {
		return "PostgreSQL schema " + b.schema
	}
	return b.dir
}

// flag names the option that picks another store.
func (b backend) flag() string {
	if b.pg() {
		return "-pg-schema"
	}
	return "-data dir"
}

// open opens the store in-process, applying migrations.
func (b backend) open(ctx context.Context, loc *time.Location) (*sqlstore.Store, error) {
	opts := sqlstore.Options{Loc: loc}
	if b.pg() {
		return postgres.Open(ctx, postgres.Config{DSN: b.dsn, Migrate: true, Options: opts})
	}
	return sqlite.Open(ctx, sqlite.Config{Dir: b.dir, Sync: sqlite.SyncNormal, Options: opts, Migrate: true})
}

// args are the store flags of `kopernik serve` and `kopernik token create`.
// The PostgreSQL DSN goes through the environment instead (see env), so that
// a password in it does not show in the process list.
func (b backend) args() []string {
	if b.pg() {
		return nil
	}
	return []string{"--data", b.dir}
}

// env is the environment of the kopernik commands: this process's, without
// the store settings the server reads from KOPERNIK_* variables, plus
// KOPERNIK_POSTGRES for PostgreSQL.
func (b backend) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "KOPERNIK_POSTGRES", "KOPERNIK_DATA", "KOPERNIK_SYNC":
			continue
		}
		env = append(env, kv)
	}
	if b.pg() {
		env = append(env, "KOPERNIK_POSTGRES="+b.dsn)
	}
	return env
}

// sizeMB is the size of the SQLite file, or of the schema's tables with their
// indexes and TOAST in PostgreSQL; 0 if unknown.
func (b backend) sizeMB() float64 {
	if !b.pg() {
		fi, err := os.Stat(sqlite.Path(b.dir))
		if err != nil {
			return 0
		}
		return round(float64(fi.Size())/(1<<20), 1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, b.base)
	if err != nil {
		return 0
	}
	defer conn.Close(ctx)
	var n int64
	err = conn.QueryRow(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
		FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
		WHERE s.nspname = $1 AND c.relkind = 'r'`, b.schema).Scan(&n)
	if err != nil {
		return 0
	}
	return round(float64(n)/(1<<20), 1)
}

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

func validSchema(s string) bool { return schemaName.MatchString(s) }

// preparePG creates the schema if it is missing and returns the backend whose
// DSN selects it through search_path.
func preparePG(ctx context.Context, dsn, schema string) (backend, error) {
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, dsn)
	if err != nil {
		return backend{}, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(cctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return backend{}, fmt.Errorf("creating schema %s: %w", schema, err)
	}
	withPath, err := withSearchPath(dsn, schema)
	if err != nil {
		return backend{}, err
	}
	return backend{dsn: withPath, schema: schema, base: dsn}, nil
}

// withSearchPath sets search_path in a URL or keyword/value DSN. pgx passes
// it to the server as a run-time parameter of every connection.
func withSearchPath(dsn, schema string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("-postgres: %w", err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	// Keyword/value form: a later keyword overrides an earlier one.
	return strings.TrimSpace(dsn) + " search_path=" + schema, nil
}

// redactDSN hides a password in a DSN for logs and the JSON summary.
func redactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	return regexp.MustCompile(`password=\S+`).ReplaceAllString(dsn, "password=xxxxx")
}

// writers returns st and, for PostgreSQL, n-1 more stores opened on the same
// schema. Each store has one writer connection, so seeding through several of
// them is what several server nodes sharing the schema would do; with SQLite
// (one writer per file) it is st alone. closeAll closes the extra stores.
func (b backend) writers(ctx context.Context, st *sqlstore.Store, n int, loc *time.Location) (stores []*sqlstore.Store, closeAll func() error, err error) {
	stores = []*sqlstore.Store{st}
	closeAll = func() error {
		var first error
		for _, s := range stores[1:] {
			if err := s.Close(); first == nil {
				first = err
			}
		}
		return first
	}
	if !b.pg() {
		return stores, closeAll, nil
	}
	for len(stores) < n {
		s, err := b.open(ctx, loc)
		if err != nil {
			closeAll()
			return nil, nil, err
		}
		stores = append(stores, s)
	}
	return stores, closeAll, nil
}

// settle runs VACUUM (ANALYZE) over the schema's tables after a fresh seed on
// PostgreSQL, as autovacuum would soon after a bulk load: the measured phases
// then see planner statistics and a visibility map of the seeded tables rather
// than whatever autovacuum had reached by then. SQLite needs nothing: the
// store runs PRAGMA optimize when it opens.
func (b backend) settle(ctx context.Context) (time.Duration, error) {
	if !b.pg() {
		return 0, nil
	}
	start := time.Now()
	conn, err := pgx.Connect(ctx, b.base)
	if err != nil {
		return 0, err
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`, b.schema)
	if err != nil {
		return 0, err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, err
	}
	var names []string
	for _, t := range tables {
		names = append(names, pgx.Identifier{b.schema, t}.Sanitize())
	}
	if len(names) == 0 {
		return 0, nil
	}
	if _, err := conn.Exec(ctx, "VACUUM (ANALYZE) "+strings.Join(names, ", ")); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}
