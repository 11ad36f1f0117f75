package selection

import (
	"slices"
	"time"

	"github.com/kopernik/kopernik"
)

// Dataset is everything a build reads, held in memory: the reference
// algorithm runs over it, and the property tests build one next to the
// stores they check.
type Dataset struct {
	Catalog     *kopernik.Catalog
	Defs        *Definitions
	Profiles    []*kopernik.Entity // every profile, removed ones included
	Subprofiles []*kopernik.Entity // every subprofile, removed ones included
	Journal     []JournalEntry
	Exports     []ExportRun // nil: no export log
}

// Live implements Data.
func (ds *Dataset) Live(o kopernik.Owner) []*kopernik.Entity {
	all := ds.Profiles
	if o.Kind == kopernik.OwnerCollection {
		all = ds.Subprofiles
	}
	var out []*kopernik.Entity
	for _, e := range all {
		if e.Owner == o && e.Removed == "" {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b *kopernik.Entity) int { return cmpID(a.ID, b.ID) })
	return out
}

// JournalOf implements Data.
func (ds *Dataset) JournalOf(kind kopernik.OwnerKind, id int64) []JournalEntry {
	var out []JournalEntry
	for _, j := range ds.Journal {
		if (kind == kopernik.OwnerDatabase && j.Profile == id) || (j.Entity == kind && j.ID == id) {
			out = append(out, j)
		}
	}
	return out
}

// ExportRuns implements Data.
func (ds *Dataset) ExportRuns() []ExportRun { return ds.Exports }

// Members maps every view and miniview to its member IDs, ascending.
type Members map[kopernik.SelectionRef][]int64

// InView implements Lookups.
func (m Members) InView(view, profile int64) bool {
	_, found := slices.BinarySearch(m[kopernik.ViewRef(view)], profile)
	return found
}

// referenceLookups adds subprofile counts, which need the subprofiles'
// profiles. A miniview's counts are taken once, on first use: it was built
// before anything that uses it, and never changes during the run.
type referenceLookups struct {
	Members
	ds     *Dataset
	counts map[int64]map[int64]int // miniview → profile → members
}

func (l referenceLookups) SubprofilesIn(miniview, profile int64) int {
	c, ok := l.counts[miniview]
	if !ok {
		c = map[int64]int{}
		for _, s := range l.ds.Subprofiles {
			if _, in := slices.BinarySearch(l.Members[kopernik.MiniviewRef(miniview)], s.ID); in {
				c[s.ProfileID]++
			}
		}
		l.counts[miniview] = c
	}
	return c[profile]
}

// Reference computes the members of every view and miniview with the
// algorithm of §3.3, dependencies first, with one now for the whole run.
// It is written for obviousness, not speed: it is the oracle SQL builds and
// the incremental path are checked against.
func Reference(ds *Dataset, now time.Time) (Members, error) {
	order, err := ds.Defs.BuildOrder()
	if err != nil {
		return nil, err
	}
	members := Members{}
	env := Env{Catalog: ds.Catalog, Defs: ds.Defs, Now: now, Data: ds}
	lookups := referenceLookups{Members: members, ds: ds, counts: map[int64]map[int64]int{}}
	for _, ref := range order {
		ids, err := build(env, lookups, ref)
		if err != nil {
			return nil, err
		}
		members[ref] = ids
	}
	return members, nil
}

// build is members(V) of §3.3.
func build(env Env, l referenceLookups, ref kopernik.SelectionRef) ([]int64, error) {
	target, candidates := candidatesOf(env, l, ref)
	var active []*kopernik.Rule
	for _, r := range env.Defs.RulesOf(ref) {
		if env.Defs.Active(r) {
			active = append(active, r)
		}
	}
	if len(active) == 0 {
		return idsOf(candidates), nil
	}
	result := map[int64]bool{}
	for _, r := range active {
		s := candidates
		var parts []*kopernik.PartCondition
		for _, c := range env.Defs.ConditionsOf(r.ID) { // ascending ID
			if p, ok := c.Props.(*kopernik.PartCondition); ok {
				parts = append(parts, p)
				continue
			}
			t, err := Prepare(env, target, c.Props)
			if err != nil {
				return nil, err
			}
			var kept []*kopernik.Entity
			for _, e := range s {
				if t.Holds(e, l) {
					kept = append(kept, e)
				}
			}
			s = kept
		}
		for _, p := range parts {
			s = PreparePart(env, target, p).Apply(s)
		}
		if r.Inversed {
			s = minus(candidates, s)
		}
		for _, e := range s {
			result[e.ID] = true
		}
	}
	ids := make([]int64, 0, len(result))
	for id := range result {
		ids = append(ids, id)
	}
	sortIDs(ids)
	return ids, nil
}

// candidatesOf is §3.2: the live profiles of the database, the members of
// the parent view, or the live subprofiles of the collection.
func candidatesOf(env Env, l referenceLookups, ref kopernik.SelectionRef) (kopernik.Owner, []*kopernik.Entity) {
	if ref.Kind == kopernik.KindMiniview {
		m := env.Defs.Miniview(ref.ID)
		o := kopernik.CollectionOwner(m.Collection)
		return o, l.ds.Live(o)
	}
	v := env.Defs.View(ref.ID)
	o := kopernik.DatabaseOwner(v.Database)
	live := l.ds.Live(o)
	if v.Parent == 0 {
		return o, live
	}
	var in []*kopernik.Entity
	for _, e := range live {
		if l.InView(v.Parent, e.ID) {
			in = append(in, e)
		}
	}
	return o, in
}

func minus(all, some []*kopernik.Entity) []*kopernik.Entity {
	drop := make(map[int64]bool, len(some))
	for _, e := range some {
		drop[e.ID] = true
	}
	var out []*kopernik.Entity
	for _, e := range all {
		if !drop[e.ID] {
			out = append(out, e)
		}
	}
	return out
}

func idsOf(es []*kopernik.Entity) []int64 {
	ids := make([]int64, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	return ids
}

func sortIDs(ids []int64) { slices.Sort(ids) }
