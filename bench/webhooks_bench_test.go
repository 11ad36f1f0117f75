package bench

import "testing"

// BenchmarkPostProfileWebhookQueued is BenchmarkPostProfile with one create
// webhook whose events only queue (no delivery runs): the cost of the outbox
// on the write path alone. Compare its ns/op with BenchmarkPostProfile's.
func BenchmarkPostProfileWebhookQueued(b *testing.B) {
	base, tok := setup(b)
	// setup's store is the only one open on its dir; the webhook goes in
	// through the API like a client's.
	hc := client()
	do(b, hc, "POST", base+"/v3/webhooks?access_token="+tok, `{"handler":"https://hooks.example.org/in","trigger":"create"}`, 201)
	url := base + "/v3/database/1/profiles?access_token=" + tok
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			do(b, hc, "POST", url, profileBody, 201)
		}
	})
}

