package postgres_test

import (
	"testing"

	"github.com/kopernik/kopernik/storetest"
)

// TestI10_DeepPagesFollowWrites: pages continued from remembered page
// boundaries equal OFFSET's pages after every kind of write.
func TestI10_DeepPagesFollowWrites(t *testing.T) {
	st := openNode(t, storetest.PostgresSchema(t), 0)
	storetest.DeepPages(t, st, st)
}

// TestI10_DeepPagesFollowOtherNodesWrites: the boundaries one node remembers
// must not survive a write through another node on the same schema.
func TestI10_DeepPagesFollowOtherNodesWrites(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	storetest.DeepPages(t, openNode(t, dsn, 0), openNode(t, dsn, 0))
}
