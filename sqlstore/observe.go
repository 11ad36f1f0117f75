package sqlstore

import (
	"slices"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// Observer follows every profile and subprofile change inside the write
// transaction that makes it: selections keep their members with it, webhooks
// queue their deliveries. An error fails the job, and the change is rolled
// back with everything else the job wrote.
//
// A job may run more than once (a batch in which another job failed is run
// again with a savepoint per job), so an observer works through t alone and
// leaves anything outside the database to t.AfterCommit.
type Observer func(t *Tx, c *kopernik.Change) error

// Observe registers o for every change from now on. Observers are meant to be
// registered while the store is set up; registering later is safe but does
// not reach writes already running.
func (s *Store) Observe(o Observer) {
	s.addObserver(o, true)
}

// addObserver registers o. An observer that is not always is one that acts
// only on the databases keepsSelections names (the selections' own), so a
// change elsewhere need not even be built for it.
func (s *Store) addObserver(o Observer, always bool) {
	s.observeMu.Lock()
	defer s.observeMu.Unlock()
	var list []Observer
	if cur := s.observers.Load(); cur != nil {
		list = slices.Clone(*cur)
	}
	list = append(list, o)
	if always {
		s.observeAll.Add(1)
	}
	s.observers.Store(&list)
}

// observed reports whether a change of an entity of o has anyone to hear
// it: an observer of every change, or selections of its database to keep.
func (t *Tx) observed(o kopernik.Owner) bool {
	return t.s.observers.Load() != nil && (t.s.observeAll.Load() > 0 || t.selectionGroup(o) != nil)
}

// mutation is one entity change on its way to the journal and the observers.
type mutation struct {
	kind  kopernik.ChangeKind
	owner kopernik.Owner
	id    int64
	// at is the moment of the change; "" for now.
	at string
	// journal is the journal document (see journalData).
	journal string
}

// record writes the journal row of one entity change and hands the change to
// the observers, in the caller's transaction. Every profile and subprofile
// create, update and delete goes through here.
//
// change builds what observers see. It is called only when someone hears
// the change (observed), so the writer's hot path neither builds nor
// allocates it; it is a parameter of its own, apart from m, whose values go
// to the driver, so that the closure stays on the caller's stack.
func (t *Tx) record(m mutation, change func() *kopernik.Change) error {
	at := m.at
	if at == "" {
		at = kopernik.Stamp(t.s.now())
	}
	if _, err := t.Exec(`INSERT INTO journal (at, kind, entity, entity_id, owner_id, data) VALUES (?, ?, ?, ?, ?, ?)`,
		at, m.kind.String(), entityWord(m.owner.Kind), m.id, m.owner.ID, m.journal); err != nil {
		return err
	}
	if !t.observed(m.owner) {
		return nil
	}
	c := change()
	c.Kind, c.At, c.Caller = m.kind, at, kopernik.CallerOf(t.job)
	for _, o := range *t.s.observers.Load() {
		if err := o(t, c); err != nil {
			return err
		}
	}
	return nil
}

// submittedInterests is the interests parameter of a change: each named
// interest → 1 or 0, as resolveInterests reads the submitted value (names
// as submitted; unknown names too, since they were submitted).
func submittedInterests(v any) *kopernik.Map {
	if v == nil {
		return nil
	}
	m := &kopernik.Map{}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			m.Set(values.Text(e), int64(1))
		}
	case *kopernik.Map:
		for i, k := range x.Keys {
			if isPHPIntKey(k) {
				m.Set(values.Text(x.Values[i]), int64(1))
			} else if phpTruthy(x.Values[i]) {
				m.Set(k, int64(1))
			} else {
				m.Set(k, int64(0))
			}
		}
	case string:
		if x != "" {
			m.Set(x, int64(1))
		}
	}
	return m
}
