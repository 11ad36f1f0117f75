//go:build linux

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func createToken(ctx context.Context, bin string, be backend) (string, error) {
	tctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(tctx, bin, append([]string{"token", "create", "--name", "load-bench"}, be.args()...)...)
	cmd.Env = be.env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("kopernik token create: %v: %s", err, errb.String())
	}
	tok := strings.TrimSpace(out.String())
	if tok == "" || strings.ContainsAny(tok, " \n") {
		return "", fmt.Errorf("kopernik token create printed %q", out.String())
	}
	return tok, nil
}

type server struct {
	cmd      *exec.Cmd
	addr     string
	base     string
	done     chan struct{}
	rss      *rssSampler
	errLines atomic.Int64
	mu       sync.Mutex
	errs     []string
	tail     []byte
}

func (s *server) firstErrors() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.errs, " | ")
}

var errorMark = []byte(`"level":"ERROR"`)

func startServer(ctx context.Context, bin string, be backend, mode string) (*server, error) {
	args := []string{"serve", "--listen", "127.0.0.1:0"}
	args = append(args, be.args()...)
	if !be.pg() {
		args = append(args, "--sync", mode)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = be.env()
	// The server dies with this script even if the script is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	cmd.Stdout = io.Discard
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		defer close(s.done)
		br := bufio.NewReaderSize(stderr, 1<<20)
		// Until the server listens: line by line, looking for its address.
		for {
			line, err := br.ReadBytes('\n')
			s.note(line)
			if bytes.Contains(line, []byte(`"msg":"listening"`)) {
				var m struct{ Addr string }
				if json.Unmarshal(line, &m) == nil && m.Addr != "" {
					addr <- m.Addr
					break
				}
			}
			if err != nil {
				cmd.Wait()
				return
			}
		}
		// Then in big chunks: every request is logged, and reading must stay cheap.
		buf := make([]byte, 256<<10)
		for {
			n, err := br.Read(buf)
			if n > 0 {
				s.note(buf[:n])
			}
			if err != nil {
				break
			}
		}
		cmd.Wait()
	}()
	select {
	case a := <-addr:
		host, _, err := net.SplitHostPort(a)
		if err != nil || !net.ParseIP(host).IsLoopback() {
			s.kill()
			return nil, fmt.Errorf("server listens on %q, not a loopback address", a)
		}
		s.addr, s.base = a, "http://"+a
	case <-s.done:
		return nil, fmt.Errorf("server exited early: %s", s.tailString())
	case <-time.After(60 * time.Second):
		s.kill()
		return nil, fmt.Errorf("server did not start within 60 s: %s", s.tailString())
	case <-ctx.Done():
		s.kill()
		return nil, ctx.Err()
	}
	s.rss = newRSSSampler(cmd.Process.Pid)
	return s, nil
}

// note counts ERROR lines and keeps the end of the log for diagnostics.
func (s *server) note(b []byte) {
	if len(b) == 0 {
		return
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
}

func (s *server) tailString() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.tail)
}

func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}

// stop ends the server with SIGTERM and kills it after 30 s.
func (s *server) stop() error {
	if s.rss != nil {
		s.rss.close()
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.kill()
		return errors.New("server ignored SIGTERM for 30 s and was killed")
	}
	if st := s.cmd.ProcessState; st != nil && !st.Success() {
		return fmt.Errorf("server exited with %v: %s", st, s.tailString())
	}
	return nil
}
