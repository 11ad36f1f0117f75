package postgres_test

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/postgres"
	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/storetest"
)

func TestStoreContract(t *testing.T) {
	if os.Getenv("KOPERNIK_TEST_POSTGRES") == "" {
		t.Skip("KOPERNIK_TEST_POSTGRES is not set")
	}
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	storetest.Run(t, func(t *testing.T) kopernik.Store {
		st, err := postgres.Open(context.Background(), postgres.Config{DSN: storetest.PostgresSchema(t), Migrate: true, Options: sqlstore.Options{Loc: loc}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	})
}

// TestRefusesNewerSchema: a binary must not run on a schema newer than it knows.
func TestRefusesNewerSchema(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	if _, err := postgres.MigrateOnly(context.Background(), dsn); err != nil {
		t.Fatal(err)
	}
	db, _ := sql.Open("pgx", dsn)
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (999, true)`); err != nil {
		t.Fatal(err)
	}
	_, err := postgres.Open(context.Background(), postgres.Config{DSN: dsn, Migrate: true})
	if err == nil || !contains(err.Error(), "newer than this kopernik") {
		t.Fatalf("want refusal of a newer schema, got %v", err)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
