package reqdata

import (
	"strconv"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// Bool coerces a body value (conventions §4.2): JSON booleans as they are,
// numbers true when non-zero, strings by the §4.1 table, lists and maps true
// when non-empty (PHP's (bool) of an array), nil false.
//
// Note the asymmetry the spec asks for: the JSON number 0.5 is true, the
// string "0.5" is false.
func Bool(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case int64:
		return v != 0
	case float64:
		return v != 0
	case string:
		return stringIsTrue(v)
	case []any:
		return len(v) > 0
	case *kopernik.Map:
		return v.Len() > 0
	}
	return false
}

// Int coerces a body value with PHP's (int): numbers lose their fraction,
// strings are read by their numeric prefix, true is 1, an array is 1 when it
// has an element (B26). ok is false for nil and unknown kinds, so callers can
// tell "not given" from 0.
func Int(v any) (int64, bool) {
	switch v := v.(type) {
	case int64, float64, string, bool, []any:
		return values.Int(v), true
	case *kopernik.Map:
		if v == nil {
			return 0, false
		}
		return values.Int(v), true
	}
	return 0, false
}

// String gives the text form of a scalar, as PHP's (string) would (B24):
// integers in decimal, floats as PHP prints them (2.99 → "2.99", 3.0 → "3",
// 1e25 → "1.0E+25"), true "1", false "". ok is false for nil, lists and maps,
// which have no text form worth storing.
func String(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return values.FormatFloat(v), true
	case bool:
		if v {
			return "1", true
		}
		return "", true
	}
	return "", false
}

// AsMap reads v where an object is expected. A list counts as a map keyed
// "0", "1", … because PHP does not tell the two apart: the official client
// sends [] for an empty map.
func AsMap(v any) (*kopernik.Map, bool) {
	switch v := v.(type) {
	case *kopernik.Map:
		return v, v != nil
	case []any:
		m := &kopernik.Map{Keys: make([]string, len(v)), Values: make([]any, len(v))}
		for i, e := range v {
			m.Keys[i] = strconv.Itoa(i)
			m.Values[i] = e
		}
		return m, true
	}
	return nil, false
}
