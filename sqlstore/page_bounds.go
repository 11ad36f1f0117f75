package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"sync"

	"github.com/kopernik/kopernik"
)

// pageBounds remembers where the pages of lists read in ID order ended: for
// a list (its table, WHERE clause, arguments and direction) and a position
// p, the ID of the p-th row, tagged with the data version of the snapshot
// that read it. A later page from offset p on is then `id > that ID`
// along the primary key instead of an OFFSET that reads and discards every
// row before it: on PostgreSQL each discarded member of a view is a join
// probe, and OFFSET 4,900 cost a page more than 10 ms. A boundary holds only
// while the data version still reads its tag, because any commit may have
// moved rows across it (see pageBounded for how the tag is checked).
type pageBounds struct {
	mu    sync.Mutex
	lists map[string]*boundList
	bytes int
}

// boundList holds one list's boundaries, all read at one data version: a
// boundary of a newer version replaces them all.
type boundList struct {
	version uint64
	pos     []int64 // ascending
	ids     []int64 // ids[i]: the ID of the row at position pos[i]-1
}

// The bounds: lists, boundaries per list (a client paging in steps of 10
// through a list of 10,000 rows needs 1,000), and bytes over all (keys are
// SQL texts with their arguments).
const (
	maxBoundLists    = 1024
	maxBoundsPerList = 4096
	maxBoundBytes    = 8 << 20
	boundListBytes   = 96 // map entry and slice headers, roughly
)

// lower returns the nearest boundary at or before start, past position 0.
func (b *pageBounds) lower(key string, start int64) (version uint64, pos, id int64, ok bool) {
	if start <= 0 {
		return 0, 0, 0, false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	l := b.lists[key]
	if l == nil {
		return 0, 0, 0, false
	}
	i, found := slices.BinarySearch(l.pos, start)
	if !found {
		i--
	}
	if i < 0 {
		return 0, 0, 0, false
	}
	return l.version, l.pos[i], l.ids[i], true
}

// remember records that the row at position pos-1 of the list has ID id in
// the snapshot of version.
func (b *pageBounds) remember(key string, version uint64, pos, id int64) {
	if pos <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	l := b.lists[key]
	switch {
	case l == nil:
		if b.lists == nil {
			b.lists = make(map[string]*boundList)
		}
		need := len(key) + boundListBytes
		for len(b.lists) > 0 && (len(b.lists) >= maxBoundLists || b.bytes+need > maxBoundBytes) {
			// Whichever list the map yields first: a list that is still
			// being paged through is soon remembered again.
			for k, old := range b.lists {
				b.drop(k, old)
				break
			}
		}
		if need > maxBoundBytes {
			return
		}
		l = &boundList{version: version}
		b.lists[key] = l
		b.bytes += need
	case version < l.version:
		return // read before the list's boundaries: already stale
	case version > l.version:
		b.bytes -= 16 * len(l.pos)
		l.version, l.pos, l.ids = version, l.pos[:0], l.ids[:0]
	}
	i, found := slices.BinarySearch(l.pos, pos)
	if found {
		l.ids[i] = id
		return
	}
	if len(l.pos) >= maxBoundsPerList || b.bytes+16 > maxBoundBytes {
		return // the nearest lower boundary still shortens the OFFSET
	}
	l.pos = slices.Insert(l.pos, i, pos)
	l.ids = slices.Insert(l.ids, i, id)
	b.bytes += 16
}

func (b *pageBounds) drop(key string, l *boundList) {
	b.bytes -= len(key) + boundListBytes + 16*len(l.pos)
	delete(b.lists, key)
}

// seekComparison is the comparison that continues a list in order after a
// row's ID, or "" when the list is not in plain ID order.
func seekComparison(order string) string {
	switch order {
	case "id ASC":
		return ">"
	case "id DESC":
		return "<"
	}
	return ""
}

// pageBounded reads a page of a list in ID order from the nearest boundary
// at or before q.Start, when there is one whose version is still current,
// and remembers where the page ended. The version check must see the
// snapshot the page is read in.
func (s *Store) pageBounded(ctx context.Context, q kopernik.ListQuery, fields []*kopernik.Field, table string, lf listFilter, order, cmp string) ([]*kopernik.Entity, error) {
	key := countKey(table+"\x00"+lf.clause+"\x00"+order, lf.args)
	if s.d.Shared() {
		return s.pageBoundedShared(ctx, q, fields, table, lf, order, cmp, key)
	}
	// The version is the store's own counter, which the writer keeps odd
	// while it commits: a read that finds the same even value before and
	// after itself saw exactly that version's data.
	v := s.dataVersion.Load()
	if v%2 != 0 {
		return s.pageAt(ctx, q, fields, table, lf, order, q.Start)
	}
	if tag, pos, last, ok := s.bounds.lower(key, q.Start); ok && tag == v {
		items, err := s.pageAt(ctx, q, fields, table, seekFilter(lf, table, cmp, last), order, q.Start-pos)
		if err != nil {
			return nil, err
		}
		if s.dataVersion.Load() == v {
			if len(items) > 0 {
				s.bounds.remember(key, v, q.Start+int64(len(items)), items[len(items)-1].ID)
			}
			return items, nil
		}
		// A commit ran beside the read: its rows may mix two versions.
	}
	items, err := s.pageAt(ctx, q, fields, table, lf, order, q.Start)
	if err == nil && len(items) > 0 && s.dataVersion.Load() == v {
		s.bounds.remember(key, v, q.Start+int64(len(items)), items[len(items)-1].ID)
	}
	return items, err
}

// pageBoundedShared is pageBounded where other nodes write too (PostgreSQL):
// the version is the shared sum of data_versions, and the statement itself
// compares it with the boundary's tag, in the page's snapshot. It is the
// seek while they are equal and the OFFSET otherwise, one UNION ALL branch
// each of which only one runs, and every row carries the version read.
func (s *Store) pageBoundedShared(ctx context.Context, q kopernik.ListQuery, fields []*kopernik.Field, table string, lf listFilter, order, op, key string) ([]*kopernik.Entity, error) {
	cols := selectList(q.Owner, fields, "") + `, (` + sharedVersionSQL + `)`
	// The offsets are parameters: with them in the text every start of a
	// list was a statement of its own, prepared on each reader connection
	// and planned afresh at each of its first executions (1.2-1.8 ms of
	// planning per page in PostgreSQL's log), where one text per list
	// shape reaches a kept plan.
	limit := ` LIMIT ` + strconv.FormatInt(q.Limit, 10) + ` OFFSET ?`
	text := `SELECT ` + cols + ` FROM ` + table + ` WHERE ` + lf.clause + ` ORDER BY ` + order + limit
	args := append(slices.Clone(lf.args), q.Start)
	if tag, pos, last, ok := s.bounds.lower(key, q.Start); ok {
		seek := seekFilter(lf, table, op, last)
		text = `(SELECT ` + cols + ` FROM ` + table + ` WHERE ` + seek.clause + ` AND (` + sharedVersionSQL + `) = ?` +
			` ORDER BY ` + order + limit + `) UNION ALL (` +
			`SELECT ` + cols + ` FROM ` + table + ` WHERE ` + lf.clause + ` AND (` + sharedVersionSQL + `) <> ?` +
			` ORDER BY ` + order + limit + `)`
		args = append(append(append(append(append(seek.args, tag), q.Start-pos), lf.args...), tag), q.Start)
	}
	var v uint64
	items, err := s.readPage(ctx, Rebind(s.d, text), q.Owner, fields, args, &v)
	if err != nil || len(items) == 0 {
		return items, err
	}
	// Each branch is in order, and only one returns rows; sorting guards
	// against a plan that interleaves the branches anyway.
	desc := op == "<"
	slices.SortFunc(items, func(a, b *kopernik.Entity) int {
		if desc {
			return cmp.Compare(b.ID, a.ID)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	s.bounds.remember(key, v, q.Start+int64(len(items)), items[len(items)-1].ID)
	return items, nil
}

// seekFilter narrows lf to the rows after the one with ID last, in the
// order cmp continues.
func seekFilter(lf listFilter, table, cmp string, last int64) listFilter {
	seek := lf
	seek.args = append(slices.Clip(lf.args), last)
	if lf.members.Kind != 0 {
		seek.clause = lf.clause[:lf.membersAt] + " AND " + memberClause(lf.members, table, cmp)
		seek.args = append(seek.args, last)
	}
	seek.clause += " AND id " + cmp + " ?"
	return seek
}

// trailingScanner scans a row whose last column follows the entity's.
type trailingScanner struct {
	rows  *sql.Rows
	extra any
}

func (t trailingScanner) Scan(dest ...any) error {
	return t.rows.Scan(append(dest, t.extra)...)
}
