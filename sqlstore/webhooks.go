package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/kopernik/kopernik"
)

// Webhook definitions are structure (webhooks.md §2): every change is a
// structure job that bumps the catalog version, so every node's snapshot and
// the outbox observer inside each write see the same set.

// loadWebhooks reads every definition for the catalog snapshot.
func (s *Store) loadWebhooks(ctx context.Context, q querier) (*kopernik.WebhookSet, error) {
	hooks, err := scanAll(ctx, q, `SELECT id, handler, trigger_name, callers, database_id, collection_id, created
		FROM webhooks ORDER BY id`, s.scanWebhook)
	if err != nil {
		return nil, err
	}
	return kopernik.NewWebhookSet(hooks), nil
}

func (s *Store) scanWebhook(rows *sql.Rows) (*kopernik.Webhook, error) {
	w := &kopernik.Webhook{}
	var callers, created string
	err := rows.Scan(&w.ID, &w.Handler, &w.Trigger, &callers, &w.Database, &w.Collection, &created)
	if callers != "" {
		w.Callers = strings.Split(callers, ",")
	}
	w.Created = s.parseStamp(created)
	return w, err
}

func (s *Store) CreateWebhook(ctx context.Context, w kopernik.Webhook) (int64, error) {
	var id int64
	err := s.writeDDL(ctx, func(t *Tx) error {
		if err := t.checkWebhookScope(w); err != nil {
			return err
		}
		var err error
		id, err = t.insertID(`INSERT INTO webhooks (handler, trigger_name, callers, database_id, collection_id, created)
			VALUES (?, ?, ?, ?, ?, ?)`, w.Handler, w.Trigger, strings.Join(w.Callers, ","), w.Database, w.Collection,
			kopernik.Stamp(t.s.now()))
		if err != nil {
			return err
		}
		if _, err := t.Exec(`INSERT INTO webhook_state (webhook_id) VALUES (?)`, id); err != nil {
			return err
		}
		return t.bumpCatalog()
	})
	return id, err
}

func (s *Store) UpdateWebhook(ctx context.Context, w kopernik.Webhook) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		if t.Cat.Webhooks.Get(w.ID) == nil {
			return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoWebhook)
		}
		if err := t.checkWebhookScope(w); err != nil {
			return err
		}
		if _, err := t.Exec(`UPDATE webhooks SET handler = ?, trigger_name = ?, callers = ?, database_id = ?, collection_id = ?
			WHERE id = ?`, w.Handler, w.Trigger, strings.Join(w.Callers, ","), w.Database, w.Collection, w.ID); err != nil {
			return err
		}
		return t.bumpCatalog()
	})
}

// DeleteWebhook discards the queued events with the webhook (§3.4): nobody
// is left to deliver them to.
func (s *Store) DeleteWebhook(ctx context.Context, id int64) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		if t.Cat.Webhooks.Get(id) == nil {
			return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoWebhook)
		}
		for _, q := range []string{`DELETE FROM webhooks WHERE id = ?`, `DELETE FROM webhook_state WHERE webhook_id = ?`,
			`DELETE FROM webhook_outbox WHERE webhook_id = ?`} {
			if _, err := t.Exec(q, id); err != nil {
				return err
			}
		}
		return t.bumpCatalog()
	})
}

// checkWebhookScope repeats, against the transaction's snapshot, the checks
// the request made against its own: a database or collection removed in
// between must not be referred to.
func (t *Tx) checkWebhookScope(w kopernik.Webhook) error {
	if w.Database != 0 && t.Cat.Database(w.Database) == nil {
		return kopernik.Errorf(kopernik.EINVALID, kopernik.MsgNoDatabase)
	}
	if w.Collection != 0 && t.Cat.Collection(w.Collection) == nil {
		return kopernik.Errorf(kopernik.EINVALID, kopernik.MsgNoCollection)
	}
	return nil
}

func (s *Store) WebhookStats(ctx context.Context, id int64) (kopernik.WebhookStats, error) {
	var st kopernik.WebhookStats
	err := s.queryRow(ctx, `SELECT delivered, failed, retried FROM webhook_state WHERE webhook_id = ?`, id).
		Scan(&st.Delivered, &st.Failed, &st.Retried)
	if err == sql.ErrNoRows {
		return st, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoWebhook)
	}
	if err != nil {
		return st, err
	}
	err = s.queryRow(ctx, `SELECT count(*) FROM webhook_outbox WHERE webhook_id = ?`, id).Scan(&st.Pending)
	return st, err
}
