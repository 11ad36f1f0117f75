package values

import (
	"strconv"

	"github.com/kopernik/kopernik"
)

// Text converts a scalar input to text the way PHP's string cast does for API
// input: true → "1", false → "", numbers in decimal, and anything that is not a
// scalar → "" (B24).
func Text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		if x {
			return "1"
		}
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return FormatFloat(x)
	}
	return ""
}

// cut shortens s to n characters; n counts runes because the length property
// is a character count in MySQL, not bytes.
func cut(s string, n int) string {
	if n <= 0 {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// isList reports the non-scalar inputs and whether they hold anything, which is
// all PHP's numeric casts look at in an array.
func isList(v any) (list, filled bool) {
	switch x := v.(type) {
	case []any:
		return true, len(x) > 0
	case *kopernik.Map:
		return true, x.Len() > 0
	}
	return false, false
}
