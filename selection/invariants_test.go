package selection

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/kopernik/kopernik"
)

// randomShop fills database 1 with n profiles of random values and
// interests (some removed) and random orders.
func randomShop(r *rand.Rand, n int) *Dataset {
	ds := &Dataset{Catalog: testCatalog()}
	cities := []string{"Delft", "delft", "Amsterdam", "", "Delft "}
	var sid int64 = 1000
	for id := int64(1); id <= int64(n); id++ {
		p := profile(id, map[int64]string{
			fCity:  cities[r.IntN(len(cities))],
			fAge:   strconv.Itoa(r.IntN(80)),
			fScore: strconv.Itoa(r.IntN(10)),
			fName:  string(rune('a' + r.IntN(5))),
		})
		for _, i := range []int64{iFootball, iTennis, iCars, iBiking} {
			if r.IntN(2) == 0 {
				p.Interests = append(p.Interests, i)
			}
		}
		if r.IntN(10) == 0 {
			p.Removed = "2024-01-01 00:00:00"
		}
		ds.Profiles = append(ds.Profiles, p)
		for k := r.IntN(3); k > 0; k-- {
			sid++
			s := sub(sid, id, map[int64]string{fAmount: strconv.Itoa(r.IntN(100))})
			s.Removed = p.Removed
			ds.Subprofiles = append(ds.Subprofiles, s)
		}
	}
	return ds
}

// randomCondition draws a per-entity or set condition of the fixture.
func randomCondition(r *rand.Rand) kopernik.ConditionProps {
	cmps := []kopernik.FieldComparison{kopernik.CmpEquals, kopernik.CmpNotEquals, kopernik.CmpLess, kopernik.CmpMore, kopernik.CmpContains}
	switch r.IntN(5) {
	case 0:
		return field(fCity, cmps[r.IntN(len(cmps))], []string{"delft", "A", ""}[r.IntN(3)])
	case 1:
		return field(fAge, cmps[r.IntN(4)], strconv.Itoa(r.IntN(80)))
	case 2:
		return &kopernik.InterestCondition{Mode: []string{ModeWithInterest, ModeWithoutInterest}[r.IntN(2)], Interest: iFootball + int64(r.IntN(4))}
	case 3:
		return &kopernik.MiniViewCondition{Miniview: 300}
	}
	l := kopernik.PartAmount{Abs: int64(r.IntN(5))}
	return &kopernik.PartCondition{Length: &l, Sort: []kopernik.SortKey{{Field: fScore, Numeric: true, Desc: r.IntN(2) == 0}}}
}

// TestSel3_3_Invariants checks, over random data and rule sets, properties
// §3.1–§3.2 imply for any correct build: a view equals the union of its
// rules taken one by one; an inverted rule selects the complement of the
// same rule uninverted; disabled rules change nothing; nested views stay
// within their parent.
func TestSel3_3_Invariants(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for round := 0; round < 60; round++ {
		ds := randomShop(r, 40)
		var rules [][]kopernik.ConditionProps
		inverted, disabled := map[int]bool{}, map[int]bool{}
		for i := r.IntN(4) + 1; i > 0; i-- {
			var conds []kopernik.ConditionProps
			for j := r.IntN(3) + 1; j > 0; j-- {
				conds = append(conds, randomCondition(r))
			}
			inverted[len(rules)] = r.IntN(3) == 0
			disabled[len(rules)] = r.IntN(4) == 0
			rules = append(rules, conds)
		}
		build := func(rules [][]kopernik.ConditionProps, inv, dis map[int]bool) (whole, nested, all []int64) {
			b := &defsBuilder{}
			b.view(100, 1, 0, "V").view(101, 1, 100, "nested").mini(300, cOrders, "big orders")
			b.rule(3000, kopernik.MiniviewRef(300), false, false).cond(9000, 3000, field(fAmount, kopernik.CmpMore, "50"))
			b.rule(2000, kopernik.ViewRef(101), false, false).cond(8000, 2000, with(iTennis))
			cid := int64(1)
			for i, conds := range rules {
				b.rule(int64(1000+i), v100, inv[i], dis[i])
				for _, c := range conds {
					b.cond(cid, int64(1000+i), c)
					cid++
				}
			}
			ds.Defs = b.build()
			m, err := Reference(ds, refNow)
			if err != nil {
				t.Fatal(err)
			}
			return m[v100], m[kopernik.ViewRef(101)], idsOf(ds.Live(kopernik.DatabaseOwner(1)))
		}
		whole, nested, all := build(rules, inverted, disabled)
		for _, id := range nested {
			if !slices.Contains(whole, id) {
				t.Fatalf("round %d: nested member %d not in the parent", round, id)
			}
		}
		var union []int64
		active := 0
		for i, conds := range rules {
			if disabled[i] {
				continue
			}
			active++
			one, _, _ := build([][]kopernik.ConditionProps{conds}, map[int]bool{0: inverted[i]}, nil)
			plain, _, _ := build([][]kopernik.ConditionProps{conds}, nil, nil)
			inv, _, _ := build([][]kopernik.ConditionProps{conds}, map[int]bool{0: true}, nil)
			if got := sorted(append(slices.Clone(plain), inv...)); !reflect.DeepEqual(got, sorted(all)) || overlap(plain, inv) {
				t.Fatalf("round %d rule %d: plain %v and inverted %v do not split %v", round, i, plain, inv, all)
			}
			union = append(union, one...)
		}
		want := sorted(union)
		if active == 0 {
			want = sorted(all)
		}
		if got := sorted(whole); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: view %v, union of its active rules %v", round, got, want)
		}
	}
}

func sorted(ids []int64) []int64 {
	out := append([]int64{}, ids...)
	slices.Sort(out)
	return slices.Compact(out)
}

func overlap(a, b []int64) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
