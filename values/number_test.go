package values

import (
	"math"
	"testing"

	"github.com/kopernik/kopernik"
)

// B26 (and O14 for foreign_key), plus the PHP 8 (int) edge cases.
func TestNormalizeInteger(t *testing.T) {
	c := winter(t)
	tests := []struct {
		in   any
		want string
	}{
		{"value", "0"},
		{"   3 ", "3"},
		{"true", "0"},
		{true, "1"},
		{false, "0"},
		{int64(-2), "-2"},
		{2.99, "2"},
		{-2.99, "-2"},
		{list(), "0"},
		{list("x"), "1"},
		{object(), "0"},
		{object("a", int64(5)), "1"},
		{nil, "0"}, // B31
		{"", "0"},  // B31
		{"12abc", "12"},
		{"2.99", "2"},
		{"-1.9", "-1"},
		{"1e3", "1000"},
		{"1.5e3xyz", "1500"},
		{"1e", "1"},
		{"1e+", "1"},
		{".5", "0"},
		{"-.5e1", "-5"},
		{"5.", "5"},
		{"+7", "7"},
		{"\n\t\v\f 42", "42"},
		{"0x1A", "0"},
		{"0b11", "0"},
		{"010", "10"},
		{"-", "0"},
		{"- 3", "0"},
		{"inf", "0"},
		{"1e999", "0"}, // PHP caps only finite numbers; infinity has no integer part
		{"99999999999999999999", "9223372036854775807"},
		{"-99999999999999999999", "-9223372036854775808"},
		{"9223372036854775807", "9223372036854775807"},
		{"-9223372036854775808", "-9223372036854775808"},
		{1e30, "9223372036854775807"},
		{-1e30, "-9223372036854775808"},
		{int64(math.MaxInt64), "9223372036854775807"},
		{"-1", "-1"},
	}
	for _, typ := range []kopernik.FieldType{kopernik.TypeInteger, kopernik.TypeForeignKey} {
		for _, tt := range tests {
			if got := c.Normalize(field(typ), tt.in); got != tt.want {
				t.Errorf("%s %#v: got %q, want %q", typ, tt.in, got, tt.want)
			}
		}
	}
}

// B27 plus PHP (float) edge cases.
func TestNormalizeFloat(t *testing.T) {
	c := winter(t)
	tests := []struct {
		in   any
		want string
	}{
		{"value", "0"},
		{" 2.99  ", "2.99"},
		{"true", "0"},
		{true, "1"},
		{false, "0"},
		{int64(-2), "-2"},
		{2.99, "2.99"},
		{-2.99, "-2.99"},
		{list(), "0"},
		{list(int64(0)), "1"},
		{nil, "0"},
		{"", "0"},
		{"abc", "0"},
		{"1e3", "1000"},
		{"-.5", "-0.5"},
		{"2.50", "2.5"},
		{"1.5e-7", "1.5E-7"},
		{"1e25", "1.0E+25"},
		{"12abc", "12"},
		{"0x1A", "0"},
		{"1e999", "0"},
		{"-1e999", "0"},
		{int64(9007199254740993), "9.007199254741E+15"},
	}
	for _, tt := range tests {
		if got := c.Normalize(field(kopernik.TypeFloat), tt.in); got != tt.want {
			t.Errorf("%#v: got %q, want %q", tt.in, got, tt.want)
		}
	}
}
