package imports

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
)

func newPlanner(t *testing.T, im *kopernik.Import, cols ...string) *Planner {
	t.Helper()
	p, err := NewPlanner(testDB(), im, testConv())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Columns(cols); err != nil {
		t.Fatal(err)
	}
	return p
}

func valuesByName(vs []Value) map[string]string {
	out := map[string]string{}
	for _, v := range vs {
		out[v.Field.Name] = v.Value
	}
	return out
}

func mustPlan(t *testing.T, p *Planner, cells ...any) *Plan {
	t.Helper()
	pl, err := p.Plan(Row{Line: 2, Cells: cells})
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// §3.25 "Cell values are normalised exactly as in 3.3": the B24–B29 rules,
// for text cells as CSV gives them and for JSON kinds.
func TestP325_CellsNormalisedAsSingleWrites(t *testing.T) {
	im := &kopernik.Import{Action: kopernik.ImportAdd}
	p := newPlanner(t, im, "email", "LastName", "AGE", "Score", "Birthdate", "Level", "Orders.Amount", "orders.placed")
	cases := []struct {
		cells []any
		want  map[string]string
		sub   map[string]string
	}{
		{
			[]any{"  A@X.nl ", "Jansen", "   3 ", " 2.99  ", "2020-01-02t03:04:05", "Gold", "1e1", "2020-01-02 03:04:05z"},
			map[string]string{"Email": "  A@X.nl ", "LastName": "Jansen", "Age": "3", "Score": "2.99", "Birthdate": "2020-01-02", "Level": "Gold"},
			map[string]string{"Amount": "10", "Placed": "2020-01-02 04:04:05"},
		},
		{
			[]any{"x", "", "abc", "true", "0000-00-00", "gold", "", "junk"},
			map[string]string{"Email": "x", "LastName": "", "Age": "0", "Score": "0", "Birthdate": "", "Level": ""},
			map[string]string{"Amount": "0", "Placed": "0000-00-00 00:00:00"},
		},
		{
			[]any{true, false, -2.99, true, nil, int64(1), []any{int64(1)}, "@1577934245"},
			map[string]string{"Email": "1", "LastName": "", "Age": "-2", "Score": "1", "Birthdate": "", "Level": ""},
			map[string]string{"Amount": "1", "Placed": "2020-01-02 04:04:05"},
		},
	}
	for _, c := range cases {
		pl := mustPlan(t, p, c.cells...)
		if got := valuesByName(pl.Profile); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q profile\n got %v\nwant %v", c.cells, got, c.want)
		}
		if got := valuesByName(pl.Sub); !reflect.DeepEqual(got, c.sub) || !pl.HasSub {
			t.Errorf("%q sub\n got %v (HasSub %v)\nwant %v", c.cells, got, pl.HasSub, c.sub)
		}
	}
}

// ignoreEmptyFields passes over empty cells and nulls; without it they are
// written like any value (B31: an empty integer stores 0).
func TestP325_IgnoreEmptyFields(t *testing.T) {
	cells := []any{"a@x.nl", "", nil, Absent}
	p := newPlanner(t, &kopernik.Import{Action: kopernik.ImportAdd}, "Email", "LastName", "Age", "Score")
	if got := valuesByName(mustPlan(t, p, cells...).Profile); !reflect.DeepEqual(got, map[string]string{"Email": "a@x.nl", "LastName": "", "Age": "0"}) {
		t.Fatalf("without ignoreEmptyFields: %v", got)
	}
	p = newPlanner(t, &kopernik.Import{Action: kopernik.ImportAdd, IgnoreEmptyFields: true}, "Email", "LastName", "Age", "Score")
	if got := valuesByName(mustPlan(t, p, cells...).Profile); !reflect.DeepEqual(got, map[string]string{"Email": "a@x.nl"}) {
		t.Fatalf("with ignoreEmptyFields: %v", got)
	}
}

// Two columns for one field: the later one wins (B17), also for keys, and
// an Absent later cell leaves the earlier one in force.
func TestB17_LaterColumnWins(t *testing.T) {
	p := newPlanner(t, &kopernik.Import{Action: kopernik.ImportUpdateOrAdd, KeyFields: []string{"Email"}}, "Email", "LastName", "EMAIL")
	pl := mustPlan(t, p, "first@x.nl", "J", "Second@X.nl")
	if got := valuesByName(pl.Profile); got["Email"] != "Second@X.nl" || len(pl.Profile) != 2 {
		t.Fatalf("values %v", pl.Profile)
	}
	if pl.ProfileKey[0].Value != "Second@X.nl" || pl.ProfileKey[0].Match != "second@x.nl" {
		t.Fatalf("key %+v", pl.ProfileKey)
	}
	pl = mustPlan(t, p, "first@x.nl", "J", Absent)
	if got := valuesByName(pl.Profile); got["Email"] != "first@x.nl" || pl.ProfileKey[0].Value != "first@x.nl" {
		t.Fatalf("values %v key %+v", pl.Profile, pl.ProfileKey)
	}
}

// Unknown columns are ignored as unknown names in a body are (B18), and
// listed so the import can say so.
func TestB18_UnknownColumnsAreIgnoredAndListed(t *testing.T) {
	p := newPlanner(t, &kopernik.Import{Action: kopernik.ImportAdd}, "ID", "Email", "Orders.Nope", "code")
	pl := mustPlan(t, p, "12", "a@x.nl", "z", "secret")
	if got := valuesByName(pl.Profile); !reflect.DeepEqual(got, map[string]string{"Email": "a@x.nl"}) || pl.HasSub {
		t.Fatalf("values %v HasSub %v", got, pl.HasSub)
	}
	if !reflect.DeepEqual(p.Unknown(), []string{"ID", "Orders.Nope", "code"}) {
		t.Fatalf("unknown %q", p.Unknown())
	}
}

// §3.25 matching: text-like keys compare case-insensitively, as the stores
// do (ASCII letters only); other types compare in their normalised form.
func TestP325_KeyMatchForm(t *testing.T) {
	db := testDB()
	email, age, level, score := db.Fields[0], db.Fields[2], db.Fields[5], db.Fields[3]
	cases := []struct {
		f       *kopernik.Field
		in, out string
	}{
		{email, "Jan@Example.NL", "jan@example.nl"},
		{email, "ÉCOLE@x.nl", "École@x.nl"},
		{email, "already lower", "already lower"},
		{level, "Gold", "Gold"},
		{age, "7", "7"},
		{score, "2.5", "2.5"},
	}
	for _, c := range cases {
		if got := MatchForm(c.f, c.in); got != c.out {
			t.Errorf("MatchForm(%s, %q) = %q, want %q", c.f.Name, c.in, got, c.out)
		}
	}
	p := newPlanner(t, &kopernik.Import{Action: kopernik.ImportUpdate, KeyFields: []string{"Age", "Email"}}, "Email", "Age")
	pl := mustPlan(t, p, "A@B.nl", " 007x")
	want := kopernik.And{
		kopernik.Cmp{Col: kopernik.Column{Field: age}, Op: kopernik.OpEq, Value: "7"},
		kopernik.Cmp{Col: kopernik.Column{Field: email}, Op: kopernik.OpEq, Value: "A@B.nl"},
	}
	if got := pl.ProfileWhere(); !reflect.DeepEqual(got, want) {
		t.Fatalf("ProfileWhere %#v", got)
	}
	if pl.SubWhere() != nil || pl.HasSub {
		t.Fatalf("no subprofile part expected: %#v", pl)
	}
}

// A missing or empty key cell fails only its row: matching on an empty key
// would reach every entity whose key is empty.
func TestO26_EmptyKeyIsARowError(t *testing.T) {
	p := newPlanner(t, &kopernik.Import{Action: kopernik.ImportUpdateOrAdd, KeyFields: []string{"Email", "Orders.OrderID"}}, "Email", "Orders.OrderID", "Orders.Amount")
	for _, cells := range [][]any{{"", "o1", "1"}, {nil, "o1", "1"}, {Absent, "o1", "1"}, {"a@x.nl", "", "5"}} {
		_, err := p.Plan(Row{Line: 9, Cells: cells})
		var re *RowError
		if !IsRowError(err) || !strings.Contains(err.Error(), "line 9: key field") {
			t.Errorf("%q: %v (%T)", cells, err, re)
		}
	}
	// A row without a subprofile part needs only its profile key.
	pl := mustPlan(t, p, "a@x.nl", "", "")
	if pl.HasSub || len(pl.ProfileKey) != 1 || pl.SubKey != nil {
		t.Fatalf("plan %+v", pl)
	}
	// add does not match, so its keys may be empty.
	p = newPlanner(t, &kopernik.Import{Action: kopernik.ImportAdd, KeyFields: []string{"Email"}}, "Email")
	mustPlan(t, p, "")
}

// With only subprofile keys a row is found by its subprofile, so it must
// have one.
func TestP325_OnlySubprofileKeys(t *testing.T) {
	p := newPlanner(t, &kopernik.Import{Action: kopernik.ImportUpdate, KeyFields: []string{"Orders.OrderID"}}, "Email", "Orders.OrderID", "Orders.Amount")
	pl := mustPlan(t, p, "a@x.nl", "O-1", "")
	if !pl.HasSub || pl.ProfileKey != nil || len(pl.SubKey) != 1 || pl.SubKey[0].Match != "o-1" {
		t.Fatalf("plan %+v", pl)
	}
	if _, err := p.Plan(Row{Line: 3, Cells: []any{"a@x.nl", "", "5"}}); !IsRowError(err) {
		t.Fatalf("empty subprofile key: %v", err)
	}
}

func TestP325_DeletePlansCarryKeysOnly(t *testing.T) {
	p := newPlanner(t, &kopernik.Import{Action: kopernik.ImportDelete, KeyFields: []string{"Email"}}, "Email", "LastName", "Orders.Amount")
	pl := mustPlan(t, p, "A@x.nl", "J", "3")
	if pl.Profile != nil || pl.Sub != nil || pl.HasSub || pl.ProfileKey[0].Match != "a@x.nl" {
		t.Fatalf("profile delete plan %+v", pl)
	}
	p = newPlanner(t, &kopernik.Import{Action: kopernik.ImportDelete, DeleteTarget: kopernik.TargetSubprofile, KeyFields: []string{"Email"}}, "Email", "Orders.Amount")
	pl = mustPlan(t, p, "A@x.nl", "")
	if !pl.HasSub || pl.SubKey != nil || len(pl.ProfileKey) != 1 {
		t.Fatalf("subprofile delete plan %+v", pl)
	}
}

// Rules checked once the columns are known (O26).
func TestO26_ColumnChecks(t *testing.T) {
	cases := []struct {
		name string
		im   kopernik.Import
		cols []string
		msg  string
	}{
		{"no known column", kopernik.Import{Action: kopernik.ImportAdd}, []string{"Foo", "Bar"}, "No column of the source"},
		{"key not a column", kopernik.Import{Action: kopernik.ImportUpdate, KeyFields: []string{"Email"}}, []string{"LastName"}, "Key field Email is not a column"},
		{"sub key not a column", kopernik.Import{Action: kopernik.ImportUpdate, KeyFields: []string{"Email", "orders.orderid"}}, []string{"Email", "Orders.Amount"}, "Key field Orders.OrderID is not a column"},
		{"two collections", kopernik.Import{Action: kopernik.ImportAdd}, []string{"Email", "Orders.Amount", "Visits.Page"}, "more than one collection"},
		{"subprofile delete without collection", kopernik.Import{Action: kopernik.ImportDelete, DeleteTarget: kopernik.TargetSubprofile, KeyFields: []string{"Email"}}, []string{"Email"}, "needs Collection.Field columns"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := NewPlanner(testDB(), &c.im, testConv())
			if err != nil {
				t.Fatal(err)
			}
			err = p.Columns(c.cols)
			if kopernik.ErrorCode(err) != kopernik.EINVALID || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("got %v, want %q", err, c.msg)
			}
		})
	}
}

// Rules on keyFields that need no source: a 400 before anything is stored.
func TestO26_KeyRulesWithoutSource(t *testing.T) {
	for _, a := range kopernik.ImportActions {
		_, err := NewPlanner(testDB(), &kopernik.Import{Action: a}, testConv())
		if a.NeedsKeys() != (err != nil) {
			t.Errorf("%s without keys: %v", a, err)
		}
		if err != nil && kopernik.ErrorMessage(err) != kopernik.MsgInvalidData {
			t.Errorf("%s: message %q", a, kopernik.ErrorMessage(err))
		}
	}
	_, err := NewPlanner(testDB(), &kopernik.Import{Action: kopernik.ImportDelete, KeyFields: []string{"Email", "Orders.OrderID"}}, testConv())
	if err == nil || !strings.Contains(err.Error(), "profile fields only") {
		t.Fatalf("profile delete on a subprofile key: %v", err)
	}
}

// A JSON source may add columns as it goes: they are mapped when seen; one
// of a second collection ends the import.
func TestO26_ColumnsAddedLater(t *testing.T) {
	p := newPlanner(t, &kopernik.Import{Action: kopernik.ImportAdd}, "Email")
	if err := p.Columns([]string{"Email", "Orders.Amount", "Bogus"}); err != nil {
		t.Fatal(err)
	}
	pl := mustPlan(t, p, "a", "2.5", "x")
	if valuesByName(pl.Sub)["Amount"] != "2.5" || p.Collection().Name != "Orders" || !reflect.DeepEqual(p.Unknown(), []string{"Bogus"}) {
		t.Fatalf("plan %+v unknown %q", pl, p.Unknown())
	}
	if err := p.Columns([]string{"Email", "Orders.Amount", "Bogus", "Visits.Page"}); err == nil {
		t.Fatal("a second collection was accepted")
	}
}

// webhooks.md §5.5: parameters are the row's columns as the source names
// them, subprofile ones without their prefix.
func TestW55_ImportEventParameters(t *testing.T) {
	p := newPlanner(t, &kopernik.Import{Action: kopernik.ImportAdd, IgnoreEmptyFields: true}, "email", "Age", "orders.AMOUNT", "Nope", "LastName")
	pl := mustPlan(t, p, "a@x.nl", int64(5), "2.5", "z", "")
	prof, sub := pl.ProfileParams(), pl.SubParams()
	if !reflect.DeepEqual(prof.Keys, []string{"email", "Age"}) || !reflect.DeepEqual(prof.Values, []any{"a@x.nl", int64(5)}) {
		t.Fatalf("profile params %v %v", prof.Keys, prof.Values)
	}
	if !reflect.DeepEqual(sub.Keys, []string{"AMOUNT"}) || !reflect.DeepEqual(sub.Values, []any{"2.5"}) {
		t.Fatalf("subprofile params %v %v", sub.Keys, sub.Values)
	}
}
