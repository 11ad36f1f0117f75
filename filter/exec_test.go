package filter

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	_ "github.com/mattn/go-sqlite3"

	"github.com/kopernik/kopernik"
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

// execTargets: the fixture's fields, and the same plus a real field named
// "modified" (B71: it wins in filters; B75: not in orderby).
func execTargets() (Target, Target) {
	fs := testFields()
	own := append(slices.Clone(fs), &kopernik.Field{ID: 315, Name: "modified", Type: kopernik.TypeText})
	return Target{Fields: fs}, Target{Fields: own}
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

func runExec(t *testing.T, db conn, d Dialect, table string) {
	t.Helper()
	ins := "INSERT INTO " + table + " (id, secret, created, modified, removed, f_301, f_302, f_303, f_304, f_305, f_306, f_307, f_308, f_309, f_310, f_311, f_312, f_313, f_314, f_315) VALUES ("
	for i := 1; i <= 20; i++ {
		if i > 1 {
			ins += ", "
		}
		ins += d.Placeholder(i)
	}
	ins += ")"
	for _, r := range execRows {
		var removed any
		if r.removed != "" {
			removed = r.removed
		}
		day := r.day
		if day == "" {
			day = "2010-10-10"
		}
		if err := db.Exec(ins, r.id, r.secret, r.modified, r.modified, removed, r.last, r.email, r.number, r.score,
			r.birth, r.action, r.color, r.phone, r.notes, r.ref, r.mobile, "", day, r.seen, r.own); err != nil {
			t.Fatal(err)
		}
	}

	query := func(where string, args []any, orderBy string) []int64 {
		t.Helper()
		q := "SELECT id FROM " + table + " WHERE removed IS NULL"
		if where != "" {
			q += " AND " + where
		}
		q += " ORDER BY " + orderBy
		ids, err := db.IDs(q, args...)
		if err != nil {
			t.Fatalf("%s %v: %v", q, args, err)
		}
		return ids
	}

	plain, own := execTargets()
	for _, c := range execCases {
		conds, err := Parse(c.fields, 10)
		if err != nil {
			t.Fatal(err)
		}
		where, args, _ := Compile(d, plain, conds, testNorm, 0)
		if got := query(where, args, "id"); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q → %s %v: got %v; want %v", c.fields, where, args, got, c.want)
		}
	}

	// B71: a real field named modified wins in the filter.
	conds, _ := Parse([]string{"modified==X"}, 10)
	where, args, _ := Compile(d, own, conds, testNorm, 0)
	if got := query(where, args, "id"); !reflect.DeepEqual(got, []int64{1}) {
		t.Errorf("real field modified: %s → %v", where, got)
	}
	where, args, _ = Compile(d, plain, conds, testNorm, 0)
	if got := query(where, args, "id"); got != nil {
		t.Errorf("special modified==X: %s → %v", where, got)
	}

	// argOffset: placeholders continue after arguments bound by the caller.
	conds, _ = Parse([]string{"LASTNAME==mUIT", "ANumber>0"}, 10)
	where, args, _ = Compile(d, plain, conds, testNorm, 1)
	if got := query("id <> "+d.Placeholder(1)+" AND "+where, append([]any{int64(1)}, args...), "id"); !reflect.DeepEqual(got, []int64{4}) {
		t.Errorf("argOffset: %s → %v", where, got)
	}

	for _, o := range execOrders {
		for _, tg := range []Target{plain, own} {
			ob := OrderBy(d, tg, o.orderby, o.order)
			if got := query("", nil, ob); !reflect.DeepEqual(got, o.want) {
				t.Errorf("orderby=%q order=%q → %s: got %v; want %v", o.orderby, o.order, ob, got, o.want)
			}
		}
	}
	got := query("", nil, OrderBy(d, plain, "random", ""))
	slices.Sort(got)
	if !reflect.DeepEqual(got, []int64{1, 2, 3, 4, 5, 6}) {
		t.Errorf("random order: %v", got)
	}
}

const sqliteDDL = `
CREATE TABLE p (
	id INTEGER PRIMARY KEY,
	secret TEXT NOT NULL,
	created TEXT NOT NULL,
	modified TEXT NOT NULL,
	removed TEXT,
	f_301 TEXT COLLATE NOCASE NOT NULL DEFAULT '',
	f_302 TEXT COLLATE NOCASE NOT NULL DEFAULT '',
	f_303 INTEGER NOT NULL DEFAULT 0,
	f_304 REAL NOT NULL DEFAULT 0,
	f_305 TEXT NOT NULL DEFAULT '',
	f_306 TEXT NOT NULL DEFAULT '0000-00-00 00:00:00',
	f_307 TEXT NOT NULL DEFAULT '',
	f_308 TEXT COLLATE NOCASE NOT NULL DEFAULT '',
	f_309 TEXT COLLATE NOCASE NOT NULL DEFAULT '',
	f_310 INTEGER NOT NULL DEFAULT 0,
	f_311 TEXT COLLATE NOCASE NOT NULL DEFAULT '',
	f_312 TEXT COLLATE NOCASE NOT NULL DEFAULT '',
	f_313 TEXT NOT NULL DEFAULT '0000-00-00',
	f_314 TEXT NOT NULL DEFAULT '',
	f_315 TEXT COLLATE NOCASE NOT NULL DEFAULT ''
);
CREATE INDEX p_301 ON p (f_301);
CREATE INDEX p_303 ON p (f_303);
CREATE INDEX p_305 ON p (f_305);
CREATE INDEX p_307 ON p (f_307);
`

func TestExecSQLite(t *testing.T) {
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "filter.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(sqliteDDL); err != nil {
		t.Fatal(err)
	}
	runExec(t, sqlConn{db}, SQLite, "p")

	// The query plans use the field indexes. Filters are planned without
	// ORDER BY: with ORDER BY id and no statistics SQLite may prefer a scan
	// in rowid order for a one-sided range, a cost choice, not a matter of
	// the SQL shape.
	plain, _ := execTargets()
	plan := func(fields []string, orderby, order string) string {
		t.Helper()
		conds, _ := Parse(fields, 10)
		where, args, _ := Compile(SQLite, plain, conds, testNorm, 0)
		q := "EXPLAIN QUERY PLAN SELECT id FROM p WHERE removed IS NULL"
		if where != "" {
			q += " AND " + where
		}
		if orderby != "" {
			q += " ORDER BY " + OrderBy(SQLite, plain, orderby, order)
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
		t.Logf("%q orderby %q %q: %s", p.fields, p.orderby, p.order, got)
		if !strings.Contains(got, p.want) || (p.wantAbsent != "" && strings.Contains(got, p.wantAbsent)) {
			t.Errorf("plan of %q orderby %q %q: %s; want %q", p.fields, p.orderby, p.order, got, p.want)
		}
	}
}

const postgresDDL = `
CREATE TABLE %s (
	id bigint PRIMARY KEY,
	secret text NOT NULL,
	created text NOT NULL,
	modified text NOT NULL,
	removed text,
	f_301 text NOT NULL DEFAULT '',
	f_302 text NOT NULL DEFAULT '',
	f_303 bigint NOT NULL DEFAULT 0,
	f_304 double precision NOT NULL DEFAULT 0,
	f_305 text NOT NULL DEFAULT '',
	f_306 text NOT NULL DEFAULT '0000-00-00 00:00:00',
	f_307 text NOT NULL DEFAULT '',
	f_308 text NOT NULL DEFAULT '',
	f_309 text NOT NULL DEFAULT '',
	f_310 bigint NOT NULL DEFAULT 0,
	f_311 text NOT NULL DEFAULT '',
	f_312 text NOT NULL DEFAULT '',
	f_313 text NOT NULL DEFAULT '0000-00-00',
	f_314 text NOT NULL DEFAULT '',
	f_315 text NOT NULL DEFAULT ''
);
CREATE INDEX ON %s (lower(f_301));
CREATE INDEX ON %s (f_303);
CREATE INDEX ON %s (f_305);
CREATE INDEX ON %s (f_307);
`

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
	table := schema + ".p"
	if err := db.Exec(strings.ReplaceAll(postgresDDL, "%s", table)); err != nil {
		t.Fatal(err)
	}
	runExec(t, db, Postgres, table)

	// Text PostgreSQL cannot store is bound safely (no query error).
	where, args, _ := Compile(Postgres, Target{Fields: testFields()}, []Cond{{"LastName", OpEq, "a\x00\xff"}, {"LastName", OpLike, "\xfe%"}}, testNorm, 0)
	if ids, err := db.IDs("SELECT id FROM "+table+" WHERE "+where, args...); err != nil || ids != nil {
		t.Errorf("invalid text: %v, %v", ids, err)
	}
}
