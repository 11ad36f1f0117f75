package selection

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

// body reads the properties of a request body. Property names are matched
// as documented, and also with underscores for hyphens: the docs print both
// (`match_type` in the ToDo example), and accepting the other spelling costs
// nothing. A later duplicate wins (B17).
type body struct{ m *kopernik.Map }

// get returns the value of the last key that spells one of names.
func (b body) get(names ...string) (any, bool) {
	if b.m == nil {
		return nil, false
	}
	for i := len(b.m.Keys) - 1; i >= 0; i-- {
		k := b.m.Keys[i]
		for _, n := range names {
			if k == n || k == strings.ReplaceAll(n, "-", "_") {
				return b.m.Values[i], true
			}
		}
	}
	return nil, false
}

func invalid(format string, args ...any) error {
	return kopernik.Errorf(kopernik.EINVALID, format, args...)
}

// isUnset reports the values that mean "no value": output prints an unset
// property as false, so a client echoing an object back sends false.
func isUnset(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		return len(x) == 0
	case *kopernik.Map:
		return x.Len() == 0
	}
	return false
}

// text reads a scalar as text (numbers in their PHP form, true as "1").
func text(name string, v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if b, ok := v.(bool); ok && !b {
		return "", nil // false is how output prints an unset text
	}
	s, ok := reqdata.String(v)
	if !ok {
		return "", invalid(fmtInvalid, name)
	}
	return s, nil
}

// boolean reads a flag with the coercion of conventions §4 (true/false,
// 1/0, yes/no, …).
func boolean(v any) bool { return reqdata.Bool(v) }

// integer reads a whole number: a JSON number without fraction or a string
// of digits with an optional sign. Unlike field values, a condition's numbers
// are not PHP-cast: "abc" for a count is a mistake worth a 400.
func integer(name string, v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
			return int64(x), nil
		}
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		if err == nil {
			return n, nil
		}
	}
	return 0, invalid(fmtInvalid, name)
}

// optCount reads an optional count ≥ 0; unset values give nil.
func optCount(name string, v any) (*int64, error) {
	if isUnset(v) {
		return nil, nil
	}
	n, err := integer(name, v)
	if err != nil || n < 0 {
		return nil, invalid(fmtInvalid, name)
	}
	return &n, nil
}

// list reads a list property: a JSON array, a form list (a map keyed 0, 1,
// …) or a string holding a JSON array. ok is false for anything else.
func list(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case *kopernik.Map:
		return x.Values, x != nil
	case string:
		s := strings.TrimSpace(x)
		if strings.HasPrefix(s, "[") {
			var out []any
			if json.Unmarshal([]byte(s), &out) == nil {
				return out, true
			}
		}
	}
	return nil, false
}

// enumKey folds the spelling differences the docs show between variants of
// one enumeration value: case, and '_', '-' or ' ' between words
// (`not_equals` / `not equals`, `is-email` / `is_email`).
func enumKey(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_' || c == '-' || c == ' ':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// enum is one enumeration: canonical spellings (as output) and extra input
// spellings mapped to them.
type enum struct {
	values  []string
	aliases map[string]string
}

func newEnum(values ...string) enum { return enum{values: values} }

func (e enum) alias(from, to string) enum {
	if e.aliases == nil {
		e.aliases = map[string]string{}
	}
	e.aliases[enumKey(from)] = to
	return e
}

// parse finds the canonical spelling of v.
func (e enum) parse(name string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		if n, isInt := v.(int64); isInt {
			s = strconv.FormatInt(n, 10)
		} else {
			return "", invalid(fmtInvalid, name)
		}
	}
	k := enumKey(strings.TrimSpace(s))
	for _, c := range e.values {
		if enumKey(c) == k {
			return c, nil
		}
	}
	if c, ok := e.aliases[k]; ok {
		return c, nil
	}
	return "", invalid(fmtInvalid, name)
}
