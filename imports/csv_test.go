package imports

import (
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

func cellsOf(rows []Row) [][]any {
	var out [][]any
	for _, r := range rows {
		out = append(out, r.Cells)
	}
	return out
}

// A.1: header row, the three delimiters the REST variant allows, RFC 4180
// quoting (delimiter, quote and line break inside a quoted cell).
func TestA1_CSVDelimitersAndQuoting(t *testing.T) {
	for _, d := range []rune{'\t', ',', ';'} {
		t.Run(fmt.Sprintf("%q", d), func(t *testing.T) {
			D := string(d)
			src := "Email" + D + " LastName " + D + "Notes\r\n" +
				"a@x.nl" + D + `"Jansen` + D + ` Jr."` + D + `"said ""hi""` + "\nand left\"\r\n" +
				"b@x.nl" + D + D + "  padded  \n"
			r, err := NewCSV(strings.NewReader(src), d, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Columns(); !reflect.DeepEqual(got, []string{"Email", "LastName", "Notes"}) {
				t.Fatalf("columns %q", got)
			}
			rows, rerrs, err := readAll(t, r)
			if err != nil || len(rerrs) > 0 {
				t.Fatalf("err %v, row errors %v", err, rerrs)
			}
			want := [][]any{
				{"a@x.nl", "Jansen" + D + " Jr.", "said \"hi\"\nand left"},
				{"b@x.nl", "", "  padded  "},
			}
			if got := cellsOf(rows); !reflect.DeepEqual(got, want) {
				t.Fatalf("cells\n got %q\nwant %q", got, want)
			}
			if rows[0].Line != 2 || rows[1].Line != 4 {
				t.Fatalf("lines %d, %d; want 2, 4", rows[0].Line, rows[1].Line)
			}
		})
	}
}

func TestA1_CSVByteOrderMarkIsNotPartOfTheFirstName(t *testing.T) {
	r, err := NewCSV(strings.NewReader("\xEF\xBB\xBFEmail,Name\na,b\n"), ',', Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Columns()[0]; got != "Email" {
		t.Fatalf("first column %q", got)
	}
}

// A row with the wrong number of cells is one bad row; the rows after it
// still come.
func TestO26_CSVWrongCellCountIsARowError(t *testing.T) {
	src := "A,B,C\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n"
	r, err := NewCSV(strings.NewReader(src), ',', Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, rerrs, err := readAll(t, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1].Cells[0] != "10" {
		t.Fatalf("rows %v", cellsOf(rows))
	}
	if len(rerrs) != 2 || rerrs[0].Line != 3 || rerrs[1].Line != 4 {
		t.Fatalf("row errors %v", rerrs)
	}
	if !strings.Contains(rerrs[0].Error(), "2 cells where the header has 3") {
		t.Fatalf("message %q", rerrs[0])
	}
}

// Blank rows and rows of empty cells are passed over, not counted.
func TestO26_CSVEmptyRowsArePassedOver(t *testing.T) {
	r, err := NewCSV(strings.NewReader("A;B\n\n;\n1;2\n;\n"), ';', Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, rerrs, err := readAll(t, r)
	if err != nil || len(rerrs) > 0 || len(rows) != 1 || rows[0].Line != 4 {
		t.Fatalf("rows %v row errors %v err %v", rows, rerrs, err)
	}
}

// A quote out of place within one line fails that row only; the rows
// after it still come.
func TestO26_CSVQuoteErrorOnOneLineIsARowError(t *testing.T) {
	src := "A,B\n1,2\n3,4 \"inch\n\"x\"y,4\n5,6\n"
	r, err := NewCSV(strings.NewReader(src), ',', Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, rerrs, err := readAll(t, r)
	if err != nil || len(rows) != 2 || rows[1].Cells[0] != "5" || rows[1].Line != 5 {
		t.Fatalf("rows %v err %v", cellsOf(rows), err)
	}
	if len(rerrs) != 2 || rerrs[0].Line != 3 || !strings.Contains(rerrs[0].Msg, "unquoted cell") ||
		rerrs[1].Line != 4 || !strings.Contains(rerrs[1].Msg, "not closed properly") {
		t.Fatalf("row errors %v", rerrs)
	}
}

// A quoted cell that runs over lines without closing properly ends the
// source: everything after it would be read as part of that cell.
func TestO26_CSVMalformedQuotingEndsTheSourceWithItsLine(t *testing.T) {
	cases := []struct {
		name, src string
		rows      int
		line      int64
		msg       string
	}{
		{"unclosed quote", "A,B\n1,2\n\"open,4\n5,6\n7,8\n", 1, 5, "opened on line 3"},
		{"text after a multi-line cell", "A,B\n1,2\n\"two\nlines\"x,4\n5,6\n", 1, 4, "opened on line 3"},
		{"bad header", "A,\"B\nx", 0, 2, "opened on line 1"},
		{"bare quote in the header", "A,B\"\n1,2\n", 0, 1, "unquoted cell"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rows []Row
			r, err := NewCSV(strings.NewReader(c.src), ',', Limits{})
			if err == nil {
				rows, _, err = readAll(t, r)
			}
			if got := sourceLine(t, err); got != c.line || len(rows) != c.rows || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("got %d rows, line %d %q; want %d rows, line %d containing %q", len(rows), got, err, c.rows, c.line, c.msg)
			}
		})
	}
}

func TestO26_CSVWithoutHeaderOrWithBadDelimiterIsRefused(t *testing.T) {
	if _, err := NewCSV(strings.NewReader(""), ',', Limits{}); err == nil || !strings.Contains(err.Error(), "no header") {
		t.Fatalf("empty source: %v", err)
	}
	if _, err := NewCSV(strings.NewReader("A|B\n"), '|', Limits{}); err == nil || !strings.Contains(err.Error(), "delimiter") {
		t.Fatalf("pipe delimiter: %v", err)
	}
}

func TestO26_CSVInvalidUTF8IsARowError(t *testing.T) {
	r, err := NewCSV(strings.NewReader("A,B\nok,\xff\xfe\nfine,row\n"), ',', Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, rerrs, err := readAll(t, r)
	if err != nil || len(rows) != 1 || len(rerrs) != 1 || rerrs[0].Line != 2 || !strings.Contains(rerrs[0].Msg, `"B"`) {
		t.Fatalf("rows %v row errors %v err %v", cellsOf(rows), rerrs, err)
	}
}

func TestO26_CSVRecordLargerThanTheLimitEndsTheSource(t *testing.T) {
	src := "A,B\n1,2\n3," + strings.Repeat("x", 200<<10) + "\n5,6\n"
	r, err := NewCSV(strings.NewReader(src), ',', Limits{MaxRecordBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := readAll(t, r)
	if len(rows) != 1 || err == nil || !strings.Contains(err.Error(), "larger than the limit") {
		t.Fatalf("rows %d err %v", len(rows), err)
	}
	if sourceLine(t, err) != 3 {
		t.Fatalf("line of %v", err)
	}
}

func TestO26_CSVTooManyColumnsIsRefused(t *testing.T) {
	_, err := NewCSV(strings.NewReader("A,B,C,D\n"), ',', Limits{MaxColumns: 3})
	if err == nil || !strings.Contains(err.Error(), "more than 3 columns") {
		t.Fatalf("err %v", err)
	}
}

// genCSV produces rows on demand, so that a test can stream far more data
// than it keeps.
type genCSV struct {
	rows, next int
	buf        []byte
}

func (g *genCSV) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		if g.next > g.rows {
			return 0, io.EOF
		}
		if g.next == 0 {
			g.buf = []byte("Email,LastName,Notes\n")
		} else {
			g.buf = fmt.Appendf(nil, "user%d@example.com,Name %d,\"%s\"\n", g.next, g.next, strings.Repeat("n", 100))
		}
		g.next++
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

func TestA1_CSVStreamsWithBoundedMemory(t *testing.T) {
	const rows = 200_000 // about 30 MB of text
	r, err := NewCSV(&genCSV{rows: rows}, ',', Limits{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	peak := heapPeak(func() bool {
		_, err := r.Next()
		if err == io.EOF {
			return false
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		return true
	})
	if n != rows {
		t.Fatalf("read %d rows", n)
	}
	if peak > 8<<20 {
		t.Fatalf("live heap reached %d bytes while streaming", peak)
	}
}
