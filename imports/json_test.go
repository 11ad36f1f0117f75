package imports

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
)

// §3.25: an array source maps columns by key name, and cells keep the JSON
// kinds a single write would see (B24–B27 depend on them).
func TestP325_JSONArrayKeepsKindsAndMapsByName(t *testing.T) {
	src := `[
  {"Email": "a@x.nl", "Age": 41, "Score": 2.5, "Vip": true, "Note": null},
  {"Age": 7, "Email": "b@x.nl", "Tags": ["x"], "Extra": {"k": 1}},
  {"Email": "c@x.nl", "Big": 1e400, "Huge": 99999999999999999999}
]`
	r, err := NewJSON(strings.NewReader(src), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, rerrs, err := readAll(t, r)
	if err != nil || len(rerrs) > 0 {
		t.Fatalf("err %v row errors %v", err, rerrs)
	}
	wantCols := []string{"Email", "Age", "Score", "Vip", "Note", "Tags", "Extra", "Big", "Huge"}
	if !reflect.DeepEqual(r.Columns(), wantCols) {
		t.Fatalf("columns %q", r.Columns())
	}
	extra := &kopernik.Map{}
	extra.Set("k", int64(1))
	want := [][]any{
		{"a@x.nl", int64(41), 2.5, true, nil},
		{"b@x.nl", int64(7), Absent, Absent, Absent, []any{"x"}, extra},
		{"c@x.nl", Absent, Absent, Absent, Absent, Absent, Absent, math.Inf(1), float64(99999999999999999999)},
	}
	if got := cellsOf(rows); !reflect.DeepEqual(got, want) {
		t.Fatalf("cells\n got %#v\nwant %#v", got, want)
	}
	if rows[0].Line != 2 || rows[1].Line != 3 || rows[2].Line != 4 {
		t.Fatalf("lines %d %d %d", rows[0].Line, rows[1].Line, rows[2].Line)
	}
}

// NDJSON, for the command line: one object per line, no enclosing array.
func TestP325_NDJSONStream(t *testing.T) {
	src := "{\"Email\":\"a\"}\n\n{\"Email\":\"b\",\"Email\":\"c\"}\n{}\n"
	r, err := NewJSON(strings.NewReader(src), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, rerrs, err := readAll(t, r)
	if err != nil || len(rerrs) > 0 {
		t.Fatalf("err %v row errors %v", err, rerrs)
	}
	// A repeated key in one record: the later one wins (B17).
	want := [][]any{{"a"}, {"c"}, nil}
	if got := cellsOf(rows); !reflect.DeepEqual(got, want) {
		t.Fatalf("cells %#v", got)
	}
	if rows[1].Line != 3 || rows[2].Line != 4 {
		t.Fatalf("lines %d %d", rows[1].Line, rows[2].Line)
	}
}

func TestO26_JSONRecordThatIsNoObjectIsARowError(t *testing.T) {
	r, err := NewJSON(strings.NewReader("[{\"A\":1},\n5,\n[1,{\"x\":2}],\n{\"A\":2}]"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, rerrs, err := readAll(t, r)
	if err != nil || len(rows) != 2 || len(rerrs) != 2 || rerrs[0].Line != 2 || rerrs[1].Line != 3 {
		t.Fatalf("rows %v row errors %v err %v", cellsOf(rows), rerrs, err)
	}
}

func TestO26_JSONMalformedEndsTheSourceWithItsLine(t *testing.T) {
	cases := []struct {
		name, src string
		rows      int
		line      int64
		msg       string
	}{
		{"missing comma", "[\n{\"A\":1}\n{\"A\":2}\n]", 1, 3, "malformed JSON"},
		{"bad value", "[\n{\"A\":1},\n{\"A\":tru}\n]", 1, 3, "malformed JSON"},
		{"truncated", "[\n{\"A\":1},\n{\"A\":", 1, 3, "unexpected end"},
		{"unclosed array", "[{\"A\":1}", 1, 1, "unexpected end"},
		{"after the array", "[{\"A\":1}]\n{\"A\":2}", 1, 2, "after the closing"},
		{"invalid utf-8", "[{\"A\":\"ok\"},\n{\"A\":\"\xff\"}]", 1, 2, "UTF-8"},
		{"cut utf-8 at end", "[{\"A\":\"ok\"},\n{\"A\":\"x\xc3", 1, 2, "UTF-8"},
		{"junk after the array", "[{\"A\":\"ok\"}]\n\xc3", 1, 2, "malformed JSON"},
		{"scalar", "\n\n42", 0, 3, "array of objects"},
		{"empty", "  \n", 0, 1, "empty source"},
		{"too deep", "[{\"A\":" + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "}]", 0, 1, "nested too deeply"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rows []Row
			r, err := NewJSON(strings.NewReader(c.src), Limits{})
			if err == nil {
				rows, _, err = readAll(t, r)
			}
			if got := sourceLine(t, err); got != c.line || len(rows) != c.rows || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("got %d rows, line %d, %q; want %d rows, line %d, containing %q", len(rows), got, err, c.rows, c.line, c.msg)
			}
		})
	}
}

// UTF-8 sequences cut by a read boundary are valid all the same.
func TestO26_JSONUTF8AcrossReadBoundaries(t *testing.T) {
	src := `[{"Name":"Ærøskøbing – München 日本"}]`
	r, err := NewJSON(&oneByteReader{s: src}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := readAll(t, r)
	if err != nil || len(rows) != 1 || rows[0].Cells[0] != "Ærøskøbing – München 日本" {
		t.Fatalf("rows %v err %v", cellsOf(rows), err)
	}
}

type oneByteReader struct{ s string }

func (o *oneByteReader) Read(p []byte) (int, error) {
	if o.s == "" {
		return 0, io.EOF
	}
	p[0] = o.s[0]
	o.s = o.s[1:]
	return 1, nil
}

func TestO26_JSONRecordLargerThanTheLimitEndsTheSource(t *testing.T) {
	src := `[{"A":"x"},` + "\n" + `{"A":"` + strings.Repeat("y", 300<<10) + `"}]`
	r, err := NewJSON(strings.NewReader(src), Limits{MaxRecordBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := readAll(t, r)
	if len(rows) != 1 || err == nil || !strings.Contains(err.Error(), "larger than the limit") || sourceLine(t, err) != 1 {
		t.Fatalf("rows %d err %v", len(rows), err)
	}
}

func TestO26_JSONTooManyColumns(t *testing.T) {
	r, err := NewJSON(strings.NewReader(`[{"A":1,"B":2},{"C":3}]`), Limits{MaxColumns: 2})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := readAll(t, r)
	if len(rows) != 1 || err == nil || !strings.Contains(err.Error(), "more than 2 columns") {
		t.Fatalf("rows %d err %v", len(rows), err)
	}
}

// genJSON produces an array of records on demand.
type genJSON struct {
	rows, next int
	buf        []byte
}

func (g *genJSON) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		switch {
		case g.next > g.rows+1:
			return 0, io.EOF
		case g.next == 0:
			g.buf = []byte("[\n")
		case g.next == g.rows+1:
			g.buf = []byte("]\n")
		default:
			sep := ",\n"
			if g.next == g.rows {
				sep = "\n"
			}
			g.buf = fmt.Appendf(nil, `{"Email":"user%d@example.com","Age":%d,"Notes":"%s"}%s`, g.next, g.next, strings.Repeat("n", 100), sep)
		}
		g.next++
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// The array is decoded record by record, never as a whole.
func TestA1_JSONStreamsWithBoundedMemory(t *testing.T) {
	const rows = 150_000 // about 23 MB of text
	r, err := NewJSON(&genJSON{rows: rows}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var last Row
	peak := heapPeak(func() bool {
		row, err := r.Next()
		if err == io.EOF {
			return false
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		last = row
		return true
	})
	if n != rows || last.Line != rows+1 {
		t.Fatalf("read %d rows, last on line %d", n, last.Line)
	}
	if peak > 8<<20 {
		t.Fatalf("live heap reached %d bytes while streaming", peak)
	}
}

func TestP325_DecodedRecords(t *testing.T) {
	a := &kopernik.Map{}
	a.Set("Email", "a")
	a.Set("Age", int64(3))
	b := &kopernik.Map{}
	b.Set("Age", int64(4))
	b.Set("City", "Delft")
	r := NewRecords([]any{a, []any{}, "junk", b}, Limits{})
	rows, rerrs, err := readAll(t, r)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{{"a", int64(3)}, nil, {Absent, int64(4), "Delft"}}
	if got := cellsOf(rows); !reflect.DeepEqual(got, want) {
		t.Fatalf("cells %#v", got)
	}
	if len(rerrs) != 1 || rerrs[0].Line != 3 {
		t.Fatalf("row errors %v", rerrs)
	}
	if !reflect.DeepEqual(r.Columns(), []string{"Email", "Age", "City"}) {
		t.Fatalf("columns %q", r.Columns())
	}
}
