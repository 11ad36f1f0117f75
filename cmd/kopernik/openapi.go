package main

import (
	"context"
	"fmt"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik/httpapi"
)

// openapiCommand prints the description a server serves at /openapi.json,
// for tools that want it without a running server (client generators, CI).
func openapiCommand() *cli.Command {
	var publicURL string
	var metricsElsewhere bool
	return &cli.Command{
		Name:  "openapi",
		Usage: "print the OpenAPI 3.1 description of the API (what GET /openapi.json serves)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "public-url", Destination: &publicURL, Sources: cli.EnvVars("KOPERNIK_PUBLIC_URL"),
				Usage: "the server's base URL for the document's servers list", DefaultText: "relative", Validator: validPublicURL},
			&cli.BoolFlag{Name: "no-metrics-route", Destination: &metricsElsewhere,
				Usage: "leave /metrics out, as a server with --metrics-listen or --metrics=false serves it elsewhere or not at all", DefaultText: "off"},
		},
		ArgValidator: noArgs,
		Action: action(func(_ context.Context, cmd *cli.Command) error {
			doc, err := httpapi.OpenAPI(httpapi.OpenAPIOptions{Version: versionString(), ServerURL: publicURL, Metrics: !metricsElsewhere})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.Writer, "%s\n", doc)
			return err
		}),
	}
}
