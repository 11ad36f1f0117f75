package reqdata

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/kopernik/kopernik"
)

// DecodeBody parses a POST or PUT body (conventions §4.2). The parser follows
// the media type of contentType, parameters such as charset ignored:
// application/json, application/x-www-form-urlencoded, multipart/form-data.
// Any other or a missing type is sniffed: a first non-blank '{' or '[' means
// JSON, anything else a form.
//
// The root is a *kopernik.Map, or a []any for a JSON array, which is never
// nil, so an empty [] can be told apart and read as an empty object; whether
// a non-empty list is acceptable is the route's decision. A JSON scalar root
// is ErrInvalid: no route takes one. A body that is empty or only blanks is
// an empty map whatever its type says (the official client sends nothing
// when it has no data).
//
// Malformed JSON, invalid UTF-8 (after percent-decoding, for forms) or bad
// multipart framing give ErrInvalid; a body longer than maxBytes gives
// ErrTooLarge. maxBytes <= 0 means no limit.
func DecodeBody(contentType string, body io.Reader, maxBytes int64) (any, error) {
	data, err := readLimited(body, maxBytes)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimLeft(data, " \t\r\n")) == 0 {
		return &kopernik.Map{}, nil
	}
	switch mediaType(contentType) {
	case "application/json":
		return decodeJSONRoot(data)
	case "application/x-www-form-urlencoded":
		return decodeForm(data)
	case "multipart/form-data":
		return decodeMultipart(contentType, data)
	}
	if looksLikeJSON(data) {
		return decodeJSONRoot(data)
	}
	return decodeForm(data)
}

// readLimited reads one byte beyond the limit to tell "exactly at the limit"
// from "over it" without trusting Content-Length.
func readLimited(body io.Reader, maxBytes int64) ([]byte, error) {
	if body == nil {
		return nil, nil
	}
	r := body
	if maxBytes > 0 && maxBytes < math.MaxInt64 {
		r = io.LimitReader(body, maxBytes+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		// The caller may have put http.MaxBytesReader in front; its limit
		// means the same to the client as ours.
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, ErrTooLarge
		}
		return nil, fmt.Errorf("reqdata: reading body: %w", err)
	}
	if maxBytes > 0 && int64(len(data)) > maxBytes {
		return nil, ErrTooLarge
	}
	return data, nil
}

// mediaType keeps only the lower-cased type/subtype. It does not use
// mime.ParseMediaType, which rejects the whole header over one malformed
// parameter that we would ignore anyway.
func mediaType(contentType string) string {
	t, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

func looksLikeJSON(data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
}

func decodeJSONRoot(data []byte) (any, error) {
	v, err := decodeJSON(data)
	if err != nil {
		return nil, err
	}
	switch v.(type) {
	case *kopernik.Map, []any:
		return v, nil
	}
	return nil, fmt.Errorf("%w: JSON root is neither object nor array", ErrInvalid)
}

func decodeForm(data []byte) (any, error) {
	root := &object{}
	if err := parseForm(root, string(data), true); err != nil {
		return nil, err
	}
	return root.formMap(), nil
}

// decodeMultipart reads the form fields of a multipart body with the same
// name rules as a urlencoded form. File parts are skipped: PHP puts them in
// $_FILES, never among the fields, and no Copernica route takes a file.
// Parts are read raw: PHP ignores Content-Transfer-Encoding as well.
func decodeMultipart(contentType string, data []byte) (any, error) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return nil, fmt.Errorf("%w: multipart body without boundary", ErrInvalid)
	}
	root := &object{}
	mr := multipart.NewReader(bytes.NewReader(data), params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		name := part.FormName()
		if name == "" || isFilePart(part) {
			continue
		}
		value, err := io.ReadAll(part)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		if !utf8.ValidString(name) || !utf8.Valid(value) {
			return nil, fmt.Errorf("%w: multipart field is not UTF-8", ErrInvalid)
		}
		register(root, name, string(value))
	}
	return root.formMap(), nil
}

// isFilePart looks for the filename parameter itself: Part.FileName reports
// an empty filename="" as no file, while PHP still treats it as an upload.
func isFilePart(part *multipart.Part) bool {
	_, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	if err != nil {
		return false
	}
	_, ok := params["filename"]
	return ok
}
