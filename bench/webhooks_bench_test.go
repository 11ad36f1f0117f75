package bench

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/webhook"
)

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

// BenchmarkWebhookSign is the CPU one delivery attempt spends on its
// signature (RSA-2048, PKCS #1 v1.5, SHA-256): the part of delivery that no
// batching can share, since every attempt is signed afresh.
func BenchmarkWebhookSign(b *testing.B) {
	k, err := webhook.GenerateKey()
	if err != nil {
		b.Fatal(err)
	}
	s := &webhook.Signer{Key: webhook.Key{ID: webhook.DefaultKeyID, Private: k}, CopernicaID: webhook.AccountHeader("1")}
	body := []byte("type=create&timestamp=2024-05-01+14%3A03%3A22&time=1714565002&profile=123&database=4&fields%5Bemail%5D=ann%40example.org&id=123")
	b.ResetTimer()
	for range b.N {
		req, _ := http.NewRequest("POST", "https://hooks.example.org/in", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := s.Sign(req, body, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateProfileOutbox: profile creates through the store from 16
// goroutines (the writer's group commit), without a webhook and with one
// whose events only queue: the writer's share of the outbox, without HTTP.
func BenchmarkCreateProfileOutbox(b *testing.B) {
	for _, hooked := range []bool{false, true} {
		name := map[bool]string{false: "none", true: "queued"}[hooked]
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			st, err := sqlite.Open(ctx, sqlite.Config{Dir: b.TempDir(), Migrate: true})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			n := "bench"
			db, _ := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: &n})
			for _, f := range []string{"email", "firstname", "lastname", "city"} {
				f := f
				if _, err := st.CreateField(ctx, kopernik.DatabaseOwner(db), kopernik.FieldInput{Name: &f}); err != nil {
					b.Fatal(err)
				}
			}
			if hooked {
				if _, err := st.CreateWebhook(ctx, kopernik.Webhook{Handler: "https://hooks.example.org/in", Trigger: "create"}); err != nil {
					b.Fatal(err)
				}
			}
			b.SetParallelism(8)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					m := &kopernik.Map{}
					m.Set("email", "ann@example.org")
					m.Set("firstname", "Ann")
					m.Set("lastname", "Jansen")
					m.Set("city", "Utrecht")
					if _, err := st.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{Fields: m}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
