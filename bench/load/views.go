//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// The two server runs of -views, as they appear in the tables.
const (
	viewsNone = "no views"
	viewsSome = "with views"
)

// viewPrefix names the views -views defines, so a reused store finds them.
const viewPrefix = "selwrite "

// measureViewsOverhead measures POST profile with cfg.views selections
// defined on the bench database against the same without any, cfg.runs
// times each, and reports with ÷ without (issue 10: ≥ 0.70). Each view has
// three rules — a comparison on an indexed field, one on a non-indexed field
// with an interest, and an inverted one — and one nested view, so the writer
// keeps 2 × cfg.views selections on every POST. The views are defined and
// fully built in-process between server runs (the store belongs to one
// process at a time), and which run goes first alternates, so that a
// machine warming up or cooling down weighs on both alike.
func measureViewsOverhead(ctx context.Context, cfg config, bin string, be backend, token string, seed seedResult, sum *summary) error {
	mode := cfg.sync
	if be.pg() {
		mode = "postgres"
	}
	sum.modes = []string{viewsNone, viewsSome}
	sum.Config["views"] = cfg.views
	tq := "access_token=" + url.QueryEscape(token)
	var ratios []float64
	var builds []float64
	for r := 1; r <= cfg.runs; r++ {
		order := []string{viewsNone, viewsSome}
		if r%2 == 0 {
			order = []string{viewsSome, viewsNone}
		}
		rps := map[string]float64{}
		for _, which := range order {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			want := 0
			if which == viewsSome {
				want = cfg.views
			}
			built, err := setViews(ctx, be, seed.DatabaseID, want)
			if err != nil {
				return err
			}
			if built > 0 {
				builds = append(builds, built.Seconds())
				logf("defined %d views (+%d nested) and built them in %s", want, want, built.Round(time.Millisecond))
			}
			srv, err := startServer(ctx, bin, be, mode)
			if err != nil {
				return err
			}
			rr := runResult{Run: r, Sync: which, LoadAvgBefore: loadAvg()}
			logf("run %d/%d (%s), load average before: %s", r, cfg.runs, which, rr.LoadAvgBefore)
			bodies := postBodies(uint64(r), 4096)
			postURL := fmt.Sprintf("%s/v3/database/%d/profiles?%s", srv.base, seed.DatabaseID, tq)
			pp := phase{name: "POST profiles", sync: which, conc: cfg.conc, want: http.StatusCreated, needCreated: true,
				mk: func(rng *rand.Rand) *http.Request {
					req, _ := http.NewRequest(http.MethodPost, postURL, bytes.NewReader(bodies[rng.IntN(len(bodies))]))
					req.Header.Set("Content-Type", "application/json")
					return req
				}}
			res := runPhase(ctx, cfg, pp, srv.rss)
			rr.Phases = append(rr.Phases, res)
			rps[which] = res.RPS
			sum.MaxRSSMB[which] = max(mb(srv.rss.max.Load()), floatOf(sum.MaxRSSMB[which]))
			if n := srv.log.errLines.Load(); n > 0 {
				logf("server logged %d ERROR lines; first: %s", n, srv.log.firstErrors())
			}
			if err := srv.stop(); err != nil {
				return err
			}
			sum.Runs = append(sum.Runs, rr)
		}
		ratios = append(ratios, ratio(rps[viewsSome], rps[viewsNone]))
		logf("  run %d: POST with %d views ÷ without = %.3f", r, cfg.views, ratios[len(ratios)-1])
	}
	if _, err := setViews(ctx, be, seed.DatabaseID, 0); err != nil {
		return err
	}
	computeMedians(sum)
	for k := range sum.Ratios {
		if strings.HasPrefix(k, "post_over_baseline_") {
			delete(sum.Ratios, k) // no baseline phases here
		}
	}
	v := round(med(ratios), 3)
	sum.Ratios["post_views_over_none"] = v
	sum.Ratios["note"] = fmt.Sprintf("median over runs of (POST profile req/s with %d views and %d nested views ÷ with none)", cfg.views, cfg.views)
	sum.Targets = []target{goal(fmt.Sprintf("POST req/s with %d views ÷ without", cfg.views), "≥ 0.70", fmt.Sprintf("%.3f", v), v >= 0.70)}
	if len(builds) > 0 {
		sum.Targets = append(sum.Targets, report("full build of all views (in-process, median)", fmt.Sprintf("%.2f s", med(builds))))
	}
	return nil
}

// setViews makes the bench database hold exactly want views of
// viewPrefix (each with its nested view), all built: it deletes them for
// want 0, defines the missing ones and builds everything otherwise. It
// returns how long the build took (0 without one).
func setViews(ctx context.Context, be backend, db int64, want int) (time.Duration, error) {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		loc = time.UTC
	}
	st, err := be.open(ctx, loc)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	cat, err := st.Catalog(ctx)
	if err != nil {
		return 0, err
	}
	defs := selection.Of(cat)
	have := map[string]int64{}
	for _, v := range defs.TopViews(db) {
		if strings.HasPrefix(v.Name, viewPrefix) {
			have[v.Name] = v.ID
		}
	}
	if want == 0 {
		for _, id := range have {
			if err := st.DeleteView(ctx, id); err != nil {
				return 0, err
			}
		}
		return 0, nil
	}
	if d := cat.Database(db); d != nil && !hasInterest(d, "newsletter") {
		if _, err := st.CreateInterest(ctx, db, kopernik.InterestInput{Name: ptr("newsletter"), Group: ptr("bench")}); err != nil {
			return 0, err
		}
	}
	for i := 0; i < want; i++ {
		name := fmt.Sprintf("%s%d", viewPrefix, i)
		if _, ok := have[name]; ok {
			continue
		}
		if err := defineBenchView(ctx, st, db, name, i); err != nil {
			return 0, fmt.Errorf("defining %s: %w", name, err)
		}
	}
	start := time.Now()
	if err := st.BuildAllSelections(ctx); err != nil {
		return 0, fmt.Errorf("building the views: %w", err)
	}
	return time.Since(start), nil
}

// defineBenchView is the view of issue 10's targets: three rules (an
// indexed field; a non-indexed field and an interest; an inverted rule)
// and a nested view.
func defineBenchView(ctx context.Context, st viewStore, db int64, name string, i int) error {
	m := func(kv ...any) *kopernik.Map {
		out := &kopernik.Map{}
		for k := 0; k+1 < len(kv); k += 2 {
			out.Set(kv[k].(string), kv[k+1])
		}
		return out
	}
	view, err := st.CreateView(ctx, db, 0, m("name", name))
	if err != nil {
		return err
	}
	rules := []struct {
		name     string
		inverted bool
		conds    []*kopernik.Map
	}{
		{"older", false, []*kopernik.Map{m("type", "Field", "field", "age", "comparison", "more", "value", fmt.Sprint(60+i%20))}},
		{"city and newsletter", false, []*kopernik.Map{
			m("type", "Field", "field", "city", "comparison", "equals", "value", cities[i%len(cities)]),
			m("type", "Interest", "interest", "newsletter")}},
		{"not a low score", true, []*kopernik.Map{m("type", "Field", "field", "score", "comparison", "less", "value", "80")}},
	}
	for _, r := range rules {
		rid, err := st.CreateRule(ctx, kopernik.ViewRef(view), m("name", r.name, "inverted", r.inverted))
		if err != nil {
			return err
		}
		for _, c := range r.conds {
			if _, _, err := st.CreateCondition(ctx, rid, c); err != nil {
				return err
			}
		}
	}
	nested, err := st.CreateView(ctx, db, view, m("name", name+" vip"))
	if err != nil {
		return err
	}
	rid, err := st.CreateRule(ctx, kopernik.ViewRef(nested), m("name", "vip"))
	if err != nil {
		return err
	}
	_, _, err = st.CreateCondition(ctx, rid, m("type", "Field", "field", "vip", "comparison", "not equals", "value", "no"))
	return err
}

// viewStore is the part of the store defineBenchView uses.
type viewStore interface {
	CreateView(ctx context.Context, database, parent int64, body *kopernik.Map) (int64, error)
	CreateRule(ctx context.Context, owner kopernik.SelectionRef, body *kopernik.Map) (int64, error)
	CreateCondition(ctx context.Context, rule int64, body *kopernik.Map) (int64, kopernik.ConditionType, error)
}

func hasInterest(d *kopernik.Database, name string) bool {
	for _, i := range d.Interests {
		if strings.EqualFold(i.Name, name) {
			return true
		}
	}
	return false
}

func ptr[T any](v T) *T { return &v }
