package storetest

import (
	"fmt"
	"math/rand"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
	"github.com/kopernik/kopernik/sqlstore"
)

// testSelectionsIncremental is the property of issue 10 ("always fresh"):
// for random profiles, subprofiles and interests, random rule sets over
// every per-entity condition type (nesting, inversion, disabled and empty
// rules, ReferView chains, MiniView in rules and minirules) and random
// writes after a full build, the members the writer keeps (incremental)
// equal the members of a fresh full SQL build, which equal the reference
// algorithm of §3.3 over the same data. A per-entity selection stays clean
// through every write; a Part view (set-dependent) and what refers to it
// are marked dirty instead. KOPERNIK_SEL_SEED replays a seed.
func testSelectionsIncremental(t *testing.T, s kopernik.Store) {
	st := observable(t, s)
	seed := time.Now().UnixNano()
	if v := os.Getenv("KOPERNIK_SEL_SEED"); v != "" {
		seed, _ = strconv.ParseInt(v, 10, 64)
	}
	t.Logf("seed %d (replay with KOPERNIK_SEL_SEED=%d)", seed, seed)
	p := newPropWorld(t, s, st, rand.New(rand.NewSource(seed)), seed)
	p.defineSelections()
	p.check("after the first build", false)
	for batch := 0; batch < 60; batch++ {
		n := 1 + p.rng.Intn(5)
		if batch%7 == 6 {
			p.concurrentWrites(n) // several jobs in one group commit
		} else {
			for i := 0; i < n; i++ {
				p.randomWrite()
			}
		}
		p.check(fmt.Sprintf("batch %d", batch), true)
	}
	t.Logf("memberships moved by writes in clean selections: %d", p.moved)
	if p.moved == 0 {
		// Some seeds define rules that no random write crosses (seen once in
		// many hundreds of runs): the comparisons held but proved nothing
		// about maintenance. Reported as a skip, not a pass, with the seed.
		t.Skipf("seed %d: no write moved a membership, so this run proves nothing about incremental maintenance", seed)
	}
}

// propWorld is the database the property test writes to, with what it
// knows of it to pick writes.
type propWorld struct {
	t      *testing.T
	s      kopernik.Store
	st     *sqlstore.Store
	rng    *rand.Rand
	seed   int64
	loc    *time.Location
	db     int64
	orders int64 // collection
	notes  int64 // collection
	views  []int64
	minis  []int64
	// part is the Part view; setViews are it and the views depending on it.
	part     int64
	profiles []int64 // live
	subs     map[int64][]int64
	// created: a profile was created since the last check, so the Part
	// view must have been marked dirty.
	created bool
	// last is the full build of the previous check; moved counts the
	// memberships the writer changed in clean selections since.
	last  selection.Members
	moved int
	mu    sync.Mutex
}

var propValues = map[string][]any{
	"name":  {"Anna", "anna", "Bert", "carla", "", "ANNA "},
	"city":  {"Delft", "delft", "Amsterdam", "Rotterdam ", ""},
	"age":   {"0", "17", "30", "45", "-3", int64(30)},
	"score": {"0", "2.5", "9.5", "10", "1.50", "x"},
	"birth": {"2000-01-01", "1990-06-15", "2024-02-29", "1990-06-16", ""},
	"visit": {"2024-05-01 10:00:00", "2023-12-31 23:59:59", "2024-05-01 00:00:00", ""},
	"kind":  {"a", "b", "c"},
	"email": {"a@example.com", "not-an-email", "x@y.nl", ""},
	// subprofiles
	"product": {"bike", "Bike", "helmet", "car", ""},
	"amount":  {"0", "50", "500", "20000"},
	"ordered": {"2024-05-01 10:00:00", "2023-01-01 00:00:00", "2024-06-01 12:00:00"},
	"topic":   {"late", "Late", "early", ""},
}

var propInterests = []string{"football", "tennis", "cars", "biking"}

func newPropWorld(t *testing.T, s kopernik.Store, st *sqlstore.Store, rng *rand.Rand, seed int64) *propWorld {
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	p := &propWorld{t: t, s: s, st: st, rng: rng, seed: seed, loc: loc, subs: map[int64][]int64{}}
	p.db = must(s.CreateDatabase(ctx, kopernik.DatabaseInput{Name: str("Prop")}))
	dbo := kopernik.DatabaseOwner(p.db)
	for _, f := range []kopernik.FieldInput{
		{Name: str("name"), Index: boolp(true)},
		{Name: str("city")},
		{Name: str("age"), Type: ftype(kopernik.TypeInteger), Index: boolp(true)},
		{Name: str("score"), Type: ftype(kopernik.TypeFloat)},
		{Name: str("birth"), Type: ftype(kopernik.TypeEmptyDate)},
		{Name: str("visit"), Type: ftype(kopernik.TypeDatetime)},
		{Name: str("kind"), Type: ftype(kopernik.TypeSelect), Value: "a\nb\nc", HasValue: true},
		{Name: str("email"), Type: ftype(kopernik.TypeEmail)},
	} {
		must(s.CreateField(ctx, dbo, f))
	}
	for i, name := range propInterests {
		group := "sports"
		if i >= 2 {
			group = "hobbies"
		}
		must(s.CreateInterest(ctx, p.db, kopernik.InterestInput{Name: str(name), Group: str(group)}))
	}
	p.orders = must(s.CreateCollection(ctx, p.db, kopernik.CollectionInput{Name: str("orders")}))
	for _, f := range []kopernik.FieldInput{
		{Name: str("product")},
		{Name: str("amount"), Type: ftype(kopernik.TypeInteger)},
		{Name: str("ordered"), Type: ftype(kopernik.TypeDatetime)},
	} {
		must(s.CreateField(ctx, kopernik.CollectionOwner(p.orders), f))
	}
	p.notes = must(s.CreateCollection(ctx, p.db, kopernik.CollectionInput{Name: str("notes")}))
	must(s.CreateField(ctx, kopernik.CollectionOwner(p.notes), kopernik.FieldInput{Name: str("topic")}))
	for i := 0; i < 16; i++ {
		p.createProfile()
	}
	for i := 0; i < 24; i++ {
		p.createSubprofile()
	}
	return p
}

func (p *propWorld) fail(format string, args ...any) {
	p.t.Helper()
	p.t.Fatalf("seed %d: %s", p.seed, fmt.Sprintf(format, args...))
}

func (p *propWorld) pick(vs []any) any { return vs[p.rng.Intn(len(vs))] }

func (p *propWorld) pickField(names ...string) string { return names[p.rng.Intn(len(names))] }

func (p *propWorld) randomFields(names ...string) *kopernik.Map {
	m := &kopernik.Map{}
	for _, n := range names {
		if p.rng.Intn(3) > 0 {
			m.Set(n, p.pick(propValues[n]))
		}
	}
	return m
}

func (p *propWorld) randomInterests() []any {
	var out []any
	for _, i := range propInterests {
		if p.rng.Intn(2) == 0 {
			out = append(out, i)
		}
	}
	return out
}

// ---- definitions

// condition makes a random condition of a per-entity type on a view rule.
func (p *propWorld) viewCondition(rule int64, self int) {
	var b *kopernik.Map
	switch k := p.rng.Intn(10); {
	case k < 4:
		f := p.pickField("name", "city", "age", "score", "birth", "visit", "kind", "email")
		cmp := []string{"equals", "not equals", "contains", "not contains", "less", "more", "is_email", "regexp", "is-numeric"}[p.rng.Intn(9)]
		val := fmt.Sprint(p.pick(propValues[f]))
		if cmp == "regexp" {
			val = []string{"^an", "a$", "[0-9]", "e"}[p.rng.Intn(4)]
		}
		b = body("type", "Field", "field", f, "comparison", cmp, "value", val, "numeric-comparison", p.rng.Intn(4) == 0)
		if p.rng.Intn(8) == 0 {
			b = body("type", "Field", "field", f, "comparison", cmp, "other-field", p.pickField("name", "city", "age"))
		}
	case k < 6:
		mode := []string{"match_profiles_with_interest", "match_profiles_without_interest",
			"match_profiles_with_interestgroup", "match_profiles_without_interestgroup"}[p.rng.Intn(4)]
		if strings.HasSuffix(mode, "group") {
			b = body("type", "Interest", "match-mode", mode, "interest-group", []string{"sports", "Hobbies"}[p.rng.Intn(2)])
		} else {
			b = body("type", "Interest", "match-mode", mode, "interest", propInterests[p.rng.Intn(4)])
		}
	case k < 7:
		b = body("type", "Date", "field", p.pickField("birth", "visit"), "compare-mode", []string{"full", "ignoreyear"}[p.rng.Intn(2)])
		if p.rng.Intn(3) > 0 {
			b.Set("after-time", []string{"1990-06-15 00:00:00", "2000-01-01 00:00:00", "2024-01-01 00:00:00"}[p.rng.Intn(3)])
		}
		if p.rng.Intn(3) > 0 {
			b.Set("before-time", []string{"2024-05-01 10:00:00", "2010-01-01 00:00:00", "2030-01-01 00:00:00"}[p.rng.Intn(3)])
		}
	case k < 9 && self > 0:
		target := p.views[p.rng.Intn(self)]
		b = body("type", "ReferView", "refer-view", target, "check-type", []string{"yes", "no"}[p.rng.Intn(2)])
	default:
		b = body("type", "MiniView", "mini-view", p.minis[p.rng.Intn(len(p.minis))])
		lo := int64(p.rng.Intn(3))
		if p.rng.Intn(2) == 0 {
			b.Set("min-subprofiles", lo)
		}
		if p.rng.Intn(3) == 0 {
			b.Set("max-subprofiles", lo+int64(p.rng.Intn(2)))
		}
	}
	if _, _, err := p.s.CreateCondition(ctx, rule, b); err != nil {
		p.fail("condition %v: %v", b, err)
	}
}

func (p *propWorld) rules(owner kopernik.SelectionRef, cond func(rule int64)) {
	for r := 0; r < p.rng.Intn(4); r++ {
		rule := must(p.s.CreateRule(ctx, owner, body("name", fmt.Sprintf("r%d", r),
			"inverted", p.rng.Intn(3) == 0, "disabled", p.rng.Intn(7) == 0)))
		for c := 0; c < p.rng.Intn(4); c++ {
			cond(rule)
		}
	}
}

// defineSelections makes two miniviews (the second counting the first in
// a minirule), six views (nested, referring, counting miniviews) and a
// Part view with a view referring to it; then builds them all.
func (p *propWorld) defineSelections() {
	m1 := must(p.s.CreateMiniview(ctx, p.orders, body("name", "m1")))
	p.minis = append(p.minis, m1)
	p.rules(kopernik.MiniviewRef(m1), func(rule int64) {
		var b *kopernik.Map
		switch p.rng.Intn(3) {
		case 0:
			b = body("type", "Field", "field", "product", "comparison", []string{"equals", "contains", "not equals"}[p.rng.Intn(3)], "value", p.pick(propValues["product"]))
		case 1:
			b = body("type", "Field", "field", "amount", "comparison", []string{"less", "more", "equals"}[p.rng.Intn(3)], "value", p.pick(propValues["amount"]))
		default:
			b = body("type", "Date", "field", "ordered", "after-time", "2024-01-01 00:00:00")
		}
		mustCond(p.s.CreateCondition(ctx, rule, b))
	})
	m2 := must(p.s.CreateMiniview(ctx, p.notes, body("name", "m2")))
	p.minis = append(p.minis, m2)
	p.rules(kopernik.MiniviewRef(m2), func(rule int64) {
		if p.rng.Intn(2) == 0 {
			mustCond(p.s.CreateCondition(ctx, rule, body("type", "Field", "field", "topic", "comparison", "equals", "value", "late")))
			return
		}
		b := body("type", "MiniView", "mini-view", m1)
		if p.rng.Intn(2) == 0 {
			b.Set("max-subprofiles", int64(1))
		}
		mustCond(p.s.CreateCondition(ctx, rule, b))
	})
	for i := 0; i < 6; i++ {
		parent := int64(0)
		if i > 0 && p.rng.Intn(3) == 0 {
			parent = p.views[p.rng.Intn(i)]
		}
		v := must(p.s.CreateView(ctx, p.db, parent, body("name", fmt.Sprintf("v%d", i))))
		p.views = append(p.views, v)
		p.rules(kopernik.ViewRef(v), func(rule int64) { p.viewCondition(rule, i) })
	}
	p.part = must(p.s.CreateView(ctx, p.db, 0, body("name", "top3")))
	r := must(p.s.CreateRule(ctx, kopernik.ViewRef(p.part), body("name", "r")))
	mustCond(p.s.CreateCondition(ctx, r, body("type", "Part", "begin", "0", "length", "3", "fields", []any{"age"})))
	under := must(p.s.CreateView(ctx, p.db, 0, body("name", "not top3")))
	r = must(p.s.CreateRule(ctx, kopernik.ViewRef(under), body("name", "r")))
	mustCond(p.s.CreateCondition(ctx, r, body("type", "ReferView", "refer-view", p.part, "check-type", "no")))
	if err := p.st.BuildAllSelections(ctx); err != nil {
		p.fail("build: %v", err)
	}
}

// ---- writes

func (p *propWorld) createProfile() {
	p.mu.Lock()
	in := kopernik.EntityInput{
		Fields:    p.randomFields("name", "city", "age", "score", "birth", "visit", "kind", "email"),
		Interests: p.randomInterests()}
	p.mu.Unlock()
	id := must(p.s.CreateEntity(ctx, kopernik.DatabaseOwner(p.db), 0, in))
	p.mu.Lock()
	p.profiles = append(p.profiles, id)
	p.created = true
	p.mu.Unlock()
}

func (p *propWorld) createSubprofile() {
	p.mu.Lock()
	if len(p.profiles) == 0 {
		p.mu.Unlock()
		return
	}
	owner := p.profiles[p.rng.Intn(len(p.profiles))]
	coll, names := p.orders, []string{"product", "amount", "ordered"}
	if p.rng.Intn(3) == 0 {
		coll, names = p.notes, []string{"topic"}
	}
	in := kopernik.EntityInput{Fields: p.randomFields(names...)}
	p.mu.Unlock()
	id, err := p.s.CreateEntity(ctx, kopernik.CollectionOwner(coll), owner, in)
	if err != nil {
		return // its profile was deleted meanwhile (concurrent writes)
	}
	p.mu.Lock()
	p.subs[owner] = append(p.subs[owner], id)
	p.mu.Unlock()
}

// randomWrite makes one random change of profile or subprofile data.
func (p *propWorld) randomWrite() {
	p.mu.Lock()
	k := p.rng.Intn(13)
	if len(p.profiles) < 4 {
		k = 0
	}
	var prof int64
	if len(p.profiles) > 0 {
		prof = p.profiles[p.rng.Intn(len(p.profiles))]
	}
	var sub int64
	if subs := p.subs[prof]; len(subs) > 0 {
		sub = subs[p.rng.Intn(len(subs))]
	}
	var in kopernik.EntityInput
	switch k {
	case 2, 3:
		in = kopernik.EntityInput{Fields: p.randomFields("name", "city", "age", "score", "birth", "visit", "kind", "email")}
		if p.rng.Intn(2) == 0 {
			in.Interests = p.randomInterests()
		}
	case 4:
		in = kopernik.EntityInput{Interests: fields(propInterests[p.rng.Intn(4)], fmt.Sprint(p.rng.Intn(2))), InterestsMerge: true}
	case 6, 7:
		in = kopernik.EntityInput{Fields: p.randomFields("product", "amount", "ordered", "topic")}
	case 10:
		in = kopernik.EntityInput{Fields: p.randomFields("name", "age", "score", "kind"), Interests: p.randomInterests()}
	}
	city := fmt.Sprint(p.pick(propValues["city"]))
	p.mu.Unlock()
	switch k {
	case 0:
		p.createProfile()
	case 1, 5:
		p.createSubprofile()
	case 2, 3, 4:
		p.ignoreGone(p.s.UpdateEntity(ctx, kopernik.OwnerDatabase, prof, in))
	case 6, 7:
		if sub != 0 {
			p.ignoreGone(p.s.UpdateEntity(ctx, kopernik.OwnerCollection, sub, in))
		}
	case 8:
		if sub != 0 {
			p.ignoreGone(p.s.DeleteEntity(ctx, kopernik.OwnerCollection, sub))
			p.forgetSub(prof, sub)
		}
	case 10: // bulk PUT database/{id}/profiles?fields[]=city==…
		o := kopernik.DatabaseOwner(p.db)
		if _, err := p.s.UpdateMatching(ctx, kopernik.ListQuery{Owner: o, Where: Where(p.t, p.s, o, "city=="+city)}, in, false); err != nil {
			p.fail("bulk update: %v", err)
		}
	case 11: // purge: removed first (journal, cascade), then the rows go
		if sub != 0 {
			p.ignoreGone(p.s.PurgeEntity(ctx, kopernik.OwnerCollection, sub))
			p.forgetSub(prof, sub)
		}
	case 12:
		p.ignoreGone(p.s.DeleteProfiles(ctx, p.db, []int64{prof}))
		p.mu.Lock()
		p.profiles = slices.DeleteFunc(p.profiles, func(x int64) bool { return x == prof })
		delete(p.subs, prof)
		p.mu.Unlock()
	case 9:
		p.ignoreGone(p.s.DeleteEntity(ctx, kopernik.OwnerDatabase, prof))
		p.mu.Lock()
		p.profiles = slices.DeleteFunc(p.profiles, func(x int64) bool { return x == prof })
		delete(p.subs, prof)
		p.mu.Unlock()
	}
}

// ignoreGone accepts the refusal of a write to an entity that a concurrent
// write of the same batch removed; any other error fails the test.
func (p *propWorld) ignoreGone(err error) {
	if err != nil && kopernik.ErrorCode(err) != kopernik.EINVALID && kopernik.ErrorCode(err) != kopernik.ENOTFOUND {
		p.fail("write: %v", err)
	}
}

func (p *propWorld) forgetSub(prof, sub int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.subs[prof] = slices.DeleteFunc(p.subs[prof], func(x int64) bool { return x == sub })
}

// concurrentWrites sends n writes at once, so that the writer commits
// several in one transaction and each sees the members the earlier ones
// left. Beside them, a forced rebuild of the first miniview makes what
// depends on it stale, and reads build those again, between the writes'
// batches: a write after a build must keep what the build made clean.
func (p *propWorld) concurrentWrites(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); p.randomWrite() }()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := p.st.RebuildSelectionNow(ctx, kopernik.MiniviewRef(p.minis[0])); err != nil {
			p.t.Errorf("seed %d: rebuild: %v", p.seed, err)
			return
		}
		cat := catalog(p.t, p.s)
		defs := selection.Of(cat)
		order, _ := defs.BuildOrder()
		for _, ref := range order {
			if !defs.Depends(ref).PerEntity() {
				continue
			}
			if err := p.s.EnsureMembers(ctx, ref); err != nil {
				p.t.Errorf("seed %d: members of %v: %v", p.seed, ref, err)
				return
			}
			p.mu.Lock()
			write := p.rng.Intn(2) == 0
			p.mu.Unlock()
			if write {
				p.randomWrite()
			}
		}
	}()
	wg.Wait()
}

// ---- checks

// dataset reads what the reference algorithm needs from the store.
func (p *propWorld) dataset() *selection.Dataset {
	cat := catalog(p.t, p.s)
	ds := &selection.Dataset{Catalog: cat, Defs: selection.Of(cat)}
	ds.Profiles = must(p.s.ListEntities(ctx, kopernik.ListQuery{Owner: kopernik.DatabaseOwner(p.db), Limit: 100000})).Items
	for _, c := range []int64{p.orders, p.notes} {
		ds.Subprofiles = append(ds.Subprofiles, must(p.s.ListEntities(ctx, kopernik.ListQuery{Owner: kopernik.CollectionOwner(c), Limit: 100000})).Items...)
	}
	return ds
}

// check compares the stored members with the reference and then with a
// full build. afterWrites: per-entity selections must still be clean, the
// Part view dirty if a profile changed.
func (p *propWorld) check(when string, afterWrites bool) {
	p.t.Helper()
	ds := p.dataset()
	want, err := selection.Reference(ds, time.Now().In(p.loc))
	if err != nil {
		p.fail("%s: reference: %v", when, err)
	}
	stored, states, err := p.st.StoredSelections(ctx)
	if err != nil {
		p.fail("%s: %v", when, err)
	}
	if part := kopernik.ViewRef(p.part); afterWrites && p.created && states[part].Fresh() {
		p.fail("%s: a profile was created but the Part view is still clean", when)
	}
	p.created = false
	for ref, state := range states {
		perEntity := ds.Defs.Depends(ref).PerEntity()
		if perEntity && !state.Fresh() {
			p.fail("%s: %v (per-entity) is no longer clean: %+v", when, ref, state)
		}
		if state.Fresh() && !slices.Equal(stored[ref], want[ref]) {
			p.fail("%s: %v is clean but its members %v differ from the reference %v", when, ref, stored[ref], want[ref])
		}
		if state.Fresh() && p.last != nil {
			p.moved += symmetricDiff(p.last[ref], stored[ref])
		}
	}
	if err := p.st.BuildAllSelections(ctx); err != nil {
		p.fail("%s: build: %v", when, err)
	}
	rebuilt, states, err := p.st.StoredSelections(ctx)
	if err != nil {
		p.fail("%s: %v", when, err)
	}
	for ref := range states {
		if !slices.Equal(rebuilt[ref], want[ref]) {
			p.fail("%s: full build of %v gives %v, the reference %v", when, ref, rebuilt[ref], want[ref])
		}
		if !states[ref].Fresh() {
			p.fail("%s: %v not clean after a full build", when, ref)
		}
	}
	p.last = rebuilt
}

// symmetricDiff counts the IDs in one sorted list and not the other.
func symmetricDiff(a, b []int64) int {
	n := 0
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			n++
		}
	}
	for _, x := range b {
		if _, ok := slices.BinarySearch(a, x); !ok {
			n++
		}
	}
	return n
}

// mustCond is must for CreateCondition.
func mustCond(id int64, _ kopernik.ConditionType, err error) int64 { return must(id, err) }
