package kopernik

import (
	"context"
	"time"
)

// Webhook is an account-level subscription: "POST events of this kind to this
// URL". The rules that make one valid, decide which events reach it and how
// they travel live in package webhook; this is only the stored shape.
type Webhook struct {
	ID      int64
	Handler string // absolute http(s) URL
	Trigger string // create, update, delete, or a mailing trigger that never fires here
	// Callers limits the origins of the events delivered; empty admits every caller.
	Callers []string
	// Database and Collection limit the scope; 0 means unset.
	Database   int64
	Collection int64
	Created    time.Time
}

// WebhookStore keeps webhook definitions and reports their delivery state.
// Definitions are structure: they live in the catalog snapshot
// (Catalog.Webhooks), so reads need no method here.
type WebhookStore interface {
	// CreateWebhook stores a validated webhook and returns its ID.
	CreateWebhook(ctx context.Context, w Webhook) (int64, error)
	// UpdateWebhook replaces the stored definition with ID w.ID.
	UpdateWebhook(ctx context.Context, w Webhook) error
	// DeleteWebhook removes a webhook and discards its queued events.
	DeleteWebhook(ctx context.Context, id int64) error
	// WebhookStats reads the delivery counters of one webhook.
	WebhookStats(ctx context.Context, id int64) (WebhookStats, error)
}

// WebhookStats counts the deliveries of one webhook since it was created.
type WebhookStats struct {
	Delivered int64 // events a receiver accepted (2xx)
	Failed    int64 // events given up: a permanent refusal or the retry schedule exhausted
	Retried   int64 // attempts that failed temporarily and were scheduled again
	Pending   int64 // events queued now, waiting or being retried
}

// WebhookSet is the webhooks of a catalog snapshot, in ID order. Its methods
// take a nil receiver as the empty set, so a snapshot without webhooks costs
// the writer one nil check per change.
type WebhookSet struct {
	list []*Webhook
	byID map[int64]*Webhook
}

// NewWebhookSet indexes hooks, which must be in ID order; nil for none.
func NewWebhookSet(hooks []*Webhook) *WebhookSet {
	if len(hooks) == 0 {
		return nil
	}
	s := &WebhookSet{list: hooks, byID: make(map[int64]*Webhook, len(hooks))}
	for _, w := range hooks {
		s.byID[w.ID] = w
	}
	return s
}

// All lists the webhooks in ID order.
func (s *WebhookSet) All() []*Webhook {
	if s == nil {
		return nil
	}
	return s.list
}

// Get finds a webhook by ID.
func (s *WebhookSet) Get(id int64) *Webhook {
	if s == nil {
		return nil
	}
	return s.byID[id]
}

// MayFire reports whether some webhook could take a change of this kind to
// an entity of owner: the trigger and scope agree (callers are left to the
// full match). It allocates nothing, so the writer can ask it for every
// change before it builds what the change looks like.
func (s *WebhookSet) MayFire(kind ChangeKind, o Owner) bool {
	if s == nil {
		return false
	}
	trigger := kind.String()
	for _, w := range s.list {
		if w.Trigger != trigger {
			continue
		}
		switch {
		case w.Collection != 0:
			if o.Kind == OwnerCollection && o.ID == w.Collection {
				return true
			}
		case w.Database != 0:
			if o.Kind == OwnerDatabase && o.ID == w.Database {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// MsgNoWebhook answers a webhook ID that does not exist. Copernica documents
// none; it follows the style of its other not-found messages.
const MsgNoWebhook = "No webhook with supplied ID"
