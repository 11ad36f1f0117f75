// Package delivery carries queued webhook events to their receivers: one
// worker per webhook at a time, in event order, one request at a time, with
// the retry schedule of the webhook package. Events come from the outbox the
// store writes in the transaction of each change; an event leaves the outbox
// only after its receiver accepted it (or it was given up), so delivery is
// at least once, across crashes and restarts.
package delivery

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/webhook"
)

// Config configures an Engine. Zero values take the defaults noted.
type Config struct {
	// Client makes the delivery client, on the first event to deliver: a
	// signing key generated for a new store costs its time only when a
	// webhook has something to send. Required.
	Client  func(context.Context) (*webhook.Client, error)
	Encoder webhook.Encoder
	Policy  webhook.Policy
	// Workers bounds the webhooks delivered at once (8).
	Workers int
	// Poll is how often queues are looked at without a wake-up: retries that
	// came due, and events other nodes queued (1 s).
	Poll time.Duration
	// Lease is how long a claim on a webhook lasts without renewal; it must
	// exceed one attempt (the client's timeout + 30 s).
	Lease time.Duration
	// Batch is how many queued events are read at once (32).
	Batch int
	// Lookahead is how many events after the one being sent are signed
	// ahead, in parallel (2).
	Lookahead int
	// SettleEvery is how many delivered events are settled (removed from
	// the queue) at once; one settlement is written while the next events
	// are sent, so at most twice this many are sent again after a crash (4).
	SettleEvery int
	// Node names this process in leases; "" picks a random name.
	Node string
	// Exclusive says no other process delivers from this store (SQLite,
	// whose data dir one server holds): no leases are taken, which spares
	// two writes per burst of events.
	Exclusive bool
	Now       func() time.Time
	Log       *slog.Logger
	// Observe, when set, hears of every attempt (the metrics).
	Observe func(Attempt)
}

// Attempt is one finished delivery attempt, for metrics.
type Attempt struct {
	Webhook  int64
	Outcome  webhook.Outcome
	Retry    bool          // a temporary failure that will be tried again
	Duration time.Duration // of the request (0 when it never went out)
}

// turnBatches is how many batches a worker delivers before it lets another
// webhook have its slot.
const turnBatches = 8

// Engine runs the workers of one process.
type Engine struct {
	st   *sqlstore.Store
	cfg  Config
	wake chan struct{}

	mu       sync.Mutex
	running  map[int64]bool
	notUntil map[int64]time.Time // a retry holds the queue's head back
	turn     int                 // where the next look at the webhooks starts
	wg       sync.WaitGroup
	slots    chan struct{}

	clientMu sync.Mutex
	client   *webhook.Client
}

// New builds an engine; Run starts it.
func New(st *sqlstore.Store, cfg Config) *Engine {
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 60 * time.Second
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 32
	}
	if cfg.Lookahead <= 0 {
		cfg.Lookahead = 2
	}
	if cfg.SettleEvery <= 0 {
		cfg.SettleEvery = 4
	}
	if cfg.Node == "" {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		cfg.Node = hex.EncodeToString(b)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Engine{st: st, cfg: cfg, wake: make(chan struct{}, 1),
		running: map[int64]bool{}, notUntil: map[int64]time.Time{}, slots: make(chan struct{}, cfg.Workers)}
}

// Wake makes the engine look at the queues now. It never blocks.
func (e *Engine) Wake() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, then waits for the attempts under way (each
// bounded by the client's timeout) and gives the leases back.
func (e *Engine) Run(ctx context.Context) {
	e.st.OnWebhookEvents(e.Wake)
	defer e.st.OnWebhookEvents(func() {})
	tick := time.NewTicker(e.cfg.Poll)
	defer tick.Stop()
	for {
		e.dispatch(ctx)
		select {
		case <-ctx.Done():
			e.wg.Wait()
			return
		case <-e.wake:
		case <-tick.C:
		}
	}
}

// dispatch starts a worker for every webhook that has a due event and none
// running, as far as slots allow; a worker that ends wakes the engine, which
// then starts the ones left waiting.
func (e *Engine) dispatch(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	hooks, err := e.st.Webhooks(ctx)
	if err != nil {
		e.cfg.Log.Warn("webhook delivery: reading webhooks", "err", err)
		return
	}
	now := e.cfg.Now()
	// Each look starts one webhook further, so that when every slot is
	// taken the webhooks waiting get their turn in rotation.
	all := hooks.All()
	e.mu.Lock()
	e.turn++
	first := e.turn
	e.mu.Unlock()
	for k := range all {
		w := all[(first+k)%len(all)]
		e.mu.Lock()
		busy := e.running[w.ID] || now.Before(e.notUntil[w.ID])
		e.mu.Unlock()
		if busy {
			continue
		}
		head, err := e.st.QueuedEvents(ctx, w.ID, 1)
		if err != nil {
			e.cfg.Log.Warn("webhook delivery: reading the queue", "webhook", w.ID, "err", err)
			continue
		}
		if len(head) == 0 {
			continue
		}
		if !head[0].NextAt.IsZero() && now.Before(head[0].NextAt) {
			e.hold(w.ID, head[0].NextAt)
			continue
		}
		select {
		case e.slots <- struct{}{}:
		default:
			return // every slot busy; a finishing worker wakes the engine
		}
		e.mu.Lock()
		e.running[w.ID] = true
		e.mu.Unlock()
		e.wg.Add(1)
		go func(id int64) {
			defer e.wg.Done()
			hold := e.work(ctx, id)
			<-e.slots
			e.mu.Lock()
			delete(e.running, id)
			e.mu.Unlock()
			if !hold.IsZero() {
				e.hold(id, hold)
			}
			e.Wake()
		}(w.ID)
	}
}

func (e *Engine) hold(id int64, until time.Time) {
	e.mu.Lock()
	e.notUntil[id] = until
	e.mu.Unlock()
}

// work delivers one webhook's due events in order until its queue is empty,
// its head waits for a retry (returned), or the lease is lost.
func (e *Engine) work(ctx context.Context, id int64) (hold time.Time) {
	if !e.cfg.Exclusive {
		ok, err := e.st.ClaimWebhook(ctx, id, e.cfg.Node, e.cfg.Now().Add(e.cfg.Lease), e.cfg.Now())
		if err != nil || !ok {
			if err != nil && ctx.Err() == nil {
				e.cfg.Log.Warn("webhook delivery: claiming", "webhook", id, "err", err)
			}
			// Another node delivers it; look again at the next poll.
			return e.cfg.Now().Add(e.cfg.Poll)
		}
		defer e.release(id)
	}
	return e.deliver(ctx, id)
}

// release gives the lease back, even when ctx ended: another node (or this
// one restarted) takes the webhook at once instead of after the lease ran
// out.
func (e *Engine) release(id int64) {
	rctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.st.ReleaseWebhook(rctx, id, e.cfg.Node); err != nil {
		e.cfg.Log.Warn("webhook delivery: releasing", "webhook", id, "err", err)
	}
}

// deliver runs batches of the webhook's queue. After turnBatches it gives
// its slot up (a busy webhook must not keep others waiting for ever); the
// engine starts it again at once when a slot is free.
func (e *Engine) deliver(ctx context.Context, id int64) (hold time.Time) {
	for range turnBatches {
		if ctx.Err() != nil {
			break
		}
		hooks, err := e.st.Webhooks(ctx)
		if err != nil {
			return e.cfg.Now().Add(e.cfg.Poll)
		}
		w := hooks.Get(id)
		if w == nil {
			return time.Time{} // deleted, and its queue with it
		}
		evs, err := e.st.QueuedEvents(ctx, id, e.cfg.Batch)
		if err != nil {
			e.cfg.Log.Warn("webhook delivery: reading the queue", "webhook", id, "err", err)
			return e.cfg.Now().Add(e.cfg.Poll)
		}
		if len(evs) == 0 {
			return time.Time{}
		}
		hold, err = e.run(ctx, w, evs)
		if err != nil {
			if !errors.Is(err, sqlstore.ErrLeaseLost) && ctx.Err() == nil {
				e.cfg.Log.Warn("webhook delivery: settling", "webhook", id, "err", err)
			}
			return e.cfg.Now().Add(e.cfg.Poll)
		}
		if !hold.IsZero() {
			return hold
		}
	}
	return time.Time{}
}

// run attempts evs in order and settles them, a few at a time. It stops at
// the first event that must wait (returned).
func (e *Engine) run(ctx context.Context, w *kopernik.Webhook, evs []sqlstore.OutboxEvent) (time.Time, error) {
	var st sqlstore.Settlement
	lastSettle := e.cfg.Now()
	owner := e.cfg.Node
	if e.cfg.Exclusive {
		owner = ""
	}
	// A settlement is written while the next events are sent; at most one
	// is under way, so at most two settlements' worth of delivered events
	// are sent again after a crash.
	var inFlight chan error
	wait := func() error {
		if inFlight == nil {
			return nil
		}
		err := <-inFlight
		inFlight = nil
		return err
	}
	settle := func(async bool) error {
		if err := wait(); err != nil {
			return err
		}
		done, until := st, e.cfg.Now().Add(e.cfg.Lease)
		st, lastSettle = sqlstore.Settlement{}, e.cfg.Now()
		write := func() error { return e.st.SettleEvents(context.WithoutCancel(ctx), w.ID, owner, until, done) }
		if !async {
			return write()
		}
		inFlight = make(chan error, 1)
		go func() { inFlight <- write() }()
		return nil
	}
	var hold time.Time
	client, err := e.getClient(ctx)
	if err != nil {
		e.cfg.Log.Error("webhook delivery: no client", "err", err)
		return e.cfg.Now().Add(e.cfg.Poll), nil
	}
	// The next events are signed on other cores while a request is under
	// way: signing is most of an attempt's CPU, and the order of sending is
	// unchanged.
	futures := make([]chan prepared, len(evs))
	prepare := func(j int) {
		if j >= len(evs) || futures[j] != nil {
			return
		}
		qe := &evs[j]
		if !qe.NextAt.IsZero() && e.cfg.Now().Before(qe.NextAt) {
			return
		}
		ch := make(chan prepared, 1)
		futures[j] = ch
		go func() {
			ev, err := webhook.UnmarshalEvent(qe.Event)
			if err != nil {
				ch <- prepared{err: err}
				return
			}
			ch <- prepared{ev: ev, pr: client.Prepare(ctx, w.Handler, e.cfg.Encoder.Encode(ev))}
		}()
	}
	for i := range evs {
		qe := &evs[i]
		now := e.cfg.Now()
		if !qe.NextAt.IsZero() && now.Before(qe.NextAt) {
			hold = qe.NextAt
			break
		}
		if ctx.Err() != nil {
			break
		}
		for j := i; j <= i+e.cfg.Lookahead; j++ {
			prepare(j)
		}
		p := <-futures[i]
		if p.err != nil {
			// Unreadable rows are a fault of the store; nothing would ever
			// read them, so they are given up and logged.
			e.cfg.Log.Error("webhook delivery: unreadable event dropped", "webhook", w.ID, "event", qe.ID, "err", p.err)
			st.Failed = append(st.Failed, qe.ID)
			continue
		}
		pr := p.pr
		if e.cfg.Now().Sub(pr.At()) > time.Second {
			// Signed while a slow request was under way: receivers refuse an
			// old Date, so it is signed again.
			pr = client.Prepare(ctx, w.Handler, e.cfg.Encoder.Encode(p.ev))
		}
		res := client.Send(pr)
		end := e.cfg.Now()
		if ctx.Err() != nil && res.Outcome() != webhook.Success {
			break // shutting down: the attempt did not finish, it is not counted
		}
		attempt := qe.Attempts + 1
		d := e.cfg.Policy.Decide(attempt, res, end)
		if e.cfg.Observe != nil {
			a := Attempt{Webhook: w.ID, Outcome: d.Outcome, Retry: d.Retry}
			if !res.Sent.IsZero() {
				a.Duration = end.Sub(res.Sent)
			}
			e.cfg.Observe(a)
		}
		switch {
		case d.Outcome == webhook.Success:
			st.Delivered = append(st.Delivered, qe.ID)
		case d.Retry:
			e.logFailure(w, qe.ID, attempt, res, d)
			st.Retry = &sqlstore.OutboxEvent{ID: qe.ID, Attempts: attempt, NextAt: d.At}
			hold = d.At
		default:
			e.logFailure(w, qe.ID, attempt, res, d)
			st.Failed = append(st.Failed, qe.ID)
		}
		if st.Retry != nil {
			break
		}
		if len(st.Delivered)+len(st.Failed) >= e.cfg.SettleEvery || end.Sub(lastSettle) >= time.Second {
			if err := settle(true); err != nil {
				return time.Time{}, err
			}
		}
	}
	if err := settle(false); err != nil {
		return time.Time{}, err
	}
	return hold, nil
}

// prepared is an event read and signed ahead of its turn.
type prepared struct {
	ev  *webhook.Event
	pr  *webhook.Prepared
	err error
}

// logFailure writes the entry of spec §7 for a failed attempt: time,
// response status (0 without one), recipient IP and response header.
func (e *Engine) logFailure(w *kopernik.Webhook, event int64, attempt int, res webhook.Result, d webhook.Decision) {
	rec := res.Record()
	attrs := []any{"webhook", w.ID, "handler", w.Handler, "event", event, "attempt", attempt,
		"time", rec.Time.UTC().Format(time.RFC3339), "response", rec.Status, "recipient", rec.RemoteIP,
		"header", rec.Header, "outcome", d.Outcome.String()}
	if rec.Error != "" {
		attrs = append(attrs, "error", rec.Error)
	}
	if d.Retry {
		e.cfg.Log.Warn("webhook delivery failed; will retry", append(attrs, "retry_at", d.At.UTC().Format(time.RFC3339))...)
		return
	}
	e.cfg.Log.Warn("webhook delivery failed; event dropped", attrs...)
}

func (e *Engine) getClient(ctx context.Context) (*webhook.Client, error) {
	e.clientMu.Lock()
	defer e.clientMu.Unlock()
	if e.client == nil {
		c, err := e.cfg.Client(ctx)
		if err != nil {
			return nil, err
		}
		e.client = c
	}
	return e.client, nil
}

// Step looks at every queue once and waits for the workers it started: a
// test drives the engine with it, and a test clock, instead of Run.
func (e *Engine) Step(ctx context.Context) {
	e.dispatch(ctx)
	e.wg.Wait()
}
