package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/chromedp/chromedp"
)

// A scenario opens the profiles page with a query (filter, order, page size)
// and then steps through pages with the pager.
type scenario struct {
	name  string
	query string // of the console's #/database/{id}/profiles route
	steps []string
}

// The moves a person makes: a run of "next", then back, to the end and to
// the start again. In ID order every move pages by key; sorted by a field the
// console pages by offset (start), which grows with the depth.
var scenarios = []scenario{
	{"ID order", "limit=50", []string{"next*", "prev", "prev", "last", "prev", "first"}},
	{"filter age>=60 (indexed)", "c=age>%3D60&limit=50", []string{"next*", "last", "first"}},
	{"filter city==Delft (not indexed)", "c=city%3D%3DDelft&limit=50", []string{"next*", "last", "first"}},
	{"sorted by lastname (indexed), offset paging", "orderby=lastname&limit=50", []string{"next*", "first"}},
}

type result struct {
	Profiles  int              `json:"profiles"`
	Machine   string           `json:"machine"`
	Started   string           `json:"started"`
	Scenarios []scenarioResult `json:"scenarios"`
}

type scenarioResult struct {
	Name        string    `json:"name"`
	FirstPageMS []float64 `json:"first_page_ms"` // one per run
	CountMS     []float64 `json:"count_ms"`      // when the total arrived, same runs
	FirstAPIMS  []float64 `json:"first_api_ms"`  // when the first page's list answer arrived
	PageMS      []float64 `json:"page_ms"`       // each pager move, in order
	PageAPIMS   []float64 `json:"page_api_ms"`   // when each move's list answer arrived
	Moves       []string  `json:"moves"`
	// ServerMS are the server's own durations of the profile list requests
	// of the scenario (its request log), the count requests included.
	ServerMS []float64 `json:"server_list_ms"`
}

type meter struct {
	ctx context.Context // the run's deadline
	b   context.Context // the browser's
	db  int64
}

// timing is what the page measured for one move: from the click (or the
// change of address) until the rows are in the document and a frame has been
// painted, and until the count arrived.
type timing struct {
	Page  float64 `json:"page"`
	Count float64 `json:"count"`
	Rows  int     `json:"rows"`
	// API is when the last API answer of the page's list arrived (Resource
	// Timing): Page minus API is the console's own drawing and painting.
	API float64 `json:"api"`
}

// measureJS runs an action in the page and resolves once the profiles list
// has finished a new load and the browser has painted it. It also watches
// the count line when asked to.
const measureJS = `(async (act, withCount) => {
  const list = () => document.querySelector('.results[data-loads]');
  const before = list() ? list().dataset.loads : null;
  const t0 = performance.now();
  act();
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  let page = 0, count = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1));
    const l = list();
    if (!page && l && l.dataset.loads !== before && l.dataset.state === 'ready') {
      await frame(); await frame();
      page = performance.now() - t0;
    }
    if (l && l.dataset.state === 'error') throw new Error(document.querySelector('.error-message')?.textContent || 'load failed');
    const c = document.querySelector('.count');
    if (withCount && !count && c && c.dataset.state === 'ready') count = performance.now() - t0;
    if (page && (!withCount || count)) break;
    if (performance.now() - t0 > 60000) throw new Error('nothing after 60 s');
  }
  const api = performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/profiles?') && !e.name.includes('limit=0') && e.startTime >= t0)
    .reduce((m, e) => Math.max(m, e.responseEnd - t0), 0);
  performance.clearResourceTimings();
  return {page, count, api, rows: list().querySelectorAll('tbody tr').length};
})`

func (m *meter) measure(act string, withCount bool) (timing, error) {
	ctx, cancel := context.WithTimeout(m.b, 90*time.Second)
	defer cancel()
	stopRun := context.AfterFunc(m.ctx, cancel)
	defer stopRun()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](fmt.Sprintf("%s(() => { %s }, %v)", measureJS, act, withCount), chromedp.EvalAwaitPromise))
	if err != nil {
		return timing{}, err
	}
	var t timing
	return t, json.Unmarshal(raw, &t)
}

func (m *meter) scenario(sc scenario, cfg config) (scenarioResult, error) {
	r := scenarioResult{Name: sc.name}
	hash := fmt.Sprintf("#/database/%d/profiles?%s", m.db, sc.query)
	for range cfg.runs {
		// Leave the page first, so each run renders it anew as a click on
		// "Profiles" would.
		if _, err := m.measureAway(); err != nil {
			return r, err
		}
		t, err := m.measure(fmt.Sprintf("location.hash = %q", hash), true)
		if err != nil {
			return r, fmt.Errorf("first page: %w", err)
		}
		if t.Rows == 0 {
			return r, fmt.Errorf("first page shows no rows")
		}
		r.FirstPageMS = append(r.FirstPageMS, round(t.Page))
		r.CountMS = append(r.CountMS, round(t.Count))
		r.FirstAPIMS = append(r.FirstAPIMS, round(t.API))
	}
	for _, st := range sc.steps {
		move, n := st, 1
		if st == "next*" {
			move, n = "next", cfg.pages
		}
		for range n {
			t, err := m.measure(fmt.Sprintf("document.querySelector('button.page-%s').click()", move), false)
			if err != nil {
				return r, fmt.Errorf("%s: %w", move, err)
			}
			r.PageMS = append(r.PageMS, round(t.Page))
			r.PageAPIMS = append(r.PageAPIMS, round(t.API))
			r.Moves = append(r.Moves, move)
		}
	}
	return r, nil
}

// measureAway shows another page and waits until it is there.
func (m *meter) measureAway() (struct{}, error) {
	ctx, cancel := context.WithTimeout(m.b, 30*time.Second)
	defer cancel()
	return struct{}{}, chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`location.hash = '#/tokens'`),
		chromedp.Poll[chromedp.Void](`!document.querySelector('.results') && !!document.querySelector('pre.cli')`))
}

func round(ms float64) float64 { return float64(int64(ms*10+0.5)) / 10 }

func stats(v []float64) (med, max float64) {
	if len(v) == 0 {
		return 0, 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2], s[len(s)-1]
}

func (res result) print(w io.Writer) {
	fmt.Fprintf(w, "\nConsole profiles page, %d profiles (%s)\n\n", res.Profiles, res.Machine)
	fmt.Fprintf(w, "| scenario | first page, median (max) | its list answer | count arrives | page move, median (max) | its list answer | server, list median (max) | targets met |\n|---|---|---|---|---|---|---|---|\n")
	for _, s := range res.Scenarios {
		fm, fx := stats(s.FirstPageMS)
		fa, _ := stats(s.FirstAPIMS)
		cm, _ := stats(s.CountMS)
		pm, px := stats(s.PageMS)
		pa, _ := stats(s.PageAPIMS)
		sm, sx := stats(s.ServerMS)
		fmt.Fprintf(w, "| %s | %.0f ms (%.0f) | %.0f ms | %.0f ms | %.0f ms (%.0f) | %.0f ms | %.1f ms (%.1f) | first<1 s: %v, pages<300 ms: %v |\n",
			s.Name, fm, fx, fa, cm, pm, px, pa, sm, sx, fx < 1000, px < 300)
	}
	fmt.Fprintln(w)
}
