package filter_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
	"github.com/kopernik/kopernik/postgres"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
)

// execRow is one profile of the execution fixture.
type execRow struct {
	id                                   int64
	secret, modified, removed            string
	last, email, phone, notes, mobile    string
	number, ref                          int64
	score                                float64
	birth, action, color, day, seen, own string
}

var execRows = []execRow{
	{id: 1, secret: "aaaa1111", modified: "2020-01-01 10:00:00", last: "Muit", email: "muit@example.com", number: 0, score: 6, birth: "2000-01-01", action: "2020-04-27 14:15:34", color: "Red", ref: 1, notes: "Hello World", own: "x"},
	{id: 2, secret: "bbbb2222", modified: "2020-06-01 00:00:00", last: "", number: 0, score: 0, birth: "", action: "0000-00-00 00:00:00", color: "red", day: "0000-00-00"},
	{id: 3, secret: "cccc3333", modified: "2021-01-01 00:00:00", last: "Jansen", number: -1, score: 2.5, birth: "2000-01-02", action: "2021-01-01 00:00:00", color: ""},
	{id: 4, secret: "dddd4444", modified: "2021-02-01 00:00:00", last: "muit", number: 3, score: 1e20, birth: "1999-12-31", action: "2020-04-27 14:15:35", color: "Blue"},
	{id: 5, secret: "eeee5555", modified: "2021-03-01 00:00:00", last: "100% Mu_it", number: 5, score: 0.1, birth: "", action: "2022-01-01 00:00:00", color: "Red", notes: `back\slash`},
	{id: 6, secret: "ffff6666", modified: "2021-04-01 00:00:00", last: "Muller", number: 12, score: 19.99, birth: "2001-05-05", action: "2023-01-01 00:00:00", color: "Blue", phone: "+31 6"},
	// removed: never matches (the caller adds removed IS NULL)
	{id: 7, secret: "gggg7777", modified: "2021-05-01 00:00:00", removed: "2021-05-02 00:00:00", last: "Muit", number: 0, color: "Red"},
}

// execCases are filters from behaviour.md B64–B72 and the LIKE proposals,
// with the IDs they select from execRows.
var execCases = []struct {
	fields []string
	want   []int64
}{
	{[]string{"LASTNAME==mUIT"}, []int64{1, 4}},                   // B67
	{[]string{" LASTNAME==mUIT ", "ANumber>=-1"}, []int64{1, 4}},  // B64, B65
	{[]string{"LastName ==Muit"}, []int64{1, 2, 3, 4, 5, 6}},      // B65: unknown name
	{[]string{"LastName== Muit"}, nil},                            // B65: the blank is text
	{[]string{"Score== 6"}, []int64{1}},                           // B65
	{[]string{"ActionTime<= 2020-04-27 14:15:34"}, []int64{1, 2}}, // B65
	{[]string{"unknown==x", "LASTNAME==mUIT"}, []int64{1, 4}},     // B66
	{[]string{"ANumber>=0", "ANumber<=5"}, []int64{1, 2, 4, 5}},   // B68
	{[]string{"LastName=~mu%", "ANumber>0"}, []int64{4, 6}},       // B68
	{[]string{"LASTNAME==", "ANumber=="}, []int64{2}},             // B69
	{[]string{"ANumber==abc"}, []int64{1, 2}},                     // B70
	{[]string{"Birthdate>=2000-01-02"}, []int64{3, 6}},            // B70
	{[]string{"Birthdate=="}, []int64{2, 5}},                      // empty_date
	{[]string{"Day=="}, []int64{2}},                               // date: 0000-00-00
	{[]string{"ID>5"}, []int64{6}},                                // B71
	{[]string{"id<=2"}, []int64{1, 2}},                            // B71
	{[]string{"Id== 3x"}, []int64{3}},                             // PHP int
	{[]string{"CODE==AAAA1111"}, []int64{1}},                      // B71
	{[]string{"code=~B%"}, []int64{2}},                            // B71
	{[]string{"modified>=2021-02-01"}, []int64{4, 5, 6}},          // B71
	{[]string{"Color==red"}, []int64{2}},                          // B72
	{[]string{"Color==Red"}, []int64{1, 5}},                       // B72
	{[]string{"Color!=Red"}, []int64{2, 3, 4, 6}},                 // B72
	{[]string{"Color=~r%"}, []int64{2}},                           // LIKE case-sensitive on select
	{[]string{"Color=~_ed"}, []int64{1, 2, 5}},                    // _
	{[]string{"Color!~R%"}, []int64{2, 3, 4, 6}},                  // NOT LIKE
	{[]string{"Color<C"}, []int64{3, 4, 6}},                       // binary order: "" < Blue < Red < red
	{[]string{"LastName=~Mu%"}, []int64{1, 4, 6}},                 // LIKE prefix, case-insensitive
	{[]string{"LastName=~%MU%"}, []int64{1, 4, 5, 6}},             // LIKE infix
	{[]string{`LastName=~100\%%`}, []int64{5}},                    // escaped %
	{[]string{`LastName=~%\_%`}, []int64{5}},                      // escaped _
	{[]string{`LastName=~%_%`}, []int64{1, 3, 4, 5, 6}},           // _ needs one character
	{[]string{`LastName!~%mu%`}, []int64{2, 3}},                   // NOT LIKE
	{[]string{`LastName=~muit`}, []int64{1, 4}},                   // no wildcard: equality
	{[]string{`Notes=~back\slash`}, []int64{5}},                   // lone backslash is literal
	{[]string{`Notes=~%\\%`}, []int64{5}},                         // escaped backslash
	{[]string{`Notes=~hello%`}, []int64{1}},                       // big is text-like
	{[]string{`Phone==+31 6`}, []int64{6}},                        // phone is text-like
	{[]string{"LastName>m", "LastName<n"}, []int64{1, 4, 6}},      // case-insensitive order
	{[]string{"ANumber=~1%"}, []int64{6}},                         // LIKE on integer text
	{[]string{"ANumber=~-%"}, []int64{3}},                         // LIKE on integer text
	{[]string{"Score=~19.9_"}, []int64{6}},                        // LIKE on float text
	{[]string{"Score=~6"}, []int64{1}},                            // 6, not 6.0
	{[]string{"Score=~1e+20"}, []int64{4}},                        // exponent form
	{[]string{"Score=~0._"}, []int64{5}},                          // 0.1
	{[]string{"Score>2", "Score<100"}, []int64{1, 3, 6}},          // numeric, not text order
	{[]string{"Ref==1"}, []int64{1}},                              // foreign_key
	{[]string{"Birthdate=~2000-%"}, []int64{1, 3}},                // LIKE on date text
	{[]string{"Mobile==", "Fax==", "Seen==", "Email!=x"}, []int64{1, 2, 3, 4, 5, 6}},
	{[]string{"a=b", "x~y", "=", "!"}, []int64{1, 2, 3, 4, 5, 6}}, // ignored
	{[]string{"LastName==Robert'); DROP TABLE p;--"}, nil},        // just a value
}

var execOrders = []struct {
	orderby, order string
	want           []int64
}{
	{"", "", []int64{1, 2, 3, 4, 5, 6}},
	{"id", "descending", []int64{6, 5, 4, 3, 2, 1}},
	{"birthdate", "", []int64{2, 5, 4, 1, 3, 6}},     // B75, ties by id
	{"Birthdate", "desc", []int64{6, 3, 1, 4, 2, 5}}, // ties by id ascending
	{"LastName", "desc", []int64{6, 1, 4, 3, 5, 2}},  // case-insensitive, ties by id
	{"color", "", []int64{3, 4, 6, 1, 5, 2}},         // select: binary
	{"303", "desc", []int64{6, 5, 4, 1, 2, 3}},       // field ID
	{"score", "", []int64{2, 5, 3, 1, 6, 4}},
	{"modified", "desc", []int64{6, 5, 4, 3, 2, 1}},
	{"nope", "", []int64{1, 2, 3, 4, 5, 6}},
}

// execFields: the fixture's fields, and the same plus a real field named
// "modified" (B71: it wins in filters; B75: not in orderby).
func execFields() (plain, own []*kopernik.Field) {
	fs := filter.TestFields()
	return fs, append(slices.Clone(fs), &kopernik.Field{ID: 315, Name: "modified", Type: kopernik.TypeText})
}

// conn is the little the execution test needs of a database: SQLite goes
// through database/sql, PostgreSQL through pgx directly (its database/sql
// adapter pulls in pgxpool, whose dependency go.sum does not list).
type conn interface {
	Exec(q string, args ...any) error
	IDs(q string, args ...any) ([]int64, error)
}

type sqlConn struct{ db *sql.DB }

func (c sqlConn) Exec(q string, args ...any) error {
	_, err := c.db.Exec(q, args...)
	return err
}

func (c sqlConn) IDs(q string, args ...any) ([]int64, error) {
	rows, err := c.db.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

type pgConn struct{ c *pgx.Conn }

func (c pgConn) Exec(q string, args ...any) error {
	_, err := c.c.Exec(context.Background(), q, args...)
	return err
}

func (c pgConn) IDs(q string, args ...any) ([]int64, error) {
	rows, err := c.c.Query(context.Background(), q, args...)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if len(ids) == 0 {
		ids = nil
	}
	return ids, err
}

// engine is a database under test with the store's dialect of its engine,
// which numbers placeholders (Rebind) and gives stored text its form (Text).
type engine struct {
	db conn
	d  sqlstore.Dialect
}

func (e engine) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if err := e.db.Exec(sqlstore.Rebind(e.d, q), args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// ids runs SELECT id FROM table WHERE <live and w> ORDER BY o.
func (e engine) ids(t *testing.T, table string, w kopernik.Expr, o kopernik.Order) []int64 {
	t.Helper()
	tg := filter.Target{Table: table, Subprofiles: table == "s"}
	cond, args := filter.Compile(e.d.Filter(), tg, w)
	q := "SELECT id FROM " + table + " WHERE removed IS NULL AND " + cond + " ORDER BY " + filter.OrderBy(e.d.Filter(), filter.Target{}, o)
	ids, err := e.db.IDs(sqlstore.Rebind(e.d, q), args...)
	if err != nil {
		t.Fatalf("%s %v: %v", q, args, err)
	}
	return ids
}

var live = []int64{1, 2, 3, 4, 5, 6}

// without is live minus ids.
func without(ids []int64) []int64 {
	var out []int64
	for _, id := range live {
		if !slices.Contains(ids, id) {
			out = append(out, id)
		}
	}
	return out
}

func runExec(t *testing.T, e engine) {
	t.Helper()
	ins := "INSERT INTO p (id, secret, created, modified, removed, f_301, f_302, f_303, f_304, f_305, f_306, f_307, f_308, f_309, f_310, f_311, f_312, f_313, f_314, f_315) VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", 20), ", ") + ")"
	for _, r := range execRows {
		var removed any
		if r.removed != "" {
			removed = r.removed
		}
		day := r.day
		if day == "" {
			day = "2010-10-10"
		}
		e.exec(t, ins, r.id, r.secret, r.modified, r.modified, removed, r.last, r.email, r.number, r.score,
			r.birth, r.action, r.color, r.phone, r.notes, r.ref, r.mobile, "", day, r.seen, r.own)
	}
	plain, own := execFields()

	for _, c := range execCases {
		w := where(t, plain, c.fields...)
		if got := e.ids(t, "p", w, kopernik.Order{}); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %v; want %v", c.fields, got, c.want)
		}
		// No column a filter tests is NULL, so NOT is the exact complement.
		if got := e.ids(t, "p", kopernik.Not{X: w}, kopernik.Order{}); !reflect.DeepEqual(got, without(c.want)) {
			t.Errorf("NOT %q: got %v; want %v", c.fields, got, without(c.want))
		}
	}

	// B71: a real field named modified wins in the filter.
	if got := e.ids(t, "p", where(t, own, "modified==X"), kopernik.Order{}); !reflect.DeepEqual(got, []int64{1}) {
		t.Errorf("real field modified: %v", got)
	}
	if got := e.ids(t, "p", where(t, plain, "modified==X"), kopernik.Order{}); got != nil {
		t.Errorf("special modified==X: %v", got)
	}

	for _, o := range execOrders {
		for _, fields := range [][]*kopernik.Field{plain, own} {
			if got := e.ids(t, "p", nil, filter.ResolveOrder(fields, o.orderby, o.order)); !reflect.DeepEqual(got, o.want) {
				t.Errorf("orderby=%q order=%q: got %v; want %v", o.orderby, o.order, got, o.want)
			}
		}
	}
	got := e.ids(t, "p", nil, kopernik.Order{By: kopernik.OrderRandom})
	slices.Sort(got)
	if !reflect.DeepEqual(got, live) {
		t.Errorf("random order: %v", got)
	}

	runTrees(t, e, plain)
	runInterests(t, e, plain)
	runNUL(t, e, plain)
}

// runTrees: And, Or and Not over leaves whose matches are known (execCases)
// select what set algebra says they select; this is how selection rules
// combine (OR between rules, AND inside one, NOT for inverted rules).
func runTrees(t *testing.T, e engine, fields []*kopernik.Field) {
	t.Helper()
	muit := where(t, fields, "LASTNAME==mUIT")            // 1 4
	small := where(t, fields, "ANumber>=0", "ANumber<=5") // 1 2 4 5
	red := where(t, fields, "Color==Red")                 // 1 5
	noBirth := where(t, fields, "Birthdate==")            // 2 5
	codeB := where(t, fields, "code=~B%")                 // 2
	midScore := where(t, fields, "Score>2", "Score<100")  // 1 3 6
	for _, c := range []struct {
		name string
		e    kopernik.Expr
		want []int64
	}{
		{"or", kopernik.Or{muit, red}, []int64{1, 4, 5}},
		{"and not", kopernik.And{small, kopernik.Not{X: red}}, []int64{2, 4}},
		{"or of ands", kopernik.Or{kopernik.And{muit, small}, kopernik.And{noBirth, kopernik.Not{X: codeB}}}, []int64{1, 4, 5}},
		{"and of ors", kopernik.And{kopernik.Or{muit, noBirth}, kopernik.Or{red, codeB}}, []int64{1, 2, 5}},
		{"not of or", kopernik.Not{X: kopernik.Or{muit, noBirth, midScore}}, nil},
		{"not not", kopernik.Not{X: kopernik.Not{X: midScore}}, []int64{1, 3, 6}},
		{"not and", kopernik.Not{X: kopernik.And{small, midScore}}, []int64{2, 3, 4, 5, 6}},
		{"empty and", kopernik.And{}, live},
		{"empty or", kopernik.Or{}, nil},
		{"not empty and", kopernik.Not{X: kopernik.And{}}, nil},
		{"not empty or", kopernik.Not{X: kopernik.Or{}}, live},
		{"empty or in and", kopernik.And{kopernik.Or{}, muit}, nil},
		{"empty and in or", kopernik.Or{kopernik.And{}, codeB}, live},
		{"true", kopernik.And{kopernik.Const(true), red}, []int64{1, 5}},
		{"false", kopernik.Or{kopernik.Const(false), red}, []int64{1, 5}},
		{"not false", kopernik.Not{X: kopernik.Const(false)}, live},
		{"false alone", kopernik.Const(false), nil},
	} {
		if got := e.ids(t, "p", c.e, kopernik.Order{}); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v; want %v", c.name, got, c.want)
		}
	}
}

// runInterests: HasInterest tests profile_interests, for profiles and for
// the profile of a subprofile.
func runInterests(t *testing.T, e engine, fields []*kopernik.Field) {
	t.Helper()
	for _, pi := range [][2]int64{{1, 50}, {4, 50}, {7, 50}, {2, 51}, {3, 52}, {4, 52}} {
		e.exec(t, "INSERT INTO profile_interests (profile_id, interest_id) VALUES (?, ?)", pi[0], pi[1])
	}
	for _, sp := range [][3]any{{100, 1, nil}, {101, 2, nil}, {102, 4, nil}, {103, 4, "2021-01-01 00:00:00"}} {
		e.exec(t, "INSERT INTO s (id, profile_id, removed) VALUES (?, ?, ?)", sp[0], sp[1], sp[2])
	}
	for _, c := range []struct {
		name  string
		table string
		e     kopernik.Expr
		want  []int64
	}{
		{"has", "p", kopernik.HasInterest{ID: 50}, []int64{1, 4}},
		{"has not", "p", kopernik.Not{X: kopernik.HasInterest{ID: 50}}, []int64{2, 3, 5, 6}},
		{"either", "p", kopernik.Or{kopernik.HasInterest{ID: 51}, kopernik.HasInterest{ID: 52}}, []int64{2, 3, 4}},
		{"both", "p", kopernik.And{kopernik.HasInterest{ID: 50}, kopernik.HasInterest{ID: 52}}, []int64{4}},
		{"with a field", "p", kopernik.And{kopernik.HasInterest{ID: 50}, where(t, fields, "ANumber>0")}, []int64{4}},
		{"unknown interest", "p", kopernik.HasInterest{ID: 99}, nil},
		{"subprofiles", "s", kopernik.HasInterest{ID: 50}, []int64{100, 102}},
		{"subprofiles, not", "s", kopernik.Not{X: kopernik.HasInterest{ID: 50}}, []int64{101}},
	} {
		if got := e.ids(t, c.table, c.e, kopernik.Order{}); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v; want %v", c.name, got, c.want)
		}
	}
}

// runNUL: a NUL in a value is data: it is neither trimmed nor a place where
// the comparison stops (issue 9 §3). Stored text goes through the engine's
// Text as the store's own writes do (PostgreSQL keeps U+FFFD for a NUL, in
// stored values and filter values alike).
func runNUL(t *testing.T, e engine, fields []*kopernik.Field) {
	t.Helper()
	ins := "INSERT INTO p (id, secret, created, modified, f_301, f_307) VALUES (?, ?, ?, ?, ?, ?)"
	for _, r := range []struct {
		id   int64
		last string
	}{{20, "alpha"}, {21, "alpha\x00"}, {22, "alpha\x00x"}, {23, "alpha\x00y"}, {24, "ALPHA\x00Y"}} {
		e.exec(t, ins, r.id, "s", "2020-01-01 00:00:00", "2020-01-01 00:00:00", e.d.Text(r.last), e.d.Text(r.last))
	}
	for _, c := range []struct {
		fields []string
		want   []int64
	}{
		{[]string{"LastName==alpha"}, []int64{20}},
		{[]string{"LastName==alpha\x00"}, []int64{21}},
		{[]string{"LastName==alpha\x00x"}, []int64{22}},
		{[]string{"LastName==Alpha\x00y"}, []int64{23, 24}},
		{[]string{"LastName!=alpha\x00x", "LastName=~alpha%"}, []int64{20, 21, 23, 24}},
		{[]string{"LastName>alpha\x00x", "LastName<b"}, []int64{23, 24}},
		{[]string{"LastName=~alpha\x00"}, []int64{21}},
		{[]string{"LastName=~alpha\x00%"}, []int64{21, 22, 23, 24}},
		{[]string{"LastName=~%\x00y"}, []int64{23, 24}},
		{[]string{"LastName!~alpha\x00%", "LastName=~alpha%"}, []int64{20}},
		{[]string{"Color==alpha\x00y"}, []int64{23}},
		{[]string{"Color=~alpha\x00_"}, []int64{22, 23}},
		{[]string{"Color!~%\x00%", "Color=~%alpha%"}, []int64{20}},
	} {
		if got := e.ids(t, "p", where(t, fields, c.fields...), kopernik.Order{}); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %v; want %v", c.fields, got, c.want)
		}
	}
}

// execDDL is the fixture's schema: the columns the stores declare for these
// field types (sqlite.Dialect.ColumnType, postgres.Dialect.ColumnType), the
// interests table and a small subprofile table.
func execDDL(d sqlstore.Dialect) string {
	types := []kopernik.FieldType{kopernik.TypeText, kopernik.TypeEmail, kopernik.TypeInteger, kopernik.TypeFloat,
		kopernik.TypeEmptyDate, kopernik.TypeDatetime, kopernik.TypeSelect, kopernik.TypePhone, kopernik.TypeBig,
		kopernik.TypeForeignKey, kopernik.TypePhoneGSM, kopernik.TypePhoneFax, kopernik.TypeDate, kopernik.TypeEmptyDatetime,
		kopernik.TypeText}
	var b strings.Builder
	b.WriteString("CREATE TABLE p (" + d.IDColumn() + ", secret TEXT NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL, removed TEXT")
	for i, typ := range types {
		b.WriteString(", f_" + strconv.Itoa(301+i) + " " + d.ColumnType(typ))
	}
	b.WriteString(");\n")
	for _, f := range []int{301, 303, 305, 307} {
		typ := types[f-301]
		b.WriteString("CREATE INDEX p_" + strconv.Itoa(f) + " ON p (" + d.IndexExpr(typ, "f_"+strconv.Itoa(f)) + ");\n")
	}
	b.WriteString("CREATE TABLE profile_interests (profile_id BIGINT NOT NULL, interest_id BIGINT NOT NULL, PRIMARY KEY (profile_id, interest_id));\n")
	b.WriteString("CREATE TABLE s (" + d.IDColumn() + ", profile_id BIGINT NOT NULL, removed TEXT);\n")
	return b.String()
}

func TestExecSQLite(t *testing.T) {
	db, err := sql.Open(sqlite.DriverName, "file:"+filepath.Join(t.TempDir(), "filter.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d := sqlite.Dialect{}
	if _, err := db.Exec(execDDL(d)); err != nil {
		t.Fatal(err)
	}
	runExec(t, engine{sqlConn{db}, d})

	// The query plans use the field indexes. Filters are planned without
	// ORDER BY: with ORDER BY id and no statistics SQLite may prefer a scan
	// in rowid order for a one-sided range, a cost choice, not a matter of
	// the SQL shape.
	plain, _ := execFields()
	plan := func(fields []string, orderby, order string) string {
		t.Helper()
		cond, args := filter.Compile(d.Filter(), filter.Target{Table: "p"}, where(t, plain, fields...))
		q := "EXPLAIN QUERY PLAN SELECT id FROM p WHERE removed IS NULL AND " + cond
		if orderby != "" {
			q += " ORDER BY " + filter.OrderBy(d.Filter(), filter.Target{}, filter.ResolveOrder(plain, orderby, order))
		}
		rows, err := db.Query(q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var lines []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, detail)
		}
		return strings.Join(lines, "; ")
	}
	plans := []struct {
		fields           []string
		orderby, order   string
		want, wantAbsent string
	}{
		{[]string{"LastName==mUIT"}, "", "", "USING INDEX p_301 (f_301=?)", ""},
		{[]string{"LastName=~abc%"}, "", "", "USING INDEX p_301 (f_301>? AND f_301<?)", ""},
		{[]string{"ANumber<5"}, "", "", "USING INDEX p_303 (f_303<?)", ""},
		{[]string{"ANumber>5"}, "", "", "USING INDEX p_303 (f_303>?)", ""},
		{[]string{"ANumber>=1", "ANumber<=5"}, "", "", "USING INDEX p_303 (f_303>? AND f_303<?)", ""},
		{[]string{"Color==Red"}, "", "", "USING INDEX p_307 (f_307=?)", ""},
		{[]string{"Color=~Re%"}, "", "", "USING INDEX p_307 (f_307>? AND f_307<?)", ""},
		{[]string{"Birthdate=~2000-%"}, "", "", "USING INDEX p_305 (f_305>? AND f_305<?)", ""},
		{nil, "Birthdate", "", "SCAN p USING INDEX p_305", "TEMP B-TREE"},
		{nil, "Birthdate", "desc", "SCAN p USING INDEX p_305", ""},
		{nil, "LastName", "", "SCAN p USING INDEX p_301", "TEMP B-TREE"},
	}
	for _, p := range plans {
		got := plan(p.fields, p.orderby, p.order)
		if !strings.Contains(got, p.want) || (p.wantAbsent != "" && strings.Contains(got, p.wantAbsent)) {
			t.Errorf("plan of %q orderby %q %q: %s; want %q", p.fields, p.orderby, p.order, got, p.want)
		}
	}
}

func TestExecPostgres(t *testing.T) {
	dsn := os.Getenv("KOPERNIK_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("KOPERNIK_TEST_POSTGRES not set")
	}
	ctx := context.Background()
	pc, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close(ctx)
	db := pgConn{pc}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema := "filter_test_" + hex.EncodeToString(b[:])
	if err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Error(err)
		}
	}()
	if err := db.Exec("SET search_path TO " + schema); err != nil {
		t.Fatal(err)
	}
	d := postgres.Dialect{}
	if err := db.Exec(execDDL(d)); err != nil {
		t.Fatal(err)
	}
	runExec(t, engine{db, d})
}
