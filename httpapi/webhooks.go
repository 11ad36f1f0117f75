package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/webhook"
)

// Webhooks (webhooks.md §3). Definitions live in the catalog snapshot; the
// rules of a valid body are package webhook's, with the configuration's
// handler rules (Config.Webhooks).

func resolveWebhook(rq *request, ids []string) error {
	id, _ := parseID(ids[0])
	rq.webhook = rq.cat.Webhooks.Get(id)
	if rq.webhook == nil {
		return notFound(kopernik.MsgNoWebhook)
	}
	return nil
}

func createWebhook(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	w, err := webhook.ParseNew(m, rq.cat, rq.s.cfg.Webhooks)
	if err != nil {
		return err
	}
	id, err := rq.s.store.CreateWebhook(rq.r.Context(), w)
	if err != nil {
		return err
	}
	return rq.created(id, "webhook/"+idStr(id))
}

// listWebhooks is an extension (O-1): no list call is documented, and
// clients could not discover IDs otherwise.
func listWebhooks(rq *request) error {
	return pageOf(rq, rq.cat.Webhooks.All(), func(ws []*kopernik.Webhook) ([]any, error) {
		out := make([]any, len(ws))
		for i, w := range ws {
			out[i] = webhookObject(w)
		}
		return out, nil
	})
}

// getWebhook adds the delivery counters under "deliveries" to the documented
// keys.
func getWebhook(rq *request) error {
	st, err := rq.s.store.WebhookStats(rq.r.Context(), rq.webhook.ID)
	if err != nil {
		return err
	}
	obj := webhookObject(rq.webhook)
	obj.Set("deliveries", orderedObject("delivered", st.Delivered, "failed", st.Failed,
		"retried", st.Retried, "pending", st.Pending))
	return rq.ok(obj)
}

func updateWebhook(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	w, err := webhook.ParseUpdate(*rq.webhook, m, rq.cat, rq.s.cfg.Webhooks)
	if err != nil {
		return err
	}
	if err := rq.s.store.UpdateWebhook(rq.r.Context(), w); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}

func deleteWebhook(rq *request) error {
	if err := rq.s.store.DeleteWebhook(rq.r.Context(), rq.webhook.ID); err != nil {
		return err
	}
	return rq.deleted("webhook", rq.webhook.ID)
}

// webhookObject is the representation of §3.2: the documented keys, then
// database and collection (O-2), an ID or false when unset.
func webhookObject(w *kopernik.Webhook) *kopernik.Map {
	callers := make([]any, len(w.Callers))
	for i, c := range w.Callers {
		callers[i] = c
	}
	scope := func(id int64) any {
		if id == 0 {
			return false
		}
		return idStr(id)
	}
	return orderedObject("ID", idStr(w.ID), "handler", w.Handler, "trigger", w.Trigger, "callers", callers,
		"database", scope(w.Database), "collection", scope(w.Collection))
}

func orderedObject(kv ...any) *kopernik.Map {
	m := &kopernik.Map{}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Set(kv[i].(string), kv[i+1])
	}
	return m
}
