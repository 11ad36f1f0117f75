package sqlite_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/storetest"
)

// TestOrderedPlanGivesTheSamePages: a filtered, ordered page is read both
// with the natural plan and along the order's index, and the first to finish
// answers. Both plans must give exactly the same pages, and so must the race.
func TestOrderedPlanGivesTheSamePages(t *testing.T) {
	ctx := context.Background()
	open := func(dir string, p sqlstore.ListPlan) *sqlstore.Store {
		st, err := sqlite.Open(ctx, sqlite.Config{Dir: dir, Migrate: true, Options: sqlstore.Options{ListPlan: p}})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	dir := t.TempDir()
	st := open(dir, sqlstore.PlanRace)
	name := "plans"
	db, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	o := kopernik.DatabaseOwner(db)
	yes := true
	for _, f := range []struct {
		name string
		typ  kopernik.FieldType
	}{{"age", kopernik.TypeInteger}, {"last", kopernik.TypeText}, {"born", kopernik.TypeDate}} {
		n, ft := f.name, f.typ
		if _, err := st.CreateField(ctx, o, kopernik.FieldInput{Name: &n, Type: &ft, Index: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"Smith", "Smit", "Jansen", "Baker", "de Vries", "smits"}
	for i := 0; i < 600; i++ {
		m := &kopernik.Map{}
		m.Set("age", int64(18+i%60))
		m.Set("last", names[i%len(names)])
		m.Set("born", fmt.Sprintf("19%02d-%02d-%02d", 50+i%50, 1+i%12, 1+i%28))
		if _, err := st.CreateEntity(ctx, o, 0, kopernik.EntityInput{Fields: m}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	natural := open(dir, sqlstore.PlanNatural)
	defer natural.Close()
	ordered := open(dir, sqlstore.PlanOrdered)
	defer ordered.Close()
	race := open(dir, sqlstore.PlanRace)
	defer race.Close()
	for _, c := range []struct {
		filter         []string
		orderby, order string
		start, limit   int64
	}{
		{[]string{"age>=40", "last=~Sm%"}, "born", "", 0, 50},
		{[]string{"age>=40", "last=~Sm%"}, "born", "", 7, 5},
		{[]string{"last==smit"}, "id", "", 0, 50},
		{[]string{"age<30"}, "", "desc", 0, 50},
		{[]string{"age<30"}, "born", "desc", 0, 50},
		{[]string{"born>1990-01-01"}, "age", "", 0, 50},
	} {
		q := kopernik.ListQuery{Owner: o, Where: storetest.Where(t, natural, o, c.filter...), Order: storetest.Order(t, natural, o, c.orderby, c.order),
			Start: c.start, Limit: c.limit, Total: true}
		a, err := natural.ListEntities(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for name, other := range map[string]*sqlstore.Store{"ordered": ordered, "race": race} {
			b, err := other.ListEntities(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Items) == 0 || a.Total != b.Total || len(a.Items) != len(b.Items) {
				t.Fatalf("%v: natural %d items (total %d), %s %d (total %d)", c.filter, len(a.Items), a.Total, name, len(b.Items), b.Total)
			}
			for i := range a.Items {
				if a.Items[i].ID != b.Items[i].ID {
					t.Fatalf("%v orderby %q %q: item %d is %d by the natural plan, %d by the %s plan", c.filter, c.orderby, c.order, i, a.Items[i].ID, b.Items[i].ID, name)
				}
			}
		}
	}
}
