//go:build linux

package main

import (
	"fmt"
	"strconv"
)

func targets(sum *summary) []target {
	var out []target
	if v, ok := sum.Ratios["post_over_baseline_normal"].(float64); ok {
		out = append(out, goal("POST req/s ÷ baseline (sync=normal)", "≥ 0.40", fmt.Sprintf("%.3f", v), v >= 0.40))
	}
	if v, ok := sum.Ratios["post_over_baseline_postgres"].(float64); ok {
		// PostgreSQL's goals are issue 13's.
		out = append(out, goal("POST req/s ÷ baseline (PostgreSQL)", "≥ 0.12", fmt.Sprintf("%.3f", v), v >= 0.12))
		if v, ok := sum.Ratios["get_over_baseline"].(float64); ok {
			out = append(out, goal("GET req/s ÷ baseline (PostgreSQL)", "≥ 0.25", fmt.Sprintf("%.3f", v), v >= 0.25))
		}
		if m, ok := findMedian(sum, "list filtered+ordered (total)", 1); ok {
			out = append(out, goal("list p99, 1 client, total counted", "≤ 25 ms", fmt.Sprintf("%.2f ms", m.P99ms), m.P99ms <= 25))
		}
		for _, m := range sum.Medians {
			if m.Phase == "list filtered+ordered (total)" && m.Conc > 1 {
				out = append(out, goal(fmt.Sprintf("list with total, %d clients", m.Conc), "≥ 300 req/s", fmt.Sprintf("%.0f req/s", m.RPS), m.RPS >= 300))
			}
		}
		if v, ok := sum.Ratios["two_nodes_over_one_node"].(float64); ok {
			out = append(out, goal("POST over two nodes ÷ one node", "≥ 1.0", fmt.Sprintf("%.3f", v), v >= 1.0))
		}
	} else {
		if v, ok := sum.Ratios["get_over_baseline"].(float64); ok {
			out = append(out, goal("GET req/s ÷ baseline", "≥ 0.50", fmt.Sprintf("%.3f", v), v >= 0.50))
		}
		if m, ok := findMedian(sum, "list filtered+ordered (total)", 1); ok {
			out = append(out, goal("list p99, 1 client, total counted", "≤ 10 ms", fmt.Sprintf("%.2f ms", m.P99ms), m.P99ms <= 10))
		}
		if m, ok := findMedian(sum, "list filtered+ordered (total=false)", 1); ok {
			out = append(out, goal("list p99, 1 client, total=false", "≤ 10 ms", fmt.Sprintf("%.2f ms", m.P99ms), m.P99ms <= 10))
		}
	}
	var bad, subBad int64
	var seen, subSeen bool
	for _, m := range sum.Medians {
		switch {
		case m.Conc <= 1 || m.Phase == "baseline POST (bare net/http)":
		case isSubPhase(m.Phase):
			subBad += m.Errors + m.Timeouts
			subSeen = true
		default:
			bad += m.Errors + m.Timeouts
			seen = true
		}
	}
	if seen {
		out = append(out, goal("timeouts/errors at 32 clients (all runs)", "0", strconv.FormatInt(bad, 10), bad == 0))
	}
	var worst float64
	for _, v := range sum.MaxRSSMB {
		if f, ok := v.(float64); ok {
			worst = max(worst, f)
		}
	}
	if worst > 0 {
		out = append(out, goal("server max RSS", "≤ 200 MB", fmt.Sprintf("%.1f MB", worst), worst <= 200))
	}
	// Subprofiles have no targets of their own: reported only.
	if v, ok := sum.Ratios["post_subprofile_over_baseline"].(float64); ok {
		m, _ := findMedian(sum, phasePostSub, 0)
		out = append(out, report("POST subprofile req/s ÷ baseline", fmt.Sprintf("%.3f (%.0f req/s)", v, m.RPS)))
	}
	for _, v := range []struct{ name, label string }{{phaseSubListTotal, "total counted"}, {phaseSubListNoTotal, "total=false"}} {
		if m, ok := findMedian(sum, v.name, 1); ok {
			out = append(out, report("subprofile list p50 / p99, 1 client, "+v.label, fmt.Sprintf("%.2f / %.2f ms", m.P50ms, m.P99ms)))
		}
		for _, m := range sum.Medians {
			if m.Phase == v.name && m.Conc > 1 {
				out = append(out, report(fmt.Sprintf("subprofile list, %d clients, %s: req/s, p50 / p99, timeouts", m.Conc, v.label),
					fmt.Sprintf("%.0f, %.0f / %.0f ms, %d", m.RPS, m.P50ms, m.P99ms, m.Timeouts)))
			}
		}
	}
	if subSeen {
		out = append(out, report("subprofile timeouts/errors at 32 clients (all runs)", strconv.FormatInt(subBad, 10)))
	}
	return out
}
