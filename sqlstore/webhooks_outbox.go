package sqlstore

import (
	"sync/atomic"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
	"github.com/kopernik/kopernik/webhook"
)

// The outbox observer queues one row per matching webhook for every change,
// in the change's own transaction: an event exists exactly when its write
// committed, and a crash can lose neither. It is registered by New, so every
// process that writes (the server, the CLI, imports) queues events.

// registerOutbox is called once by New.
func (s *Store) registerOutbox() {
	s.ObserveIf(wantsWebhookEvent, s.queueWebhookEvents)
}

// wantsWebhookEvent is the writer's fast path: with no webhook whose trigger
// and scope could take the change, nothing of it is built.
func wantsWebhookEvent(t *Tx, kind kopernik.ChangeKind, o kopernik.Owner) bool {
	return t.Cat.Webhooks.MayFire(kind, o)
}

func (s *Store) queueWebhookEvents(t *Tx, c *kopernik.Change) error {
	ev := s.webhookEvent(t.Cat, c)
	var data []byte
	for _, w := range t.Cat.Webhooks.All() {
		if !webhook.Matches(w, ev) {
			continue
		}
		if data == nil {
			data = webhook.MarshalEvent(ev)
		}
		if _, err := t.Exec(`INSERT INTO webhook_outbox (webhook_id, event) VALUES (?, ?)`, w.ID, string(data)); err != nil {
			return err
		}
	}
	if data != nil {
		t.AfterCommit(s.wakeWebhooks)
	}
	return nil
}

// webhookEvent is c as webhooks see it, names resolved against cat.
func (s *Store) webhookEvent(cat *kopernik.Catalog, c *kopernik.Change) *webhook.Event {
	e := c.Entity
	at, err := time.ParseInLocation("2006-01-02 15:04:05", c.At, s.clk.Loc)
	if err != nil {
		at = s.now()
	}
	ev := &webhook.Event{Type: c.Kind.String(), Caller: c.Caller, At: at,
		Fields: webhook.FieldPairs(cat.Fields(e.Owner), e.Values)}
	if e.Owner.Kind == kopernik.OwnerDatabase {
		ev.Database, ev.Profile = e.Owner.ID, e.ID
		if c.Kind != kopernik.ChangeDelete {
			ev.Interests = webhook.InterestNames(cat.Database(e.Owner.ID), e.Interests)
		}
	} else {
		ev.Collection, ev.Profile, ev.Subprofile = e.Owner.ID, e.ProfileID, e.ID
		if coll := cat.Collection(e.Owner.ID); coll != nil {
			ev.Database = coll.DatabaseID
		}
	}
	if c.Kind != kopernik.ChangeDelete {
		ev.Created, ev.Modified = e.Created, e.Modified
		if p := c.Params; p != nil {
			ev.Parameters = appendParams(ev.Parameters, p.Fields)
			ev.Parameters = appendParams(ev.Parameters, p.Interests)
		}
	}
	return ev
}

func appendParams(out []webhook.Pair, m *kopernik.Map) []webhook.Pair {
	for i := 0; i < m.Len(); i++ {
		out = append(out, webhook.Pair{Name: m.Keys[i], Value: values.Text(m.Values[i])})
	}
	return out
}

// OnWebhookEvents sets what runs after every commit that queued webhook
// events: the delivery engine's wake-up. It must not block.
func (s *Store) OnWebhookEvents(f func()) { s.webhookWake.Store(&f) }

func (s *Store) wakeWebhooks() {
	if f := s.webhookWake.Load(); f != nil {
		(*f)()
	}
}

// webhookWaker is the field OnWebhookEvents sets.
type webhookWaker = atomic.Pointer[func()]
