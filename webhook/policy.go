package webhook

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Outcome is the class of one delivery attempt (spec §7).
type Outcome uint8

const (
	Success   Outcome = iota // any 2xx
	Temporary                // retried on the schedule
	Permanent                // dropped and logged
)

func (o Outcome) String() string {
	switch o {
	case Success:
		return "success"
	case Temporary:
		return "temporary"
	}
	return "permanent"
}

// Classify sorts an attempt by its response status (0 when none came) and
// error. 4xx means the receiver refuses this event and will refuse it again,
// except 408 and 429, which ask to come back later. Redirects are never
// followed, so a 3xx is a receiver that is (perhaps briefly) elsewhere.
// A refusal by the server's own rules (scheme, host allow-list, private
// address) is permanent: the same configuration refuses every retry.
func Classify(status int, err error) Outcome {
	switch {
	case errors.Is(err, ErrRefused):
		return Permanent
	case err != nil, status == 0:
		return Temporary
	case status >= 200 && status < 300:
		return Success
	case status == http.StatusRequestTimeout, status == http.StatusTooManyRequests:
		return Temporary
	case status >= 400 && status < 500:
		return Permanent
	}
	return Temporary
}

// DefaultSchedule is the wait before each retry: the first retry comes one
// minute after the first attempt, the last one a day after the one before it;
// then the event is dropped. Nine attempts span about two days.
var DefaultSchedule = []time.Duration{
	time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour,
	3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// Policy decides what follows an attempt. The zero value is DefaultSchedule
// with Retry-After capped at a day; tests inject short schedules.
type Policy struct {
	Schedule []time.Duration
	// MaxRetryAfter caps a receiver's Retry-After, so that one answer cannot
	// hold a webhook's ordered queue for longer than the schedule's own
	// longest wait.
	MaxRetryAfter time.Duration
}

// Decision is what to do with an event after an attempt.
type Decision struct {
	Outcome Outcome
	Retry   bool      // Temporary and the schedule has a step left
	At      time.Time // when to retry, if Retry
}

// Decide classifies attempt number attempt (1 for the first delivery), which
// ended at now, and schedules the next one: the schedule's wait, or a
// receiver's larger Retry-After.
func (p Policy) Decide(attempt int, r Result, now time.Time) Decision {
	o := Classify(r.Status, r.Err)
	d := Decision{Outcome: o}
	sched := p.Schedule
	if sched == nil {
		sched = DefaultSchedule
	}
	if attempt < 1 {
		attempt = 1
	}
	if o != Temporary || attempt > len(sched) {
		return d
	}
	wait := sched[attempt-1]
	if ra, ok := RetryAfter(r.Header.Get("Retry-After"), now); ok {
		limit := p.MaxRetryAfter
		if limit <= 0 {
			limit = 24 * time.Hour
		}
		wait = max(wait, min(ra, limit))
	}
	d.Retry, d.At = true, now.Add(wait)
	return d
}

// RetryAfter reads a Retry-After value: delay seconds or an HTTP date. A date
// in the past means now.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseUint(v, 10, 63); err == nil {
		if n > uint64(1<<62)/uint64(time.Second) {
			return 1 << 62, true // absurdly long; the cap deals with it
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
