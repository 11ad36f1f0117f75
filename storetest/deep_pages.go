package storetest

import (
	"slices"
	"testing"

	"github.com/kopernik/kopernik"
)

// DeepPages (issue 10): a store may continue a list in ID order from where an
// earlier page ended instead of counting off an OFFSET, but every page must
// still be exactly the slice of the whole list that OFFSET gives, after any
// write: an update that moves a profile out of or into the filter or the
// view, a delete, and a rule change that changes the view's members. Pages
// are read through read and the writes go through write (one store, or two
// nodes on one PostgreSQL schema).
func DeepPages(t *testing.T, read, write kopernik.Store) {
	x := newSelFixture(t, write)
	o := kopernik.DatabaseOwner(x.db)
	ids := map[int]int64{} // ANumber → profile
	for i := 1; i <= 120; i++ {
		name := "in"
		if i%3 == 0 {
			name = "out"
		}
		ids[i] = create(t, write, x.db, "ANumber", i, "LastName", name)
	}
	view := must(write.CreateView(ctx, x.db, 0, body("name", "ins")))
	rule := must(write.CreateRule(ctx, kopernik.ViewRef(view), body("name", "in")))
	must2(write.CreateCondition(ctx, rule, body("type", "Field", "field", "LastName", "value", "in")))
	ref := kopernik.ViewRef(view)

	list := func(where kopernik.Expr, start, limit int64, desc bool) []int64 {
		t.Helper()
		res, err := read.ListEntities(ctx, kopernik.ListQuery{Owner: o, Where: where, Members: ref,
			Order: kopernik.Order{Desc: desc}, Start: start, Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		out := make([]int64, len(res.Items))
		for i, e := range res.Items {
			out[i] = e.ID
		}
		return out
	}
	// pages reads the list page by page: from the last page to the first,
	// since a page read from position 0 replaces the boundaries of an older
	// version (a read there would hide a stale boundary), then from the
	// first to the last, then from starts no page ended at and with another
	// limit. Then it compares each page with the slice of the list read at
	// once.
	pages := func(step string) {
		t.Helper()
		if _, err := read.Catalog(ctx); err != nil {
			t.Fatal(err)
		}
		if err := read.EnsureMembers(ctx, ref); err != nil {
			t.Fatal(err)
		}
		where := Where(t, read, o, "ANumber>=11")
		for _, desc := range []bool{false, true} {
			type page struct{ start, limit int64 }
			var reads []page
			for start := int64(140); start >= 0; start -= 7 {
				reads = append(reads, page{start, 7})
			}
			for start := int64(0); start <= 140; start += 7 {
				reads = append(reads, page{start, 7})
			}
			for _, start := range []int64{3, 10, 23, 30} {
				reads = append(reads, page{start, 7}, page{start, 3})
			}
			got := make([][]int64, len(reads))
			for i, p := range reads {
				got[i] = list(where, p.start, p.limit, desc)
			}
			all := list(where, 0, 1000, desc)
			if len(all) < 40 || len(all) > 133 {
				t.Fatalf("%s: the list has %d rows", step, len(all))
			}
			// The first wrong page of each step: the steps after it still
			// tell which kinds of write a cache misses.
			for i, p := range reads {
				want := all[min(p.start, int64(len(all))):min(p.start+p.limit, int64(len(all)))]
				if !slices.Equal(got[i], want) {
					t.Errorf("%s (desc %v): page at %d, limit %d: %v, want %v", step, desc, p.start, p.limit, got[i], want)
					break
				}
			}
		}
	}
	update := func(i int, kv ...any) {
		t.Helper()
		if err := write.UpdateEntity(ctx, kopernik.OwnerDatabase, ids[i], kopernik.EntityInput{Fields: fields(kv...)}); err != nil {
			t.Fatal(err)
		}
	}

	pages("first reads")
	// Each write changes the list near its start, so that every later page
	// shifts by one row.
	update(13, "ANumber", 5)
	pages("after a member left the filter")
	update(4, "ANumber", 12)
	pages("after a member entered the filter")
	update(16, "LastName", "out")
	pages("after a profile left the view")
	update(15, "LastName", "in")
	pages("after a profile entered the view")
	if err := write.DeleteEntity(ctx, kopernik.OwnerDatabase, ids[17]); err != nil {
		t.Fatal(err)
	}
	pages("after a delete")
	c := must(write.CreateRule(ctx, ref, body("name", "twenty-one")))
	must2(write.CreateCondition(ctx, c, body("type", "Field", "field", "ANumber", "value", "21")))
	pages("after a rule that adds a member")
	cond, _ := must2(write.CreateCondition(ctx, rule, body("type", "Field", "field", "ANumber", "comparison", "not_equals", "value", "19")))
	pages("after a condition that removes a member")
	if err := write.UpdateCondition(ctx, cond, body("value", "1000")); err != nil {
		t.Fatal(err)
	}
	pages("after a condition changed and the member came back")
}
