package main

import (
	"os"
	"runtime/debug"
)

// tuneGC lets a node on PostgreSQL collect garbage less often. Such a node
// keeps no data of its own (its RSS stays near 40 MB under load) and
// allocates per request, so with Go's default of collecting at every
// doubling of a small heap the collector took 7 % of the server's CPU per
// write. SQLite keeps its page cache in the same process and its RSS near
// the 200 MB bound, so it keeps the default. A GOGC the operator set wins.
func tuneGC(sqlite bool) {
	if sqlite || os.Getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(400)
}
