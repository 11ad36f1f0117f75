package values

import (
	"math"
	"strconv"
)

// Int converts an input value the way PHP's (int) cast does (B26): the leading
// number of a string, fraction dropped toward zero, non-numeric → 0, true → 1,
// a non-empty list → 1. Out-of-range numbers clamp to the int64 limits.
func Int(v any) int64 {
	switch x := v.(type) {
	case string:
		num, float := numberPrefix(x)
		if num == "" {
			return 0
		}
		if !float {
			n, err := strconv.ParseInt(num, 10, 64)
			if err == nil {
				return n
			}
			// PHP reads an integer too long for its type as a float, then caps it.
			if num[0] == '-' {
				return math.MinInt64
			}
			return math.MaxInt64
		}
		f, _ := strconv.ParseFloat(num, 64)
		return capInt(f)
	case int64:
		return x
	case int:
		return int64(x)
	case float64:
		return capInt(x)
	case bool:
		if x {
			return 1
		}
		return 0
	}
	if _, filled := isList(v); filled {
		return 1
	}
	return 0
}

// Float converts an input value the way PHP's (float) cast does (B27), with
// the same fallbacks as Int.
func Float(v any) float64 {
	switch x := v.(type) {
	case string:
		num, _ := numberPrefix(x)
		if num == "" {
			return 0
		}
		// A range error still yields ±Inf or 0, which is what PHP's strtod gives.
		f, _ := strconv.ParseFloat(num, 64)
		return f
	case int64:
		return float64(x)
	case int:
		return float64(x)
	case float64:
		return x
	case bool:
		if x {
			return 1
		}
		return 0
	}
	if _, filled := isList(v); filled {
		return 1
	}
	return 0
}

// capInt truncates toward zero like PHP's zend_dval_to_lval_cap: infinities
// and NaN have no integer part and give 0, finite overflow saturates.
func capInt(f float64) int64 {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return 0
	case f >= math.MaxInt64: // float64(MaxInt64) is 2^63, itself out of range
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// numberPrefix returns the leading number of s as PHP 8's numeric-string
// check reads it when trailing garbage is allowed: leading whitespace, a sign,
// digits, a fraction and an exponent that has digits ("1e3" is a number,
// "1e" is 1). Hex, octal, "inf" and "nan" are not numbers to PHP. float
// reports a fraction or exponent, which makes PHP treat it as a double.
func numberPrefix(s string) (num string, float bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	start := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	intEnd := digitsFrom(s, i)
	intDigits := intEnd - i
	i = intEnd
	if i < len(s) && s[i] == '.' {
		fracEnd := digitsFrom(s, i+1)
		if intDigits > 0 || fracEnd > i+1 {
			float = true
			i = fracEnd
		}
	}
	if intDigits == 0 && !float {
		return "", false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if end := digitsFrom(s, j); end > j {
			float = true
			i = end
		}
	}
	return s[start:i], float
}

func digitsFrom(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isSpace is the whitespace PHP skips before a numeric string.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// finite replaces infinities ("1e999") by 0: PHP computes INF, but the MySQL
// column behind a float field cannot hold it and stores 0, and 0 is also what
// the integer cast makes of it.
func finite(f float64) float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0
	}
	return f
}
