package kopernik

// Map is an ordered key/value collection decoded from a JSON object or from PHP
// bracket notation in a form body or query string. Order matters: Copernica lets
// a later duplicate key win (B17) and lists keep their order.
//
// Values held in a Map (and in []any lists) are one of: string, int64, float64,
// bool, nil, []any, *Map. Keeping JSON's scalar kinds apart matters because
// field normalisation depends on them (true → "1", 2.99 → 2 for integers, …).
type Map struct {
	Keys   []string
	Values []any
}

// Len returns the number of entries.
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return len(m.Keys)
}

// Get returns the value of the last entry named key (later duplicates win).
func (m *Map) Get(key string) (any, bool) {
	if m == nil {
		return nil, false
	}
	for i := len(m.Keys) - 1; i >= 0; i-- {
		if m.Keys[i] == key {
			return m.Values[i], true
		}
	}
	return nil, false
}

// Has reports whether key is present.
func (m *Map) Has(key string) bool { _, ok := m.Get(key); return ok }

// Set appends an entry, or replaces the value of an existing key in place.
func (m *Map) Set(key string, v any) {
	for i, k := range m.Keys {
		if k == key {
			m.Values[i] = v
			return
		}
	}
	m.Keys = append(m.Keys, key)
	m.Values = append(m.Values, v)
}

// Keys are exported as a field; this accessor keeps call sites tolerant of nil.
func (m *Map) KeyList() []string {
	if m == nil {
		return nil
	}
	return m.Keys
}
