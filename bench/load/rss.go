//go:build linux

package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// rssSampler reads VmRSS from /proc/PID/status every 200 ms.
type rssSampler struct {
	pid      int
	max      atomic.Int64 // bytes, whole lifetime
	phaseMax atomic.Int64
	last     atomic.Int64
	stop     chan struct{}
	stopped  chan struct{}
}

func newRSSSampler(pid int) *rssSampler {
	r := &rssSampler{pid: pid, stop: make(chan struct{}), stopped: make(chan struct{})}
	r.sample()
	go func() {
		defer close(r.stopped)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-r.stop:
				return
			case <-t.C:
				r.sample()
			}
		}
	}()
	return r
}

func (r *rssSampler) sample() {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.pid))
	if err != nil {
		return
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				if err == nil {
					v := kb * 1024
					r.last.Store(v)
					storeMax(&r.max, v)
					storeMax(&r.phaseMax, v)
				}
			}
			return
		}
	}
}

func storeMax(a *atomic.Int64, v int64) {
	for {
		old := a.Load()
		if v <= old || a.CompareAndSwap(old, v) {
			return
		}
	}
}

func (r *rssSampler) current() int64 { return r.last.Load() }

// resetPhase returns the maximum since the last reset (sampling once more first).
func (r *rssSampler) resetPhase() int64 {
	r.sample()
	return r.phaseMax.Swap(r.last.Load())
}

func (r *rssSampler) close() {
	select {
	case <-r.stop:
	default:
		close(r.stop)
		<-r.stopped
	}
}
