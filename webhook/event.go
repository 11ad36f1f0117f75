package webhook

import (
	"time"

	"github.com/kopernik/kopernik"
)

// Event describes one profile or subprofile change as webhooks see it. The
// names of fields and interests are resolved when the change is recorded, so
// a later rename does not alter an event already queued.
type Event struct {
	Type   string // TriggerCreate, TriggerUpdate or TriggerDelete
	Caller string // CallerREST, CallerImport, CallerCopy, …
	At     time.Time

	Database   int64
	Collection int64 // 0 for a profile event
	Profile    int64 // for a subprofile: its owner
	Subprofile int64 // 0 for a profile event

	// Created and Modified are the entity's timestamps as the API prints them
	// (YYYY-MM-DD HH:MM:SS in the service zone); delete events send neither.
	Created, Modified string

	Fields     []Pair   // every field of the owner, in field order
	Interests  []string // names of the interests that are set (profiles)
	Parameters []Pair   // what the operation was called with (spec §5.5)
}

// Pair is one named value of an ordered map.
type Pair struct {
	Name, Value string
}

// IsSubprofile tells the two event families apart.
func (e *Event) IsSubprofile() bool { return e.Subprofile != 0 }

// ID is the entity's own ID: the payload's `id`.
func (e *Event) ID() int64 {
	if e.IsSubprofile() {
		return e.Subprofile
	}
	return e.Profile
}

// FieldPairs lists the values of an entity under its owner's field names, in
// field order; a field without a stored value reads as "", as the API shows it.
func FieldPairs(fields []*kopernik.Field, values map[int64]string) []Pair {
	out := make([]Pair, len(fields))
	for i, f := range fields {
		out[i] = Pair{f.Name, values[f.ID]}
	}
	return out
}

// InterestNames names the interests a profile has switched on, in the
// database's interest order. IDs the database no longer knows are skipped.
func InterestNames(db *kopernik.Database, ids []int64) []string {
	if db == nil || len(ids) == 0 {
		return nil
	}
	on := make(map[int64]bool, len(ids))
	for _, id := range ids {
		on[id] = true
	}
	var out []string
	for _, i := range db.Interests {
		if on[i.ID] {
			out = append(out, i.Name)
		}
	}
	return out
}
