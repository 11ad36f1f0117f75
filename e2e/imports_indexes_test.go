package e2e

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// pgFieldIndexes lists the field indexes of a profile table on PostgreSQL
// as name → "valid ready xmin": whether readers and writers may use each,
// and the transaction that created it.
func pgFieldIndexes(t *testing.T, db *sql.DB, table string) map[string]string {
	t.Helper()
	rows, err := db.Query(`SELECT c.relname, i.indisvalid, i.indisready, c.xmin::text
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class r ON r.oid = i.indrelid
		WHERE r.relnamespace = current_schema()::regnamespace AND r.relname = $1 AND c.relname LIKE 'ix\_f\_%'`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, xmin string
		var valid, ready bool
		if err := rows.Scan(&name, &valid, &ready, &xmin); err != nil {
			t.Fatal(err)
		}
		out[name] = fmt.Sprint(valid, " ", ready, " ", xmin)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestO26_DeferredIndexesBuiltSideBySide: an import big enough to set the
// field indexes of an empty database aside ends with every one of them back,
// valid, each built in a transaction of its own beside the writer, and the
// list reads that use them answer right.
func TestO26_DeferredIndexesBuiltSideBySide(t *testing.T) {
	if engine != "postgres" {
		t.Skip("builds side by side on PostgreSQL only; SQLite has one writer")
	}
	t.Parallel()
	s := startServer(t)
	db, table, before := indexedPeople(t, s)
	src := indexedRows()
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": src}))

	after := indexesBack(t, db, table, before)
	xmins := map[string]bool{}
	for _, st := range after {
		xmins[strings.Fields(st)[2]] = true
	}
	// One transaction each: a crash keeps whole indexes, and the writer's
	// pass (one transaction for all) built none of them.
	if len(xmins) != len(after) {
		t.Errorf("the %d indexes were created in %d transactions: %v", len(after), len(xmins), after)
	}
	// The server's log reaches the test through a pipe: wait for the line.
	var phases []string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		phases = phases[:0]
		for _, l := range strings.Split(s.log.String(), "\n") {
			if strings.Contains(l, `"msg":"import: `) {
				phases = append(phases, l)
			}
		}
		if strings.Contains(strings.Join(phases, "\n"), "rebuilt the field indexes") || time.Now().After(deadline) {
			break
		}
	}
	if !strings.Contains(strings.Join(phases, "\n"), `"side_by_side":4`) {
		t.Errorf("want the 4 indexes built side by side; the import's phases:\n%s", strings.Join(phases, "\n"))
	}

	indexedListsAnswer(t, s, indexedRowCount)
}

// indexedRows is the source of the tests below: big enough for the
// indexes to be set aside (deferIndexRows).
const indexedRowCount = 60000

func indexedRows() string {
	var src strings.Builder
	src.WriteString("email,name,age,city,note\n")
	for i := 0; i < indexedRowCount; i++ {
		fmt.Fprintf(&src, "p%d@x.org,N%d,%d,c%02d,n%d\n", i, i%1000, i%90, i%37, i)
	}
	return src.String()
}

// indexedPeopleDB creates the database "people" with four indexed fields
// and one more, and returns its ID.
func indexedPeopleDB(t *testing.T, s *server) string {
	t.Helper()
	dbID := created(t, s.do("POST", "/v3/databases", `{"name":"people"}`))
	for _, f := range []string{
		`{"name":"email","type":"email","index":true}`,
		`{"name":"name","index":true}`,
		`{"name":"age","type":"integer","index":true}`,
		`{"name":"city","index":true}`,
		`{"name":"note"}`,
	} {
		created(t, s.do("POST", "/v3/database/people/fields", f))
	}
	return dbID
}

// indexedPeople creates the database "people" with four indexed fields and
// one more, and returns a connection to the server's schema, the profile
// table and its field indexes.
func indexedPeople(t *testing.T, s *server) (*sql.DB, string, map[string]string) {
	t.Helper()
	dbID := indexedPeopleDB(t, s)
	db, err := sql.Open("pgx", s.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	table := "p_" + dbID
	before := pgFieldIndexes(t, db, table)
	if len(before) != 4 {
		t.Fatalf("before the import: %v, want the 4 field indexes", before)
	}
	return db, table, before
}

// indexesBack checks that the table has the field indexes it had before,
// every one valid and ready, and returns them.
func indexesBack(t *testing.T, db *sql.DB, table string, before map[string]string) map[string]string {
	t.Helper()
	after := pgFieldIndexes(t, db, table)
	names := func(m map[string]string) []string {
		var out []string
		for n := range m {
			out = append(out, n)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(names(after), names(before)) {
		t.Fatalf("field indexes after the import %v, want %v", names(after), names(before))
	}
	for n, st := range after {
		if f := strings.Fields(st); f[0] != "true" || f[1] != "true" {
			t.Errorf("index %s: valid, ready = %s, %s", n, f[0], f[1])
		}
	}
	return after
}

// peopleTotal is the total of the people list with query q.
func peopleTotal(t *testing.T, s *server, q string) int {
	t.Helper()
	r := s.do("GET", "/v3/database/people/profiles?limit=1&"+q, nil)
	var page struct {
		Total int `json:"total"`
	}
	if r.Status != 200 || json.Unmarshal(r.Body, &page) != nil {
		t.Fatalf("%s: %s", q, r)
	}
	return page.Total
}

// indexedListsAnswer checks the counts and pages that the indexes of
// indexedPeople serve, after the rows 0 … rows-1 of indexedRows' pattern
// were imported.
func indexedListsAnswer(t *testing.T, s *server, rows int) {
	t.Helper()
	total := func(q string) int { t.Helper(); return peopleTotal(t, s, q) }
	if n := total(""); n != rows {
		t.Fatalf("%d profiles, want %d", n, rows)
	}
	if n, want := total("fields[]=age%3D%3D42"), (rows-42+89)/90; n != want {
		t.Errorf("age == 42: %d profiles, want %d", n, want)
	}
	if n, want := total("fields[]=name%3D%3Dn7"), (rows-7+999)/1000; n != want {
		t.Errorf("name == n7 (case-insensitive): %d profiles, want %d", n, want)
	}
	// The page along the city's index, with a filter on another indexed
	// field: the smallest city of the profiles aged 5.
	r := s.do("GET", "/v3/database/people/profiles?limit=2&orderby=city&fields[]=age%3D%3D5", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"city":"c00"`) || strings.Contains(string(r.Body), `"city":"c01"`) {
		t.Errorf("first page by city of age 5: %s", r)
	}
}

// TestO26_CrashDuringIndexBuildsRepairedAtStart: a server killed while it
// builds the set-aside indexes beside the writer loses the builds that had
// not committed; the next start builds them, the job ends, and the lists
// answer as without the crash.
func TestO26_CrashDuringIndexBuildsRepairedAtStart(t *testing.T) {
	if engine != "postgres" {
		t.Skip("builds side by side on PostgreSQL only")
	}
	t.Parallel()
	// A short claim: the restarted server (a new owner) resumes the job
	// soon after the kill.
	s := startServer(t, "--import-lease", "3s")
	db, table, before := indexedPeople(t, s)
	id := postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": indexedRows()})
	// Kill as soon as an index of the table is being built aside.
	// pg_stat_activity does not name the schema: a build in another store's
	// table of the same name would kill this server at another moment of
	// its import, which the store must survive as well.
	building := false
	for deadline := time.Now().Add(2 * time.Minute); !building && time.Now().Before(deadline); {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM pg_stat_activity
			WHERE pid <> pg_backend_pid() AND state = 'active' AND query LIKE 'CREATE INDEX IF NOT EXISTS ix\_f\_% ON ` + table + ` %'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if building = n > 0; !building {
			if st := getImport(t, s, id); st.str("status") != "running" {
				t.Fatalf("the import ended before a build was seen: %v", st)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	s.kill()
	if !building {
		t.Fatal("no index build seen")
	}
	if got := pgFieldIndexes(t, db, table); len(got) == len(before) {
		t.Logf("every index had committed before the kill: %v", got)
	}
	s.start()
	finished(t, s, id)
	indexesBack(t, db, table, before)
	indexedListsAnswer(t, s, indexedRowCount)
}
