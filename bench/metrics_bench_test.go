package bench

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/httpapi"
	"github.com/kopernik/kopernik/metrics"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
)

// BenchmarkGetProfileMetrics serves GET profile in process, without the
// network, once without metrics and once with them wired as serve wires
// them. Without the network the metrics' share of a request is at its
// largest, so this bounds the overhead the load bench's -metrics-overhead
// measures over loopback (issue 14: on ≥ 95% of off):
//
//	go test ./bench -run '^$' -bench GetProfileMetrics -count 6
func BenchmarkGetProfileMetrics(b *testing.B) {
	for _, on := range []bool{false, true} {
		name := "off"
		if on {
			name = "on"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			var reg *metrics.Registry
			opts := sqlstore.Options{}
			cfg := httpapi.Config{Logger: quietLogger()}
			if on {
				reg = metrics.New("bench")
				opts.WriterStats = reg
				cfg.Observer, cfg.Metrics = reg, reg.Handler()
			}
			st, err := sqlite.Open(ctx, sqlite.Config{Dir: b.TempDir(), Migrate: true, Options: opts})
			if err != nil {
				b.Fatal(err)
			}
			_, tok, err := st.CreateToken(ctx, "bench", false)
			if err != nil {
				b.Fatal(err)
			}
			dbName := "bench"
			db, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: &dbName})
			if err != nil {
				b.Fatal(err)
			}
			var ids []int64
			for range 100 {
				id, err := st.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{})
				if err != nil {
					b.Fatal(err)
				}
				ids = append(ids, id)
			}
			api := httpapi.New(st, cfg)
			if reg != nil {
				reg.WatchStore(st)
				reg.WatchAPI(api)
			}
			b.Cleanup(func() { api.Close(ctx); st.Close() })
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					req := httptest.NewRequest("GET", fmt.Sprintf("/v3/profile/%d?access_token=%s", ids[i%len(ids)], tok), nil)
					rec := httptest.NewRecorder()
					api.ServeHTTP(rec, req)
					if rec.Code != 200 {
						b.Fatalf("status %d", rec.Code)
					}
					i++
				}
			})
		})
	}
}
