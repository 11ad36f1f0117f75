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
	const rows = 60000
	s := startServer(t)
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
	db, err := sql.Open("pgx", s.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	table := "p_" + dbID
	before := pgFieldIndexes(t, db, table)
	if len(before) != 4 {
		t.Fatalf("before the import: %v, want the 4 field indexes", before)
	}

	var src strings.Builder
	src.WriteString("email,name,age,city,note\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&src, "p%d@x.org,N%d,%d,c%02d,n%d\n", i, i%1000, i%90, i%37, i)
	}
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": src.String()}))

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
	xmins := map[string]bool{}
	for n, st := range after {
		f := strings.Fields(st)
		if f[0] != "true" || f[1] != "true" {
			t.Errorf("index %s: valid, ready = %s, %s", n, f[0], f[1])
		}
		xmins[f[2]] = true
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

	total := func(q string) int {
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
	if n := total(""); n != rows {
		t.Fatalf("%d profiles, want %d", n, rows)
	}
	if n, want := total("fields[]=age%3D%3D42"), rows/90+1; n != want {
		t.Errorf("age == 42: %d profiles, want %d", n, want)
	}
	if n, want := total("fields[]=name%3D%3Dn7"), rows/1000; n != want {
		t.Errorf("name == n7 (case-insensitive): %d profiles, want %d", n, want)
	}
	// The page along the city's index, with a filter on another indexed
	// field: the smallest city of the profiles aged 5.
	r := s.do("GET", "/v3/database/people/profiles?limit=2&orderby=city&fields[]=age%3D%3D5", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"city":"c00"`) || strings.Contains(string(r.Body), `"city":"c01"`) {
		t.Errorf("first page by city of age 5: %s", r)
	}
}
