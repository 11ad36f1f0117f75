package sqlite_test

import (
	"context"
	"testing"

	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/storetest"
)

// TestI10_DeepPagesFollowWrites: pages continued from remembered page
// boundaries equal OFFSET's pages after every kind of write.
func TestI10_DeepPagesFollowWrites(t *testing.T) {
	st, err := sqlite.Open(context.Background(), sqlite.Config{Dir: t.TempDir(), Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	storetest.DeepPages(t, st, st)
}
