package main

import (
	"net"
	"strconv"
	"strings"
	"testing"
)

// TestI9_5_ListenURLIsCallable: a server on every interface is announced
// with a URL a client on this machine can call, not http://[::]:port.
func TestI9_5_ListenURLIsCallable(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "0.0.0.0:0", "[::]:0", "[::1]:0"} {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Logf("%s: %v (no such interface here)", addr, err)
			continue
		}
		u := listenURL(ln.Addr())
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if !strings.HasPrefix(u, "http://127.0.0.1:") && !strings.HasPrefix(u, "http://[::1]:") {
			t.Errorf("%s: url %q is not a loopback URL", addr, u)
		}
		if !strings.HasSuffix(u, ":"+strconv.Itoa(port)) {
			t.Errorf("%s: url %q does not carry port %d", addr, u, port)
		}
	}
}

// TestI9_5_TokenHintCommand: the hint names the command the user can run,
// quotes a data dir for the shell, and never prints a DSN.
func TestI9_5_TokenHintCommand(t *testing.T) {
	cases := []struct {
		exe   string
		store storeOpts
		want  string
	}{
		{"/usr/local/bin/kopernik", storeOpts{data: defaultData}, "kopernik token create --name NAME"},
		{"/usr/local/bin/kopernik", storeOpts{data: "kopernik-data/"}, "kopernik token create --name NAME"},
		{"/tmp/go-build2893/b001/exe/kopernik", storeOpts{data: "/srv/my data"}, "go run ./cmd/kopernik token create --name NAME --data '/srv/my data'"},
		{"/home/ann/.cache/go-build/x/kopernik", storeOpts{data: "it's"}, `go run ./cmd/kopernik token create --name NAME --data 'it'\''s'`},
		{"/opt/kopernik", storeOpts{data: defaultData, postgres: "postgres://u:secret@db/k"}, "kopernik token create --name NAME --postgres DSN"},
	}
	for _, c := range cases {
		if got := tokenCreateHint(c.exe, &c.store); got != c.want {
			t.Errorf("tokenCreateHint(%q, %+v) = %q, want %q", c.exe, c.store, got, c.want)
		}
	}
}
