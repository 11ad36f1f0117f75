package reqdata

import (
	"errors"
	"strings"
	"testing"
)

// PHP bracket nesting in form bodies (conventions §4.2, profiles.md §1.3).
func TestDecodeFormNesting(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	tests := []struct{ body, want string }{
		{"fields[email]=a%40b.nl", `{"fields":{"email":"a@b.nl"}}`},
		{"fields%5Bemail%5D=a%40b.nl", `{"fields":{"email":"a@b.nl"}}`},
		{"interests[]=football&interests[]=tennis", `{"interests":["football","tennis"]}`},
		{"interests[a]=1&interests[b]=0", `{"interests":{"a":"1","b":"0"}}`},
		{"options[views]=1", `{"options":{"views":"1"}}`},
		{"fields[0]=a&fields[1]=b", `{"fields":["a","b"]}`},
		{"a[1]=x", `{"a":{"1":"x"}}`},
		{"a[1]=x&a[0]=y", `{"a":{"1":"x","0":"y"}}`},
		{"a[]=x&a[]=y&a[5]=z&a[]=w", `{"a":{"0":"x","1":"y","5":"z","6":"w"}}`},
		{"a[x]=1&a[]=2", `{"a":{"x":"1","0":"2"}}`},
		{"a[-5]=x&a[]=y", `{"a":{"-5":"x","0":"y"}}`},
		{"a[05]=x&a[]=y", `{"a":{"05":"x","0":"y"}}`},
		{"a[9223372036854775807]=x&a[]=y", `{"a":{"9223372036854775807":"x"}}`},
		{"a[][x]=1&a[][x]=2", `{"a":[{"x":"1"},{"x":"2"}]}`},
		{"a[b][c][]=1&a[b][d]=2", `{"a":{"b":{"c":["1"],"d":"2"}}}`},
		{"a=1&a[x]=2", `{"a":{"x":"2"}}`},
		{"a[x]=1&a=2", `{"a":"2"}`},
		{"a[x][y]=1&a[x]=2", `{"a":{"x":"2"}}`},
		{"a[x]=1&b=2&a[x]=3", `{"a":{"x":"3"},"b":"2"}`},
		{"a[x]junk=1", `{"a":{"x":"1"}}`},
		{"a[x][y=1", `{"a":{"x":"1"}}`},
		{"a[x=1", `{"a_x":"1"}`},
		{"0=a&1=b", `{"0":"a","1":"b"}`},
		{"a=x;y&b", `{"a":"x;y","b":""}`},
		{"a=%zz", `{"a":"%zz"}`},
		{"naam=Zo%C3%AB", `{"naam":"Zoë"}`},
		{"[x]=1&=2", `{}`},
	}
	for _, tt := range tests {
		v, err := DecodeBody(form, strings.NewReader(tt.body), 0)
		if err != nil {
			t.Errorf("%q: %v", tt.body, err)
			continue
		}
		if got := encode(v); got != tt.want {
			t.Errorf("%q = %s, want %s", tt.body, got, tt.want)
		}
		if err := checkKinds(v); err != nil {
			t.Errorf("%q: %v", tt.body, err)
		}
	}
}

func TestDecodeFormDepth(t *testing.T) {
	name := func(depth int) string { return "a" + strings.Repeat("[x]", depth) }
	v, err := DecodeBody("", strings.NewReader(name(maxFormDepth)+"=1&b=2"), 0)
	if err != nil || !strings.HasPrefix(encode(v), `{"a":{"x":`) {
		t.Errorf("depth %d: %s, %v", maxFormDepth, encode(v), err)
	}
	v, err = DecodeBody("", strings.NewReader(name(maxFormDepth+1)+"=1&b=2"), 0)
	if err != nil || encode(v) != `{"b":"2"}` {
		t.Errorf("depth %d: %s, %v; want the pair dropped", maxFormDepth+1, encode(v), err)
	}
}

func TestDecodeFormInvalidUTF8(t *testing.T) {
	for _, body := range []string{"a=%FF", "a=\xff", "%FF=1", "a[%C3]=1", "a=ok&b=%C3%28"} {
		if _, err := DecodeBody("application/x-www-form-urlencoded", strings.NewReader(body), 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: err = %v, want ErrInvalid", body, err)
		}
	}
}

// A large form must not be quadratic: the map index keeps this fast.
func TestDecodeFormManyKeys(t *testing.T) {
	var b strings.Builder
	for i := range 100000 {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString("f[k")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(string(rune('a' + i%26)))
		b.WriteString("]=1&g[]=2")
	}
	v, err := DecodeBody("", strings.NewReader(b.String()), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkKinds(v); err != nil {
		t.Fatal(err)
	}
}
