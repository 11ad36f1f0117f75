package storetest

import (
	"context"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
)

// scheduled is a store with the scheduled rebuild of §3.5.
type scheduled interface {
	clocked
	RebuildMoving(ctx context.Context) error
}

// testSelectionSchedule: a view whose window moves with the clock is
// rebuilt by the scheduled run; a view that only a write can change keeps
// its build (§3.5 item 3b).
func testSelectionSchedule(t *testing.T, s kopernik.Store) {
	sc, ok := s.(scheduled)
	if !ok {
		t.Skip("the store has no scheduled rebuild")
	}
	var now atomic.Pointer[time.Time]
	day1 := time.Date(2024, 6, 15, 10, 0, 0, 0, time.UTC)
	now.Store(&day1)
	sc.SetClock(func() time.Time { return *now.Load() })

	db := must(s.CreateDatabase(ctx, kopernik.DatabaseInput{Name: str("Schedule")}))
	must(s.CreateField(ctx, kopernik.DatabaseOwner(db), kopernik.FieldInput{Name: str("Born"), Type: ftype(kopernik.TypeDate)}))
	born := func(d string) int64 {
		return must(s.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{Fields: fields("Born", d)}))
	}
	p1, p2 := born("2024-06-15"), born("2024-06-16")
	today := must(s.CreateView(ctx, db, 0, body("name", "today")))
	rule := must(s.CreateRule(ctx, kopernik.ViewRef(today), body("name", "r")))
	must2(s.CreateCondition(ctx, rule, body("type", "Date", "field", "Born",
		"after-mutation", `["minus","0","day","day"]`, "before-mutation", `["minus","0","day","day"]`)))
	everyone := must(s.CreateView(ctx, db, 0, body("name", "everyone")))
	refs := []kopernik.SelectionRef{kopernik.ViewRef(today), kopernik.ViewRef(everyone)}
	members := func(ref kopernik.SelectionRef) []int64 {
		t.Helper()
		if err := s.EnsureMembers(ctx, ref); err != nil {
			t.Fatal(err)
		}
		return must(s.MemberIDs(ctx, ref, 0, -1))
	}
	if got := members(refs[0]); !reflect.DeepEqual(got, []int64{p1}) {
		t.Fatalf("born today on day 1: %v", got)
	}
	members(refs[1])
	before := must(s.LastBuilt(ctx, refs))

	day2 := day1.AddDate(0, 0, 1)
	now.Store(&day2)
	if got := members(refs[0]); !reflect.DeepEqual(got, []int64{p1}) {
		t.Fatalf("before the scheduled run the stored members stand: %v", got)
	}
	if err := sc.RebuildMoving(ctx); err != nil {
		t.Fatal(err)
	}
	if got := members(refs[0]); !reflect.DeepEqual(got, []int64{p2}) {
		t.Fatalf("born today on day 2, after the scheduled run: %v", got)
	}
	after := must(s.LastBuilt(ctx, refs))
	if after[0] == before[0] || after[1] != before[1] {
		t.Fatalf("last-built before %q, after %q: only the moving view is rebuilt", before, after)
	}
}
