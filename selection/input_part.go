package selection

import (
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// applyPart reads a Part condition (§5.5).
func applyPart(s *scope, x *kopernik.PartCondition, b body) error {
	if v, ok := b.get("begin"); ok {
		x.Begin = kopernik.PartAmount{}
		if !isUnset(v) {
			a, err := parseAmount("begin", v)
			if err != nil {
				return err
			}
			x.Begin = a
		}
	}
	if v, ok := b.get("length"); ok {
		x.Length = nil
		if str, isStr := v.(string); !isUnset(v) && !(isStr && strings.EqualFold(strings.TrimSpace(str), "all")) {
			a, err := parseAmount("length", v)
			if err != nil {
				return err
			}
			x.Length = &a
		}
	}
	if v, ok := b.get("fields"); ok {
		keys, err := sortKeys(s, v)
		if err != nil {
			return err
		}
		x.Sort = keys
	}
	return nil
}

// parseAmount reads an integer or a percentage, either signed. The sign is
// read from the text, so "-0" (from the end) differs from "0".
func parseAmount(name string, v any) (kopernik.PartAmount, error) {
	var a kopernik.PartAmount
	var s string
	switch x := v.(type) {
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		n, err := integer(name, x)
		if err != nil {
			return a, err
		}
		s = strconv.FormatInt(n, 10)
	case string:
		s = strings.TrimSpace(x)
	default:
		return a, invalid(fmtInvalid, name)
	}
	if strings.HasPrefix(s, "-") {
		a.Neg, s = true, s[1:]
	} else {
		s = strings.TrimPrefix(s, "+")
	}
	if strings.HasSuffix(s, "%") {
		a.Percent, s = true, strings.TrimSpace(s[:len(s)-1])
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || s == "" || s[0] == '+' || s[0] == '-' {
		return a, invalid(fmtInvalid, name)
	}
	a.Abs = n
	return a, nil
}

var sortOrders = newEnum("asc", "desc").alias("ascending", "asc").alias("descending", "desc")

// sortKeys reads the sort keys of a Part condition (§5.5): a list of field
// references or objects {field, order, numeric}, or a string listing names.
// A plain reference sorts ascending, numerically for numeric fields.
func sortKeys(s *scope, v any) ([]kopernik.SortKey, error) {
	var items []any
	if m, ok := v.(*kopernik.Map); ok && m.Has("field") {
		items = []any{m}
	} else {
		items = nameList(v)
	}
	keys := make([]kopernik.SortKey, 0, len(items))
	for _, it := range items {
		k, err := readSortKey(s, it)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}

func readSortKey(s *scope, it any) (kopernik.SortKey, error) {
	m, isObj := it.(*kopernik.Map)
	ref := it
	if isObj {
		ref, _ = m.Get("field")
	}
	f, err := s.field("fields", ref)
	if err != nil {
		return kopernik.SortKey{}, err
	}
	k := kopernik.SortKey{Field: f.ID, Numeric: f.Type.IsNumeric()}
	if !isObj {
		return k, nil
	}
	if o, ok := m.Get("order"); ok && !isUnset(o) {
		d, err := sortOrders.parse("order", o)
		if err != nil {
			return k, err
		}
		k.Desc = d == "desc"
	}
	if n, ok := m.Get("numeric"); ok {
		k.Numeric = boolean(n)
	}
	return k, nil
}
