package delivery

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/webhook"
)

// backlogCap bounds the count behind kopernik_webhooks_pending, so that a
// scrape of a store with a huge backlog stays cheap.
const backlogCap = 1_000_000

// Metrics registers the delivery metrics with reg and returns the Observe
// function for Config. Labels come from fixed sets: per-webhook figures
// are in GET webhook/{id}, not here, so the number of series does not grow
// with the webhooks clients create.
func Metrics(reg prometheus.Registerer, st *sqlstore.Store) func(Attempt) {
	attempts := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "kopernik", Subsystem: "webhooks", Name: "attempts_total",
		Help: "Delivery attempts by this process, by result: delivered (2xx), retried (temporary failure, scheduled again), failed (event given up).",
	}, []string{"result"})
	seconds := prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: "kopernik", Subsystem: "webhooks", Name: "attempt_duration_seconds",
		Help:    "Time of one delivery attempt, from the start of the request to the end of the answer.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	})
	pending := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: "kopernik", Subsystem: "webhooks", Name: "pending",
		Help: "Events queued for delivery in the store (all webhooks, all nodes), counted up to 1,000,000.",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		n, err := st.WebhookBacklog(ctx, backlogCap)
		if err != nil {
			return -1
		}
		return float64(n)
	})
	reg.MustRegister(attempts, seconds, pending)
	delivered, retried, failed := attempts.WithLabelValues("delivered"), attempts.WithLabelValues("retried"), attempts.WithLabelValues("failed")
	return func(a Attempt) {
		seconds.Observe(a.Duration.Seconds())
		switch {
		case a.Outcome == webhook.Success:
			delivered.Inc()
		case a.Retry:
			retried.Inc()
		default:
			failed.Inc()
		}
	}
}
