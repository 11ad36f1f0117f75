package reqdata

import (
	"github.com/kopernik/kopernik"
)

// Query is a parsed query string, read the way PHP reads $_GET. Values are
// strings for plain parameters and []any or *kopernik.Map for bracket forms.
// A nil *Query behaves as an empty one.
type Query struct {
	raw  string
	root *object // values already converted to kopernik kinds
}

// ParseQuery parses r.URL.RawQuery with PHP's parse_str rules (see
// parseForm). It never fails on content, only on size: a raw query longer
// than maxBytes gives ErrTooLarge. maxBytes <= 0 means no limit.
func ParseQuery(raw string, maxBytes int) (*Query, error) {
	if maxBytes > 0 && len(raw) > maxBytes {
		return nil, ErrTooLarge
	}
	root := &object{}
	_ = parseForm(root, raw, false) // cannot fail without strict UTF-8
	root.convertChildren()
	return &Query{raw: raw, root: root}, nil
}

// Raw returns the query string as received, for echoing into a Location
// header (conventions C8).
func (q *Query) Raw() string {
	if q == nil {
		return ""
	}
	return q.raw
}

// Get returns a parameter's value: a string, or []any / *kopernik.Map for a
// bracket form. Handy where a parameter may come from the query or the body
// alike; the body coercions (Bool, Int, …) accept it.
func (q *Query) Get(name string) (any, bool) {
	if q == nil {
		return nil, false
	}
	i := q.root.find(name)
	if i < 0 {
		return nil, false
	}
	return q.root.vals[i], true
}

// Has reports whether the parameter was given, in any form.
func (q *Query) Has(name string) bool {
	_, ok := q.Get(name)
	return ok
}

// Names lists the parameter names in order of first appearance.
func (q *Query) Names() []string {
	if q == nil {
		return nil
	}
	return append([]string(nil), q.root.keys...)
}

// Map returns all parameters as a fresh map (the values are shared).
func (q *Query) Map() *kopernik.Map {
	m := &kopernik.Map{}
	if q != nil {
		m.Keys = append(m.Keys, q.root.keys...)
		m.Values = append(m.Values, q.root.vals...)
	}
	return m
}

// Scalar returns a plain parameter's value. For a bracket form isArray is
// true and value empty. A scalar given twice has its last value.
func (q *Query) Scalar(name string) (value string, isArray bool, ok bool) {
	v, ok := q.Get(name)
	if !ok {
		return "", false, false
	}
	if s, isString := v.(string); isString {
		return s, false, true
	}
	return "", true, true
}

// List returns the values of a bracket-form parameter in order (B21): the
// keys inside the brackets carry no meaning, so `fields[]=a`, `fields[0]=a`
// and `fields[x]=a` all give [a]. ok is false when the parameter is absent or
// plain (`fields=a` is not a list).
//
// It is PHP's array underneath: a key repeated inside the brackets
// (`fields[0]=a&fields[0]=b`) keeps one element, the last value at the first
// position. Nested elements (`fields[0][x]=a`) are not strings and are left
// out.
func (q *Query) List(name string) ([]string, bool) {
	v, ok := q.Get(name)
	if !ok {
		return nil, false
	}
	var elems []any
	switch v := v.(type) {
	case []any:
		elems = v
	case *kopernik.Map:
		elems = v.Values
	default:
		return nil, false
	}
	list := make([]string, 0, len(elems))
	for _, e := range elems {
		if s, ok := e.(string); ok {
			list = append(list, s)
		}
	}
	return list, true
}

// Bool reads a boolean parameter by the table of conventions §4.1 (B22);
// every bracket form is true. def is returned when the parameter is absent.
func (q *Query) Bool(name string, def bool) bool {
	v, ok := q.Get(name)
	if !ok {
		return def
	}
	if s, isString := v.(string); isString {
		return stringIsTrue(s)
	}
	return true
}

// Int reads an integer parameter with PHP's (int) cast (B23): "2x" → 2,
// "abc" → 0, a bracket form → 1. def is returned when the parameter is
// absent.
func (q *Query) Int(name string, def int64) int64 {
	v, ok := q.Get(name)
	if !ok {
		return def
	}
	n, _ := Int(v)
	return n
}
