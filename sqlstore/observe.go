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
func (s *Store) Observe(o Observer) { s.ObserveIf(nil, o) }

// Wants tells, before a change is built, whether an observer follows a
// change of this kind to an entity of owner. It must not allocate: it runs
// for every change.
type Wants func(t *Tx, kind kopernik.ChangeKind, owner kopernik.Owner) bool

// ObserveIf registers o for the changes wants admits (nil: all). While no
// observer wants a change, the writer neither builds nor allocates it.
func (s *Store) ObserveIf(wants Wants, o Observer) {
	s.observeMu.Lock()
	defer s.observeMu.Unlock()
	var list []observer
	if cur := s.observers.Load(); cur != nil {
		list = slices.Clone(*cur)
	}
	list = append(list, observer{fn: o, wants: wants})
	s.observers.Store(&list)
}

type observer struct {
	fn    Observer
	wants Wants
}

// observing reports whether some observer wants a change of this kind to an
// entity of o.
func (t *Tx) observing(kind kopernik.ChangeKind, o kopernik.Owner) bool {
	obs := t.s.observers.Load()
	if obs == nil {
		return false
	}
	for _, ob := range *obs {
		if ob.wants == nil || ob.wants(t, kind, o) {
			return true
		}
	}
	return false
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
// change builds what observers see. It is called only when an observer is
// registered, so the writer's hot path neither builds nor allocates it; it is
// a parameter of its own, apart from m, whose values go to the driver, so
// that the closure stays on the caller's stack.
func (t *Tx) record(m mutation, change func() *kopernik.Change) error {
	at := m.at
	if at == "" {
		at = kopernik.Stamp(t.s.now())
	}
	if err := t.execLater(`INSERT INTO journal (at, kind, entity, entity_id, owner_id, data) VALUES (?, ?, ?, ?, ?, ?)`,
		at, m.kind.String(), entityWord(m.owner.Kind), m.id, m.owner.ID, m.journal); err != nil {
		return err
	}
	return t.tell(m.kind, m.owner, func() *kopernik.Change {
		c := change()
		c.Kind, c.At, c.Caller = m.kind, at, kopernik.CallerOf(t.job)
		return c
	})
}

// tell hands a change to the observers that want it, building it (change)
// only when one does. Bulk paths that write their journal rows themselves
// (imports) call it for each change they made.
func (t *Tx) tell(kind kopernik.ChangeKind, owner kopernik.Owner, change func() *kopernik.Change) error {
	obs := t.s.observers.Load()
	if obs == nil {
		return nil
	}
	var c *kopernik.Change
	for _, o := range *obs {
		if o.wants != nil && !o.wants(t, kind, owner) {
			continue
		}
		if c == nil {
			c = change()
		}
		if err := o.fn(t, c); err != nil {
			return err
		}
	}
	return nil
}

// observingAny reports whether some observer wants any change to an entity
// of o, so a bulk path can skip preparing what observers read.
func (t *Tx) observingAny(o kopernik.Owner) bool {
	return t.observing(kopernik.ChangeCreate, o) || t.observing(kopernik.ChangeUpdate, o) || t.observing(kopernik.ChangeDelete, o)
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
