//go:build linux

package main

// summary is the JSON document written by -json.
type summary struct {
	Started  string         `json:"started"`
	Config   map[string]any `json:"config"`
	Machine  machine        `json:"machine"`
	Seeding  seedResult     `json:"seeding"`
	Sanity   map[string]any `json:"sanity"`
	Runs     []runResult    `json:"runs"`
	Medians  []median       `json:"medians"`
	Ratios   map[string]any `json:"ratios"`
	MaxRSSMB map[string]any `json:"max_rss_mb"`
	Targets  []target       `json:"targets"`

	engine string   // sqlite or postgres
	modes  []string // server runs in order: sync modes, or "postgres"
}

type machine struct {
	NumCPU    int    `json:"nproc"`
	CPUModel  string `json:"cpu_model"`
	MemTotal  string `json:"mem_total"`
	GoVersion string `json:"go_version"`
	Kernel    string `json:"kernel"`
	Commit    string `json:"commit,omitempty"` // of the working tree the script ran in
}

type runResult struct {
	Run           int           `json:"run"`
	Sync          string        `json:"sync"`
	LoadAvgBefore string        `json:"loadavg_before"`
	Phases        []phaseResult `json:"phases"`
	PostRatio     float64       `json:"post_over_baseline"`
	GetRatio      float64       `json:"get_over_baseline,omitempty"`
	SubPostRatio  float64       `json:"post_subprofile_over_baseline,omitempty"`
	TwoNodeRatio  float64       `json:"two_nodes_over_one_node,omitempty"`
}

type phaseResult struct {
	Phase      string  `json:"phase"`
	Sync       string  `json:"sync,omitempty"`
	Conc       int     `json:"concurrency"`
	Seconds    float64 `json:"seconds"`
	OK         int64   `json:"ok"`
	Errors     int64   `json:"errors"`
	Timeouts   int64   `json:"timeouts"`
	RPS        float64 `json:"req_per_s"`
	P50ms      float64 `json:"p50_ms"`
	P90ms      float64 `json:"p90_ms"`
	P99ms      float64 `json:"p99_ms"`
	Maxms      float64 `json:"max_ms"`
	MaxRSSMB   float64 `json:"server_max_rss_mb,omitempty"`
	FirstError string  `json:"first_error,omitempty"`
}

type median struct {
	Phase    string  `json:"phase"`
	Sync     string  `json:"server_sync"` // sync mode of the runs (the baseline itself has none)
	Conc     int     `json:"concurrency"`
	Runs     int     `json:"runs"`
	RPS      float64 `json:"req_per_s"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	Errors   int64   `json:"errors_all_runs"`
	Timeouts int64   `json:"timeouts_all_runs"`
}

type target struct {
	What   string `json:"what"`
	Goal   string `json:"goal"`
	Actual string `json:"actual"`
	Met    *bool  `json:"met,omitempty"` // nil: reported only, no goal
}

func goal(what, g, actual string, met bool) target { return target{what, g, actual, &met} }

func report(what, actual string) target { return target{What: what, Goal: "none", Actual: actual} }
