package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/urfave/cli/v3"
)

// version is stamped by release builds:
//
//	go build -ldflags "-X main.version=1.4.0" ./cmd/kopernik
var version = "dev"

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:         "version",
		Usage:        "print the version, the commit it was built from and the Go version",
		ArgValidator: noArgs,
		Action: func(_ context.Context, cmd *cli.Command) error {
			fmt.Fprintln(cmd.Writer, versionLine())
			return nil
		},
	}
}

// versionString is the release version; `go install …@v1.4.0` records the
// module version when no -X stamp was given.
func versionString() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

// commit is the VCS revision the go command stamped into the binary (builds
// inside a checkout), marked when the tree had uncommitted changes.
func commit() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	rev, modified := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "unknown"
	}
	if modified {
		rev += " (with uncommitted changes)"
	}
	return rev
}

func versionLine() string {
	return fmt.Sprintf("kopernik %s, commit %s, %s %s/%s", versionString(), commit(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
