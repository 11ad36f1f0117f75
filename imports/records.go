package imports

import (
	"fmt"
	"io"

	"github.com/kopernik/kopernik"
)

// RecordsReader reads a `source` that the request body already decoded: a
// list of objects. A form-encoded body gives the list as a map keyed 0, 1, …
// (PHP does not tell the two apart), so the caller passes its values.
type RecordsReader struct {
	recs []any
	i    int
	cols columnSet
}

// NewRecords reads records by key name, like a JSON source.
func NewRecords(recs []any, lim Limits) *RecordsReader {
	lim = lim.orDefault()
	return &RecordsReader{recs: recs, cols: newColumnSet(lim.MaxColumns)}
}

func (r *RecordsReader) Columns() []string { return r.cols.names }

func (r *RecordsReader) Next() (Row, error) {
	if r.i >= len(r.recs) {
		return Row{}, io.EOF
	}
	rec := r.recs[r.i]
	r.i++
	line := int64(r.i)
	m, ok := rec.(*kopernik.Map)
	if !ok {
		// PHP clients send [] for an empty map.
		if l, isList := rec.([]any); isList && len(l) == 0 {
			return Row{Line: line}, nil
		}
		return Row{}, &RowError{Line: line, Msg: "record is not an object"}
	}
	var cells []any
	for k, key := range m.KeyList() {
		i, ok := r.cols.add(key)
		if !ok {
			return Row{}, &SourceError{Line: line, Msg: fmt.Sprintf("more than %d columns", r.cols.max)}
		}
		for len(cells) <= i {
			cells = append(cells, Absent)
		}
		cells[i] = m.Values[k]
	}
	return Row{Line: line, Cells: cells}, nil
}
