package webhook

import (
	"testing"

	"github.com/kopernik/kopernik"
)

func profileEvent(typ, caller string, db int64) *Event {
	return &Event{Type: typ, Caller: caller, Database: db, Profile: 100}
}

func subprofileEvent(typ, caller string, db, coll int64) *Event {
	return &Event{Type: typ, Caller: caller, Database: db, Collection: coll, Profile: 100, Subprofile: 500}
}

// TestWh4_2_ScopeTable walks the table of spec §4.2 with events of database 1
// (collection 10) and database 2 (collection 20).
func TestWh4_2_ScopeTable(t *testing.T) {
	events := map[string]*Event{
		"profile db1":    profileEvent("update", "rest", 1),
		"profile db2":    profileEvent("update", "rest", 2),
		"subprofile c10": subprofileEvent("update", "rest", 1, 10),
		"subprofile c20": subprofileEvent("update", "rest", 2, 20),
	}
	scopes := []struct {
		name     string
		db, coll int64
		gets     []string
	}{
		{"none", 0, 0, []string{"profile db1", "profile db2", "subprofile c10", "subprofile c20"}},
		{"database 1", 1, 0, []string{"profile db1"}},
		{"collection 10", 0, 10, []string{"subprofile c10"}},
		{"database 1 and collection 10", 1, 10, []string{"subprofile c10"}},
	}
	for _, s := range scopes {
		w := &kopernik.Webhook{Trigger: "update", Database: s.db, Collection: s.coll}
		for name, ev := range events {
			want := false
			for _, g := range s.gets {
				want = want || g == name
			}
			if got := Matches(w, ev); got != want {
				t.Errorf("scope %s, %s: delivered %v, want %v", s.name, name, got, want)
			}
		}
	}
}

func TestWh3_5_TriggerEqualsEventType(t *testing.T) {
	for _, trig := range Triggers {
		w := &kopernik.Webhook{Trigger: trig}
		for _, typ := range []string{"create", "update", "delete"} {
			if got := Matches(w, profileEvent(typ, "rest", 1)); got != (trig == typ) {
				t.Errorf("trigger %s, event %s: %v", trig, typ, got)
			}
		}
	}
}

func TestWh3_6_CallersFilter(t *testing.T) {
	restOnly := &kopernik.Webhook{Trigger: "create", Callers: []string{"rest"}}
	importCopy := &kopernik.Webhook{Trigger: "create", Callers: []string{"import", "copy"}}
	all := &kopernik.Webhook{Trigger: "create"}
	for _, c := range []struct {
		caller                    string
		restOnly, importCopy, all bool
	}{
		{"rest", true, false, true},
		{"import", false, true, true},
		{"copy", false, true, true},
	} {
		ev := profileEvent("create", c.caller, 1)
		if Matches(restOnly, ev) != c.restOnly || Matches(importCopy, ev) != c.importCopy || Matches(all, ev) != c.all {
			t.Errorf("caller %s: %v %v %v", c.caller, Matches(restOnly, ev), Matches(importCopy, ev), Matches(all, ev))
		}
	}
}

func TestWh4_2_MatchKeepsOrder(t *testing.T) {
	hooks := []*kopernik.Webhook{
		{ID: 1, Trigger: "delete"},
		{ID: 2, Trigger: "delete", Database: 2},
		{ID: 3, Trigger: "create"},
		{ID: 4, Trigger: "delete", Collection: 10},
		{ID: 5, Trigger: "delete", Callers: []string{"import"}},
		{ID: 6, Trigger: "delete", Database: 1, Callers: []string{"rest", "import"}},
	}
	got := Match(hooks, profileEvent("delete", "import", 1))
	if len(got) != 3 || got[0].ID != 1 || got[1].ID != 5 || got[2].ID != 6 {
		var ids []int64
		for _, w := range got {
			ids = append(ids, w.ID)
		}
		t.Errorf("matched %v, want [1 5 6]", ids)
	}
}
