package reqdata

import (
	"math"
	"strconv"
)

// phpNumber is what PHP's is_numeric_string finds at the start of a string:
// blanks, an optional sign, digits with an optional fraction, an optional
// exponent. Hex, octal, binary, "inf" and "nan" are not numbers to PHP.
type phpNumber struct {
	ok    bool // a numeric prefix exists
	whole bool // only blanks follow it: the string is numeric (is_numeric)
	isInt bool // no fraction or exponent and fits int64
	i     int64
	f     float64 // the value as float, for both kinds
}

// PHP's blanks for numeric strings include \v and \f, unlike JSON's.
func isPHPSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func parsePHPNumber(s string) phpNumber {
	i := 0
	for i < len(s) && isPHPSpace(s[i]) {
		i++
	}
	start := i
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	intDigits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		intDigits++
	}
	float := false
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		// "1." and ".5" are numbers to PHP, a lone "." is not.
		if intDigits > 0 || j > i+1 {
			i, float = j, true
		}
	}
	if intDigits == 0 && !float {
		return phpNumber{}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i, float = j, true
		}
	}
	n := phpNumber{ok: true, whole: true}
	for k := i; k < len(s); k++ {
		if !isPHPSpace(s[k]) {
			n.whole = false
			break
		}
	}
	text := s[start:i]
	if !float {
		if v, err := strconv.ParseInt(text, 10, 64); err == nil {
			n.isInt, n.i, n.f = true, v, float64(v)
			return n
		}
		// Too many digits: PHP reads the string as a float instead.
	}
	// Out of range gives ±Inf with an error; the infinity is PHP's value too.
	n.f, _ = strconv.ParseFloat(text, 64)
	return n
}

// stringIsTrue is the boolean table of conventions §4.1 (B22): "true" or
// "yes" in any ASCII case, or a numeric string of absolute value at least 1.
// Case folding is ASCII only, like PHP's strtolower; Unicode folding would
// let "yeſ" (long s) pass.
func stringIsTrue(s string) bool {
	if asciiEqualFold(s, "true") || asciiEqualFold(s, "yes") {
		return true
	}
	n := parsePHPNumber(s)
	if !n.ok || !n.whole {
		return false
	}
	if n.isInt {
		return n.i >= 1 || n.i <= -1
	}
	return math.Abs(n.f) >= 1
}

// asciiEqualFold compares s with a lower-case ASCII word.
func asciiEqualFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
