package filter

import (
	"reflect"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// testFields is a database with a field of every type.
func testFields() []*kopernik.Field {
	return []*kopernik.Field{
		{ID: 301, Name: "LastName", Type: kopernik.TypeText},
		{ID: 302, Name: "Email", Type: kopernik.TypeEmail},
		{ID: 303, Name: "ANumber", Type: kopernik.TypeInteger, Index: true},
		{ID: 304, Name: "Score", Type: kopernik.TypeFloat},
		{ID: 305, Name: "Birthdate", Type: kopernik.TypeEmptyDate, Index: true},
		{ID: 306, Name: "ActionTime", Type: kopernik.TypeDatetime},
		{ID: 307, Name: "Color", Type: kopernik.TypeSelect, Value: "Red\r\nred\r\nBlue"},
		{ID: 308, Name: "Phone", Type: kopernik.TypePhone},
		{ID: 309, Name: "Notes", Type: kopernik.TypeBig},
		{ID: 310, Name: "Ref", Type: kopernik.TypeForeignKey},
		{ID: 311, Name: "Mobile", Type: kopernik.TypePhoneGSM},
		{ID: 312, Name: "Fax", Type: kopernik.TypePhoneFax},
		{ID: 313, Name: "Day", Type: kopernik.TypeDate},
		{ID: 314, Name: "Seen", Type: kopernik.TypeEmptyDatetime},
	}
}

var testConv = values.Conv{Loc: time.UTC, Now: func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC) }}

// TestResolve_Conventions8_3: names, special names and the comparison form
// of every kind of value.
func TestResolve_Conventions8_3(t *testing.T) {
	field := func(id int64) kopernik.Column {
		for _, f := range testFields() {
			if f.ID == id {
				return kopernik.Column{Field: f}
			}
		}
		panic(id)
	}
	fixed := func(c kopernik.FixedColumn) kopernik.Column { return kopernik.Column{Fixed: c} }
	tests := []struct {
		cond Cond
		want kopernik.Cmp
	}{
		// text-like: case-insensitive name, value verbatim (B65, B67)
		{Cond{"LASTNAME", OpEq, "mUIT"}, kopernik.Cmp{Col: field(301), Op: kopernik.OpEq, Value: "mUIT"}},
		{Cond{"lastname", OpEq, " Muit"}, kopernik.Cmp{Col: field(301), Op: kopernik.OpEq, Value: " Muit"}},
		{Cond{"Phone", OpNe2, "06"}, kopernik.Cmp{Col: field(308), Op: kopernik.OpNe, Value: "06"}},
		{Cond{"email", OpNe, "a@b"}, kopernik.Cmp{Col: field(302), Op: kopernik.OpNe, Value: "a@b"}},
		{Cond{"Notes", OpLike, " x%"}, kopernik.Cmp{Col: field(309), Op: kopernik.OpLike, Value: " x%"}},
		{Cond{"LastName", OpEq, "a\x00"}, kopernik.Cmp{Col: field(301), Op: kopernik.OpEq, Value: "a\x00"}},
		// select: verbatim (B72)
		{Cond{"color", OpEq, " red"}, kopernik.Cmp{Col: field(307), Op: kopernik.OpEq, Value: " red"}},
		{Cond{"Color", OpNotLike, "R_d%"}, kopernik.Cmp{Col: field(307), Op: kopernik.OpNotLike, Value: "R_d%"}},
		// numbers: normalised like input (B70); patterns trimmed
		{Cond{"ANumber", OpEq, "abc"}, kopernik.Cmp{Col: field(303), Op: kopernik.OpEq, Value: "0"}},
		{Cond{"ANumber", OpEq, ""}, kopernik.Cmp{Col: field(303), Op: kopernik.OpEq, Value: "0"}},
		{Cond{"ANumber", OpLt, " 2.99 "}, kopernik.Cmp{Col: field(303), Op: kopernik.OpLt, Value: "2"}},
		{Cond{"Ref", OpGe, "-7x"}, kopernik.Cmp{Col: field(310), Op: kopernik.OpGe, Value: "-7"}},
		{Cond{"ANumber", OpLike, " 1% "}, kopernik.Cmp{Col: field(303), Op: kopernik.OpLike, Value: "1%"}},
		{Cond{"Score", OpEq, " 6"}, kopernik.Cmp{Col: field(304), Op: kopernik.OpEq, Value: "6"}},
		{Cond{"Score", OpGt, "2.5x"}, kopernik.Cmp{Col: field(304), Op: kopernik.OpGt, Value: "2.5"}},
		{Cond{"Score", OpNotLike, "2._"}, kopernik.Cmp{Col: field(304), Op: kopernik.OpNotLike, Value: "2._"}},
		// dates: normalised; an empty value is the type's empty or zero date
		{Cond{"Birthdate", OpGe, "2000-01-02"}, kopernik.Cmp{Col: field(305), Op: kopernik.OpGe, Value: "2000-01-02"}},
		{Cond{"Birthdate", OpEq, ""}, kopernik.Cmp{Col: field(305), Op: kopernik.OpEq, Value: ""}},
		{Cond{"Day", OpEq, ""}, kopernik.Cmp{Col: field(313), Op: kopernik.OpEq, Value: "0000-00-00"}},
		{Cond{"ActionTime", OpLe, " 2020-04-27 14:15:34"}, kopernik.Cmp{Col: field(306), Op: kopernik.OpLe, Value: "2020-04-27 14:15:34"}},
		{Cond{"Seen", OpLt, "2020-02-03 04:05"}, kopernik.Cmp{Col: field(314), Op: kopernik.OpLt, Value: "2020-02-03 04:05:00"}},
		{Cond{"Birthdate", OpLike, " 2000-% "}, kopernik.Cmp{Col: field(305), Op: kopernik.OpLike, Value: "2000-%"}},
		// special names (B71)
		{Cond{"ID", OpGt, "5"}, kopernik.Cmp{Col: fixed(kopernik.ColID), Op: kopernik.OpGt, Value: "5"}},
		{Cond{"id", OpEq, " 3abc"}, kopernik.Cmp{Col: fixed(kopernik.ColID), Op: kopernik.OpEq, Value: "3"}},
		{Cond{"Id", OpLike, " 1_"}, kopernik.Cmp{Col: fixed(kopernik.ColID), Op: kopernik.OpLike, Value: "1_"}},
		{Cond{"CODE", OpEq, " ABC"}, kopernik.Cmp{Col: fixed(kopernik.ColSecret), Op: kopernik.OpEq, Value: " ABC"}},
		{Cond{"Modified", OpGe, "2020-01-02 03:04"}, kopernik.Cmp{Col: fixed(kopernik.ColModified), Op: kopernik.OpGe, Value: "2020-01-02 03:04:00"}},
		{Cond{"modified", OpEq, ""}, kopernik.Cmp{Col: fixed(kopernik.ColModified), Op: kopernik.OpEq, Value: "0000-00-00 00:00:00"}},
		{Cond{"modified", OpLike, " 2020-%"}, kopernik.Cmp{Col: fixed(kopernik.ColModified), Op: kopernik.OpLike, Value: "2020-%"}},
	}
	fields := testFields()
	for _, tt := range tests {
		e, ignored := Resolve(fields, []Cond{tt.cond}, testConv)
		want := kopernik.And{tt.want}
		if len(ignored) != 0 || !reflect.DeepEqual(e, want) {
			t.Errorf("%v: got %+v (ignored %v); want %+v", tt.cond, e, ignored, want)
		}
	}
}

// TestResolve_B66_B71: conditions that do not apply are reported; the others
// still hold together; a real field wins over a special name.
func TestResolve_B66_B71(t *testing.T) {
	fields := testFields()
	conds := []Cond{
		{"LASTNAME", OpEq, "mUIT"},
		{"unknown", OpEq, "x"},      // B66
		{"LastName ", OpEq, "Muit"}, // "a ==b": the name keeps its blank (B65)
		{"ANumber", OpGe, "0"},
		{"ANumber", OpLe, "5"}, // one field twice: both apply (B68)
		{"Color", "=", "x"},    // no such operator
	}
	e, ignored := Resolve(fields, conds, testConv)
	and, ok := e.(kopernik.And)
	if !ok || len(and) != 3 || and[0].(kopernik.Cmp).Col.Field.ID != 301 || and[2].(kopernik.Cmp).Value != "5" {
		t.Errorf("expression: %+v", e)
	}
	wantIgnored := []Ignored{{"unknown==x", UnknownField}, {"LastName ==Muit", UnknownField}, {"Color=x", UnknownOperator}}
	if !reflect.DeepEqual(ignored, wantIgnored) {
		t.Errorf("ignored %+v; want %+v", ignored, wantIgnored)
	}

	// Nothing applies: no expression at all (B50 decides what that means).
	if e, ignored := Resolve(fields, []Cond{{"nope", OpEq, "1"}}, testConv); e != nil || len(ignored) != 1 {
		t.Errorf("no usable condition: %+v %v", e, ignored)
	}
	if e, ignored := Resolve(fields, nil, testConv); e != nil || ignored != nil {
		t.Errorf("no conditions: %+v %v", e, ignored)
	}

	own := []*kopernik.Field{
		{ID: 7, Name: "Modified", Type: kopernik.TypeText},
		{ID: 8, Name: "ID", Type: kopernik.TypeSelect},
		{ID: 9, Name: "code", Type: kopernik.TypeInteger},
	}
	e, _ = Resolve(own, []Cond{{"modified", OpEq, "x"}, {"id", OpEq, "x"}, {"CODE", OpEq, "x"}}, testConv)
	for i, c := range e.(kopernik.And) {
		if f := c.(kopernik.Cmp).Col.Field; f == nil || f.ID != own[i].ID {
			t.Errorf("condition %d: %+v; want field %d", i, c, own[i].ID)
		}
	}
	if v := e.(kopernik.And)[2].(kopernik.Cmp).Value; v != "0" {
		t.Errorf("a field named code is compared as its type: %q", v)
	}

	// Fields that cannot be named safely are unknown.
	bad := []*kopernik.Field{nil, {ID: 0, Name: "zero", Type: kopernik.TypeText}, {ID: -4, Name: "neg", Type: kopernik.TypeText}, {ID: 5, Name: "odd", Type: "odd"}}
	if e, ignored := Resolve(bad, []Cond{{"zero", OpEq, "1"}, {"neg", OpEq, "1"}, {"odd", OpEq, "1"}}, testConv); e != nil || len(ignored) != 3 {
		t.Errorf("unsafe fields: %+v %v", e, ignored)
	}
}

func TestResolveOrder_B73_B75(t *testing.T) {
	fields := append(testFields(),
		&kopernik.Field{ID: 400, Name: "random", Type: kopernik.TypeText},
		&kopernik.Field{ID: 401, Name: "Modified", Type: kopernik.TypeText},
		&kopernik.Field{ID: 402, Name: "313", Type: kopernik.TypeInteger},
		&kopernik.Field{ID: 403, Name: "odd", Type: "odd"},
	)
	byField := func(id int64, desc bool) kopernik.Order {
		for _, f := range fields {
			if f.ID == id {
				return kopernik.Order{By: kopernik.OrderField, Field: f, Desc: desc}
			}
		}
		panic(id)
	}
	tests := []struct {
		orderby, order string
		want           kopernik.Order
	}{
		{"", "", kopernik.Order{}},
		{"id", "desc", kopernik.Order{Desc: true}},
		{"ID", "DESCENDING", kopernik.Order{Desc: true}},
		{"id", "descendING", kopernik.Order{Desc: true}},
		{"id", "descendin", kopernik.Order{}},
		{"id", "asc", kopernik.Order{}},
		{"id", " desc", kopernik.Order{}},
		{"birthdate", "", byField(305, false)},
		{"Birthdate", "Desc", byField(305, true)},
		{"LastName", "desc", byField(301, true)},
		{"303", "desc", byField(303, true)},                                          // field ID
		{"313", "", byField(402, false)},                                             // a field named 313 wins over ID 313
		{"modified", "desc", kopernik.Order{By: kopernik.OrderModified, Desc: true}}, // special word beats field
		{"MODIFIED", "", kopernik.Order{By: kopernik.OrderModified}},
		{"random", "", kopernik.Order{By: kopernik.OrderRandom}},
		{"RANDOM", "desc", kopernik.Order{By: kopernik.OrderRandom, Desc: true}},
		{"nope", "desc", kopernik.Order{Desc: true}},
		{"999", "", kopernik.Order{}},
		{"LastName ", "", kopernik.Order{}},
		{"code", "", kopernik.Order{}}, // no orderby word
		{"odd", "", kopernik.Order{}},  // cannot be compiled
	}
	for _, tt := range tests {
		if got := ResolveOrder(fields, tt.orderby, tt.order); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ResolveOrder(%q, %q) = %+v; want %+v", tt.orderby, tt.order, got, tt.want)
		}
	}
}
