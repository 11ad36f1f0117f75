//go:build linux

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
	"github.com/kopernik/kopernik/values"
)

// The selections mode (-selections): on the seeded database, a view of
// three rules — a comparison on an indexed field (age), one on a
// non-indexed field (city) together with an interest, and an inverted rule
// (vip) — with one nested view (score), and a view of exactly 100,000
// members (a Part slice). It measures
//
//   - the full rebuild of the view and its nested view: POST view/{id}/rebuild,
//     timed until the nested view reports a new last-built (median over
//     -runs, the server's RSS during the rebuilds);
//   - GET view/{id}/profiles?limit=100&fields[]=age>=30 on a random one of
//     the first 50 pages, with one client and with -list-c clients, counting
//     total and not, and with a new filter (age>=N) every request, one client;
//   - GET view/{id}/profileids of the 100,000-member view, one client;
//
// beside the bare net/http baseline of the POST phases.

const (
	selInterest = "newsletter"
	selTop      = "selbench"
	selNested   = "selbench-nested"
	selHundredK = "selbench-100k"
)

// seedSelectionData gives the profiles aged 35 or less the interest the
// view tests, once (the interest's existence says it was done).
func seedSelectionData(ctx context.Context, be backend, db int64) error {
	st, err := be.open(ctx, time.UTC)
	if err != nil {
		return err
	}
	defer st.Close()
	cat, err := st.Catalog(ctx)
	if err != nil {
		return err
	}
	for _, i := range cat.Database(db).Interests {
		if i.Name == selInterest {
			return nil
		}
	}
	name := selInterest
	if _, err := st.CreateInterest(ctx, db, kopernik.InterestInput{Name: &name}); err != nil {
		return err
	}
	if cat, err = st.Catalog(ctx); err != nil {
		return err
	}
	owner := kopernik.DatabaseOwner(db)
	conds, _, err := filter.Parse([]string{"age<=35"}, 0)
	if err != nil {
		return err
	}
	where, _ := filter.Resolve(cat.Fields(owner), conds, values.Conv{})
	start := time.Now()
	res, err := st.UpdateMatching(ctx, kopernik.ListQuery{Owner: owner, Where: where},
		kopernik.EntityInput{Interests: []any{selInterest}, InterestsMerge: true}, false)
	if err != nil {
		return err
	}
	logf("gave %d profiles the interest %q in %s", res.Updated, selInterest, time.Since(start).Round(time.Millisecond))
	return nil
}

// apiClient sends the bench's set-up requests.
type apiClient struct {
	base, tq string
	c        *http.Client
}

func (a apiClient) do(ctx context.Context, method, path string, body any) (int, http.Header, []byte, error) {
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = strings.NewReader(string(raw))
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path+sep+a.tq, rd)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.c.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b, err
}

func (a apiClient) create(ctx context.Context, path string, body any) (string, error) {
	status, h, b, err := a.do(ctx, http.MethodPost, path, body)
	if err != nil {
		return "", err
	}
	if status != http.StatusCreated {
		return "", fmt.Errorf("POST %s: %d %s", path, status, b)
	}
	return h.Get("X-Created"), nil
}

// ruleOf creates a rule with conditions on a view.
func (a apiClient) ruleOf(ctx context.Context, view, name string, inversed bool, conds ...map[string]any) error {
	r, err := a.create(ctx, "/v3/view/"+view+"/rules", map[string]any{"name": name, "inversed": inversed})
	if err != nil {
		return err
	}
	for _, c := range conds {
		if _, err := a.create(ctx, "/v3/rule/"+r+"/conditions", c); err != nil {
			return err
		}
	}
	return nil
}

// defineViews creates the bench's views unless they exist, and returns the
// IDs of the top view, the nested view and the 100,000-member view.
func defineViews(ctx context.Context, a apiClient, db int64) (top, nested, hundredK string, err error) {
	status, _, b, err := a.do(ctx, http.MethodGet, fmt.Sprintf("/v3/database/%d/views?limit=1000", db), nil)
	if err != nil || status != http.StatusOK {
		return "", "", "", fmt.Errorf("list views: %d %s %v", status, b, err)
	}
	var list struct {
		Data []struct{ ID, Name string } `json:"data"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		return "", "", "", err
	}
	ids := map[string]string{}
	for _, v := range list.Data {
		ids[v.Name] = v.ID
	}
	if ids[selTop] != "" && ids[selHundredK] != "" {
		status, _, b, err := a.do(ctx, http.MethodGet, "/v3/view/"+ids[selTop]+"/views", nil)
		if err != nil || status != http.StatusOK {
			return "", "", "", fmt.Errorf("nested views: %d %s %v", status, b, err)
		}
		var nl struct {
			Data []struct{ ID, Name string } `json:"data"`
		}
		if err := json.Unmarshal(b, &nl); err == nil && len(nl.Data) == 1 {
			logf("views exist: %s %s, %s %s, %s %s", selTop, ids[selTop], selNested, nl.Data[0].ID, selHundredK, ids[selHundredK])
			return ids[selTop], nl.Data[0].ID, ids[selHundredK], nil
		}
	}
	if top, err = a.create(ctx, fmt.Sprintf("/v3/database/%d/views", db), map[string]any{"name": selTop}); err != nil {
		return
	}
	if err = a.ruleOf(ctx, top, "seniors", false, map[string]any{"type": "Field", "field": "age", "comparison": "more", "value": "70"}); err != nil {
		return
	}
	if err = a.ruleOf(ctx, top, "delft subscribers", false,
		map[string]any{"type": "Field", "field": "city", "value": "Delft"},
		map[string]any{"type": "Interest", "interest": selInterest}); err != nil {
		return
	}
	if err = a.ruleOf(ctx, top, "not ordinary", true, map[string]any{"type": "Field", "field": "vip", "value": "no"}); err != nil {
		return
	}
	if nested, err = a.create(ctx, "/v3/view/"+top+"/views", map[string]any{"name": selNested}); err != nil {
		return
	}
	if err = a.ruleOf(ctx, nested, "high score", false,
		map[string]any{"type": "Field", "field": "score", "comparison": "more", "value": "50"}); err != nil {
		return
	}
	if hundredK, err = a.create(ctx, fmt.Sprintf("/v3/database/%d/views", db), map[string]any{"name": selHundredK}); err != nil {
		return
	}
	err = a.ruleOf(ctx, hundredK, "first 100000", false, map[string]any{"type": "Part", "begin": 0, "length": 100000})
	logf("defined views %s %s, %s %s, %s %s", selTop, top, selNested, nested, selHundredK, hundredK)
	return
}

// memberCount reads the number of IDs a view's profileids lists.
func memberCount(ctx context.Context, a apiClient, view string) (int, time.Duration, error) {
	t0 := time.Now()
	status, _, b, err := a.do(ctx, http.MethodGet, "/v3/view/"+view+"/profileids", nil)
	d := time.Since(t0)
	if err != nil || status != http.StatusOK {
		return 0, d, fmt.Errorf("profileids: %d %.200s %v", status, b, err)
	}
	var ids []string
	if err := json.Unmarshal(b, &ids); err != nil {
		return 0, d, err
	}
	return len(ids), d, nil
}

// measureSelections runs the selections mode against a fresh server.
func measureSelections(ctx context.Context, cfg config, bin string, be backend, token, baseURL string, seed seedResult, sum *summary) error {
	if err := seedSelectionData(ctx, be, seed.DatabaseID); err != nil {
		return fmt.Errorf("seeding the interest: %w", err)
	}
	mode := cfg.sync
	if be.pg() {
		mode = "postgres"
	}
	sum.modes = []string{mode}
	srv, err := startServer(ctx, bin, be, mode, "--selection-build-timeout", "10m", "--selection-rebuild-every", "0")
	if err != nil {
		return err
	}
	defer func() {
		if err := srv.stop(); err != nil {
			logf("stopping server: %v", err)
		}
		if n := srv.log.errLines.Load(); n > 0 {
			logf("server logged %d ERROR lines; first: %s", n, srv.log.firstErrors())
		}
		sum.MaxRSSMB[mode] = mb(srv.rss.max.Load())
	}()
	tq := "access_token=" + url.QueryEscape(token)
	a := apiClient{base: srv.base, tq: tq, c: &http.Client{Timeout: 15 * time.Minute}}
	top, nested, hundredK, err := defineViews(ctx, a, seed.DatabaseID)
	if err != nil {
		return err
	}
	// The first build of each (also when the views existed: the server may
	// have found them stale).
	for _, v := range []string{nested, hundredK} {
		n, d, err := memberCount(ctx, a, v)
		if err != nil {
			return err
		}
		logf("view %s: %d members, first read %s", v, n, d.Round(time.Millisecond))
		sum.Sanity["members_view_"+v] = n
	}
	topN, _, err := memberCount(ctx, a, top)
	if err != nil {
		return err
	}
	sum.Sanity["members_top"] = topN
	sum.Sanity["members_nested"] = sum.Sanity["members_view_"+nested]
	sum.Sanity["members_100k"] = sum.Sanity["members_view_"+hundredK]

	var rebuilds []float64
	var rebuildRSS int64
	for r := 1; r <= cfg.runs; r++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rr := runResult{Run: r, Sync: mode, LoadAvgBefore: loadAvg()}
		logf("run %d/%d (selections, %s), load average before: %s", r, cfg.runs, mode, rr.LoadAvgBefore)

		// A forced rebuild of the view rebuilds it and then its nested view
		// (a write no longer makes them stale: the writer keeps per-entity
		// views exact). The time runs from the request to the moment the
		// nested view reports a new last-built.
		before, err := lastBuilt(ctx, a, nested)
		if err != nil {
			return err
		}
		srv.rss.resetPhase()
		t0 := time.Now()
		if status, _, b, err := a.do(ctx, http.MethodPost, "/v3/view/"+top+"/rebuild", nil); err != nil || status != http.StatusNoContent {
			return fmt.Errorf("POST rebuild: %d %.200s %v", status, b, err)
		}
		for {
			lb, err := lastBuilt(ctx, a, nested)
			if err != nil {
				return err
			}
			if lb != before {
				break
			}
			if time.Since(t0) > 10*time.Minute {
				return fmt.Errorf("view %s not rebuilt after 10 minutes", nested)
			}
			time.Sleep(5 * time.Millisecond)
		}
		d := time.Since(t0)
		rebuildRSS = max(rebuildRSS, srv.rss.resetPhase())
		rebuilds = append(rebuilds, d.Seconds())
		logf("  forced rebuild of %s + %s: %s (RSS %.1f MB)", selTop, selNested, d.Round(time.Millisecond), mb(rebuildRSS))
		rr.Phases = append(rr.Phases, phaseResult{Phase: "rebuild view + nested view (forced)", Conc: 1, OK: 1,
			Seconds: round(d.Seconds(), 3), P50ms: ms(d), P90ms: ms(d), P99ms: ms(d), Maxms: ms(d), MaxRSSMB: mb(rebuildRSS)})
		// The 100,000-member view was made stale by the write too.
		if _, _, err := memberCount(ctx, a, hundredK); err != nil {
			return err
		}

		bl := phase{name: "baseline POST (bare net/http)", conc: cfg.conc, want: http.StatusCreated, needCreated: true,
			mk: func(rng *rand.Rand) *http.Request {
				req, _ := http.NewRequest(http.MethodPost, baseURL, strings.NewReader(`{"fields":{"firstname":"x"}}`))
				req.Header.Set("Content-Type", "application/json")
				return req
			}}
		rr.Phases = append(rr.Phases, runPhase(ctx, cfg, bl, nil))
		// An integration paging through a filtered view: one filter, a
		// random page of the first 50.
		for _, c := range []int{1, cfg.listConc} {
			for _, total := range []bool{true, false} {
				name := phaseViewList
				if !total {
					name = phaseViewListNoTotal
				}
				lp := phase{name: name, conc: c, want: http.StatusOK,
					mk: func(rng *rand.Rand) *http.Request {
						u := fmt.Sprintf("%s/v3/view/%s/profiles?limit=100&start=%d&total=%v&fields[]=%s&%s", srv.base, top,
							100*rng.IntN(50), total, url.QueryEscape("age>=30"), tq)
						req, _ := http.NewRequest(http.MethodGet, u, nil)
						return req
					}}
				rr.Phases = append(rr.Phases, runPhase(ctx, cfg, lp, srv.rss))
			}
		}
		// Another filter with every request (age>=N, N random): no total,
		// because counting a new filter reads every member (reported only).
		rp := phase{name: phaseViewListRandom, conc: 1, want: http.StatusOK,
			mk: func(rng *rand.Rand) *http.Request {
				u := fmt.Sprintf("%s/v3/view/%s/profiles?limit=100&total=false&fields[]=%s&%s", srv.base, top,
					url.QueryEscape(fmt.Sprintf("age>=%d", 18+rng.IntN(53))), tq)
				req, _ := http.NewRequest(http.MethodGet, u, nil)
				return req
			}}
		rr.Phases = append(rr.Phases, runPhase(ctx, cfg, rp, srv.rss))
		ip := phase{name: phaseViewIDs, conc: 1, want: http.StatusOK,
			mk: func(*rand.Rand) *http.Request {
				req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/v3/view/%s/profileids?%s", srv.base, hundredK, tq), nil)
				return req
			}}
		rr.Phases = append(rr.Phases, runPhase(ctx, cfg, ip, srv.rss))
		sum.Runs = append(sum.Runs, rr)
	}
	computeMedians(sum)
	// The POST targets of the other modes do not apply here.
	sum.Targets = slices.DeleteFunc(sum.Targets, func(t target) bool { return strings.HasPrefix(t.What, "POST") })
	for k := range sum.Ratios {
		if strings.HasPrefix(k, "post_") {
			delete(sum.Ratios, k)
		}
	}
	rebuild := med(rebuilds)
	sum.Ratios["selection_rebuild_s"] = round(rebuild, 3)
	sum.Ratios["selection_rebuild_rss_mb"] = mb(rebuildRSS)
	limit := 3.0
	if be.pg() {
		limit = 6.0
	}
	sum.Targets = append(sum.Targets,
		goal(fmt.Sprintf("rebuild view + nested (median of %d)", len(rebuilds)), fmt.Sprintf("≤ %.0f s", limit),
			fmt.Sprintf("%.3f s", rebuild), rebuild <= limit),
		goal("server RSS during the rebuilds", "≤ 250 MB", fmt.Sprintf("%.1f MB", mb(rebuildRSS)), mb(rebuildRSS) <= 250))
	for _, v := range []struct{ name, label string }{{phaseViewList, "total counted"}, {phaseViewListNoTotal, "total=false"}} {
		if m, ok := findMedian(sum, v.name, 1); ok {
			sum.Targets = append(sum.Targets, goal("view profiles (limit 100, age>=30, one of 50 pages) p99, 1 client, "+v.label, "≤ 10 ms",
				fmt.Sprintf("%.2f ms", m.P99ms), m.P99ms <= 10))
		}
		if m, ok := findMedian(sum, v.name, cfg.listConc); ok && cfg.listConc > 1 {
			sum.Targets = append(sum.Targets, goal(fmt.Sprintf("view profiles, %d clients, %s: errors/timeouts", cfg.listConc, v.label), "0",
				fmt.Sprintf("%d (%.0f req/s, p99 %.1f ms)", m.Errors+m.Timeouts, m.RPS, m.P99ms), m.Errors+m.Timeouts == 0))
		}
	}
	if m, ok := findMedian(sum, phaseViewListRandom, 1); ok {
		sum.Targets = append(sum.Targets, goal("view profiles (limit 100, a new age>=N per request, first page) p99, 1 client, total=false",
			"≤ 10 ms", fmt.Sprintf("%.2f ms (p50 %.2f ms)", m.P99ms, m.P50ms), m.P99ms <= 10))
	}
	if m, ok := findMedian(sum, phaseViewIDs, 1); ok {
		sum.Targets = append(sum.Targets, goal(fmt.Sprintf("profileids of the %v-member view, p50 (p99)", sum.Sanity["members_100k"]),
			"≤ 300 ms", fmt.Sprintf("%.1f ms (%.1f ms)", m.P50ms, m.P99ms), m.P50ms <= 300))
	}
	return nil
}

const (
	phaseViewList        = "GET view profiles (limit 100, age>=30, page)"
	phaseViewListNoTotal = "GET view profiles (limit 100, age>=30, page, total=false)"
	phaseViewListRandom  = "GET view profiles (limit 100, age>=N, total=false)"
	phaseViewIDs         = "GET view profileids (100k members)"
)

// lastBuilt reads a view's last-built ("" or false before the first build).
func lastBuilt(ctx context.Context, a apiClient, view string) (string, error) {
	status, _, b, err := a.do(ctx, http.MethodGet, "/v3/view/"+view, nil)
	if err != nil || status != http.StatusOK {
		return "", fmt.Errorf("GET view/%s: %d %.200s %v", view, status, b, err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		return "", err
	}
	return fmt.Sprint(v["last-built"]), nil
}
