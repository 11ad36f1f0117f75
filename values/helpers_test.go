package values

import (
	"testing"
	"time"

	"github.com/kopernik/kopernik"
)

func amsterdam(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// winterNow is a Monday in CET, so the military zone "a" (+01:00) coincides
// with the service zone and "monday" is today.
func winter(t testing.TB) Conv {
	loc := amsterdam(t)
	now := time.Date(2024, 1, 15, 10, 20, 30, 0, loc)
	return Conv{Loc: loc, Now: func() time.Time { return now }}
}

// summer is in CEST, where zone letters and "z" differ from the service zone.
func summer(t testing.TB) Conv {
	loc := amsterdam(t)
	now := time.Date(2024, 7, 15, 10, 20, 30, 0, loc)
	return Conv{Loc: loc, Now: func() time.Time { return now }}
}

func field(t kopernik.FieldType) *kopernik.Field {
	return &kopernik.Field{Type: t}
}

func list(vs ...any) []any { return vs }

func object(kv ...any) *kopernik.Map {
	m := &kopernik.Map{}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Set(kv[i].(string), kv[i+1])
	}
	return m
}
