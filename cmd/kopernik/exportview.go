package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
	"github.com/kopernik/kopernik/sqlite"
)

// exportView resolves --view to a view of db whose stored members are
// current. Members the writer kept clean are exported as they are. Others
// (never built, or depending on the date or the whole database) are built
// first when this process may write: on PostgreSQL, where nodes share
// builds, and on SQLite while no server holds the data dir. Beside a running
// SQLite server the server owns the builds, so the export asks for one
// rather than serving members that may be stale.
func exportView(ctx context.Context, st *opened, o *storeOpts, cat *kopernik.Catalog, db *kopernik.Database, arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	v := selection.Of(cat).View(id)
	if err != nil || v == nil || v.Database != db.ID {
		return 0, fmt.Errorf("--view %s: no view with that ID in database %s", arg, db.Name)
	}
	ref := kopernik.ViewRef(id)
	current, err := st.SelectionCurrent(ctx, ref)
	if err != nil || current {
		return id, err
	}
	if o.sqlite() {
		lock, err := sqlite.LockDir(o.data, "export")
		var le *sqlite.LockedError
		if errors.As(err, &le) {
			return 0, fmt.Errorf("--view %s: the view's members are not current and the server running on %s builds them; read them once through the API (GET view/%d/profileids) or rebuild the view (POST view/%d/rebuild), then export again", arg, o.data, id, id)
		}
		if err != nil {
			return 0, err
		}
		defer lock.Release()
	}
	if err := st.EnsureMembers(ctx, ref); err != nil {
		return 0, fmt.Errorf("--view %s: building its members: %w", arg, err)
	}
	return id, nil
}
