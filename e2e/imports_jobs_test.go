package e2e

import (
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestP3_25_RemoveMissingRemovesWhatNoRowMatched.
func TestP3_25_RemoveMissingRemovesWhatNoRowMatched(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": "email\na@x.org\nb@x.org\nc@x.org\n"}))
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "action": "update or add", "keyFields": []string{"email"},
		"removeMissing": true, "delimiter": ",", "source": "email,age\nb@x.org,2\nd@x.org,4\n"}))
	equal(t, "profiles", people(t, s), []string{"b@x.org||2|", "d@x.org||4|"})
}

// TestP3_25_RemoveMissingSkippedWhenRowsFail: an entity whose row failed
// would count as missing, so nothing is removed and lasterror says so.
func TestP3_25_RemoveMissingSkippedWhenRowsFail(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	finished(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": "email\na@x.org\nb@x.org\n"}))
	st := waitImport(t, s, postImport(t, s, map[string]any{"database": "people", "action": "update", "keyFields": []string{"email"},
		"removeMissing": true, "delimiter": ",", "source": "email,age\nb@x.org,2\nnobody@x.org,4\n"}))
	if !strings.Contains(st.str("lasterror"), "removeMissing skipped") {
		t.Fatalf("status: %v", st)
	}
	equal(t, "profiles", people(t, s), []string{"a@x.org||0|", "b@x.org||2|"})
}

// TestP3_25_AutostartFalseWaitsReadyForStart: the job is stored and
// reported, and no row is applied.
func TestP3_25_AutostartFalseWaitsReadyForStart(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	id := postImport(t, s, map[string]any{"database": "people", "autostart": false, "name": "later", "followups": true, "rebuild": true,
		"delimiter": ",", "source": "email\na@x.org\n"})
	time.Sleep(300 * time.Millisecond) // the worker would have started it by now
	st := getImport(t, s, id)
	if st.str("status") != "ready for start" || st.str("name") != "later" || st.str("totallines") != "1" || st.str("processedlines") != "0" ||
		st["lastrun"] != false {
		t.Fatalf("status: %v", st)
	}
	if n := profileCount(t, s); n != 0 {
		t.Fatalf("%d profiles, want 0", n)
	}
}

// TestP3_25_BadRowsCountedTheRestApplied: a row with an empty key and a
// row with too few cells are counted and described; the others apply.
func TestP3_25_BadRowsCountedTheRestApplied(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	st := waitImport(t, s, postImport(t, s, map[string]any{"database": "people", "action": "update or add", "keyFields": "email",
		"delimiter": ",", "source": "email,name\na@x.org,A\n,B\nc@x.org,C,extra\nd@x.org,D\n"}))
	if st.str("status") != "finished" || st.str("processedlines") != "4" ||
		!strings.HasPrefix(st.str("lasterror"), "2 rows not applied: line 3: ") {
		t.Fatalf("status: %v", st)
	}
	equal(t, "profiles", people(t, s), []string{"a@x.org|A|0|", "d@x.org|D|0|"})
}

// TestP3_25_RejectedRequestsWriteNothing: every request refused with 400
// stores no job and writes no profile.
func TestP3_25_RejectedRequestsWriteNothing(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	cases := []struct {
		body any
		msg  string
	}{
		{map[string]any{"database": "nope", "delimiter": ",", "source": "email\na@x.org\n"}, "No database with supplied ID"},
		{map[string]any{"database": "people"}, "Invalid data provided"},
		{map[string]any{"database": "people", "action": "upsert", "delimiter": ",", "source": "email\na\n"}, "Invalid action"},
		{map[string]any{"database": "people", "action": "update", "delimiter": ",", "source": "email\na\n"}, "Invalid data provided"},
		{map[string]any{"database": "people", "delimiter": "|", "source": "email|name\na|b\n"}, "Invalid delimiter"},
		{map[string]any{"database": "people", "source": "email,name\na,b\n"}, "Invalid delimiter"},
		{map[string]any{"database": "people", "delimiter": ",", "source": "colour,size\nred,L\n"}, "No column of the source is a field of the database"},
		{map[string]any{"database": "people", "action": "update", "keyFields": "email", "delimiter": ",", "source": "name\nAnn\n"},
			"Key field email is not a column of the source"},
		{map[string]any{"database": "people", "action": "update", "keyFields": "shoe", "delimiter": ",", "source": "email\na\n"}, "Invalid key field: shoe"},
		{map[string]any{"database": "people", "delimiter": ",", "source": "email,name\nok@x.org,b\n\"a@x.org\nmore\"x,b\n"}, ""},
		{map[string]any{"database": "people", "format": "json", "source": `[{"email":"a@x.org"},{"email":`}, ""},
		{map[string]any{"database": "people", "location": "http://127.0.0.1:1/x.csv"}, "Fetching a location is not enabled on this server"},
	}
	for i, c := range cases {
		r := s.do("POST", "/v3/imports", c.body)
		if r.Status != 400 {
			t.Fatalf("case %d: want 400, got %s", i, r)
		}
		if c.msg != "" {
			expectError(t, r, c.msg)
		} else if !strings.Contains(string(r.Body), "Invalid source: line ") {
			t.Fatalf("case %d: want a source error with its line, got %s", i, r)
		}
	}
	expectError(t, s.do("GET", "/v3/import/1", nil), "No import with supplied ID")
	if n := profileCount(t, s); n != 0 {
		t.Fatalf("%d profiles after refused imports", n)
	}
}

// TestP3_25_OnlyV3AndV4: the import routes exist from v3 on.
func TestP3_25_OnlyV3AndV4(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	for _, v := range []string{"v1", "v2"} {
		expectError(t, s.do("POST", "/"+v+"/imports", `{"database":"people"}`), "Invalid method")
		expectError(t, s.do("GET", "/"+v+"/import/1", nil), "Invalid method")
	}
	id := postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": "email\na@x.org\n"})
	finished(t, s, id)
	if r := s.do("GET", "/v4/import/"+id+"?access_token="+s.Token, nil); r.Status != 200 {
		t.Fatalf("v4: %s", r)
	}
}

// TestO26_BrokenFetchedSourceWritesNothing: a fetched source is counted as
// it is stored; one whose quoted cell never closes, far down the file, ends
// the job in error before any row is applied, with the line in lasterror.
func TestO26_BrokenFetchedSourceWritesNothing(t *testing.T) {
	var body strings.Builder
	body.WriteString("email;city\n")
	for i := range 3000 {
		fmt.Fprintf(&body, "p%d@x.org;Delft\n", i)
	}
	body.WriteString("late@x.org;\"Ede\n\nmore@x.org;Ede\n")
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, body.String())
	}))
	defer files.Close()
	s := startServer(t, "--import-fetch-allow", "127.0.0.1")
	importDB(t, s)
	st := waitImport(t, s, postImport(t, s, map[string]any{"database": "people", "location": files.URL + "/broken.csv"}))
	if st.str("status") != "error" || st.str("processedlines") != "0" || !strings.Contains(st.str("lasterror"), "line 3002") {
		t.Fatalf("status: %v", st)
	}
	equal(t, "profiles", people(t, s), nil)
}

// TestP3_25_LocationFetchedWhenAllowed: with the loopback address on the
// allow-list the file is fetched and applied; an unreachable location ends
// the job in status error with lasterror; a host not listed is a 400.
func TestP3_25_LocationFetchedWhenAllowed(t *testing.T) {
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/people.csv" {
			fmt.Fprint(w, "email;city\na@x.org;Delft\nb@x.org;Ede\n")
			return
		}
		http.NotFound(w, r)
	}))
	defer files.Close()
	s := startServer(t, "--import-fetch-allow", "127.0.0.1")
	importDB(t, s)
	st := finished(t, s, postImport(t, s, map[string]any{"database": "people", "location": files.URL + "/people.csv"}))
	if st.str("name") != files.URL+"/people.csv" || st.str("totallines") != "2" {
		t.Fatalf("status: %v", st)
	}
	equal(t, "profiles", people(t, s), []string{"a@x.org||0|Delft", "b@x.org||0|Ede"})

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	st = waitImport(t, s, postImport(t, s, map[string]any{"database": "people", "location": "http://" + closed + "/x.csv"}))
	if st.str("status") != "error" || !strings.Contains(st.str("lasterror"), "location") {
		t.Fatalf("unreachable: %v", st)
	}
	st = waitImport(t, s, postImport(t, s, map[string]any{"database": "people", "location": files.URL + "/missing.csv"}))
	if st.str("status") != "error" || !strings.Contains(st.str("lasterror"), "404") {
		t.Fatalf("missing file: %v", st)
	}
	r := s.do("POST", "/v3/imports", map[string]any{"database": "people", "location": "http://localhost:1/x.csv"})
	if r.Status != 400 || !strings.Contains(string(r.Body), "Invalid location") {
		t.Fatalf("a host not listed: %s", r)
	}
	equal(t, "profiles", people(t, s), []string{"a@x.org||0|Delft", "b@x.org||0|Ede"})
}

// TestO26_ImportCrashResumesExactlyOnce: the server is killed with SIGKILL
// while a 200,000-row import runs (small batches make many commits), then
// restarted: the job resumes after its last committed batch and ends with
// exactly one profile per row.
func TestO26_ImportCrashResumesExactlyOnce(t *testing.T) {
	t.Parallel()
	const rows = 200000
	// A short claim: the restarted server (a new owner) resumes the job
	// soon after the kill.
	s := startServer(t, "--import-batch-rows", "2000", "--import-lease", "3s")
	importDB(t, s)
	var src strings.Builder
	src.WriteString("email,age\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&src, "p%d@x.org,%d\n", i, i)
	}
	id := postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": src.String()})
	var at int
	for {
		st := getImport(t, s, id)
		at, _ = strconv.Atoi(st.str("processedlines"))
		if at > 0 {
			break
		}
		if st.str("status") != "running" {
			t.Fatalf("import ended before the kill: %v", st)
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.kill()
	if at >= rows {
		t.Fatalf("the import finished before the kill (%d rows): nothing was tested", at)
	}
	s.start()
	st := finished(t, s, id)
	if st.str("processedlines") != strconv.Itoa(rows) || st.str("totallines") != strconv.Itoa(rows) {
		t.Fatalf("status: %v", st)
	}
	if n := profileCount(t, s); n != rows {
		t.Fatalf("%d profiles after the resumed import, want exactly %d (killed at %d)", n, rows, at)
	}
	// Every row once: the ages 0 … rows-1 each appear once.
	r := s.do("GET", "/v3/database/people/profiles?limit=1&fields[]=age%3D%3D"+strconv.Itoa(rows-1), nil)
	if !strings.Contains(string(r.Body), `"total":1`) {
		t.Fatalf("last row: %s", r)
	}
	r = s.do("GET", "/v3/database/people/profiles?limit=1&fields[]=age%3D%3D"+strconv.Itoa(at), nil)
	if !strings.Contains(string(r.Body), `"total":1`) {
		t.Fatalf("row at the kill: %s", r)
	}
	// The e-mail index, set aside while the rows went into the empty
	// database, is back: a filtered page ordered by it reads along it.
	r = s.do("GET", "/v3/database/people/profiles?limit=2&orderby=email&fields[]=email%3D~p19999%25", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"total":11`) || !strings.Contains(string(r.Body), `"p199990@x.org"`) {
		t.Fatalf("ordered by the indexed field: %s", r)
	}
}

// TestP3_25_UnknownColumnsIgnoredAndNamed: a column that is no field is
// ignored like an unknown name in a single write, and lasterror names it.
func TestP3_25_UnknownColumnsIgnoredAndNamed(t *testing.T) {
	s := startServer(t)
	importDB(t, s)
	st := waitImport(t, s, postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": "email,shoe,age\na@x.org,42,7\n"}))
	if st.str("status") != "finished" || st.str("lasterror") != "Columns ignored, no such field: shoe." {
		t.Fatalf("status: %v", st)
	}
	equal(t, "profiles", people(t, s), []string{"a@x.org||7|"})
}

// TestO26_TwoNodesOneRunnerPerJob: two servers share one PostgreSQL and
// both run import workers. Jobs posted to one node are each applied by one
// node only (claims with SKIP LOCKED and a lease): every row lands once;
// the other node answers their status.
func TestO26_TwoNodesOneRunnerPerJob(t *testing.T) {
	if engine != "postgres" {
		t.Skip("two nodes share a PostgreSQL store; runs in the PostgreSQL half of the suite")
	}
	a := startServer(t, "--import-batch-rows", "500")
	b := &server{t: t, DSN: a.DSN, Token: a.Token, extra: []string{"--import-batch-rows", "500"}}
	b.start()
	t.Cleanup(b.stop)
	importDB(t, a)
	const jobs, rows = 4, 5000
	var ids []string
	for j := 0; j < jobs; j++ {
		var src strings.Builder
		src.WriteString("email,age\n")
		for i := 0; i < rows; i++ {
			fmt.Fprintf(&src, "j%d-%d@x.org,%d\n", j, i, i)
		}
		node := a
		if j%2 == 1 {
			node = b
		}
		ids = append(ids, postImport(t, node, map[string]any{"database": "people", "delimiter": ",", "source": src.String()}))
	}
	for _, id := range ids {
		st := finished(t, b, id)
		if st.str("processedlines") != strconv.Itoa(rows) {
			t.Fatalf("import %s: %v", id, st)
		}
		if got := getImport(t, a, id); got.str("status") != "finished" {
			t.Fatalf("node A sees import %s as %v", id, got)
		}
	}
	if n := profileCount(t, a); n != jobs*rows {
		t.Fatalf("%d profiles, want exactly %d", n, jobs*rows)
	}
}

// TestO26_StructureChangeDuringImport: a field created while a job runs
// changes the table under it; the batch planned before is planned again
// against the new structure, and every row still lands once.
func TestO26_StructureChangeDuringImport(t *testing.T) {
	const rows = 60000
	s := startServer(t, "--import-batch-rows", "1000")
	importDB(t, s)
	var src strings.Builder
	src.WriteString("email,age,shoe\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&src, "p%d@x.org,%d,%d\n", i, i, i%50)
	}
	id := postImport(t, s, map[string]any{"database": "people", "delimiter": ",", "source": src.String()})
	for {
		st := getImport(t, s, id)
		if n, _ := strconv.Atoi(st.str("processedlines")); n > 0 || st.str("status") != "running" {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	created(t, s.do("POST", "/v3/database/people/fields", `{"name":"shoe","type":"integer"}`))
	st := waitImport(t, s, id)
	if st.str("status") != "finished" || st.str("processedlines") != strconv.Itoa(rows) {
		t.Fatalf("status: %v", st)
	}
	if n := profileCount(t, s); n != rows {
		t.Fatalf("%d profiles, want %d", n, rows)
	}
	// Rows planned after the field existed filled it.
	r := s.do("GET", "/v3/database/people/profiles?limit=1&fields[]=email%3D%3Dp"+strconv.Itoa(rows-1)+"@x.org", nil)
	if !strings.Contains(string(r.Body), `"shoe":"`+strconv.Itoa((rows-1)%50)+`"`) {
		t.Fatalf("last row: %s", r)
	}
}

// TestO26_ClaimHeldThroughLongSteps: two nodes with a short claim lease.
// The node running a big import keeps its claim through steps that write no
// batch — here setting the indexes aside waits four seconds for a lock the
// test holds on the table — so the other node, looking for jobs every
// second, never takes a live job over, and the job runs once.
func TestO26_ClaimHeldThroughLongSteps(t *testing.T) {
	if engine != "postgres" {
		t.Skip("two nodes share a PostgreSQL store; runs in the PostgreSQL half of the suite")
	}
	t.Parallel()
	args := []string{"--import-lease", "1s"}
	a := startServer(t, args...)
	b := &server{t: t, DSN: a.DSN, Token: a.Token, extra: args}
	b.start()
	t.Cleanup(b.stop)
	dbID := indexedPeopleDB(t, a)
	db, err := sql.Open("pgx", a.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// A lock that dropping an index waits for (ACCESS SHARE conflicts with
	// nothing but ACCESS EXCLUSIVE).
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`LOCK TABLE p_` + dbID + ` IN ACCESS SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	id := postImport(t, a, map[string]any{"database": "people", "delimiter": ",", "source": indexedRows()})
	time.Sleep(4 * time.Second)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	finished(t, a, id)
	indexedListsAnswer(t, a, indexedRowCount)
	mark := `"import":` + id + `,`
	for _, l := range strings.Split(b.log.String(), "\n") {
		if strings.Contains(l, mark) {
			t.Fatalf("node B took over the job node A was running: %s\nA's phases:\n%s", l, importPhases(t, a, id, "applied"))
		}
	}
	if strings.Contains(a.log.String(), "claim on the job was lost") {
		t.Fatalf("node A lost its claim:\n%s", a.log.String())
	}
}
