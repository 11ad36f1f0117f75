package sqlstore

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// journalData is the JSON document of a journal entry: the field values it
// set, by name in sorted order, and whether the interests changed. It is
// written on every mutation, so it is built by hand rather than by reflection.
func journalData(fields map[string]string, interests bool) string {
	var b strings.Builder
	b.WriteByte('{')
	if len(fields) > 0 {
		names := make([]string, 0, len(fields))
		for n := range fields {
			names = append(names, n)
		}
		sort.Strings(names)
		b.WriteString(`"fields":{`)
		for i, n := range names {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(&b, n)
			b.WriteByte(':')
			writeJSONString(&b, fields[n])
		}
		b.WriteByte('}')
	}
	if interests {
		if len(fields) > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"interests":true`)
	}
	b.WriteByte('}')
	return b.String()
}

// writeJSONString writes s as a JSON string; invalid UTF-8 becomes U+FFFD.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
			i++
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteString(strconv.FormatInt(int64(c)>>4, 16))
			b.WriteString(strconv.FormatInt(int64(c)&0xf, 16))
			i++
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b.WriteString(`\ufffd`)
			} else {
				b.WriteString(s[i : i+n])
			}
			i += n
		}
	}
	b.WriteByte('"')
}
