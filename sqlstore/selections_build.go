package sqlstore

import (
	"time"

	"github.com/kopernik/kopernik"
)

// BuildSelection computes the members of one view or miniview in SQL (one
// INSERT … SELECT, no Go loop over the data) and replaces its stored
// members, in this transaction, as of now. It assumes the selections it
// depends on are clean: callers build in dependency order (see
// buildWithDependencies). Its build row ends clean with built_at = now.
func (t *Tx) BuildSelection(ref kopernik.SelectionRef, now time.Time) error {
	d := t.defs()
	if !d.Exists(ref) {
		return kopernik.Errorf(kopernik.EINTERNAL, "build of a selection that does not exist: %v", ref)
	}
	if err := t.lockBuild(ref); err != nil {
		return err
	}
	q, args, err := t.memberQuery(ref, now)
	if err != nil {
		return err
	}
	del := `DELETE FROM view_members WHERE view_id = ?`
	ins := `INSERT INTO view_members (view_id, profile_id) `
	if ref.Kind == kopernik.KindMiniview {
		del = `DELETE FROM miniview_members WHERE miniview_id = ?`
		ins = `INSERT INTO miniview_members (miniview_id, subprofile_id, profile_id) `
	}
	if _, err := t.Exec(del, ref.ID); err != nil {
		return err
	}
	if _, err := t.Exec(ins+q, args...); err != nil {
		return err
	}
	t.touch()
	return t.writeBuildState(ref, now)
}
