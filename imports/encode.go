package imports

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// EncodeRecords writes decoded records as a JSON array, so that an inline
// array `source` is stored, and later read, exactly like a JSON string
// source. Key order and the integer/float distinction survive the round
// trip (a float always carries a fraction or exponent), because
// normalisation depends on both.
func EncodeRecords(recs []any) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, r := range recs {
		if i > 0 {
			b.WriteString(",\n")
		}
		encodeValue(&b, r)
	}
	b.WriteString("]\n")
	return b.Bytes()
}

func encodeValue(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case string:
		str(b, x)
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case int:
		b.WriteString(strconv.Itoa(x))
	case float64:
		b.WriteString(floatText(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			encodeValue(b, e)
		}
		b.WriteByte(']')
	case *kopernik.Map:
		b.WriteByte('{')
		for i, k := range x.KeyList() {
			if i > 0 {
				b.WriteByte(',')
			}
			str(b, k)
			b.WriteByte(':')
			encodeValue(b, x.Values[i])
		}
		b.WriteByte('}')
	default:
		b.WriteString("null")
	}
}

// floatText prints a float so that it reads back as a float: infinities
// (from literals too large for float64) as a literal that overflows again.
func floatText(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "1e999"
	case math.IsInf(f, -1):
		return "-1e999"
	case math.IsNaN(f):
		return "null"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}
