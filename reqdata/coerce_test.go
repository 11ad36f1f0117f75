package reqdata

import (
	"math"
	"testing"

	"github.com/kopernik/kopernik"
)

func nonEmptyMap() *kopernik.Map {
	m := &kopernik.Map{}
	m.Set("a", "1")
	return m
}

func TestBool(t *testing.T) {
	tests := []struct {
		in   any
		want bool
	}{
		{true, true}, {false, false},
		{int64(1), true}, {int64(-1), true}, {int64(2), true}, {int64(0), false},
		{0.5, true}, {-0.5, true}, {0.0, false}, {math.Copysign(0, -1), false},
		{"true", true}, {"TRue", true}, {"yes", true}, {"1", true}, {"-1", true}, {"1.5", true},
		{"0.5", false}, {"0", false}, {"false", false}, {"no", false}, {"on", false}, {"", false},
		{" true", false}, {"thisisfalse", false},
		{nil, false},
		{[]any{}, false}, {[]any{"x"}, true}, {[]any{false}, true},
		{&kopernik.Map{}, false}, {nonEmptyMap(), true}, {(*kopernik.Map)(nil), false},
		{struct{}{}, false},
	}
	for _, tt := range tests {
		if got := Bool(tt.in); got != tt.want {
			t.Errorf("Bool(%#v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// B26 and the query integer rules applied to body values.
func TestInt(t *testing.T) {
	tests := []struct {
		in   any
		want int64
		ok   bool
	}{
		{"value", 0, true}, {"   3 ", 3, true}, {"true", 0, true}, {"2x", 2, true}, {"", 0, true},
		{"-2.99", -2, true}, {"1e3", 1000, true},
		{true, 1, true}, {false, 0, true},
		{int64(-2), -2, true}, {int64(math.MaxInt64), math.MaxInt64, true},
		{2.99, 2, true}, {-2.99, -2, true}, {1e30, math.MaxInt64, true}, {-1e30, math.MinInt64, true},
		{9223372036854775808.0, math.MaxInt64, true},
		{[]any{}, 0, true}, {[]any{"x"}, 1, true}, {&kopernik.Map{}, 0, true}, {nonEmptyMap(), 1, true},
		{nil, 0, false}, {(*kopernik.Map)(nil), 0, false}, {struct{}{}, 0, false},
	}
	for _, tt := range tests {
		if got, ok := Int(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("Int(%#v) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// B24, with floats printed as PHP's (string) cast prints them.
func TestString(t *testing.T) {
	tests := []struct {
		in   any
		want string
		ok   bool
	}{
		{"  value ", "  value ", true}, {"", "", true},
		{true, "1", true}, {false, "", true},
		{int64(0), "0", true}, {int64(-2), "-2", true}, {int64(math.MinInt64), "-9223372036854775808", true},
		{2.99, "2.99", true}, {-2.99, "-2.99", true}, {3.0, "3", true}, {-3.0, "-3", true}, {0.5, "0.5", true},
		{0.1 + 0.2, "0.3", true}, {1.0 / 3, "0.33333333333333", true}, {123456789.12345678, "123456789.12346", true},
		{99999999999999.0, "99999999999999", true}, {1e14, "1.0E+14", true}, {1e25, "1.0E+25", true},
		{1.5e25, "1.5E+25", true}, {-1.5e300, "-1.5E+300", true}, {9223372036854775808.0, "9.2233720368548E+18", true},
		{0.0001, "0.0001", true}, {0.00012, "0.00012", true}, {0.00001, "1.0E-5", true}, {1.25e-7, "1.25E-7", true},
		{0.0, "0", true}, {math.Copysign(0, -1), "-0", true}, {100.0, "100", true}, {0.99999999999999999, "1", true},
		{nil, "", false}, {[]any{}, "", false}, {&kopernik.Map{}, "", false},
	}
	for _, tt := range tests {
		if got, ok := String(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("String(%#v) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAsMap(t *testing.T) {
	m := nonEmptyMap()
	if got, ok := AsMap(m); got != m || !ok {
		t.Error("AsMap(*Map) is not the map itself")
	}
	if got, ok := AsMap([]any{"a", int64(2)}); !ok || encode(got) != `{"0":"a","1":2}` {
		t.Errorf("AsMap(list) = %s, %v", encode(got), ok)
	}
	if got, ok := AsMap([]any{}); !ok || got.Len() != 0 {
		t.Errorf("AsMap([]) = %v, %v", got, ok)
	}
	for _, v := range []any{nil, "x", int64(1), 1.5, true, (*kopernik.Map)(nil)} {
		if got, ok := AsMap(v); ok || got != nil {
			t.Errorf("AsMap(%#v) = %v, %v; want nil, false", v, got, ok)
		}
	}
}
