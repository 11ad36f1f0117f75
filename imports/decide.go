package imports

import "github.com/kopernik/kopernik"

// Matches are the live entities a row's keys found, looked up by the writer.
type Matches struct {
	// Profiles match Plan.ProfileWhere; unused when the plan has no profile key.
	Profiles []int64
	// Subs are the live subprofiles of the planner's collection that match
	// Plan.SubWhere (every one when the plan has no subprofile key), among
	// the subprofiles of Profiles when the plan has a profile key, else in the
	// whole collection. Unused when the plan has no subprofile part.
	Subs []SubMatch
}

// SubMatch is a matched subprofile and the profile it belongs to.
type SubMatch struct{ ID, ProfileID int64 }

// Steps is what to do for one row, in this order: deletes, updates, creates.
type Steps struct {
	DeleteProfiles []int64
	DeleteSubs     []int64
	UpdateProfiles []int64 // with Plan.Profile
	UpdateSubs     []int64 // with Plan.Sub
	// CreateProfile creates a profile from Plan.Profile, and with NewSub a
	// subprofile of it from Plan.Sub.
	CreateProfile bool
	NewSub        bool
	AddSubTo      []int64 // existing profiles that get a subprofile from Plan.Sub
	// NotApplied says why the row changed nothing when that is worth
	// reporting (a key that matches nothing for update and delete). Rows
	// that `ignore or add` leaves alone are handled, not failures.
	NotApplied string
}

// Decide applies the action semantics of §3.25 to one row and what its keys
// matched. Every matching entity is affected (A.1). A row with a subprofile
// part works on the subprofile level: `update or add` updates the matched
// subprofiles, else gives each matched profile a new subprofile, else
// creates a profile with its subprofile; `ignore or add` does the same minus
// the updates. Without a profile key, the profiles a row updates are the
// owners of its matched subprofiles.
func Decide(action kopernik.ImportAction, pl *Plan, m Matches) Steps {
	var s Steps
	hasProfileKey := len(pl.ProfileKey) > 0
	if action == kopernik.ImportAdd {
		s.CreateProfile, s.NewSub = true, pl.HasSub
		return s
	}
	if !pl.HasSub {
		switch action {
		case kopernik.ImportDelete:
			s.DeleteProfiles = m.Profiles
		case kopernik.ImportUpdate, kopernik.ImportUpdateOrAdd:
			s.UpdateProfiles = m.Profiles
		}
		if len(m.Profiles) == 0 {
			if action == kopernik.ImportUpdate || action == kopernik.ImportDelete {
				s.NotApplied = "no profile matches"
			} else {
				s.CreateProfile = true
			}
		}
		return s.trim(pl)
	}
	var subIDs []int64
	for _, sm := range m.Subs {
		subIDs = append(subIDs, sm.ID)
	}
	owners := m.Profiles
	if !hasProfileKey {
		owners = ownersOf(m.Subs)
	}
	if action == kopernik.ImportDelete {
		s.DeleteSubs = subIDs
		if len(subIDs) == 0 {
			s.NotApplied = "no subprofile matches"
		}
		return s
	}
	if len(m.Subs) > 0 {
		if action != kopernik.ImportIgnoreOrAdd {
			s.UpdateSubs, s.UpdateProfiles = subIDs, owners
		}
		return s.trim(pl)
	}
	profileFound := hasProfileKey && len(m.Profiles) > 0
	switch {
	case action == kopernik.ImportUpdate && profileFound:
		// The profile part still applies; no subprofile to update.
		s.UpdateProfiles = m.Profiles
	case action == kopernik.ImportUpdate && hasProfileKey:
		s.NotApplied = "no profile matches"
	case action == kopernik.ImportUpdate:
		s.NotApplied = "no subprofile matches"
	case profileFound:
		if action == kopernik.ImportUpdateOrAdd {
			s.UpdateProfiles = m.Profiles
		}
		s.AddSubTo = m.Profiles
	default:
		s.CreateProfile, s.NewSub = true, true
	}
	return s.trim(pl)
}

// trim drops updates that would write nothing.
func (s Steps) trim(pl *Plan) Steps {
	if len(pl.Profile) == 0 {
		s.UpdateProfiles = nil
	}
	if len(pl.Sub) == 0 {
		s.UpdateSubs = nil
	}
	return s
}

// ownersOf lists the distinct profiles of subs in their first order.
func ownersOf(subs []SubMatch) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, s := range subs {
		if !seen[s.ProfileID] {
			seen[s.ProfileID] = true
			out = append(out, s.ProfileID)
		}
	}
	return out
}
