package main

import (
	"os"
	"path/filepath"
	"strings"
)

// tokenCreateHint is the command that creates a token for this server's
// store, as the user can type it. After `go run ./cmd/kopernik serve` there is
// no kopernik on the PATH: the binary lives in a go-build work dir and is
// deleted when the server stops.
func tokenCreateHint(exe string, store *storeOpts) string {
	cmd := "kopernik"
	if builtByGoRun(exe) {
		cmd = "go run ./cmd/kopernik"
	}
	cmd += " token create --name NAME"
	switch {
	case !store.sqlite():
		// Not the DSN itself: it may hold a password, and the hint is read
		// over shoulders and pasted into chats.
		cmd += " --postgres DSN"
	case filepath.Clean(store.data) != filepath.Clean(defaultData):
		cmd += " --data " + shellQuote(store.data)
	}
	return cmd
}

func executable() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return exe
}

// builtByGoRun: go run links into $GOTMPDIR (or the temp dir)/go-buildNNN/…/exe/.
func builtByGoRun(exe string) bool {
	for _, part := range strings.Split(filepath.ToSlash(exe), "/") {
		if strings.HasPrefix(part, "go-build") {
			return true
		}
	}
	return false
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+=,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
