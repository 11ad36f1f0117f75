package selection

import (
	"slices"

	"github.com/kopernik/kopernik"
)

// EntryKind is what a journal entry records.
type EntryKind uint8

const (
	EntryCreate EntryKind = iota + 1
	EntryUpdate
	EntryDelete
)

// JournalEntry is one recorded mutation of a profile or subprofile (§5.8):
// what the store's mutation hook hands its observers, reduced to what the
// Change condition reads. An update that changes nothing is not recorded.
type JournalEntry struct {
	At      string // StampLayout, service zone
	Kind    EntryKind
	Entity  kopernik.OwnerKind // OwnerDatabase: a profile; OwnerCollection: a subprofile
	ID      int64              // the profile or subprofile
	Profile int64              // the profile, or the subprofile's profile
	// Fields lists the fields whose value an update changed.
	Fields []int64
	// InterestsOn and InterestsOff list the interests an update switched.
	InterestsOn, InterestsOff []int64
}

// changeTest evaluates a Change condition against the journal (O-16):
// creation is not an edit; for a profile, "any" also counts the events of
// its subprofiles; for a subprofile every type speaks of the subprofile.
type changeTest struct {
	x       *kopernik.ChangeCondition
	bounds  Bounds
	data    Data
	subject kopernik.OwnerKind
}

func (t changeTest) Holds(e *kopernik.Entity, _ Lookups) bool {
	var own, sub [4]bool // indexed by EntryKind: something of that kind happened
	var field, intr, got, lost, any bool
	for _, j := range t.data.JournalOf(t.subject, e.ID) {
		if !t.bounds.Contains(j.At) {
			continue
		}
		any = true
		if j.Entity != t.subject || j.ID != e.ID {
			sub[j.Kind] = true
			continue
		}
		own[j.Kind] = true
		if j.Kind != EntryUpdate {
			continue
		}
		field = field || watched(j.Fields, t.x.Field)
		got = got || watched(j.InterestsOn, t.x.Interest)
		lost = lost || watched(j.InterestsOff, t.x.Interest)
	}
	intr = got || lost
	switch t.x.ChangeType {
	case ChangeAny:
		return any
	case ChangeNone:
		return !any
	case ChangeField:
		return field
	case ChangeNoField:
		return !field
	case ChangeNew:
		return own[EntryCreate]
	case ChangeNotNew:
		return !own[EntryCreate]
	case ChangeEdit:
		return own[EntryUpdate]
	case ChangeNoEdit:
		return !own[EntryUpdate]
	case ChangeNewSubprofile:
		return sub[EntryCreate]
	case ChangeNoNewSubprofile:
		return !sub[EntryCreate]
	case ChangeEditSubprofile:
		return sub[EntryUpdate]
	case ChangeNoEditSubprofile:
		return !sub[EntryUpdate]
	case ChangeRemoveSubprofile:
		return sub[EntryDelete]
	case ChangeNoRemoveSubprofile:
		return !sub[EntryDelete]
	case ChangeInterest:
		return intr
	case ChangeGotInterest:
		return got
	case ChangeLostInterest:
		return lost
	}
	return false
}

// watched reports whether ids holds the watched ID, or anything when no
// ID is watched.
func watched(ids []int64, id int64) bool {
	if id == 0 {
		return len(ids) > 0
	}
	return slices.Contains(ids, id)
}
