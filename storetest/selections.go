package storetest

import (
	"reflect"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Selection definitions (selections.md §2, §8, §9): every engine stores
// them, hands them out in the catalog snapshot and applies the same checks
// and cascades.

func body(kv ...any) *kopernik.Map { return fields(kv...) }

func defsOf(t *testing.T, s kopernik.Store) (*kopernik.Catalog, *selection.Definitions) {
	t.Helper()
	cat := catalog(t, s)
	return cat, selection.Of(cat)
}

// selFixture is a database with the fields, an interest and a collection
// the conditions below name.
type selFixture struct {
	db, coll, interest int64
	f                  map[string]int64
	score              int64 // a collection field
}

func newSelFixture(t *testing.T, s kopernik.Store) selFixture {
	t.Helper()
	db, f := fixture(t, s)
	x := selFixture{db: db, f: f}
	x.interest = must(s.CreateInterest(ctx, db, kopernik.InterestInput{Name: str("football"), Group: str("sports")}))
	x.coll = must(s.CreateCollection(ctx, db, kopernik.CollectionInput{Name: str("orders")}))
	x.score = must(s.CreateField(ctx, kopernik.CollectionOwner(x.coll), kopernik.FieldInput{Name: str("Score"), Type: ftype(kopernik.TypeInteger)}))
	return x
}

func testSelectionDefinitions(t *testing.T, s kopernik.Store) {
	x := newSelFixture(t, s)
	top := must(s.CreateView(ctx, x.db, 0, body("name", "Newsletter", "description", "d", "parent-type", "view")))
	nested := must(s.CreateView(ctx, x.db, top, body("name", "Delft")))
	_, err := s.CreateView(ctx, x.db, 0, body("name", "delft"))
	wantErr(t, err, kopernik.MsgNameInUse) // unique in the database, at every level
	_, err = s.CreateView(ctx, x.db, 0, body("description", "no name"))
	wantErr(t, err, kopernik.MsgNameRequired)
	_, err = s.CreateView(ctx, 999999, 0, body("name", "x"))
	wantErr(t, err, kopernik.MsgNoDatabase)
	other := must(s.CreateDatabase(ctx, kopernik.DatabaseInput{Name: str("Other")}))
	_, err = s.CreateView(ctx, other, top, body("name", "x"))
	wantErr(t, err, kopernik.MsgNoView) // a parent of another database

	mv := must(s.CreateMiniview(ctx, x.coll, body("name", "Big")))
	_, err = s.CreateMiniview(ctx, x.coll, body("name", "BIG"))
	wantErr(t, err, kopernik.MsgNameInUse)
	_, err = s.CreateMiniview(ctx, 999999, body("name", "x"))
	wantErr(t, err, kopernik.MsgNoCollection)

	rule := must(s.CreateRule(ctx, kopernik.ViewRef(nested), body("name", "r", "inverted", true)))
	_, err = s.CreateRule(ctx, kopernik.ViewRef(nested), body("name", "R"))
	wantErr(t, err, kopernik.MsgNameInUse)
	minirule := must(s.CreateRule(ctx, kopernik.MiniviewRef(mv), body("name", "r", "disabled", "yes")))

	c1, typ, err := s.CreateCondition(ctx, rule, body("type", "field", "field", "LastName", "value", "Jansen"))
	if err != nil || typ != kopernik.CondField {
		t.Fatalf("field condition: %v %v", typ, err)
	}
	c2, typ, err := s.CreateCondition(ctx, rule, body("type", "Interest", "interest", "Football"))
	if err != nil || typ != kopernik.CondInterest {
		t.Fatalf("interest condition: %v %v", typ, err)
	}
	c3, _, err := s.CreateCondition(ctx, minirule, body("type", "Field", "field", "Score", "comparison", "more", "value", "10"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.CreateCondition(ctx, minirule, body("type", "Interest", "interest", "football"))
	wantErr(t, err, selection.MsgTypeNotInMinirule)
	_, _, err = s.CreateCondition(ctx, rule, body("type", "Bogus"))
	wantErr(t, err, selection.MsgUnknownType)

	cat, defs := defsOf(t, s)
	v := defs.View(nested)
	if v == nil || v.Database != x.db || v.Parent != top || v.Name != "Delft" {
		t.Fatalf("nested view: %+v", v)
	}
	if tv := defs.View(top); tv.Description != "d" || tv.Parent != 0 {
		t.Fatalf("top view: %+v", tv)
	}
	if got := defs.TopViews(x.db); len(got) != 1 || got[0].ID != top {
		t.Fatalf("top views: %v", got)
	}
	r := defs.Rule(rule)
	if r.Owner != kopernik.ViewRef(nested) || !r.Inversed || r.Disabled {
		t.Fatalf("rule: %+v", r)
	}
	if mr := defs.Rule(minirule); mr.Owner != kopernik.MiniviewRef(mv) || !mr.Disabled {
		t.Fatalf("minirule: %+v", mr)
	}
	conds := defs.ConditionsOf(rule)
	if len(conds) != 2 || conds[0].ID != c1 || conds[1].ID != c2 {
		t.Fatalf("conditions of the rule: %v", conds)
	}
	if fc := conds[0].Props.(*kopernik.FieldCondition); fc.Field != x.f["LastName"] || fc.Value != "Jansen" || fc.Comparison != kopernik.CmpEquals {
		t.Fatalf("field condition stored as %+v", fc)
	}
	if ic := conds[1].Props.(*kopernik.InterestCondition); ic.Interest != x.interest {
		t.Fatalf("interest condition stored as %+v", ic)
	}
	if cat.Selections.Condition(c3).Rule != minirule {
		t.Fatal("the catalog's lookups miss the minicondition")
	}
	if b := must(s.LastBuilt(ctx, []kopernik.SelectionRef{kopernik.ViewRef(top), kopernik.MiniviewRef(mv)})); !reflect.DeepEqual(b, []string{"", ""}) {
		t.Fatalf("last-built before any build: %q", b)
	}

	// Updates change what they name and nothing else.
	if err := s.UpdateView(ctx, nested, body("description", "city")); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.UpdateView(ctx, nested, body("name", "NEWSLETTER")), kopernik.MsgNameInUse)
	if err := s.UpdateRule(ctx, rule, body("inversed", false, "inverted", true, "description", "x")); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateCondition(ctx, c1, body("comparison", "not_equals")); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.UpdateCondition(ctx, c1, body("type", "Interest")), selection.MsgTypeMismatch)
	if err := s.UpdateMiniview(ctx, mv, body("name", "Bigger")); err != nil {
		t.Fatal(err)
	}
	_, defs = defsOf(t, s)
	if v := defs.View(nested); v.Name != "Delft" || v.Description != "city" {
		t.Fatalf("view after update: %+v", v)
	}
	if r := defs.Rule(rule); r.Inversed || r.Description != "x" || r.Name != "r" {
		t.Fatalf("rule after update (inversed wins over inverted): %+v", r)
	}
	if fc := defs.Condition(c1).Props.(*kopernik.FieldCondition); fc.Comparison != kopernik.CmpNotEquals || fc.Value != "Jansen" {
		t.Fatalf("condition after partial update: %+v", fc)
	}
	if defs.Miniview(mv).Name != "Bigger" {
		t.Fatal("miniview rename lost")
	}

	// Deletes: a condition, a rule with its conditions, a view with its
	// nested views and their rules (O-22).
	if err := s.DeleteCondition(ctx, c2); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRule(ctx, minirule); err != nil {
		t.Fatal(err)
	}
	_, defs = defsOf(t, s)
	if defs.Condition(c2) != nil || defs.Rule(minirule) != nil || defs.Condition(c3) != nil {
		t.Fatal("deleted condition or rule still there")
	}
	wantErr(t, s.DeleteRule(ctx, minirule), kopernik.MsgNoRule)
	wantErr(t, s.DeleteCondition(ctx, c2), kopernik.MsgNoCondition)
	if err := s.DeleteView(ctx, top); err != nil {
		t.Fatal(err)
	}
	_, defs = defsOf(t, s)
	if defs.View(top) != nil || defs.View(nested) != nil || defs.Rule(rule) != nil || defs.Condition(c1) != nil {
		t.Fatal("a view's delete left nested views, rules or conditions")
	}
	wantErr(t, s.DeleteView(ctx, top), kopernik.MsgNoView)
	if err := s.DeleteMiniview(ctx, mv); err != nil {
		t.Fatal(err)
	}
	if _, defs = defsOf(t, s); defs.Miniview(mv) != nil {
		t.Fatal("miniview still there")
	}
	// IDs are never reused.
	if again := must(s.CreateView(ctx, x.db, 0, body("name", "Newsletter"))); again <= nested {
		t.Fatalf("view ID %d reused", again)
	}
}

// testSelectionReferences: references to other selections are checked for
// cycles (§3.4); references to something deleted stay and dangle (§9).
func testSelectionReferences(t *testing.T, s kopernik.Store) {
	x := newSelFixture(t, s)
	a := must(s.CreateView(ctx, x.db, 0, body("name", "A")))
	b := must(s.CreateView(ctx, x.db, 0, body("name", "B")))
	child := must(s.CreateView(ctx, x.db, a, body("name", "A1")))
	mv := must(s.CreateMiniview(ctx, x.coll, body("name", "M")))
	ra := must(s.CreateRule(ctx, kopernik.ViewRef(a), body("name", "ra")))
	rb := must(s.CreateRule(ctx, kopernik.ViewRef(b), body("name", "rb", "disabled", true)))
	must3 := func(id int64, _ kopernik.ConditionType, err error) int64 { return must(id, err) }
	ab := must3(s.CreateCondition(ctx, ra, body("type", "ReferView", "refer-view", "B")))
	// B → A closes a cycle, also from a disabled rule; A → itself and A → its
	// own nested view do too.
	_, _, err := s.CreateCondition(ctx, rb, body("type", "ReferView", "refer-view", a))
	wantErr(t, err, selection.MsgCycle)
	_, _, err = s.CreateCondition(ctx, ra, body("type", "ReferView", "refer-view", a))
	wantErr(t, err, selection.MsgCycle)
	_, _, err = s.CreateCondition(ctx, ra, body("type", "ReferView", "refer-view", child))
	wantErr(t, err, selection.MsgCycle)
	wantErr(t, s.UpdateCondition(ctx, ab, body("refer-view", child)), selection.MsgCycle)
	fieldCond := must3(s.CreateCondition(ctx, rb, body("type", "Field", "field", "Email", "comparison", "is_email")))
	intCond := must3(s.CreateCondition(ctx, rb, body("type", "Interest", "match-mode", "match_profiles_with_interest_group", "interest-group", "Sports")))
	mvCond := must3(s.CreateCondition(ctx, rb, body("type", "MiniView", "mini-view", "M", "min-subprofiles", int64(2))))

	cat, defs := defsOf(t, s)
	if !defs.Referred(b) || defs.Referred(a) {
		t.Fatal("has-referred")
	}
	if got := defs.ViewsUsingMiniview(mv); len(got) != 1 || got[0].ID != b {
		t.Fatalf("views using the miniview: %v", got)
	}
	obj := selection.ConditionObject(cat, defs, defs.Condition(intCond))
	if g, _ := obj.Get("interest-group"); g != "sports" {
		t.Fatalf("group stored as %v", g)
	}

	// Deleting what conditions name leaves the conditions, printing false.
	must(0, s.DeleteField(ctx, kopernik.DatabaseOwner(x.db), x.f["Email"]))
	must(0, s.DeleteView(ctx, b))
	cat, defs = defsOf(t, s)
	for id, key := range map[int64]string{ab: "refer-view"} {
		if v, _ := selection.ConditionObject(cat, defs, defs.Condition(id)).Get(key); v != false {
			t.Fatalf("%s of a deleted view prints %v", key, v)
		}
	}
	if defs.Condition(fieldCond) != nil || defs.Condition(mvCond) != nil {
		t.Fatal("conditions of the deleted view B survived")
	}
	rm := must(s.CreateRule(ctx, kopernik.ViewRef(a), body("name", "rm")))
	fc := must3(s.CreateCondition(ctx, rm, body("type", "Field", "field", "LastName")))
	ic := must3(s.CreateCondition(ctx, rm, body("type", "Interest", "interest", "football")))
	mc := must3(s.CreateCondition(ctx, rm, body("type", "MiniView", "mini-view", mv)))
	must(0, s.DeleteField(ctx, kopernik.DatabaseOwner(x.db), x.f["LastName"]))
	must(0, s.DeleteInterest(ctx, x.interest))
	must(0, s.DeleteMiniview(ctx, mv))
	cat, defs = defsOf(t, s)
	for id, key := range map[int64]string{fc: "field", ic: "interest", mc: "mini-view"} {
		c := defs.Condition(id)
		if c == nil {
			t.Fatalf("condition %d went with its target", id)
		}
		if v, _ := selection.ConditionObject(cat, defs, c).Get(key); v != false {
			t.Fatalf("%s of a deleted target prints %v", key, v)
		}
	}
}

// testSelectionIntentions: a view's intentions need the database's channel
// fields, a miniview's the collection's (§7), and lose them with the field.
func testSelectionIntentions(t *testing.T, s kopernik.Store) {
	x := newSelFixture(t, s)
	v := must(s.CreateView(ctx, x.db, 0, body("name", "V")))
	mv := must(s.CreateMiniview(ctx, x.coll, body("name", "M")))
	if err := s.UpdateSelectionIntentions(ctx, kopernik.ViewRef(v), kopernik.IntentionsInput{Email: boolp(true), PDF: boolp(true)}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.UpdateSelectionIntentions(ctx, kopernik.ViewRef(v), kopernik.IntentionsInput{SMS: boolp(true)}),
		"Intention requires a field of type phone_gsm")
	// The database has an email field, the collection has none.
	wantErr(t, s.UpdateSelectionIntentions(ctx, kopernik.MiniviewRef(mv), kopernik.IntentionsInput{Email: boolp(true)}),
		"Intention requires a field of type email")
	wantErr(t, s.UpdateSelectionIntentions(ctx, kopernik.ViewRef(999999), kopernik.IntentionsInput{}), kopernik.MsgNoView)
	cf := must(s.CreateField(ctx, kopernik.CollectionOwner(x.coll), kopernik.FieldInput{Name: str("mail"), Type: ftype(kopernik.TypeEmail)}))
	must(0, s.UpdateSelectionIntentions(ctx, kopernik.MiniviewRef(mv), kopernik.IntentionsInput{Email: boolp(true), Fax: boolp(false)}))
	_, defs := defsOf(t, s)
	if got := defs.View(v).Intentions; got != (kopernik.Intentions{Email: true, PDF: true}) {
		t.Fatalf("view intentions: %+v", got)
	}
	if got := defs.Miniview(mv).Intentions; got != (kopernik.Intentions{Email: true}) {
		t.Fatalf("miniview intentions: %+v", got)
	}
	// Losing the channel field switches the intention off.
	must(0, s.DeleteField(ctx, kopernik.DatabaseOwner(x.db), x.f["Email"]))
	must(0, s.UpdateField(ctx, kopernik.CollectionOwner(x.coll), cf, kopernik.FieldInput{Type: ftype(kopernik.TypeText)}))
	_, defs = defsOf(t, s)
	if got := defs.View(v).Intentions; got != (kopernik.Intentions{PDF: true}) {
		t.Fatalf("view intentions without an email field: %+v", got)
	}
	if got := defs.Miniview(mv).Intentions; got != (kopernik.Intentions{}) {
		t.Fatalf("miniview intentions without an email field: %+v", got)
	}
}

// testSelectionCopies: a view copy (O-23) and a database copy with its views
// and miniviews (structure.md §5.5).
func testSelectionCopies(t *testing.T, s kopernik.Store) {
	x := newSelFixture(t, s)
	must3 := func(id int64, _ kopernik.ConditionType, err error) int64 { return must(id, err) }
	target := must(s.CreateView(ctx, x.db, 0, body("name", "Target")))
	src := must(s.CreateView(ctx, x.db, 0, body("name", "Src")))
	must(0, s.UpdateSelectionIntentions(ctx, kopernik.ViewRef(src), kopernik.IntentionsInput{Email: boolp(true)}))
	kid := must(s.CreateView(ctx, x.db, src, body("name", "Kid")))
	grandkid := must(s.CreateView(ctx, x.db, kid, body("name", "Grandkid")))
	must(s.CreateView(ctx, x.db, 0, body("name", "Kid (copy)"))) // taken: the copy of Kid gets " (copy 2)"
	mv := must(s.CreateMiniview(ctx, x.coll, body("name", "M")))
	mr := must(s.CreateRule(ctx, kopernik.MiniviewRef(mv), body("name", "mr")))
	must3(s.CreateCondition(ctx, mr, body("type", "Field", "field", "Score", "value", "3")))
	r := must(s.CreateRule(ctx, kopernik.ViewRef(src), body("name", "r", "inverted", true)))
	must3(s.CreateCondition(ctx, r, body("type", "ReferView", "refer-view", target, "check-type", "no")))
	must3(s.CreateCondition(ctx, r, body("type", "Interest", "interest", x.interest)))
	must3(s.CreateCondition(ctx, r, body("type", "MiniView", "mini-view", mv)))
	must3(s.CreateCondition(ctx, r, body("type", "Field", "field", "LastName", "value", "x")))
	kr := must(s.CreateRule(ctx, kopernik.ViewRef(kid), body("name", "kr")))
	must3(s.CreateCondition(ctx, kr, body("type", "ReferView", "refer-view", target)))

	_, err := s.CopyView(ctx, src, "src", true)
	wantErr(t, err, kopernik.MsgNameInUse)
	_, err = s.CopyView(ctx, src, "", true)
	wantErr(t, err, kopernik.MsgNameRequired)
	flat := must(s.CopyView(ctx, kid, "Flat", false))
	cp := must(s.CopyView(ctx, src, "Copy", true))
	_, defs := defsOf(t, s)
	if v := defs.View(flat); v.Parent != src || len(defs.Children(flat)) != 0 || len(defs.RulesOf(kopernik.ViewRef(flat))) != 1 {
		t.Fatalf("copy without nested views: %+v", v)
	}
	c := defs.View(cp)
	if c.Parent != 0 || c.Database != x.db || c.Intentions != (kopernik.Intentions{Email: true}) {
		t.Fatalf("copy: %+v", c)
	}
	// Flat, a copy of Kid without nested views, sits beside Kid in Src.
	kids := defs.Children(cp)
	if len(kids) != 2 || kids[0].Name != "Kid (copy 2)" || kids[1].Name != "Flat (copy)" {
		t.Fatalf("copied nested views: %v, %v", kids[0], kids[len(kids)-1])
	}
	if gk := defs.Children(kids[0].ID); len(gk) != 1 || gk[0].Name != "Grandkid (copy)" || gk[0].ID == grandkid {
		t.Fatalf("copied grandchildren: %v", gk)
	}
	rules := defs.RulesOf(kopernik.ViewRef(cp))
	if len(rules) != 1 || rules[0].ID == r || !rules[0].Inversed || rules[0].Name != "r" {
		t.Fatalf("copied rules: %v", rules)
	}
	orig, copied := defs.ConditionsOf(r), defs.ConditionsOf(rules[0].ID)
	if len(copied) != len(orig) {
		t.Fatalf("copied conditions: %d of %d", len(copied), len(orig))
	}
	for i := range orig {
		if copied[i].ID == orig[i].ID || !reflect.DeepEqual(copied[i].Props, orig[i].Props) {
			t.Fatalf("condition copy %d: %+v, original %+v", i, copied[i].Props, orig[i].Props)
		}
	}

	// A database copy rewrites every reference to the copies.
	nid := must(s.CopyDatabase(ctx, x.db, "Copy", kopernik.CopyOptions{Views: true, Collections: true, Miniviews: true}))
	cat, defs := defsOf(t, s)
	nd := cat.Database(nid)
	views := defs.ViewsOf(nid)
	if len(views) != len(defs.ViewsOf(x.db)) {
		t.Fatalf("copied views: %d of %d", len(views), len(defs.ViewsOf(x.db)))
	}
	byName := map[string]*kopernik.View{}
	for _, v := range views {
		byName[v.Name] = v
		if v.Intentions != (kopernik.Intentions{}) {
			t.Fatalf("a copied view keeps its intentions: %+v", v)
		}
	}
	if byName["Kid"].Parent != byName["Src"].ID || byName["Grandkid"].Parent != byName["Kid"].ID {
		t.Fatal("nesting of copied views")
	}
	minis := defs.MiniviewsOf(nd.Collections[0].ID)
	if len(minis) != 1 || minis[0].Name != "M" {
		t.Fatalf("copied miniviews: %v", minis)
	}
	if mc := defs.ConditionsOf(defs.RulesOf(kopernik.MiniviewRef(minis[0].ID))[0].ID); mc[0].Props.(*kopernik.FieldCondition).Field != nd.Collections[0].Fields[0].ID {
		t.Fatalf("minicondition field not rewritten: %+v", mc[0].Props)
	}
	conds := defs.ConditionsOf(defs.RulesOf(kopernik.ViewRef(byName["Src"].ID))[0].ID)
	want := []kopernik.ConditionProps{
		&kopernik.ReferViewCondition{View: byName["Target"].ID, Not: true},
		&kopernik.InterestCondition{Mode: selection.ModeWithInterest, Interest: nd.Interests[0].ID},
		&kopernik.MiniViewCondition{Miniview: minis[0].ID},
		&kopernik.FieldCondition{Field: kopernik.FieldByName(nd.Fields, "LastName").ID, Comparison: kopernik.CmpEquals, Value: "x"},
	}
	for i, w := range want {
		if !reflect.DeepEqual(conds[i].Props, w) {
			t.Fatalf("copied condition %d: %+v, want %+v", i, conds[i].Props, w)
		}
	}
	// Without miniviews, MiniView references of copied views dangle.
	nid2 := must(s.CopyDatabase(ctx, x.db, "Copy2", kopernik.CopyOptions{Views: true}))
	cat, defs = defsOf(t, s)
	for _, v := range defs.ViewsOf(nid2) {
		if v.Name != "Src" {
			continue
		}
		mvc := defs.ConditionsOf(defs.RulesOf(kopernik.ViewRef(v.ID))[0].ID)[2]
		if got, _ := selection.ConditionObject(cat, defs, mvc).Get("mini-view"); got != false {
			t.Fatalf("mini-view of a copy without miniviews: %v", got)
		}
	}
	if len(defs.ViewsOf(must(s.CopyDatabase(ctx, x.db, "Copy3", kopernik.CopyOptions{})))) != 0 {
		t.Fatal("views copied without options.views")
	}
}
