package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
)

// benchDatabase is the database this bench seeds. A data dir seeded by
// bench/load (database "loadbench") is used as it is: same shape of data, and
// seeding a million profiles once is enough.
const (
	benchDatabase = "consolebench"
	loadDatabase  = "loadbench"
)

var benchFields = []struct {
	name  string
	typ   kopernik.FieldType
	index bool
}{
	{"email", kopernik.TypeEmail, true},
	{"firstname", kopernik.TypeText, false},
	{"lastname", kopernik.TypeText, true},
	{"city", kopernik.TypeText, false},
	{"age", kopernik.TypeInteger, true},
	{"signup", kopernik.TypeDatetime, false},
}

var (
	firstNames = strings.Fields("Ann Bram Carla Daan Emma Eva Finn Gijs Hanna Ilse Jan Julia Kees Lars Lotte Maria Milan Noah Nina Olivia Pieter Ruben Sanne Sophie Tim Vera Wouter Yara")
	lastNames  = strings.Fields("Smit Jansen Bakker Bos Brouwer Visser Meijer Mulder Peters Hendriks Dekker Dijkstra Kok Koster Prins Vos Willems Kramer Schouten Sanders")
	cities     = strings.Fields("Amsterdam Rotterdam Utrecht Eindhoven Groningen Tilburg Almere Breda Nijmegen Haarlem Arnhem Delft Leiden Maastricht Zwolle")
)

// seed makes sure the data dir holds a database with n profiles and returns
// its ID.
func seed(ctx context.Context, dir string, n int) (int64, error) {
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	st, err := sqlite.Open(ctx, sqlite.Config{Dir: dir, Sync: sqlite.SyncNormal, Options: sqlstore.Options{Loc: loc}, Migrate: true})
	if err != nil {
		return 0, err
	}
	defer st.Close()
	cat, err := st.Catalog(ctx)
	if err != nil {
		return 0, err
	}
	done := fmt.Sprintf("seeded %d profiles", n)
	for _, name := range []string{benchDatabase, loadDatabase} {
		if d := cat.DatabaseByName(name); d != nil {
			if d.Description != done {
				return 0, fmt.Errorf("%s holds database %q marked %q, not %q: use another -data dir", dir, name, d.Description, done)
			}
			logf("seeding skipped: %s already holds %q (%s)", dir, name, done)
			return d.ID, nil
		}
	}
	name, desc := benchDatabase, "seeding"
	id, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: &name, Description: &desc})
	if err != nil {
		return 0, err
	}
	owner := kopernik.DatabaseOwner(id)
	for _, f := range benchFields {
		in := kopernik.FieldInput{Name: &f.name, Type: &f.typ, Index: &f.index}
		if _, err := st.CreateField(ctx, owner, in); err != nil {
			return 0, err
		}
	}
	logf("seeding %d profiles into database %d", n, id)
	start := time.Now()
	var next, created atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	// Many goroutines, so the store's writer commits them in large groups.
	for w := range 64 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w)+1, 7))
			for ctx.Err() == nil && firstErr.Load() == nil {
				i := next.Add(1)
				if i > int64(n) {
					return
				}
				m := &kopernik.Map{}
				fn, ln := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
				m.Set("email", fmt.Sprintf("%s.%s%d@example.org", strings.ToLower(fn), strings.ToLower(ln), i))
				m.Set("firstname", fn)
				m.Set("lastname", ln)
				m.Set("city", cities[r.IntN(len(cities))])
				m.Set("age", int64(18+r.IntN(73)))
				m.Set("signup", time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(10*365*24*time.Hour)))).Format("2006-01-02 15:04:05"))
				if _, err := st.CreateEntity(ctx, owner, 0, kopernik.EntityInput{Fields: m}); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				if c := created.Add(1); c%100_000 == 0 {
					logf("  %d/%d (%.0f/s)", c, n, float64(c)/time.Since(start).Seconds())
				}
			}
		})
	}
	wg.Wait()
	if e := firstErr.Load(); e != nil {
		return 0, e.(error)
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	logf("seeded %d profiles in %s", n, time.Since(start).Round(time.Second))
	if err := st.UpdateDatabase(ctx, id, kopernik.DatabaseInput{Description: &done}); err != nil {
		return 0, err
	}
	return id, nil
}
