package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/storetest"
)

func TestStoreContract(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	storetest.Run(t, func(t *testing.T) kopernik.Store {
		st, err := sqlite.Open(context.Background(), sqlite.Config{Dir: t.TempDir(), Migrate: true, Options: sqlstore.Options{Loc: loc}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	})
}
