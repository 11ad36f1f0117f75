package postgres

import (
	"fmt"
	"net"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// pgxConfig keeps pgx's default of preparing each statement text once per
// connection (statements.go says how a type change is survived).
func pgxConfig(dsn string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	// JIT compilation pays off for long analytical queries; the API's are
	// short, and a high cost estimate (a join with a selection's members,
	// say) made PostgreSQL spend 400 ms compiling a 40 ms query. A DSN that
	// sets jit keeps its choice.
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	return cfg, nil
}

// Describe names the server and database of dsn for logs and messages,
// without user or password: a start line is copied into tickets and chats.
func Describe(dsn string) (string, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("PostgreSQL database %q on %s", cfg.Database, net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))), nil
}
