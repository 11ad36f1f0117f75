package selection

import (
	"database/sql"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
	"github.com/kopernik/kopernik/values"
)

// agreementRows are stored values (canonical text) of the fixture's fields.
var agreementRows = []map[int64]string{
	{fName: "Anna", fCity: "Delft", fAge: "30", fScore: "9.5", fBirth: "1990-06-15", fVisit: "2024-06-01 08:00:00", fKind: "a", fJoined: "2020-01-01"},
	{fName: "anna", fCity: "delft", fAge: "17", fScore: "10", fBirth: "2000-01-01", fVisit: "2024-06-01 00:00:00", fKind: "B", fJoined: ""},
	{fName: "Bert", fCity: "DELFT", fAge: "-3", fScore: "-0.5", fBirth: "0000-00-00", fVisit: "0000-00-00 00:00:00", fKind: "b", fJoined: "2021-05-05"},
	{fName: "", fCity: "", fAge: "0", fScore: "0", fBirth: "1999-12-31", fVisit: "2023-12-31 23:59:59", fKind: "", fJoined: ""},
	{fName: "Zoë", fCity: "Amsterdam", fAge: "100", fScore: "1e+20", fBirth: "2000-01-02", fVisit: "2030-01-01 12:00:00", fKind: "A", fJoined: "1999-01-01"},
	{fName: "_x", fCity: "[delft]", fAge: "17", fScore: "17.9", fBirth: "1990-06-15", fVisit: "1990-06-15 00:00:00", fKind: "a", fJoined: "2020-01-01"},
}

// TestSel5_1_FieldConditionsAgreeWithFilter checks the requirement that a
// Field condition compares like the `fields[]` filter where the two
// overlap (equals, not equals, less, more; contains on text and select),
// against a real SQLite table queried with the filter's own SQL.
func TestSel5_1_FieldConditionsAgreeWithFilter(t *testing.T) {
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "agree.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Column declarations as the SQLite engine makes them per field type.
	if _, err := db.Exec(`CREATE TABLE p (id INTEGER PRIMARY KEY, removed TEXT,
		f_10 TEXT COLLATE NOCASE, f_11 TEXT COLLATE NOCASE, f_12 INTEGER, f_13 REAL,
		f_14 TEXT, f_15 TEXT, f_16 TEXT, f_18 TEXT)`); err != nil {
		t.Fatal(err)
	}
	ds := &Dataset{Catalog: testCatalog()}
	for i, r := range agreementRows {
		id := int64(i + 1)
		age, _ := strconv.ParseInt(r[fAge], 10, 64)
		score, _ := strconv.ParseFloat(r[fScore], 64)
		if _, err := db.Exec(`INSERT INTO p VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, r[fName], r[fCity], age, score, r[fBirth], r[fVisit], r[fKind], r[fJoined]); err != nil {
			t.Fatal(err)
		}
		ds.Profiles = append(ds.Profiles, profile(id, r))
	}
	fixed := time.Date(2024, 6, 15, 10, 0, 0, 0, amsterdam)
	conv := values.Conv{Loc: amsterdam, Now: func() time.Time { return fixed }}
	norm := func(f *kopernik.Field, raw string) string { return conv.Normalize(f, raw) }
	target := filter.Target{Fields: ds.Catalog.Database(1).Fields}

	filterIDs := func(element string) []int64 {
		t.Helper()
		conds, err := filter.Parse([]string{element}, 10)
		if err != nil || len(conds) != 1 {
			t.Fatalf("filter %q: %v %v", element, conds, err)
		}
		where, args, n := filter.Compile(filter.SQLite, target, conds, norm, 0)
		if n != 1 {
			t.Fatalf("filter %q did not apply", element)
		}
		rows, err := db.Query("SELECT id FROM p WHERE "+where+" ORDER BY id", args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := []int64{}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		return out
	}

	ops := []struct {
		cmp kopernik.FieldComparison
		op  string
	}{{kopernik.CmpEquals, "=="}, {kopernik.CmpNotEquals, "!="}, {kopernik.CmpLess, "<"}, {kopernik.CmpMore, ">"}}
	operands := []string{"delft", "Delft", "anna", "B", "a", "17", "17.9", "-1", "abc", "9.5", "1e3", "0",
		"2000-01-01", "1990-06-15", "2024-06-01 00:00:00", "31-12-1999", "0000-00-00", "Zoë", "zoë", "[delft]"}
	checked := 0
	for _, f := range []int64{fName, fCity, fAge, fScore, fBirth, fVisit, fKind, fJoined} {
		name := ds.Catalog.Field(f).Name
		for _, v := range operands {
			if f == fBirth || f == fVisit || f == fJoined {
				if !fixedDate(ds.Catalog.Field(f), v, amsterdam) {
					continue
				}
			}
			for _, o := range ops {
				ds.Defs = oneView([][]kopernik.ConditionProps{{field(f, o.cmp, v)}}, nil, nil)
				got := members(t, ds, fixed, v100)
				want := filterIDs(name + o.op + v)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s %q: condition selects %v, filter %v", name, o.cmp, v, got, want)
				}
				checked++
			}
			if f == fName || f == fCity || f == fKind {
				ds.Defs = oneView([][]kopernik.ConditionProps{{field(f, kopernik.CmpContains, v)}}, nil, nil)
				if got, want := members(t, ds, fixed, v100), filterIDs(name+"=~%"+v+"%"); !reflect.DeepEqual(got, want) {
					t.Errorf("%s contains %q: condition selects %v, filter %v", name, v, got, want)
				}
				checked++
			}
		}
	}
	if checked < 500 {
		t.Fatalf("only %d comparisons checked", checked)
	}
}
