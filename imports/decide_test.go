package imports

import (
	"reflect"
	"testing"

	"github.com/kopernik/kopernik"
)

// planFor builds a plan the way the planner would for the given shape.
func planFor(profileKey, hasSub, subKey bool) *Plan {
	db := testDB()
	pl := &Plan{Profile: []Value{{Field: db.Fields[1], Value: "J"}}}
	if profileKey {
		pl.ProfileKey = []Key{{Field: db.Fields[0], Value: "a@x.nl", Match: "a@x.nl"}}
	}
	if hasSub {
		pl.HasSub = true
		pl.Sub = []Value{{Field: db.Collections[0].Fields[1], Value: "5"}}
		if subKey {
			pl.SubKey = []Key{{Field: db.Collections[0].Fields[0], Value: "o1", Match: "o1"}}
		}
	}
	return pl
}

// §3.25 / A.1 actions, every matching entity affected.
func TestP325_ActionsOnProfiles(t *testing.T) {
	pl := planFor(true, false, false)
	none, two := Matches{}, Matches{Profiles: []int64{3, 4}}
	cases := []struct {
		a    kopernik.ImportAction
		m    Matches
		want Steps
	}{
		{kopernik.ImportAdd, two, Steps{CreateProfile: true}},
		{kopernik.ImportUpdate, two, Steps{UpdateProfiles: []int64{3, 4}}},
		{kopernik.ImportUpdate, none, Steps{NotApplied: "no profile matches"}},
		{kopernik.ImportUpdateOrAdd, two, Steps{UpdateProfiles: []int64{3, 4}}},
		{kopernik.ImportUpdateOrAdd, none, Steps{CreateProfile: true}},
		{kopernik.ImportIgnoreOrAdd, two, Steps{}},
		{kopernik.ImportIgnoreOrAdd, none, Steps{CreateProfile: true}},
		{kopernik.ImportDelete, two, Steps{DeleteProfiles: []int64{3, 4}}},
		{kopernik.ImportDelete, none, Steps{NotApplied: "no profile matches"}},
	}
	for _, c := range cases {
		if got := Decide(c.a, pl, c.m); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s with %v: got %+v, want %+v", c.a, c.m.Profiles, got, c.want)
		}
	}
}

func TestP325_ActionsWithSubprofiles(t *testing.T) {
	withKey := planFor(true, true, true)
	subKeyOnly := planFor(false, true, true)
	subs := []SubMatch{{ID: 50, ProfileID: 3}, {ID: 51, ProfileID: 3}, {ID: 52, ProfileID: 4}}
	cases := []struct {
		name string
		a    kopernik.ImportAction
		pl   *Plan
		m    Matches
		want Steps
	}{
		{"add", kopernik.ImportAdd, withKey, Matches{Profiles: []int64{3}, Subs: subs}, Steps{CreateProfile: true, NewSub: true}},
		{"update both match", kopernik.ImportUpdate, withKey, Matches{Profiles: []int64{3}, Subs: subs[:2]}, Steps{UpdateProfiles: []int64{3}, UpdateSubs: []int64{50, 51}}},
		{"update profile only", kopernik.ImportUpdate, withKey, Matches{Profiles: []int64{3}}, Steps{UpdateProfiles: []int64{3}}},
		{"update nothing", kopernik.ImportUpdate, withKey, Matches{}, Steps{NotApplied: "no profile matches"}},
		{"update by sub key", kopernik.ImportUpdate, subKeyOnly, Matches{Subs: subs}, Steps{UpdateProfiles: []int64{3, 4}, UpdateSubs: []int64{50, 51, 52}}},
		{"update by sub key, none", kopernik.ImportUpdate, subKeyOnly, Matches{}, Steps{NotApplied: "no subprofile matches"}},
		{"update or add, sub matches", kopernik.ImportUpdateOrAdd, withKey, Matches{Profiles: []int64{3}, Subs: subs[:1]}, Steps{UpdateProfiles: []int64{3}, UpdateSubs: []int64{50}}},
		{"update or add, profile only", kopernik.ImportUpdateOrAdd, withKey, Matches{Profiles: []int64{3, 4}}, Steps{UpdateProfiles: []int64{3, 4}, AddSubTo: []int64{3, 4}}},
		{"update or add, nothing", kopernik.ImportUpdateOrAdd, withKey, Matches{}, Steps{CreateProfile: true, NewSub: true}},
		{"update or add by sub key, nothing", kopernik.ImportUpdateOrAdd, subKeyOnly, Matches{}, Steps{CreateProfile: true, NewSub: true}},
		{"ignore or add, sub matches", kopernik.ImportIgnoreOrAdd, withKey, Matches{Profiles: []int64{3}, Subs: subs[:1]}, Steps{}},
		{"ignore or add, profile only", kopernik.ImportIgnoreOrAdd, withKey, Matches{Profiles: []int64{3}}, Steps{AddSubTo: []int64{3}}},
		{"ignore or add, nothing", kopernik.ImportIgnoreOrAdd, withKey, Matches{}, Steps{CreateProfile: true, NewSub: true}},
		{"delete subprofiles", kopernik.ImportDelete, withKey, Matches{Profiles: []int64{3}, Subs: subs[:2]}, Steps{DeleteSubs: []int64{50, 51}}},
		{"delete subprofiles, none", kopernik.ImportDelete, withKey, Matches{Profiles: []int64{3}}, Steps{NotApplied: "no subprofile matches"}},
	}
	for _, c := range cases {
		if got := Decide(c.a, c.pl, c.m); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

// An update that has nothing to write for a level leaves that level alone.
func TestP325_UpdatesWithoutValuesAreDropped(t *testing.T) {
	pl := planFor(true, true, true)
	pl.Profile = nil
	got := Decide(kopernik.ImportUpdateOrAdd, pl, Matches{Profiles: []int64{3}, Subs: []SubMatch{{ID: 9, ProfileID: 3}}})
	if !reflect.DeepEqual(got, Steps{UpdateSubs: []int64{9}}) {
		t.Fatalf("got %+v", got)
	}
}
