//go:build linux && cgo

package sqlite

/*
#include <malloc.h>
*/
import "C"

// trimFreed hands the C heap's free memory back to the system. SQLite's
// sort helper threads each sort in an allocator arena of their own; what
// they free stays resident in those arenas until trimmed, and would count
// against the server's memory for the rest of its life.
func trimFreed() { C.malloc_trim(0) }
