package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlstore"
)

// buildStater is a store that shows its selection build rows.
type buildStater interface {
	SelectionBuildState(ctx context.Context, ref kopernik.SelectionRef) (sqlstore.BuildState, error)
}

// testSelectionBuildState: the build row of a selection through its life
// (§3.5): none before the first read, clean after it, dirty after a change
// to its definition or to what it depends on, gone with the selection.
func testSelectionBuildState(t *testing.T, s kopernik.Store) {
	bs, ok := s.(buildStater)
	if !ok {
		t.Skip("the store does not show build rows")
	}
	state := func(ref kopernik.SelectionRef) sqlstore.BuildState {
		t.Helper()
		return must(bs.SelectionBuildState(ctx, ref))
	}
	x := newSelFixture(t, s)
	top := must(s.CreateView(ctx, x.db, 0, body("name", "top")))
	nested := must(s.CreateView(ctx, x.db, top, body("name", "nested")))
	other := must(s.CreateView(ctx, x.db, 0, body("name", "other")))
	refs := []kopernik.SelectionRef{kopernik.ViewRef(top), kopernik.ViewRef(nested), kopernik.ViewRef(other)}
	for _, r := range refs {
		if st := state(r); st.Built || st.Fresh() {
			t.Fatalf("%v before any read: %+v", r, st)
		}
	}
	if got := must(s.LastBuilt(ctx, refs)); got[0] != "" {
		t.Fatalf("last-built before any read: %q", got)
	}
	// Reading the nested view builds it and its parent, not the other.
	if err := s.EnsureMembers(ctx, kopernik.ViewRef(nested)); err != nil {
		t.Fatal(err)
	}
	if !state(refs[0]).Fresh() || !state(refs[1]).Fresh() || state(refs[2]).Built {
		t.Fatalf("after reading the nested view: %+v %+v %+v", state(refs[0]), state(refs[1]), state(refs[2]))
	}
	if got := must(s.LastBuilt(ctx, refs)); got[0] == "" || got[1] == "" || got[2] != "" {
		t.Fatalf("last-built after the build: %q", got)
	}
	// A rule on the parent makes it and what depends on it stale.
	must(s.CreateRule(ctx, kopernik.ViewRef(top), body("name", "r")))
	if st := state(refs[0]); !st.Built || !st.Dirty {
		t.Fatalf("parent after a rule change: %+v", st)
	}
	if st := state(refs[1]); !st.Dirty {
		t.Fatalf("nested view after its parent changed: %+v", st)
	}
	// A view that refers to the other one is stale when the other changes.
	if err := s.EnsureMembers(ctx, kopernik.ViewRef(nested)); err != nil {
		t.Fatal(err)
	}
	rule := must(s.CreateRule(ctx, kopernik.ViewRef(top), body("name", "refer")))
	must2(s.CreateCondition(ctx, rule, body("type", "ReferView", "refer-view", other)))
	if err := s.EnsureMembers(ctx, kopernik.ViewRef(nested)); err != nil {
		t.Fatal(err)
	}
	if !state(refs[2]).Fresh() || !state(refs[0]).Fresh() {
		t.Fatalf("a view's reference is built with it: %+v %+v", state(refs[2]), state(refs[0]))
	}
	must(s.CreateRule(ctx, kopernik.ViewRef(other), body("name", "o")))
	for _, r := range refs {
		if !state(r).Dirty {
			t.Fatalf("%v after the view it refers to changed: %+v", r, state(r))
		}
	}
	// A requested rebuild of the referred view also rebuilds what depends on
	// it (§3.5 item 5); it runs in the background.
	if err := s.RebuildSelection(ctx, kopernik.ViewRef(other)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !(state(refs[0]).Fresh() && state(refs[1]).Fresh() && state(refs[2]).Fresh()) {
		if time.Now().After(deadline) {
			t.Fatalf("after a rebuild of %v: %+v %+v %+v", refs[2], state(refs[0]), state(refs[1]), state(refs[2]))
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Deleting a view drops its row and its nested view's.
	if err := s.DeleteView(ctx, top); err != nil {
		t.Fatal(err)
	}
	if state(refs[0]).Built || state(refs[1]).Built {
		t.Fatalf("build rows of deleted views: %+v %+v", state(refs[0]), state(refs[1]))
	}
	if err := s.EnsureMembers(ctx, kopernik.ViewRef(top)); kopernik.ErrorMessage(err) != kopernik.MsgNoView {
		t.Fatalf("members of a deleted view: %v", err)
	}
}
