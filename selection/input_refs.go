package selection

import (
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// Reference resolution (§5, O-21): a number, or a string of digits, is an ID
// and never a name; other text is a name, matched case-insensitively. A
// reference resolves only inside the rule owner's database (for fields of a
// minicondition: its collection).

// unwrap takes the ID out of an object as output prints it (a field or
// interest object), so a condition read with GET can be sent back as is.
func unwrap(v any) any {
	if m, ok := v.(*kopernik.Map); ok {
		if id, ok := m.Get("ID"); ok {
			return id
		}
	}
	return v
}

// refID reads v as an ID when it is one.
func refID(v any) (int64, bool) {
	switch x := unwrap(v).(type) {
	case int64:
		return x, x > 0
	case float64:
		if x > 0 && x == float64(int64(x)) {
			return int64(x), true
		}
	case string:
		s := strings.TrimSpace(x)
		if s != "" && strings.Trim(s, "0123456789") == "" {
			n, err := strconv.ParseInt(s, 10, 64)
			return n, err == nil && n > 0
		}
	}
	return 0, false
}

// refName reads v as a name.
func refName(v any) (string, bool) {
	s, ok := unwrap(v).(string)
	s = strings.TrimSpace(s)
	return s, ok && s != ""
}

// field resolves a field reference among the scope's fields.
func (s *scope) field(name string, v any) (*kopernik.Field, error) {
	return fieldRef(s.fields, name, v)
}

// fieldRef resolves a field by ID, or by name when no field has that ID
// (a field named "2024" is still reachable).
func fieldRef(fields []*kopernik.Field, name string, v any) (*kopernik.Field, error) {
	if id, ok := refID(v); ok {
		for _, f := range fields {
			if f.ID == id {
				return f, nil
			}
		}
	}
	if n, ok := refName(v); ok {
		if f := kopernik.FieldByName(fields, n); f != nil {
			return f, nil
		}
	}
	return nil, invalid(fmtUnknownField, name)
}

// interest resolves an interest of the scope's database.
func (s *scope) interest(name string, v any) (*kopernik.Interest, error) {
	if id, ok := refID(v); ok {
		for _, i := range s.database.Interests {
			if i.ID == id {
				return i, nil
			}
		}
		return nil, invalid(fmtUnknownIntr, name)
	}
	if n, ok := refName(v); ok {
		if i := s.database.InterestByName(n); i != nil {
			return i, nil
		}
	}
	return nil, invalid(fmtUnknownIntr, name)
}

// view resolves a view of the scope's database.
func (s *scope) view(name string, v any) (*kopernik.View, error) {
	if id, ok := refID(v); ok {
		if x := s.Defs.View(id); x != nil && x.Database == s.database.ID {
			return x, nil
		}
		return nil, invalid(fmtUnknownView, name)
	}
	if n, ok := refName(v); ok {
		if x := s.Defs.ViewByName(s.database.ID, n); x != nil {
			return x, nil
		}
	}
	return nil, invalid(fmtUnknownView, name)
}

// miniview resolves a miniview on any collection of the scope's database. A
// name must be unique among them, since miniview names are unique only per
// collection.
func (s *scope) miniview(name string, v any) (*kopernik.Miniview, error) {
	inDB := func(m *kopernik.Miniview) bool {
		c := s.Catalog.Collection(m.Collection)
		return c != nil && c.DatabaseID == s.database.ID
	}
	if id, ok := refID(v); ok {
		if m := s.Defs.Miniview(id); m != nil && inDB(m) {
			return m, nil
		}
		return nil, invalid(fmtUnknownMini, name)
	}
	n, ok := refName(v)
	if !ok {
		return nil, invalid(fmtUnknownMini, name)
	}
	var found *kopernik.Miniview
	for _, m := range s.Defs.Miniviews {
		if inDB(m) && strings.EqualFold(m.Name, n) {
			if found != nil {
				return nil, invalid(fmtAmbiguousMini, name)
			}
			found = m
		}
	}
	if found == nil {
		return nil, invalid(fmtUnknownMini, name)
	}
	return found, nil
}
