package reqdata

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The seeds run in every plain `go test`.
func FuzzParseQuery(f *testing.F) {
	for _, seed := range []string{
		"", "a=1", "fields[]=a&fields[]=b", "fields%5B0%5D=a%3D%3Db", "total=TRue&limit=2x&start=-1.5",
		"a[b][c]=1&a[b]=2", "a[=1", "a[b=1&a]=2", "%", "%%41%4", "a=;b;c", "+.+[]=x", "a%00[b]=1",
		"a[]=1&a[]=2&a[9223372036854775807]=3&a[]=4", strings.Repeat("a[", 70) + "=1", "\xff=\xfe",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := ParseQuery(raw, 0)
		if err != nil {
			t.Fatal(err)
		}
		if q.Raw() != raw {
			t.Fatalf("Raw() = %q", q.Raw())
		}
		if err := checkKinds(q.Map()); err != nil {
			t.Fatal(err)
		}
		for _, name := range append(q.Names(), "fields", "a", "") {
			v, isArray, ok := q.Scalar(name)
			list, isList := q.List(name)
			if ok != q.Has(name) || isList != isArray || (isArray && v != "") {
				t.Fatalf("%q: Scalar = %q, %v, %v; List = %q, %v", name, v, isArray, ok, list, isList)
			}
			if isArray && !q.Bool(name, false) {
				t.Fatalf("%q: bracket form read as false", name)
			}
			_ = q.Int(name, 0)
		}
		if _, err := ParseQuery(raw, len(raw)+1); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzDecodeBody(f *testing.F) {
	for _, seed := range []struct{ contentType, body string }{
		{"application/json", `{"fields":{"Email":"a@b.nl","email":""},"interests":["a","b"]}`},
		{"application/json", `[]`},
		{"application/json", `{"big":1e400,"small":-1e999}`},
		{"application/json", `{"i":9223372036854775808,"f":-0.0,"e":1E-7,"s":"\ud83d\ude00\u0000"}`},
		{"application/json", `[[[[[[[[[[{"a":[null,true,false]}]]]]]]]]]]`},
		{"application/json", `{"a":1,"a":{"b":2},"c":"\"\\\/\b\f\n\r\t"}`},
		{"application/json", "{\"a\":\"\xff\"}"},
		{"", " {\"a\":1}"},
		{"", "fields[email]=a%40b.nl&interests[]=x&options[views]=1"},
		{"application/x-www-form-urlencoded; charset=utf-8", "a[][x]=1&a[][x]=2&a=%zz;b"},
		{"text/plain", "0=a&1=b&[x]=y"},
		{"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a[]\"\r\n\r\nv\r\n--x--\r\n"},
		{"multipart/form-data", "--x\r\n"},
	} {
		f.Add(seed.contentType, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		v, err := DecodeBody(contentType, bytes.NewReader(body), 1<<20)
		if err == nil {
			if err := checkKinds(v); err != nil {
				t.Fatal(err)
			}
		}

		// Every JSON document we accept is valid JSON, and what we decode
		// survives a round trip unchanged (kinds, order, values).
		j, err := decodeJSON(body)
		if err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		if err := checkKinds(j); err != nil {
			t.Fatal(err)
		}
		again, err := decodeJSON([]byte(encode(j)))
		if err != nil {
			t.Fatalf("re-decoding %s: %v", encode(j), err)
		}
		if !reflect.DeepEqual(j, again) {
			t.Fatalf("round trip changed %s into %s", encode(j), encode(again))
		}
	})
}
