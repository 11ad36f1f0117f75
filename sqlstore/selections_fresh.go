package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Freshness of members (§3.5): a read builds what is not clean first, a
// rebuild request and the schedule build in the background. Every build is a
// job of the writer, so on SQLite it is serialized with the writes whose
// data it reads, and it commits its members together with a clean build row.

// SelectionOptions tune the membership engine (serve flags).
type SelectionOptions struct {
	// BuildTimeout is how long a read waits for a build before it serves the
	// previous members (0: DefaultBuildTimeout).
	BuildTimeout time.Duration
	// NoBuildOnRead serves stored members as they are, stale or not, like the
	// hosted service (a selection never built is still built).
	NoBuildOnRead bool
	// Every is the interval of scheduled rebuilds of the selections that
	// depend on time, on the whole set or on the journal; they also run just
	// after midnight in the service zone. 0: no schedule.
	Every time.Duration
}

// DefaultBuildTimeout is the wait of a read for a build.
const DefaultBuildTimeout = 10 * time.Second

type selEngine struct {
	mu      sync.Mutex
	opt     SelectionOptions
	running map[kopernik.SelectionRef]*buildCall
	stop    chan struct{}
	done    sync.WaitGroup
}

// buildCall is one build in flight; readers of the same selection share it.
type buildCall struct {
	done chan struct{}
	err  error
}

func (s *Store) initSelections() {
	s.sel.running = map[kopernik.SelectionRef]*buildCall{}
	s.sel.opt.BuildTimeout = DefaultBuildTimeout
}

// ConfigureSelections sets the engine's options and starts the schedule;
// call it once, before serving.
func (s *Store) ConfigureSelections(o SelectionOptions) {
	if o.BuildTimeout <= 0 {
		o.BuildTimeout = DefaultBuildTimeout
	}
	s.sel.mu.Lock()
	s.sel.opt = o
	s.sel.mu.Unlock()
	if o.Every > 0 {
		s.sel.stop = make(chan struct{})
		s.sel.done.Add(1)
		go s.schedule(o.Every)
		s.OnClose(func() error {
			close(s.sel.stop)
			s.sel.done.Wait()
			return nil
		})
	}
}

func (s *Store) selOptions() SelectionOptions {
	s.sel.mu.Lock()
	defer s.sel.mu.Unlock()
	return s.sel.opt
}

// closure is ref and everything it depends on, transitively, in build order.
func closure(d *selection.Definitions, ref kopernik.SelectionRef) ([]kopernik.SelectionRef, error) {
	need := map[kopernik.SelectionRef]bool{}
	stack := []kopernik.SelectionRef{ref}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if need[n] {
			continue
		}
		need[n] = true
		stack = append(stack, d.DependsOn(n)...)
	}
	order, err := d.BuildOrder()
	if err != nil {
		return nil, err
	}
	out := make([]kopernik.SelectionRef, 0, len(need))
	for _, n := range order {
		if need[n] {
			out = append(out, n)
		}
	}
	return out, nil
}

// EnsureMembers implements kopernik.SelectionMemberStore. It checks the
// build rows again after every build it waited for: a build that a reader
// joined may have started before a write this reader must see, which left
// the rows dirty again.
func (s *Store) EnsureMembers(ctx context.Context, ref kopernik.SelectionRef) error {
	opt := s.selOptions()
	timer := time.NewTimer(opt.BuildTimeout)
	defer timer.Stop()
	for {
		defs := selection.Of(s.cat.Load())
		if !defs.Exists(ref) {
			return notFoundSelection(ref)
		}
		need, err := closure(defs, ref)
		if err != nil {
			return err
		}
		states, err := s.buildStates(ctx, s.rdb, need)
		if err != nil {
			return err
		}
		fresh, built := true, true
		for _, n := range need {
			fresh = fresh && states[n].Fresh()
			built = built && states[n].Built
		}
		if fresh || (built && opt.NoBuildOnRead) {
			return nil
		}
		call := s.startBuild(ref, false)
		select {
		case <-call.done:
			if call.err != nil {
				return call.err
			}
			continue
		case <-timer.C:
			if states[ref].Built {
				return nil // the previous members; the build goes on
			}
		case <-ctx.Done():
			return ctx.Err()
		}
		// Never built: wait whatever the limit.
		select {
		case <-call.done:
			if call.err != nil {
				return call.err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
		timer.Reset(opt.BuildTimeout)
	}
}

// RebuildSelection implements kopernik.SelectionMemberStore.
func (s *Store) RebuildSelection(ctx context.Context, ref kopernik.SelectionRef) error {
	if !selection.Of(s.cat.Load()).Exists(ref) {
		return notFoundSelection(ref)
	}
	s.startBuild(ref, true)
	return nil
}

func notFoundSelection(ref kopernik.SelectionRef) error {
	if ref.Kind == kopernik.KindMiniview {
		return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoMiniview)
	}
	return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoView)
}

// startBuild runs a build of ref in the background, or joins the one
// running. force rebuilds ref even when it is clean (the rebuild route);
// what it depends on is built only where stale.
func (s *Store) startBuild(ref kopernik.SelectionRef, force bool) *buildCall {
	s.sel.mu.Lock()
	if c, ok := s.sel.running[ref]; ok && !force {
		s.sel.mu.Unlock()
		return c
	}
	c := &buildCall{done: make(chan struct{})}
	s.sel.running[ref] = c
	s.sel.mu.Unlock()
	go func() {
		now := s.now()
		c.err = s.writeAlone(context.Background(), func(t *Tx) error { return t.buildFresh(ref, now, force) })
		if force && c.err == nil {
			c.err = s.buildDependents(ref, now)
		}
		if c.err != nil && !errors.Is(c.err, errWriterClosed) {
			slog.Error("selection build failed", "selection", refString(ref), "err", c.err)
		}
		s.sel.mu.Lock()
		if s.sel.running[ref] == c {
			delete(s.sel.running, ref)
		}
		s.sel.mu.Unlock()
		close(c.done)
	}()
	return c
}

func refString(ref kopernik.SelectionRef) string {
	return kindWord(ref.Kind) + " " + strconv.FormatInt(ref.ID, 10)
}

// writeAlone runs a build as a writer job in a transaction of its own: on
// PostgreSQL its build row locks, taken in one order, are then all the locks
// of selection rows its transaction holds, and no data write waits behind
// a long build inside a shared batch.
func (s *Store) writeAlone(ctx context.Context, fn func(tx *Tx) error) error {
	return s.submit(&job{ctx: ctx, fn: fn, done: make(chan error, 1), alone: true})
}

// buildDependents rebuilds, after a requested rebuild of ref, what depends
// on it and became stale (§3.5 item 5), in build order, one writer job each
// (each takes its own build rows, in the order every build takes them).
func (s *Store) buildDependents(ref kopernik.SelectionRef, now time.Time) error {
	defs := selection.Of(s.cat.Load())
	deps := dependentsOf(defs, ref)
	for _, d := range inBuildOrder(defs, deps) {
		if err := s.writeAlone(context.Background(), func(t *Tx) error { return t.buildFresh(d, now, false) }); err != nil {
			return err
		}
	}
	return nil
}

// dependentsOf lists what depends on ref, directly or not, each once.
func dependentsOf(d *selection.Definitions, ref kopernik.SelectionRef) []kopernik.SelectionRef {
	seen := map[kopernik.SelectionRef]bool{ref: true}
	var out []kopernik.SelectionRef
	stack := []kopernik.SelectionRef{ref}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, dep := range d.Dependents(n) {
			if !seen[dep] {
				seen[dep] = true
				out = append(out, dep)
				stack = append(stack, dep)
			}
		}
	}
	return out
}

// buildFresh builds ref and what it depends on, in dependency order, each
// only when it is not clean (ref also when forced). Each build row is
// locked first, so on PostgreSQL a build another node just finished is
// seen clean and skipped. Whatever depends on a rebuilt selection is marked
// dirty: its members were computed from the old ones.
func (t *Tx) buildFresh(ref kopernik.SelectionRef, now time.Time, force bool) error {
	defs := t.defs()
	if !defs.Exists(ref) {
		return nil // deleted meanwhile
	}
	need, err := closure(defs, ref)
	if err != nil {
		return err
	}
	for _, n := range need {
		if err := t.lockBuild(n); err != nil {
			return err
		}
		st, err := t.buildState(n)
		if err != nil {
			return err
		}
		if st.Fresh() && !(force && n == ref) {
			continue
		}
		if err := t.BuildSelection(n, now); err != nil {
			return err
		}
		if err := t.MarkSelectionsDirty(defs.Dependents(n)); err != nil {
			return err
		}
	}
	return nil
}

// buildState reads the build row of ref inside the transaction.
func (t *Tx) buildState(ref kopernik.SelectionRef) (BuildState, error) {
	var st BuildState
	err := t.QueryRow(`SELECT built_at, dirty FROM selection_builds WHERE kind = ? AND id = ?`,
		kindWord(ref.Kind), ref.ID).Scan(&st.BuiltAt, &st.Dirty)
	if errors.Is(err, sql.ErrNoRows) {
		return BuildState{}, nil
	}
	st.Built = st.BuiltAt != ""
	return st, err
}

// SetClock replaces the store's clock, for tests of time windows: call it
// before the first write. Stamps, journal times and build times follow it.
func (s *Store) SetClock(now func() time.Time) {
	s.clk.Now = now
	s.conv.Now = now
}
