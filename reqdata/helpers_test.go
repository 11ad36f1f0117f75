package reqdata

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// encode writes a decoded value as JSON with object order kept, and with
// every float carrying a '.' or exponent so that decoding it again gives a
// float: expected values in tables and the fuzz round trip both rely on it.
func encode(v any) string {
	var b strings.Builder
	encodeTo(&b, v)
	return b.String()
}

func encodeTo(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		if math.IsInf(v, 0) { // decoded from a number beyond float64
			if v < 0 {
				b.WriteByte('-')
			}
			b.WriteString("1e999")
			return
		}
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		b.WriteString(s)
	case string:
		q, _ := json.Marshal(v)
		b.Write(q)
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			encodeTo(b, e)
		}
		b.WriteByte(']')
	case *kopernik.Map:
		b.WriteByte('{')
		for i, k := range v.Keys {
			if i > 0 {
				b.WriteByte(',')
			}
			encodeTo(b, k)
			b.WriteByte(':')
			encodeTo(b, v.Values[i])
		}
		b.WriteByte('}')
	default:
		fmt.Fprintf(b, "<unexpected %T>", v)
	}
}

// checkKinds reports a value outside the kinds kopernik.Map allows, or a
// map with a repeated key (Map.Set semantics promise unique keys).
func checkKinds(v any) error {
	switch v := v.(type) {
	case nil, bool, int64, float64, string:
		return nil
	case []any:
		for _, e := range v {
			if err := checkKinds(e); err != nil {
				return err
			}
		}
		return nil
	case *kopernik.Map:
		if v == nil {
			return fmt.Errorf("nil *Map")
		}
		if len(v.Keys) != len(v.Values) {
			return fmt.Errorf("map with %d keys and %d values", len(v.Keys), len(v.Values))
		}
		seen := map[string]bool{}
		for i, k := range v.Keys {
			if seen[k] {
				return fmt.Errorf("repeated key %q", k)
			}
			seen[k] = true
			if err := checkKinds(v.Values[i]); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unexpected kind %T", v)
}
