package sqlite

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LockFile is the file inside a data directory whose lock marks the
// directory as taken. It stays in place between runs: removing it would let
// a second process lock a fresh file while the first still holds the old one.
const LockFile = "kopernik.lock"

// DirLock is an exclusive hold on a data directory. Each process has its own
// catalog snapshot and its own group-commit writer, so two servers on one
// file would each answer writes the other cannot see (a field created through
// one is unknown to the other). The lock is an OS file lock: the kernel drops
// it when the process ends, however it ends, so a restart after a crash
// never finds a stale lock.
type DirLock struct {
	f *os.File
}

// LockedError says who holds a data directory.
type LockedError struct {
	Dir string
	// PID of the holder, 0 when it had not written it yet.
	PID int
	// Holder is what the holding process said it is doing (e.g. "serve").
	Holder string
}

func (e *LockedError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = "process " + strconv.Itoa(e.PID)
		if e.Holder != "" {
			who += " (kopernik " + e.Holder + ")"
		}
	}
	return fmt.Sprintf("data dir %s is in use by %s; stop it first", e.Dir, who)
}

// LockDir takes the lock on dir without waiting, creating dir if needed.
// holder is recorded beside the PID for the message another process gets.
// A held lock yields a *LockedError.
func LockDir(dir, holder string) (*DirLock, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, err
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("locking data dir %s: %w", abs, err)
	}
	if held {
		e := &LockedError{Dir: abs}
		e.PID, e.Holder = readHolder(f)
		f.Close()
		return nil, e
	}
	// The holder's identity is only for messages: a failure to write it
	// leaves the lock itself intact.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+" "+holder+"\n"), 0)
	}
	return &DirLock{f: f}, nil
}

// Release gives the directory up. The file stays (see LockFile).
func (l *DirLock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the descriptor drops the lock
	l.f = nil
	return err
}

func readHolder(f *os.File) (pid int, holder string) {
	buf := make([]byte, 256)
	n, err := f.ReadAt(buf, 0)
	if n == 0 && err != nil {
		return 0, ""
	}
	line, _, _ := strings.Cut(string(buf[:n]), "\n")
	p, h, _ := strings.Cut(line, " ")
	pid, _ = strconv.Atoi(p)
	return pid, h
}
