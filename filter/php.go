package filter

import (
	"math"
	"strconv"
)

// numericPrefix returns the leading numeric part of s the way PHP reads a
// numeric string: leading white space skipped, optional sign, digits with an
// optional fraction, optional exponent. isFloat reports a fraction or
// exponent. ok is false when s does not start with a number.
func numericPrefix(s string) (num string, isFloat, ok bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\v' || s[i] == '\f') {
		i++
	}
	start := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		j := i + 1
		frac := 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
			frac++
		}
		if digits+frac > 0 {
			i = j
			digits += frac
			isFloat = true
		}
	}
	if digits == 0 {
		return "", false, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
			isFloat = true
		}
	}
	return s[start:i], isFloat, true
}

// phpInt converts like PHP's (int) cast of a string: the numeric prefix,
// fractions truncated toward zero, out-of-range values clamped to int64,
// infinities 0, no number → 0.
func phpInt(s string) int64 {
	num, isFloat, ok := numericPrefix(s)
	if !ok {
		return 0
	}
	if !isFloat {
		if n, err := strconv.ParseInt(num, 10, 64); err == nil {
			return n
		}
	}
	f, _ := strconv.ParseFloat(num, 64)
	return floatToInt(f)
}

func floatToInt(f float64) int64 {
	switch {
	case math.IsNaN(f), math.IsInf(f, 0):
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// phpFloat converts like PHP's (float) cast of a string; overflow is clamped
// to the largest finite float so the bound value is always finite.
func phpFloat(s string) float64 {
	num, _, ok := numericPrefix(s)
	if !ok {
		return 0
	}
	f, _ := strconv.ParseFloat(num, 64)
	switch {
	case math.IsInf(f, 1):
		return math.MaxFloat64
	case math.IsInf(f, -1):
		return -math.MaxFloat64
	case math.IsNaN(f):
		return 0
	}
	return f
}
