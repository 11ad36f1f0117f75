package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/webhook"
)

// queued reads a webhook's queue as "type profile/subprofile caller" lines.
func queued(t *testing.T, st *sqlstore.Store, id int64) []string {
	t.Helper()
	var out []string
	for _, qe := range must(st.QueuedEvents(ctx, id, 1000)) {
		ev := must(webhook.UnmarshalEvent(qe.Event))
		out = append(out, fmt.Sprintf("%s %d/%d %s", ev.Type, ev.Profile, ev.Subprofile, ev.Caller))
	}
	return out
}

func wantQueued(t *testing.T, st *sqlstore.Store, id int64, want ...string) {
	t.Helper()
	if got := queued(t, st, id); !slices.Equal(got, want) {
		t.Fatalf("webhook %d queued %q; want %q", id, got, want)
	}
}

// testWebhookOutbox: every change queues one event per webhook whose
// trigger, scope and callers admit it, in the change's transaction and in
// change order; a change of nothing queues nothing; removing a profile
// queues its subprofiles' deletes first; deleting a webhook discards its
// queue (webhooks.md §3.4, §3.6, §4.1, §4.2).
func testWebhookOutbox(t *testing.T, s kopernik.Store) {
	st := observable(t, s)
	db, _ := fixture(t, s)
	coll := must(s.CreateCollection(ctx, db, kopernik.CollectionInput{Name: str("Orders")}))
	must(s.CreateField(ctx, kopernik.CollectionOwner(coll), kopernik.FieldInput{Name: str("Total")}))
	other := must(s.CreateDatabase(ctx, kopernik.DatabaseInput{Name: str("Other")}))
	hook := func(w kopernik.Webhook) int64 {
		w.Handler = "https://hooks.example.org/in"
		return must(s.CreateWebhook(ctx, w))
	}
	all := hook(kopernik.Webhook{Trigger: "create"})
	upd := hook(kopernik.Webhook{Trigger: "update", Database: db})
	del := hook(kopernik.Webhook{Trigger: "delete"})
	sub := hook(kopernik.Webhook{Trigger: "create", Collection: coll})
	imp := hook(kopernik.Webhook{Trigger: "create", Callers: []string{"import"}})
	elsewhere := hook(kopernik.Webhook{Trigger: "update", Database: other})
	click := hook(kopernik.Webhook{Trigger: "click"})
	if got := catalog(t, s).Webhooks.All(); len(got) != 7 || got[0].ID != all || !slices.Equal(got[4].Callers, []string{"import"}) || got[1].Database != db {
		t.Fatalf("catalog webhooks %+v", got)
	}

	p := create(t, s, db, "LastName", "Muit")
	pi := must(s.CreateEntity(kopernik.WithCaller(ctx, kopernik.CallerImport), kopernik.DatabaseOwner(db), 0,
		kopernik.EntityInput{Fields: fields("LastName", "Imported")}))
	must(0, s.UpdateEntity(ctx, kopernik.OwnerDatabase, p, kopernik.EntityInput{Fields: fields("LastName", "Muit")}))
	must(0, s.UpdateEntity(ctx, kopernik.OwnerDatabase, p, kopernik.EntityInput{Fields: fields("LastName", "Jansen")}))
	sp := must(s.CreateEntity(ctx, kopernik.CollectionOwner(coll), p, kopernik.EntityInput{Fields: fields("Total", "12")}))
	must(0, s.DeleteEntity(ctx, kopernik.OwnerDatabase, p))

	wantQueued(t, st, all, fmt.Sprintf("create %d/0 rest", p), fmt.Sprintf("create %d/0 import", pi), fmt.Sprintf("create %d/%d rest", p, sp))
	wantQueued(t, st, upd, fmt.Sprintf("update %d/0 rest", p)) // the update of nothing queued nothing
	wantQueued(t, st, del, fmt.Sprintf("delete %d/%d rest", p, sp), fmt.Sprintf("delete %d/0 rest", p))
	wantQueued(t, st, sub, fmt.Sprintf("create %d/%d rest", p, sp))
	wantQueued(t, st, imp, fmt.Sprintf("create %d/0 import", pi))
	wantQueued(t, st, elsewhere)
	wantQueued(t, st, click)

	// The event carries what the payload needs, names resolved now.
	qe := must(st.QueuedEvents(ctx, upd, 1))[0]
	ev := must(webhook.UnmarshalEvent(qe.Event))
	if ev.Database != db || !slices.Contains(ev.Fields, webhook.Pair{Name: "LastName", Value: "Jansen"}) ||
		!slices.Equal(ev.Parameters, []webhook.Pair{{Name: "LastName", Value: "Jansen"}}) || ev.Modified == "" || ev.Created == "" {
		t.Fatalf("update event %+v", ev)
	}
	qe = must(st.QueuedEvents(ctx, del, 2))[1]
	ev = must(webhook.UnmarshalEvent(qe.Event))
	if !slices.Contains(ev.Fields, webhook.Pair{Name: "LastName", Value: "Jansen"}) || ev.Parameters != nil {
		t.Fatalf("delete event %+v: want the values the profile had", ev)
	}
	if got := must(s.WebhookStats(ctx, del)); got.Pending != 2 || got.Delivered != 0 {
		t.Fatalf("stats %+v", got)
	}

	// An update changes the definition; a delete discards the queue.
	must(0, s.UpdateWebhook(ctx, kopernik.Webhook{ID: upd, Handler: "http://other.example.org/", Trigger: "update"}))
	if w := catalog(t, s).Webhooks.Get(upd); w.Handler != "http://other.example.org/" || w.Database != 0 {
		t.Fatalf("updated webhook %+v", w)
	}
	must(0, s.DeleteWebhook(ctx, del))
	if catalog(t, s).Webhooks.Get(del) != nil {
		t.Fatal("deleted webhook still in the catalog")
	}
	wantQueued(t, st, del)
	wantErr(t, s.DeleteWebhook(ctx, del), kopernik.MsgNoWebhook)
	_, err := s.WebhookStats(ctx, del)
	wantErr(t, err, kopernik.MsgNoWebhook)
	_, err = s.CreateWebhook(ctx, kopernik.Webhook{Handler: "https://x.example.org/", Trigger: "create", Database: 999999})
	wantErr(t, err, kopernik.MsgNoDatabase)
}

// testWebhookLeases: one node at a time holds a webhook; a lease that ran
// out can be taken over, and the node that lost it hears so when it
// settles; settling removes delivered and failed events and counts them.
func testWebhookLeases(t *testing.T, s kopernik.Store) {
	st := observable(t, s)
	db, _ := fixture(t, s)
	w := must(s.CreateWebhook(ctx, kopernik.Webhook{Handler: "https://hooks.example.org/in", Trigger: "create"}))
	for range 3 {
		create(t, s, db, "LastName", "x")
	}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	claim := func(node string, now time.Time) bool {
		return must(st.ClaimWebhook(ctx, w, node, now.Add(10*time.Second), now))
	}
	if !claim("a", t0) || claim("b", t0.Add(5*time.Second)) || !claim("a", t0.Add(6*time.Second)) {
		t.Fatal("a lease held by a was taken, or a could not renew it")
	}
	if claim("b", t0.Add(15*time.Second)) {
		t.Fatal("b took a lease a renewed until t0+16s")
	}
	if !claim("b", t0.Add(17*time.Second)) {
		t.Fatal("b could not take a lease that ran out")
	}
	evs := must(st.QueuedEvents(ctx, w, 10))
	if len(evs) != 3 || evs[0].ID >= evs[1].ID {
		t.Fatalf("queue %+v", evs)
	}
	err := st.SettleEvents(ctx, w, "a", t0.Add(time.Minute), sqlstore.Settlement{Delivered: []int64{evs[0].ID}})
	if !errors.Is(err, sqlstore.ErrLeaseLost) {
		t.Fatalf("a settled without its lease: %v", err)
	}
	retry := &sqlstore.OutboxEvent{ID: evs[2].ID, Attempts: 1, NextAt: t0.Add(time.Minute)}
	must(0, st.SettleEvents(ctx, w, "b", t0.Add(time.Minute), sqlstore.Settlement{Failed: []int64{evs[1].ID}, Retry: retry}))
	left := must(st.QueuedEvents(ctx, w, 10))
	if len(left) != 1 || left[0].ID != evs[2].ID || left[0].Attempts != 1 || !left[0].NextAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("queue after settling %+v", left)
	}
	if got := must(s.WebhookStats(ctx, w)); got != (kopernik.WebhookStats{Delivered: 1, Failed: 1, Retried: 1, Pending: 1}) {
		t.Fatalf("stats %+v", got)
	}
	must(0, st.ReleaseWebhook(ctx, w, "b"))
	if !claim("c", t0.Add(18*time.Second)) {
		t.Fatal("a released lease could not be taken")
	}
}
