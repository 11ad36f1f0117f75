package selection

import (
	"reflect"
	"testing"

	"github.com/kopernik/kopernik"
)

func amt(s string) kopernik.PartAmount {
	a, err := parseAmount("test", s)
	if err != nil {
		panic(err)
	}
	return a
}

func TestSel5_5_Range(t *testing.T) {
	cases := []struct {
		begin, length string // "" length: all
		n             int64
		from, to      int64
	}{
		{"0", "1", 10, 0, 1},
		{"1", "2", 10, 1, 3},
		{"0", "", 10, 0, 10},
		{"3", "", 10, 3, 10},
		{"8", "5", 10, 8, 10},
		{"12", "5", 10, 10, 10},
		{"10%", "20%", 10, 1, 3},
		{"0", "25%", 10, 0, 2}, // floor(2.5)
		{"0", "150%", 10, 0, 10},
		{"0", "-3", 10, 0, 7}, // all but 3
		{"2", "-3", 10, 2, 9},
		{"0", "-30", 10, 0, 0},
		{"0", "-10%", 10, 0, 9},
		{"-0", "1", 10, 9, 10}, // the very end
		{"-2", "3", 10, 5, 8},
		{"-0", "", 10, 0, 10},
		{"-8", "5", 10, 0, 2},
		{"-20", "5", 10, 0, 0},
		{"-10%", "10%", 10, 8, 9},
		{"0", "5", 0, 0, 0},
		{"-0", "1", 0, 0, 0},
	}
	for _, c := range cases {
		s := &Slice{begin: amt(c.begin)}
		if c.length != "" {
			l := amt(c.length)
			s.length = &l
		}
		from, to := s.Range(c.n)
		if from != c.from || to != c.to {
			t.Errorf("begin %s length %q of %d: [%d,%d), want [%d,%d)", c.begin, c.length, c.n, from, to, c.from, c.to)
		}
	}
}

// players is the product page's example: sort on Score descending, then
// Name ascending.
func players() []*kopernik.Entity {
	p := func(id int64, name, score string) *kopernik.Entity {
		return profile(id, map[int64]string{fName: name, fScore: score})
	}
	return []*kopernik.Entity{
		p(1, "Dirk", "7"), p(2, "anna", "9.5"), p(3, "Bert", "10"), p(4, "Carla", "9.5"),
		p(5, "Eva", "2"), p(6, "bert", "10"),
	}
}

func TestSel5_5_ProductExamples(t *testing.T) {
	cat := testCatalog()
	env := Env{Catalog: cat}
	sorted := []kopernik.SortKey{{Field: fScore, Desc: true, Numeric: true}, {Field: fName}}
	cases := []struct {
		begin, length string
		want          []int64
	}{
		{"0", "1", ids(3)},     // the top scorer; Bert and bert tie case-insensitively, ID decides
		{"1", "2", ids(6, 2)},  // the next two
		{"-0", "1", ids(5)},    // the lowest
		{"-1", "2", ids(4, 1)}, // the two before the lowest
		{"0", "", ids(3, 6, 2, 4, 1, 5)},
	}
	for _, c := range cases {
		x := &kopernik.PartCondition{Begin: amt(c.begin), Sort: sorted}
		if c.length != "" {
			l := amt(c.length)
			x.Length = &l
		}
		got := idsOf(PreparePart(env, kopernik.DatabaseOwner(1), x).Apply(players()))
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("begin %s length %s: %v, want %v", c.begin, c.length, got, c.want)
		}
	}
}

func TestSel5_5_SortModes(t *testing.T) {
	env := Env{Catalog: testCatalog()}
	one := kopernik.PartAmount{Abs: 1}
	// Alphabetically "10" sorts before "9.5"; numerically after.
	alpha := &kopernik.PartCondition{Length: &one, Sort: []kopernik.SortKey{{Field: fScore}}}
	if got := idsOf(PreparePart(env, kopernik.DatabaseOwner(1), alpha).Apply(players())); !reflect.DeepEqual(got, ids(3)) {
		t.Errorf("alphabetical first = %v, want [3] (\"10\")", got)
	}
	num := &kopernik.PartCondition{Length: &one, Sort: []kopernik.SortKey{{Field: fScore, Numeric: true}}}
	if got := idsOf(PreparePart(env, kopernik.DatabaseOwner(1), num).Apply(players())); !reflect.DeepEqual(got, ids(5)) {
		t.Errorf("numeric first = %v, want [5] (2)", got)
	}
	// No sort keys: by ID.
	none := &kopernik.PartCondition{Begin: amt("-0"), Length: &one}
	if got := idsOf(PreparePart(env, kopernik.DatabaseOwner(1), none).Apply(players())); !reflect.DeepEqual(got, ids(6)) {
		t.Errorf("by ID, last = %v, want [6]", got)
	}
	// A deleted sort field: the condition never holds (§9).
	gone := &kopernik.PartCondition{Sort: []kopernik.SortKey{{Field: 999}}}
	if got := PreparePart(env, kopernik.DatabaseOwner(1), gone).Apply(players()); len(got) != 0 {
		t.Errorf("dangling sort field kept %v", idsOf(got))
	}
}
