package imports

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
)

func fetcher(t *testing.T, cfg FetchConfig) *Fetcher {
	t.Helper()
	f, err := NewFetcher(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if f == nil {
		t.Fatal("fetcher is off")
	}
	return f
}

func csvServer(t *testing.T, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func fetchAll(f *Fetcher, url string) (string, error) {
	rc, err := f.Open(context.Background(), url)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return string(b), err
}

// O26: fetching is off unless configured; then only listed hosts.
func TestO26_LocationOffByDefault(t *testing.T) {
	f, err := NewFetcher(FetchConfig{})
	if err != nil || f != nil {
		t.Fatalf("empty config gave %v, %v", f, err)
	}
	err = f.Check("https://files.example.com/a.csv")
	if kopernik.ErrorCode(err) != kopernik.EINVALID || !strings.Contains(err.Error(), "not enabled") {
		t.Fatalf("Check: %v", err)
	}
	if _, err := f.Open(context.Background(), "https://files.example.com/a.csv"); err == nil {
		t.Fatal("Open on a disabled fetcher succeeded")
	}
}

// A loopback server listed by its address is fetched, streamed whole.
func TestO26_LocationAllowedLoopback(t *testing.T) {
	body := "Email\n" + strings.Repeat("a@x.nl\n", 10000)
	srv := csvServer(t, body)
	f := fetcher(t, FetchConfig{Allow: []string{"127.0.0.1"}})
	if err := f.Check(srv.URL + "/a.csv"); err != nil {
		t.Fatal(err)
	}
	got, err := fetchAll(f, srv.URL+"/a.csv")
	if err != nil || got != body {
		t.Fatalf("got %d bytes, err %v", len(got), err)
	}
	// The full host name is an explicit entry too.
	f = fetcher(t, FetchConfig{Allow: []string{"LOCALHOST"}})
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	if got, err := fetchAll(f, "http://localhost:"+strconv.Itoa(port)+"/a.csv"); err != nil || got != body {
		t.Fatalf("localhost: %d bytes, err %v", len(got), err)
	}
}

// A wildcard admits names but never a private address: the refusal happens
// when connecting, after the name is resolved.
func TestO26_LocationLoopbackRefusedUnlessListed(t *testing.T) {
	srv := csvServer(t, "Email\n")
	port := strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port)
	f := fetcher(t, FetchConfig{Allow: []string{"*"}})
	for _, u := range []string{"http://localhost:" + port + "/", srv.URL + "/", "http://[::ffff:127.0.0.1]:" + port + "/"} {
		if err := f.Check(u); err != nil {
			t.Fatalf("Check(%s) refused before connecting: %v", u, err)
		}
		_, err := fetchAll(f, u)
		if err == nil || !strings.Contains(err.Error(), "is not allowed") {
			t.Fatalf("%s: %v", u, err)
		}
	}
	f = fetcher(t, FetchConfig{Allow: []string{"*.localhost", "10.0.0.0/8"}})
	if err := f.Check("http://localhost:" + port + "/"); err == nil {
		t.Fatal("localhost passed *.localhost")
	}
}

func TestO26_LocationHostAndSchemeRules(t *testing.T) {
	f := fetcher(t, FetchConfig{Allow: []string{"files.example.com", "*.cdn.example.net", "192.0.2.0/24"}})
	ok := []string{
		"https://files.example.com/a.csv", "HTTP://FILES.EXAMPLE.COM./a.csv",
		"https://eu.cdn.example.net/x", "http://192.0.2.7:8080/x", "https://user:pw@files.example.com/a.csv",
	}
	for _, u := range ok {
		if err := f.Check(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	bad := map[string]string{
		"ftp://files.example.com/a.csv":   "http or https",
		"file:///etc/passwd":              "not a URL",
		"gopher://files.example.com/":     "http or https",
		"https://evil.example.com/a.csv":  "not allowed",
		"https://cdn.example.net/x":       "not allowed",
		"http://192.0.3.1/x":              "not allowed",
		"https://files.example.com.evil/": "not allowed",
		"not a url":                       "not a URL",
	}
	for u, msg := range bad {
		err := f.Check(u)
		if kopernik.ErrorCode(err) != kopernik.EINVALID || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: %v, want %q", u, err, msg)
		}
		if _, err := f.Open(context.Background(), u); err == nil {
			t.Errorf("Open(%s) succeeded", u)
		}
	}
	for _, e := range []string{"10.0.0.0/33", "a b", "user@host"} {
		if _, err := NewFetcher(FetchConfig{Allow: []string{e}}); err == nil {
			t.Errorf("allow-list entry %q accepted", e)
		}
	}
}

func TestO26_LocationUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	f := fetcher(t, FetchConfig{Allow: []string{"127.0.0.1"}})
	_, err = fetchAll(f, "http://"+addr+"/a.csv")
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("closed port: %v", err)
	}
}

func TestO26_LocationHTTPErrorStatus(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	f := fetcher(t, FetchConfig{Allow: []string{"127.0.0.1"}})
	if _, err := fetchAll(f, srv.URL+"/gone.csv"); err == nil || !strings.Contains(err.Error(), "HTTP 404") {
		t.Fatalf("404: %v", err)
	}
}

// A file over the limit fails, announced or not; one of exactly the limit
// passes. Credentials in the URL never appear in an error.
func TestO26_LocationTooLarge(t *testing.T) {
	const limit = 1000
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := limit
		if r.URL.Path != "/exact" {
			n = limit + 1
		}
		if r.URL.Path == "/chunked" {
			w.Header().Set("Transfer-Encoding", "chunked")
			w.(http.Flusher).Flush()
		}
		io.WriteString(w, strings.Repeat("x", n))
	}))
	defer srv.Close()
	f := fetcher(t, FetchConfig{Allow: []string{"127.0.0.1"}, MaxBytes: limit})
	if got, err := fetchAll(f, srv.URL+"/exact"); err != nil || len(got) != limit {
		t.Fatalf("exact: %d bytes, %v", len(got), err)
	}
	for _, p := range []string{"/announced", "/chunked"} {
		u := strings.Replace(srv.URL, "http://", "http://bob:secret@", 1) + p
		_, err := fetchAll(f, u)
		if err == nil || !strings.Contains(err.Error(), "limit") || strings.Contains(err.Error(), "secret") {
			t.Fatalf("%s: %v", p, err)
		}
	}
}

func TestO26_LocationRedirectsFollowTheRules(t *testing.T) {
	target := csvServer(t, "Email\n")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		port := strconv.Itoa(target.Listener.Addr().(*net.TCPAddr).Port)
		switch r.URL.Path {
		case "/to-listed":
			http.Redirect(w, r, "http://127.0.0.1:"+port+"/", http.StatusFound)
		case "/to-unlisted":
			http.Redirect(w, r, "http://[::1]:"+port+"/", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	}))
	defer srv.Close()
	f := fetcher(t, FetchConfig{Allow: []string{"127.0.0.1"}})
	if got, err := fetchAll(f, srv.URL+"/to-listed"); err != nil || got != "Email\n" {
		t.Fatalf("listed: %q %v", got, err)
	}
	if _, err := fetchAll(f, srv.URL+"/to-unlisted"); err == nil || !strings.Contains(err.Error(), "not allowed") {
		t.Fatalf("unlisted: %v", err)
	}
	if _, err := fetchAll(f, srv.URL+"/loop"); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("loop: %v", err)
	}
}

func TestO26_LocationTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "Email\n")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	f := fetcher(t, FetchConfig{Allow: []string{"127.0.0.1"}, Timeout: 300 * time.Millisecond})
	start := time.Now()
	_, err := fetchAll(f, srv.URL+"/slow")
	if err == nil || !strings.Contains(err.Error(), "timed out") || time.Since(start) > 5*time.Second {
		t.Fatalf("slow body: %v after %v", err, time.Since(start))
	}
}

func TestO26_PublicAddresses(t *testing.T) {
	cases := map[string]bool{
		"8.8.8.8": true, "2001:4860:4860::8888": true, "93.184.216.34": true,
		"127.0.0.1": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "fe80::1": false, "fc00::1": false, "0.0.0.0": false, "::": false,
		"100.64.0.1": false, "224.0.0.1": false, "255.255.255.255": false, "::ffff:10.0.0.1": false,
		"64:ff9b::a00:1": false, "64:ff9b::808:808": true, "2002:a00:1::": false, "fec0::1": false, "240.0.0.1": false,
	}
	for s, want := range cases {
		if got := public(netip.MustParseAddr(s)); got != want {
			t.Errorf("public(%s) = %v", s, got)
		}
	}
}
