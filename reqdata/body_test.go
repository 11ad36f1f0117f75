package reqdata

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
)

func TestDecodeBodyContentType(t *testing.T) {
	tests := []struct {
		contentType, body, want string
	}{
		{"application/json", `{"a":1}`, `{"a":1}`},
		{"application/json; charset=utf-8", `{"a":1}`, `{"a":1}`},
		{"Application/JSON ;charset=\"bogus", `{"a":1}`, `{"a":1}`},
		{"application/x-www-form-urlencoded", "a=1", `{"a":"1"}`},
		{"application/x-www-form-urlencoded; charset=UTF-8", "a[]=1", `{"a":["1"]}`},
		{"application/x-www-form-urlencoded", `{"a":1}`, `{"{\"a\":1}":""}`},
		{"", `{"a":1}`, `{"a":1}`},
		{"", " \r\n\t[1]", `[1]`},
		{"", "a=1", `{"a":"1"}`},
		{"text/plain", `{"a":1}`, `{"a":1}`},
		{"text/plain", "a=1&b[c]=2", `{"a":"1","b":{"c":"2"}}`},
		{"application/vnd.api+json", `["x"]`, `["x"]`},
		{"garbage;;;", "a=1", `{"a":"1"}`},
	}
	for _, tt := range tests {
		v, err := DecodeBody(tt.contentType, strings.NewReader(tt.body), 0)
		if err != nil || encode(v) != tt.want {
			t.Errorf("%q %q = %s, %v; want %s", tt.contentType, tt.body, encode(v), err, tt.want)
		}
	}
	// Declared JSON is not sniffed: a form body under it is malformed JSON (O23).
	if _, err := DecodeBody("application/json", strings.NewReader("a=1"), 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("form under application/json: err = %v, want ErrInvalid", err)
	}
}

func TestDecodeBodyEmpty(t *testing.T) {
	for _, ct := range []string{"", "application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain"} {
		for _, body := range []io.Reader{nil, strings.NewReader(""), strings.NewReader(" \r\n\t")} {
			v, err := DecodeBody(ct, body, 10)
			m, ok := v.(*kopernik.Map)
			if err != nil || !ok || m.Len() != 0 {
				t.Errorf("%q empty body = %#v, %v; want an empty map", ct, v, err)
			}
		}
	}
}

// The official client sends [] for an empty map; it must come back as an
// empty, non-nil list so callers can tell it from a missing body.
func TestDecodeBodyArrayRoot(t *testing.T) {
	v, err := DecodeBody("application/json", strings.NewReader(" [ ] "), 0)
	list, ok := v.([]any)
	if err != nil || !ok || list == nil || len(list) != 0 {
		t.Errorf("[] = %#v, %v; want empty non-nil []any", v, err)
	}
	if m, ok := AsMap(v); !ok || m.Len() != 0 {
		t.Errorf("AsMap([]) = %v, %v", m, ok)
	}
	v, err = DecodeBody("", strings.NewReader(`["a","b"]`), 0)
	if err != nil || encode(v) != `["a","b"]` {
		t.Errorf(`["a","b"] = %s, %v`, encode(v), err)
	}
}

func TestDecodeBodySize(t *testing.T) {
	body := `{"a":"` + strings.Repeat("x", 100) + `"}`
	n := int64(len(body))
	if _, err := DecodeBody("application/json", strings.NewReader(body), n); err != nil {
		t.Errorf("body at the limit: %v", err)
	}
	if _, err := DecodeBody("application/json", strings.NewReader(body), n-1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("body over the limit: err = %v, want ErrTooLarge", err)
	}
	if _, err := DecodeBody("", strings.NewReader("a=1&b=2"), 3); !errors.Is(err, ErrTooLarge) {
		t.Errorf("form over the limit: err = %v, want ErrTooLarge", err)
	}
	if _, err := DecodeBody("application/json", strings.NewReader(body), 0); err != nil {
		t.Errorf("maxBytes 0 should not limit: %v", err)
	}
	limited := http.MaxBytesReader(httptest.NewRecorder(), io.NopCloser(strings.NewReader(body)), 10)
	if _, err := DecodeBody("application/json", limited, 0); !errors.Is(err, ErrTooLarge) {
		t.Errorf("http.MaxBytesReader: err = %v, want ErrTooLarge", err)
	}
	broken := io.MultiReader(strings.NewReader("{"), iotestErrReader{})
	if _, err := DecodeBody("application/json", broken, 0); err == nil || errors.Is(err, ErrInvalid) || errors.Is(err, ErrTooLarge) {
		t.Errorf("read error: err = %v, want the read error", err)
	}
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

// The sentinels print the messages conventions §4.2 fixes, wrapped or not.
func TestErrorMessages(t *testing.T) {
	_, err := DecodeBody("application/json", strings.NewReader("{x"), 0)
	if got := kopernik.ErrorMessage(err); got != "Invalid data provided" {
		t.Errorf("message = %q", got)
	}
	if kopernik.ErrorCode(err) != kopernik.EINVALID {
		t.Errorf("code = %q", kopernik.ErrorCode(err))
	}
	if got := kopernik.ErrorMessage(ErrTooLarge); got != "Request too large" {
		t.Errorf("message = %q", got)
	}
}

func multipartBody(t *testing.T, build func(w *multipart.Writer)) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	build(w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), &buf
}

func TestDecodeBodyMultipart(t *testing.T) {
	ct, body := multipartBody(t, func(w *multipart.Writer) {
		w.WriteField("fields[email]", "a@b.nl")
		w.WriteField("interests[]", "football")
		w.WriteField("interests[]", "tennis")
		w.WriteField("options[views]", "1")
		fw, _ := w.CreateFormFile("upload", "x.bin")
		fw.Write([]byte{0xff, 0x00})
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="empty"; filename=""`)
		w.CreatePart(h)
		w.WriteField("note", "line1\r\nline2;x=y")
		w.WriteField("note", "last wins")
	})
	v, err := DecodeBody(ct, body, 0)
	want := `{"fields":{"email":"a@b.nl"},"interests":["football","tennis"],"options":{"views":"1"},"note":"last wins"}`
	if err != nil || encode(v) != want {
		t.Errorf("multipart = %s, %v; want %s", encode(v), err, want)
	}

	ct, body = multipartBody(t, func(w *multipart.Writer) { w.WriteField("a", "\xff") })
	if _, err := DecodeBody(ct, body, 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("multipart invalid UTF-8: err = %v, want ErrInvalid", err)
	}

	bad := []struct{ contentType, body string }{
		{"multipart/form-data", "--x\r\n\r\na\r\n--x--\r\n"},
		{"multipart/form-data; boundary=", "--x\r\n\r\na\r\n--x--\r\n"},
		{"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"},
		{"multipart/form-data; boundary=x", "--x\r\nbroken header\r\n\r\nv\r\n--x--\r\n"},
	}
	for _, tt := range bad {
		if v, err := DecodeBody(tt.contentType, strings.NewReader(tt.body), 0); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q %q = %s, err = %v; want ErrInvalid", tt.contentType, tt.body, encode(v), err)
		}
	}
}
