package main

import (
	"net/http"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik/console"
)

func adminFlag(dst *bool) cli.Flag {
	return &cli.BoolFlag{Name: "admin", Value: true, Destination: dst, Sources: cli.EnvVars("KOPERNIK_ADMIN"),
		Usage:       "serve the admin console at /admin/ (static files; it uses the REST API with the token the user signs in with)",
		DefaultText: "on"}
}

// withConsole puts the console in front of the API unless it is turned off;
// off, /admin/ is just another unknown API path.
func withConsole(api http.Handler, on bool) http.Handler {
	if !on {
		return api
	}
	return console.Mount(api)
}
