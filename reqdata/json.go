package reqdata

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kopernik/kopernik"
)

// MaxDepth bounds the nesting of JSON arrays and objects. PHP allows 512;
// no Copernica body nests beyond three, and the bound keeps recursion cheap.
const MaxDepth = 64

// decodeJSON is a small RFC 8259 parser rather than encoding/json, because
// we need what encoding/json does not give: object key order, int64 and
// float64 kept apart, and refusal of invalid UTF-8 and lone surrogate escapes
// (encoding/json silently turns both into U+FFFD; PHP's json_decode refuses
// them).
func decodeJSON(data []byte) (any, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: body is not UTF-8", ErrInvalid)
	}
	d := &jsonDecoder{data: data}
	d.skipSpace()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.pos != len(d.data) {
		return nil, d.fail("trailing data")
	}
	return v, nil
}

type jsonDecoder struct {
	data []byte
	pos  int
}

func (d *jsonDecoder) fail(what string) error {
	return fmt.Errorf("%w: json: %s at offset %d", ErrInvalid, what, d.pos)
}

func (d *jsonDecoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *jsonDecoder) value(depth int) (any, error) {
	if d.pos >= len(d.data) {
		return nil, d.fail("unexpected end")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.array(depth + 1)
	case c == '"':
		return d.string()
	case c == '-' || isDigit(c):
		return d.number()
	case d.literal("true"):
		return true, nil
	case d.literal("false"):
		return false, nil
	case d.literal("null"):
		return nil, nil
	}
	return nil, d.fail("unexpected character")
}

func (d *jsonDecoder) literal(word string) bool {
	if bytes.HasPrefix(d.data[d.pos:], []byte(word)) {
		d.pos += len(word)
		return true
	}
	return false
}

// object keeps the first position of a repeated key and its last value, as
// json_decode into a PHP array does (B17 relies on later entries winning).
func (d *jsonDecoder) object(depth int) (any, error) {
	if depth > MaxDepth {
		return nil, d.fail("nesting too deep")
	}
	d.pos++ // '{'
	o := &object{}
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return &kopernik.Map{}, nil
	}
	for {
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return nil, d.fail("expected object key")
		}
		key, err := d.string()
		if err != nil {
			return nil, err
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return nil, d.fail("expected ':'")
		}
		d.pos++
		d.skipSpace()
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		o.set(key, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.fail("unexpected end")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case '}':
			d.pos++
			return &kopernik.Map{Keys: o.keys, Values: o.vals}, nil
		default:
			return nil, d.fail("expected ',' or '}'")
		}
	}
}

// array returns a non-nil slice even when empty: callers read [] as an empty
// object (the official client's empty map) and may test for that.
func (d *jsonDecoder) array(depth int) (any, error) {
	if depth > MaxDepth {
		return nil, d.fail("nesting too deep")
	}
	d.pos++ // '['
	list := []any{}
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return list, nil
	}
	for {
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.fail("unexpected end")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case ']':
			d.pos++
			return list, nil
		default:
			return nil, d.fail("expected ',' or ']'")
		}
	}
}

func (d *jsonDecoder) string() (string, error) {
	d.pos++ // opening quote
	start := d.pos
	for d.pos < len(d.data) {
		switch c := d.data[d.pos]; {
		case c == '"':
			s := string(d.data[start:d.pos])
			d.pos++
			return s, nil
		case c == '\\':
			return d.escapedString(start)
		case c < 0x20:
			return "", d.fail("control character in string")
		}
		d.pos++
	}
	return "", d.fail("unterminated string")
}

// escapedString finishes a string once the first backslash turns up.
func (d *jsonDecoder) escapedString(start int) (string, error) {
	b := append([]byte(nil), d.data[start:d.pos]...)
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(b), nil
		case c < 0x20:
			return "", d.fail("control character in string")
		case c != '\\':
			b = append(b, c)
			d.pos++
			continue
		}
		if d.pos+1 >= len(d.data) {
			return "", d.fail("unterminated string")
		}
		d.pos++
		switch e := d.data[d.pos]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, err := d.unicodeEscape()
			if err != nil {
				return "", err
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			return "", d.fail("invalid escape")
		}
		d.pos++
	}
	return "", d.fail("unterminated string")
}

// unicodeEscape reads \uXXXX (d.pos at the 'u'), joining a surrogate pair.
// A lone surrogate is an error: it has no UTF-8 form.
func (d *jsonDecoder) unicodeEscape() (rune, error) {
	r, ok := d.hex4(d.pos + 1)
	if !ok {
		return 0, d.fail("invalid \\u escape")
	}
	d.pos += 5
	if !utf16.IsSurrogate(r) {
		return r, nil
	}
	if r < 0xDC00 && d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
		if lo, ok := d.hex4(d.pos + 2); ok {
			if pair := utf16.DecodeRune(r, lo); pair != utf8.RuneError {
				d.pos += 6
				return pair, nil
			}
		}
	}
	return 0, d.fail("lone UTF-16 surrogate")
}

func (d *jsonDecoder) hex4(at int) (rune, bool) {
	if at+4 > len(d.data) {
		return 0, false
	}
	var r rune
	for _, c := range d.data[at : at+4] {
		if !isHex(c) {
			return 0, false
		}
		r = r<<4 | rune(unhex(c))
	}
	return r, true
}

// number keeps JSON's integers as int64 and everything else as float64,
// matching json_decode: an integer beyond int64 becomes a float, and a number
// beyond float64's range becomes ±Inf as PHP's INF — no value is ever refused
// (B30); field conversion turns it into what PHP would store.
func (d *jsonDecoder) number() (any, error) {
	start := d.pos
	if d.data[d.pos] == '-' {
		d.pos++
	}
	switch {
	case d.pos < len(d.data) && d.data[d.pos] == '0':
		d.pos++
	case d.pos < len(d.data) && isDigit(d.data[d.pos]):
		d.digits()
	default:
		return nil, d.fail("invalid number")
	}
	integer := true
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if d.digits() == 0 {
			return nil, d.fail("invalid number")
		}
		integer = false
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if d.digits() == 0 {
			return nil, d.fail("invalid number")
		}
		integer = false
	}
	text := string(d.data[start:d.pos])
	if integer {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n, nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !math.IsInf(f, 0) {
		return nil, d.fail("invalid number")
	}
	return f, nil
}

func (d *jsonDecoder) digits() int {
	n := 0
	for d.pos < len(d.data) && isDigit(d.data[d.pos]) {
		d.pos++
		n++
	}
	return n
}
