package selection

import (
	"slices"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// Slice is a prepared Part condition (§5.5): a set operation, applied after
// every other condition of its rule (§3.3).
type Slice struct {
	keys   []sortKey
	begin  kopernik.PartAmount
	length *kopernik.PartAmount
	// dangling: a sort field was deleted; the condition then never holds,
	// so the slice is empty (§9).
	dangling bool
}

type sortKey struct {
	field         *kopernik.Field
	desc, numeric bool
}

func newSlice(cat *kopernik.Catalog, target kopernik.Owner, x *kopernik.PartCondition) *Slice {
	s := &Slice{begin: x.Begin, length: x.Length}
	for _, k := range x.Sort {
		f := cat.Field(k.Field)
		if f == nil || f.Owner != target {
			s.dangling = true
			continue
		}
		s.keys = append(s.keys, sortKey{field: f, desc: k.Desc, numeric: k.Numeric})
	}
	return s
}

// compare orders two entities by the sort keys, then by ascending ID.
// Alphabetical keys compare text ASCII-case-insensitively, numeric keys as
// numbers (non-numeric text is 0).
func (s *Slice) compare(a, b *kopernik.Entity) int {
	for _, k := range s.keys {
		x, y := a.Values[k.field.ID], b.Values[k.field.ID]
		var c int
		if k.numeric {
			fx, fy := values.Float(x), values.Float(y)
			switch {
			case fx < fy:
				c = -1
			case fx > fy:
				c = 1
			}
		} else {
			c = compareFold(x, y)
		}
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return cmpID(a.ID, b.ID)
}

// amount is a begin or length in entities for a set of n; percentages are
// floored, and anything beyond n counts as n, which slices alike.
func amount(a kopernik.PartAmount, n int64) int64 {
	v := a.Abs
	if a.Percent {
		v = n * min(v, 100) / 100
	}
	return min(v, n)
}

// Range is the half-open range [from, to) of sorted positions kept from a
// set of n (§5.5): a negative length −k keeps all but k; a begin −k (also
// "-0") ends the range k positions before the end.
func (s *Slice) Range(n int64) (from, to int64) {
	length := n
	if s.length != nil {
		length = amount(*s.length, n)
		if s.length.Neg {
			length = n - length
		}
	}
	b := amount(s.begin, n)
	if s.begin.Neg {
		from, to = n-b-length, n-b
	} else {
		from, to = b, b+length
	}
	return max(from, 0), min(max(to, 0), n)
}

// Apply sorts set and returns the kept slice; set is not modified.
func (s *Slice) Apply(set []*kopernik.Entity) []*kopernik.Entity {
	if s.dangling {
		return nil
	}
	sorted := slices.Clone(set)
	slices.SortFunc(sorted, s.compare)
	from, to := s.Range(int64(len(sorted)))
	if from >= to {
		return nil
	}
	return sorted[from:to]
}
