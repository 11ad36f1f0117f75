package webhook

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"
)

func TestWh7_Classify(t *testing.T) {
	netErr := errors.New("connection refused")
	refused := fmt.Errorf("dial: %w", fmt.Errorf("%w: 10.0.0.1 is not a public address", ErrRefused))
	cases := []struct {
		status int
		err    error
		want   Outcome
	}{
		{200, nil, Success}, {201, nil, Success}, {202, nil, Success}, {204, nil, Success}, {299, nil, Success},
		{400, nil, Permanent}, {401, nil, Permanent}, {403, nil, Permanent}, {404, nil, Permanent},
		{405, nil, Permanent}, {410, nil, Permanent}, {413, nil, Permanent}, {422, nil, Permanent}, {499, nil, Permanent},
		{408, nil, Temporary}, {429, nil, Temporary},
		{500, nil, Temporary}, {502, nil, Temporary}, {503, nil, Temporary}, {504, nil, Temporary}, {599, nil, Temporary},
		{300, nil, Temporary}, {301, nil, Temporary}, {302, nil, Temporary}, {307, nil, Temporary}, {308, nil, Temporary},
		{0, netErr, Temporary}, {0, nil, Temporary},
		{0, refused, Permanent},
	}
	for _, c := range cases {
		if got := Classify(c.status, c.err); got != c.want {
			t.Errorf("status %d, err %v: %v, want %v", c.status, c.err, got, c.want)
		}
	}
}

func TestWh7_RetrySchedule(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	want := []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour,
		3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}
	var p Policy
	for i, w := range want {
		d := p.Decide(i+1, Result{Status: 500}, now)
		if d.Outcome != Temporary || !d.Retry || !d.At.Equal(now.Add(w)) {
			t.Errorf("after attempt %d: %+v, want retry at +%v", i+1, d, w)
		}
	}
	if d := p.Decide(9, Result{Status: 500}, now); d.Retry || d.Outcome != Temporary {
		t.Errorf("after the ninth attempt: %+v, want drop", d)
	}
	if d := p.Decide(1, Result{Status: 404}, now); d.Retry || d.Outcome != Permanent {
		t.Errorf("404: %+v", d)
	}
	if d := p.Decide(1, Result{Status: 200}, now); d.Retry || d.Outcome != Success {
		t.Errorf("200: %+v", d)
	}
}

func TestWh7_InjectedSchedule(t *testing.T) {
	now := time.Unix(1000, 0)
	p := Policy{Schedule: []time.Duration{time.Second, 2 * time.Second}}
	if d := p.Decide(2, Result{Err: errors.New("timeout")}, now); !d.Retry || !d.At.Equal(now.Add(2*time.Second)) {
		t.Errorf("%+v", d)
	}
	if d := p.Decide(3, Result{Err: errors.New("timeout")}, now); d.Retry {
		t.Errorf("%+v", d)
	}
}

func TestWh7_RetryAfterWhenLarger(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	hdr := func(v string) http.Header { return http.Header{"Retry-After": {v}} }
	cases := []struct {
		name    string
		attempt int
		status  int
		header  string
		wait    time.Duration
	}{
		{"seconds, larger", 1, 503, "600", 10 * time.Minute},
		{"seconds, smaller", 2, 503, "60", 5 * time.Minute},
		{"on 429", 1, 429, "120", 2 * time.Minute},
		{"HTTP date, larger", 1, 503, "Wed, 01 May 2024 14:00:00 GMT", 2 * time.Hour},
		{"HTTP date, past", 1, 503, "Wed, 01 May 2024 11:00:00 GMT", time.Minute},
		{"garbage", 1, 503, "soon", time.Minute},
		{"negative", 1, 503, "-600", time.Minute},
		{"capped", 1, 503, "864000", 24 * time.Hour},
		{"huge", 1, 503, "9223372036854775807", 24 * time.Hour},
	}
	var p Policy
	for _, c := range cases {
		d := p.Decide(c.attempt, Result{Status: c.status, Header: hdr(c.header)}, now)
		if !d.Retry || !d.At.Equal(now.Add(c.wait)) {
			t.Errorf("%s: %+v, want retry after %v", c.name, d, c.wait)
		}
	}
	if d := p.Decide(1, Result{Status: 400, Header: hdr("60")}, now); d.Retry {
		t.Errorf("Retry-After revived a permanent failure: %+v", d)
	}
	if d := (Policy{MaxRetryAfter: time.Hour}).Decide(1, Result{Status: 503, Header: hdr("7200")}, now); !d.At.Equal(now.Add(time.Hour)) {
		t.Errorf("own cap: %+v", d)
	}
}
