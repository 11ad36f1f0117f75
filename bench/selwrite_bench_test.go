package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
)

// BenchmarkSelWriteCreateProfile: CreateEntity from parallel goroutines on a
// store whose database has no views, and 10 views of three rules with a
// nested view each (issue 10's POST target, without HTTP), all built.
func BenchmarkSelWriteCreateProfile(b *testing.B) {
	for _, views := range []int{0, 10} {
		b.Run(fmt.Sprintf("views=%d", views), func(b *testing.B) {
			ctx := context.Background()
			loc, _ := time.LoadLocation("Europe/Amsterdam")
			st, err := sqlite.Open(ctx, sqlite.Config{Dir: b.TempDir(), Migrate: true, Options: sqlstore.Options{Loc: loc}})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			db := selWriteDatabase(b, st, views)
			fields := func(i int) *kopernik.Map {
				m := &kopernik.Map{}
				m.Set("email", fmt.Sprintf("p%d@example.org", i))
				m.Set("lastname", "Smith")
				m.Set("city", []string{"Delft", "Leiden", "Gent"}[i%3])
				m.Set("age", int64(18+i%70))
				m.Set("score", float64(i%100))
				m.Set("vip", []string{"no", "gold"}[i%2])
				return m
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					i++
					if _, err := st.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{Fields: fields(i)}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func selWriteDatabase(b *testing.B, st *sqlstore.Store, views int) int64 {
	ctx := context.Background()
	name := "selwrite"
	db, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: &name})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range []struct {
		name  string
		typ   kopernik.FieldType
		index bool
	}{{"email", kopernik.TypeEmail, true}, {"lastname", kopernik.TypeText, true}, {"city", kopernik.TypeText, false},
		{"age", kopernik.TypeInteger, true}, {"score", kopernik.TypeFloat, false}, {"vip", kopernik.TypeText, false}} {
		if _, err := st.CreateField(ctx, kopernik.DatabaseOwner(db), kopernik.FieldInput{Name: &f.name, Type: &f.typ, Index: &f.index}); err != nil {
			b.Fatal(err)
		}
	}
	interest, group := "newsletter", "bench"
	if _, err := st.CreateInterest(ctx, db, kopernik.InterestInput{Name: &interest, Group: &group}); err != nil {
		b.Fatal(err)
	}
	m := func(kv ...any) *kopernik.Map {
		out := &kopernik.Map{}
		for k := 0; k+1 < len(kv); k += 2 {
			out.Set(kv[k].(string), kv[k+1])
		}
		return out
	}
	must := func(id int64, err error) int64 {
		if err != nil {
			b.Fatal(err)
		}
		return id
	}
	cond := func(rule int64, body *kopernik.Map) {
		if _, _, err := st.CreateCondition(ctx, rule, body); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < views; i++ {
		v := must(st.CreateView(ctx, db, 0, m("name", fmt.Sprintf("v%d", i))))
		r := must(st.CreateRule(ctx, kopernik.ViewRef(v), m("name", "older")))
		cond(r, m("type", "Field", "field", "age", "comparison", "more", "value", fmt.Sprint(60+i)))
		r = must(st.CreateRule(ctx, kopernik.ViewRef(v), m("name", "city")))
		cond(r, m("type", "Field", "field", "city", "comparison", "equals", "value", "Delft"))
		cond(r, m("type", "Interest", "interest", "newsletter"))
		r = must(st.CreateRule(ctx, kopernik.ViewRef(v), m("name", "inverted", "inverted", true)))
		cond(r, m("type", "Field", "field", "score", "comparison", "less", "value", "80"))
		n := must(st.CreateView(ctx, db, v, m("name", fmt.Sprintf("v%d vip", i))))
		r = must(st.CreateRule(ctx, kopernik.ViewRef(n), m("name", "vip")))
		cond(r, m("type", "Field", "field", "vip", "comparison", "not equals", "value", "no"))
	}
	if err := st.BuildAllSelections(ctx); err != nil {
		b.Fatal(err)
	}
	return db
}
