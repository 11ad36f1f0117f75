package storetest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Full SQL builds of selections (selections.md §3, §5): the members an
// engine builds equal the reference algorithm of package selection over the
// same data, for random data and random rule sets of every condition type.

// clocked is a store whose clock a test can fix (sqlstore.Store).
type clocked interface {
	SetClock(now func() time.Time)
}

// buildNow is the fixed clock of the build tests: a Saturday in June, so
// day windows, ignoreyear and New Year wrapping have data on both sides.
var buildNow = time.Date(2024, 6, 15, 10, 0, 0, 0, time.UTC)

func fixClock(t *testing.T, s kopernik.Store) {
	c, ok := s.(clocked)
	if !ok {
		t.Skip("the store's clock cannot be fixed")
	}
	c.SetClock(func() time.Time { return buildNow })
}

// Value pools: collisions for DoubleField, case variants for folding,
// empty and zero values, dates around buildNow.
var (
	poolName  = []string{"Anna", "anna", "Bert", "", " bert ", "Zoë", "_x", "a%b", "17"}
	poolCity  = []string{"Delft", "delft", "DELFT", "Amsterdam", "", "[delft]"}
	poolAge   = []string{"-3", "0", "17", "30", "100"}
	poolScore = []string{"0", "9.5", "-0.5", "17.5", "10"}
	poolBirth = []string{"2024-06-15", "2023-06-15", "2000-01-01", "1990-06-15", "", "2024-06-18", "1999-12-31", "2024-06-14"}
	poolVisit = []string{"2024-06-15 08:00:00", "2024-06-14 23:59:59", "2024-01-01 00:00:00", "",
		"2030-01-01 12:00:00", "2024-06-15 10:00:00", "2023-06-15 10:00:01"}
	poolKind    = []string{"a", "B", "b", "A", ""}
	poolEmail   = []string{"x@example.com", "bad", "a.b@c.nl", "", "1@2.34", "first.last@sub.domain.org"}
	poolProduct = []string{"shoe", "Shoe", "hat", "", "boot"}
	poolAmount  = []string{"0", "5", "12", "-1"}
	poolOrdered = []string{"2024-06-15 09:00:00", "2024-06-10 12:00:00", "2023-12-31 23:00:00", ""}
	poolTimes   = []string{"2024-06-15 00:00:00", "2024-01-01 00:00:00", "2000-01-01 00:00:00", "2024-06-14 12:00:00"}
	poolMuts    = []string{`["minus","0","day","day"]`, `["minus","1","year","day"]`, `["plus","3","day","day"]`,
		`["minus","1","week","day"]`, `["minus","0-1-0","00:00:00"]`, `["plus","0","day","month"]`, `["minus","2","hour","hour"]`}
	poolRegexp = []string{"^a", "elf", "[0-9]", "^$", "B.*t"}
)

type buildWorld struct {
	t                       *testing.T
	s                       kopernik.Store
	r                       *rand.Rand
	db, coll                int64
	name, city, age, score  int64
	birth, visit, kind, eml int64
	product, amount, order  int64
	interests               []string
	views, miniviews        []int64
	sizes                   []int // member counts checked, to show the test saw data
}

func (w *buildWorld) pick(pool []string) string { return pool[w.r.IntN(len(pool))] }

func newBuildWorld(t *testing.T, s kopernik.Store, seed uint64) *buildWorld {
	w := &buildWorld{t: t, s: s, r: rand.New(rand.NewPCG(seed, 7))}
	w.db = must(s.CreateDatabase(ctx, kopernik.DatabaseInput{Name: str(fmt.Sprintf("Build%d", seed))}))
	field := func(o kopernik.Owner, name string, typ kopernik.FieldType, extra func(*kopernik.FieldInput)) int64 {
		in := kopernik.FieldInput{Name: str(name), Type: ftype(typ)}
		if extra != nil {
			extra(&in)
		}
		return must(s.CreateField(ctx, o, in))
	}
	dbo := kopernik.DatabaseOwner(w.db)
	w.name = field(dbo, "Name", kopernik.TypeText, func(in *kopernik.FieldInput) { in.Index = boolp(true) })
	w.city = field(dbo, "City", kopernik.TypeText, nil)
	w.age = field(dbo, "Age", kopernik.TypeInteger, nil)
	w.score = field(dbo, "Score", kopernik.TypeFloat, nil)
	w.birth = field(dbo, "Birth", kopernik.TypeEmptyDate, nil)
	w.visit = field(dbo, "Visit", kopernik.TypeEmptyDatetime, nil)
	w.kind = field(dbo, "Kind", kopernik.TypeSelect, func(in *kopernik.FieldInput) {
		in.Value, in.HasValue = "a\nB\nb\nA\n", true
	})
	w.eml = field(dbo, "Email", kopernik.TypeEmail, nil)
	for _, i := range []struct{ name, group string }{{"football", "sports"}, {"tennis", "sports"}, {"cars", "motors"}} {
		must(s.CreateInterest(ctx, w.db, kopernik.InterestInput{Name: str(i.name), Group: str(i.group)}))
		w.interests = append(w.interests, i.name)
	}
	w.coll = must(s.CreateCollection(ctx, w.db, kopernik.CollectionInput{Name: str("Orders")}))
	co := kopernik.CollectionOwner(w.coll)
	w.product = field(co, "Product", kopernik.TypeText, nil)
	w.amount = field(co, "Amount", kopernik.TypeInteger, nil)
	w.order = field(co, "Ordered", kopernik.TypeEmptyDatetime, nil)
	return w
}

// populate writes profiles (some removed) with subprofiles.
func (w *buildWorld) populate(n int) {
	for i := 0; i < n; i++ {
		var ints []any
		for _, name := range w.interests {
			if w.r.IntN(2) == 0 {
				ints = append(ints, name)
			}
		}
		id := must(w.s.CreateEntity(ctx, kopernik.DatabaseOwner(w.db), 0, kopernik.EntityInput{
			Fields: fields("Name", w.pick(poolName), "City", w.pick(poolCity), "Age", w.pick(poolAge),
				"Score", w.pick(poolScore), "Birth", w.pick(poolBirth), "Visit", w.pick(poolVisit),
				"Kind", w.pick(poolKind), "Email", w.pick(poolEmail)),
			Interests: ints,
		}))
		for j := w.r.IntN(4); j > 0; j-- {
			sub := must(w.s.CreateEntity(ctx, kopernik.CollectionOwner(w.coll), id, kopernik.EntityInput{
				Fields: fields("Product", w.pick(poolProduct), "Amount", w.pick(poolAmount), "Ordered", w.pick(poolOrdered)),
			}))
			if w.r.IntN(8) == 0 {
				if err := w.s.DeleteEntity(ctx, kopernik.OwnerCollection, sub); err != nil {
					w.t.Fatal(err)
				}
			}
		}
		if w.r.IntN(10) == 0 {
			if err := w.s.DeleteEntity(ctx, kopernik.OwnerDatabase, id); err != nil {
				w.t.Fatal(err)
			}
		}
	}
}

func (w *buildWorld) window(kv []any) []any {
	if w.r.IntN(2) == 0 {
		kv = append(kv, "after-time", w.pick(poolTimes))
	}
	if w.r.IntN(2) == 0 {
		kv = append(kv, "before-time", w.pick(poolTimes))
	}
	if w.r.IntN(2) == 0 {
		kv = append(kv, "after-mutation", w.pick(poolMuts))
	}
	if w.r.IntN(2) == 0 {
		kv = append(kv, "before-mutation", w.pick(poolMuts))
	}
	return kv
}

var comparisons = []string{"equals", "not equals", "contains", "not contains", "less", "more", "is_email", "regexp", "is-numeric"}

// fieldCondition is a random Field condition over one of the fields; the
// float field only gets numeric comparisons (its text form is the
// engine's).
func (w *buildWorld) fieldCondition(fieldIDs []int64, pools map[int64][]string, numericOnly map[int64]bool) []any {
	f := fieldIDs[w.r.IntN(len(fieldIDs))]
	cmp := comparisons[w.r.IntN(len(comparisons))]
	if numericOnly[f] {
		cmp = []string{"equals", "not equals", "less", "more"}[w.r.IntN(4)]
	}
	kv := []any{"type", "Field", "field", f, "comparison", cmp}
	switch {
	case cmp == "regexp":
		kv = append(kv, "value", w.pick(poolRegexp))
	case w.r.IntN(5) == 0:
		// Another field of the same kind.
		for _, g := range fieldIDs {
			if g != f && sameKind(f, g, w) {
				kv = append(kv, "other-field", g)
				break
			}
		}
		if len(kv) == 6 {
			kv = append(kv, "value", w.pick(pools[f]))
		}
	default:
		kv = append(kv, "value", w.pick(pools[f]))
	}
	if w.r.IntN(4) == 0 && !numericOnly[f] {
		kv = append(kv, "numeric-comparison", true)
	}
	return kv
}

func sameKind(f, g int64, w *buildWorld) bool {
	groups := [][]int64{{w.name, w.city}, {w.age, w.score}, {w.birth, w.visit}}
	for _, gr := range groups {
		if slices.Contains(gr, f) && slices.Contains(gr, g) {
			return true
		}
	}
	return false
}

func (w *buildWorld) partCondition(keys []any) []any {
	kv := []any{"type", "Part"}
	kv = append(kv, "begin", []any{int64(0), int64(1), "-0", "-1", "10%", "-20%"}[w.r.IntN(6)])
	if l := []any{nil, int64(1), int64(3), "50%", "-2"}[w.r.IntN(5)]; l != nil {
		kv = append(kv, "length", l)
	}
	if w.r.IntN(3) > 0 {
		kv = append(kv, "fields", keys[:1+w.r.IntN(len(keys))])
	}
	return kv
}

func (w *buildWorld) viewCondition() []any {
	pools := map[int64][]string{w.name: poolName, w.city: poolCity, w.age: poolAge, w.score: poolScore,
		w.birth: poolBirth, w.visit: poolVisit, w.kind: poolKind, w.eml: poolEmail}
	all := []int64{w.name, w.city, w.age, w.score, w.birth, w.visit, w.kind, w.eml}
	switch w.r.IntN(12) {
	case 0, 1, 2:
		return w.fieldCondition(all, pools, map[int64]bool{w.score: true})
	case 3:
		modes := []string{"match_profiles_with_interest", "match_profiles_without_interest",
			"match_profiles_with_interestgroup", "match_profiles_without_interestgroup"}
		m := modes[w.r.IntN(4)]
		if !strings.HasSuffix(m, "group") {
			return []any{"type", "Interest", "match-mode", m, "interest", w.pick(w.interests)}
		}
		return []any{"type", "Interest", "match-mode", m, "interest-group", []string{"sports", "motors"}[w.r.IntN(2)]}
	case 4:
		kv := []any{"type", "Date", "field", []int64{w.birth, w.visit}[w.r.IntN(2)],
			"compare-mode", []string{"full", "ignoreyear"}[w.r.IntN(2)]}
		return w.window(kv)
	case 5:
		modes := []string{"match_unique_profiles", "match_non_unique_profiles", "match_repeated_profiles",
			"match_non_repeated_profiles", "match_last_profiles", "match_toberepeated_profiles"}
		fs := []any{"Name", "City", "Kind"}[:1+w.r.IntN(3)]
		return []any{"type", "DoubleField", "match-mode", modes[w.r.IntN(6)], "fields", fs}
	case 6:
		return w.partCondition([]any{
			fields("field", "Name", "order", "asc"),
			fields("field", "Age", "order", "desc", "numeric", true),
			fields("field", "Birth", "order", "desc"),
		})
	case 7:
		if len(w.views) > 0 {
			return []any{"type", "ReferView", "refer-view", w.views[w.r.IntN(len(w.views))],
				"check-type", []string{"yes", "no"}[w.r.IntN(2)]}
		}
	case 8:
		if len(w.miniviews) > 0 {
			kv := []any{"type", "MiniView", "mini-view", w.miniviews[w.r.IntN(len(w.miniviews))]}
			lo := int64(w.r.IntN(3))
			if w.r.IntN(2) == 0 {
				kv = append(kv, "min-subprofiles", lo)
			}
			if w.r.IntN(2) == 0 {
				kv = append(kv, "max-subprofiles", lo+int64(w.r.IntN(2)))
			}
			return kv
		}
	case 9:
		return []any{"type", "Email", "match-mode", []string{"match_profiles_that_received_nothing",
			"match_profiles_that_received_something"}[w.r.IntN(2)]}
	case 10:
		return []any{"type", "Export", "include-never-exported-profiles", w.r.IntN(2) == 0}
	}
	return []any{"type", "Survey", "submitter", []string{"none", "profile"}[w.r.IntN(2)]}
}

func (w *buildWorld) miniCondition() []any {
	pools := map[int64][]string{w.product: poolProduct, w.amount: poolAmount, w.order: poolOrdered}
	switch w.r.IntN(5) {
	case 0, 1:
		return w.fieldCondition([]int64{w.product, w.amount, w.order}, pools, nil)
	case 2:
		return w.window([]any{"type", "Date", "field", w.order, "compare-mode", []string{"full", "ignoreyear"}[w.r.IntN(2)]})
	case 3:
		return []any{"type", "DoubleField", "match-mode", "match_non_unique_profiles", "fields", []any{"Product"}}
	}
	return w.partCondition([]any{fields("field", "Product"), fields("field", "Amount", "order", "desc", "numeric", true)})
}

// rules gives a selection 0–3 rules of 0–3 conditions, some inverted or
// disabled.
func (w *buildWorld) rules(owner kopernik.SelectionRef, cond func() []any) {
	for i := 1 + w.r.IntN(3); i > 0; i-- {
		rule := must(w.s.CreateRule(ctx, owner, body("name", fmt.Sprintf("r%d", i),
			"inversed", w.r.IntN(3) == 0, "disabled", w.r.IntN(6) == 0)))
		for j := 1 + w.r.IntN(3) - w.r.IntN(2)*w.r.IntN(2); j > 0; j-- {
			kv := cond()
			if _, _, err := w.s.CreateCondition(ctx, rule, body(kv...)); err != nil {
				w.t.Fatalf("condition %v: %v", kv, err)
			}
		}
	}
}

func (w *buildWorld) define() {
	for i := 0; i < 2; i++ {
		m := must(w.s.CreateMiniview(ctx, w.coll, body("name", fmt.Sprintf("m%d", i))))
		w.rules(kopernik.MiniviewRef(m), w.miniCondition)
		w.miniviews = append(w.miniviews, m)
	}
	for i := 0; i < 5; i++ {
		parent := int64(0)
		if len(w.views) > 0 && w.r.IntN(3) == 0 {
			parent = w.views[w.r.IntN(len(w.views))]
		}
		v := must(w.s.CreateView(ctx, w.db, parent, body("name", fmt.Sprintf("v%d", i))))
		w.rules(kopernik.ViewRef(v), w.viewCondition)
		w.views = append(w.views, v)
	}
}

// dataset reads the live data of the world's database back for the
// reference algorithm.
func (w *buildWorld) dataset() *selection.Dataset {
	cat := catalog(w.t, w.s)
	ds := &selection.Dataset{Catalog: cat, Defs: selection.Of(cat)}
	for _, o := range []kopernik.Owner{kopernik.DatabaseOwner(w.db), kopernik.CollectionOwner(w.coll)} {
		res := must(w.s.ListEntities(ctx, kopernik.ListQuery{Owner: o, Limit: 100000}))
		if o.Kind == kopernik.OwnerDatabase {
			ds.Profiles = res.Items
		} else {
			ds.Subprofiles = res.Items
		}
	}
	return ds
}

// check compares every selection of the world with the reference.
func (w *buildWorld) check(label string) {
	refs := []kopernik.SelectionRef{}
	for _, m := range w.miniviews {
		refs = append(refs, kopernik.MiniviewRef(m))
	}
	for _, v := range w.views {
		refs = append(refs, kopernik.ViewRef(v))
	}
	for _, ref := range refs {
		if err := w.s.EnsureMembers(ctx, ref); err != nil {
			w.t.Fatalf("%s: build of %v: %v", label, ref, err)
		}
	}
	// The builds ran at the fixed clock, read on the wall clock of the
	// store's zone: last-built says which, and the reference runs there.
	stamp := must(w.s.LastBuilt(ctx, refs[:1]))[0]
	now, err := time.ParseInLocation(selection.StampLayout, stamp, time.UTC)
	if err != nil {
		w.t.Fatalf("last-built %q: %v", stamp, err)
	}
	ds := w.dataset()
	want, err := selection.Reference(ds, now)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, ref := range refs {
		got := must(w.s.MemberIDs(ctx, ref, 0, -1))
		exp := want[ref]
		if exp == nil {
			exp = []int64{}
		}
		w.sizes = append(w.sizes, len(got))
		if !reflect.DeepEqual(got, exp) {
			w.t.Errorf("%s: %v: SQL build %v, reference %v\nrules: %s\ndiffering: %s", label, ref, got, exp,
				describeRules(ds.Defs, ref), w.differing(ds, got, exp))
		}
	}
	built := must(w.s.LastBuilt(ctx, refs))
	for i, b := range built {
		if b == "" {
			w.t.Errorf("%v: last-built empty after a build", refs[i])
		}
	}
}

func describeRules(d *selection.Definitions, ref kopernik.SelectionRef) string {
	out := ""
	for _, r := range d.RulesOf(ref) {
		out += fmt.Sprintf("\n  rule %d inversed=%v disabled=%v:", r.ID, r.Inversed, r.Disabled)
		for _, c := range d.ConditionsOf(r.ID) {
			out += fmt.Sprintf(" %s%+v", c.Type(), c.Props)
		}
	}
	return out
}

// testSelectionBuildAgreement: random worlds, each checked after it is
// defined, after random writes (which leave the members stale until the
// next read) and after a rule changes.
func testSelectionBuildAgreement(t *testing.T, s kopernik.Store) {
	fixClock(t, s)
	for seed := uint64(1); seed <= 20; seed++ {
		w := newBuildWorld(t, s, seed)
		w.populate(40)
		w.define()
		w.check(fmt.Sprintf("seed %d", seed))
		w.populate(5)
		w.check(fmt.Sprintf("seed %d after writes", seed))
		t.Logf("seed %d: member counts %v", seed, w.sizes)
	}
}

// differing shows the values of the entities one side selects and the
// other does not.
func (w *buildWorld) differing(ds *selection.Dataset, a, b []int64) string {
	out := ""
	for _, e := range append(slices.Clone(ds.Profiles), ds.Subprofiles...) {
		if slices.Contains(a, e.ID) != slices.Contains(b, e.ID) {
			out += fmt.Sprintf("\n  %d (profile %d): %v %v", e.ID, e.ProfileID, e.Values, e.Interests)
		}
	}
	return out
}
