package reqdata

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func mustQuery(t *testing.T, raw string) *Query {
	t.Helper()
	q, err := ParseQuery(raw, 0)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", raw, err)
	}
	return q
}

func TestQueryScalar(t *testing.T) {
	tests := []struct {
		raw, name   string
		value       string
		isArray, ok bool
		comment     string
	}{
		{"a=1", "a", "1", false, true, "plain"},
		{"a=1&a=2", "a", "2", false, true, "repeated scalar: last wins"},
		{"a=x;b=y", "a", "x;b=y", false, true, "';' is data"},
		{"a=x;b=y", "b", "", false, false, "';' does not start a pair"},
		{"a=b+c%20d", "a", "b c d", false, true, "'+' and %20 are spaces"},
		{"a=%41%zz%4", "a", "A%zz%4", false, true, "malformed escapes kept raw"},
		{"a=%", "a", "%", false, true, "lone percent"},
		{"a=%FF", "a", "\xff", false, true, "bytes are not refused in a query"},
		{"a=%00", "a", "\x00", false, true, "NUL in a value is data"},
		{"a=1=2", "a", "1=2", false, true, "only the first '=' splits"},
		{"a", "a", "", false, true, "no '=' is an empty value"},
		{"a=", "a", "", false, true, "empty value"},
		{"&&a=1&&", "a", "1", false, true, "empty pairs skipped"},
		{"=x", "", "", false, false, "empty name ignored"},
		{"LIMIT=5", "limit", "", false, false, "names are case-sensitive (B13)"},
		{"LIMIT=5", "LIMIT", "5", false, true, "names are case-sensitive (B13)"},
		{"a=1&a[]=2", "a", "", true, true, "bracket form replaces scalar"},
		{"a[]=1&a=2", "a", "2", false, true, "scalar replaces bracket form"},
		{"a[b][c]=1", "a", "", true, true, "nested brackets are array-valued"},
		{"a.b=1", "a_b", "1", false, true, "PHP renames '.' to '_'"},
		{"a b=1", "a_b", "1", false, true, "PHP renames ' ' to '_'"},
		{"+a=1", "a", "1", false, true, "leading spaces dropped"},
		{"a[b=1", "a_b", "1", false, true, "unclosed '[' is part of the name"},
		{"a[b.c[d=1", "a_b_c_d", "1", false, true, "unclosed '[': rest renamed"},
		{"a%00b=1", "a", "1", false, true, "name ends at NUL, as in PHP"},
		{"%5Bx%5D=1", "", "", false, false, "no base name: ignored"},
	}
	for _, tt := range tests {
		q := mustQuery(t, tt.raw)
		v, isArray, ok := q.Scalar(tt.name)
		if v != tt.value || isArray != tt.isArray || ok != tt.ok {
			t.Errorf("%s: %q Scalar(%q) = %q, %v, %v; want %q, %v, %v",
				tt.comment, tt.raw, tt.name, v, isArray, ok, tt.value, tt.isArray, tt.ok)
		}
		if q.Has(tt.name) != tt.ok {
			t.Errorf("%s: %q Has(%q) = %v", tt.comment, tt.raw, tt.name, !tt.ok)
		}
	}
}

func TestQueryList(t *testing.T) {
	tests := []struct {
		raw  string
		want []string // nil: not a list
	}{
		{"fields[]=a&fields[]=b", []string{"a", "b"}},
		{"fields[0]=a&fields[1]=b", []string{"a", "b"}},
		{"fields%5B0%5D=a&fields%5B1%5D=b", []string{"a", "b"}},
		{"fields%5b0%5d=a", []string{"a"}},
		{"fields%5B%5D=a&fields[]=b", []string{"a", "b"}},
		{"fields[x]=a&fields[y]=b", []string{"a", "b"}},
		{"fields[1]=b&fields[0]=a", []string{"b", "a"}},
		{"fields[]=a&fields[5]=b&fields[]=c", []string{"a", "b", "c"}},
		{"fields[0]=a&fields[0]=b", []string{"b"}},
		{"fields[0]=a&other=1&fields[1]=b", []string{"a", "b"}},
		{"fields[]=name==foo", []string{"name==foo"}},
		{"fields[]=name%3D%3Dfoo&fields[]=x%3C5", []string{"name==foo", "x<5"}},
		{"fields[]=a;b", []string{"a;b"}},
		{"fields[]=a+b", []string{"a b"}},
		{"fields[]=", []string{""}},
		{"fields[]", []string{""}},
		{"fields[0][x]=a&fields[1]=b", []string{"b"}},
		{"fields[a][b]=1", []string{}},
		{"fields=a", nil},
		{"fields[]=a&fields=b", nil},
		{"FIELDS[]=a", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got, ok := mustQuery(t, tt.raw).List("fields")
		if ok != (tt.want != nil) || !slices.Equal(got, tt.want) {
			t.Errorf("%q List(fields) = %q, %v; want %q", tt.raw, got, ok, tt.want)
		}
	}
}

// The boolean table of conventions §4.1 and B22.
func TestQueryBool(t *testing.T) {
	trues := []string{
		"total=true", "total=TRue", "total=trUE", "total=TRUE", "total=yes", "total=YES", "total=yEs",
		"total=1", "total=2", "total=-1", "total=1.5", "total=-1.5", "total=+1", "total=1e0",
		"total=%201", "total=1%20", "total=100000000000000000000000",
		"total[]=x", "total[0]=x", "total[]=0", "total[x][y]=false", "total%5B%5D=",
	}
	falses := []string{
		"total=0", "total=0.5", "total=-0.5", "total=.5", "total=false", "total=no", "total=on",
		"total=", "total", "total=%20true", "total=true%20", "total=thisisfalse", "total=abc",
		"total=1abc", "total=0x1", "total=ye%C5%BF", "total=t", "total=yes!", "total=1e",
		"total=1&total=0", "total[]=1&total=0",
	}
	for _, raw := range trues {
		if !mustQuery(t, raw).Bool("total", false) {
			t.Errorf("%q: Bool(total) = false, want true", raw)
		}
	}
	for _, raw := range falses {
		if mustQuery(t, raw).Bool("total", true) {
			t.Errorf("%q: Bool(total) = true, want false", raw)
		}
	}
	for _, def := range []bool{false, true} {
		if got := mustQuery(t, "TOTAL=1&other=0").Bool("total", def); got != def {
			t.Errorf("absent total: Bool = %v, want default %v", got, def)
		}
	}
}

// The integer rules of conventions §4.1 and B23.
func TestQueryInt(t *testing.T) {
	tests := []struct {
		raw  string
		want int64
	}{
		{"limit=5", 5},
		{"limit=2x", 2},
		{"limit=abc", 0},
		{"limit=", 0},
		{"limit", 0},
		{"limit=true", 0},
		{"limit=%20%2012", 12},
		{"limit=%0912", 12},
		{"limit=%0B12", 12},
		{"limit=+5", 5},
		{"limit=-3", -3},
		{"limit=%20-3abc", -3},
		{"limit=007", 7},
		{"limit=5%20", 5},
		{"limit=1.9", 1},
		{"limit=-1.9", -1},
		{"limit=1e3", 1000},
		{"limit=.5", 0},
		{"limit=0x1A", 0},
		{"limit=--1", 0},
		{"limit=9223372036854775807", math.MaxInt64},
		{"limit=9999999999999999999", math.MaxInt64},
		{"limit=-9999999999999999999", math.MinInt64},
		{"limit=1e999", 0},
		{"limit[]=x", 1},
		{"limit[]=0", 1},
		{"limit[a][b]=7", 1},
		{"limit=1&limit=9", 9},
	}
	for _, tt := range tests {
		if got := mustQuery(t, tt.raw).Int("limit", 100); got != tt.want {
			t.Errorf("%q: Int(limit) = %d, want %d", tt.raw, got, tt.want)
		}
	}
	if got := mustQuery(t, "LIMIT=5").Int("limit", 100); got != 100 {
		t.Errorf("absent limit: Int = %d, want default 100", got)
	}
}

// B13: parameters in the wrong case change nothing.
func TestQueryNamesCaseSensitive(t *testing.T) {
	q := mustQuery(t, "FIELds[]=x%3D%3Dy&LIMIT=5&starT=3&TOTAL=1")
	if _, ok := q.List("fields"); ok {
		t.Error("FIELds taken for fields")
	}
	if q.Int("limit", 100) != 100 || q.Int("start", 0) != 0 || q.Bool("total", false) {
		t.Error("a parameter in the wrong case was read")
	}
}

func TestQueryStructure(t *testing.T) {
	q := mustQuery(t, "b=1&a[x][y]=2&a[x][z][]=3&c[]=4&b=5&d[]=6&d[]=7")
	if got, want := encode(q.Map()), `{"b":"5","a":{"x":{"y":"2","z":["3"]}},"c":["4"],"d":["6","7"]}`; got != want {
		t.Errorf("Map() = %s, want %s", got, want)
	}
	if got := q.Names(); !slices.Equal(got, []string{"b", "a", "c", "d"}) {
		t.Errorf("Names() = %q", got)
	}
	v, ok := q.Get("a")
	if !ok || encode(v) != `{"x":{"y":"2","z":["3"]}}` {
		t.Errorf("Get(a) = %s, %v", encode(v), ok)
	}
}

func TestQueryRawAndSize(t *testing.T) {
	raw := "access_token=abc&fields%5B0%5D=a%3D%3Db;c"
	q := mustQuery(t, raw)
	if q.Raw() != raw {
		t.Errorf("Raw() = %q, want %q", q.Raw(), raw)
	}
	if _, err := ParseQuery(strings.Repeat("a", 10), 10); err != nil {
		t.Errorf("query at the limit: %v", err)
	}
	if _, err := ParseQuery(strings.Repeat("a", 11), 10); !errors.Is(err, ErrTooLarge) {
		t.Errorf("query over the limit: err = %v, want ErrTooLarge", err)
	}
	if _, err := ParseQuery(strings.Repeat("a=1&", 1<<16), 0); err != nil {
		t.Errorf("maxBytes 0 should not limit: %v", err)
	}
}

func TestNilQuery(t *testing.T) {
	var q *Query
	if q.Has("a") || q.Raw() != "" || q.Bool("a", true) != true || q.Int("a", 3) != 3 || q.Map().Len() != 0 {
		t.Error("nil Query does not behave as empty")
	}
}
