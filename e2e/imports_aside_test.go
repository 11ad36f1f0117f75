package e2e

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"
)

// importPhases waits until the server's log has a line of import id
// containing want, or gives up after a few seconds, and returns the
// import's phase lines.
func importPhases(t *testing.T, s *server, id, want string) string {
	t.Helper()
	mark := `"import":` + id + `,`
	var lines []string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		lines = lines[:0]
		for _, l := range strings.Split(s.log.String(), "\n") {
			if strings.Contains(l, `"msg":"import: `) && strings.Contains(l, mark) {
				lines = append(lines, l)
			}
		}
		if strings.Contains(strings.Join(lines, "\n"), want) || time.Now().After(deadline) {
			return strings.Join(lines, "\n")
		}
	}
}

// TestO26_ImportAsLargeAsTheTableSetsIndexesAside: a big import into a
// database that holds no more profiles than the import has rows sets the
// non-key field indexes aside like an import into an empty database, and
// ends with them back; a database larger than the import keeps them. The
// lists those indexes serve answer right afterwards.
func TestO26_ImportAsLargeAsTheTableSetsIndexesAside(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dbID := indexedPeopleDB(t, s)
	rows := func(from, to int) string {
		var src strings.Builder
		src.WriteString("email,name,age,city\n")
		for i := from; i < to; i++ {
			fmt.Fprintf(&src, "p%d@x.org,N%d,%d,c%02d\n", i, i%1000, i%90, i%37)
		}
		return src.String()
	}
	upsert := func(from, to int) string {
		return postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": rows(from, to),
			"action": "update or add", "keyFields": []string{"email"}})
	}
	// 60,000 rows into the empty database; then 60,000 more, half of them
	// the same people, into the 60,000 it holds: aside both times.
	first := upsert(0, 60000)
	finished(t, s, first)
	second := upsert(30000, 90000)
	finished(t, s, second)
	for _, id := range []string{first, second} {
		if log := importPhases(t, s, id, "rebuilt the field indexes"); !strings.Contains(log, "set the field indexes aside") || !strings.Contains(log, "rebuilt the field indexes") {
			t.Errorf("import %s did not set the indexes aside and rebuild them; its phases:\n%s", id, log)
		}
	}
	if log := importPhases(t, s, second, "set the field indexes aside"); !strings.Contains(log, `"profiles":60000`) {
		t.Errorf("the second import should have found 60,000 profiles:\n%s", log)
	}
	// 50,000 rows into the 90,000 it holds now: the indexes stay.
	third := upsert(85000, 135000)
	finished(t, s, third)
	if log := importPhases(t, s, third, "applied"); strings.Contains(log, "set the field indexes aside") {
		t.Errorf("an import smaller than the table set its indexes aside:\n%s", log)
	}

	indexedListsAnswer(t, s, 135000)
	if engine == "postgres" {
		db, err := sql.Open("pgx", s.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ix := pgFieldIndexes(t, db, "p_"+dbID)
		if len(ix) != 4 {
			t.Fatalf("field indexes after the imports: %v, want 4", ix)
		}
		for n, st := range ix {
			if f := strings.Fields(st); f[0] != "true" || f[1] != "true" {
				t.Errorf("index %s: valid, ready = %s, %s", n, f[0], f[1])
			}
		}
	}
}
