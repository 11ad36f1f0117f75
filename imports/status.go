package imports

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/kopernik/kopernik"
)

// Status is the document of GET import/{id} (§3.25). It marshals with the
// keys in the order of the spec's example.
type Status struct{ im *kopernik.Import }

// StatusOf wraps an import for output.
func StatusOf(im *kopernik.Import) Status { return Status{im} }

// MarshalJSON writes counters as strings, both spellings of the processed
// counter with one value (O26), and false for lastrun, nextrun and
// lasterror when they do not apply.
func (s Status) MarshalJSON() ([]byte, error) {
	im := s.im
	var b bytes.Buffer
	b.WriteByte('{')
	field := func(k string, v any) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		str(&b, k)
		b.WriteByte(':')
		switch x := v.(type) {
		case string:
			str(&b, x)
		case bool:
			b.WriteString(strconv.FormatBool(x))
		}
	}
	orFalse := func(s string) any {
		if s == "" {
			return false
		}
		return s
	}
	processed := strconv.FormatInt(im.ProcessedLines, 10)
	field("ID", strconv.FormatInt(im.ID, 10))
	field("name", im.Name)
	field("type", string(im.Action))
	field("status", string(im.Status))
	field("totallines", strconv.FormatInt(im.TotalLines, 10))
	field("processedlines", processed)
	field("processedLines", processed)
	field("lastrun", orFalse(im.LastRun))
	field("nextrun", orFalse(im.NextRun))
	field("lasterror", orFalse(im.LastError))
	b.WriteByte('}')
	return b.Bytes(), nil
}

// str writes a JSON string without HTML escaping, as the API's other
// answers do.
func str(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)           // a string always encodes
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}
