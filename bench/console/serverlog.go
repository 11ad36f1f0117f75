package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sync"
)

// serverLog keeps the server's own duration of every profile list request,
// from its JSON request log, so the bench can tell the server's time from
// the browser's.
type serverLog struct {
	mu      sync.Mutex
	partial []byte
	ms      []float64
}

var listPath = regexp.MustCompile(`^/v4/database/[^/]+/profiles$`)

func (l *serverLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		var rec struct {
			Msg      string  `json:"msg"`
			Path     string  `json:"path"`
			Duration float64 `json:"duration_ms"`
		}
		if json.Unmarshal(l.partial[:i], &rec) == nil && rec.Msg == "request" && listPath.MatchString(rec.Path) {
			l.ms = append(l.ms, rec.Duration)
		}
		l.partial = l.partial[i+1:]
	}
	return len(p), nil
}

// take returns the durations logged since the last call.
func (l *serverLog) take() []float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	ms := l.ms
	l.ms = nil
	return ms
}
