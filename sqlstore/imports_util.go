package sqlstore

import (
	"encoding/json"
	"errors"
	"io"
)

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}

func jsonUnmarshal(doc string, v any) error {
	if doc == "" {
		return nil
	}
	return json.Unmarshal([]byte(doc), v)
}

func isEOF(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

func ioReadFull(r io.Reader, buf []byte) (int, error) { return io.ReadFull(r, buf) }
