package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/postgres"
	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/storetest"
)

// TestI13_TotalsStayExactAcrossNodes: a node caches list totals, and a write
// through another node on the same schema must make the next total exact
// (the shared data version of migration 00006), whatever kind of write it is.
func TestI13_TotalsStayExactAcrossNodes(t *testing.T) {
	if os.Getenv("KOPERNIK_TEST_POSTGRES") == "" {
		t.Skip("KOPERNIK_TEST_POSTGRES is not set")
	}
	ctx := context.Background()
	dsn := storetest.PostgresSchema(t)
	a, b := openNode(t, dsn, 0), openNode(t, dsn, 0)
	db, err := a.CreateDatabase(ctx, kopernik.DatabaseInput{Name: ptr("Totals")})
	if err != nil {
		t.Fatal(err)
	}
	o := kopernik.DatabaseOwner(db)
	typ := kopernik.TypeInteger
	if _, err := a.CreateField(ctx, o, kopernik.FieldInput{Name: ptr("Age"), Type: &typ}); err != nil {
		t.Fatal(err)
	}
	create := func(age int) int64 {
		m := &kopernik.Map{}
		m.Set("Age", age)
		id, err := a.CreateEntity(ctx, o, 0, kopernik.EntityInput{Fields: m})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	total := func(want int64, step string) {
		t.Helper()
		if _, err := b.Catalog(ctx); err != nil {
			t.Fatal(err)
		}
		// Twice: the second answer comes from the cache when nothing changed.
		for range 2 {
			res, err := b.ListEntities(ctx, kopernik.ListQuery{Owner: o, Total: true, Limit: 1,
				Where: storetest.Where(t, b, o, "Age>=40")})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != want {
				t.Fatalf("%s: total %d through the other node, want %d", step, res.Total, want)
			}
		}
	}
	create(50)
	young := create(20)
	old := create(60)
	total(2, "after creates")
	create(41)
	total(3, "after one more create on the first node")
	m := &kopernik.Map{}
	m.Set("Age", 45)
	if err := a.UpdateEntity(ctx, kopernik.OwnerDatabase, young, kopernik.EntityInput{Fields: m}); err != nil {
		t.Fatal(err)
	}
	total(4, "after an update that makes a profile match")
	if err := a.DeleteEntity(ctx, kopernik.OwnerDatabase, old); err != nil {
		t.Fatal(err)
	}
	total(3, "after a delete")
	// A write through the counting node itself is seen too.
	if _, err := b.CreateEntity(ctx, o, 0, kopernik.EntityInput{Fields: m}); err != nil {
		t.Fatal(err)
	}
	total(4, "after a create on the counting node")
}

func ptr[T any](v T) *T { return &v }

// openNode opens a store on dsn as one node of a deployment would, closed
// with the test (readers: 0 for the default pool).
func openNode(t *testing.T, dsn string, readers int) *sqlstore.Store {
	t.Helper()
	st, err := postgres.Open(context.Background(), postgres.Config{DSN: dsn, Migrate: true, Readers: readers})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestI13_FieldIndexesCarryTheOtherIndexedFields: a count over a filter on
// indexed fields reads one index alone only if that index carries the other
// fields (and, for a lower(col) key, col itself) as INCLUDE columns.
func TestI13_FieldIndexesCarryTheOtherIndexedFields(t *testing.T) {
	if os.Getenv("KOPERNIK_TEST_POSTGRES") == "" {
		t.Skip("KOPERNIK_TEST_POSTGRES is not set")
	}
	ctx := context.Background()
	dsn := storetest.PostgresSchema(t)
	st := openNode(t, dsn, 0)
	db, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: ptr("Indexed")})
	if err != nil {
		t.Fatal(err)
	}
	o := kopernik.DatabaseOwner(db)
	text, integer := kopernik.TypeText, kopernik.TypeInteger
	name, err := st.CreateField(ctx, o, kopernik.FieldInput{Name: ptr("Name"), Type: &text, Index: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	age, err := st.CreateField(ctx, o, kopernik.FieldInput{Name: ptr("Age"), Type: &integer, Index: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	rows, err := pg.QueryContext(ctx, `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'ix_f_%' ORDER BY indexname`)
	if err != nil {
		t.Fatal(err)
	}
	var defs []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		defs = append(defs, d)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf("(lower(f_%d)) INCLUDE (f_%d, f_%d, removed)", name, name, age),
		fmt.Sprintf("(f_%d) INCLUDE (f_%d, removed)", age, name),
	}
	if len(defs) != 2 {
		t.Fatalf("indexes %q, want two", defs)
	}
	for _, w := range want {
		found := false
		for _, d := range defs {
			found = found || strings.HasSuffix(d, w)
		}
		if !found {
			t.Errorf("no index ends in %q; have %q", w, defs)
		}
	}
}
