package imports

import (
	"errors"
	"io"
	"runtime"
	"testing"
)

// readAll drains a reader, keeping rows and row errors apart; a source error
// ends the walk and is returned.
func readAll(t *testing.T, r Reader) (rows []Row, rowErrs []*RowError, err error) {
	t.Helper()
	for {
		row, err := r.Next()
		if err == io.EOF {
			return rows, rowErrs, nil
		}
		var re *RowError
		if errors.As(err, &re) {
			rowErrs = append(rowErrs, re)
			continue
		}
		if err != nil {
			return rows, rowErrs, err
		}
		rows = append(rows, row)
	}
}

// sourceLine returns the line of a *SourceError, failing the test otherwise.
func sourceLine(t *testing.T, err error) int64 {
	t.Helper()
	var se *SourceError
	if !errors.As(err, &se) {
		t.Fatalf("want a *SourceError, got %T %v", err, err)
	}
	return se.Line
}

// heapPeak calls step until it returns false and reports the largest live
// heap seen, sampled after a collection every few thousand steps. A reader
// that kept what it read would show its input size here.
func heapPeak(step func() bool) uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	for i := 0; step(); i++ {
		if i%20_000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > base && ms.HeapAlloc-base > peak {
				peak = ms.HeapAlloc - base
			}
		}
	}
	return peak
}
