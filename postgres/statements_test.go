package postgres_test

import (
	"context"
	"os"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/storetest"
)

// TestI13_TypeChangeOnOneNodeReachesKeptStatements: nodes keep prepared
// statements per connection; after another node changes a field's type (its
// column is replaced under the same name) reads and writes on this node must
// use the new column type, not fail on a statement prepared for the old one.
func TestI13_TypeChangeOnOneNodeReachesKeptStatements(t *testing.T) {
	if os.Getenv("KOPERNIK_TEST_POSTGRES") == "" {
		t.Skip("KOPERNIK_TEST_POSTGRES is not set")
	}
	ctx := context.Background()
	dsn := storetest.PostgresSchema(t)
	// Two readers each, so that the reads below reach every connection.
	a, b := openNode(t, dsn, 2), openNode(t, dsn, 2)
	db, err := a.CreateDatabase(ctx, kopernik.DatabaseInput{Name: ptr("Shapes")})
	if err != nil {
		t.Fatal(err)
	}
	o := kopernik.DatabaseOwner(db)
	text := kopernik.TypeText
	code, err := a.CreateField(ctx, o, kopernik.FieldInput{Name: ptr("Num"), Type: &text})
	if err != nil {
		t.Fatal(err)
	}
	with := func(v any) kopernik.EntityInput {
		m := &kopernik.Map{}
		m.Set("Num", v)
		return kopernik.EntityInput{Fields: m}
	}
	// Node b prepares its reads and writes against the text column, on
	// every reader connection.
	if _, err := b.Catalog(ctx); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, v := range []string{"12", "7"} {
		id, err := b.CreateEntity(ctx, o, 0, with(v))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	list := func(cond string) kopernik.ListResult {
		t.Helper()
		res, err := b.ListEntities(ctx, kopernik.ListQuery{Owner: o, Total: true, Limit: 10, Where: storetest.Where(t, b, o, cond)})
		if err != nil {
			t.Fatalf("list %s on the other node: %v", cond, err)
		}
		return res
	}
	for range 4 {
		if _, err := b.GetEntity(ctx, kopernik.OwnerDatabase, ids[0]); err != nil {
			t.Fatal(err)
		}
		list("Num==12")
	}

	integer := kopernik.TypeInteger
	if err := a.UpdateField(ctx, o, code, kopernik.FieldInput{Type: &integer}); err != nil {
		t.Fatal(err)
	}

	if _, err := b.Catalog(ctx); err != nil {
		t.Fatal(err)
	}
	for range 4 { // over both reader connections
		e, err := b.GetEntity(ctx, kopernik.OwnerDatabase, ids[0])
		if err != nil {
			t.Fatalf("GET on the other node after the type change: %v", err)
		}
		if e.Values[code] != "12" {
			t.Fatalf("value %q after the type change, want 12", e.Values[code])
		}
		// As an integer now, 7 < 10 < 12 (as text "7" > "10").
		if res := list("Num>10"); res.Total != 1 || len(res.Items) != 1 || res.Items[0].ID != ids[0] {
			t.Fatalf("Code>10 after the type change: total %d, %d items", res.Total, len(res.Items))
		}
	}
	id, err := b.CreateEntity(ctx, o, 0, with(30))
	if err != nil {
		t.Fatalf("create on the other node after the type change: %v", err)
	}
	if err := b.UpdateEntity(ctx, kopernik.OwnerDatabase, ids[1], with(40)); err != nil {
		t.Fatalf("update on the other node after the type change: %v", err)
	}
	if res := list("Num>10"); res.Total != 3 {
		t.Fatalf("Code>10 after writes on the other node: total %d, want 3 (%d)", res.Total, id)
	}
}
