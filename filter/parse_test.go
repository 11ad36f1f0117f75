package filter

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want Cond
		ok   bool
	}{
		// conventions.md §8.2 examples
		{"age>=18", Cond{"age", OpGe, "18"}, true},
		{"name===x", Cond{"name", OpEq, "=x"}, true},
		{"a ==b", Cond{"a ", OpEq, "b"}, true},
		{"city== Delft", Cond{"city", OpEq, " Delft"}, true},
		// B65
		{" LASTNAME==mUIT ", Cond{"LASTNAME", OpEq, "mUIT"}, true},
		{"\t\n LASTNAME==mUIT \r\x0b", Cond{"LASTNAME", OpEq, "mUIT"}, true},
		// a NUL is data, not a blank (issue 9 §3)
		{"LastName==alpha\x00", Cond{"LastName", OpEq, "alpha\x00"}, true},
		{"\x00LastName==alpha", Cond{"\x00LastName", OpEq, "alpha"}, true},
		{"LastName ==Muit", Cond{"LastName ", OpEq, "Muit"}, true},
		{"LastName== Muit", Cond{"LastName", OpEq, " Muit"}, true},
		{"Score== 6", Cond{"Score", OpEq, " 6"}, true},
		{"ActionTime<= 2020-04-27 14:15:34", Cond{"ActionTime", OpLe, " 2020-04-27 14:15:34"}, true},
		{"ID>5", Cond{"ID", OpGt, "5"}, true},
		// every operator
		{"a==1", Cond{"a", OpEq, "1"}, true},
		{"a!=1", Cond{"a", OpNe, "1"}, true},
		{"a<>1", Cond{"a", OpNe2, "1"}, true},
		{"a<1", Cond{"a", OpLt, "1"}, true},
		{"a>1", Cond{"a", OpGt, "1"}, true},
		{"a<=1", Cond{"a", OpLe, "1"}, true},
		{"a>=1", Cond{"a", OpGe, "1"}, true},
		{"a=~Mu%", Cond{"a", OpLike, "Mu%"}, true},
		{"a!~Mu%", Cond{"a", OpNotLike, "Mu%"}, true},
		// empty value; value kept verbatim
		{"LASTNAME==", Cond{"LASTNAME", OpEq, ""}, true},
		{"a==  x  ", Cond{"a", OpEq, "  x"}, true}, // the element as a whole is trimmed
		{"a>=<b", Cond{"a", OpGe, "<b"}, true},
		{"a<<=b", Cond{}, false},
		// operator at position 0 belongs to the name
		{"=a==b", Cond{"=a", OpEq, "b"}, true},
		{"==a<1", Cond{}, false}, // name "=", then a lone "="
		{"!a!=1", Cond{"!a", OpNe, "1"}, true},
		// ignored: lone = or ~, other mixes, no operator, nothing after position 0
		{"a=b", Cond{}, false},
		{"a~b", Cond{}, false},
		{"a=", Cond{}, false},
		{"a!b", Cond{}, false},
		{"a!!b", Cond{}, false},
		{"a=!b", Cond{}, false},
		{"a~=b", Cond{}, false},
		{"a><b", Cond{}, false},
		{"a=>b", Cond{}, false},
		{"a=<b", Cond{}, false},
		{"a<<b", Cond{}, false},
		{"!", Cond{}, false},
		{"=", Cond{}, false},
		{"~", Cond{}, false},
		{"==", Cond{}, false}, // '=' at 0 is name, then a lone '='
		{"", Cond{}, false},
		{"   ", Cond{}, false},
		{"abc", Cond{}, false},
		{"==1", Cond{}, false},
		{"=~", Cond{}, false},
	}
	for _, tt := range tests {
		got, ok := Split(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("Split(%q) = %#v, %v; want %#v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParse(t *testing.T) {
	got, ignored, err := Parse([]string{" LASTNAME==mUIT ", "a=b", "", "=", "~", "!", "ANumber>=-1", "x<>y", " city ", "a<<b"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []Cond{{"LASTNAME", OpEq, "mUIT"}, {"ANumber", OpGe, "-1"}, {"x", OpNe2, "y"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse = %#v; want %#v", got, want)
	}
	wantIgnored := []Ignored{{"a=b", UnknownOperator}, {"", NoOperator}, {"=", NoOperator}, {"~", NoOperator},
		{"!", NoOperator}, {"city", NoOperator}, {"a<<b", UnknownOperator}}
	if !reflect.DeepEqual(ignored, wantIgnored) {
		t.Fatalf("ignored = %#v; want %#v", ignored, wantIgnored)
	}
	if got, ignored, err := Parse(nil, 3); err != nil || got != nil || ignored != nil {
		t.Fatalf("Parse(nil) = %v, %v, %v", got, ignored, err)
	}
	// max counts usable conditions only
	if got, _, err := Parse([]string{"a==1", "junk", "b==2", "=", "c==3"}, 3); err != nil || len(got) != 3 {
		t.Fatalf("Parse at max = %v, %v", got, err)
	}
	if _, _, err := Parse([]string{"a==1", "b==2", "c==3", "d==4"}, 3); !errors.Is(err, ErrTooMany) {
		t.Fatalf("Parse beyond max: err = %v", err)
	}
	if kopernik.ErrorCode(ErrTooMany) != kopernik.EINVALID {
		t.Fatal("ErrTooMany must be EINVALID")
	}
	if got, _, err := Parse([]string{"a==1", "b==2", "c==3", "d==4"}, 0); err != nil || len(got) != 4 {
		t.Fatalf("Parse without max = %v, %v", got, err)
	}
	if _, _, err := Parse([]string{"a==" + strings.Repeat("x", MaxLen)}, 0); !errors.Is(err, ErrTooLong) {
		t.Fatalf("Parse of a long element: err = %v", err)
	}
}

// TestIgnoredMessage: a strict refusal names the condition and why.
func TestIgnoredMessage(t *testing.T) {
	for _, c := range []struct {
		in   Ignored
		want string
	}{
		{Ignored{"cty==Delft", UnknownField}, "Unknown field in URL parameter fields: cty==Delft"},
		{Ignored{"city=Delft", UnknownOperator}, "Unknown operator in URL parameter fields: city=Delft"},
		{Ignored{"Delft", NoOperator}, "Invalid condition in URL parameter fields: Delft"},
	} {
		if got := c.in.Message(); got != c.want {
			t.Errorf("%+v: %q; want %q", c.in, got, c.want)
		}
	}
}

func TestPattern(t *testing.T) {
	tests := []struct{ in, like, glob string }{
		{"Mu%", "Mu%", "Mu*"},
		{"M_it", "M_it", "M?it"},
		{`100\%`, `100\%`, "100%"},
		{`a\_b`, `a\_b`, "a_b"},
		{`a\\b`, `a\\b`, `a\b`},
		{`C:\temp`, `C:\\temp`, `C:\temp`},
		{`end\`, `end\\`, `end\`},
		{"%%x%%", "%x%", "*x*"},
		{"a*b?c[d]", "a*b?c[d]", "a[*]b[?]c[[]d]"},
		{"", "", ""},
	}
	for _, tt := range tests {
		p := ParsePattern(tt.in)
		if got := p.Like(); got != tt.like {
			t.Errorf("ParsePattern(%q).Like() = %q; want %q", tt.in, got, tt.like)
		}
		if got := p.Glob(); got != tt.glob {
			t.Errorf("ParsePattern(%q).Glob() = %q; want %q", tt.in, got, tt.glob)
		}
	}
}

func TestPHPNumbers(t *testing.T) {
	ints := map[string]int64{
		"": 0, "abc": 0, "   3 ": 3, "true": 0, "-2": -2, "2.99": 2, "-2.99": -2, "12abc": 12,
		"1e3": 1000, "+7": 7, "0x1A": 0, ".5": 0, "9223372036854775807": 9223372036854775807,
		"99999999999999999999": 9223372036854775807, "-99999999999999999999": -9223372036854775808,
		"1e999": 0, " \t\n\v\f5": 5, "5.": 5, "-": 0, ".": 0, "1e": 1, "1e+": 1,
	}
	for in, want := range ints {
		if got := values.Int(in); got != want {
			t.Errorf("values.Int(%q) = %d; want %d", in, got, want)
		}
	}
	floats := map[string]float64{
		"": 0, "value": 0, " 2.99  ": 2.99, "true": 0, "-2": -2, "1e3": 1000, ".5": 0.5, "INF": 0, "NAN": 0,
		"1e999": 1.7976931348623157e308, "-1e999": -1.7976931348623157e308,
	}
	for in, want := range floats {
		if got := floatArg(in); got != want {
			t.Errorf("floatArg(%q) = %v; want %v", in, got, want)
		}
	}
}
