package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

// Optional body values: nil when the key is absent.

func optString(m *kopernik.Map, key string) *string {
	v, ok := m.Get(key)
	if !ok {
		return nil
	}
	s, _ := reqdata.String(v)
	return &s
}

func optBool(m *kopernik.Map, key string) *bool {
	v, ok := m.Get(key)
	if !ok {
		return nil
	}
	b := reqdata.Bool(v)
	return &b
}

func optInt(m *kopernik.Map, key string) *int64 {
	v, ok := m.Get(key)
	if !ok {
		return nil
	}
	n, _ := reqdata.Int(v)
	return &n
}
