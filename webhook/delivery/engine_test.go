package delivery

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/webhook"
)

var ctx = context.Background()

// clock is a test clock the engine and the policy read.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// receiver is a loopback handler URL that records what it gets and answers
// with the statuses queued in answers (200 once they run out).
type receiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	got      []url.Values
	headers  []http.Header
	answers  []int
	inFlight atomic.Int32
	overlap  atomic.Bool
}

func newReceiver(t *testing.T, answers ...int) *receiver {
	r := &receiver{answers: answers}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.inFlight.Add(1) > 1 {
			r.overlap.Store(true)
		}
		defer r.inFlight.Add(-1)
		body, _ := io.ReadAll(req.Body)
		vals, _ := url.ParseQuery(string(body))
		sum := sha256.Sum256(body)
		if req.Header.Get("Digest") != "SHA-256="+base64.StdEncoding.EncodeToString(sum[:]) {
			vals.Set("bad-digest", "1")
		}
		r.mu.Lock()
		r.got = append(r.got, vals)
		r.headers = append(r.headers, req.Header.Clone())
		status := 200
		if len(r.answers) > 0 {
			status, r.answers = r.answers[0], r.answers[1:]
		}
		r.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) count() int { r.mu.Lock(); defer r.mu.Unlock(); return len(r.got) }

// setup opens a real SQLite store with a database and one webhook to rcv,
// and an engine on a test clock with a signing key.
func setup(t *testing.T, rcv *receiver, trigger string, policy webhook.Policy) (*sqlstore.Store, *Engine, *clock, int64, int64) {
	t.Helper()
	st, err := sqlite.Open(ctx, sqlite.Config{Dir: t.TempDir(), Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	name := "Shop"
	db, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	fname := "email"
	if _, err := st.CreateField(ctx, kopernik.DatabaseOwner(db), kopernik.FieldInput{Name: &fname}); err != nil {
		t.Fatal(err)
	}
	w, err := st.CreateWebhook(ctx, kopernik.Webhook{Handler: rcv.srv.URL + "/hook?x=1", Trigger: trigger})
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	key := testKey(t)
	client := webhook.NewClient(webhook.ClientConfig{Timeout: 5 * time.Second, Now: clk.Now,
		Signer: &webhook.Signer{Key: key, CopernicaID: webhook.AccountHeader("1")}})
	e := New(st, Config{
		Client: func(context.Context) (*webhook.Client, error) { return client, nil },
		Policy: policy,
		Now:    clk.Now,
		Poll:   time.Hour, // only Step drives it
		Log:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Node:   "test",
	})
	return st, e, clk, db, w
}

var (
	keyOnce sync.Once
	key     webhook.Key
)

func testKey(t *testing.T) webhook.Key {
	keyOnce.Do(func() {
		k, err := webhook.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		key = webhook.Key{ID: webhook.DefaultKeyID, Private: k}
	})
	return key
}

func createProfile(t *testing.T, st *sqlstore.Store, db int64, email string) int64 {
	t.Helper()
	m := &kopernik.Map{}
	m.Set("email", email)
	id, err := st.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{Fields: m})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func stats(t *testing.T, st *sqlstore.Store, w int64) kopernik.WebhookStats {
	t.Helper()
	s, err := st.WebhookStats(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestW7_DeliversInEventOrderOneAtATime: the events of one webhook reach
// the receiver in the order of their changes, never two at once, each
// signed with its own nonce; delivered events leave the queue and are
// counted.
func TestW7_DeliversInEventOrderOneAtATime(t *testing.T) {
	rcv := newReceiver(t)
	st, e, _, db, w := setup(t, rcv, "create", webhook.Policy{})
	var ids []int64
	for i := range 40 {
		ids = append(ids, createProfile(t, st, db, "p"+string(rune('a'+i%26))+"@example.org"))
	}
	e.Step(ctx)
	if rcv.count() != len(ids) {
		t.Fatalf("%d deliveries; want %d", rcv.count(), len(ids))
	}
	nonces := map[string]bool{}
	for i, v := range rcv.got {
		if v.Get("profile") != idStr(ids[i]) || v.Get("type") != "create" || v.Get("bad-digest") != "" {
			t.Fatalf("delivery %d: %v; want profile %d in order, with a matching digest", i, v, ids[i])
		}
		h := rcv.headers[i]
		if h.Get("Signature") == "" || nonces[h.Get("X-Nonce")] || h.Get("X-Copernica-Id") != "account-1" {
			t.Fatalf("delivery %d headers %v", i, h)
		}
		nonces[h.Get("X-Nonce")] = true
	}
	if rcv.overlap.Load() {
		t.Fatal("two requests of one webhook were in flight at once")
	}
	if got := stats(t, st, w); got != (kopernik.WebhookStats{Delivered: int64(len(ids))}) {
		t.Fatalf("stats %+v", got)
	}
}

// TestW7_RetrySchedule: a temporary failure holds the event (and the
// webhook's later events) back for the schedule's wait — 1 min, then 5 min —
// each attempt signed afresh; the event is delivered once the receiver
// accepts, and the retries are counted.
func TestW7_RetrySchedule(t *testing.T) {
	rcv := newReceiver(t, 503, 500)
	st, e, clk, db, w := setup(t, rcv, "create", webhook.Policy{})
	p1 := createProfile(t, st, db, "a@example.org")
	p2 := createProfile(t, st, db, "b@example.org")
	step := func(advance time.Duration, wantCount int) {
		t.Helper()
		clk.add(advance)
		e.Step(ctx)
		if got := rcv.count(); got != wantCount {
			t.Fatalf("after +%v: %d attempts; want %d", advance, got, wantCount)
		}
	}
	step(0, 1)
	q, _ := st.QueuedEvents(ctx, w, 10)
	if len(q) != 2 || q[0].Attempts != 1 || !q[0].NextAt.Equal(clk.Now().Add(time.Minute)) {
		t.Fatalf("queue after a 503: %+v", q)
	}
	step(59*time.Second, 1)
	step(time.Second, 2) // one minute after the first attempt
	step(4*time.Minute+59*time.Second, 2)
	step(time.Second, 4) // five minutes later: accepted, then the held second event
	if rcv.got[3].Get("profile") != idStr(p2) || rcv.got[2].Get("profile") != idStr(p1) {
		t.Fatalf("order after retries: %v", rcv.got)
	}
	d0, d2 := rcv.headers[0].Get("Date"), rcv.headers[2].Get("Date")
	if d0 == d2 || rcv.headers[0].Get("X-Nonce") == rcv.headers[2].Get("X-Nonce") || rcv.headers[0].Get("Digest") != rcv.headers[2].Get("Digest") {
		t.Fatalf("retry not signed afresh: %v / %v", rcv.headers[0], rcv.headers[2])
	}
	if got := stats(t, st, w); got != (kopernik.WebhookStats{Delivered: 2, Retried: 2}) {
		t.Fatalf("stats %+v", got)
	}
}

// TestW7_PermanentFailuresAndExhaustedRetriesDrop: a 4xx drops the event at
// once and the next one follows; a temporary failure after the last step of
// the schedule drops it too. Both count as failed.
func TestW7_PermanentFailuresAndExhaustedRetriesDrop(t *testing.T) {
	rcv := newReceiver(t, 404, 503, 503)
	st, e, clk, db, w := setup(t, rcv, "create", webhook.Policy{Schedule: []time.Duration{time.Minute}})
	createProfile(t, st, db, "a@example.org")
	createProfile(t, st, db, "b@example.org")
	e.Step(ctx) // 404 drops the first; 503 holds the second
	if rcv.count() != 2 {
		t.Fatalf("%d attempts; want 2", rcv.count())
	}
	clk.add(time.Minute)
	e.Step(ctx) // 503 again, and the schedule has no step left
	if got := stats(t, st, w); got != (kopernik.WebhookStats{Failed: 2, Retried: 1}) {
		t.Fatalf("stats %+v", got)
	}
}

// TestW7_RedirectIsNotFollowed: a 3xx is a temporary failure; the location
// it names is never called.
func TestW7_RedirectIsNotFollowed(t *testing.T) {
	elsewhere := newReceiver(t)
	rcv := newReceiver(t)
	rcv.srv.Config.Handler = http.RedirectHandler(elsewhere.srv.URL, http.StatusTemporaryRedirect)
	st, e, _, db, w := setup(t, rcv, "create", webhook.Policy{})
	createProfile(t, st, db, "a@example.org")
	e.Step(ctx)
	if elsewhere.count() != 0 {
		t.Fatal("the redirect was followed")
	}
	if got := stats(t, st, w); got != (kopernik.WebhookStats{Retried: 1, Pending: 1}) {
		t.Fatalf("stats %+v", got)
	}
}

// TestW7_HangingReceiverHoldsOnlyItsWebhook: a receiver that never answers
// is cut off by the attempt timeout and retried later, while another
// webhook's events are delivered meanwhile.
func TestW7_HangingReceiverHoldsOnlyItsWebhook(t *testing.T) {
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hang.Close()
	defer close(release)
	rcv := newReceiver(t)
	st, e, _, db, fast := setup(t, rcv, "create", webhook.Policy{})
	slow, err := st.CreateWebhook(ctx, kopernik.Webhook{Handler: hang.URL, Trigger: "create"})
	if err != nil {
		t.Fatal(err)
	}
	client := webhook.NewClient(webhook.ClientConfig{Timeout: 300 * time.Millisecond})
	e.cfg.Client = func(context.Context) (*webhook.Client, error) { return client, nil }
	createProfile(t, st, db, "a@example.org")
	e.Step(ctx)
	if got := stats(t, st, fast); got.Delivered != 1 {
		t.Fatalf("fast webhook %+v", got)
	}
	if got := stats(t, st, slow); got != (kopernik.WebhookStats{Retried: 1, Pending: 1}) {
		t.Fatalf("hanging webhook %+v", got)
	}
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// TestW7_BusyWebhooksTakeTurns: with one worker slot and two webhooks that
// always have events, neither waits for the other's queue to run dry: a
// worker gives its slot up after a bounded number of batches and the next
// look starts at the other webhook.
func TestW7_BusyWebhooksTakeTurns(t *testing.T) {
	rcvA, rcvB := newReceiver(t), newReceiver(t)
	st, e, _, db, _ := setup(t, rcvA, "create", webhook.Policy{})
	if _, err := st.CreateWebhook(ctx, kopernik.Webhook{Handler: rcvB.srv.URL, Trigger: "create"}); err != nil {
		t.Fatal(err)
	}
	e.cfg.Workers, e.cfg.Batch = 1, 1
	e.slots = make(chan struct{}, 1)
	for i := range 3 * turnBatches {
		createProfile(t, st, db, "p"+strconv.Itoa(i)+"@example.org")
	}
	e.Step(ctx)
	e.Step(ctx)
	if rcvA.count() != turnBatches || rcvB.count() != turnBatches {
		t.Fatalf("after two looks: %d and %d deliveries; want %d each", rcvA.count(), rcvB.count(), turnBatches)
	}
}
