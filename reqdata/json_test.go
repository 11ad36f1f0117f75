package reqdata

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
)

func decodeJSONBody(t *testing.T, body string) (any, error) {
	t.Helper()
	return DecodeBody("application/json", strings.NewReader(body), 0)
}

func TestJSONKinds(t *testing.T) {
	v, err := decodeJSONBody(t, `{"s":"x","i":1,"neg":-7,"z":-0,"f":2.99,"e":1e2,"one":1.0,
		"b":true,"no":false,"nul":null,"a":[1,"2",2.5,[]],"o":{"k":{}}}`)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(*kopernik.Map)
	want := map[string]any{
		"s": "x", "i": int64(1), "neg": int64(-7), "z": int64(0), "f": 2.99, "e": 100.0, "one": 1.0,
		"b": true, "no": false, "nul": nil,
	}
	for k, w := range want {
		got, ok := m.Get(k)
		if !ok || got != w {
			t.Errorf("%s = %#v (%T), want %#v (%T)", k, got, got, w, w)
		}
	}
	if got := encode(m); got != `{"s":"x","i":1,"neg":-7,"z":0,"f":2.99,"e":100.0,"one":1.0,`+
		`"b":true,"no":false,"nul":null,"a":[1,"2",2.5,[]],"o":{"k":{}}}` {
		t.Errorf("order or nesting lost: %s", got)
	}
}

// Integers that fit int64 stay integers; all others become floats, like
// json_decode.
func TestJSONBigNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"9223372036854775807", int64(math.MaxInt64)},
		{"-9223372036854775808", int64(math.MinInt64)},
		{"9223372036854775808", 9223372036854775808.0},
		{"-9223372036854775809", -9223372036854775809.0},
		{"123456789012345678901234567890", 1.2345678901234568e29},
		{"1e308", 1e308},
		{"1e-400", 0.0},
		{"5e-324", 5e-324},
	}
	for _, tt := range tests {
		v, err := decodeJSONBody(t, `[`+tt.in+`]`)
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if got := v.([]any)[0]; got != tt.want {
			t.Errorf("%s = %#v (%T), want %#v (%T)", tt.in, got, got, tt.want, tt.want)
		}
	}
}

// Later duplicates win and keep the first position (kopernik.Map.Set), B17.
func TestJSONDuplicateKeys(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":1,"b":2,"a":3}`, `{"a":3,"b":2}`},
		{`{"Email":"rm@wyz.biz","email":""}`, `{"Email":"rm@wyz.biz","email":""}`},
		{`{"laSTNAme":"Muiii","laSTNAme":"Muit"}`, `{"laSTNAme":"Muit"}`},
		{`{"a":{"x":1},"a":"y"}`, `{"a":"y"}`},
	}
	for _, tt := range tests {
		v, err := decodeJSONBody(t, tt.in)
		if err != nil || encode(v) != tt.want {
			t.Errorf("%s = %s, %v; want %s", tt.in, encode(v), err, tt.want)
		}
	}
	// Past the index threshold the same must hold.
	var in, want strings.Builder
	in.WriteString("{")
	want.WriteString("{")
	for i := range 20 {
		fmt.Fprintf(&in, `"k%d":%d,`, i, i)
		if i > 0 {
			want.WriteString(",")
		}
		if i == 3 {
			fmt.Fprintf(&want, `"k3":"last"`)
		} else {
			fmt.Fprintf(&want, `"k%d":%d`, i, i)
		}
	}
	in.WriteString(`"k3":"last"}`)
	want.WriteString("}")
	v, err := decodeJSONBody(t, in.String())
	if err != nil || encode(v) != want.String() {
		t.Errorf("many keys: %s, %v; want %s", encode(v), err, want.String())
	}
}

func TestJSONStrings(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"plain"`, "plain"},
		{`"Zoë 😀"`, "Zoë 😀"},
		{`"\u00e9\ud83d\ude00\n\t\r\b\f\/\"\\"`, "é😀\n\t\r\b\f/\"\\"},
		{`"a\u0000b"`, "a\x00b"},
		{`"\uFFFF"`, "\uffff"},
		{`"x\\"`, `x\`},
	}
	for _, tt := range tests {
		v, err := decodeJSONBody(t, `[`+tt.in+`]`)
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if got := v.([]any)[0]; got != tt.want {
			t.Errorf("%s = %q, want %q", tt.in, got, tt.want)
		}
	}
	if v, err := decodeJSONBody(t, `{"\u0000k":1}`); err != nil || encode(v) != `{"\u0000k":1}` {
		t.Errorf("NUL in key: %s, %v", encode(v), err)
	}
}

func TestJSONInvalid(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	bad := []string{
		`{"a":1}x`, `{"a":1} {}`, `{} []`, `{"a":}`, `{'a':1}`, `{a:1}`, `{"a":1,}`, `[1,]`, `[,1]`,
		`{"a" 1}`, `{"a":1 "b":2}`, `[1 2]`, `{"a":1]`, `[1}`, `{`, `[`, `{"a"`, `{"a":`, `{"a":"x`,
		`{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":+1}`, `{"a":-}`, `{"a":1e}`, `{"a":1e+}`, `{"a":0x1}`,
		`{"a":NaN}`, `{"a":Infinity}`, `{"a":-Infinity}`, `{"a":tru}`, `{"a":nul}`, `{"a":True}`,
		`{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"\u12G4"}`, `{"a":"\ud800"}`, `{"a":"\udc00"}`,
		`{"a":"\ud800\u0041"}`, `{"a":"\ud800\ud800"}`, `{"a":"\ud800x"}`, `{"a":"\`,
		"{\"a\":\"tab\there\"}", "{\"a\":\"nl\nhere\"}",
		"{\"a\":\"\xff\"}", "{\"a\":1}\xff", "{\"\xc3\":1}", "\xef\xbb\xbf{}",
		`"x"`, `1`, `true`, `null`,
		deep(MaxDepth + 1), `{"a":` + deep(MaxDepth) + `}`,
	}
	for _, in := range bad {
		if v, err := decodeJSONBody(t, in); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: %s, err = %v; want ErrInvalid", in, encode(v), err)
		}
	}
	if _, err := decodeJSONBody(t, deep(MaxDepth)); err != nil {
		t.Errorf("depth %d: %v", MaxDepth, err)
	}
}

// TestHugeNumbersBecomeInfinity: B30 — no value is refused; PHP reads a number
// beyond float64 as INF.
func TestHugeNumbersBecomeInfinity(t *testing.T) {
	v, err := DecodeBody("application/json", strings.NewReader(`{"a":1e400,"b":-1e400}`), 0)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(*kopernik.Map)
	a, _ := m.Get("a")
	b, _ := m.Get("b")
	if !math.IsInf(a.(float64), 1) || !math.IsInf(b.(float64), -1) {
		t.Fatalf("got %v %v", a, b)
	}
}
