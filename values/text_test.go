package values

import (
	"testing"

	"github.com/kopernik/kopernik"
)

// B24: text and e-mail keep strings byte for byte and cast scalars like PHP.
func TestNormalizeText(t *testing.T) {
	c := winter(t)
	tests := []struct {
		in   any
		want string
	}{
		{"value", "value"},
		{"  value ", "  value "},
		{"not an @ address", "not an @ address"},
		{true, "1"},
		{false, ""},
		{int64(0), "0"},
		{int64(-2), "-2"},
		{2.99, "2.99"},
		{-2.99, "-2.99"},
		{1e25, "1.0E+25"},
		{nil, ""},
		{list(), ""},
		{list("a"), ""},
		{object(), ""},
		{object("a", "b"), ""},
	}
	for _, typ := range []kopernik.FieldType{kopernik.TypeText, kopernik.TypeEmail, kopernik.TypePhone,
		kopernik.TypePhoneFax, kopernik.TypePhoneGSM, kopernik.TypeBig} {
		for _, tt := range tests {
			if got := c.Normalize(field(typ), tt.in); got != tt.want {
				t.Errorf("%s %#v: got %q, want %q", typ, tt.in, got, tt.want)
			}
		}
	}
}

func TestNormalizeTextLength(t *testing.T) {
	c := winter(t)
	tests := []struct {
		typ    kopernik.FieldType
		length int
		in     any
		want   string
	}{
		{kopernik.TypeText, 3, "abcdef", "abc"},
		{kopernik.TypeText, 3, "abc", "abc"},
		{kopernik.TypeText, 2, "ééééé", "éé"}, // characters, not bytes
		{kopernik.TypeText, 0, "abcdef", "abcdef"},
		{kopernik.TypeText, -1, "abcdef", "abcdef"},
		{kopernik.TypeText, 2, int64(12345), "12"},
		{kopernik.TypeEmail, 5, "someone@example.com", "someo"},
		{kopernik.TypePhoneGSM, 4, "+31612345678", "+316"},
		{kopernik.TypeBig, 3, "abcdef", "abcdef"},
		{kopernik.TypeSelect, 1, "ab", "ab"},
	}
	for _, tt := range tests {
		f := &kopernik.Field{Type: tt.typ, Length: tt.length, Value: "ab"}
		if got := c.Normalize(f, tt.in); got != tt.want {
			t.Errorf("%s length %d %#v: got %q, want %q", tt.typ, tt.length, tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{"x", "x"}, {true, "1"}, {false, ""}, {int64(-7), "-7"}, {42, "42"},
		{0.5, "0.5"}, {nil, ""}, {list(int64(1)), ""}, {object("k", "v"), ""},
		{struct{}{}, ""},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%#v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeNilField(t *testing.T) {
	if got := winter(t).Normalize(nil, int64(3)); got != "3" {
		t.Errorf("got %q", got)
	}
}
