package postgres

import (
	"github.com/jackc/pgx/v5"
)

// pgxConfig sends every query unprepared with parameter types taken from the
// Go values. Prepared (or described) statements are cached by SQL text, and a
// field's type change alters a column under the same text: PostgreSQL then
// refuses the cached plan ("cached plan must not change result type").
func pgxConfig(dsn string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	return cfg, nil
}
