//go:build linux

package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

func printTables(w io.Writer, sum *summary) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "\nKopernik load benchmark on %s — %d profiles (seeding %s)", sum.engine, sum.Seeding.Profiles, seedText(sum.Seeding))
	if s := sum.Seeding.Sub; s != nil {
		fmt.Fprintf(w, ", %d subprofiles over %d profiles (seeding %s)", s.Subprofiles, s.Parents, subSeedText(*s))
	}
	fmt.Fprintf(w, ", %v run(s) per server mode, %s per phase, commit %s\n", sum.Config["runs"], sum.Config["duration"], sum.Machine.Commit)
	fmt.Fprintf(w, "machine: nproc %d, %s, %s, %s\n\n", sum.Machine.NumCPU, sum.Machine.CPUModel, sum.Machine.MemTotal, sum.Machine.GoVersion)

	fmt.Fprintln(w, "Per run:")
	fmt.Fprintln(tw, "mode\trun\tphase\tc\treq/s\tp50 ms\tp99 ms\tmax ms\tok\terrors\ttimeouts\tRSS MB\t")
	for _, r := range sum.Runs {
		for _, p := range r.Phases {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%.0f\t%.2f\t%.2f\t%.1f\t%d\t%d\t%d\t%s\t\n", r.Sync, r.Run, p.Phase, p.Conc,
				p.RPS, p.P50ms, p.P99ms, p.Maxms, p.OK, p.Errors, p.Timeouts, rssCell(p.MaxRSSMB))
		}
		fmt.Fprintf(tw, "%s\t%d\tload avg before: %s\t\t\t\t\t\t\t\t\t\t\n", r.Sync, r.Run, r.LoadAvgBefore)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nMedians over runs:")
	fmt.Fprintln(tw, "mode\tphase\tc\truns\treq/s\tp50 ms\tp99 ms\terrors (all runs)\ttimeouts (all runs)\t")
	for _, m := range sum.Medians {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.0f\t%.2f\t%.2f\t%d\t%d\t\n", m.Sync, m.Phase, m.Conc, m.Runs, m.RPS, m.P50ms, m.P99ms, m.Errors, m.Timeouts)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nRatios (median of per-run ratios) and max RSS:")
	for _, k := range []string{"post_over_baseline_normal", "post_over_baseline_full", "post_over_baseline_postgres",
		"get_over_baseline", "post_subprofile_over_baseline", "get_metrics_on_over_off"} {
		if v, ok := sum.Ratios[k]; ok {
			fmt.Fprintf(w, "  %-30s %.3f\n", k, v)
		}
	}
	for _, k := range sum.modes {
		if v, ok := sum.MaxRSSMB[k]; ok {
			fmt.Fprintf(w, "  server max RSS (%s)%s %.1f MB\n", k, strings.Repeat(" ", max(1, 16-len(k))), v)
		}
	}
	fmt.Fprintln(w, "\nTargets:")
	for _, t := range sum.Targets {
		state := "report only"
		if t.Met != nil {
			state = "NOT MET"
			if *t.Met {
				state = "met"
			}
		}
		fmt.Fprintf(w, "  %-66s goal %-8s actual %-24s %s\n", t.What, t.Goal, t.Actual, state)
	}
	fmt.Fprintln(w)
}

func seedText(s seedResult) string {
	if s.Skipped {
		return "reused"
	}
	return fmt.Sprintf("%.0f profiles/s in %.1f s", s.PerSecond, s.Seconds)
}

func syncSuffix(s string) string {
	switch s {
	case "":
		return ""
	case "postgres":
		return " [postgres]"
	}
	return " [sync=" + s + "]"
}

func rssSuffix(v float64) string {
	if v == 0 {
		return ""
	}
	return fmt.Sprintf("  server RSS max %.1f MB", v)
}

func rssCell(v float64) string {
	if v == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", v)
}
