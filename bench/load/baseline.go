//go:build linux

package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

type baseline struct {
	srv *http.Server
	url string
}

// startBaseline serves a bare handler that decodes the POST body like the
// profile route and answers 201 with X-Created.
func startBaseline() (*baseline, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	var n atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
		var m map[string]any
		if err == nil {
			err = json.Unmarshal(body, &m)
		}
		if err != nil {
			http.Error(w, `{"error":{"message":"Invalid data provided"}}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("X-Created", strconv.FormatInt(n.Add(1), 10))
		w.WriteHeader(http.StatusCreated)
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 1 << 20}
	go srv.Serve(ln)
	return &baseline{srv: srv, url: "http://" + ln.Addr().String() + "/v3/database/1/profiles?access_token=x"}, nil
}

func (b *baseline) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = b.srv.Shutdown(ctx)
}
