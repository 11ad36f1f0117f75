// Command kopernik runs the Copernica-compatible API server and its admin tasks.
package main

import (
	"fmt"
	"os"
)

const usage = `kopernik — a self-hosted server that speaks the Copernica REST API

Usage:
  kopernik serve   [--listen ADDR] [--data DIR | --postgres DSN] [--sync normal|full] [--tz ZONE] [--strict-filters]
  kopernik token create [--name NAME] [--v4-only] [--data DIR | --postgres DSN]
  kopernik token list   [--data DIR | --postgres DSN]
  kopernik token revoke ID [--data DIR | --postgres DSN]
  kopernik migrate [--data DIR | --postgres DSN]

Every flag can also be set by environment variable: KOPERNIK_LISTEN, KOPERNIK_DATA,
KOPERNIK_POSTGRES, KOPERNIK_SYNC, KOPERNIK_TZ, KOPERNIK_PUBLIC_URL, KOPERNIK_MAX_BODY,
KOPERNIK_STRICT_FILTERS.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(os.Args[2:])
	case "token":
		err = token(os.Args[2:])
	case "migrate":
		err = migrate(os.Args[2:])
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "kopernik: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kopernik:", err)
		os.Exit(1)
	}
}
