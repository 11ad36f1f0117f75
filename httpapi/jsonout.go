package httpapi

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/kopernik/kopernik"
)

// obj is a JSON object that keeps its keys in the order they were added:
// Copernica's documentation examples fix an order and byte-comparing client test
// suites depend on it.
type obj struct {
	keys []string
	vals []any
}

func newObj(n int) *obj { return &obj{keys: make([]string, 0, n), vals: make([]any, 0, n)} }

func (o *obj) set(k string, v any) *obj {
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
	return o
}

func (o *obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := o.write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (o *obj) write(b *bytes.Buffer) error {
	// PHP heritage: an empty map prints as [] (conventions §5.3).
	if len(o.keys) == 0 {
		b.WriteString("[]")
		return nil
	}
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, k)
		b.WriteByte(':')
		if err := writeValue(b, o.vals[i]); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

func writeValue(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case string:
		writeString(b, x)
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case nil:
		b.WriteString("null")
	case *obj:
		return x.write(b)
	case *kopernik.Map:
		// Ordered output built outside this package (selection's objects).
		return (&obj{keys: x.Keys, vals: x.Values}).write(b)
	case jsonWriter:
		return x.writeJSONTo(b)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeValue(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case []string:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, e)
		}
		b.WriteByte(']')
	default:
		raw, err := json.Marshal(x)
		if err != nil {
			return err
		}
		b.Write(raw)
	}
	return nil
}

const hexDigits = "0123456789abcdef"

// writeString escapes like encoding/json without HTML escaping; '/' and
// non-ASCII stay as they are, which the spec allows.
func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x80 {
			i++
			continue
		}
		if c < 0x80 {
			b.WriteString(s[start:i])
			switch c {
			case '"':
				b.WriteString(`\"`)
			case '\\':
				b.WriteString(`\\`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := decodeRune(s[i:])
		if r == utf8RuneError && size == 1 {
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		// U+2028 and U+2029 break JavaScript parsers that eval JSON.
		if r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// envelope builds the list wrapper of conventions §7.1.
func envelope(start, limit int64, data []any, total int64, withTotal bool) *obj {
	o := newObj(5).set("start", start).set("limit", limit).set("count", int64(len(data))).set("data", data)
	if withTotal {
		o.set("total", total)
	}
	return o
}

// rawJSON is already-encoded JSON written as is.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }
