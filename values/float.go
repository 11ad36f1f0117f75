package values

import (
	"math"
	"strconv"
	"strings"
)

// FormatFloat formats a float the way PHP 8 casts it to string (precision 14,
// O13): "2.99", "-2", "0", "0.3" for 0.1+0.2, "1.0E+25", "1.0E-5".
// Former wording: shortest round-trip
// precision (serialize_precision -1): "2.99", "-2", "0", "1.0E+25", "1.0E-5".
// Round-trip digits matter because the stored number is read back as a float
// and must print identically every time.
func FormatFloat(f float64) string {
	return gcvt(f, 14)
}

// gcvt is PHP's zend_gcvt: precision 0 means the shortest digits that read back
// as f (mode 0 of zend_dtoa, judged against 17 places for the switch to
// exponent form); a positive precision rounds to that many significant digits,
// as PHP's (string) cast does with its ini precision.
func gcvt(f float64, precision int) string {
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
	places := precision
	if precision <= 0 {
		precision, places = 17, -1
	} else {
		places--
	}
	mantissa, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', places, 64), "e")
	digits := strings.TrimRight(strings.Replace(mantissa, ".", "", 1), "0")
	e, _ := strconv.Atoi(exp)
	point := e + 1 // f is 0.DIGITS × 10^point
	switch {
	case point < -3 || point > precision:
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
