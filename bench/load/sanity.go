//go:build linux

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// sanity checks one request of each kind and records what the list matches.
func sanity(ctx context.Context, base, tq string, lists listSet, seed seedResult, sum *summary) error {
	st, b, _, err := sanityGet(ctx, fmt.Sprintf("%s/v3/profile/%d?%s", base, seed.ids[len(seed.ids)/2], tq))
	if err != nil || st != http.StatusOK {
		return fmt.Errorf("sanity GET profile: %d %v %.200s", st, err, b)
	}
	sum.Sanity["sample_profile"] = json.RawMessage(b)
	return sanityList(ctx, "list", lists.withTotal[0], base, tq, sum)
}

// sanityGet sends one GET with a generous timeout.
func sanityGet(ctx context.Context, u string) (int, []byte, time.Duration, error) {
	c := &http.Client{Timeout: 30 * time.Second}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, nil, 0, err
	}
	t0 := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, time.Since(t0), err
}

// sanityList runs one list request (cold) and records what it matches under
// the keys key_example, key_example_count and key_example_total.
func sanityList(ctx context.Context, key, u, base, tq string, sum *summary) error {
	st, b, d, err := sanityGet(ctx, u)
	if err != nil || st != http.StatusOK {
		return fmt.Errorf("sanity %s: %d %v %.200s", key, st, err, b)
	}
	var env struct {
		Count int64 `json:"count"`
		Total int64 `json:"total"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return fmt.Errorf("sanity %s: %v: %.200s", key, err, b)
	}
	shown := strings.Replace(strings.TrimPrefix(u, base), tq, "access_token=…", 1)
	logf("sanity: %s → count %d, total %d (cold, %s)", shown, env.Count, env.Total, d.Round(time.Microsecond))
	sum.Sanity[key+"_example"] = shown
	sum.Sanity[key+"_example_count"] = env.Count
	sum.Sanity[key+"_example_total"] = env.Total
	sum.Sanity[key+"_example_cold_ms"] = ms(d)
	if env.Count == 0 {
		return fmt.Errorf("sanity %s: the filtered list matches nothing; the seed data does not fit the query", key)
	}
	return nil
}
