//go:build unix

package tlsauto

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir serialises certificate changes between processes (and goroutines:
// flock locks belong to the open file, not the process) sharing a data
// directory, so two servers starting at once cannot pair one's certificate
// with the other's key.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) { // a signal during the wait
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
