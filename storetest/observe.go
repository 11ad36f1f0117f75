package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlstore"
)

// recorder is an observer that keeps the changes that were committed. It
// checks from inside the transaction that the journal row of each change is
// already there.
type recorder struct {
	mu      sync.Mutex
	changes []*kopernik.Change
}

func (r *recorder) observe(t *sqlstore.Tx, c *kopernik.Change) error {
	word := "profile"
	if c.Entity.Owner.Kind == kopernik.OwnerCollection {
		word = "subprofile"
	}
	var n int64
	if err := t.QueryRow(`SELECT count(*) FROM journal WHERE entity = ? AND entity_id = ? AND kind = ? AND at = ?`,
		word, c.Entity.ID, c.Kind.String(), c.At).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("no journal row for %v of %s %d before its observer", c.Kind, word, c.Entity.ID)
	}
	// A job may run twice; only what commits is kept.
	t.AfterCommit(func() {
		r.mu.Lock()
		r.changes = append(r.changes, c)
		r.mu.Unlock()
	})
	return nil
}

// take returns the changes recorded so far and forgets them.
func (r *recorder) take() []*kopernik.Change {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.changes
	r.changes = nil
	return out
}

func observable(t *testing.T, s kopernik.Store) *sqlstore.Store {
	t.Helper()
	st, ok := s.(*sqlstore.Store)
	if !ok {
		t.Skipf("%T has no observers", s)
	}
	return st
}

// expectChanges checks kind, entity and owner of each change, in order, and
// that the entity a create or update reports is the entity as stored.
func expectChanges(t *testing.T, s kopernik.Store, got []*kopernik.Change, want ...any) {
	t.Helper()
	if len(got) != len(want)/3 {
		t.Fatalf("%d changes; want %d: %s", len(got), len(want)/3, describe(got))
	}
	for i, c := range got {
		kind, kk, id := want[3*i].(kopernik.ChangeKind), want[3*i+1].(kopernik.OwnerKind), want[3*i+2].(int64)
		if c.Kind != kind || c.Entity.Owner.Kind != kk || c.Entity.ID != id || !stampRe.MatchString(c.At) {
			t.Fatalf("change %d: %s; want %v of %d", i, describe(got[i:i+1]), kind, id)
		}
		stored := must(s.GetEntity(ctx, kk, id))
		switch c.Kind {
		case kopernik.ChangeDelete:
			if c.Entity.Removed != stored.Removed || c.Params != nil {
				t.Fatalf("delete of %d: removed %q, stored %q, params %+v", id, c.Entity.Removed, stored.Removed, c.Params)
			}
		default:
			if c.Params == nil || !reflect.DeepEqual(c.Entity, stored) {
				t.Fatalf("%v of %d reports %+v; stored is %+v", c.Kind, id, c.Entity, stored)
			}
		}
	}
}

func describe(cs []*kopernik.Change) string {
	out := ""
	for _, c := range cs {
		out += fmt.Sprintf("[%v %v %d fields %v on %v off %v caller %s] ", c.Kind, c.Entity.Owner, c.Entity.ID, c.Fields, c.InterestsOn, c.InterestsOff, c.Caller)
	}
	return out
}

// testObservers: every profile and subprofile create, update and delete
// reaches the observers once, inside its transaction, after its journal row,
// with the entity after the change, what changed, the caller and the
// parameters; structure changes and changes of nothing do not.
func testObservers(t *testing.T, s kopernik.Store) {
	st := observable(t, s)
	rec := &recorder{}
	st.Observe(rec.observe)
	db, f := fixture(t, s)
	o := kopernik.DatabaseOwner(db)
	foot := must(s.CreateInterest(ctx, db, kopernik.InterestInput{Name: str("Football")}))
	tennis := must(s.CreateInterest(ctx, db, kopernik.InterestInput{Name: str("Tennis")}))
	coll := must(s.CreateCollection(ctx, db, kopernik.CollectionInput{Name: str("Orders")}))
	co := kopernik.CollectionOwner(coll)
	score := must(s.CreateField(ctx, co, kopernik.FieldInput{Name: str("Score"), Type: ftype(kopernik.TypeInteger)}))
	if got := rec.take(); len(got) != 0 {
		t.Fatalf("structure changes observed: %s", describe(got))
	}

	// Create: values by field ID, interests, parameters as submitted.
	in := kopernik.EntityInput{Fields: fields("lastname", "Muit", "ANUMBER", "2.99", "nope", "x"), Interests: []any{"TENNIS", "unknown"}}
	p := must(s.CreateEntity(ctx, o, 0, in))
	got := rec.take()
	expectChanges(t, s, got, kopernik.ChangeCreate, kopernik.OwnerDatabase, p)
	c := got[0]
	if c.Caller != kopernik.CallerREST || c.Entity.Values[f["LastName"]] != "Muit" || c.Entity.Values[f["ANumber"]] != "2" ||
		!reflect.DeepEqual(c.InterestsOn, []int64{tennis}) || c.InterestsOff != nil || c.Fields != nil {
		t.Fatalf("create: %s %+v", describe(got), c.Entity)
	}
	if c.Params.Fields != in.Fields || !reflect.DeepEqual(c.Params.Interests, fields("TENNIS", int64(1), "unknown", int64(1))) {
		t.Fatalf("create parameters: %+v %+v", c.Params.Fields, c.Params.Interests)
	}

	// Update: only what changed; interests merged on and off.
	up := kopernik.EntityInput{Fields: fields("ANumber", 2, "LastName", "Jansen"), Interests: fields("football", "1", "tennis", "0"), InterestsMerge: true}
	if err := s.UpdateEntity(ctx, kopernik.OwnerDatabase, p, up); err != nil {
		t.Fatal(err)
	}
	got = rec.take()
	expectChanges(t, s, got, kopernik.ChangeUpdate, kopernik.OwnerDatabase, p)
	c = got[0]
	if !reflect.DeepEqual(c.Fields, []int64{f["LastName"]}) || !reflect.DeepEqual(c.InterestsOn, []int64{foot}) ||
		!reflect.DeepEqual(c.InterestsOff, []int64{tennis}) || c.Params.Fields != up.Fields ||
		!reflect.DeepEqual(c.Params.Interests, fields("football", int64(1), "tennis", int64(0))) {
		t.Fatalf("update: %s %+v", describe(got), c.Params)
	}
	// Nothing stored changes: no change (a secret alone is not one either).
	if err := s.UpdateEntity(ctx, kopernik.OwnerDatabase, p, kopernik.EntityInput{Fields: fields("ANumber", "2.5", "LastName", "Jansen"), Secret: str("s3cret")}); err != nil {
		t.Fatal(err)
	}
	if got := rec.take(); len(got) != 0 {
		t.Fatalf("update without a change observed: %s", describe(got))
	}

	// Subprofiles; deleting the profile removes them first (webhooks.md §4.1).
	s2 := must(s.CreateEntity(ctx, co, p, kopernik.EntityInput{Fields: fields("Score", 6)}))
	s1 := must(s.CreateEntity(ctx, co, p, kopernik.EntityInput{Fields: fields("Score", 5)}))
	got = rec.take()
	expectChanges(t, s, got, kopernik.ChangeCreate, kopernik.OwnerCollection, s2, kopernik.ChangeCreate, kopernik.OwnerCollection, s1)
	if got[0].Entity.ProfileID != p || got[0].Params.Interests != nil {
		t.Fatalf("subprofile create: %+v %+v", got[0].Entity, got[0].Params)
	}
	if err := s.DeleteEntity(ctx, kopernik.OwnerDatabase, p); err != nil {
		t.Fatal(err)
	}
	got = rec.take()
	expectChanges(t, s, got, kopernik.ChangeDelete, kopernik.OwnerCollection, s2, kopernik.ChangeDelete, kopernik.OwnerCollection, s1,
		kopernik.ChangeDelete, kopernik.OwnerDatabase, p)
	if got[0].Entity.Values[score] != "6" || got[2].Entity.Values[f["LastName"]] != "Jansen" || !reflect.DeepEqual(got[2].Entity.Interests, []int64{foot}) {
		t.Fatalf("a delete reports the values the entity had: %+v, %+v", got[0].Entity, got[2].Entity)
	}

	// Bulk update: one change per entity that changed, in ID order.
	a := create(t, s, db, "LastName", "x", "ANumber", 1)
	b := create(t, s, db, "LastName", "x", "ANumber", 3)
	d := create(t, s, db, "LastName", "x", "ANumber", 2)
	rec.take()
	must(s.UpdateMatching(ctx, kopernik.ListQuery{Owner: o, Where: Where(t, s, o, "LastName==x")}, kopernik.EntityInput{Fields: fields("ANumber", 3)}, false))
	expectChanges(t, s, rec.take(), kopernik.ChangeUpdate, kopernik.OwnerDatabase, a, kopernik.ChangeUpdate, kopernik.OwnerDatabase, d)
	res := must(s.UpdateMatching(ctx, kopernik.ListQuery{Owner: o, Where: Where(t, s, o, "LastName==y")}, kopernik.EntityInput{Fields: fields("LastName", "y")}, true))
	expectChanges(t, s, rec.take(), kopernik.ChangeCreate, kopernik.OwnerDatabase, res.Created)

	// Unsubscribe: an update or a delete, by the database's behaviour.
	if err := s.SetUnsubscribe(ctx, o, kopernik.UnsubUpdate, fields("LastName", "gone")); err != nil {
		t.Fatal(err)
	}
	if err := s.Unsubscribe(ctx, kopernik.OwnerDatabase, a, nil); err != nil {
		t.Fatal(err)
	}
	got = rec.take()
	expectChanges(t, s, got, kopernik.ChangeUpdate, kopernik.OwnerDatabase, a)
	if !reflect.DeepEqual(got[0].Fields, []int64{f["LastName"]}) {
		t.Fatalf("unsubscribe update: %s", describe(got))
	}
	if err := s.SetUnsubscribe(ctx, o, kopernik.UnsubRemove, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Unsubscribe(ctx, kopernik.OwnerDatabase, b, nil); err != nil {
		t.Fatal(err)
	}
	expectChanges(t, s, rec.take(), kopernik.ChangeDelete, kopernik.OwnerDatabase, b)

	// Purge: a live entity is deleted first; a removed one changes nothing more.
	if err := s.PurgeEntity(ctx, kopernik.OwnerDatabase, b); err != nil {
		t.Fatal(err)
	}
	if got := rec.take(); len(got) != 0 {
		t.Fatalf("purge of a removed profile observed: %s", describe(got))
	}
	got = nil
	if err := s.PurgeEntity(ctx, kopernik.OwnerDatabase, d); err != nil {
		t.Fatal(err)
	}
	if got = rec.take(); len(got) != 1 || got[0].Kind != kopernik.ChangeDelete || got[0].Entity.ID != d || got[0].Entity.Removed == "" {
		t.Fatalf("purge of a live profile: %s", describe(got))
	}
	if err := s.DeleteProfiles(ctx, db, []int64{res.Created, a, a}); err != nil {
		t.Fatal(err)
	}
	expectChanges(t, s, rec.take(), kopernik.ChangeDelete, kopernik.OwnerDatabase, a, kopernik.ChangeDelete, kopernik.OwnerDatabase, res.Created)

	// The caller comes from the context; a copy is the caller copy.
	imp := must(s.CreateEntity(kopernik.WithCaller(ctx, kopernik.CallerImport), o, 0, kopernik.EntityInput{Fields: fields("LastName", "imported")}))
	if got := rec.take(); len(got) != 1 || got[0].Entity.ID != imp || got[0].Caller != kopernik.CallerImport {
		t.Fatalf("import caller: %s", describe(got))
	}
	live := must(s.CreateEntity(ctx, co, imp, kopernik.EntityInput{Fields: fields("Score", 9)}))
	rec.take()
	nid := must(s.CopyDatabase(ctx, db, "Copy", kopernik.CopyOptions{Collections: true, Profiles: true, Subprofiles: true}))
	got = rec.take()
	if len(got) != 2 || got[0].Caller != kopernik.CallerCopy || got[1].Caller != kopernik.CallerCopy ||
		got[0].Entity.Owner != kopernik.DatabaseOwner(nid) || got[1].Entity.Owner.Kind != kopernik.OwnerCollection || got[1].Entity.ProfileID != got[0].Entity.ID {
		t.Fatalf("copy: %s", describe(got))
	}
	if v, _ := got[0].Params.Fields.Get("LastName"); v != "imported" {
		t.Fatalf("copy parameters are the copied values: %+v", got[0].Params.Fields)
	}
	if v, _ := got[1].Params.Fields.Get("Score"); v != "9" {
		t.Fatalf("copied subprofile %d parameters: %+v", live, got[1].Params.Fields)
	}
}

var errRefused = errors.New("observer refused")

// testObserverFailure: an observer's error fails the job, and nothing of it
// stays: not the entity, not its journal row, not what the observers after it
// were told. Other jobs of the same group commit are not affected.
func testObserverFailure(t *testing.T, s kopernik.Store) {
	st := observable(t, s)
	db, f := fixture(t, s)
	o := kopernik.DatabaseOwner(db)
	var calls atomic.Int64
	st.Observe(func(_ *sqlstore.Tx, c *kopernik.Change) error {
		calls.Add(1)
		if c.Entity.Values[f["LastName"]] == "refuse" {
			return errRefused
		}
		return nil
	})
	rec := &recorder{}
	st.Observe(rec.observe)

	if _, err := s.CreateEntity(ctx, o, 0, kopernik.EntityInput{Fields: fields("LastName", "refuse")}); err == nil {
		t.Fatal("a refused create succeeded")
	}
	if ids := must(s.EntityIDs(ctx, o, 0, -1)); len(ids) != 0 || calls.Load() != 1 {
		t.Fatalf("refused create left %v (%d calls)", ids, calls.Load())
	}
	p := create(t, s, db, "LastName", "ok")
	if err := s.UpdateEntity(ctx, kopernik.OwnerDatabase, p, kopernik.EntityInput{Fields: fields("LastName", "refuse", "ANumber", 5)}); err == nil {
		t.Fatal("a refused update succeeded")
	}
	if e := get(t, s, p); e.Values[f["LastName"]] != "ok" || e.Values[f["ANumber"]] != "-1" {
		t.Fatalf("refused update changed %+v", e.Values)
	}
	if evs := must(s.Events(ctx, kopernik.OwnerDatabase, p)); len(evs) != 1 {
		t.Fatalf("refused update left journal rows: %+v", evs)
	}
	rec.take()

	// Concurrent creates share group commits; every fifth is refused.
	var wg sync.WaitGroup
	var mu sync.Mutex
	made := map[int64]bool{}
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			name := fmt.Sprintf("n%d", i)
			if i%5 == 0 {
				name = "refuse"
			}
			id, err := s.CreateEntity(ctx, o, 0, kopernik.EntityInput{Fields: fields("LastName", name)})
			if (err != nil) != (i%5 == 0) {
				t.Errorf("create %d: %v", i, err)
				return
			}
			if err == nil {
				mu.Lock()
				made[id] = true
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	got := rec.take()
	seen := map[int64]bool{}
	for _, c := range got {
		if seen[c.Entity.ID] || !made[c.Entity.ID] {
			t.Fatalf("observed change of %d twice or for nothing created", c.Entity.ID)
		}
		seen[c.Entity.ID] = true
	}
	if ids := must(s.EntityIDs(ctx, o, 0, -1)); len(made) != 32 || len(seen) != 32 || len(ids) != 33 {
		t.Fatalf("created %d, observed %d, stored %d", len(made), len(seen), len(ids))
	}
}
