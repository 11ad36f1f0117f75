package tlsauto

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"
)

// testServer is a real http.Server on a loopback port behind the sniffing
// listener. Its handler answers "tls" or "plain" from r.TLS, and it records
// the remote address of every connection that reached it.
type testServer struct {
	addr string // host:port
	port string
	ln   *Listener
	srv  *http.Server

	mu      sync.Mutex
	reached map[string]bool
}

func startServer(t *testing.T, network, addr string, conf *tls.Config, opt ListenerOptions, readHeaderTimeout time.Duration) *testServer {
	t.Helper()
	inner, err := net.Listen(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{addr: inner.Addr().String(), reached: map[string]bool{}}
	_, ts.port, _ = net.SplitHostPort(ts.addr)
	ts.ln = NewListener(inner, conf, opt)
	ts.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.TLS != nil {
				io.WriteString(w, "tls")
			} else {
				io.WriteString(w, "plain")
			}
		}),
		ReadHeaderTimeout: readHeaderTimeout,
		ConnState: func(c net.Conn, s http.ConnState) {
			if s == http.StateNew {
				ts.mu.Lock()
				ts.reached[c.RemoteAddr().String()] = true
				ts.mu.Unlock()
			}
		},
		// Handshake errors provoked on purpose are not news.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go ts.srv.Serve(ts.ln)
	t.Cleanup(func() { ts.srv.Close() })
	return ts
}

func (ts *testServer) didReach(c net.Conn) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.reached[c.LocalAddr().String()]
}

func caPool(t *testing.T, caFile string) *x509.CertPool {
	t.Helper()
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", caFile)
	}
	return pool
}

func newClient(roots *x509.CertPool, keepAlive bool) *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig:   &tls.Config{RootCAs: roots},
			DisableKeepAlives: !keepAlive,
		},
	}
}

// get returns the body of a GET, failing the test on any error.
func get(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	body, err := tryGet(c, url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return body
}

func tryGet(c *http.Client, url string) (string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// waitClosed reads from c until the peer closes it and returns how long
// that took; it fails the test when c stays open for limit.
func waitClosed(t *testing.T, c net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	c.SetReadDeadline(start.Add(limit))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("connection still open after %v", limit)
	}
	return time.Since(start)
}

// autoCerts is a fresh local CA and server certificate in a temp dir.
func autoCerts(t *testing.T) *Auto {
	t.Helper()
	a, err := LoadOrCreate(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
