package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik/tlsauto"
)

// certCommand tells where `serve --tls auto` keeps its CA and how clients
// come to trust it. It only reads files: it works beside a running server.
func certCommand() *cli.Command {
	var data, dir string
	return &cli.Command{
		Name:  "cert",
		Usage: "show where the local CA of --tls auto is and how to trust it",
		Description: "The CA is made by the first `kopernik serve --tls auto` in DATA/" + tlsauto.DirName + " (or --tls-dir).\n" +
			"A client that trusts it accepts the server's https:// address.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "data", Value: defaultData, Destination: &data, Sources: cli.EnvVars("KOPERNIK_DATA"),
				Usage: "data directory of the server (its CA is in the " + tlsauto.DirName + " directory inside)", TakesFile: true, Validator: notEmpty},
			&cli.StringFlag{Name: "tls-dir", Destination: &dir, Sources: cli.EnvVars("KOPERNIK_TLS_DIR"), TakesFile: true,
				Usage: "the --tls-dir the server was given (wins over --data)", DefaultText: "DATA/" + tlsauto.DirName},
		},
		ArgValidator: noArgs,
		Action: action(func(ctx context.Context, cmd *cli.Command) error {
			if dir == "" {
				dir = filepath.Join(data, tlsauto.DirName)
			}
			text, err := tlsauto.TrustText(dir)
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.Writer, text)
			return nil
		}),
	}
}
