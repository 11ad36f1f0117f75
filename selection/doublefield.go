package selection

import (
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// groups is the grouping of a DoubleField condition (§5.4, O-12): every
// live entity of the database or collection — not only the candidates — by
// the trimmed, ASCII-case-folded values of the fields; each group's IDs
// ascending.
type groups struct {
	fields []*kopernik.Field
	mode   string
	byKey  map[string][]int64
}

// trimBlanks are the characters trimmed off a value before grouping.
const trimBlanks = " \t\n\r"

func groupKey(e *kopernik.Entity, fields []*kopernik.Field) string {
	var b strings.Builder
	for _, f := range fields {
		v := foldKey(strings.Trim(e.Values[f.ID], trimBlanks))
		// Length-prefixed, so no value can imitate a separator.
		b.WriteString(strconv.Itoa(len(v)))
		b.WriteByte(':')
		b.WriteString(v)
	}
	return b.String()
}

func newGroups(x *kopernik.DoubleFieldCondition, fields []*kopernik.Field, live []*kopernik.Entity) *groups {
	g := &groups{fields: fields, mode: x.Mode, byKey: map[string][]int64{}}
	for _, e := range live {
		k := groupKey(e, fields)
		g.byKey[k] = append(g.byKey[k], e.ID)
	}
	for _, ids := range g.byKey {
		sortIDs(ids)
	}
	return g
}

func (g *groups) Holds(e *kopernik.Entity, _ Lookups) bool {
	ids := g.byKey[groupKey(e, g.fields)]
	if len(ids) == 0 {
		return false // not live, so not in the grouping
	}
	first, last := ids[0], ids[len(ids)-1]
	switch g.mode {
	case DoubleUnique:
		return len(ids) == 1
	case DoubleNonUnique:
		return len(ids) > 1
	case DoubleRepeated:
		return first < e.ID
	case DoubleNonRepeated:
		return first == e.ID
	case DoubleLast:
		return last == e.ID
	case DoubleToBeRepeated:
		return last > e.ID
	}
	return false
}
