package imports

import "io"

// Survey reads a whole source through the planner's column checks and
// counts its rows (row errors included: they are lines of the source). The
// POST runs it over an inline source, so that a malformed one is refused
// with a 400 before anything is stored, and `totallines` is known at once;
// a fetched source can be surveyed while it is stored.
func Survey(r Reader, p *Planner) (rows int64, err error) {
	for {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil && !IsRowError(err) {
			return rows, err
		}
		rows++
		if err != nil {
			continue // a row error; its columns may be none at all
		}
		if err := p.Columns(r.Columns()); err != nil {
			return rows, err
		}
	}
	// A source without rows still has its header checked; a JSON source
	// without records has no columns to check.
	if !p.checked && len(r.Columns()) > 0 {
		return rows, p.Columns(r.Columns())
	}
	return rows, nil
}
