//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kopernik/kopernik/internal/procserver"
)

// command runs the binary on the bench's store; with PostgreSQL the DSN
// travels in the environment (see backend.env).
func command(bin string, be backend) procserver.Command {
	return procserver.Command{Bin: bin, Store: be.args(), Env: be.env()}
}

func createToken(ctx context.Context, bin string, be backend) (string, error) {
	return command(bin, be).CreateToken(ctx, "load-bench")
}

// server is the kopernik process under test with its RSS sampler.
type server struct {
	proc *procserver.Server
	base string // http://host:port
	rss  *rssSampler
	log  *serverLog
}

// startServer starts the server in one sync mode (PostgreSQL has none),
// with more serve flags if given.
func startServer(ctx context.Context, bin string, be backend, mode string, more ...string) (*server, error) {
	var extra []string
	if !be.pg() {
		extra = []string{"--sync", mode}
	}
	extra = append(extra, more...)
	log := &serverLog{}
	p, err := command(bin, be).Serve(ctx, log, extra...)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", err, log.tailString())
	}
	return &server{proc: p, base: p.Base, rss: newRSSSampler(p.Pid()), log: log}, nil
}

// stop ends the server with SIGTERM and kills it after 30 s.
func (s *server) stop() error {
	s.rss.close()
	if err := s.proc.Stop(30 * time.Second); err != nil {
		return fmt.Errorf("%w: %s", err, s.log.tailString())
	}
	return nil
}

var errorMark = []byte(`"level":"ERROR"`)

// serverLog counts the server's ERROR lines, keeps the first three, and
// keeps the end of the log for diagnostics; the rest is dropped, because the
// server logs every request.
type serverLog struct {
	errLines atomic.Int64
	mu       sync.Mutex
	errs     []string
	tail     []byte
}

func (s *serverLog) Write(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	if c := bytes.Count(b, errorMark); c > 0 {
		s.errLines.Add(int64(c))
		s.mu.Lock()
		if len(s.errs) < 3 {
			i := bytes.Index(b, errorMark)
			lo := bytes.LastIndexByte(b[:i], '\n') + 1
			hi := bytes.IndexByte(b[i:], '\n')
			if hi < 0 {
				hi = len(b) - i
			}
			s.errs = append(s.errs, string(b[lo:i+hi]))
		}
		s.mu.Unlock()
	}
	s.mu.Lock()
	s.tail = append(s.tail, b...)
	if len(s.tail) > 8<<10 {
		s.tail = append(s.tail[:0], s.tail[len(s.tail)-4<<10:]...)
	}
	s.mu.Unlock()
	return len(b), nil
}

func (s *serverLog) firstErrors() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.errs, " | ")
}

func (s *serverLog) tailString() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.tail)
}
