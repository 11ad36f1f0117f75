package values

import (
	"slices"
	"testing"

	"github.com/kopernik/kopernik"
)

func TestChoices(t *testing.T) {
	tests := []struct {
		value   string
		choices []string
		def     string
	}{
		{"", nil, ""},
		{"A", []string{"A"}, ""},
		{"A\nB\nC*", []string{"A", "B", "C"}, "C"},
		{"A\r\nB*\r\nC", []string{"A", "B", "C"}, "B"},
		{"A\rB\rC", []string{"A", "B", "C"}, ""},
		{"A\r\nB\nC\rD", []string{"A", "B", "C", "D"}, ""},
		{"a \t\r\n b*  \rc", []string{"a", " b", "c"}, " b"},
		{"x**", []string{"x*"}, "x*"},
		{"A*\nB*", []string{"A", "B"}, "A"},
		{`A\nB\nC*`, []string{`A\nB\nC`}, `A\nB\nC`}, // a literal backslash-n is no line break
		{"A\n\nB", []string{"A", "", "B"}, ""},
		{"value \r\n value\r\n`value", []string{"value", " value", "`value"}, ""},
	}
	for _, tt := range tests {
		choices, def := Choices(tt.value)
		if !slices.Equal(choices, tt.choices) || def != tt.def {
			t.Errorf("Choices(%q) = %q, %q; want %q, %q", tt.value, choices, def, tt.choices, tt.def)
		}
	}
}

// B25.
func TestNormalizeSelect(t *testing.T) {
	c := winter(t)
	tests := []struct {
		choices string
		in      any
		want    string
	}{
		{"value1\r\nvalue2", "value1", "value1"},
		{"value1\r\nvalue2", "value2", "value2"},
		{"VALUE1\r\nvalue2", "value1", ""},
		{"VALUE1\r\nvalue2", "value", ""},
		{"value \r\n value\r\n`value", "value ", ""},
		{"value \r\n value\r\n`value", " value", " value"},
		{"value \r\n value\r\n`value", "value", "value"},
		{"0\r\n1", true, "1"},
		{"0\r\n2", true, ""},
		{"0\r\n1", int64(0), "0"},
		{"2.5\r\nx", 2.5, "2.5"},
		{"A\nB\nC*", "C", "C"},
		{"A\nB\nC*", "C*", ""},
		{"A\nB", "", ""},
		{"A\nB", nil, ""},
		{"A\nB", list("A"), ""},
		{"", "x", ""},
	}
	for _, tt := range tests {
		f := &kopernik.Field{Type: kopernik.TypeSelect, Value: tt.choices, Length: 1}
		if got := c.Normalize(f, tt.in); got != tt.want {
			t.Errorf("choices %q, %#v: got %q, want %q", tt.choices, tt.in, got, tt.want)
		}
	}
}
