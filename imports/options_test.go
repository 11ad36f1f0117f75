package imports

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

// body decodes a request body with the server's own decoder.
func body(t *testing.T, contentType, s string) *kopernik.Map {
	t.Helper()
	v, err := reqdata.DecodeBody(contentType, strings.NewReader(s), 0)
	if err != nil {
		t.Fatal(err)
	}
	return v.(*kopernik.Map)
}

func parse(t *testing.T, js string) (*Request, error) {
	t.Helper()
	return ParseRequest(testCatalog(), body(t, "application/json", js), Config{})
}

// §3.25 defaults: action add, name "REST import", autostart true (status
// running), the other flags false, deleteTarget profile.
func TestP325_Defaults(t *testing.T) {
	req, err := parse(t, `{"database":7,"source":[{"Email":"a@x.nl"},{"Email":"b@x.nl","LastName":"B"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	want := kopernik.Import{
		DatabaseID: 7, Name: "REST import", Action: kopernik.ImportAdd, DeleteTarget: kopernik.TargetProfile,
		Autostart: true, Format: kopernik.FormatJSON, Status: kopernik.ImportRunning, TotalLines: 2,
	}
	if !reflect.DeepEqual(req.Import, want) {
		t.Fatalf("import\n got %+v\nwant %+v", req.Import, want)
	}
	if got := string(req.Source); got != "[{\"Email\":\"a@x.nl\"},\n{\"Email\":\"b@x.nl\",\"LastName\":\"B\"}]\n" {
		t.Fatalf("stored source %q", got)
	}
}

func TestP325_EveryOption(t *testing.T) {
	req, err := parse(t, `{"database":"shop","name":"nightly","action":"Update  OR add","keyFields":["email","Orders.OrderID"],
		"ignoreEmptyFields":true,"removeMissing":"yes","deleteTarget":"subprofile","autostart":false,"followups":1,"rebuild":true,
		"source":"Email;Orders.OrderID;Bogus\na@x.nl;o1;z\n","format":"CSV","delimiter":";","tonky":1}`)
	if err != nil {
		t.Fatal(err)
	}
	want := kopernik.Import{
		DatabaseID: 7, Name: "nightly", Action: kopernik.ImportUpdateOrAdd, KeyFields: []string{"email", "Orders.OrderID"},
		IgnoreEmptyFields: true, RemoveMissing: true, DeleteTarget: kopernik.TargetSubprofile, Autostart: false,
		Followups: true, Rebuild: true, Format: kopernik.FormatCSV, Delimiter: ';', Status: kopernik.ImportReady, TotalLines: 1,
	}
	if !reflect.DeepEqual(req.Import, want) {
		t.Fatalf("import\n got %+v\nwant %+v", req.Import, want)
	}
	if string(req.Source) != "Email;Orders.OrderID;Bogus\na@x.nl;o1;z\n" {
		t.Fatalf("stored source %q", req.Source)
	}
}

// Every refusal of §3.25/O26, with the message the client sees.
func TestP325_RefusedRequests(t *testing.T) {
	cases := []struct{ body, msg string }{
		{`{"source":[{"Email":"a"}]}`, "No database with supplied ID"},
		{`{"database":99,"source":[{"Email":"a"}]}`, "No database with supplied ID"},
		{`{"database":"nope","source":[{"Email":"a"}]}`, "No database with supplied ID"},
		{`{"database":true,"source":[{"Email":"a"}]}`, "No database with supplied ID"},
		{`{"database":7}`, "Invalid data provided"},
		{`{"database":7,"source":null,"location":""}`, "Invalid data provided"},
		{`{"database":7,"source":"  "}`, "Invalid data provided"},
		{`{"database":7,"source":42}`, "Invalid data provided"},
		{`{"database":7,"action":"update","source":[{"Email":"a"}]}`, "Invalid data provided"},
		{`{"database":7,"action":"delete","keyFields":[],"source":[{"Email":"a"}]}`, "Invalid data provided"},
		{`{"database":7,"action":"upsert","source":[{"Email":"a"}]}`, "Invalid action"},
		{`{"database":7,"action":1,"source":[{"Email":"a"}]}`, "Invalid action"},
		{`{"database":7,"action":"update","keyFields":["Emial"],"source":[{"Email":"a"}]}`, "Invalid key field: Emial"},
		{`{"database":7,"action":"update","keyFields":[["Email"]],"source":[{"Email":"a"}]}`, "Invalid key field"},
		{`{"database":7,"action":"update","keyFields":["Orders.OrderID","Visits.Page"],"source":[{"Email":"a"}]}`, "more than one collection"},
		{`{"database":7,"action":"delete","keyFields":["Orders.OrderID"],"source":[{"Orders.OrderID":"a"}]}`, "profile fields only"},
		{`{"database":7,"deleteTarget":"both","source":[{"Email":"a"}]}`, "Invalid delete target"},
		{`{"database":7,"source":"Email\na\n","format":"xml"}`, "Invalid format"},
		{`{"database":7,"source":"Email\na\n","format":"csv"}`, "Invalid delimiter"},
		{`{"database":7,"source":"Email\na\n"}`, "Invalid delimiter"},
		{`{"database":7,"source":"Email|x\na|b\n","format":"csv","delimiter":"|"}`, "Invalid delimiter"},
		{`{"database":7,"source":"Email,X\n\"a,b\nc,d\n","format":"csv","delimiter":","}`, "Invalid source: line 3: a quoted cell opened on line 2"},
		{`{"database":7,"source":"[{\"Email\":\"a\"},\n{\"Email\" \"b\"}]","format":"json"}`, "Invalid source: line 2: malformed JSON"},
		{`{"database":7,"source":"Foo,Bar\n1,2\n","delimiter":","}`, "No column of the source is a field"},
		{`{"database":7,"action":"update","keyFields":"Email","source":[{"LastName":"a"}]}`, "Key field Email is not a column"},
		{`{"database":7,"source":[{"Orders.Amount":1,"Visits.Page":"x"}]}`, "more than one collection"},
		{`{"database":7,"source":[{"Email":"a"}],"location":"https://x.example/a.csv"}`, "either source or location"},
		{`{"database":7,"location":"https://x.example/a.csv"}`, "not enabled"},
	}
	for _, c := range cases {
		_, err := parse(t, c.body)
		if err == nil || kopernik.ErrorCode(err) == kopernik.EINTERNAL || !strings.Contains(kopernik.ErrorMessage(err), c.msg) {
			t.Errorf("%s\n got %v, want %q", c.body, err, c.msg)
		}
	}
}

// Sources of every shape a client may send: a JSON string, NDJSON, a CSV
// string with a tab given either way, a form-encoded list of records, and
// a single record as a map.
func TestP325_SourceShapes(t *testing.T) {
	cases := []struct {
		name, ct, body string
		format         kopernik.ImportFormat
		delim          rune
		rows           int64
	}{
		{"json string", "application/json", `{"database":7,"source":"[{\"Email\":\"a\"},{\"Email\":\"b\"}]"}`, kopernik.FormatJSON, 0, 2},
		{"ndjson string", "application/json", `{"database":7,"source":"{\"Email\":\"a\"}\n{\"Email\":\"b\"}\n","format":"json","delimiter":","}`, kopernik.FormatJSON, 0, 2},
		{"tab", "application/json", `{"database":7,"source":"Email\tLastName\na\tb\n","delimiter":"\t"}`, kopernik.FormatCSV, '\t', 1},
		{"backslash t", "application/json", `{"database":7,"source":"Email\tLastName\na\tb\n","format":"csv","delimiter":"\\t"}`, kopernik.FormatCSV, '\t', 1},
		{"form list", "application/x-www-form-urlencoded", `database=7&source[0][Email]=a&source[1][Email]=b&source[2][Email]=c`, kopernik.FormatJSON, 0, 3},
		{"single record", "application/json", `{"database":7,"source":{"Email":"a","LastName":"b"}}`, kopernik.FormatJSON, 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := ParseRequest(testCatalog(), body(t, c.ct, c.body), Config{})
			if err != nil {
				t.Fatal(err)
			}
			im := req.Import
			if im.Format != c.format || im.Delimiter != c.delim || im.TotalLines != c.rows {
				t.Fatalf("format %q delimiter %q rows %d", im.Format, im.Delimiter, im.TotalLines)
			}
			// The stored source reads back with the stored format.
			r, err := Open(im.Format, im.Delimiter, strings.NewReader(string(req.Source)), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			rows, rerrs, err := readAll(t, r)
			if err != nil || len(rerrs) > 0 || int64(len(rows)) != c.rows {
				t.Fatalf("stored source: %d rows, %v, %v", len(rows), rerrs, err)
			}
		})
	}
}

// Row errors do not refuse the request: they are counted when the job runs.
func TestO26_RowErrorsDoNotRefuseThePOST(t *testing.T) {
	req, err := parse(t, `{"database":7,"source":"Email,LastName\na,b\nc\nd,e\n","delimiter":","}`)
	if err != nil || req.Import.TotalLines != 3 {
		t.Fatalf("req %+v err %v", req, err)
	}
	req, err = parse(t, `{"database":7,"source":"Email,LastName\na,5\" screen\nd,e\n","delimiter":","}`)
	if err != nil || req.Import.TotalLines != 2 {
		t.Fatalf("req %+v err %v", req, err)
	}
	req, err = parse(t, `{"database":7,"source":["junk",{"Email":"a"}]}`)
	if err != nil || req.Import.TotalLines != 2 {
		t.Fatalf("req %+v err %v", req, err)
	}
}

// A location passes the fetcher's rules at POST time; its name defaults to
// the URL without credentials.
func TestP325_LocationRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "Email\na\n") }))
	defer srv.Close()
	f := fetcher(t, FetchConfig{Allow: []string{"127.0.0.1"}})
	u := strings.Replace(srv.URL, "http://", "http://bob:secret@", 1) + "/a.csv?x=1"
	req, err := ParseRequest(testCatalog(), body(t, "application/json", `{"database":7,"location":"`+u+`","format":"csv","delimiter":","}`), Config{Fetcher: f})
	if err != nil {
		t.Fatal(err)
	}
	if req.Import.Location != u || req.Source != nil || req.Import.TotalLines != 0 || req.Import.Name != srv.URL+"/a.csv?x=1" {
		t.Fatalf("import %+v", req.Import)
	}
	for _, bad := range []string{"ftp://127.0.0.1/a.csv", "http://10.0.0.1/a.csv"} {
		_, err := ParseRequest(testCatalog(), body(t, "application/json", `{"database":7,"location":"`+bad+`"}`), Config{Fetcher: f})
		if kopernik.ErrorCode(err) != kopernik.EINVALID || !strings.HasPrefix(err.Error(), "Invalid location") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// An array source is stored as JSON that reads back with the same kinds.
func TestP325_StoredRecordsKeepKinds(t *testing.T) {
	b := body(t, "application/json", `{"database":7,"source":[{"Age":3,"Score":3.0,"Big":1e400,"Email":"<a&b>","LastName":null,"Level":[true,{"k":-0.5}]}]}`)
	req, err := ParseRequest(testCatalog(), b, Config{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewJSON(strings.NewReader(string(req.Source)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := readAll(t, r)
	if err != nil {
		t.Fatal(err)
	}
	src, _ := b.Get("source")
	orig := src.([]any)[0].(*kopernik.Map)
	if !reflect.DeepEqual(rows[0].Cells, orig.Values) || !reflect.DeepEqual(r.Columns(), orig.Keys) {
		t.Fatalf("round trip\n got %#v\nwant %#v", rows[0].Cells, orig.Values)
	}
}

// §3.25 GET import/{id}: counters as strings, both spellings, false where
// nothing applies, type echoing the action.
func TestP325_StatusDocument(t *testing.T) {
	im := &kopernik.Import{ID: 12, Name: "nightly <CRM>", Action: kopernik.ImportUpdateOrAdd, Status: kopernik.ImportFinished,
		TotalLines: 2, ProcessedLines: 2, LastRun: "2024-01-01 10:00:00"}
	// MarshalJSON itself, since json.Marshal would escape < and > again.
	got, err := StatusOf(im).MarshalJSON()
	if err != nil || !json.Valid(got) {
		t.Fatalf("%s %v", got, err)
	}
	want := `{"ID":"12","name":"nightly <CRM>","type":"update or add","status":"finished","totallines":"2","processedlines":"2","processedLines":"2","lastrun":"2024-01-01 10:00:00","nextrun":false,"lasterror":false}`
	if string(got) != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
	im = &kopernik.Import{ID: 3, Name: "REST import", Action: kopernik.ImportAdd, Status: kopernik.ImportReady, LastError: "x \"y\""}
	got, _ = StatusOf(im).MarshalJSON()
	want = `{"ID":"3","name":"REST import","type":"add","status":"ready for start","totallines":"0","processedlines":"0","processedLines":"0","lastrun":false,"nextrun":false,"lasterror":"x \"y\""}`
	if string(got) != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
}

func TestO26_LastErrorReport(t *testing.T) {
	var r Report
	if r.LastError() != "" {
		t.Fatal("empty report has text")
	}
	r.RowError(&RowError{Line: 3, Msg: "2 cells where the header has 3"})
	if got := r.LastError(); got != "1 row not applied: line 3: 2 cells where the header has 3." {
		t.Fatalf("%q", got)
	}
	for i := int64(10); i < 18; i++ {
		r.Row(i, "no profile matches")
	}
	r.Ignored = []string{"ID", "code"}
	r.Stop(&SourceError{Line: 40, Msg: "malformed JSON"})
	want := "Import stopped: line 40: malformed JSON. 9 rows not applied: line 3: 2 cells where the header has 3; " +
		"line 10: no profile matches; line 11: no profile matches; line 12: no profile matches; line 13: no profile matches; and 4 more. " +
		"Columns ignored, no such field: ID, code."
	if got := r.LastError(); got != want {
		t.Fatalf("\n got %q\nwant %q", got, want)
	}
	if r.RemoveMissing() || !strings.Contains(r.LastError(), "removeMissing skipped") {
		t.Fatalf("removeMissing after failed rows: %q", r.LastError())
	}
	var clean Report
	clean.Ignored = []string{"ID"}
	if !clean.RemoveMissing() || strings.Contains(clean.LastError(), "removeMissing") {
		t.Fatalf("removeMissing after a clean run: %q", clean.LastError())
	}
	if r.RowError(io.EOF) {
		t.Fatal("io.EOF taken for a row error")
	}
}

func TestO26_SniffUnlabelledSources(t *testing.T) {
	cases := []struct {
		src    string
		format kopernik.ImportFormat
		delim  rune
		cols   int
	}{
		{"Email;LastName;Age\na;b;1\n", kopernik.FormatCSV, ';', 3},
		{"Email,LastName\na,b\n", kopernik.FormatCSV, ',', 2},
		{"Email\tLast, Name\na\tb\n", kopernik.FormatCSV, '\t', 2},
		{"Email\na\n", kopernik.FormatCSV, '\t', 1},
		{"\xEF\xBB\xBF [{\"Email\":\"a\"}]", kopernik.FormatJSON, 0, 1},
		{"\n{\"Email\":\"a\"}\n", kopernik.FormatJSON, 0, 1},
	}
	for _, c := range cases {
		r, err := OpenSniffed("", 0, strings.NewReader(c.src), Limits{})
		if err != nil {
			t.Fatalf("%q: %v", c.src, err)
		}
		rows, _, err := readAll(t, r)
		if err != nil || len(rows) != 1 || len(r.Columns()) != c.cols {
			t.Errorf("%q: %d rows, columns %q, %v", c.src, len(rows), r.Columns(), err)
		}
		if _, isCSV := r.(*CSVReader); isCSV != (c.format == kopernik.FormatCSV) {
			t.Errorf("%q: reader %T", c.src, r)
		}
	}
	// A stated format wins; a stated CSV without delimiter has it sniffed.
	r, err := OpenSniffed(kopernik.FormatCSV, 0, strings.NewReader("A;B\n1;2\n"), Limits{})
	if err != nil || len(r.Columns()) != 2 {
		t.Fatalf("csv without delimiter: %v %v", r, err)
	}
}
