package sqlstore

import (
	"strconv"
	"strings"
	"testing"
)

// TestI10_PageBoundsVersionsAndBounds: the nearest boundary at or before a
// start is found; a newer version replaces a list's boundaries and an older
// one is ignored; lists, boundaries and bytes stay within their bounds.
func TestI10_PageBoundsVersionsAndBounds(t *testing.T) {
	var b pageBounds
	b.remember("l", 5, 100, 1000)
	b.remember("l", 5, 300, 3000)
	for _, c := range []struct {
		start, pos, id int64
		ok             bool
	}{{0, 0, 0, false}, {99, 0, 0, false}, {100, 100, 1000, true}, {250, 100, 1000, true}, {300, 300, 3000, true}, {900, 300, 3000, true}} {
		v, pos, id, ok := b.lower("l", c.start)
		if ok != c.ok || pos != c.pos || id != c.id || (ok && v != 5) {
			t.Fatalf("lower(%d) = %d %d %d %v, want %d %d %v", c.start, v, pos, id, ok, c.pos, c.id, c.ok)
		}
	}
	b.remember("l", 4, 200, 2000) // read before version 5: stale
	if _, pos, _, _ := b.lower("l", 250); pos != 100 {
		t.Fatalf("a boundary of an older version was kept (nearest %d)", pos)
	}
	b.remember("l", 6, 200, 2001)
	if v, pos, id, _ := b.lower("l", 900); v != 6 || pos != 200 || id != 2001 {
		t.Fatalf("after a newer version: %d %d %d, want only its boundary", v, pos, id)
	}

	for i := range maxBoundsPerList + 10 {
		b.remember("l", 6, int64(i+1), int64(i))
	}
	if n := len(b.lists["l"].pos); n != maxBoundsPerList {
		t.Fatalf("%d boundaries in one list, bound %d", n, maxBoundsPerList)
	}
	for i := range maxBoundLists + 10 {
		b.remember("k"+strconv.Itoa(i), 1, 1, 1)
	}
	if len(b.lists) > maxBoundLists {
		t.Fatalf("%d lists, bound %d", len(b.lists), maxBoundLists)
	}
	long := strings.Repeat("x", 1<<20)
	for i := range 20 {
		b.remember(long+strconv.Itoa(i), 1, 1, 1)
		if b.bytes > maxBoundBytes {
			t.Fatalf("%d bytes after %d long keys, bound %d", b.bytes, i+1, maxBoundBytes)
		}
	}
	want := 0
	for k, l := range b.lists {
		want += len(k) + boundListBytes + 16*len(l.pos)
	}
	if b.bytes != want {
		t.Fatalf("counted %d bytes, the lists hold %d", b.bytes, want)
	}
}
