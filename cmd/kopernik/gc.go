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
//
// The fewer collections must not let a big batch of work (an import applies
// 5,000 rows at a time, with the next batch planned beside it) grow the heap
// fivefold past the 200 MB bound: a soft memory limit makes the collector
// run more often again as the heap nears it (measured: RSS 186.6 MB during
// a 1,000,000-row import on PostgreSQL with GOGC 400 alone).
func tuneGC(sqlite bool) {
	if sqlite {
		return
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(gcMemoryLimit)
	}
}

// gcMemoryLimit leaves room below the 200 MB RSS bound for what the Go
// heap does not count (stacks of idle connections, the binary itself).
const gcMemoryLimit = 140 << 20
