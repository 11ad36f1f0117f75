package imports

import (
	"errors"
	"io"
)

// errRecordTooLarge is what the guard makes the parser see once one record
// has taken more bytes than allowed.
var errRecordTooLarge = errors.New("record too large")

// guard sits between a source and its parser and counts the bytes handed
// over since the current record began. Parsers buffer a whole record (a CSV
// line, a JSON string), so without it one endless record would take all
// memory. The parser's own read-ahead makes the bound approximate, which is
// fine for a limit against abuse.
type guard struct {
	r    io.Reader
	n    int64 // bytes handed to the parser
	mark int64 // input offset at which the current record began
	max  int64
}

func (g *guard) Read(p []byte) (int, error) {
	if g.n-g.mark > g.max {
		return 0, errRecordTooLarge
	}
	k, err := g.r.Read(p)
	g.n += int64(k)
	return k, err
}

// startRecord moves the mark to the parser's position after a record.
func (g *guard) startRecord(offset int64) { g.mark = offset }
