package imports

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// maxDepth bounds nesting inside one record, as the body decoder does
// (reqdata.MaxDepth): a cell holding structures deeper than that is abuse.
const maxDepth = 64

// JSONReader reads an array of objects, or a stream of objects one after
// another (NDJSON), token by token: only the record being read is in memory.
// Columns are taken by key name (O26): a key first seen in a later record
// becomes a new column, and a record that leaves a column out has it Absent.
type JSONReader struct {
	dec     *json.Decoder
	t       *lineTracker
	g       *guard
	lim     Limits
	array   bool // the records are inside [ ]
	pending bool // a stream's first '{' has been read already
	done    bool
	n       int64 // records read
	cols    columnSet
}

// NewJSON reads up to the first record, so that a source that is neither an
// array nor a stream of objects is refused before any row is applied.
func NewJSON(r io.Reader, lim Limits) (*JSONReader, error) {
	lim = lim.orDefault()
	t := &lineTracker{r: &bomSkipper{r: r}}
	g := &guard{r: t, max: lim.MaxRecordBytes}
	dec := json.NewDecoder(g)
	dec.UseNumber()
	j := &JSONReader{dec: dec, t: t, g: g, lim: lim, cols: newColumnSet(lim.MaxColumns)}
	tok, err := dec.Token()
	if err == io.EOF {
		return nil, &SourceError{Line: 1, Msg: "empty source"}
	}
	if err != nil {
		return nil, j.sourceError(err)
	}
	switch tok {
	case json.Delim('['):
		j.array = true
	case json.Delim('{'):
		j.pending = true
	default:
		return nil, &SourceError{Line: t.lineAt(dec.InputOffset() - 1), Msg: "expected an array of objects or objects one per line"}
	}
	return j, nil
}

func (j *JSONReader) Columns() []string { return j.cols.names }

func (j *JSONReader) Next() (Row, error) {
	if j.done {
		return Row{}, io.EOF
	}
	j.mark()
	if !j.pending {
		if j.array && !j.dec.More() {
			return Row{}, j.finish()
		}
		tok, err := j.dec.Token()
		if err == io.EOF && !j.array {
			j.done = true
			return Row{}, io.EOF
		}
		if err != nil {
			return Row{}, j.sourceError(err)
		}
		if tok != json.Delim('{') {
			line := j.t.lineAt(j.dec.InputOffset() - 1)
			if err := j.skip(tok, 0); err != nil {
				return Row{}, err
			}
			j.n++
			return Row{}, &RowError{Line: line, Msg: "record is not an object"}
		}
	}
	j.pending = false
	line := j.t.lineAt(j.dec.InputOffset() - 1)
	j.n++
	var cells []any
	for j.dec.More() {
		tok, err := j.dec.Token()
		if err != nil {
			return Row{}, j.sourceError(err)
		}
		key := tok.(string) // inside an object the decoder yields only string keys here
		v, err := j.value(1)
		if err != nil {
			return Row{}, err
		}
		i, err := j.column(key)
		if err != nil {
			return Row{}, err
		}
		for len(cells) <= i {
			cells = append(cells, Absent)
		}
		// A key repeated within a record: the later one wins (B17).
		cells[i] = v
	}
	if _, err := j.dec.Token(); err != nil { // the closing '}'
		return Row{}, j.sourceError(err)
	}
	return Row{Line: line, Cells: cells}, nil
}

// mark tells the byte counters that a new record begins.
func (j *JSONReader) mark() {
	off := j.dec.InputOffset()
	j.t.startRecord(off)
	j.g.startRecord(off)
}

// finish reads the closing ']' and makes sure nothing follows it.
func (j *JSONReader) finish() error {
	j.done = true
	if _, err := j.dec.Token(); err != nil {
		return j.sourceError(err)
	}
	if _, err := j.dec.Token(); err != io.EOF {
		if err != nil {
			return j.sourceError(err)
		}
		return &SourceError{Line: j.t.lineAt(j.dec.InputOffset()), Msg: "data after the closing ]"}
	}
	return io.EOF
}

func (j *JSONReader) column(key string) (int, error) {
	i, ok := j.cols.add(key)
	if !ok {
		return 0, &SourceError{Line: j.t.lineAt(j.dec.InputOffset()), Msg: fmt.Sprintf("more than %d columns", j.lim.MaxColumns)}
	}
	return i, nil
}

// value decodes one value with the kinds a request body would give it.
func (j *JSONReader) value(depth int) (any, error) {
	tok, err := j.dec.Token()
	if err != nil {
		return nil, j.sourceError(err)
	}
	return j.build(tok, depth)
}

func (j *JSONReader) build(tok json.Token, depth int) (any, error) {
	switch x := tok.(type) {
	case json.Delim:
		if depth >= maxDepth {
			return nil, &SourceError{Line: j.t.lineAt(j.dec.InputOffset()), Msg: "values nested too deeply"}
		}
		if x == '[' {
			list := []any{}
			for j.dec.More() {
				v, err := j.value(depth + 1)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := j.dec.Token()
			return list, j.sourceError(err)
		}
		m := &kopernik.Map{}
		for j.dec.More() {
			k, err := j.dec.Token()
			if err != nil {
				return nil, j.sourceError(err)
			}
			v, err := j.value(depth + 1)
			if err != nil {
				return nil, err
			}
			m.Set(k.(string), v)
		}
		_, err := j.dec.Token()
		return m, j.sourceError(err)
	case json.Number:
		return number(string(x)), nil
	}
	return tok, nil // string, bool or nil
}

// skip reads past the rest of a value whose first token is tok.
func (j *JSONReader) skip(tok json.Token, depth int) error {
	_, err := j.build(tok, depth)
	return err
}

// number keeps integers and floats apart as the body decoder does: an
// integer literal that fits int64 stays one, anything else is a float
// (overflow gives ±Inf, which normalisation handles like PHP).
func number(s string) any {
	if !strings.ContainsAny(s, ".eE") {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return float64(0)
	}
	return f
}

// sourceError places a decoder error on its line. nil stays nil.
func (j *JSONReader) sourceError(err error) error {
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	var ue *utf8Error
	switch {
	case errors.As(err, &ue):
		return &SourceError{Line: j.t.lineAt(ue.offset), Msg: "not valid UTF-8"}
	case errors.As(err, &se):
		// The error's own Offset counts from wherever the decoder's scanner
		// restarted, not from the start of the input; the decoder's position
		// is where it stopped, at or just before the fault.
		return &SourceError{Line: j.t.lineAt(j.dec.InputOffset()), Msg: "malformed JSON: " + se.Error()}
	case errors.Is(err, errRecordTooLarge):
		return &SourceError{Line: j.t.lineAt(j.g.mark), Msg: "record larger than the limit"}
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return &SourceError{Line: j.t.lineAt(j.g.n), Msg: "unexpected end of the source"}
	}
	return &SourceError{Line: j.t.lineAt(j.dec.InputOffset()), Msg: err.Error()}
}
