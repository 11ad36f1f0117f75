package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kopernik/kopernik/sqlite"
)

// TestI9_3_DirLockIsExclusiveAndNamesHolder: a second holder of one data dir
// is refused with the dir and the first holder's PID; after Release the dir
// can be taken again.
func TestI9_3_DirLockIsExclusiveAndNamesHolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "data")
	first, err := sqlite.LockDir(dir, "serve")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("LockDir did not create the dir: %v", err)
	}
	_, err = sqlite.LockDir(dir, "migrate")
	var le *sqlite.LockedError
	if !errors.As(err, &le) {
		t.Fatalf("second LockDir: want *LockedError, got %v", err)
	}
	if le.PID != os.Getpid() || le.Holder != "serve" || le.Dir != dir {
		t.Fatalf("LockedError = %+v, want PID %d, holder serve, dir %s", le, os.Getpid(), dir)
	}
	for _, want := range []string{dir, "process " + strconv.Itoa(os.Getpid()), "kopernik serve"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not name %q", err, want)
		}
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	again, err := sqlite.LockDir(dir, "token")
	if err != nil {
		t.Fatalf("after Release: %v", err)
	}
	defer again.Release()
	_, err = sqlite.LockDir(dir, "serve")
	if !errors.As(err, &le) || le.Holder != "token" {
		t.Fatalf("the new holder is not recorded: %v", err)
	}
}

// TestI9_5_MigrateOnlyReportsAppliedVersions: `kopernik migrate` can say
// what it did, and that a second run had nothing to do.
func TestI9_5_MigrateOnlyReportsAppliedVersions(t *testing.T) {
	dir := t.TempDir()
	m, err := sqlite.MigrateOnly(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.From != 0 || m.To < 1 || len(m.Applied) == 0 || m.Applied[0] < 1 || m.Applied[len(m.Applied)-1] != m.To {
		t.Fatalf("first run on an empty dir: %+v", m)
	}
	m2, err := sqlite.MigrateOnly(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if m2.From != m.To || m2.To != m.To || len(m2.Applied) != 0 {
		t.Fatalf("second run: %+v, want nothing applied at version %d", m2, m.To)
	}
}
