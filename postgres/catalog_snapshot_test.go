package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/storetest"
)

// TestI13_CatalogReadDuringTypeChangeIsOneSnapshot: a node that rereads the
// structure while another node changes a field's type must get the fields
// of the version it records, never the old fields under the new version.
// Such a catalog stayed in use until the next structure change: its creates
// bound the old type's default ("" for text) to the new integer column and
// failed with 500 ("invalid input syntax for type bigint").
func TestI13_CatalogReadDuringTypeChangeIsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.PostgresSchema(t)
	a, b := openNode(t, dsn, 4), openNode(t, dsn, 4)
	text, integer := kopernik.TypeText, kopernik.TypeInteger
	db, err := b.CreateDatabase(ctx, kopernik.DatabaseInput{Name: ptr("Shapes")})
	if err != nil {
		t.Fatal(err)
	}
	o := kopernik.DatabaseOwner(db)
	if _, err := b.CreateField(ctx, o, kopernik.FieldInput{Name: ptr("Name"), Type: &text}); err != nil {
		t.Fatal(err)
	}
	score, err := b.CreateField(ctx, o, kopernik.FieldInput{Name: ptr("Score"), Type: &text})
	if err != nil {
		t.Fatal(err)
	}

	// typeAt: the type of Score at each version node b made.
	var mu sync.Mutex
	typeAt := map[int64]kopernik.FieldType{b.CatalogVersion(): text}
	type seen struct {
		v   int64
		typ kopernik.FieldType
	}
	var views []seen
	var stop atomic.Bool
	var wg sync.WaitGroup
	// Readers on node a: each rereads the catalog whenever the version moved.
	for range 3 {
		wg.Go(func() {
			for !stop.Load() {
				cat, err := a.Catalog(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				if f := cat.Field(score); f != nil {
					mu.Lock()
					views = append(views, seen{cat.Version, f.Type})
					mu.Unlock()
				}
			}
		})
	}
	// A writer on node a that never names Score: its default must follow
	// Score's type at the moment of the write.
	var creates atomic.Int64
	wg.Go(func() {
		for i := 0; !stop.Load(); i++ {
			in := kopernik.EntityInput{Fields: &kopernik.Map{}}
			in.Fields.Set("Name", fmt.Sprint("n", i))
			if _, err := a.CreateEntity(ctx, o, 0, in); err != nil {
				t.Errorf("create %d on node a while node b retypes Score: %v", i, err)
				return
			}
			creates.Add(1)
		}
	})
	for i := range 80 {
		typ := integer
		if i%2 == 1 {
			typ = text
		}
		if err := b.UpdateField(ctx, o, score, kopernik.FieldInput{Type: &typ}); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		typeAt[b.CatalogVersion()] = typ
		mu.Unlock()
	}
	stop.Store(true)
	wg.Wait()

	bad := 0
	for _, s := range views {
		if want, ok := typeAt[s.v]; ok && want != s.typ {
			if bad++; bad <= 3 {
				t.Errorf("node a's catalog of version %d has Score as %s; at that version it was %s", s.v, s.typ, want)
			}
		}
	}
	t.Logf("%d catalog reads, %d creates, %d inconsistent", len(views), creates.Load(), bad)
	if creates.Load() == 0 {
		t.Fatal("no create ran beside the type changes")
	}
}
