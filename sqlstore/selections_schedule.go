package sqlstore

import (
	"context"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// schedule rebuilds, every interval and just after midnight in the service
// zone (so day-based relative dates roll over), the selections whose members
// move without a write to them: relative time windows, Part and DoubleField,
// the journal. They are marked dirty and built in dependency order with
// one now for the run. On PostgreSQL every node runs the schedule; the
// build row lock makes a second node find the selection clean and skip it.
func (s *Store) schedule(every time.Duration) {
	defer s.sel.done.Done()
	tick := time.NewTicker(every)
	defer tick.Stop()
	midnight := time.NewTimer(untilAfterMidnight(s.now()))
	defer midnight.Stop()
	for {
		select {
		case <-s.sel.stop:
			return
		case <-tick.C:
		case <-midnight.C:
			midnight.Reset(untilAfterMidnight(s.now()))
		}
		s.RebuildMoving(context.Background())
	}
}

// untilAfterMidnight is the wait from now until one second past the next
// midnight of now's zone.
func untilAfterMidnight(now time.Time) time.Duration {
	y, m, d := now.Date()
	next := time.Date(y, m, d+1, 0, 0, 1, 0, now.Location())
	return next.Sub(now)
}

// RebuildMoving is one scheduled run (also called by tests and benchmarks).
func (s *Store) RebuildMoving(ctx context.Context) error {
	defs := selection.Of(s.cat.Load())
	order, err := defs.BuildOrder()
	if err != nil {
		return err
	}
	var moving []kopernik.SelectionRef
	for _, ref := range order {
		if !defs.Depends(ref).PerEntity() {
			moving = append(moving, ref)
		}
	}
	if len(moving) == 0 {
		return nil
	}
	if err := s.writeAlone(ctx, func(t *Tx) error { return t.MarkSelectionsDirty(moving) }); err != nil {
		return err
	}
	now := s.now()
	for _, ref := range order {
		// One job per selection keeps each writer batch short.
		if err := s.writeAlone(ctx, func(t *Tx) error { return t.buildFresh(ref, now, false) }); err != nil {
			return err
		}
	}
	return nil
}
