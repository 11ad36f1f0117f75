package values

import (
	"math"
	"testing"
)

func TestFormatFloat(t *testing.T) {
	tenth, fifth := 0.1, 0.2 // variables: constant arithmetic would be exact
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "-0"}, // PHP prints the sign of a negative zero
		{1, "1"},
		{-2, "-2"},
		{2.99, "2.99"},
		{-2.99, "-2.99"},
		{0.1, "0.1"},
		{tenth + fifth, "0.3"},
		{100, "100"},
		{123.456, "123.456"},
		{0.0001, "0.0001"},
		{0.00001, "1.0E-5"},
		{-1.5e-10, "-1.5E-10"},
		{1e15, "1.0E+15"},
		{1e16, "1.0E+16"},
		{1e17, "1.0E+17"},
		{1.2345678901234568e17, "1.2345678901235E+17"},
		{1e25, "1.0E+25"},
		{-1e25, "-1.0E+25"},
		{1e100, "1.0E+100"},
		{1.5e300, "1.5E+300"},
		{5e-324, "4.9406564584125E-324"},
		{math.MaxFloat64, "1.7976931348623E+308"},
		{math.Inf(1), "INF"},
		{math.Inf(-1), "-INF"},
		{math.NaN(), "NAN"},
	}
	for _, tt := range tests {
		if got := FormatFloat(tt.in); got != tt.want {
			t.Errorf("FormatFloat(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// gcvt with PHP's default ini precision is kept next to FormatFloat so the
// (string)-cast flavour is one argument away; check it behaves like PHP too.
func TestGcvtPrecision14(t *testing.T) {
	tenth, fifth := 0.1, 0.2
	tests := []struct {
		in   float64
		want string
	}{
		{tenth + fifth, "0.3"},
		{2.99, "2.99"},
		{1e14, "1.0E+14"},
		{12345678901234, "12345678901234"},
		{1e15, "1.0E+15"},
		{1.0 / 3, "0.33333333333333"},
		{0.00001, "1.0E-5"},
		{-3, "-3"},
	}
	for _, tt := range tests {
		if got := gcvt(tt.in, 14); got != tt.want {
			t.Errorf("gcvt(%v, 14) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
