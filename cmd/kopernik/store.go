package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/kopernik/kopernik/postgres"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
)

// An SQLite data dir belongs to one server at a time (see sqlite.DirLock).
// serve and migrate hold it for their whole run; a token command holds it
// when it is free, so that its migrations of a new dir cannot race a server
// starting, and works beside a running server otherwise (a token is one
// row, and the server rereads tokens).

// tokenHolder is the lock holder name of the token commands: they finish in
// milliseconds, so whoever finds one holding the dir waits for it.
const tokenHolder = "token"

// lockWait bounds that wait.
const lockWait = 5 * time.Second

// opened is a store with the data dir lock it was opened under, if any.
type opened struct {
	*sqlstore.Store
	lock *sqlite.DirLock
}

// Close closes the store, then gives up the dir.
func (o *opened) Close() error {
	err := o.Store.Close()
	if e := o.lock.Release(); err == nil {
		err = e
	}
	return err
}

// isNew reports whether the SQLite data dir holds no store yet, so that the
// user hears where a new one was made (a mistyped --data would otherwise
// look like lost data).
func (o *storeOpts) isNew() bool {
	if !o.sqlite() {
		return false
	}
	_, err := os.Stat(sqlite.Path(o.data))
	return errors.Is(err, os.ErrNotExist)
}

// lockDir takes the data dir for holder, waiting out a token command but not
// a server or a migration.
func lockDir(ctx context.Context, dir, holder string) (*sqlite.DirLock, error) {
	deadline := time.Now().Add(lockWait)
	for {
		l, err := sqlite.LockDir(dir, holder)
		var le *sqlite.LockedError
		// An empty holder is a process that has just taken the lock and not
		// yet written its name.
		if !errors.As(err, &le) || (le.Holder != tokenHolder && le.Holder != "") || time.Now().After(deadline) {
			return l, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// openExclusive opens the store for serve: the dir locked for the server's
// lifetime, pending migrations applied.
func (o *storeOpts) openExclusive(ctx context.Context, holder string, opts sqlstore.Options, sync sqlite.Sync) (*opened, error) {
	if !o.sqlite() {
		st, err := postgres.Open(ctx, postgres.Config{DSN: o.postgres, Options: opts, Migrate: true})
		if err != nil {
			return nil, err
		}
		return &opened{Store: st}, nil
	}
	lock, err := lockDir(ctx, o.data, holder)
	if err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, sqlite.Config{Dir: o.data, Sync: sync, Options: opts, Migrate: true})
	if err != nil {
		lock.Release()
		return nil, err
	}
	return &opened{Store: st, lock: lock}, nil
}

// openBeside opens the store for a token command, beside a server if one
// runs. Only the lock's holder may migrate: beside a server the schema is
// the server's, and a pending migration is an error that says to run
// `kopernik migrate`. Its one write is synced in full: the token has been
// handed out once the command prints it.
func (o *storeOpts) openBeside(ctx context.Context, opts sqlstore.Options) (*opened, error) {
	if !o.sqlite() {
		st, err := postgres.Open(ctx, postgres.Config{DSN: o.postgres, Options: opts, Migrate: true})
		if err != nil {
			return nil, err
		}
		return &opened{Store: st}, nil
	}
	lock, err := lockDir(ctx, o.data, tokenHolder)
	var le *sqlite.LockedError
	if err != nil && !errors.As(err, &le) {
		return nil, err
	}
	st, err := sqlite.Open(ctx, sqlite.Config{Dir: o.data, Sync: sqlite.SyncFull, Options: opts, Migrate: lock != nil})
	if err != nil {
		lock.Release()
		return nil, err
	}
	return &opened{Store: st, lock: lock}, nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
