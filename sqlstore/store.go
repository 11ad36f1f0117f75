package sqlstore

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// Store implements kopernik.Store on database/sql.
type Store struct {
	d    Dialect
	rdb  *sql.DB // read pool
	wdb  *sql.DB // the writer's pool (one connection for SQLite)
	w    *writer
	cat  atomic.Pointer[kopernik.Catalog]
	conv values.Conv
	clk  kopernik.Clock
	// owners caches entity ID → database/collection (immutable facts).
	owners   ownerCache
	reads    stmtCache
	plan     ListPlan
	maintain func(ctx context.Context, conn *sql.Conn)
	// dataVersion moves with every committed write; counts cached under an
	// older version are stale.
	dataVersion atomic.Uint64
	// dataSlot is this node's row of data_versions on a shared store (see
	// count_cache.go): picked at random, so nodes rarely share one.
	dataSlot int
	counts   countCache
	bounds   pageBounds
	byID     atomic.Pointer[byIDQueries]
	groups   *groupReads // nil: every GET by ID runs its own statement
	// planning counts list-page plans running (see page).
	planning atomic.Int32
	closers  []func() error
	// versions shares catalog-version reads among concurrent requests.
	versions versionCheck
	// reloadMu keeps concurrent requests from rereading the catalog at once.
	reloadMu sync.Mutex
	// observers follow every entity change (see Observe); nil while none is
	// registered, which is what the writer checks.
	observers atomic.Pointer[[]observer]
	observeMu sync.Mutex
	// writerStats hears of every commit (nil: nobody listens); stats are
	// the engine's own figures (see stats.go).
	writerStats WriterStats
	stats       stats
	// inc is the incremental plan of selections for the writer's latest
	// snapshot (see selections_incremental.go).
	inc atomic.Pointer[incPlan]
	// sel keeps selection members fresh (selections_fresh.go).
	sel selEngine
	// webhookWake runs after a commit that queued webhook events.
	webhookWake webhookWaker
	// importWake tells the import worker a job was stored here.
	importWake chan struct{}
	// deferredIndexes holds the owners (ownerTable names) whose field
	// indexes a bulk import dropped until it ends: no read may name them.
	deferredIndexes sync.Map
}

// dataSlots is the number of rows of data_versions (postgres migration 00006).
const dataSlots = 64

// Options configures a Store.
type Options struct {
	Loc *time.Location
	Now func() time.Time
	// ListPlan picks how a filtered, ordered page is read; tests use it to
	// compare the plans. The zero value races them (see page).
	ListPlan ListPlan
	// Maintain runs on the writer's connection between batches, outside any
	// transaction: engine housekeeping that must not race the writer (SQLite
	// resets its write-ahead log there).
	Maintain func(ctx context.Context, conn *sql.Conn)
	// WriterStats, when set, hears of every group commit (the metrics).
	WriterStats WriterStats
}

// ListPlan selects the plan of a filtered, ordered page.
type ListPlan int

const (
	PlanRace ListPlan = iota
	PlanNatural
	PlanOrdered
)

var _ kopernik.Store = (*Store)(nil)

// New builds a Store over an already migrated schema. rdb serves reads; wdb is
// used by the single writer.
func New(ctx context.Context, d Dialect, rdb, wdb *sql.DB, opt Options) (*Store, error) {
	if opt.Loc == nil {
		opt.Loc = time.UTC
	}
	s := &Store{d: d, rdb: rdb, wdb: wdb,
		conv: values.Conv{Loc: opt.Loc, Now: opt.Now},
		clk:  kopernik.Clock{Loc: opt.Loc, Now: opt.Now}, importWake: make(chan struct{}, 1),
		dataSlot: rand.IntN(dataSlots)}
	cat, err := s.readCatalog(ctx)
	if err != nil {
		return nil, err
	}
	s.cat.Store(cat)
	if err := s.loadOwners(ctx); err != nil {
		return nil, err
	}
	s.plan, s.maintain, s.writerStats = opt.ListPlan, opt.Maintain, opt.WriterStats
	s.registerOutbox()
	s.reads.db, s.reads.off = rdb, !d.Prepare()
	if _, ok := d.(RowReader); ok && d.Shared() {
		s.groups = newGroupReads(groupSlots(rdb))
	}
	conn, err := wdb.Conn(ctx)
	if err != nil {
		return nil, err
	}
	s.w = newWriter(s, conn)
	s.initSelections()
	// The selections' own observer hears only databases with selections.
	s.ObserveIf(func(t *Tx, _ kopernik.ChangeKind, o kopernik.Owner) bool { return t.selectionGroup(o) != nil }, keepSelections)
	if err := s.syncAllIndexes(ctx); err != nil {
		s.w.close(time.Minute)
		return nil, err
	}
	return s, nil
}

// Dialect exposes the engine's dialect (for the filter compiler).
func (s *Store) Dialect() Dialect { return s.d }

// OnClose registers engine work to stop when the store closes, after the
// writer has finished.
func (s *Store) OnClose(f func() error) { s.closers = append(s.closers, f) }

// Close finishes queued writes and closes the pools.
func (s *Store) Close() error {
	err := s.w.close(30 * time.Second)
	for _, f := range s.closers {
		if e := f(); err == nil {
			err = e
		}
	}
	if e := s.rdb.Close(); err == nil {
		err = e
	}
	if s.wdb != s.rdb {
		if e := s.wdb.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Catalog returns the current snapshot. On a shared store one cheap query
// tells whether another node changed the structure; only then is it reread.
func (s *Store) Catalog(ctx context.Context) (*kopernik.Catalog, error) {
	cat := s.cat.Load()
	if !s.d.Shared() {
		return cat, nil
	}
	v, err := s.versions.current(ctx, s.rdb)
	if err != nil {
		return nil, err
	}
	if v == cat.Version {
		return cat, nil
	}
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	if cur := s.cat.Load(); cur.Version >= v {
		return cur, nil
	}
	fresh, err := s.readCatalog(ctx)
	if err != nil {
		return nil, err
	}
	s.cat.Store(fresh)
	return fresh, nil
}

// Snapshot is the catalog as this node last read it (kopernik.StructureStore).
func (s *Store) Snapshot() *kopernik.Catalog { return s.cat.Load() }

// CatalogVersion is the version of this node's current catalog snapshot.
func (s *Store) CatalogVersion() int64 { return s.cat.Load().Version }

const catalogVersionSQL = `SELECT value FROM meta WHERE key = 'catalog_version'`

// catalogVersion reads the structure version.
func catalogVersion(ctx context.Context, q querier) (int64, error) {
	rows, err := q.QueryContext(ctx, catalogVersionSQL)
	if err != nil {
		return 0, err
	}
	var v int64
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return 0, err
		}
		v = parseInt(s)
	}
	return v, closeRows(rows)
}

func (s *Store) now() time.Time { return s.clk.Time() }

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.rdb.QueryContext(ctx, Rebind(s.d, q), args...)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.rdb.QueryRowContext(ctx, Rebind(s.d, q), args...)
}

// Conv is the value conversion of single writes, for callers that
// normalise values ahead of the store (imports).
func (s *Store) Conv() values.Conv { return s.conv }
