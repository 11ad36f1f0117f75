package metrics

import (
	"testing"
	"time"
)

// BenchmarkRequest is what the metrics add to every request: one counter
// and one histogram observation under labels from the route table.
func BenchmarkRequest(b *testing.B) {
	r := New("bench")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r.Request("profile/{p}", "GET", "v3", 200, 150*time.Microsecond)
		}
	})
}

// BenchmarkRequestSerial is the same cost without contention between cores.
func BenchmarkRequestSerial(b *testing.B) {
	r := New("bench")
	b.ReportAllocs()
	for b.Loop() {
		r.Request("profile/{p}", "GET", "v3", 200, 150*time.Microsecond)
	}
}
