//go:build linux

package main

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// receiver is the handler URL of the bench: it records when each profile's
// create event arrived. A hanging receiver never answers (the server's
// timeout ends each attempt).
type receiver struct {
	srv     *http.Server
	url     string
	hang    bool
	mu      sync.Mutex
	arrived map[string]time.Time
	count   int64
	stop    chan struct{}
}

func newReceiver(hang bool) (*receiver, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &receiver{hang: hang, arrived: map[string]time.Time{}, stop: make(chan struct{}), url: "http://" + ln.Addr().String() + "/hook"}
	r.srv = &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	go r.srv.Serve(ln)
	return r, nil
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	now := time.Now()
	if r.hang {
		select {
		case <-req.Context().Done():
		case <-r.stop:
		}
		return
	}
	v, _ := url.ParseQuery(string(body))
	r.mu.Lock()
	r.count++
	if id := v.Get("profile"); id != "" {
		if _, seen := r.arrived[id]; !seen {
			r.arrived[id] = now
		}
	}
	r.mu.Unlock()
}

func (r *receiver) delivered() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count
}

func (r *receiver) arrival(id string) (time.Time, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.arrived[id]
	return t, ok
}

func (r *receiver) close() {
	close(r.stop)
	r.srv.Close()
}
