package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// hookReceiver is a loopback handler URL: it records every delivery (the raw
// body, its decoded form and the headers) and answers 200.
type hookReceiver struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []delivery
	// wait is signalled after each delivery.
	wait chan struct{}
}

type delivery struct {
	Path   string
	Body   []byte
	Form   url.Values
	Header http.Header
	Host   string
}

func newHookReceiver(t testing.TB) *hookReceiver {
	r := &hookReceiver{wait: make(chan struct{}, 1)}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		form, _ := url.ParseQuery(string(body))
		r.mu.Lock()
		r.got = append(r.got, delivery{Path: req.URL.RequestURI(), Body: body, Form: form, Header: req.Header.Clone(), Host: req.Host})
		r.mu.Unlock()
		select {
		case r.wait <- struct{}{}:
		default:
		}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// URL is the handler URL of path on this receiver.
func (r *hookReceiver) URL(path string) string { return r.srv.URL + path }

func (r *hookReceiver) all() []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]delivery(nil), r.got...)
}

// waitFor returns the deliveries once at least n arrived, or fails the test
// once the server has had far longer than any delivery needs.
func (r *hookReceiver) waitFor(t testing.TB, n int) []delivery {
	t.Helper()
	for {
		if got := r.all(); len(got) >= n {
			return got
		}
		select {
		case <-r.wait:
		case <-timeout(60):
			t.Fatalf("%d deliveries after 60 s; want %d: %v", len(r.all()), n, r.all())
		}
	}
}
