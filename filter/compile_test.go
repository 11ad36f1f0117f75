package filter_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
	"github.com/kopernik/kopernik/postgres"
	"github.com/kopernik/kopernik/sqlite"
)

var (
	sqliteD = sqlite.Dialect{}.Filter()
	pgD     = postgres.Dialect{}.Filter()
)

// where parses and resolves conditions as the HTTP layer does.
func where(t testing.TB, fields []*kopernik.Field, conds ...string) kopernik.Expr {
	t.Helper()
	parsed, _, err := filter.Parse(conds, 0)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := filter.Resolve(fields, parsed, filter.TestConv)
	return e
}

// cmp is the single comparison one condition resolves to.
func cmp(t testing.TB, cond string) kopernik.Expr {
	t.Helper()
	and, ok := where(t, filter.TestFields(), cond).(kopernik.And)
	if !ok || len(and) != 1 {
		t.Fatalf("%q does not resolve to one comparison", cond)
	}
	return and[0]
}

type sqlCase struct {
	cond string
	sql  string
	arg  any
}

func checkSQL(t *testing.T, d filter.Dialect, cases []sqlCase) {
	t.Helper()
	for _, tt := range cases {
		sql, args := filter.Compile(d, filter.Target{}, cmp(t, tt.cond))
		if sql != tt.sql || !reflect.DeepEqual(args, []any{tt.arg}) {
			t.Errorf("%q: got %q %#v; want %q %#v", tt.cond, sql, args, tt.sql, tt.arg)
		}
	}
}

func TestCompileSQLite(t *testing.T) {
	checkSQL(t, sqliteD, []sqlCase{
		// text-like: declared NOCASE, value verbatim
		{"LASTNAME==mUIT", "f_301 = ?", "mUIT"},
		{"lastname== Muit", "f_301 = ?", " Muit"},
		{"LastName==", "f_301 = ?", ""},
		{"email!=a@b.nl", "f_302 <> ?", "a@b.nl"},
		{"Phone<>06", "f_308 <> ?", "06"},
		{"Notes<m", "f_309 < ?", "m"},
		{"Mobile>=06", "f_311 >= ?", "06"},
		{"Fax<=07", "f_312 <= ?", "07"},
		{"LastName>M", "f_301 > ?", "M"},
		{"LastName=~Mu%", `f_301 LIKE ? ESCAPE '\'`, "Mu%"},
		{`LastName!~100\%`, `f_301 NOT LIKE ? ESCAPE '\'`, `100\%`},
		{`LastName=~ C:\t*`, `f_301 LIKE ? ESCAPE '\'`, ` C:\\t*`},
		// a NUL is compared, not where the comparison stops
		{"LastName==a\x00b", "lower(f_301) = lower(?)", "a\x00b"},
		{"code<a\x00", "lower(secret) < lower(?)", "a\x00"},
		{"Color==a\x00", "f_307 = ?", "a\x00"},
		{"LastName=~a\x00%", `kopernik_mark_nul(f_301) LIKE ? ESCAPE '\'`, "a\uFFFD%"},
		{"Color!~a\x00%", "kopernik_mark_nul(f_307) NOT GLOB ?", "a\uFFFD*"},
		// select: case-sensitive; LIKE through GLOB
		{"color==red", "f_307 = ?", "red"},
		{"Color<S", "f_307 < ?", "S"},
		{"Color=~R_d%", "f_307 GLOB ?", "R?d*"},
		{"Color!~*%", "f_307 NOT GLOB ?", "[*]*"},
		// numbers: normalised, bound as int64 / float64
		{"ANumber==abc", "f_303 = ?", int64(0)},
		{"ANumber==", "f_303 = ?", int64(0)},
		{"ANumber>=-1", "f_303 >= ?", int64(-1)},
		{"ANumber< 2.99", "f_303 < ?", int64(2)},
		{"Ref!=7", "f_310 <> ?", int64(7)},
		{"Score== 6", "f_304 = ?", float64(6)},
		{"Score>2.5x", "f_304 > ?", 2.5},
		{"Score<1e999", "f_304 < ?", float64(0)}, // as an input value, beyond float is 0
		{"ANumber=~ 1%", "CAST(f_303 AS TEXT) GLOB ?", "1*"},
		{"Score!~2._", "printf('%.14g', f_304) NOT GLOB ?", "2.?"},
		// dates: normalised text
		{"Birthdate>=2000-01-02", "f_305 >= ?", "2000-01-02"},
		{"Birthdate==", "f_305 = ?", ""},
		{"Day==", "f_313 = ?", "0000-00-00"},
		{"ActionTime<= 2020-04-27 14:15:34", "f_306 <= ?", "2020-04-27 14:15:34"},
		{"Birthdate=~ 2000-%", "f_305 GLOB ?", "2000-*"},
		// special names
		{"ID>5", "id > ?", int64(5)},
		{"id== 3abc", "id = ?", int64(3)},
		{"Id=~1_", "CAST(id AS TEXT) GLOB ?", "1?"},
		{"CODE==ABC", "secret COLLATE NOCASE = ?", "ABC"},
		{"code=~ab%", `secret LIKE ? ESCAPE '\'`, "ab%"},
		{"Modified>=2020-01-02 03:04", "modified >= ?", "2020-01-02 03:04:00"},
		{"modified==", "modified = ?", "0000-00-00 00:00:00"},
	})
}

func TestCompilePostgres(t *testing.T) {
	checkSQL(t, pgD, []sqlCase{
		{"LASTNAME==mUIT", `lower(f_301) = lower(?::text COLLATE "C")`, "mUIT"},
		{"Email<>x", `lower(f_302) <> lower(?::text COLLATE "C")`, "x"},
		{"Notes<m", `lower(f_309) < lower(?::text COLLATE "C")`, "m"},
		{"LastName=~Mu%", `lower(f_301) LIKE lower(?::text COLLATE "C") ESCAPE E'\\'`, "Mu%"},
		{`Phone!~a\_*`, `lower(f_308) NOT LIKE lower(?::text COLLATE "C") ESCAPE E'\\'`, `a\_*`},
		{"Color==red", "f_307 = ?", "red"},
		{"Color=~R%", `f_307 LIKE ? ESCAPE E'\\'`, "R%"},
		{"Color!~R%", `f_307 NOT LIKE ? ESCAPE E'\\'`, "R%"},
		{"ANumber==abc", "f_303 = ?::bigint", int64(0)},
		{"Ref>=4", "f_310 >= ?::bigint", int64(4)},
		{"Score<=1e3", "f_304 <= ?::float8", float64(1000)},
		{"ANumber=~1%", `f_303::text LIKE ? ESCAPE E'\\'`, "1%"},
		{"Score=~2.5", `f_304::text LIKE ? ESCAPE E'\\'`, "2.5"},
		{"Birthdate>=2000-01-02", "f_305 >= ?", "2000-01-02"},
		{"Birthdate=~2000-%", `f_305 LIKE ? ESCAPE E'\\'`, "2000-%"},
		{"id>5", "id > ?::bigint", int64(5)},
		{"code==AB", `lower(secret) = lower(?::text COLLATE "C")`, "AB"},
		{"MODIFIED<2020-01-02", "modified < ?", "2020-01-02 00:00:00"},
		// text PostgreSQL cannot hold is replaced, never sent
		{"LastName==a\x00b\xff", `lower(f_301) = lower(?::text COLLATE "C")`, "a\uFFFDb\uFFFD"},
		{"LastName=~\xff%", `lower(f_301) LIKE lower(?::text COLLATE "C") ESCAPE E'\\'`, "\uFFFD%"},
		{"Color==\x00", "f_307 = ?", "\uFFFD"},
	})
}

// TestCompileTree: And, Or and Not nest with the parentheses they need, the
// arguments follow the placeholders, empty lists and constants are literal
// truths, and HasInterest is a sub-select on the profile's interests.
func TestCompileTree(t *testing.T) {
	a, b, c := cmp(t, "LastName==x"), cmp(t, "ANumber>=1"), cmp(t, "ID>2")
	tests := []struct {
		name string
		tg   filter.Target
		e    kopernik.Expr
		sql  string
		args []any
	}{
		{"nil", filter.Target{}, nil, "1=1", nil},
		{"empty And", filter.Target{}, kopernik.And{}, "1=1", nil},
		{"empty Or", filter.Target{}, kopernik.Or{}, "1=0", nil},
		{"true", filter.Target{}, kopernik.Const(true), "1=1", nil},
		{"false", filter.Target{}, kopernik.Const(false), "1=0", nil},
		{"And of one", filter.Target{}, kopernik.And{a}, "f_301 = ?", []any{"x"}},
		{"And", filter.Target{}, kopernik.And{a, b}, "f_301 = ? AND f_303 >= ?", []any{"x", int64(1)}},
		{"Or", filter.Target{}, kopernik.Or{a, b}, "(f_301 = ? OR f_303 >= ?)", []any{"x", int64(1)}},
		{"Or in And", filter.Target{}, kopernik.And{a, kopernik.Or{b, c}}, "f_301 = ? AND (f_303 >= ? OR id > ?)", []any{"x", int64(1), int64(2)}},
		{"And in Or", filter.Target{}, kopernik.Or{kopernik.And{a, b}, c}, "((f_301 = ? AND f_303 >= ?) OR id > ?)", []any{"x", int64(1), int64(2)}},
		{"Not", filter.Target{}, kopernik.Not{X: a}, "NOT (f_301 = ?)", []any{"x"}},
		{"Not of Or", filter.Target{}, kopernik.Not{X: kopernik.Or{a, b}}, "NOT (f_301 = ? OR f_303 >= ?)", []any{"x", int64(1)}},
		{"Not in And", filter.Target{}, kopernik.And{kopernik.Not{X: kopernik.And{a, b}}, c}, "NOT (f_301 = ? AND f_303 >= ?) AND id > ?", []any{"x", int64(1), int64(2)}},
		{"single-part lists vanish", filter.Target{}, kopernik.Or{kopernik.And{kopernik.Or{a}}}, "f_301 = ?", []any{"x"}},
		{"empty parts", filter.Target{}, kopernik.Or{kopernik.And{}, kopernik.Or{}}, "(1=1 OR 1=0)", nil},
		{"Or in Or, And in And", filter.Target{}, kopernik.And{kopernik.Or{a, kopernik.Or{b, c}}, kopernik.And{b, c}},
			"(f_301 = ? OR f_303 >= ? OR id > ?) AND f_303 >= ? AND id > ?", []any{"x", int64(1), int64(2), int64(1), int64(2)}},
		{"single parts keep their place", filter.Target{}, kopernik.And{kopernik.Or{kopernik.And{a, b}}, kopernik.Not{X: kopernik.And{kopernik.Or{b, c}}}},
			"f_301 = ? AND f_303 >= ? AND NOT (f_303 >= ? OR id > ?)", []any{"x", int64(1), int64(1), int64(2)}},
		{"interest", filter.Target{Table: "p_4"}, kopernik.HasInterest{ID: 9},
			"EXISTS (SELECT 1 FROM profile_interests k_pi WHERE k_pi.profile_id = p_4.id AND k_pi.interest_id = ?)", []any{int64(9)}},
		{"interest of a subprofile's profile", filter.Target{Table: "s_5", Subprofiles: true}, kopernik.Not{X: kopernik.HasInterest{ID: 9}},
			"NOT (EXISTS (SELECT 1 FROM profile_interests k_pi WHERE k_pi.profile_id = s_5.profile_id AND k_pi.interest_id = ?))", []any{int64(9)}},
		{"qualified", filter.Target{Qualifier: "p", Table: "p_4"}, kopernik.And{a, c, kopernik.HasInterest{ID: 1}, cmp(t, "code==x"), cmp(t, "modified==")},
			"p.f_301 = ? AND p.id > ? AND EXISTS (SELECT 1 FROM profile_interests k_pi WHERE k_pi.profile_id = p.id AND k_pi.interest_id = ?) AND p.secret COLLATE NOCASE = ? AND p.modified = ?",
			[]any{"x", int64(2), int64(1), "x", "0000-00-00 00:00:00"}},
	}
	for _, tt := range tests {
		sql, args := filter.Compile(sqliteD, tt.tg, tt.e)
		if sql != tt.sql || !reflect.DeepEqual(args, tt.args) {
			t.Errorf("%s: got %q %#v; want %q %#v", tt.name, sql, args, tt.sql, tt.args)
		}
	}

	// Program errors are loud: they never turn into SQL.
	for name, fn := range map[string]func(){
		"invalid qualifier":        func() { filter.Compile(sqliteD, filter.Target{Qualifier: "p; DROP"}, a) },
		"sub-select without table": func() { filter.Compile(sqliteD, filter.Target{}, kopernik.HasInterest{ID: 1}) },
		"qualifier as alias":       func() { filter.Compile(sqliteD, filter.Target{Qualifier: "k_pi"}, kopernik.HasInterest{ID: 1}) },
		"field missing":            func() { filter.Compile(sqliteD, filter.Target{}, kopernik.Cmp{Op: kopernik.OpEq}) },
		"unsafe field": func() {
			filter.Compile(sqliteD, filter.Target{}, kopernik.Cmp{Col: kopernik.Column{Field: &kopernik.Field{ID: -1, Type: kopernik.TypeText}}, Op: kopernik.OpEq})
		},
		"no operator": func() {
			filter.Compile(sqliteD, filter.Target{}, kopernik.Cmp{Col: kopernik.Column{Fixed: kopernik.ColID}})
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			fn()
		}()
	}
}

func TestOrderBy(t *testing.T) {
	fields := filter.TestFields()
	field := func(name string) *kopernik.Field { return kopernik.FieldByName(fields, name) }
	tests := []struct {
		d    filter.Dialect
		tg   filter.Target
		o    kopernik.Order
		want string
	}{
		{sqliteD, filter.Target{}, kopernik.Order{}, "id ASC"},
		{sqliteD, filter.Target{}, kopernik.Order{Desc: true}, "id DESC"},
		{sqliteD, filter.Target{}, kopernik.Order{By: kopernik.OrderField, Field: field("Birthdate")}, "f_305 ASC, id ASC"},
		{sqliteD, filter.Target{}, kopernik.Order{By: kopernik.OrderField, Field: field("Birthdate"), Desc: true}, "f_305 DESC, id ASC"},
		{sqliteD, filter.Target{}, kopernik.Order{By: kopernik.OrderField, Field: field("LastName"), Desc: true}, "f_301 DESC, id ASC"},
		{sqliteD, filter.Target{}, kopernik.Order{By: kopernik.OrderField, Field: field("Color")}, "f_307 ASC, id ASC"},
		{sqliteD, filter.Target{}, kopernik.Order{By: kopernik.OrderModified, Desc: true}, "modified DESC, id ASC"},
		{sqliteD, filter.Target{}, kopernik.Order{By: kopernik.OrderRandom, Desc: true}, "random()"},
		{sqliteD, filter.Target{Qualifier: "p"}, kopernik.Order{By: kopernik.OrderField, Field: field("LastName"), Desc: true}, "p.f_301 DESC, p.id ASC"},
		{sqliteD, filter.Target{}, kopernik.Order{By: kopernik.OrderField, Field: &kopernik.Field{ID: 9, Type: "odd"}}, "id ASC"},
		{pgD, filter.Target{}, kopernik.Order{By: kopernik.OrderField, Field: field("LastName"), Desc: true}, "lower(f_301) DESC, id ASC"},
		{pgD, filter.Target{}, kopernik.Order{By: kopernik.OrderField, Field: field("Color")}, "f_307 ASC, id ASC"},
		{pgD, filter.Target{}, kopernik.Order{By: kopernik.OrderField, Field: field("Score")}, "f_304 ASC, id ASC"},
		{pgD, filter.Target{}, kopernik.Order{By: kopernik.OrderRandom}, "random()"},
		{pgD, filter.Target{}, kopernik.Order{Desc: true}, "id DESC"},
	}
	for _, tt := range tests {
		if got := filter.OrderBy(tt.d, tt.tg, tt.o); got != tt.want {
			t.Errorf("OrderBy(%+v) = %q; want %q", tt.o, got, tt.want)
		}
	}
}

// TestUses: what a filter reads decides whether an index can test it alone.
func TestUses(t *testing.T) {
	fields := filter.TestFields()
	ids := func(fs []*kopernik.Field) string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Name)
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		e      kopernik.Expr
		fields string
		other  bool
	}{
		{where(t, fields, "ANumber>=4", "lastname=~Sm%"), "ANumber,LastName", false},
		{where(t, fields, "id>3", "Birthdate==2020-01-01"), "Birthdate", false},
		{where(t, fields, "unknown==1", "ANumber=<3"), "", false}, // neither applies
		{where(t, fields, "code==abc", "Email==x"), "Email", true},
		{where(t, fields, "modified>2020-01-01"), "", true},
		{kopernik.Or{kopernik.Not{X: where(t, fields, "Score<3")}, kopernik.Const(true)}, "Score", false},
		{kopernik.And{where(t, fields, "Score<3"), kopernik.HasInterest{ID: 1}}, "Score", true},
	} {
		fs, other := filter.Uses(c.e)
		if ids(fs) != c.fields || other != c.other {
			t.Errorf("%+v: fields %s other %v, want %s %v", c.e, ids(fs), other, c.fields, c.other)
		}
	}
}
