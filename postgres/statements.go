package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/kopernik/kopernik/sqlstore"
)

// Statements are prepared once per connection and kept (pgx's statement
// cache): parsing and planning the same few statements on every request was
// most of PostgreSQL's work per request. A kept statement describes the
// column types of its time, though, and a field's type change replaces a
// column under the same SQL text, which PostgreSQL then refuses ("cached
// plan must not change result type"). So every connection remembers the
// catalog version it prepared under and forgets its statements when the
// catalog moved: the writer's connection before its next statement
// (ForgetStatements), a pooled reader's when it is next taken from the pool
// (resetSession).

const preparedUnder = "kopernik.catalog"

// ForgetStatements drops what the writer's connection prepared
// (sqlstore.StatementKeeper).
func (Dialect) ForgetStatements(ctx context.Context, conn *sql.Conn) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("postgres: not a pgx connection")
		}
		return c.Conn().DeallocateAll(ctx)
	})
}

// catalogVersion tells the version of the store's current snapshot once the
// store is open (0 before: nothing is prepared against a catalog yet).
type catalogVersion struct {
	st atomic.Pointer[sqlstore.Store]
}

func (v *catalogVersion) now() int64 {
	if st := v.st.Load(); st != nil {
		return st.CatalogVersion()
	}
	return 0
}

// afterConnect marks a new connection as prepared under the current catalog.
func (v *catalogVersion) afterConnect(_ context.Context, c *pgx.Conn) error {
	c.PgConn().CustomData()[preparedUnder] = v.now()
	return nil
}

// resetSession runs when database/sql hands out a pooled connection again.
func (v *catalogVersion) resetSession(ctx context.Context, c *pgx.Conn) error {
	want := v.now()
	data := c.PgConn().CustomData()
	if have, _ := data[preparedUnder].(int64); have == want {
		return nil
	}
	if err := c.DeallocateAll(ctx); err != nil {
		return driver.ErrBadConn // a fresh connection is as good
	}
	data[preparedUnder] = want
	return nil
}

// Pipeline sends stmts in one round trip (sqlstore.Pipeliner): pgx queues
// them with a single Sync, and PostgreSQL skips everything after a failed
// statement up to it.
func (Dialect) Pipeline(ctx context.Context, conn *sql.Conn, stmts []sqlstore.Statement) (failed int, err error) {
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("postgres: not a pgx connection")
		}
		b := &pgx.Batch{}
		for _, st := range stmts {
			b.Queue(st.SQL, st.Args...)
		}
		br := c.Conn().SendBatch(ctx, b)
		for i, st := range stmts {
			var err error
			if st.Scan != nil {
				err = br.QueryRow().Scan(st.Scan...)
			} else {
				_, err = br.Exec()
			}
			if err != nil {
				failed = i
				br.Close()
				return err
			}
		}
		return br.Close()
	})
	return failed, err
}

// NextIDsSQL takes n values of the table's BIGSERIAL sequence at once.
func (Dialect) NextIDsSQL(seqTable string) string {
	return `SELECT nextval(` + serialOf(seqTable) + `) FROM generate_series(1, ?) ORDER BY 1`
}

// serialOf names the sequence of seqTable's BIGSERIAL id as a constant, the
// name PostgreSQL gave it (migration 00001), resolved like the table's own
// name. pg_get_serial_sequence in the select list ran once per ID: 14.5 ms
// for 5,000 IDs against 2.4 ms with the constant.
func serialOf(seqTable string) string {
	return `'` + seqTable + `_id_seq'`
}

// ReadRows runs a read on a pooled connection through pgx itself
// (sqlstore.RowReader). database/sql still lends the connection, so the
// pool, its limits and resetSession stay in charge.
func (Dialect) ReadRows(ctx context.Context, db *sql.DB, q string, args []any, each func(sqlstore.RowScanner) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("postgres: not a pgx connection")
		}
		rows, err := c.Conn().Query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// NextIDsArraySQL is NextIDsSQL as one array.
func (Dialect) NextIDsArraySQL(seqTable string) string {
	return `SELECT array_agg(v ORDER BY v) FROM (SELECT nextval(` + serialOf(seqTable) + `) AS v FROM generate_series(1, ?)) AS ids`
}

// customPlans makes the writer's connection plan every execution of a kept
// statement for its values. With the default, PostgreSQL switches a kept
// statement to one generic plan after five runs, chosen on the table's
// statistics of that moment: a table empty then (profile_interests in a new
// database, say) gets a sequential scan, which the writer then runs for
// every row of a bulk update while the table fills within the same
// transaction — one update of 250,000 profiles ran for over ten minutes.
// The writer's statements are short to plan; readers keep the default (their
// tables have statistics, and a generic plan saves them the planning).
func customPlans(ctx context.Context, c *pgx.Conn) error {
	_, err := c.Exec(ctx, "SET plan_cache_mode = force_custom_plan")
	return err
}
