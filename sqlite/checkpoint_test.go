package sqlite

import (
	"context"
	"encoding/binary"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
)

// TestWALStaysBoundedUnderSteadyWrites: writers and readers never pause, and
// the write-ahead log must still start over instead of growing with every
// write. The thresholds are scaled down so a few seconds of load cross them
// many times.
func TestWALStaysBoundedUnderSteadyWrites(t *testing.T) {
	oldFrames, oldLimit := walResetFrames, walSizeLimit
	walResetFrames, walSizeLimit = 256, 1<<20
	t.Cleanup(func() { walResetFrames, walSizeLimit = oldFrames, oldLimit })

	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, Config{Dir: dir, Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	name := "wal"
	db, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	o := kopernik.DatabaseOwner(db)
	fname, ft, yes := "note", kopernik.TypeText, true
	if _, err := st.CreateField(ctx, o, kopernik.FieldInput{Name: &fname, Type: &ft, Index: &yes}); err != nil {
		t.Fatal(err)
	}

	walPath := Path(dir) + "-wal"
	var maxWAL atomic.Int64
	var created atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			note := strings.Repeat("x", 300)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				m := &kopernik.Map{}
				m.Set("note", note+string(rune('a'+(i+w)%26)))
				id, err := st.CreateEntity(ctx, o, 0, kopernik.EntityInput{Fields: m})
				if err != nil {
					t.Error(err)
					return
				}
				created.Add(1)
				if _, err := st.GetEntity(ctx, kopernik.OwnerDatabase, id); err != nil {
					t.Error(err)
					return
				}
			}
		}(w)
	}
	deadline := time.After(3 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
loop:
	for {
		select {
		case <-deadline:
			break loop
		case <-tick.C:
			if fi, err := os.Stat(walPath); err == nil && fi.Size() > maxWAL.Load() {
				maxWAL.Store(fi.Size())
			}
		}
	}
	close(stop)
	wg.Wait()
	// Bytes 12–15 of the log's header count its restarts.
	hdr := make([]byte, 32)
	f, err := os.Open(walPath)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadFull(f, hdr)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	restarts := binary.BigEndian.Uint32(hdr[12:16])
	t.Logf("%d profiles created; the log restarted %d times and peaked at %d bytes", created.Load(), restarts, maxWAL.Load())
	// Without restarts the log holds every page ever written (here about
	// 350 MB); with them, it peaks at what a few checkpoint intervals write.
	if restarts < 3 {
		t.Fatalf("the log restarted %d times under %d creates; it grows without bound", restarts, created.Load())
	}
	if maxWAL.Load() > 128<<20 {
		t.Fatalf("the log reached %d bytes", maxWAL.Load())
	}
}
