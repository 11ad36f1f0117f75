package sqlite

import (
	"database/sql"

	"github.com/mattn/go-sqlite3"

	"github.com/kopernik/kopernik/sqlite/sqlitefilter"
)

// DriverName is the database/sql driver the store opens: SQLite with the
// functions the filter compiler needs registered on every connection.
const DriverName = "sqlite3_kopernik"

func init() {
	sql.Register(DriverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			if err := c.RegisterFunc(sqlitefilter.MarkNULFunc, sqlitefilter.MarkNUL, true); err != nil {
				return err
			}
			return registerSelectionFuncs(c)
		},
	})
}
