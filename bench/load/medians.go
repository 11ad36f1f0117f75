//go:build linux

package main

func computeMedians(sum *summary) {
	type key struct {
		name string
		conc int
		sync string // of the server the run measured
	}
	var order []key
	groups := map[key][]phaseResult{}
	for _, r := range sum.Runs {
		for _, p := range r.Phases {
			k := key{p.Phase, p.Conc, r.Sync}
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], p)
		}
	}
	for _, k := range order {
		ps := groups[k]
		m := median{Phase: k.name, Conc: k.conc, Sync: k.sync, Runs: len(ps)}
		var rps, p50, p99 []float64
		for _, p := range ps {
			rps, p50, p99 = append(rps, p.RPS), append(p50, p.P50ms), append(p99, p.P99ms)
			m.Errors += p.Errors
			m.Timeouts += p.Timeouts
		}
		m.RPS, m.P50ms, m.P99ms = med(rps), med(p50), med(p99)
		sum.Medians = append(sum.Medians, m)
	}
	bySync := map[string][]float64{}
	var gets, subs, twos []float64
	for _, r := range sum.Runs {
		if r.TwoNodeRatio > 0 {
			twos = append(twos, r.TwoNodeRatio)
		}
		bySync[r.Sync] = append(bySync[r.Sync], r.PostRatio)
		if r.GetRatio > 0 {
			gets = append(gets, r.GetRatio)
		}
		if r.SubPostRatio > 0 {
			subs = append(subs, r.SubPostRatio)
		}
	}
	for s, v := range bySync {
		sum.Ratios["post_over_baseline_"+s] = round(med(v), 3)
	}
	if len(gets) > 0 {
		sum.Ratios["get_over_baseline"] = round(med(gets), 3)
	}
	if len(subs) > 0 {
		sum.Ratios["post_subprofile_over_baseline"] = round(med(subs), 3)
	}
	if len(twos) > 0 {
		sum.Ratios["two_nodes_over_one_node"] = round(med(twos), 3)
	}
	sum.Ratios["note"] = "median over runs of (phase req/s ÷ baseline req/s of the same run)"
	sum.Targets = targets(sum)
}

func findMedian(sum *summary, name string, conc int) (median, bool) {
	for _, m := range sum.Medians {
		if m.Phase == name && (conc == 0 || m.Conc == conc) {
			return m, true
		}
	}
	return median{}, false
}
