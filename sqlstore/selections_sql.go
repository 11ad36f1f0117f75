package sqlstore

import (
	"time"

	"github.com/kopernik/kopernik"
)

// memberQuery is the SELECT that yields the members of ref as of now:
// (view_id, profile_id) rows for a view, (miniview_id, subprofile_id,
// profile_id) for a miniview.
func (t *Tx) memberQuery(ref kopernik.SelectionRef, now time.Time) (string, []any, error) {
	return "", nil, kopernik.Errorf(kopernik.EINTERNAL, "selection builds are not implemented yet")
}
