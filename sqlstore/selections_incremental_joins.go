package sqlstore

import "strings"

// joinSQL[n] inserts n view members.
var joinSQL = func() []string {
	out := make([]string, 33)
	for n := 1; n < len(out); n++ {
		out[n] = `INSERT INTO view_members (view_id, profile_id) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")
	}
	return out
}()

// The view members a batch gains wait in t.joins and are written together:
// before the commit, and before any other statement on view_members (a
// build, a member lookup of another path) so that it sees them. The keeper
// itself asks t.joins first (pendingJoin) and goes around the hook.

// pendingJoin is the index of (view, profile) in t.joins, or -1.
func (t *Tx) pendingJoin(view, profile int64) int {
	for i := 0; i+1 < len(t.joins); i += 2 {
		if t.joins[i] == any(view) && t.joins[i+1] == any(profile) {
			return i
		}
	}
	return -1
}

// flushJoinsFor writes the waiting members before a statement that names
// view_members (and not only miniview_members).
func (t *Tx) flushJoinsFor(q string) error {
	if len(t.joins) == 0 {
		return nil
	}
	for rest := q; ; {
		i := strings.Index(rest, "view_members")
		if i < 0 {
			return nil
		}
		if i < 4 || rest[i-4:i] != "mini" {
			return t.flushJoins()
		}
		rest = rest[i+len("view_members"):]
	}
}

// flushJoins writes the waiting view members.
func (t *Tx) flushJoins() error {
	if t.joinsErr != nil {
		return t.joinsErr
	}
	for len(t.joins) > 0 {
		n := min(len(t.joins)/2, len(joinSQL)-1)
		if _, err := t.execRaw(joinSQL[n], t.joins[:2*n]...); err != nil {
			return err
		}
		t.joins = t.joins[2*n:]
	}
	t.joins, t.joinsMark = nil, 0
	return nil
}
