package imports

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/kopernik/kopernik"
)

// Reader streams the rows of a source. Memory stays bounded by the longest
// record, whatever the size of the source.
type Reader interface {
	// Columns are the source's column names in order. A CSV header is fixed;
	// JSON records may add names as they come, so the slice can grow between
	// calls to Next (earlier indexes never change).
	Columns() []string
	// Next returns the next row, io.EOF after the last. A *RowError means this
	// row cannot be used and the reader can go on; any other error ends the
	// source (malformed syntax, an I/O failure).
	Next() (Row, error)
}

// Row is one data row. Cells line up with Columns(); a row may be shorter,
// and a cell may be Absent, when a JSON record does not name a column.
// Cells hold what the source said: strings for CSV, any decoded JSON value
// (string, int64, float64, bool, nil, []any, *kopernik.Map) for JSON, so
// that normalisation sees the same kinds as for a single write.
type Row struct {
	Line  int64 // line on which the row starts (1-based); for decoded records their position
	Cells []any
}

// Absent marks a column that a JSON record does not name; it differs from
// null, which sets a field like any other value (B31).
var Absent any = absent{}

type absent struct{}

// Cell returns the cell of column i, Absent beyond the row's end.
func (r Row) Cell(i int) any {
	if i < len(r.Cells) {
		return r.Cells[i]
	}
	return Absent
}

// RowError says why one row cannot be applied. The import counts it and goes on.
type RowError struct {
	Line int64
	Msg  string
}

func (e *RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// SourceError says where a source stops making sense. Nothing after it can be
// read, so the import ends in status error.
type SourceError struct {
	Line int64 // 0 when the position is unknown
	Msg  string
}

func (e *SourceError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// IsRowError reports whether err concerns one row only.
func IsRowError(err error) bool {
	var re *RowError
	return errors.As(err, &re)
}

// Limits bound what one record may cost, so a hostile or broken source cannot
// exhaust memory: a source is read in full only by streaming.
type Limits struct {
	// MaxRecordBytes bounds the bytes of one record (a CSV row, a JSON object).
	MaxRecordBytes int64
	// MaxColumns bounds the number of columns.
	MaxColumns int
}

// DefaultLimits leave room for big fields (a `big` field may hold a whole
// document) while keeping a single record far below the server's memory.
var DefaultLimits = Limits{MaxRecordBytes: 16 << 20, MaxColumns: 1024}

func (l Limits) orDefault() Limits {
	if l.MaxRecordBytes <= 0 {
		l.MaxRecordBytes = DefaultLimits.MaxRecordBytes
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = DefaultLimits.MaxColumns
	}
	return l
}

// Open returns the reader for a source of the given format. A CSV source
// needs its delimiter; a JSON source may be an array of objects or a stream
// of objects (NDJSON).
func Open(format kopernik.ImportFormat, delim rune, r io.Reader, lim Limits) (Reader, error) {
	switch format {
	case kopernik.FormatCSV:
		return NewCSV(r, delim, lim)
	case kopernik.FormatJSON:
		return NewJSON(r, lim)
	}
	return nil, &SourceError{Msg: fmt.Sprintf("unknown format %q", format)}
}

// OpenSniffed is Open for a source that may not say what it is (a fetched
// location, a file on the command line): a missing format, or a missing CSV
// delimiter, is guessed from the first bytes with Sniff.
func OpenSniffed(format kopernik.ImportFormat, delim rune, r io.Reader, lim Limits) (Reader, error) {
	if format != "" && (format != kopernik.FormatCSV || delim != 0) {
		return Open(format, delim, r, lim)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	f, d := Sniff(br)
	if format == "" {
		format = f
	}
	if format == kopernik.FormatCSV && delim == 0 {
		delim = d
		if f != kopernik.FormatCSV {
			delim = ','
		}
	}
	return Open(format, delim, br, lim)
}

// Sniff guesses the format of a source from its first bytes, for a location
// or a file that does not say: '[' or '{' starts JSON, anything else is CSV
// whose delimiter is the one of tab, ';' and ',' found most often in the
// header line (tab first on a tie: names never contain it). The bytes are
// peeked, not consumed.
func Sniff(br *bufio.Reader) (kopernik.ImportFormat, rune) {
	head, _ := br.Peek(64 << 10)
	head = skipBOM(head)
	for _, c := range head {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '[', '{':
			return kopernik.FormatJSON, 0
		}
		break
	}
	counts := map[rune]int{}
	for _, c := range head {
		if c == '\n' {
			break
		}
		if c == '\t' || c == ';' || c == ',' {
			counts[rune(c)]++
		}
	}
	best := '\t'
	for _, d := range []rune{';', ','} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return kopernik.FormatCSV, best
}

var bom = []byte{0xEF, 0xBB, 0xBF}

func skipBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == bom[0] && b[1] == bom[1] && b[2] == bom[2] {
		return b[3:]
	}
	return b
}
