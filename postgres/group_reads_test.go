package postgres_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/storetest"
)

// groupWorld is two databases (one with interests and a collection, one
// without) with live, removed and never-made entities, on node a; b is
// another node on the same schema.
type groupWorld struct {
	a, b   *sqlstore.Store
	db1    int64
	reads  []groupRead
	nextID int64
}

type groupRead struct {
	kind kopernik.OwnerKind
	id   int64
}

// answer is what a read gave: the entity, or the error's text.
type answer struct {
	e   *kopernik.Entity
	err string
}

func newGroupWorld(t *testing.T, readers int) *groupWorld {
	t.Helper()
	ctx := context.Background()
	dsn := storetest.PostgresSchema(t)
	w := &groupWorld{a: openNode(t, dsn, readers), b: openNode(t, dsn, readers)}
	a := w.a
	must := func(id int64, err error) int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	text, integer := kopernik.TypeText, kopernik.TypeInteger
	w.db1 = must(a.CreateDatabase(ctx, kopernik.DatabaseInput{Name: ptr("Members")}))
	db2 := must(a.CreateDatabase(ctx, kopernik.DatabaseInput{Name: ptr("Plain")}))
	o1, o2 := kopernik.DatabaseOwner(w.db1), kopernik.DatabaseOwner(db2)
	must(a.CreateField(ctx, o1, kopernik.FieldInput{Name: ptr("Name"), Type: &text}))
	must(a.CreateField(ctx, o1, kopernik.FieldInput{Name: ptr("Age"), Type: &integer}))
	must(a.CreateField(ctx, o2, kopernik.FieldInput{Name: ptr("Ref"), Type: &text}))
	names := []string{"Football", "Tennis", "Chess"}
	for _, n := range names {
		must(a.CreateInterest(ctx, w.db1, kopernik.InterestInput{Name: ptr(n)}))
	}
	col := must(a.CreateCollection(ctx, w.db1, kopernik.CollectionInput{Name: ptr("Orders")}))
	co := kopernik.CollectionOwner(col)
	must(a.CreateField(ctx, co, kopernik.FieldInput{Name: ptr("Note"), Type: &text}))

	with := func(k string, v any) *kopernik.Map {
		m := &kopernik.Map{}
		m.Set(k, v)
		return m
	}
	for i := range 60 {
		in := kopernik.EntityInput{Fields: with("Name", fmt.Sprintf("p%d", i))}
		in.Fields.Set("Age", i)
		// Interests named against ID order, in every combination.
		var set []any
		for j := len(names) - 1; j >= 0; j-- {
			if i&(1<<j) != 0 {
				set = append(set, names[j])
			}
		}
		if set != nil {
			in.Interests = set
		}
		id := must(a.CreateEntity(ctx, o1, 0, in))
		w.reads = append(w.reads, groupRead{kopernik.OwnerDatabase, id})
		if i%3 == 0 {
			sid := must(a.CreateEntity(ctx, co, id, kopernik.EntityInput{Fields: with("Note", fmt.Sprintf("n%d", i))}))
			w.reads = append(w.reads, groupRead{kopernik.OwnerCollection, sid})
		}
		if i%7 == 0 {
			if err := a.DeleteEntity(ctx, kopernik.OwnerDatabase, id); err != nil {
				t.Fatal(err)
			}
		}
		// Purged: the node still knows the owner, the row is gone.
		if i%11 == 5 {
			if err := a.PurgeEntity(ctx, kopernik.OwnerDatabase, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 40 {
		id := must(a.CreateEntity(ctx, o2, 0, kopernik.EntityInput{Fields: with("Ref", fmt.Sprintf("c%d", i))}))
		w.reads = append(w.reads, groupRead{kopernik.OwnerDatabase, id})
		if i%9 == 0 {
			if err := a.DeleteEntity(ctx, kopernik.OwnerDatabase, id); err != nil {
				t.Fatal(err)
			}
		}
		w.nextID = id + 1
	}
	// Never made, and the ID of a profile asked for as a subprofile.
	for i := range 10 {
		w.reads = append(w.reads, groupRead{kopernik.OwnerDatabase, w.nextID + 1000 + int64(i)})
	}
	w.reads = append(w.reads, groupRead{kopernik.OwnerCollection, w.reads[0].id})
	return w
}

// lone is what one read alone gives on st, with st's current catalog.
func lone(t *testing.T, st *sqlstore.Store, r groupRead) answer {
	t.Helper()
	e, err := st.GetEntity(context.Background(), r.kind, r.id)
	if err != nil {
		return answer{err: err.Error()}
	}
	return answer{e: e}
}

func (w *groupWorld) lones(t *testing.T, st *sqlstore.Store) map[groupRead]answer {
	t.Helper()
	if _, err := st.Catalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := map[groupRead]answer{}
	for _, r := range w.reads {
		out[r] = lone(t, st, r)
	}
	return out
}

// TestI13_GroupedGetsAnswerAsLoneReads: GETs by ID run together in one
// statement on PostgreSQL; every one must still answer exactly what it
// answers alone — missing and removed entities, profiles with and without
// interests, subprofiles — including while another node adds a field.
func TestI13_GroupedGetsAnswerAsLoneReads(t *testing.T) {
	ctx := context.Background()
	w := newGroupWorld(t, 2)
	nodes := []*sqlstore.Store{w.a, w.b}
	before := w.lones(t, w.a)
	version := w.a.CatalogVersion()

	var added atomic.Bool
	var addedOnce sync.Once
	var done atomic.Int64
	total := int64(48 * 16)
	type bad struct {
		r        groupRead
		got      answer
		newer    bool
		nodeName string
	}
	var mu sync.Mutex
	var got []bad
	var wg sync.WaitGroup
	for g := range 48 {
		wg.Go(func() {
			for k := range 16 {
				r := w.reads[(g*7+k*13)%len(w.reads)]
				node := nodes[(g+k)%2]
				late := added.Load()
				e, cat, err := node.GetEntityChecked(ctx, r.kind, r.id)
				a := answer{e: e}
				if err != nil {
					a = answer{err: err.Error()}
				}
				newer := cat != nil && cat.Version != version
				if late && !newer {
					t.Errorf("a GET of %d begun after the other node added a field read the catalog before it", r.id)
				}
				mu.Lock()
				got = append(got, bad{r, a, newer, fmt.Sprint((g + k) % 2)})
				mu.Unlock()
				// Half-way through, the other node adds a field.
				if done.Add(1) == total/2 {
					addedOnce.Do(func() {
						text := kopernik.TypeText
						if _, err := w.b.CreateField(ctx, kopernik.DatabaseOwner(w.db1), kopernik.FieldInput{Name: ptr("Town"), Type: &text}); err != nil {
							t.Error(err)
						}
						added.Store(true)
					})
				}
			}
		})
	}
	wg.Wait()
	if !added.Load() {
		t.Fatal("the field was not added")
	}
	after := w.lones(t, w.a)
	if w.a.CatalogVersion() == version {
		t.Fatal("the catalog version did not move")
	}
	newer := 0
	for _, b := range got {
		want := before[b.r]
		if b.newer {
			want, newer = after[b.r], newer+1
		}
		if !reflect.DeepEqual(b.got, want) {
			t.Errorf("node %s, %v %d (newer catalog %v): got %+v, %v; alone %+v, %v", b.nodeName, b.r.kind, b.r.id, b.newer, b.got.e, b.got.err, want.e, want.err)
		}
	}
	if newer == 0 {
		t.Error("no read saw the added field")
	}
	reads, statements := w.a.ReadStatements()
	t.Logf("%d answers, %d under the newer catalog; node a: %d grouped-path reads in %d statements", len(got), newer, reads, statements)
}

// TestI13_GroupReadsRunFewerStatements: concurrent GETs by ID share
// statements, and a lone GET still runs its own at once.
func TestI13_GroupReadsRunFewerStatements(t *testing.T) {
	ctx := context.Background()
	w := newGroupWorld(t, 2)
	st := w.a
	var live []groupRead
	for _, r := range w.reads {
		if e, err := st.GetEntity(ctx, r.kind, r.id); err == nil && e.Removed == "" {
			live = append(live, r)
		}
	}
	r0, s0 := st.ReadStatements()
	for _, r := range live[:10] {
		if _, _, err := st.GetEntityChecked(ctx, r.kind, r.id); err != nil {
			t.Fatal(err)
		}
	}
	r1, s1 := st.ReadStatements()
	if r1-r0 != 10 || s1-s0 != 10 {
		t.Fatalf("10 GETs one after another: %d reads in %d statements, want 10 in 10", r1-r0, s1-s0)
	}
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for k := range 20 {
				r := live[(g*5+k)%len(live)]
				e, _, err := st.GetEntityChecked(ctx, r.kind, r.id)
				if err != nil || e.ID != r.id {
					t.Errorf("GET %d: %v, %v", r.id, e, err)
					return
				}
			}
		})
	}
	wg.Wait()
	r2, s2 := st.ReadStatements()
	reads, statements := r2-r1, s2-s1
	t.Logf("64 clients: %d GETs in %d statements", reads, statements)
	if reads != 64*20 {
		t.Fatalf("%d reads went through group reads, want %d", reads, 64*20)
	}
	if statements >= reads {
		t.Fatalf("%d concurrent GETs ran %d statements: not grouped", reads, statements)
	}
}
