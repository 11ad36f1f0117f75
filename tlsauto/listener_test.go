package tlsauto

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"
)

// Issue 14 §1: Copernica's PHP class reads over https and writes over plain
// http to the same host and port. Requests of both kinds, on fresh and on
// reused connections, one after the other and at once, each see r.TLS set
// exactly when they came over TLS.
func TestTLS14_1_TLSAndPlainInterleavedOnOnePort(t *testing.T) {
	a := autoCerts(t)
	ts := startServer(t, "tcp", "127.0.0.1:0", a.TLSConfig(), ListenerOptions{}, 5*time.Second)
	roots := caPool(t, a.CAFile())
	type client struct {
		url  string
		c    *http.Client
		want string
	}
	clients := []client{
		{"https://localhost:" + ts.port + "/v2/databases", newClient(roots, true), "tls"},
		{"http://localhost:" + ts.port + "/v2/database/1/profiles", newClient(roots, true), "plain"},
		{"https://127.0.0.1:" + ts.port + "/v2/databases", newClient(roots, false), "tls"},
		{"http://127.0.0.1:" + ts.port + "/v2/database/1/profiles", newClient(roots, false), "plain"},
	}
	for i := range 24 {
		cl := clients[i%len(clients)]
		if got := get(t, cl.c, cl.url); got != cl.want {
			t.Fatalf("request %d to %s: handler saw %q, want %q", i, cl.url, got, cl.want)
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := clients[i%len(clients)]
			got, err := tryGet(cl.c, cl.url)
			if err == nil && got != cl.want {
				err = fmt.Errorf("handler saw %q, want %q", got, cl.want)
			}
			if err != nil {
				errs <- fmt.Errorf("%s: %w", cl.url, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A plain request written in one piece and one written byte by byte both
// arrive whole: the sniffed byte is handed back before the rest.
func TestTLS14_1_PlainRequestKeepsItsFirstByte(t *testing.T) {
	ts := startServer(t, "tcp", "127.0.0.1:0", autoCerts(t).TLSConfig(), ListenerOptions{}, 5*time.Second)
	for _, split := range []bool{false, true} {
		c, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		req := "GET /v2/databases HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
		if split {
			for i := range len(req) {
				c.Write([]byte{req[i]})
				time.Sleep(time.Millisecond)
			}
		} else {
			io.WriteString(c, req)
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("split=%v: %v", split, err)
		}
		body, _ := io.ReadAll(resp.Body)
		c.Close()
		if resp.StatusCode != 200 || string(body) != "plain" {
			t.Fatalf("split=%v: %d %q, want 200 \"plain\"", split, resp.StatusCode, body)
		}
	}
}

// A client that connects and sends nothing is closed after the sniff
// timeout without ever reaching the HTTP server, and others are served
// meanwhile without waiting for it.
func TestTLS14_1_SilentClientClosedAfterTimeout(t *testing.T) {
	const timeout = 400 * time.Millisecond
	a := autoCerts(t)
	ts := startServer(t, "tcp", "127.0.0.1:0", a.TLSConfig(), ListenerOptions{SniffTimeout: timeout}, 5*time.Second)
	silent, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	opened := time.Now()

	roots := caPool(t, a.CAFile())
	for _, url := range []string{"https://localhost:" + ts.port + "/", "http://localhost:" + ts.port + "/"} {
		start := time.Now()
		get(t, newClient(roots, false), url)
		if d := time.Since(start); d >= timeout {
			t.Fatalf("GET %s took %v while a silent client was connected; it must not wait for it", url, d)
		}
	}

	waitClosed(t, silent, 5*time.Second)
	if d := time.Since(opened); d < timeout*3/4 {
		t.Fatalf("silent client closed after %v, before the %v timeout", d, timeout)
	}
	if ts.didReach(silent) {
		t.Fatal("the silent client reached the HTTP server")
	}
	get(t, newClient(roots, false), "https://localhost:"+ts.port+"/")
}

// A client that opens a TLS handshake and stalls is the HTTP server's
// business (its handshake timeout), not the listener's: several of them,
// more than the sniffing bound, block no one else.
func TestTLS14_1_PartialHandshakeDoesNotBlockOthers(t *testing.T) {
	const handshakeTimeout = 600 * time.Millisecond
	a := autoCerts(t)
	ts := startServer(t, "tcp", "127.0.0.1:0", a.TLSConfig(),
		ListenerOptions{SniffTimeout: 10 * time.Second, MaxPending: 2}, handshakeTimeout)
	var stalled []net.Conn
	for range 5 {
		c, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		// A handshake record header announcing a ClientHello that never comes.
		if _, err := c.Write([]byte{0x16, 0x03, 0x01, 0x02, 0x00, 0x01}); err != nil {
			t.Fatal(err)
		}
		stalled = append(stalled, c)
	}

	roots := caPool(t, a.CAFile())
	for _, url := range []string{"https://127.0.0.1:" + ts.port + "/", "http://127.0.0.1:" + ts.port + "/", "https://localhost:" + ts.port + "/"} {
		start := time.Now()
		get(t, newClient(roots, false), url)
		if d := time.Since(start); d >= handshakeTimeout/2 {
			t.Fatalf("GET %s took %v behind stalled handshakes", url, d)
		}
	}
	for _, c := range stalled {
		waitClosed(t, c, 5*time.Second)
		if !ts.didReach(c) {
			t.Fatal("a stalled handshake was closed before reaching the HTTP server as TLS")
		}
	}
}

// The bound on connections being sniffed holds: with it reached by silent
// clients, the next client is accepted only when one of them times out.
func TestTLS14_1_PendingConnectionsAreBounded(t *testing.T) {
	const timeout = 700 * time.Millisecond
	ts := startServer(t, "tcp", "127.0.0.1:0", autoCerts(t).TLSConfig(), ListenerOptions{SniffTimeout: timeout, MaxPending: 2}, 5*time.Second)
	opened := time.Now()
	for range 2 {
		c, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	get(t, newClient(nil, false), "http://127.0.0.1:"+ts.port+"/")
	if d := time.Since(opened); d < timeout*3/4 {
		t.Fatalf("served after %v although both sniffing slots were taken until %v", d, timeout)
	}
}

// Close ends the wait of clients being sniffed at once, closes those sniffed
// but not yet taken, leaves connections already returned by Accept alone,
// and leaves no goroutine behind.
func TestTLS14_1_CloseEndsEverythingButAcceptedConns(t *testing.T) {
	before := runtime.NumGoroutine()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := NewListener(inner, autoCerts(t).TLSConfig(), ListenerOptions{SniffTimeout: time.Minute})
	addr := l.Addr().String()

	dial := func(first string) net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		io.WriteString(c, first)
		return c
	}
	taken := dial("G")
	accepted, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer accepted.Close()
	var waiting []net.Conn
	for _, first := range []string{"", "", "", "P"} { // three silent, one sniffed and never taken
		waiting = append(waiting, dial(first))
	}
	// Wait until all four hold a slot (the accept loop holds one more while
	// it waits for the next client) and only the silent ones are still
	// being sniffed.
	deadline := time.Now().Add(5 * time.Second)
	for {
		l.mu.Lock()
		sniffing := len(l.sniffing)
		l.mu.Unlock()
		if len(l.slots) == len(waiting)+1 && sniffing == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d slots taken, %d connections being sniffed", len(l.slots), sniffing)
		}
		time.Sleep(10 * time.Millisecond)
	}

	closed := make(chan error, 1)
	go func() { closed <- l.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		buf := make([]byte, 1<<16)
		t.Fatalf("Close still waiting after 2s:\n%s", buf[:runtime.Stack(buf, true)])
	}
	for _, c := range waiting {
		waitClosed(t, c, 2*time.Second)
	}
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Accept after Close: %v, want net.ErrClosed", err)
	}
	if err := l.Close(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("second Close: %v, want net.ErrClosed", err)
	}
	if l.Addr().String() != addr {
		t.Fatalf("Addr after Close: %v", l.Addr())
	}

	// The connection handed over before Close still works both ways.
	if _, err := io.WriteString(accepted, "pong"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4)
	taken.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.ReadFull(taken, buf); err != nil || string(buf) != "pong" {
		t.Fatalf("accepted connection after Close: %q %v", buf, err)
	}
	first := make([]byte, 1)
	if _, err := accepted.Read(first); err != nil || first[0] != 'G' {
		t.Fatalf("accepted connection lost its first byte: %q %v", first, err)
	}

	accepted.Close()
	deadline = time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines after Close, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// failingListener fails its Accept with err after the given number of
// temporary failures.
type failingListener struct {
	net.Listener
	temporary int
	err       error
	mu        sync.Mutex
	calls     int
}

type tempErr struct{}

func (tempErr) Error() string   { return "too many open files" }
func (tempErr) Temporary() bool { return true }
func (tempErr) Timeout() bool   { return false }

func (f *failingListener) Accept() (net.Conn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.calls <= f.temporary {
		return nil, tempErr{}
	}
	return nil, f.err
}

// Temporary accept errors (out of file descriptors) are waited out; any
// other error ends the listener and is what Accept reports.
func TestTLS14_1_AcceptErrorsReachTheServer(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer inner.Close()
	broken := errors.New("listener broke")
	f := &failingListener{Listener: inner, temporary: 3, err: broken}
	l := NewListener(f, autoCerts(t).TLSConfig(), ListenerOptions{})
	defer l.Close()
	done := make(chan error, 1)
	go func() { _, err := l.Accept(); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, broken) {
			t.Fatalf("Accept: %v, want %v", err, broken)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Accept did not report the broken listener")
	}
	f.mu.Lock()
	calls := f.calls
	f.mu.Unlock()
	if calls != 4 {
		t.Fatalf("inner Accept called %d times, want 3 temporary failures and then the permanent one", calls)
	}
}
