package sqlstore

import (
	"context"
	"database/sql"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/kopernik/kopernik"
)

// groupReads is group commit for reads by ID on a shared store. Under GET
// load, about a third of the server's CPU went to the loopback round trips
// to PostgreSQL and PostgreSQL's own cost per statement, one statement per
// GET. GETs of the same owner under the same catalog run the same statement
// text, so those that arrive while every slot is busy join one open group,
// and the group's first request (its leader) runs them all as one statement
// (WHERE id = ANY($1)) once a slot is free. A request that finds a free slot
// runs its own statement at once: a lone GET waits for nobody.
//
// Each waiter gets what its own statement would have given: the row of its
// ID, read in the same snapshot as the catalog version, which is checked
// per row. A missing row, another version or a failed statement gives nil,
// and the caller takes the slow path it takes after a lone read.
type groupReads struct {
	// slots bounds the statements in flight; a request holds one while its
	// statement (single or grouped) runs.
	slots chan struct{}
	mu    sync.Mutex
	open  map[groupKey]*readGroup
	// statements and reads count for tests and measurements.
	statements, reads atomic.Int64
}

// groupKey names a statement text: the text and how its row is scanned
// follow from the catalog snapshot and the owner.
type groupKey struct {
	cat *kopernik.Catalog
	o   kopernik.Owner
}

type readGroup struct {
	ids  []int64
	done chan struct{}
	got  []*kopernik.Entity // per position in ids, set before done closes
}

// maxGroup caps the IDs of one statement: past it a new group opens, which
// keeps the statement and its answer short.
const maxGroup = 64

func newGroupReads(slots int) *groupReads {
	if slots < 1 {
		slots = 1
	}
	return &groupReads{slots: make(chan struct{}, slots), open: map[groupKey]*readGroup{}}
}

func (g *groupReads) read(ctx context.Context, s *Store, rr RowReader, cat *kopernik.Catalog, o kopernik.Owner, fields []*kopernik.Field, id int64) *kopernik.Entity {
	g.reads.Add(1)
	select {
	case g.slots <- struct{}{}:
		g.statements.Add(1)
		e, err := s.readOneChecked(ctx, rr, cat, o, fields, id)
		<-g.slots
		if err != nil {
			return nil
		}
		return e
	default:
	}
	key := groupKey{cat, o}
	g.mu.Lock()
	if grp := g.open[key]; grp != nil && len(grp.ids) < maxGroup {
		at := len(grp.ids)
		grp.ids = append(grp.ids, id)
		g.mu.Unlock()
		<-grp.done
		return grp.got[at]
	}
	grp := &readGroup{ids: []int64{id}, done: make(chan struct{})}
	g.open[key] = grp
	g.mu.Unlock()

	// A waiting send is handed the slot of the next statement to finish,
	// before any request that arrives after it.
	g.slots <- struct{}{}
	g.mu.Lock()
	if g.open[key] == grp {
		delete(g.open, key)
	}
	ids := grp.ids
	g.mu.Unlock()
	g.statements.Add(1)
	defer func() {
		// Even if the read panics, the followers must not wait forever:
		// they get nil and take their slow path.
		if grp.got == nil {
			grp.got = make([]*kopernik.Entity, len(ids))
		}
		<-g.slots
		close(grp.done)
	}()
	grp.got = s.readManyChecked(ctx, rr, cat, o, fields, ids)
	return grp.got[0]
}

// readManyChecked reads ids in one statement and returns the entity of each
// position, nil where its own statement would have sent the caller to the
// slow path. A position repeating an ID gets a copy of its own.
func (s *Store) readManyChecked(ctx context.Context, rr RowReader, cat *kopernik.Catalog, o kopernik.Owner, fields []*kopernik.Field, ids []int64) []*kopernik.Entity {
	got := make([]*kopernik.Entity, len(ids))
	if len(ids) == 1 {
		got[0], _ = s.readOneChecked(ctx, rr, cat, o, fields, ids[0])
		return got
	}
	rows := make(map[int64]*kopernik.Entity, len(ids))
	err := rr.ReadRows(ctx, s.rdb, s.selectByIDsVersioned(cat, o, fields), []any{ids}, func(sc RowScanner) error {
		e, err := scanChecked(sc, cat, o, fields)
		if e != nil {
			rows[e.ID] = e
		}
		return err
	})
	if err != nil {
		return got
	}
	for i, id := range ids {
		e := rows[id]
		if e == nil {
			continue
		}
		if slices.Contains(ids[:i], id) {
			c := *e
			c.Values = maps.Clone(e.Values)
			c.Interests = slices.Clone(e.Interests)
			e = &c
		}
		got[i] = e
	}
	return got
}

// ReadStatements tells how many GETs by ID went through group reads and
// how many statements they ran (0, 0 where reads are not grouped).
func (s *Store) ReadStatements() (reads, statements int64) {
	if s.groups == nil {
		return 0, 0
	}
	return s.groups.reads.Load(), s.groups.statements.Load()
}

// groupSlots is the number of GET statements in flight at once: as many as
// the node has cores (at least two), and never more than the read pool
// holds. Measured on 2 cores with 32 clients, 16 slots (the pool's size)
// left almost every GET its own statement and gained nothing; 2 slots
// grouped them and served more GETs in every run. Statements beyond
// the node's cores buy no parallelism on the node, whose share of a
// statement (pgx, the loopback syscalls) is what grouping saves.
func groupSlots(rdb *sql.DB) int {
	n := max(runtime.GOMAXPROCS(0), 2)
	if pool := rdb.Stats().MaxOpenConnections; pool > 0 {
		n = min(n, pool)
	}
	return n
}
