package webhook

import (
	"slices"

	"github.com/kopernik/kopernik"
)

// Matches reports whether ev goes to w (spec §4.2): the trigger equals the
// event type, the scope admits the entity, and the callers filter is empty or
// names the event's caller.
//
// Scope: no limit takes everything; a database alone takes that database's
// profile events only (database and collection callbacks were always
// configured apart); a collection, with or without its database, takes that
// collection's subprofile events only.
func Matches(w *kopernik.Webhook, ev *Event) bool {
	if w.Trigger != ev.Type {
		return false
	}
	if len(w.Callers) > 0 && !slices.Contains(w.Callers, ev.Caller) {
		return false
	}
	switch {
	case w.Collection != 0:
		return ev.IsSubprofile() && ev.Collection == w.Collection &&
			(w.Database == 0 || ev.Database == w.Database)
	case w.Database != 0:
		return !ev.IsSubprofile() && ev.Database == w.Database
	}
	return true
}

// Match returns the webhooks of hooks that receive ev, in their given order.
func Match(hooks []*kopernik.Webhook, ev *Event) []*kopernik.Webhook {
	var out []*kopernik.Webhook
	for _, w := range hooks {
		if Matches(w, ev) {
			out = append(out, w)
		}
	}
	return out
}
