//go:build linux

package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlstore"
)

type seedResult struct {
	Engine     string         `json:"engine"`
	DatabaseID int64          `json:"database_id"`
	Profiles   int            `json:"profiles"`
	Skipped    bool           `json:"skipped"`
	Seconds    float64        `json:"seconds,omitempty"`
	PerSecond  float64        `json:"profiles_per_s,omitempty"`
	LiveIDs    int            `json:"live_profiles"`
	DBFileMB   float64        `json:"db_file_mb,omitempty"`   // SQLite: size of the database file
	PGSchemaMB float64        `json:"pg_schema_mb,omitempty"` // PostgreSQL: tables, indexes and TOAST of the schema
	Sub        *subSeedResult `json:"subprofiles,omitempty"`
	VacuumS    float64        `json:"pg_vacuum_analyze_s,omitempty"` // after a fresh seed on PostgreSQL
	ids        []int64
}

type fieldSpec struct {
	name  string
	typ   kopernik.FieldType
	index bool
	value string
}

var benchFields = []fieldSpec{
	{"email", kopernik.TypeEmail, true, ""},
	{"firstname", kopernik.TypeText, false, ""},
	{"lastname", kopernik.TypeText, true, ""},
	{"city", kopernik.TypeText, false, ""},
	{"age", kopernik.TypeInteger, true, ""},
	{"score", kopernik.TypeFloat, false, ""},
	{"birthdate", kopernik.TypeDate, true, ""},
	{"signup", kopernik.TypeDatetime, false, ""},
	{"vip", kopernik.TypeSelect, false, vipChoices},
	{"notes", kopernik.TypeBig, false, ""},
}

// seedStore opens the store in-process and creates the bench database with
// cfg.profiles profiles (and, with -subprofiles, the collection with its
// subprofiles), unless the store already holds them. It closes the store
// before returning.
func seedStore(ctx context.Context, be backend, cfg config) (res seedResult, err error) {
	loc, lerr := time.LoadLocation("Europe/Amsterdam")
	if lerr != nil {
		loc = time.UTC
	}
	st, err := be.open(ctx, loc)
	if err != nil {
		return res, err
	}
	defer func() {
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		if be.pg() {
			res.PGSchemaMB = be.sizeMB()
		} else {
			res.DBFileMB = be.sizeMB()
		}
	}()
	cat, err := st.Catalog(ctx)
	if err != nil {
		return res, err
	}
	n := cfg.profiles
	done := fmt.Sprintf("seeded %d profiles", n)
	if d := cat.DatabaseByName(benchDatabase); d != nil {
		if d.Description != done {
			return res, fmt.Errorf("%s holds database %q marked %q, not %q: use another %s or remove it",
				be.where(), benchDatabase, d.Description, done, be.flag())
		}
		res = seedResult{DatabaseID: d.ID, Profiles: n, Skipped: true}
		logf("seeding skipped: %s already holds %q (%s)", be.where(), benchDatabase, done)
	} else {
		res, err = seedNew(ctx, st, be, loc, n, cfg)
		if err != nil {
			return res, err
		}
	}
	res.Engine = be.engine()
	res.ids, err = st.EntityIDs(ctx, kopernik.DatabaseOwner(res.DatabaseID), 0, -1)
	if err != nil {
		return res, err
	}
	res.LiveIDs = len(res.ids)
	if len(res.ids) == 0 {
		return res, errors.New("the bench database holds no profiles")
	}
	if cfg.subprofiles > 0 {
		sub, err := seedSubprofiles(ctx, st, be, loc, res.DatabaseID, res.ids, cfg)
		if err != nil {
			return res, err
		}
		res.Sub = &sub
	}
	if be.pg() && (!res.Skipped || (res.Sub != nil && !res.Sub.Skipped)) {
		d, err := be.settle(ctx)
		if err != nil {
			return res, fmt.Errorf("VACUUM (ANALYZE) after seeding: %w", err)
		}
		res.VacuumS = round(d.Seconds(), 1)
		logf("VACUUM (ANALYZE) of schema %s after seeding: %s", be.schema, d.Round(time.Millisecond))
	}
	return res, nil
}

// createBenchFields creates the fields of an owner (database or collection).
func createBenchFields(ctx context.Context, st *sqlstore.Store, owner kopernik.Owner, fields []fieldSpec) error {
	for _, f := range fields {
		in := kopernik.FieldInput{Name: &f.name, Type: &f.typ, Index: &f.index}
		if f.value != "" {
			in.Value, in.HasValue = f.value, true
		}
		if _, err := st.CreateField(ctx, owner, in); err != nil {
			return fmt.Errorf("field %s: %w", f.name, err)
		}
	}
	return nil
}

func seedNew(ctx context.Context, st *sqlstore.Store, be backend, loc *time.Location, n int, cfg config) (seedResult, error) {
	var res seedResult
	name, desc := benchDatabase, "seeding"
	id, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: &name, Description: &desc})
	if err != nil {
		return res, err
	}
	res.DatabaseID, res.Profiles = id, n
	owner := kopernik.DatabaseOwner(id)
	if err := createBenchFields(ctx, st, owner, benchFields); err != nil {
		return res, err
	}
	res.Seconds, res.PerSecond, err = seedEntities(ctx, st, be, loc, cfg, n, "profiles", fmt.Sprintf("into database %d", id),
		func(s *sqlstore.Store, g *gen, i int) error {
			_, err := s.CreateEntity(ctx, owner, 0, kopernik.EntityInput{Fields: g.profile(i).fields()})
			return err
		})
	if err != nil {
		return res, err
	}
	desc = fmt.Sprintf("seeded %d profiles", n)
	if err := st.UpdateDatabase(ctx, id, kopernik.DatabaseInput{Description: &desc}); err != nil {
		return res, err
	}
	return res, nil
}

// seedEntities creates n entities with create, spread over the backend's
// seeding stores, and returns the time taken and the rate.
func seedEntities(ctx context.Context, st *sqlstore.Store, be backend, loc *time.Location, cfg config, n int, what, where string,
	create func(s *sqlstore.Store, g *gen, i int) error) (seconds, perSecond float64, err error) {
	stores, closeStores, err := be.writers(ctx, st, cfg.pgStores, loc)
	if err != nil {
		return 0, 0, err
	}
	logf("seeding %d %s %s with %d goroutines over %d store(s)", n, what, where, cfg.seedWorkers, len(stores))
	el, err := parallelCreate(ctx, n, cfg.seedWorkers, what, func(g *gen, i int) error {
		return create(stores[i%len(stores)], g, i)
	})
	if cerr := closeStores(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, err
	}
	perSecond = round(float64(n)/el.Seconds(), 0)
	logf("seeded %d %s in %s: %.0f %s/s", n, what, el.Round(time.Millisecond), perSecond, what)
	return round(el.Seconds(), 1), perSecond, nil
}

// parallelCreate calls create for i = 1…n from workers goroutines (each with
// its own generator) and logs progress every 10 s.
func parallelCreate(ctx context.Context, n, workers int, what string, create func(g *gen, i int) error) (time.Duration, error) {
	start := time.Now()
	var next, doneN atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			g := newGen(uint64(w) + 1)
			for ctx.Err() == nil && firstErr.Load() == nil {
				i := next.Add(1)
				if i > int64(n) {
					return
				}
				if err := create(g, int(i)); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				doneN.Add(1)
			}
		})
	}
	stopProgress := make(chan struct{})
	go func() {
		t := time.NewTicker(10 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stopProgress:
				return
			case <-t.C:
				d := doneN.Load()
				logf("  seeded %d/%d %s (%.0f/s)", d, n, what, float64(d)/time.Since(start).Seconds())
			}
		}
	}()
	wg.Wait()
	close(stopProgress)
	if e := firstErr.Load(); e != nil {
		return 0, e.(error)
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}
