package reqdata

import (
	"math"
	"strconv"
	"strings"
)

// phpPrecision is PHP's `precision` ini default, which (string) casts use.
const phpPrecision = 14

// formatPHPFloat is PHP 8's (string) of a float (zend_gcvt with precision
// 14): 2.99 → "2.99", 3.0 → "3", 0.1+0.2 → "0.3", 1e25 → "1.0E+25",
// 0.00001 → "1.0E-5". Copernica stores numbers sent to text fields this way
// (B24), so the same text must come out here.
func formatPHPFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NAN"
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	case f == 0:
		if math.Signbit(f) {
			return "-0"
		}
		return "0"
	}
	var b strings.Builder
	if f < 0 {
		b.WriteByte('-')
		f = -f
	}
	mantissa, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', phpPrecision-1, 64), "e")
	digits := strings.TrimRight(strings.Replace(mantissa, ".", "", 1), "0")
	e, _ := strconv.Atoi(exp)
	point := e + 1 // digits are 0.DIGITS × 10^point
	switch {
	case point < -3 || point > phpPrecision:
		b.WriteByte(digits[0])
		b.WriteByte('.')
		if len(digits) == 1 {
			b.WriteByte('0')
		} else {
			b.WriteString(digits[1:])
		}
		b.WriteByte('E')
		if e < 0 {
			b.WriteByte('-')
			e = -e
		} else {
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(e))
	case point <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -point))
		b.WriteString(digits)
	case len(digits) <= point:
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", point-len(digits)))
	default:
		b.WriteString(digits[:point])
		b.WriteByte('.')
		b.WriteString(digits[point:])
	}
	return b.String()
}
