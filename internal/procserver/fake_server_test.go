package procserver

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The tests start this test binary itself as the "server": with
// PROCSERVER_FAKE set, TestMain plays one of the behaviours below instead of
// running tests, so every case runs as a real process with real pipes and
// signals, including the ones the real binary should never show.
func TestMain(m *testing.M) {
	if mode := os.Getenv("PROCSERVER_FAKE"); mode != "" {
		os.Exit(fake(mode))
	}
	os.Exit(m.Run())
}

func logLine(msg string, kv ...string) {
	m := map[string]string{"time": time.Now().Format(time.RFC3339Nano), "level": "INFO", "msg": msg}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	b, _ := json.Marshal(m)
	fmt.Fprintf(os.Stderr, "%s\n", b)
}

func fake(mode string) int {
	args := strings.Join(os.Args[1:], " ")
	switch mode {
	case "token":
		if args != "token create --name bench --data /nowhere" {
			fmt.Fprintln(os.Stderr, "unexpected arguments:", args)
			return 2
		}
		fmt.Printf("tok-%s\n", os.Getenv("FAKE_WORD"))
		return 0
	case "token-words":
		fmt.Println("Created token abc")
		return 0
	case "token-fail":
		fmt.Fprintln(os.Stderr, "no such data dir")
		return 1
	case "exit":
		fmt.Fprintln(os.Stderr, "cannot open store: permission denied")
		return 3
	case "silent":
		time.Sleep(time.Minute)
		return 0
	}
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	if mode == "ignore-term" {
		signal.Ignore(syscall.SIGTERM)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	addr := ln.Addr().String()
	if mode == "public" {
		_, port, _ := net.SplitHostPort(addr)
		addr = "0.0.0.0:" + port
	}
	if mode == "long-line" {
		fmt.Fprintf(os.Stderr, "%s\n", strings.Repeat("x", 3<<20))
	}
	logLine("debug listening", "addr", "127.0.0.1:1")
	logLine("opened store", "args", args)
	logLine("listening", "addr", addr)
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		logLine("request", "path", r.URL.Path)
		fmt.Fprintf(w, "%s|%s", args, os.Getenv("FAKE_WORD"))
	}))
	if mode == "ignore-term" {
		time.Sleep(time.Minute)
		return 0
	}
	<-term
	logLine("stopped")
	if mode == "fail-on-term" {
		return 4
	}
	return 0
}
