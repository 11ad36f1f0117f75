package sqlstore

import (
	"context"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
)

// listFilter is the WHERE clause of a list: live rows, the expression, and
// optionally one parent profile. Placeholders are ?, numbered by Rebind.
type listFilter struct {
	clause string
	args   []any
	where  kopernik.Expr // for the plan choice (see page)
	// members is the selection the list is restricted to, by a clause at
	// the end of clause that starts at byte membersAt (see pageBounded).
	members   kopernik.SelectionRef
	membersAt int
}

func (s *Store) where(cat *kopernik.Catalog, q kopernik.ListQuery) (listFilter, error) {
	lf := listFilter{clause: "removed IS NULL", where: q.Where}
	if q.Where != nil || q.Order.By == kopernik.OrderField {
		if err := checkFields(cat, q.Owner, q.Where, q.Order); err != nil {
			return listFilter{}, err
		}
	}
	if q.Where != nil {
		w, args := filter.Compile(s.d.Filter(), filter.Target{Table: ownerTable(q.Owner), Subprofiles: q.Owner.Kind == kopernik.OwnerCollection}, q.Where)
		lf.clause += " AND " + w
		lf.args = args
	}
	if q.ProfileID > 0 {
		lf.args = append(lf.args, q.ProfileID)
		lf.clause += " AND profile_id = ?"
	}
	if q.Members.Kind != 0 {
		lf.members, lf.membersAt = q.Members, len(lf.clause)
		lf.clause += " AND " + memberClause(q.Members, ownerTable(q.Owner), "")
	}
	return lf, nil
}

// checkFields makes sure an expression and order resolved against an older
// catalog snapshot still name columns of the owner's table with the type
// they were resolved for. Only a structure change racing the request fails
// here, and then refusing is safer than widening a bulk update.
func checkFields(cat *kopernik.Catalog, o kopernik.Owner, e kopernik.Expr, ord kopernik.Order) error {
	fields, _ := filter.Uses(e)
	if ord.By == kopernik.OrderField {
		fields = append(fields, ord.Field)
	}
	for _, f := range fields {
		if f == nil {
			return errStaleFilter
		}
		if cur := cat.Field(f.ID); cur == nil || cur.Owner != o || cur.Type != f.Type {
			return errStaleFilter
		}
	}
	return nil
}

var errStaleFilter = kopernik.Errorf(kopernik.ECONFLICT, "The fields changed during the request; please repeat it")

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
			if q.Members.Kind != 0 && q.Where == nil && q.ProfileID == 0 {
				res.Total, countErr = s.countMembers(ctx, q.Members, table)
				return
			}
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
	order := filter.OrderBy(s.d.Filter(), filter.Target{}, q.Order)
	if cmp := seekComparison(order); cmp != "" {
		return s.pageBounded(ctx, q, fields, table, lf, order, cmp)
	}
	return s.pageAt(ctx, q, fields, table, lf, order, q.Start)
}

// pageAt reads the page of q at offset, with lf's clause and arguments
// (which pageBounded narrows).
func (s *Store) pageAt(ctx context.Context, q kopernik.ListQuery, fields []*kopernik.Field, table string, lf listFilter, order string, offset int64) ([]*kopernik.Entity, error) {
	where, args := lf.clause, lf.args
	tail := ` ORDER BY ` + order + ` LIMIT ` + strconv.FormatInt(q.Limit, 10) + ` OFFSET ` + strconv.FormatInt(offset, 10)
	cols := selectList(q.Owner, fields, "")
	natural := Rebind(s.d, `SELECT `+cols+` FROM `+table+` WHERE `+where+tail)
	forced := ""
	if lf.where != nil && offset+q.Limit <= 1000 && s.plan != PlanNatural {
		forced = s.d.OrderedScan(table, s.orderIndex(fields, q.Order))
	}
	if forced == "" {
		return s.readPage(ctx, natural, q.Owner, fields, args, nil)
	}
	ordered := Rebind(s.d, `SELECT `+cols+` FROM `+table+` `+forced+` WHERE `+where+tail)
	if s.plan == PlanOrdered {
		return s.readPage(ctx, ordered, q.Owner, fields, args, nil)
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
		items, err := s.readPage(rctx, text, q.Owner, fields, args, nil)
		s.planning.Add(-1)
		done <- outcome{items, err}
	}
	first, second, wait := natural, ordered, hedgeAfter
	if s.walkTestsFilter(fields, q.Order, lf.where) {
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

// walkTestsFilter reports whether the order is on an indexed field whose
// index holds every column the expression tests.
func (s *Store) walkTestsFilter(fields []*kopernik.Field, o kopernik.Order, where kopernik.Expr) bool {
	if o.By != kopernik.OrderField {
		return false
	}
	used, other := filter.Uses(where)
	return !other && s.indexHolds(fields, o.Field, used)
}

// orderIndex names the index a page in order o could be read along: the
// rowid for id order, the field's index for an ascending indexed field; ""
// when there is none.
func (s *Store) orderIndex(fields []*kopernik.Field, o kopernik.Order) string {
	switch {
	case o.By == kopernik.OrderID:
		return "rowid"
	case o.By != kopernik.OrderField, !o.Field.Index, o.Field.Type == kopernik.TypeBig, o.Desc:
		return ""
	}
	if _, off := s.deferredIndexes.Load(ownerTable(o.Field.Owner)); off {
		return "" // a bulk import rebuilds it (imports_indexes.go)
	}
	return s.indexNameOf(fields, o.Field)
}

// readPage runs a page's statement; version, when not nil, receives the
// column that follows the entity's.
func (s *Store) readPage(ctx context.Context, text string, o kopernik.Owner, fields []*kopernik.Field, args []any, version *uint64) ([]*kopernik.Entity, error) {
	rows, err := s.reads.query(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	var sc rowScanner = rows
	if version != nil {
		sc = trailingScanner{rows, version}
	}
	var items []*kopernik.Entity
	for rows.Next() {
		e, err := scanEntity(sc, o, fields)
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
		q += ` ` + s.d.Unlimited()
	}
	if start > 0 {
		q += ` OFFSET ` + strconv.FormatInt(start, 10)
	}
	return scanIDs(s.rdb.QueryContext(ctx, q))
}

// matching returns the IDs of live entities matching q inside the
// transaction, in ID order.
func (t *Tx) matching(q kopernik.ListQuery) ([]int64, error) {
	lf, err := t.s.where(t.Cat, q)
	if err != nil {
		return nil, err
	}
	return scanIDs(t.Query(`SELECT id FROM `+ownerTable(q.Owner)+` WHERE `+lf.clause+` ORDER BY id`, lf.args...))
}

func (s *Store) UpdateMatching(ctx context.Context, q kopernik.ListQuery, in kopernik.EntityInput, create bool) (kopernik.BulkResult, error) {
	var res kopernik.BulkResult
	err := s.write(ctx, func(t *Tx) error {
		res = kopernik.BulkResult{}
		if !ownerExists(t.Cat, q.Owner) {
			return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoDatabase)
		}
		ids, err := t.matching(q)
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
	// In ID order, as every bulk change is observed.
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
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
			if err := t.removeEntity(e); err != nil {
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
			if ids, err = t.matching(*q); err != nil {
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
				if err := t.removeEntity(e); err != nil {
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
