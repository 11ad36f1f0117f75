package procserver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os/exec"
	"syscall"
	"time"
)

// startLimit bounds the wait for the "listening" line when the caller's
// context does not end sooner: migrations on a big store take a while, a
// server that has not listened after this has hung.
const startLimit = 60 * time.Second

// Server is one running `kopernik serve` process.
type Server struct {
	Addr string // host:port it listens on, always a loopback address
	Base string // http://host:port
	// Listening is the server's "listening" log line, for callers that
	// check what else it says.
	Listening []byte

	cmd  *exec.Cmd
	done chan struct{} // closed once the process has ended and its log is read
}

// Serve starts `serve --listen 127.0.0.1:0` with the store flags and the
// extra arguments, and returns once the server logged that it listens.
// Everything the server writes to stderr goes to log (nil: discarded), in
// order, from one goroutine. ctx bounds only the start: once Serve returned,
// the process runs until Stop or Kill.
func (c Command) Serve(ctx context.Context, log io.Writer, extra ...string) (*Server, error) {
	if log == nil {
		log = io.Discard
	}
	args := append(append([]string{"serve", "--listen", "127.0.0.1:0"}, c.Store...), extra...)
	cmd := exec.Command(c.Bin, args...)
	cmd.Env = c.Env
	cmd.Stdout = io.Discard
	dieWithParent(cmd)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{cmd: cmd, done: make(chan struct{})}
	listening := make(chan []byte, 1)
	go s.readLog(stderr, log, listening)

	timer := time.NewTimer(startLimit)
	defer timer.Stop()
	select {
	case line := <-listening:
		a, _ := listeningAddr(line)
		host, _, err := net.SplitHostPort(a)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			s.Kill()
			return nil, fmt.Errorf("server listens on %q, not on a loopback address", a)
		}
		s.Addr, s.Base, s.Listening = a, "http://"+a, line
		return s, nil
	case <-s.done:
		return nil, fmt.Errorf("%w (%v)", ErrExited, cmd.ProcessState)
	case <-timer.C:
		s.Kill()
		return nil, fmt.Errorf("server did not listen within %s", startLimit)
	case <-ctx.Done():
		s.Kill()
		return nil, fmt.Errorf("server did not listen: %w", ctx.Err())
	}
}

// readLog copies the server's stderr to log, sending the "listening" line to
// listening, and reaps the process at the end of its output.
func (s *Server) readLog(stderr io.Reader, log io.Writer, listening chan<- []byte) {
	defer close(s.done)
	defer s.cmd.Wait()
	br := bufio.NewReaderSize(stderr, 64<<10)
	// Line by line until the server listens; ReadBytes has no line limit, so
	// a long line cannot stop the reading and leave the pipe full.
	for {
		line, err := br.ReadBytes('\n')
		log.Write(line)
		if _, ok := listeningAddr(line); ok {
			listening <- bytes.TrimSpace(line)
			break
		}
		if err != nil {
			return
		}
	}
	// Then in big chunks: the server logs every request, and a load run must
	// not spend its CPU splitting lines.
	io.CopyBuffer(log, br, make([]byte, 256<<10))
}

// listeningAddr finds the address in the server's JSON log line
// {"msg":"listening","addr":"127.0.0.1:PORT",…}.
func listeningAddr(line []byte) (string, bool) {
	if !bytes.Contains(line, []byte(`"listening"`)) {
		return "", false
	}
	var m struct{ Msg, Addr string }
	if json.Unmarshal(line, &m) != nil || m.Msg != "listening" || m.Addr == "" {
		return "", false
	}
	return m.Addr, true
}

// Pid is the server's process ID.
func (s *Server) Pid() int { return s.cmd.Process.Pid }

// Done is closed once the process has ended and all of its log was read.
func (s *Server) Done() <-chan struct{} { return s.done }

// Stop ends the server as an operator would (SIGTERM) and waits for it,
// killing it after grace. It reports a server that had to be killed or that
// exited unsuccessfully.
func (s *Server) Stop(grace time.Duration) error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-s.done:
	case <-timer.C:
		s.Kill()
		return fmt.Errorf("server ignored SIGTERM for %s and was killed", grace)
	}
	if st := s.cmd.ProcessState; st != nil && !st.Success() {
		return fmt.Errorf("server exited with %v", st)
	}
	return nil
}

// Kill ends the server with SIGKILL, as a crash would, and waits for it.
func (s *Server) Kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}
