package imports

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// CSVReader reads delimited text with a header row (selections.md A.1):
// quoting as in RFC 4180, any line ending, a leading UTF-8 byte order mark
// ignored (spreadsheets write one).
type CSVReader struct {
	cr      *csv.Reader
	g       *guard
	columns []string
	line    int64 // line of the last record read, for errors that have no position
}

// Delimiters are the separators a CSV source may use (profiles.md §3.25).
var Delimiters = []rune{'\t', ',', ';'}

// NewCSV reads the header row at once, so that a source without one, or with
// a malformed one, is refused before any row is applied.
func NewCSV(r io.Reader, delim rune, lim Limits) (*CSVReader, error) {
	if !isDelimiter(delim) {
		return nil, &SourceError{Msg: fmt.Sprintf("invalid delimiter %q", delim)}
	}
	lim = lim.orDefault()
	g := &guard{r: &bomSkipper{r: r}, max: lim.MaxRecordBytes}
	cr := csv.NewReader(g)
	cr.Comma = delim
	// Rows with a wrong cell count are one bad row, not a broken source:
	// the check is ours so the rest of the file still imports.
	cr.FieldsPerRecord = -1
	// Cells are never trimmed: text is stored byte for byte (B24).
	cr.TrimLeadingSpace = false
	cr.ReuseRecord = true
	c := &CSVReader{cr: cr, g: g}
	head, err := c.record()
	if err == io.EOF {
		return nil, &SourceError{Line: 1, Msg: "no header row"}
	}
	var re *RowError
	if errors.As(err, &re) {
		return nil, &SourceError{Line: re.Line, Msg: re.Msg} // without a header nothing can be read
	}
	if err != nil {
		return nil, err
	}
	if len(head) > lim.MaxColumns {
		return nil, &SourceError{Line: 1, Msg: fmt.Sprintf("more than %d columns", lim.MaxColumns)}
	}
	c.columns = make([]string, len(head))
	for i, h := range head {
		// Names never start or end with blanks (structure.md §1), so blanks
		// around a header cell are padding, not part of the name.
		c.columns[i] = strings.TrimSpace(h)
	}
	return c, nil
}

func isDelimiter(d rune) bool {
	for _, x := range Delimiters {
		if d == x {
			return true
		}
	}
	return false
}

func (c *CSVReader) Columns() []string { return c.columns }

// Next returns the next data row. Rows whose cells are all empty are passed
// over like blank lines: spreadsheets pad exports with them, and as a row
// they could only create empty profiles or fail for an empty key.
func (c *CSVReader) Next() (Row, error) {
	for {
		rec, err := c.record()
		if err != nil {
			return Row{}, err
		}
		line, _ := c.cr.FieldPos(0)
		if allEmpty(rec) {
			continue
		}
		if len(rec) != len(c.columns) {
			return Row{}, &RowError{Line: int64(line), Msg: fmt.Sprintf("%d cells where the header has %d columns", len(rec), len(c.columns))}
		}
		cells := make([]any, len(rec))
		for i, s := range rec {
			if !utf8.ValidString(s) {
				// PostgreSQL cannot hold it and a single write would refuse the
				// body; only this row is lost.
				return Row{}, &RowError{Line: int64(line), Msg: fmt.Sprintf("column %q is not valid UTF-8", c.columns[i])}
			}
			cells[i] = s
		}
		return Row{Line: int64(line), Cells: cells}, nil
	}
}

// record reads one record and turns the parser's errors into ours. A quote
// out of place within one line spoils only that row: the parser has read
// the whole line and goes on with the next. A quoted cell that runs over
// lines without closing properly ends the source, since the parser cannot
// tell where the next record begins (an unclosed quote swallows the rest).
func (c *CSVReader) record() ([]string, error) {
	rec, err := c.cr.Read()
	c.g.startRecord(c.cr.InputOffset())
	if err == nil {
		line, _ := c.cr.FieldPos(0)
		c.line = int64(line)
		return rec, nil
	}
	if err == io.EOF {
		return nil, io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, errRecordTooLarge) {
			return nil, &SourceError{Line: int64(pe.StartLine), Msg: "record larger than the limit"}
		}
		c.line = int64(pe.Line)
		if pe.StartLine == pe.Line && (errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote)) {
			return nil, &RowError{Line: int64(pe.Line), Msg: describeCSV(pe)}
		}
		return nil, &SourceError{Line: int64(pe.Line), Msg: describeCSV(pe)}
	}
	if errors.Is(err, errRecordTooLarge) {
		return nil, &SourceError{Line: c.line + 1, Msg: "record larger than the limit"}
	}
	return nil, &SourceError{Line: c.line + 1, Msg: err.Error()}
}

func describeCSV(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return `a quote (") inside an unquoted cell; quote the cell and double the quote`
	case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
		return fmt.Sprintf("a quoted cell opened on line %d is not closed properly", pe.StartLine)
	case errors.Is(pe.Err, csv.ErrQuote):
		return "a quoted cell is not closed properly"
	}
	return pe.Err.Error()
}

func allEmpty(rec []string) bool {
	for _, s := range rec {
		if s != "" {
			return false
		}
	}
	return true
}

// bomSkipper drops a UTF-8 byte order mark at the very start; it would
// otherwise become part of the first column's name.
type bomSkipper struct {
	r    io.Reader
	done bool
	buf  []byte
}

func (b *bomSkipper) Read(p []byte) (int, error) {
	if !b.done {
		b.done = true
		head := make([]byte, 3)
		n, err := io.ReadFull(b.r, head)
		head = head[:n]
		if n == 3 && string(head) == string(bom) {
			head = nil
		}
		b.buf = head
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return 0, err
		}
	}
	if len(b.buf) > 0 {
		n := copy(p, b.buf)
		b.buf = b.buf[n:]
		return n, nil
	}
	return b.r.Read(p)
}
