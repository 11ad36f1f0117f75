package e2e

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// freshSchema creates a schema of its own for one test on the PostgreSQL
// server named by KOPERNIK_TEST_POSTGRES and drops it when the test ends. The
// returned DSN selects it through search_path.
func freshSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("KOPERNIK_TEST_POSTGRES")
	if base == "" {
		t.Skip("KOPERNIK_TEST_POSTGRES is not set")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "kt_" + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
