package filter

import (
	"reflect"
	"strconv"
	"strings"
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

// testNorm is a small stand-in for values.Conv.Normalize: PHP casts for
// numbers, a few layouts for dates, the type's empty value otherwise.
func testNorm(f *kopernik.Field, raw string) string {
	switch {
	case f.Type.IsInteger():
		return strconv.FormatInt(values.Int(raw), 10)
	case f.Type == kopernik.TypeFloat:
		return strconv.FormatFloat(values.Float(raw), 'f', -1, 64)
	case f.Type.IsDate():
		s := strings.TrimSpace(raw)
		out := ""
		if !strings.HasPrefix(s, "0000-00-00") {
			for _, l := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02", "2006-01"} {
				if tm, err := time.Parse(l, s); err == nil {
					out = tm.Format("2006-01-02 15:04:05")
					break
				}
			}
		}
		if out == "" {
			if f.Type == kopernik.TypeEmptyDate || f.Type == kopernik.TypeEmptyDatetime {
				return ""
			}
			out = "0000-00-00 00:00:00"
		}
		if !f.Type.HasTime() {
			out = out[:10]
		}
		return out
	}
	return raw
}

func TestCompileSQLite(t *testing.T) {
	tests := []struct {
		cond Cond
		sql  string
		arg  any
	}{
		// text-like: declared NOCASE, value verbatim
		{Cond{"LASTNAME", OpEq, "mUIT"}, "f_301 = ?", "mUIT"},
		{Cond{"lastname", OpEq, " Muit"}, "f_301 = ?", " Muit"},
		{Cond{"LastName", OpEq, ""}, "f_301 = ?", ""},
		{Cond{"email", OpNe, "a@b.nl"}, "f_302 <> ?", "a@b.nl"},
		{Cond{"Phone", OpNe2, "06"}, "f_308 <> ?", "06"},
		{Cond{"Notes", OpLt, "m"}, "f_309 < ?", "m"},
		{Cond{"Mobile", OpGe, "06"}, "f_311 >= ?", "06"},
		{Cond{"Fax", OpLe, "07"}, "f_312 <= ?", "07"},
		{Cond{"LastName", OpGt, "M"}, "f_301 > ?", "M"},
		{Cond{"LastName", OpLike, "Mu%"}, `f_301 LIKE ? ESCAPE '\'`, "Mu%"},
		{Cond{"LastName", OpNotLike, `100\%`}, `f_301 NOT LIKE ? ESCAPE '\'`, `100\%`},
		{Cond{"LastName", OpLike, ` C:\t*`}, `f_301 LIKE ? ESCAPE '\'`, ` C:\\t*`},
		// select: case-sensitive; LIKE through GLOB
		{Cond{"color", OpEq, "red"}, "f_307 = ?", "red"},
		{Cond{"Color", OpLt, "S"}, "f_307 < ?", "S"},
		{Cond{"Color", OpLike, "R_d%"}, "f_307 GLOB ?", "R?d*"},
		{Cond{"Color", OpNotLike, "*%"}, "f_307 NOT GLOB ?", "[*]*"},
		// numbers: normalised, bound as int64 / float64
		{Cond{"ANumber", OpEq, "abc"}, "f_303 = ?", int64(0)},
		{Cond{"ANumber", OpEq, ""}, "f_303 = ?", int64(0)},
		{Cond{"ANumber", OpGe, "-1"}, "f_303 >= ?", int64(-1)},
		{Cond{"ANumber", OpLt, " 2.99 "}, "f_303 < ?", int64(2)},
		{Cond{"Ref", OpNe, "7"}, "f_310 <> ?", int64(7)},
		{Cond{"Score", OpEq, " 6"}, "f_304 = ?", float64(6)},
		{Cond{"Score", OpGt, "2.5x"}, "f_304 > ?", 2.5},
		{Cond{"ANumber", OpLike, " 1%"}, "CAST(f_303 AS TEXT) GLOB ?", "1*"},
		{Cond{"Score", OpNotLike, "2._"}, "printf('%.14g', f_304) NOT GLOB ?", "2.?"},
		// dates: normalised text
		{Cond{"Birthdate", OpGe, "2000-01-02"}, "f_305 >= ?", "2000-01-02"},
		{Cond{"Birthdate", OpEq, ""}, "f_305 = ?", ""},
		{Cond{"Day", OpEq, ""}, "f_313 = ?", "0000-00-00"},
		{Cond{"ActionTime", OpLe, " 2020-04-27 14:15:34"}, "f_306 <= ?", "2020-04-27 14:15:34"},
		{Cond{"Seen", OpLt, "2020-2"}, "f_314 < ?", ""}, // the test normaliser does not know "2020-2"
		{Cond{"Birthdate", OpLike, " 2000-%"}, "f_305 GLOB ?", "2000-*"},
		// special names
		{Cond{"ID", OpGt, "5"}, "id > ?", int64(5)},
		{Cond{"id", OpEq, " 3abc"}, "id = ?", int64(3)},
		{Cond{"Id", OpLike, "1_"}, "CAST(id AS TEXT) GLOB ?", "1?"},
		{Cond{"CODE", OpEq, "ABC"}, "secret COLLATE NOCASE = ?", "ABC"},
		{Cond{"code", OpLike, "ab%"}, `secret LIKE ? ESCAPE '\'`, "ab%"},
		{Cond{"Modified", OpGe, "2020-01-02 03:04"}, "modified >= ?", "2020-01-02 03:04:00"},
		{Cond{"modified", OpEq, ""}, "modified = ?", "0000-00-00 00:00:00"},
	}
	tg := Target{Fields: testFields()}
	for _, tt := range tests {
		where, args, n := Compile(SQLite, tg, []Cond{tt.cond}, testNorm, 0)
		if where != tt.sql || n != 1 || !reflect.DeepEqual(args, []any{tt.arg}) {
			t.Errorf("%v: got %q %#v %d; want %q %#v", tt.cond, where, args, n, tt.sql, tt.arg)
		}
	}
}

func TestCompilePostgres(t *testing.T) {
	tests := []struct {
		cond Cond
		sql  string
		arg  any
	}{
		{Cond{"LASTNAME", OpEq, "mUIT"}, "lower(f_301) = lower($1::text COLLATE \"C\")", "mUIT"},
		{Cond{"Email", OpNe2, "x"}, "lower(f_302) <> lower($1::text COLLATE \"C\")", "x"},
		{Cond{"Notes", OpLt, "m"}, "lower(f_309) < lower($1::text COLLATE \"C\")", "m"},
		{Cond{"LastName", OpLike, "Mu%"}, `lower(f_301) LIKE lower($1::text COLLATE "C") ESCAPE E'\\'`, "Mu%"},
		{Cond{"Phone", OpNotLike, `a\_*`}, `lower(f_308) NOT LIKE lower($1::text COLLATE "C") ESCAPE E'\\'`, `a\_*`},
		{Cond{"Color", OpEq, "red"}, "f_307 = $1", "red"},
		{Cond{"Color", OpLike, "R%"}, `f_307 LIKE $1 ESCAPE E'\\'`, "R%"},
		{Cond{"Color", OpNotLike, "R%"}, `f_307 NOT LIKE $1 ESCAPE E'\\'`, "R%"},
		{Cond{"ANumber", OpEq, "abc"}, "f_303 = $1::bigint", int64(0)},
		{Cond{"Ref", OpGe, "4"}, "f_310 >= $1::bigint", int64(4)},
		{Cond{"Score", OpLe, "1e3"}, "f_304 <= $1::float8", float64(1000)},
		{Cond{"ANumber", OpLike, "1%"}, `f_303::text LIKE $1 ESCAPE E'\\'`, "1%"},
		{Cond{"Score", OpLike, "2.5"}, `f_304::text LIKE $1 ESCAPE E'\\'`, "2.5"},
		{Cond{"Birthdate", OpGe, "2000-01-02"}, "f_305 >= $1", "2000-01-02"},
		{Cond{"Birthdate", OpLike, "2000-%"}, `f_305 LIKE $1 ESCAPE E'\\'`, "2000-%"},
		{Cond{"id", OpGt, "5"}, "id > $1::bigint", int64(5)},
		{Cond{"code", OpEq, "AB"}, "lower(secret) = lower($1::text COLLATE \"C\")", "AB"},
		{Cond{"MODIFIED", OpLt, "2020-01-02"}, "modified < $1", "2020-01-02 00:00:00"},
		// text PostgreSQL cannot hold is replaced, never sent
		{Cond{"LastName", OpEq, "a\x00b\xff"}, "lower(f_301) = lower($1::text COLLATE \"C\")", "a\uFFFDb\uFFFD"},
		{Cond{"LastName", OpLike, "\xff%"}, `lower(f_301) LIKE lower($1::text COLLATE "C") ESCAPE E'\\'`, "\uFFFD%"},
	}
	tg := Target{Fields: testFields()}
	for _, tt := range tests {
		where, args, n := Compile(Postgres, tg, []Cond{tt.cond}, testNorm, 0)
		if where != tt.sql || n != 1 || !reflect.DeepEqual(args, []any{tt.arg}) {
			t.Errorf("%v: got %q %#v %d; want %q %#v", tt.cond, where, args, n, tt.sql, tt.arg)
		}
	}
}

func TestCompileCombined(t *testing.T) {
	tg := Target{Fields: testFields()}
	conds := []Cond{
		{"LASTNAME", OpEq, "mUIT"},
		{"unknown", OpEq, "x"},      // unknown: dropped
		{"LastName ", OpEq, "Muit"}, // "a ==b": unknown name
		{"ANumber", OpGe, "0"},
		{"ANumber", OpLe, "5"}, // same field twice: both apply
		{"Color", "=", "x"},    // invalid operator: dropped
	}
	where, args, n := Compile(Postgres, tg, conds, testNorm, 2)
	if want := "lower(f_301) = lower($3::text COLLATE \"C\") AND f_303 >= $4::bigint AND f_303 <= $5::bigint"; where != want {
		t.Errorf("where = %q; want %q", where, want)
	}
	if !reflect.DeepEqual(args, []any{"mUIT", int64(0), int64(5)}) || n != 3 {
		t.Errorf("args = %#v, n = %d", args, n)
	}
	where, args, n = Compile(SQLite, tg, conds, testNorm, 2)
	if want := "f_301 = ? AND f_303 >= ? AND f_303 <= ?"; where != want || len(args) != 3 || n != 3 {
		t.Errorf("where = %q (%d args, %d applied); want %q", where, len(args), n, want)
	}

	// nothing applies
	where, args, n = Compile(SQLite, tg, []Cond{{"nope", OpEq, "1"}}, testNorm, 0)
	if where != "" || args != nil || n != 0 {
		t.Errorf("no usable condition: %q %v %d", where, args, n)
	}
	if where, args, n = Compile(SQLite, tg, nil, testNorm, 0); where != "" || args != nil || n != 0 {
		t.Errorf("no conditions: %q %v %d", where, args, n)
	}

	// a real field wins over a special name (B71)
	own := Target{Fields: []*kopernik.Field{
		{ID: 7, Name: "Modified", Type: kopernik.TypeText},
		{ID: 8, Name: "ID", Type: kopernik.TypeSelect},
		{ID: 9, Name: "code", Type: kopernik.TypeInteger},
	}}
	where, _, _ = Compile(SQLite, own, []Cond{{"modified", OpEq, "x"}, {"id", OpEq, "x"}, {"CODE", OpEq, "x"}}, testNorm, 0)
	if want := "f_7 = ? AND f_8 = ? AND f_9 = ?"; where != want {
		t.Errorf("fields over special names: %q; want %q", where, want)
	}

	// nil normaliser: PHP rules for numbers, trimmed text for dates
	where, args, _ = Compile(SQLite, tg, []Cond{{"ANumber", OpEq, " 4x"}, {"Score", OpEq, "1.5"}, {"Day", OpEq, " 2020-01-01 "}}, nil, 0)
	if !reflect.DeepEqual(args, []any{int64(4), 1.5, "2020-01-01"}) || where != "f_303 = ? AND f_304 = ? AND f_313 = ?" {
		t.Errorf("nil normaliser: %q %#v", where, args)
	}

	// fields that cannot be named safely are unknown
	bad := Target{Fields: []*kopernik.Field{nil, {ID: 0, Name: "zero", Type: kopernik.TypeText}, {ID: -4, Name: "neg", Type: kopernik.TypeText}, {ID: 5, Name: "odd", Type: "odd"}}}
	if where, _, n := Compile(SQLite, bad, []Cond{{"zero", OpEq, "1"}, {"neg", OpEq, "1"}, {"odd", OpEq, "1"}}, testNorm, 0); where != "" || n != 0 {
		t.Errorf("unsafe fields: %q %d", where, n)
	}

	// qualifier
	q := Target{Fields: testFields(), Qualifier: "p"}
	where, _, _ = Compile(Postgres, q, []Cond{{"LastName", OpEq, "x"}, {"id", OpEq, "1"}, {"code", OpEq, "x"}, {"modified", OpEq, "x"}}, testNorm, 0)
	if want := "lower(p.f_301) = lower($1::text COLLATE \"C\") AND p.id = $2::bigint AND lower(p.secret) = lower($3::text COLLATE \"C\") AND p.modified = $4"; where != want {
		t.Errorf("qualified: %q; want %q", where, want)
	}
	if got := OrderBy(SQLite, q, "lastname", "desc"); got != "p.f_301 DESC, p.id ASC" {
		t.Errorf("qualified order: %q", got)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("invalid qualifier did not panic")
			}
		}()
		Compile(SQLite, Target{Qualifier: "p; DROP"}, []Cond{{"id", OpEq, "1"}}, nil, 0)
	}()
}

func TestOrderBy(t *testing.T) {
	fields := append(testFields(),
		&kopernik.Field{ID: 400, Name: "random", Type: kopernik.TypeText},
		&kopernik.Field{ID: 401, Name: "Modified", Type: kopernik.TypeText},
		&kopernik.Field{ID: 402, Name: "313", Type: kopernik.TypeInteger},
	)
	tg := Target{Fields: fields}
	tests := []struct {
		d              Dialect
		orderby, order string
		want           string
	}{
		{SQLite, "", "", "id ASC"},
		{SQLite, "id", "desc", "id DESC"},
		{SQLite, "ID", "DESCENDING", "id DESC"},
		{SQLite, "id", "descendING", "id DESC"},
		{SQLite, "id", "descendin", "id ASC"},
		{SQLite, "id", "asc", "id ASC"},
		{SQLite, "id", " desc", "id ASC"},
		{SQLite, "birthdate", "", "f_305 ASC, id ASC"},
		{SQLite, "Birthdate", "Desc", "f_305 DESC, id ASC"},
		{SQLite, "LastName", "desc", "f_301 DESC, id ASC"},
		{SQLite, "color", "", "f_307 ASC, id ASC"},
		{SQLite, "ANumber", "", "f_303 ASC, id ASC"},
		{SQLite, "303", "desc", "f_303 DESC, id ASC"},         // field ID
		{SQLite, "313", "", "f_402 ASC, id ASC"},              // a field named 313 wins over ID 313
		{SQLite, "modified", "desc", "modified DESC, id ASC"}, // special word beats field
		{SQLite, "MODIFIED", "", "modified ASC, id ASC"},
		{SQLite, "random", "", "random()"},
		{SQLite, "RANDOM", "desc", "random()"},
		{SQLite, "nope", "desc", "id DESC"},
		{SQLite, "999", "", "id ASC"},
		{SQLite, "LastName ", "", "id ASC"},
		{Postgres, "lastname", "desc", "lower(f_301) DESC, id ASC"},
		{Postgres, "Color", "", "f_307 ASC, id ASC"},
		{Postgres, "Score", "", "f_304 ASC, id ASC"},
		{Postgres, "random", "", "random()"},
		{Postgres, "", "descending", "id DESC"},
	}
	for _, tt := range tests {
		if got := OrderBy(tt.d, tg, tt.orderby, tt.order); got != tt.want {
			t.Errorf("%s OrderBy(%q, %q) = %q; want %q", tt.d.Name(), tt.orderby, tt.order, got, tt.want)
		}
	}
	if got := OrderBy(SQLite, Target{}, "code", ""); got != "id ASC" {
		t.Errorf("code is no orderby word: %q", got)
	}
}

// TestUses: what a filter reads decides whether an index can test it alone.
func TestUses(t *testing.T) {
	tg := Target{Fields: testFields()}
	ids := func(fs []*kopernik.Field) []int64 {
		var out []int64
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	for _, c := range []struct {
		filter []string
		fields []int64
		other  bool
	}{
		{[]string{"ANumber>=4", "lastname=~Sm%"}, []int64{303, 301}, false},
		{[]string{"id>3", "Birthdate==2020-01-01"}, []int64{305}, false},
		{[]string{"unknown==1", "ANumber=<3"}, nil, false}, // neither applies
		{[]string{"code==abc", "Email==x"}, []int64{302}, true},
		{[]string{"modified>2020-01-01"}, nil, true},
		{[]string{"Modified>2020-01-01", "Score<3"}, []int64{304}, true},
	} {
		conds, err := Parse(c.filter, 10)
		if err != nil {
			t.Fatal(err)
		}
		fields, other := Uses(tg, conds)
		if !reflect.DeepEqual(ids(fields), c.fields) || other != c.other {
			t.Errorf("%v: fields %v other %v, want %v %v", c.filter, ids(fields), other, c.fields, c.other)
		}
	}
}
