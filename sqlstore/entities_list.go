package sqlstore

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
)

// filterDialect is the filter compiler's view of the engine.
func (s *Store) filterDialect() filter.Dialect {
	if s.d.NumberedPlaceholders() {
		return filter.Postgres
	}
	return filter.SQLite
}

// listFilter is the WHERE clause of a list: live rows, the fields[]
// conditions, and optionally one parent profile.
type listFilter struct {
	clause  string
	args    []any
	applied int           // usable conditions
	conds   []filter.Cond // as parsed, for the plan choice (see page)
}

func (s *Store) where(cat *kopernik.Catalog, q kopernik.ListQuery) (listFilter, error) {
	conds, err := filter.Parse(q.Filter, s.maxConditions())
	if err != nil {
		return listFilter{}, kopernik.Errorf(kopernik.EINVALID, kopernik.MsgTooManyConditions)
	}
	fd := s.filterDialect()
	w, args, applied := filter.Compile(fd, filter.Target{Fields: cat.Fields(q.Owner)}, conds, func(f *kopernik.Field, raw string) string { return s.conv.Normalize(f, raw) }, 0)
	clause := "removed IS NULL"
	if w != "" {
		clause += " AND " + w
	}
	if q.ProfileID > 0 {
		args = append(args, q.ProfileID)
		clause += " AND profile_id = " + fd.Placeholder(len(args))
	}
	return listFilter{clause: clause, args: args, applied: applied, conds: conds}, nil
}

func (s *Store) maxConditions() int {
	if s.MaxConditions <= 0 {
		return 100
	}
	return s.MaxConditions
}

func (s *Store) ListEntities(ctx context.Context, q kopernik.ListQuery) (kopernik.ListResult, error) {
	var res kopernik.ListResult
	cat := s.cat.Load()
	if !ownerExists(cat, q.Owner) {
		return res, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoDatabase)
	}
	fields := cat.Fields(q.Owner)
	lf, err := s.where(cat, q)
	if err != nil {
		return res, err
	}
	table := ownerTable(q.Owner)
	// The count and the page are independent: on two reader connections the
	// answer waits for the slower one, not for both in turn.
	var countErr error
	counted := make(chan struct{})
	if q.Total {
		go func() {
			defer close(counted)
			res.Total, countErr = s.count(ctx, table, lf.clause, lf.args)
		}()
	} else {
		close(counted)
	}
	if q.Start >= 0 && q.Limit > 0 {
		res.Items, err = s.page(ctx, q, fields, table, lf)
	}
	<-counted
	if err == nil {
		err = countErr
	}
	if err != nil {
		return kopernik.ListResult{}, err
	}
	if q.Owner.Kind == kopernik.OwnerDatabase && len(res.Items) > 0 && len(cat.Database(q.Owner.ID).Interests) > 0 {
		ids := make([]int64, len(res.Items))
		for i, e := range res.Items {
			ids[i] = e.ID
		}
		by := map[int64][]int64{}
		if _, err := s.interestsOf(ctx, s.rdb, ids, by); err != nil {
			return res, err
		}
		for _, e := range res.Items {
			e.Interests = by[e.ID]
		}
	}
	return res, nil
}

// page reads one page of a list. A filter that matches a large share of the
// rows, ordered by another indexed column, makes SQLite's planner walk the
// filter's index and sort every match, although walking the order's index
// and stopping after one page would be far cheaper; for a selective filter it
// is the other way round, and the planner cannot tell them apart without
// statistics per value. So one plan starts, and if it has not answered
// within a few milliseconds the other starts beside it on another reader
// connection: the first to finish answers and the other is interrupted.
//
// Which goes first: when the order's index holds every column the filter
// tests (see field_indexes.go), the walk reads only the rows it returns, and
// a page of a broad filter takes about a millisecond on a million rows; it
// goes first and the natural plan follows after walkHedgeAfter (then it is
// the selective filter that pays those milliseconds). Otherwise the walk
// reads a row per index entry and is only worth it for a broad filter: the
// natural plan goes first and the walk follows after hedgeAfter.
//
// The second plan starts only while fewer plans run than there are cores.
//
// Starting both at once was tried and measured worse: an interrupted sort
// runs on for milliseconds and takes the core the walk needs.
const (
	hedgeAfter     = time.Millisecond
	walkHedgeAfter = 3 * time.Millisecond
)

func (s *Store) page(ctx context.Context, q kopernik.ListQuery, fields []*kopernik.Field, table string, lf listFilter) ([]*kopernik.Entity, error) {
	where, args := lf.clause, lf.args
	target := filter.Target{Fields: fields}
	order := filter.OrderBy(s.filterDialect(), target, q.OrderBy, q.Order)
	tail := ` ORDER BY ` + order + ` LIMIT ` + strconv.FormatInt(q.Limit, 10) + ` OFFSET ` + strconv.FormatInt(q.Start, 10)
	cols := selectList(q.Owner, fields, "")
	natural := `SELECT ` + cols + ` FROM ` + table + ` WHERE ` + where + tail
	forced := ""
	if lf.applied > 0 && q.Start+q.Limit <= 1000 && s.plan != PlanNatural {
		forced = s.d.OrderedScan(table, s.orderIndex(target, q))
	}
	if forced == "" {
		return s.readPage(ctx, natural, q.Owner, fields, args)
	}
	ordered := `SELECT ` + cols + ` FROM ` + table + ` ` + forced + ` WHERE ` + where + tail
	if s.plan == PlanOrdered {
		return s.readPage(ctx, ordered, q.Owner, fields, args)
	}
	type outcome struct {
		items []*kopernik.Entity
		err   error
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan outcome, 2)
	run := func(text string) {
		s.planning.Add(1)
		items, err := s.readPage(rctx, text, q.Owner, fields, args)
		s.planning.Add(-1)
		done <- outcome{items, err}
	}
	first, second, wait := natural, ordered, hedgeAfter
	if s.walkTestsFilter(q, target, lf.conds) {
		first, second, wait = ordered, natural, walkHedgeAfter
	}
	go run(first)
	pending := 1
	var early outcome
	select {
	case early = <-done:
		if early.err == nil {
			return early.items, nil
		}
		pending = 0
	case <-time.After(wait):
	}
	// A second plan only helps when a core is free for it. Under load every
	// plan outlives the wait because it queues, not because it is the wrong
	// plan, and starting the other one too would double the work of every
	// request. A first plan that fails (an index renamed by a concurrent
	// structure change, say) always gets the other one as its fallback.
	started := false
	if early.err != nil || int(s.planning.Load()) < runtime.GOMAXPROCS(0) {
		go run(second)
		pending++
		started = true
	}
	for pending > 0 {
		o := <-done
		pending--
		if o.err == nil {
			return o.items, nil
		}
		if early.err == nil {
			early = o
		}
		if !started && ctx.Err() == nil {
			go run(second)
			pending++
			started = true
		}
	}
	return nil, early.err
}

// walkTestsFilter reports whether q is ordered by an indexed field whose
// index holds every column its filter (conds) tests.
func (s *Store) walkTestsFilter(q kopernik.ListQuery, t filter.Target, conds []filter.Cond) bool {
	f := filter.OrderField(t, q.OrderBy)
	if f == nil || strings.EqualFold(q.OrderBy, "id") {
		return false
	}
	used, other := filter.Uses(t, conds)
	return !other && s.indexHolds(t.Fields, f, used)
}

// orderIndex names the index a page ordered by q could be read along: the
// rowid for id order, the field's index for an ascending indexed field; ""
// when there is none.
func (s *Store) orderIndex(t filter.Target, q kopernik.ListQuery) string {
	if q.OrderBy == "" || strings.EqualFold(q.OrderBy, "id") {
		return "rowid"
	}
	f := filter.OrderField(t, q.OrderBy)
	if f == nil || !f.Index || f.Type == kopernik.TypeBig || filter.Descending(q.Order) {
		return ""
	}
	return s.indexNameOf(t.Fields, f)
}

func (s *Store) readPage(ctx context.Context, text string, o kopernik.Owner, fields []*kopernik.Field, args []any) ([]*kopernik.Entity, error) {
	rows, err := s.reads.query(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	var items []*kopernik.Entity
	for rows.Next() {
		e, err := scanEntity(rows, o, fields)
		if err != nil {
			rows.Close()
			return nil, err
		}
		items = append(items, e)
	}
	return items, closeRows(rows)
}

func (s *Store) EntityIDs(ctx context.Context, o kopernik.Owner, start, limit int64) ([]int64, error) {
	q := `SELECT id FROM ` + ownerTable(o) + ` WHERE removed IS NULL ORDER BY id`
	if limit >= 0 {
		q += ` LIMIT ` + strconv.FormatInt(limit, 10)
	} else if start > 0 {
		q += ` LIMIT -1`
		if s.d.NumberedPlaceholders() {
			q = strings.TrimSuffix(q, ` LIMIT -1`) + ` LIMIT ALL`
		}
	}
	if start > 0 {
		q += ` OFFSET ` + strconv.FormatInt(start, 10)
	}
	rows, err := s.rdb.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, closeRows(rows)
}

// matching returns the IDs of live entities matching q inside the transaction.
func (t *Tx) matching(q kopernik.ListQuery, requireFilter bool) ([]int64, error) {
	lf, err := t.s.where(t.Cat, q)
	if err != nil {
		return nil, err
	}
	if requireFilter && lf.applied == 0 {
		return nil, kopernik.Errorf(kopernik.EINVALID, kopernik.MsgFieldsRequired)
	}
	rows, err := t.conn.QueryContext(t.ctx, `SELECT id FROM `+ownerTable(q.Owner)+` WHERE `+lf.clause+` ORDER BY id`, lf.args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, closeRows(rows)
}

func (s *Store) UpdateMatching(ctx context.Context, q kopernik.ListQuery, in kopernik.EntityInput, create, requireFilter bool) (kopernik.BulkResult, error) {
	var res kopernik.BulkResult
	err := s.write(ctx, func(t *Tx) error {
		res = kopernik.BulkResult{}
		if !ownerExists(t.Cat, q.Owner) {
			return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoDatabase)
		}
		ids, err := t.matching(q, requireFilter)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			if !create {
				return nil
			}
			// The selection conditions are not copied into the new entity (O22).
			in.Secret, in.Created, in.Modified = nil, nil, nil
			res.Created, err = t.createEntity(q.Owner, q.ProfileID, in, s.now())
			return err
		}
		for _, id := range ids {
			e, err := s.loadEntity(t.ctx, t.conn, t.Cat, q.Owner.Kind, id)
			if err != nil {
				return err
			}
			if err := t.updateEntity(e, in); err != nil {
				return err
			}
		}
		res.Updated = len(ids)
		return nil
	})
	return res, err
}

func (s *Store) DeleteProfiles(ctx context.Context, databaseID int64, ids []int64) error {
	return s.write(ctx, func(t *Tx) error {
		o := kopernik.DatabaseOwner(databaseID)
		for _, id := range ids {
			e, err := s.loadEntity(t.ctx, t.conn, t.Cat, kopernik.OwnerDatabase, id)
			if err != nil {
				if kopernik.ErrorCode(err) == kopernik.ENOTFOUND {
					continue
				}
				return err
			}
			if e.Owner != o || e.Removed != "" {
				continue
			}
			if err := t.removeEntity(o, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// Unsubscribe applies the owner's unsubscribe behaviour (structure.md §5.7).
func (s *Store) Unsubscribe(ctx context.Context, kind kopernik.OwnerKind, id int64, q *kopernik.ListQuery) error {
	return s.write(ctx, func(t *Tx) error {
		var ids []int64
		if q != nil {
			var err error
			if ids, err = t.matching(*q, true); err != nil {
				return err
			}
		} else {
			ids = []int64{id}
		}
		for _, eid := range ids {
			e, err := s.loadEntity(t.ctx, t.conn, t.Cat, kind, eid)
			if err != nil {
				return err
			}
			if e.Removed != "" {
				continue // O29: nothing to do for a removed entity
			}
			u := t.unsubscribe(e.Owner)
			switch u.Behavior {
			case kopernik.UnsubRemove:
				if err := t.removeEntity(e.Owner, eid); err != nil {
					return err
				}
			case kopernik.UnsubUpdate:
				m := &kopernik.Map{}
				for _, uf := range u.Fields {
					if f := t.Cat.Field(uf.FieldID); f != nil {
						m.Set(f.Name, uf.Value)
					}
				}
				if err := t.updateEntity(e, kopernik.EntityInput{Fields: m}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
