package postgres

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// CopyRows loads rows with COPY … FROM STDIN on the writer's connection,
// inside its open transaction: for an import's thousands of new rows it
// costs a fraction of multi-row INSERTs (sqlstore.BulkCopier).
func (Dialect) CopyRows(ctx context.Context, conn *sql.Conn, table string, cols []string, n int, args []any) error {
	rows := make([][]any, 0, len(args)/n)
	for i := 0; i+n <= len(args); i += n {
		rows = append(rows, args[i:i+n])
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("postgres: COPY needs a pgx connection")
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
}
