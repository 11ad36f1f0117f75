// Command screenshots makes the console screenshots shown in the README: it
// starts the real server on a fresh data dir, fills a small demo database
// through the REST API, signs in to the console in headless Chromium and
// saves PNGs of its pages. Loopback only.
//
//	go run ./tools/screenshots -out docs/img
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kopernik/kopernik/internal/browser"
	"github.com/kopernik/kopernik/internal/procserver"
)

func main() {
	out := flag.String("out", "docs/img", "directory for the PNG files")
	bin := flag.String("bin", "", "kopernik binary (default: go build ./cmd/kopernik into a temp dir)")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := run(ctx, *out, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out, bin string) error {
	tmp, err := os.MkdirTemp("", "kopernik-shots")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin == "" {
		bin = filepath.Join(tmp, "kopernik")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/kopernik")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building kopernik: %w", err)
		}
	}
	cmd := procserver.Command{Bin: bin, Store: []string{"--data", filepath.Join(tmp, "data")}}
	token, err := cmd.CreateToken(ctx, "screenshots")
	if err != nil {
		return err
	}
	srv, err := cmd.Serve(ctx, nil)
	if err != nil {
		return err
	}
	defer srv.Stop(30 * time.Second)
	c := &client{base: srv.Base, token: token}
	db, pid, view, err := demo(c)
	if err != nil {
		return fmt.Errorf("filling the demo database: %w", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	bctx, stop, err := browser.Start(ctx, browser.Options{Width: 1280, Height: 860})
	if err != nil {
		return err
	}
	defer stop()
	if err := browser.SignIn(bctx, srv.Base, token); err != nil {
		return fmt.Errorf("signing in: %w", err)
	}
	shots := []struct {
		file, hash, ready string
		full              bool // the whole page, not only the window
	}{
		{"console-profiles.png", fmt.Sprintf("#/database/%s/profiles?c=age>%%3D30&orderby=lastname&limit=25", db), ".results[data-state=ready] tbody tr", false},
		{"console-profile.png", "#/profile/" + pid, ".profile[data-state=ready] .results[data-state=ready]", false},
		{"console-database.png", "#/database/" + db, ".database[data-state=ready]", false},
		{"console-view.png", "#/view/" + view, ".selection[data-state=ready] .members[data-state=ready] tbody tr", true},
	}
	for _, s := range shots {
		png, err := chromedp.Run(bctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.Base+"/admin/"+s.hash),
				chromedp.WaitVisible(chromedp.CSS(s.ready))); err != nil {
				return nil, err
			}
			if s.full {
				return chromedp.FullScreenshot(100)(ctx, t)
			}
			return chromedp.CaptureScreenshot()(ctx, t)
		})
		if err != nil {
			return fmt.Errorf("%s: %w", s.file, err)
		}
		if err := os.WriteFile(filepath.Join(out, s.file), png, 0o644); err != nil {
			return err
		}
		fmt.Println("wrote", filepath.Join(out, s.file))
	}
	return nil
}

type client struct{ base, token string }

// do sends one API request and returns X-Created.
func (c *client) do(method, path string, body any) (string, error) {
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(method, c.base+"/v4/"+path, bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return "", fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, msg)
	}
	return res.Header.Get("X-Created"), nil
}

var (
	firstNames = []string{"Anna", "Bram", "Chloé", "Daan", "Eva", "Finn", "Gijs", "Hanna", "Ivo", "Julia", "Kees", "Lotte", "Milan", "Noor", "Olaf", "Pien"}
	lastNames  = []string{"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters"}
	cities     = []string{"Amsterdam", "Delft", "Utrecht", "Groningen", "Leiden", "Zwolle", "Breda", "Haarlem"}
)

// demo creates a database with fields, interests, a collection, 240
// profiles and a view with two rules through the REST API, and returns the
// IDs of the database, one profile and the view.
func demo(c *client) (db, pid, view string, err error) {
	if db, err = c.do("POST", "databases", map[string]any{"name": "customers", "description": "demo data"}); err != nil {
		return
	}
	fields := []map[string]any{
		{"name": "email", "type": "email", "index": true},
		{"name": "firstname", "type": "text"},
		{"name": "lastname", "type": "text", "index": true},
		{"name": "city", "type": "text"},
		{"name": "age", "type": "integer", "index": true},
		{"name": "member_since", "type": "date"},
		{"name": "tier", "type": "select", "value": "basic*\nsilver\ngold"},
	}
	for _, f := range fields {
		if _, err = c.do("POST", "database/"+db+"/fields", f); err != nil {
			return
		}
	}
	for _, i := range []map[string]any{{"name": "newsletter", "group": "mail"}, {"name": "offers", "group": "mail"}, {"name": "events"}} {
		if _, err = c.do("POST", "database/"+db+"/interests", i); err != nil {
			return
		}
	}
	coll, err := c.do("POST", "database/"+db+"/collections", map[string]any{"name": "orders"})
	if err != nil {
		return
	}
	for _, f := range []map[string]any{{"name": "item", "type": "text"}, {"name": "amount", "type": "float"}, {"name": "placed", "type": "datetime"}} {
		if _, err = c.do("POST", "collection/"+coll+"/fields", f); err != nil {
			return
		}
	}
	tiers := []string{"basic", "basic", "silver", "gold"}
	for i := range 240 {
		fn, ln := firstNames[i%len(firstNames)], lastNames[(i*7)%len(lastNames)]
		ints := []string{}
		if i%2 == 0 {
			ints = append(ints, "newsletter")
		}
		if i%5 == 0 {
			ints = append(ints, "offers")
		}
		body := map[string]any{"fields": map[string]any{
			"email":        fmt.Sprintf("%s.%d@example.org", fn, i),
			"firstname":    fn,
			"lastname":     ln,
			"city":         cities[(i*3)%len(cities)],
			"age":          18 + (i*13)%60,
			"member_since": fmt.Sprintf("20%02d-%02d-%02d", 15+i%10, 1+i%12, 1+i%28),
			"tier":         tiers[i%len(tiers)],
		}, "interests": ints}
		var id string
		if id, err = c.do("POST", "database/"+db+"/profiles", body); err != nil {
			return
		}
		if i == 4 {
			pid = id
			for j, item := range []string{"Telescope", "Star chart", "Eyepiece"} {
				if _, err = c.do("POST", "profile/"+id+"/subprofiles/"+coll, map[string]any{
					"item": item, "amount": 19.5 * float64(j+1), "placed": fmt.Sprintf("2024-0%d-1%d 10:3%d:00", j+3, j, j)}); err != nil {
					return
				}
			}
		}
	}
	view, err = demoView(c, db)
	return db, pid, view, err
}

// demoView: gold-tier readers of offers, or anyone over 70 in Delft.
func demoView(c *client, db string) (string, error) {
	view, err := c.do("POST", "database/"+db+"/views", map[string]any{"name": "Loyal readers", "description": "gold-tier readers of offers, and Delft's seniors"})
	if err != nil {
		return "", err
	}
	rules := []struct {
		name  string
		conds []map[string]any
	}{
		{"gold offer readers", []map[string]any{
			{"type": "Interest", "interest": "offers"},
			{"type": "Field", "field": "tier", "comparison": "equals", "value": "gold"}}},
		{"seniors in Delft", []map[string]any{
			{"type": "Field", "field": "city", "comparison": "equals", "value": "Delft"},
			{"type": "Field", "field": "age", "comparison": "more", "value": "70", "numeric-comparison": true}}},
	}
	for _, r := range rules {
		rule, err := c.do("POST", "view/"+view+"/rules", map[string]any{"name": r.name})
		if err != nil {
			return "", err
		}
		for _, cond := range r.conds {
			if _, err := c.do("POST", "rule/"+rule+"/conditions", cond); err != nil {
				return "", err
			}
		}
	}
	return view, nil
}
