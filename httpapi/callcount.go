package httpapi

import (
	"context"
	"sync"
	"time"

	"github.com/kopernik/kopernik"
)

// callCounter counts authenticated API calls per day for the consumption route.
// Counting in memory and flushing every few seconds keeps a write off every
// request; a crash loses at most one interval of a statistic, never user data.
type callCounter struct {
	store   kopernik.TokenStore
	clock   kopernik.Clock
	mu      sync.Mutex
	pending map[string]int64
	// flushing holds the counts being written, still visible to readers
	// until the write has committed.
	flushing map[string]int64
	stop     chan struct{}
	done     chan struct{}
}

const callFlushEvery = 5 * time.Second

func newCallCounter(st kopernik.TokenStore, clock kopernik.Clock) *callCounter {
	c := &callCounter{store: st, clock: clock, pending: map[string]int64{},
		stop: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c
}

func (c *callCounter) add(n int64) {
	day := c.clock.Time().Format("2006-01-02")
	c.mu.Lock()
	c.pending[day] += n
	c.mu.Unlock()
}

// unflushed returns the counts not yet written, for days in [begin, end].
func (c *callCounter) unflushed(begin, end string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n int64
	for _, m := range []map[string]int64{c.pending, c.flushing} {
		for d, v := range m {
			if d >= begin && d <= end {
				n += v
			}
		}
	}
	return n
}

func (c *callCounter) flush(ctx context.Context) error {
	c.mu.Lock()
	p := c.pending
	c.pending = map[string]int64{}
	c.flushing = p
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.flushing = nil
		c.mu.Unlock()
	}()
	for day, n := range p {
		if err := c.store.CountAPICalls(ctx, day, n); err != nil {
			c.mu.Lock()
			for d, v := range p { // what was not written goes back to pending
				c.pending[d] += v
			}
			c.mu.Unlock()
			return err
		}
		c.mu.Lock()
		delete(p, day)
		c.mu.Unlock()
	}
	return nil
}

func (c *callCounter) loop() {
	defer close(c.done)
	t := time.NewTicker(callFlushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			_ = c.flush(context.Background())
		case <-c.stop:
			return
		}
	}
}

func (c *callCounter) close(ctx context.Context) error {
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
	<-c.done
	return c.flush(ctx)
}
