package sqlstore

import (
	"math/rand/v2"
	"testing"

	"github.com/kopernik/kopernik"
)

// TestOwnerRuns: whatever order IDs arrive in, every ID maps to its owner,
// unknown IDs are unknown, and consecutive IDs of one owner share a run.
func TestOwnerRuns(t *testing.T) {
	var c ownerCache
	want := map[int64]int64{}
	ids := rand.Perm(5000)
	for _, i := range ids {
		id := int64(i + 1)
		owner := int64(1 + (i/700)%3) // runs of 700 IDs per owner
		if i%97 == 0 {
			continue // a gap: never committed
		}
		c.put(kopernik.OwnerDatabase, id, owner)
		c.put(kopernik.OwnerDatabase, id, owner) // idempotent
		want[id] = owner
	}
	for id := int64(0); id <= 5001; id++ {
		got, ok := c.get(kopernik.OwnerDatabase, id)
		w, known := want[id]
		if ok != known || got != w {
			t.Fatalf("id %d: got %d %v, want %d %v", id, got, ok, w, known)
		}
	}
	if _, ok := c.get(kopernik.OwnerCollection, 5); ok {
		t.Fatal("kinds are separate")
	}
	if n := len(c.runs[kopernik.OwnerDatabase]); n > 2*(5000/700+1)+5000/97+2 {
		t.Fatalf("%d runs: consecutive IDs were not merged", n)
	}
}
