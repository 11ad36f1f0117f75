//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kopernik/kopernik/internal/procserver"
)

// bench is the server under test and what the bench asks of it.
type bench struct {
	c      config
	cmd    procserver.Command
	proc   *procserver.Server
	base   string
	token  string
	hc     *http.Client
	files  string // base URL of the file server
	maxRSS atomic.Int64
}

func measure(ctx context.Context, c config, first, second string, res *result) error {
	b := &bench{c: c, hc: &http.Client{Timeout: time.Minute}}
	store := []string{"--data", filepath.Join(c.dir, "data")}
	if c.postgres != "" {
		store = []string{"--postgres", c.postgres}
	}
	b.cmd = procserver.Command{Bin: c.bin, Store: store}
	tok, err := b.cmd.CreateToken(ctx, "bench")
	if err != nil {
		return err
	}
	b.token = tok
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fileSrv := &http.Server{Handler: http.FileServer(http.Dir(c.dir))}
	go fileSrv.Serve(ln)
	defer fileSrv.Close()
	b.files = "http://" + ln.Addr().String()
	var logBuf lockedBuffer
	p, err := b.cmd.Serve(ctx, &logBuf, "--import-fetch-allow", "127.0.0.1", "--import-batch-rows", strconv.Itoa(c.batch), "--metrics=false")
	if err != nil {
		return fmt.Errorf("%w: %s", err, logBuf.String())
	}
	b.proc, b.base = p, p.Base
	defer p.Stop(30 * time.Second)
	if c.phases {
		defer func() {
			for _, l := range strings.Split(logBuf.String(), "\n") {
				if strings.Contains(l, "import: ") {
					logf("  server: %s", l)
				}
			}
		}()
	}
	stopRSS := b.sampleRSS()
	defer stopRSS()

	if err := b.setup(); err != nil {
		return err
	}
	logf("import into the empty database")
	cpu0 := b.cpuSeconds()
	total, apply, p99, n, err := b.importRun(map[string]any{"database": "bench", "location": b.files + "/" + filepath.Base(first)})
	if err != nil {
		return err
	}
	res.EmptyS, res.EmptyRate, res.EmptyApply, res.GetP99EmptyMS, res.GetCount = round(total, 2), round(float64(c.rows)/total, 0), round(float64(c.rows)/apply, 0), p99, n
	res.EmptyCPUS = round(b.cpuSeconds()-cpu0, 1)
	logf("  %.1f s, %.0f rows/s (applying: %.0f rows/s), GET profile p99 %.1f ms over %d requests; server CPU %.1f s",
		total, res.EmptyRate, res.EmptyApply, p99, n, res.EmptyCPUS)

	logf("update or add, half the rows match")
	cpu0 = b.cpuSeconds()
	total, apply, p99, n, err = b.importRun(map[string]any{"database": "bench", "action": "update or add", "keyFields": []string{"email"},
		"location": b.files + "/" + filepath.Base(second)})
	if err != nil {
		return err
	}
	res.UpsertS, res.UpsertRate, res.UpsertApply, res.GetP99UpsMS = round(total, 2), round(float64(c.rows)/total, 0), round(float64(c.rows)/apply, 0), p99
	res.GetCount += n
	res.UpsertCPUS = round(b.cpuSeconds()-cpu0, 1)
	logf("  %.1f s, %.0f rows/s (applying: %.0f rows/s), GET profile p99 %.1f ms over %d requests; server CPU %.1f s",
		total, res.UpsertRate, res.UpsertApply, p99, n, res.UpsertCPUS)

	logf("export to CSV beside the server")
	start := time.Now()
	args := append([]string{"export", "--database", "bench", "-o", filepath.Join(c.dir, "export.csv")}, store...)
	out, err := exec.CommandContext(ctx, c.bin, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("export: %v: %s", err, out)
	}
	d := time.Since(start).Seconds()
	var exported int
	fmt.Sscanf(string(out[bytes.LastIndex(out, []byte("exported ")):]), "exported %d", &exported)
	res.ExportS, res.ExportRate = round(d, 2), round(float64(exported)/d, 0)
	logf("  %d profiles in %.1f s: %.0f rows/s", exported, d, res.ExportRate)
	res.MaxRSSMB = round(float64(b.maxRSS.Load())/(1<<20), 1)
	logf("server max RSS %.1f MB", res.MaxRSSMB)
	return nil
}

// setup creates the bench database with its 10 fields.
func (b *bench) setup() error {
	if _, err := b.call("POST", "/v3/databases", map[string]any{"name": "bench"}); err != nil {
		return err
	}
	for _, f := range fieldDefs {
		body := map[string]any{"name": f.name, "type": f.typ, "index": f.index}
		if f.value != "" {
			body["value"] = f.value
		}
		if _, err := b.call("POST", "/v3/database/bench/fields", body); err != nil {
			return err
		}
	}
	return nil
}

func (b *bench) call(method, path string, body any) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, b.base+path+"?access_token="+b.token, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := b.hc.Do(req)
	if err != nil {
		return nil, err
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode >= 300 {
		return res, fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, raw)
	}
	res.Body = io.NopCloser(bytes.NewReader(raw))
	return res, nil
}

// importRun posts an import and waits for it, with one client reading
// profiles meanwhile. It returns the seconds from the POST to the end, the
// seconds from the first applied batch to the end (the source stored and
// counted), and the p99 of the reads.
func (b *bench) importRun(body map[string]any) (total, apply, p99 float64, n int, err error) {
	start := time.Now()
	res, err := b.call("POST", "/v3/imports", body)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	id := res.Header.Get("X-Created")
	stop := make(chan struct{})
	var lat []time.Duration
	var wg sync.WaitGroup
	var maxID atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		if !b.c.noReader {
			lat = b.reader(stop, &maxID)
		}
	}()
	var firstBatch time.Time
	var st map[string]any
	for {
		r, err := b.call("GET", "/v3/import/"+id, nil)
		if err != nil {
			close(stop)
			wg.Wait()
			return 0, 0, 0, 0, err
		}
		st = map[string]any{}
		json.NewDecoder(r.Body).Decode(&st)
		done, _ := strconv.Atoi(fmt.Sprint(st["processedlines"]))
		if done > 0 && firstBatch.IsZero() {
			firstBatch = time.Now()
		}
		if done > 0 {
			maxID.Store(int64(done))
		}
		if s := st["status"]; s == "finished" || s == "error" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	end := time.Now()
	close(stop)
	wg.Wait()
	if st["status"] != "finished" || st["lasterror"] != false {
		return 0, 0, 0, 0, fmt.Errorf("import %s ended %v", id, st)
	}
	if firstBatch.IsZero() {
		firstBatch = start
	}
	slices.Sort(lat)
	if len(lat) > 0 {
		p99 = float64(lat[len(lat)*99/100].Microseconds()) / 1000
	}
	return end.Sub(start).Seconds(), end.Sub(firstBatch).Seconds(), p99, len(lat), nil
}

// reader is one client that reads profiles by ID (IDs 1 … the rows applied
// so far) until stop, one request at a time; bounded by the import's length.
func (b *bench) reader(stop <-chan struct{}, maxID *atomic.Int64) []time.Duration {
	var lat []time.Duration
	for i := int64(0); ; i++ {
		select {
		case <-stop:
			return lat
		default:
		}
		m := maxID.Load()
		if m == 0 {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		id := 1 + (i*7919)%m
		t := time.Now()
		req, _ := http.NewRequest("GET", b.base+"/v3/profile/"+strconv.FormatInt(id, 10)+"?access_token="+b.token, nil)
		res, err := b.hc.Do(req)
		if err != nil {
			continue
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		lat = append(lat, time.Since(t))
	}
}

// cpuSeconds is the server's user and system CPU time so far: on a shared
// machine the wall-clock rates depend on the neighbours, the CPU spent per
// row much less.
func (b *bench) cpuSeconds() float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", b.proc.Pid()))
	if err != nil {
		return 0
	}
	s := string(raw)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100 // clock ticks of 10 ms (CLK_TCK 100 on Linux)
}

// sampleRSS follows the server's resident memory every 200 ms.
func (b *bench) sampleRSS() func() {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", b.proc.Pid()))
			if err == nil {
				for _, line := range strings.Split(string(raw), "\n") {
					if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
						f := strings.Fields(rest)
						if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil && kb*1024 > b.maxRSS.Load() {
							b.maxRSS.Store(kb * 1024)
						}
					}
				}
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(stop); <-done }
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() > 1<<20 {
		l.b.Reset()
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
