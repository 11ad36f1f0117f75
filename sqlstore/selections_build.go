package sqlstore

import (
	"database/sql"
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
	if q := t.s.d.BuildSetupSQL(); q != "" {
		if _, err := t.Exec(q); err != nil {
			return err
		}
	}
	q, args, err := t.memberQuery(ref, now)
	if err != nil {
		return err
	}
	table := "view_members"
	del := `DELETE FROM view_members WHERE view_id = ?`
	ins := `INSERT INTO view_members (view_id, profile_id) `
	if ref.Kind == kopernik.KindMiniview {
		table = "miniview_members"
		del = `DELETE FROM miniview_members WHERE miniview_id = ?`
		ins = `INSERT INTO miniview_members (miniview_id, subprofile_id, profile_id) `
	}
	deleted, err := t.Exec(del, ref.ID)
	if err != nil {
		return err
	}
	inserted, err := t.Exec(ins+q, args...)
	if err != nil {
		return err
	}
	// A large build changes the member table's statistics: plans that join
	// it (member lists, ReferView) should know.
	if a := t.s.d.AnalyzeTableSQL(table); a != "" && changedRows(deleted)+changedRows(inserted) >= analyzeAfter {
		if _, err := t.Exec(a); err != nil {
			return err
		}
	}
	t.touch()
	return t.writeBuildState(ref, now)
}

// analyzeAfter is the number of member rows a build must change before the
// member table's statistics are refreshed.
const analyzeAfter = 50000

func changedRows(r sql.Result) int64 {
	n, err := r.RowsAffected()
	if err != nil {
		return 0
	}
	return n
}
