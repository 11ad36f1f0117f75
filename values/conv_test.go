package values

import (
	"testing"
	"time"

	"github.com/kopernik/kopernik"
)

// B33, structure.md §4.1 and O15.
func TestDefault(t *testing.T) {
	c := winter(t)
	tests := []struct {
		f    kopernik.Field
		want string
	}{
		{kopernik.Field{Type: kopernik.TypeInteger, Value: "-1"}, "-1"},
		{kopernik.Field{Type: kopernik.TypeInteger, Value: ""}, "0"},
		{kopernik.Field{Type: kopernik.TypeForeignKey, Value: "0"}, "0"},
		{kopernik.Field{Type: kopernik.TypeFloat, Value: "abc"}, "0"},
		{kopernik.Field{Type: kopernik.TypeFloat, Value: "2.5"}, "2.5"},
		{kopernik.Field{Type: kopernik.TypeDate, Value: ""}, "0000-00-00"},
		{kopernik.Field{Type: kopernik.TypeDatetime, Value: ""}, "0000-00-00 00:00:00"},
		{kopernik.Field{Type: kopernik.TypeEmptyDate, Value: ""}, ""},
		{kopernik.Field{Type: kopernik.TypeEmptyDatetime, Value: ""}, ""},
		{kopernik.Field{Type: kopernik.TypeDate, Value: "2020-01-02"}, "2020-01-02"},
		{kopernik.Field{Type: kopernik.TypeEmptyDatetime, Value: "2020-01-02 03:04:05"}, "2020-01-02 03:04:05"},
		{kopernik.Field{Type: kopernik.TypeDatetime, Value: "now"}, "2024-01-15 10:20:30"},
		{kopernik.Field{Type: kopernik.TypeText, Value: ""}, ""},
		{kopernik.Field{Type: kopernik.TypeText, Value: " x "}, " x "},
		{kopernik.Field{Type: kopernik.TypeText, Value: "abcdef", Length: 3}, "abc"},
		{kopernik.Field{Type: kopernik.TypeEmail, Value: ""}, ""},
		{kopernik.Field{Type: kopernik.TypeSelect, Value: "A\nB*\nC"}, "B"},
		{kopernik.Field{Type: kopernik.TypeSelect, Value: "A\nB\nC"}, ""},
		{kopernik.Field{Type: kopernik.TypeSelect, Value: ""}, ""},
	}
	for _, tt := range tests {
		if got := c.Default(&tt.f); got != tt.want {
			t.Errorf("Default(%s %q) = %q, want %q", tt.f.Type, tt.f.Value, got, tt.want)
		}
	}
}

// B34, structure.md §6.2.
func TestFillForExisting(t *testing.T) {
	c := winter(t)
	tests := []struct {
		f    kopernik.Field
		want string
	}{
		{kopernik.Field{Type: kopernik.TypeInteger, Value: "-1"}, "0"},
		{kopernik.Field{Type: kopernik.TypeForeignKey, Value: "7"}, "0"},
		{kopernik.Field{Type: kopernik.TypeFloat, Value: "2.5"}, "0"},
		{kopernik.Field{Type: kopernik.TypeDate, Value: "2020-01-02"}, "0000-00-00"},
		{kopernik.Field{Type: kopernik.TypeEmptyDate, Value: ""}, "0000-00-00"},
		{kopernik.Field{Type: kopernik.TypeDatetime, Value: "2020-01-02"}, "0000-00-00 00:00:00"},
		{kopernik.Field{Type: kopernik.TypeEmptyDatetime, Value: ""}, "0000-00-00 00:00:00"},
		{kopernik.Field{Type: kopernik.TypeText, Value: "x"}, "x"},
		{kopernik.Field{Type: kopernik.TypeBig, Value: "long"}, "long"},
		{kopernik.Field{Type: kopernik.TypeSelect, Value: "A\nB*"}, "B"},
	}
	for _, tt := range tests {
		if got := c.FillForExisting(&tt.f); got != tt.want {
			t.Errorf("FillForExisting(%s %q) = %q, want %q", tt.f.Type, tt.f.Value, got, tt.want)
		}
	}
}

func TestNormalizeDefault(t *testing.T) {
	c := winter(t)
	tests := []struct {
		typ  kopernik.FieldType
		in   any
		want string
	}{
		{kopernik.TypeInteger, "abc", "0"},
		{kopernik.TypeInteger, "12abc", "12"},
		{kopernik.TypeInteger, int64(-1), "-1"},
		{kopernik.TypeInteger, 2.99, "2"},
		{kopernik.TypeInteger, nil, "0"},
		{kopernik.TypeForeignKey, "x", "0"},
		{kopernik.TypeFloat, "2.50", "2.5"},
		{kopernik.TypeFloat, "abc", "0"},
		{kopernik.TypeText, int64(5), "5"},
		{kopernik.TypeText, "  x ", "  x "},
		{kopernik.TypeText, nil, ""},
		{kopernik.TypeText, true, "1"},
		{kopernik.TypeEmail, "not checked", "not checked"},
		{kopernik.TypeBig, "b", "b"},
		{kopernik.TypeSelect, "A\r\nB* \r\nC", "A\r\nB* \r\nC"},
		{kopernik.TypeSelect, `A\nB\nC*`, `A\nB\nC*`},
		{kopernik.TypeDate, "", ""},
		{kopernik.TypeDate, nil, ""},
		{kopernik.TypeDatetime, "", ""},
		{kopernik.TypeDate, "2020-01-02 03:04:05", "2020-01-02"},
		{kopernik.TypeDatetime, "2020-01-02", "2020-01-02 00:00:00"},
		{kopernik.TypeDate, "garbage", "0000-00-00"},
		{kopernik.TypeEmptyDate, "garbage", ""},
		{kopernik.TypeEmptyDatetime, "0000-00-00 00:00:00", ""},
		{kopernik.TypeDatetime, "0000-00-00 00:00:00", "0000-00-00 00:00:00"},
	}
	for _, tt := range tests {
		if got := c.NormalizeDefault(tt.typ, tt.in); got != tt.want {
			t.Errorf("NormalizeDefault(%s, %#v) = %q, want %q", tt.typ, tt.in, got, tt.want)
		}
	}
}

// structure.md §6.3: a type change converts every stored value.
func TestConvert(t *testing.T) {
	c := winter(t)
	tests := []struct {
		from   kopernik.FieldType
		to     kopernik.Field
		stored string
		want   string
	}{
		{kopernik.TypeText, kopernik.Field{Type: kopernik.TypeInteger}, "12abc", "12"},
		{kopernik.TypeText, kopernik.Field{Type: kopernik.TypeInteger}, "abc", "0"},
		{kopernik.TypeText, kopernik.Field{Type: kopernik.TypeFloat}, " 2.99 ", "2.99"},
		{kopernik.TypeFloat, kopernik.Field{Type: kopernik.TypeInteger}, "2.5", "2"},
		{kopernik.TypeFloat, kopernik.Field{Type: kopernik.TypeInteger}, "1.0E+25", "9223372036854775807"},
		{kopernik.TypeFloat, kopernik.Field{Type: kopernik.TypeText}, "1.0E+25", "1.0E+25"},
		{kopernik.TypeInteger, kopernik.Field{Type: kopernik.TypeText}, "12", "12"},
		{kopernik.TypeInteger, kopernik.Field{Type: kopernik.TypeFloat}, "-3", "-3"},
		{kopernik.TypeInteger, kopernik.Field{Type: kopernik.TypeForeignKey}, "-3", "-3"},
		{kopernik.TypeInteger, kopernik.Field{Type: kopernik.TypeDate}, "12", "0000-00-00"},
		{kopernik.TypeInteger, kopernik.Field{Type: kopernik.TypeEmptyDate}, "12", ""},
		{kopernik.TypeDatetime, kopernik.Field{Type: kopernik.TypeDate}, "2020-01-02 03:04:05", "2020-01-02"},
		{kopernik.TypeDatetime, kopernik.Field{Type: kopernik.TypeDate}, "2020-01-02 23:59:59", "2020-01-02"},
		{kopernik.TypeDatetime, kopernik.Field{Type: kopernik.TypeEmptyDate}, "0000-00-00 00:00:00", ""},
		{kopernik.TypeDate, kopernik.Field{Type: kopernik.TypeDatetime}, "2020-01-02", "2020-01-02 00:00:00"},
		{kopernik.TypeEmptyDatetime, kopernik.Field{Type: kopernik.TypeDatetime}, "", "0000-00-00 00:00:00"},
		{kopernik.TypeEmptyDate, kopernik.Field{Type: kopernik.TypeDate}, "", "0000-00-00"},
		{kopernik.TypeDatetime, kopernik.Field{Type: kopernik.TypeText}, "2020-01-02 03:04:05", "2020-01-02 03:04:05"},
		{kopernik.TypeDatetime, kopernik.Field{Type: kopernik.TypeInteger}, "2020-01-02 03:04:05", "2020"},
		{kopernik.TypeDatetime, kopernik.Field{Type: kopernik.TypeDatetime}, "2020-10-25 02:30:00", "2020-10-25 02:30:00"},
		{kopernik.TypeText, kopernik.Field{Type: kopernik.TypeSelect, Value: "A\nB"}, "B", "B"},
		{kopernik.TypeText, kopernik.Field{Type: kopernik.TypeSelect, Value: "A\nB"}, "b", ""},
		{kopernik.TypeSelect, kopernik.Field{Type: kopernik.TypeText}, "B", "B"},
		{kopernik.TypeText, kopernik.Field{Type: kopernik.TypeText, Length: 3}, "abcdef", "abc"},
		{kopernik.TypeBig, kopernik.Field{Type: kopernik.TypeEmail, Length: 4}, "abcdef", "abcd"},
		{kopernik.TypeText, kopernik.Field{Type: kopernik.TypeEmptyDatetime}, "2 January 2020", "2020-01-02 00:00:00"},
	}
	for _, tt := range tests {
		if got := c.Convert(tt.from, &tt.to, tt.stored); got != tt.want {
			t.Errorf("Convert(%s → %s, %q) = %q, want %q", tt.from, tt.to.Type, tt.stored, got, tt.want)
		}
	}
}

func TestConvZeroValue(t *testing.T) {
	var c Conv // UTC and the real clock
	if got := c.Normalize(field(kopernik.TypeDatetime), "2020-01-02 03:04:05+01:00"); got != "2020-01-02 02:04:05" {
		t.Errorf("got %q", got)
	}
	before := time.Now().UTC().Format("2006-01-02")
	got := c.Normalize(field(kopernik.TypeDate), "today")
	after := time.Now().UTC().Format("2006-01-02")
	if got != before && got != after {
		t.Errorf("today: got %q, want %q", got, after)
	}
}
