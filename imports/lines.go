package imports

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// lineTracker keeps the bytes a JSON decoder has been given since the
// current record began, so that an offset the decoder reports can be turned
// into a line number; earlier bytes are dropped once counted. It also checks
// that the input is UTF-8: encoding/json would silently turn invalid bytes
// into U+FFFD, where PHP's decoder, and our own body decoder, refuse them.
type lineTracker struct {
	r        io.Reader
	n        int64  // bytes handed on
	kept     []byte // kept[head:] are the bytes from keptFrom to n
	head     int
	keptFrom int64
	lines    int64  // newlines before keptFrom
	partial  []byte // an incomplete UTF-8 sequence at the end of the last read
	bad      error
}

// utf8Error reports the offset of the first byte that is not UTF-8.
type utf8Error struct{ offset int64 }

func (e *utf8Error) Error() string { return "not valid UTF-8" }

func (t *lineTracker) Read(p []byte) (int, error) {
	if t.bad != nil {
		return 0, t.bad
	}
	k, err := t.r.Read(p)
	if k > 0 {
		if bad, ok := t.validate(p[:k]); !ok {
			// Hand on what precedes the fault, so the records before it
			// still come out; the next read reports it.
			t.bad = &utf8Error{offset: bad}
			k = int(max(bad-t.n, 0))
			err = nil
		}
		t.kept = append(t.kept, p[:k]...)
		t.n += int64(k)
	}
	if k == 0 && t.bad != nil {
		return 0, t.bad
	}
	if err == io.EOF && len(t.partial) > 0 {
		t.bad = &utf8Error{offset: t.n - int64(len(t.partial))}
		return k, t.bad
	}
	return k, err
}

// validate checks p as the continuation of what came before, holding back a
// sequence cut at the end of p. It returns the input offset of an invalid byte.
func (t *lineTracker) validate(p []byte) (int64, bool) {
	start := t.n - int64(len(t.partial)) // input offset of buf[0]
	buf := p
	if len(t.partial) > 0 {
		buf = append(append([]byte(nil), t.partial...), p...)
	}
	t.partial = t.partial[:0]
	for i := 0; i < len(buf); {
		c := buf[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(buf[i:]) {
				t.partial = append(t.partial, buf[i:]...)
				return 0, true
			}
			return start + int64(i), false
		}
		i += size
	}
	return 0, true
}

// startRecord drops the bytes before offset, counting their lines. The
// buffer is compacted only once most of it is dead, so that the decoder's
// read-ahead is not moved again for every record.
func (t *lineTracker) startRecord(offset int64) {
	cut := t.span(offset)
	t.lines += int64(bytes.Count(t.kept[t.head:t.head+cut], []byte{'\n'}))
	t.head += cut
	t.keptFrom += int64(cut)
	if t.head > 64<<10 && t.head > len(t.kept)/2 {
		t.kept = append(t.kept[:0], t.kept[t.head:]...)
		t.head = 0
	}
}

// lineAt is the 1-based line of the byte at offset (offset ≥ the last mark).
func (t *lineTracker) lineAt(offset int64) int64 {
	cut := t.span(offset)
	return 1 + t.lines + int64(bytes.Count(t.kept[t.head:t.head+cut], []byte{'\n'}))
}

// span is the number of kept bytes before offset.
func (t *lineTracker) span(offset int64) int {
	return int(min(max(offset-t.keptFrom, 0), int64(len(t.kept)-t.head)))
}
