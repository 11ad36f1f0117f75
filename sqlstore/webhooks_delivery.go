package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/kopernik/kopernik"
)

// What the delivery engine (package webhook/delivery) needs from the store.
// A node delivers a webhook's events only while it holds the webhook's lease
// in webhook_state; the lease is taken with a conditional UPDATE, so on a
// shared PostgreSQL store two nodes never hold one webhook at once (the
// single-row form of FOR UPDATE SKIP LOCKED), and a node that dies leaves a
// lease that runs out instead of events stranded with it.

// OutboxEvent is one queued event of one webhook.
type OutboxEvent struct {
	ID       int64
	Webhook  int64
	Event    []byte
	Attempts int
	NextAt   time.Time // zero: due now
}

// ClaimWebhook takes the webhook's lease for owner until until, if nobody
// else holds it at now. It reports whether owner holds it afterwards.
func (s *Store) ClaimWebhook(ctx context.Context, id int64, owner string, until, now time.Time) (bool, error) {
	var n int64
	err := s.write(ctx, func(t *Tx) error {
		res, err := t.Exec(`UPDATE webhook_state SET lease_owner = ?, lease_until = ?
			WHERE webhook_id = ? AND (lease_owner = '' OR lease_owner = ? OR lease_until < ?)`,
			owner, until.UnixMilli(), id, owner, now.UnixMilli())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, err
}

// ReleaseWebhook gives the lease up, if owner still holds it.
func (s *Store) ReleaseWebhook(ctx context.Context, id int64, owner string) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.Exec(`UPDATE webhook_state SET lease_owner = '', lease_until = 0 WHERE webhook_id = ? AND lease_owner = ?`, id, owner)
		return err
	})
}

// QueuedEvents reads the first limit events of a webhook, in event order.
func (s *Store) QueuedEvents(ctx context.Context, id int64, limit int) ([]OutboxEvent, error) {
	rows, err := s.query(ctx, `SELECT id, event, attempts, next_at FROM webhook_outbox WHERE webhook_id = ? ORDER BY id LIMIT ?`, id, limit)
	if err != nil {
		return nil, err
	}
	var out []OutboxEvent
	for rows.Next() {
		e := OutboxEvent{Webhook: id}
		var data string
		var next int64
		if err := rows.Scan(&e.ID, &data, &e.Attempts, &next); err != nil {
			rows.Close()
			return nil, err
		}
		e.Event = []byte(data)
		if next != 0 {
			e.NextAt = time.UnixMilli(next)
		}
		out = append(out, e)
	}
	return out, closeRows(rows)
}

// Settlement is what a run of attempts decided about a webhook's events.
type Settlement struct {
	Delivered []int64 // accepted: removed from the queue
	Failed    []int64 // given up: removed from the queue
	// Retry, when set, holds the head event back until its NextAt, with its
	// attempt count.
	Retry *OutboxEvent
}

func (st *Settlement) empty() bool {
	return len(st.Delivered) == 0 && len(st.Failed) == 0 && st.Retry == nil
}

// ErrLeaseLost says another node took the webhook over: the lease had run
// out. What was settled is still written; the caller stops delivering.
var ErrLeaseLost = errors.New("webhook lease lost")

// SettleEvents writes a settlement and the counters in one transaction and
// extends owner's lease until until; owner "" holds no lease.
func (s *Store) SettleEvents(ctx context.Context, id int64, owner string, until time.Time, st Settlement) error {
	var lost bool
	err := s.write(ctx, func(t *Tx) error {
		lost = false
		for _, ids := range [][]int64{st.Delivered, st.Failed} {
			for _, eid := range ids {
				// The webhook too: on SQLite the id of a row deleted with its
				// webhook can be taken by another webhook's event.
				if _, err := t.Exec(`DELETE FROM webhook_outbox WHERE id = ? AND webhook_id = ?`, eid, id); err != nil {
					return err
				}
			}
		}
		retried := 0
		if r := st.Retry; r != nil {
			retried = 1
			if _, err := t.Exec(`UPDATE webhook_outbox SET attempts = ?, next_at = ? WHERE id = ? AND webhook_id = ?`,
				r.Attempts, r.NextAt.UnixMilli(), r.ID, id); err != nil {
				return err
			}
		}
		if !st.empty() {
			if _, err := t.Exec(`UPDATE webhook_state SET delivered = delivered + ?, failed = failed + ?, retried = retried + ?
				WHERE webhook_id = ?`, len(st.Delivered), len(st.Failed), retried, id); err != nil {
				return err
			}
		}
		if owner == "" {
			return nil // no lease: the only process on the store (see delivery.Config.Exclusive)
		}
		res, err := t.Exec(`UPDATE webhook_state SET lease_until = ? WHERE webhook_id = ? AND lease_owner = ?`,
			until.UnixMilli(), id, owner)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		lost = n == 0
		return err
	})
	if err == nil && lost {
		err = ErrLeaseLost
	}
	return err
}

// WebhookBacklog counts the queued events of every webhook, up to limit, so
// that a scrape of a huge backlog stays cheap.
func (s *Store) WebhookBacklog(ctx context.Context, limit int) (int64, error) {
	var n int64
	err := s.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM webhook_outbox LIMIT ?) AS q`, limit).Scan(&n)
	return n, err
}

// WebhookKey returns the PEM private key webhooks are signed with when the
// configuration names none, generating it with gen on first use. It is kept
// in the store so that every node of a shared store signs alike.
func (s *Store) WebhookKey(ctx context.Context, gen func() ([]byte, error)) ([]byte, error) {
	var v string
	err := s.queryRow(ctx, `SELECT value FROM meta WHERE key = 'webhook_key'`).Scan(&v)
	if err == nil {
		return []byte(v), nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	pem, err := gen()
	if err != nil {
		return nil, err
	}
	// Two nodes may generate at once; the first one stored wins for both.
	if err := s.write(ctx, func(t *Tx) error {
		_, err := t.Exec(`INSERT INTO meta (key, value) VALUES ('webhook_key', ?) ON CONFLICT (key) DO NOTHING`, string(pem))
		return err
	}); err != nil {
		return nil, err
	}
	if err := s.queryRow(ctx, `SELECT value FROM meta WHERE key = 'webhook_key'`).Scan(&v); err != nil {
		return nil, err
	}
	return []byte(v), nil
}

// Webhooks returns the webhook definitions of the current catalog.
func (s *Store) Webhooks(ctx context.Context) (*kopernik.WebhookSet, error) {
	cat, err := s.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	return cat.Webhooks, nil
}
