package sqlstore

import (
	"context"
	"sort"
	"sync"

	"github.com/kopernik/kopernik"
)

// ownerCache knows which database or collection each profile and subprofile
// ID belongs to, so that profile/{id} reaches its table without asking the
// sequence table first. The fact never changes once an ID is committed, so it
// is safe on every node. IDs come from one sequence each and are mostly
// handed out in long runs to the same owner (a database being filled), so
// they are kept as runs of consecutive IDs: a million profiles of one
// database take one entry.
type ownerCache struct {
	mu   sync.RWMutex
	runs [2][]ownerRun // by OwnerKind, sorted by first
}

type ownerRun struct {
	first, last int64
	owner       int64
}

// maxRuns bounds the memory of a store whose IDs interleave between owners;
// past it, new IDs are simply looked up in the database.
const maxRuns = 1 << 20

func (c *ownerCache) get(kind kopernik.OwnerKind, id int64) (int64, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	runs := c.runs[kind]
	i := sort.Search(len(runs), func(i int) bool { return runs[i].last >= id })
	if i < len(runs) && runs[i].first <= id {
		return runs[i].owner, true
	}
	return 0, false
}

func (c *ownerCache) put(kind kopernik.OwnerKind, id, owner int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	runs := c.runs[kind]
	i := sort.Search(len(runs), func(i int) bool { return runs[i].last >= id })
	switch {
	case i < len(runs) && runs[i].first <= id:
		return // known
	case i > 0 && runs[i-1].last == id-1 && runs[i-1].owner == owner:
		runs[i-1].last = id
		if i < len(runs) && runs[i].first == id+1 && runs[i].owner == owner {
			runs[i-1].last = runs[i].last
			runs = append(runs[:i], runs[i+1:]...)
		}
	case i < len(runs) && runs[i].first == id+1 && runs[i].owner == owner:
		runs[i].first = id
	default:
		if len(runs) >= maxRuns {
			return
		}
		runs = append(runs, ownerRun{})
		copy(runs[i+1:], runs[i:])
		runs[i] = ownerRun{first: id, last: id, owner: owner}
	}
	c.runs[kind] = runs
}

// loadOwners reads every committed ID's owner once at start.
func (s *Store) loadOwners(ctx context.Context) error {
	for _, kind := range []kopernik.OwnerKind{kopernik.OwnerDatabase, kopernik.OwnerCollection} {
		col := "database_id"
		if kind == kopernik.OwnerCollection {
			col = "collection_id"
		}
		rows, err := s.rdb.QueryContext(ctx, `SELECT id, `+col+` FROM `+seqTable(kind)+` ORDER BY id`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, owner int64
			if err := rows.Scan(&id, &owner); err != nil {
				rows.Close()
				return err
			}
			s.owners.put(kind, id, owner)
		}
		if err := closeRows(rows); err != nil {
			return err
		}
	}
	return nil
}
