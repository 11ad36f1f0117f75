//go:build linux

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/kopernik/kopernik/internal/procserver"
)

// server is one kopernik serve on a fresh data dir with database "bench".
type server struct {
	proc    *procserver.Server
	dir     string
	token   string
	db      string
	hook    string // webhook ID, "" without one
	debug   string // --debug-listen address
	hc      *http.Client
	timeout time.Duration
}

func startServer(ctx context.Context, cfg config, handler string, extra ...string) (*server, error) {
	dir, err := os.MkdirTemp("", "kopernik-webhook-bench-data")
	if err != nil {
		return nil, err
	}
	cmd := procserver.Command{Bin: cfg.bin, Store: []string{"--data", dir}}
	tok, err := cmd.CreateToken(ctx, "bench")
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if handler != "" && cfg.signed {
		// The key is made before the server starts, as an operator
		// publishing it would; otherwise the first delivery pays for it.
		if out, err := exec.CommandContext(ctx, cfg.bin, "webhook-key", "--data", dir).CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("kopernik webhook-key: %v: %s", err, out)
		}
	}
	debug, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := append([]string{"--webhook-allow-host", "127.0.0.1", "--debug-listen", debug}, extra...)
	if !cfg.signed {
		args = append(args, "--webhook-unsigned")
	}
	p, err := cmd.Serve(ctx, io.Discard, args...)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &server{proc: p, dir: dir, token: tok, debug: debug, timeout: cfg.timeout,
		hc: &http.Client{Timeout: cfg.timeout, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}}
	if s.db, err = s.create("/v3/databases", `{"name":"bench"}`); err == nil {
		for _, f := range []string{`{"name":"email","type":"email"}`, `{"name":"firstname"}`, `{"name":"lastname"}`} {
			if _, err = s.create("/v3/database/"+s.db+"/fields", f); err != nil {
				break
			}
		}
	}
	if err == nil && handler != "" {
		s.hook, err = s.create("/v3/webhooks", `{"handler":"`+handler+`","trigger":"create"}`)
	}
	if err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func (s *server) url(path string) string {
	return s.proc.Base + path + "?access_token=" + s.token
}

// create POSTs body and returns X-Created.
func (s *server) create(path, body string) (string, error) {
	res, err := s.hc.Post(s.url(path), "application/json", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("POST %s: %s", path, res.Status)
	}
	return res.Header.Get("X-Created"), nil
}

// postProfile creates one profile and returns its ID.
func (s *server) postProfile(n int64) (string, error) {
	return s.create("/v3/database/"+s.db+"/profiles",
		`{"fields":{"email":"p`+strconv.FormatInt(n, 10)+`@example.org","firstname":"Ann","lastname":"Jansen"}}`)
}

// pending reads the webhook's queued events.
func (s *server) pending() (int64, error) {
	res, err := s.hc.Get(s.url("/v3/webhook/" + s.hook))
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	var v struct {
		Deliveries struct{ Pending, Delivered int64 }
	}
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		return 0, err
	}
	return v.Deliveries.Pending, nil
}

// cpuProfile fetches a CPU profile of d from the server's profiler.
func (s *server) cpuProfile(d time.Duration, path string) error {
	hc := &http.Client{Timeout: d + 30*time.Second}
	res, err := hc.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", s.debug, int(d.Seconds())))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, res.Body)
	return err
}

func (s *server) stop() {
	if s.proc != nil {
		s.proc.Stop(30 * time.Second)
	}
	os.RemoveAll(s.dir)
}

// rss reads the server's resident memory in bytes.
func (s *server) rss() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.proc.Pid()))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}
