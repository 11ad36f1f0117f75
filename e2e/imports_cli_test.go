package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// importCLI runs kopernik import (or export) on the server's store with the
// given standard input.
func importCLI(t testing.TB, s *server, stdin string, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, append(args, s.StoreArgs()...)...)
	cmd.Env = cliEnv()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("kopernik %q did not finish\nstderr: %s", args, errb.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return cliResult{Stdout: out.String(), Stderr: errb.String(), Code: code}
}

func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCLI_ImportWithoutServerRunsTheJobItself: with no server on the store
// the command stores the job and applies it; a server started afterwards
// reports it like a REST import.
func TestCLI_ImportWithoutServerRunsTheJobItself(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": "email,age\na@x.org,1\n"}))
	s.stop()
	file := writeFile(t, "people.csv", "email;age;city\nA@x.org;2;Delft\nb@x.org;3;Ede\n")
	r := importCLI(t, s, "", "import", "--database", "people", "--action", "update or add", "--key", "email", file)
	expectExit(t, r, 0, "import 2 finished: 2 of 2 rows processed")
	s.start()
	equal(t, "profiles", people(t, s), []string{"A@x.org||2|Delft", "b@x.org||3|Ede"})
	st := finished(t, s, "2")
	if st.str("name") != "people.csv" || st.str("type") != "update or add" {
		t.Fatalf("status: %v", st)
	}
}

// TestCLI_ImportBesideServerGoesThroughTheServer: a running server holds
// the store; the command stores the job, the server applies it, and the
// command follows it to the end. NDJSON from standard input.
func TestCLI_ImportBesideServerGoesThroughTheServer(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	r := importCLI(t, s, "{\"email\":\"a@x.org\",\"age\":5}\n{\"age\":6,\"email\":\"b@x.org\"}\n",
		"import", "--database", "1", "--format", "json", "-")
	expectExit(t, r, 0, "import 1 finished: 2 of 2 rows processed")
	equal(t, "profiles", people(t, s), []string{"a@x.org||5|", "b@x.org||6|"})
	if st := finished(t, s, "1"); st.str("name") != "Command line import" {
		t.Fatalf("status: %v", st)
	}
}

// TestCLI_ImportRowsNotAppliedAreReported: the command prints lasterror.
func TestCLI_ImportRowsNotAppliedAreReported(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	file := writeFile(t, "people.csv", "email,age\na@x.org,1\n")
	r := importCLI(t, s, "", "import", "--database", "people", "--action", "update", "--key", "email", file)
	expectExit(t, r, 0, "import 1 finished", "1 row not applied: line 2: no profile matches")
}

// TestCLI_ImportRefusesBadInputBeforeStoring: a wrong flag exits 2, an
// unknown database, key or header exits 1; no job is stored.
func TestCLI_ImportRefusesBadInputBeforeStoring(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	file := writeFile(t, "people.csv", "email,age\na@x.org,1\n")
	expectExit(t, importCLI(t, s, "", "import", "--database", "people", "--action", "upsert", file), 2, "--action")
	expectExit(t, importCLI(t, s, "", "import", "--database", "people", "--delimiter", "|", file), 2, "--delimiter")
	expectExit(t, importCLI(t, s, "", "import", "--database", "people", file, "extra"), 2, "one FILE")
	expectExit(t, importCLI(t, s, "", "import", "--database", "nope", file), 1, `no database "nope"`)
	expectExit(t, importCLI(t, s, "", "import", "--database", "people", "--action", "update", file), 1, "Invalid data provided")
	expectExit(t, importCLI(t, s, "", "import", "--database", "people", "--action", "update", "--key", "name", file), 1,
		"Key field name is not a column of the source")
	bad := writeFile(t, "bad.csv", "colour,size\nred,L\n")
	expectExit(t, importCLI(t, s, "", "import", "--database", "people", bad), 1, "No column of the source is a field of the database")
	expectError(t, s.do("GET", "/v3/import/1", nil), "No import with supplied ID")
	if n := profileCount(t, s); n != 0 {
		t.Fatalf("%d profiles", n)
	}
}

// TestCLI_ExportCSVAndNDJSONBesideServer: export streams the live profiles
// in ID order while the server serves the same store.
func TestCLI_ExportCSVAndNDJSONBesideServer(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",",
		"source": "email,name,age,city\na@x.org,\"Ann, A.\",31,Delft\nb@x.org,Bob,40,Ede\nc@x.org,Cid,50,\n"}))
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "action": "delete", "keyFields": "email", "delimiter": ",",
		"source": "email\nb@x.org\n"}))
	out := filepath.Join(t.TempDir(), "out.csv")
	expectExit(t, importCLI(t, s, "", "export", "--database", "people", "-o", out), 0, "exported 2 profiles")
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "ID,email,name,age,city\n1,a@x.org,\"Ann, A.\",31,Delft\n3,c@x.org,Cid,50,\n"; string(got) != want {
		t.Fatalf("CSV:\nwant %q\ngot  %q", want, got)
	}
	r := importCLI(t, s, "", "export", "--database", "1", "--format", "ndjson", "--fields", "age,email")
	expectExit(t, r, 0)
	if want := "{\"ID\":\"1\",\"age\":\"31\",\"email\":\"a@x.org\"}\n{\"ID\":\"3\",\"age\":\"50\",\"email\":\"c@x.org\"}\n"; r.Stdout != want {
		t.Fatalf("NDJSON:\nwant %q\ngot  %q", want, r.Stdout)
	}
	expectExit(t, importCLI(t, s, "", "export", "--database", "people", "--fields", "shoe"), 1, `no field "shoe"`)
	expectExit(t, importCLI(t, s, "", "export", "--database", "people", "--format", "xml"), 2, "--format")
	expectExit(t, importCLI(t, s, "", "export", "--database", "people", "--view", "99"), 1, "no view with that ID")

	// --view: the members of a view, once they are current. Beside a
	// running server an unbuilt view is refused (the server builds);
	// once read through the API, its members are exported as stored, and
	// the writer keeps them current afterwards.
	v := mustCreate(t, s, "/v3/database/people/views", map[string]any{"name": "delft"})
	rule := mustCreate(t, s, "/v3/view/"+v+"/rules", map[string]any{"name": "r"})
	mustCreate(t, s, "/v3/rule/"+rule+"/conditions", map[string]any{"type": "Field", "field": "city", "comparison": "equals", "value": "Delft"})
	if engine == "sqlite" {
		// Beside a running SQLite server the server owns the builds.
		expectExit(t, importCLI(t, s, "", "export", "--database", "people", "--view", v), 1, "not current")
		expectJSON(t, s.do("GET", "/v3/view/"+v+"/profileids", nil), `["1"]`)
	} else {
		// On PostgreSQL every node builds, the export too.
		r = importCLI(t, s, "", "export", "--database", "people", "--view", v, "--fields", "email")
		expectExit(t, r, 0)
		if want := "ID,email\n1,a@x.org\n"; r.Stdout != want {
			t.Fatalf("view export built by the command:\nwant %q\ngot  %q", want, r.Stdout)
		}
	}
	created(t, s.do("POST", "/v3/database/people/profiles", `{"fields":{"email":"d@x.org","city":"Delft"}}`))
	r = importCLI(t, s, "", "export", "--database", "people", "--view", v, "--fields", "email")
	expectExit(t, r, 0)
	if want := "ID,email\n1,a@x.org\n4,d@x.org\n"; r.Stdout != want {
		t.Fatalf("view export:\nwant %q\ngot  %q", want, r.Stdout)
	}

	// Without a server the command builds a view it finds out of date.
	v2 := mustCreate(t, s, "/v3/database/people/views", map[string]any{"name": "over 45"})
	rule2 := mustCreate(t, s, "/v3/view/"+v2+"/rules", map[string]any{"name": "r"})
	mustCreate(t, s, "/v3/rule/"+rule2+"/conditions", map[string]any{"type": "Field", "field": "age", "comparison": "more", "value": "45"})
	s.stop()
	r = importCLI(t, s, "", "export", "--database", "people", "--view", v2, "--fields", "email")
	expectExit(t, r, 0)
	if want := "ID,email\n3,c@x.org\n"; r.Stdout != want {
		t.Fatalf("view export without a server:\nwant %q\ngot  %q", want, r.Stdout)
	}
}

// TestCLI_ExportSpansManyRanges: an export reads ranges of IDs side by side
// and writes them in order. Over several ranges, with removed profiles at
// and around range edges and IDs another database took in between, every
// live profile comes out once, in ID order, the last one included.
func TestCLI_ExportSpansManyRanges(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	importDB(t, s)
	created(t, s.do("POST", "/v3/databases", `{"name":"other"}`))
	var src strings.Builder
	src.WriteString("email\n")
	for i := 1; i <= 45000; i++ {
		fmt.Fprintf(&src, "p%d@x.org\n", i)
	}
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": src.String()}))
	// IDs of another database, then more of ours: a gap in people's IDs.
	for range 3 {
		created(t, s.do("POST", "/v3/database/other/profiles", `{"fields":{}}`))
	}
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": "email\nlate1@x.org\nlate2@x.org\n"}))
	gone := []int{1, 19999, 20000, 20002, 40000, 45000}
	var del strings.Builder
	del.WriteString("email\n")
	for _, i := range gone {
		fmt.Fprintf(&del, "p%d@x.org\n", i)
	}
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "action": "delete", "keyFields": "email", "delimiter": ",", "source": del.String()}))

	r := importCLI(t, s, "", "export", "--database", "people", "--fields", "email")
	want := 45000 + 2 - len(gone)
	expectExit(t, r, 0, fmt.Sprintf("exported %d profiles", want))
	lines := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
	if len(lines) != want+1 {
		t.Fatalf("%d lines, want a header and %d rows", len(lines), want)
	}
	isGone := map[string]bool{}
	for _, i := range gone {
		isGone[fmt.Sprintf("p%d@x.org", i)] = true
	}
	last := 0
	for _, l := range lines[1:] {
		id, email, _ := strings.Cut(l, ",")
		n, err := strconv.Atoi(id)
		if err != nil || n <= last {
			t.Fatalf("row %q after ID %d: IDs must rise", l, last)
		}
		last = n
		if isGone[email] {
			t.Fatalf("removed profile exported: %q", l)
		}
	}
	if !strings.HasSuffix(lines[len(lines)-1], ",late2@x.org") || !strings.HasSuffix(lines[len(lines)-2], ",late1@x.org") {
		t.Fatalf("the profiles after the gap are not last: %q", lines[len(lines)-2:])
	}
}
