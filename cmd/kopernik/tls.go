package main

import (
	"crypto/tls"
	"errors"
	"net"
	"net/url"
	"path/filepath"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik/tlsauto"
)

// tlsOpts are serve's TLS settings. TLS and plain HTTP share the API port
// (tlsauto tells them apart by the first byte), because Copernica's PHP class
// reads over https and writes over plain http to the same host and port.
type tlsOpts struct {
	mode     string // "" or "auto"
	certFile string
	keyFile  string
	dir      string
}

func (o *tlsOpts) flags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "tls", Destination: &o.mode, Sources: cli.EnvVars("KOPERNIK_TLS"),
			Usage: "`auto`: also serve TLS on the API port, with a local CA and certificate made once in --tls-dir " +
				"(see: kopernik cert); plain HTTP keeps working on the same port",
			DefaultText: "off", Validator: validTLSMode},
		&cli.StringFlag{Name: "tls-cert", Destination: &o.certFile, Sources: cli.EnvVars("KOPERNIK_TLS_CERT"), TakesFile: true,
			Usage: "serve TLS (beside plain HTTP) with this certificate chain (PEM), instead of --tls auto; needs --tls-key", DefaultText: "none"},
		&cli.StringFlag{Name: "tls-key", Destination: &o.keyFile, Sources: cli.EnvVars("KOPERNIK_TLS_KEY"), TakesFile: true,
			Usage: "the private key (PEM) of --tls-cert", DefaultText: "none"},
		&cli.StringFlag{Name: "tls-dir", Destination: &o.dir, Sources: cli.EnvVars("KOPERNIK_TLS_DIR"), TakesFile: true,
			Usage: "where --tls auto keeps its CA and certificate; required with --postgres", DefaultText: "DATA/" + tlsauto.DirName},
	}
}

func validTLSMode(s string) error {
	if s == "" || s == "auto" {
		return nil
	}
	return errors.New(`must be "auto" (or --tls-cert FILE --tls-key FILE for certificates of your own)`)
}

// check refuses settings that contradict each other before anything starts.
func (o *tlsOpts) check(cmd *cli.Command, store *storeOpts) error {
	if (o.certFile == "") != (o.keyFile == "") {
		return usagef(cmd, "--tls-cert (KOPERNIK_TLS_CERT) and --tls-key (KOPERNIK_TLS_KEY) go together: give both")
	}
	if o.mode == "auto" && o.certFile != "" {
		return usagef(cmd, "--tls auto makes its own certificate; --tls-cert and --tls-key give one: choose one of them")
	}
	if o.dir != "" && o.mode != "auto" {
		return usagef(cmd, "--tls-dir (KOPERNIK_TLS_DIR) only applies to --tls auto")
	}
	if o.mode == "auto" && o.dir == "" && !store.sqlite() {
		// Without a data dir there is no obvious place; a directory chosen
		// silently (the working directory) would be a second CA per node.
		return usagef(cmd, "--tls auto with --postgres needs --tls-dir DIR for its CA and certificate "+
			"(with several nodes, give every node the same certificate with --tls-cert and --tls-key instead)")
	}
	return nil
}

func (o *tlsOpts) enabled() bool { return o.mode == "auto" || o.certFile != "" }

// autoDir is where --tls auto keeps its files.
func (o *tlsOpts) autoDir(store *storeOpts) string {
	if o.dir != "" {
		return o.dir
	}
	return filepath.Join(store.data, tlsauto.DirName)
}

// tlsSetup is what serve learnt from the TLS settings, for the start line.
type tlsSetup struct {
	conf  *tls.Config
	attrs []any
}

// setup loads or creates the certificates. The auto certificate names the
// listen host and the --public-url host besides localhost and the loopback
// addresses, so a client reaching the server by either verifies it.
func (o *tlsOpts) setup(store *storeOpts, listen, publicURL string) (*tlsSetup, error) {
	if o.certFile != "" {
		conf, err := tlsauto.FromFiles(o.certFile, o.keyFile)
		if err != nil {
			return nil, err
		}
		return &tlsSetup{conf: conf, attrs: []any{"tls", "files", "tls_cert", absPath(o.certFile)}}, nil
	}
	hosts, err := tlsauto.ListenHosts(listen)
	if err != nil {
		return nil, err
	}
	if h := publicHost(publicURL); h != "" {
		hosts = append(hosts, h)
	}
	a, err := tlsauto.LoadOrCreate(o.autoDir(store), hosts)
	if err != nil {
		return nil, err
	}
	return &tlsSetup{conf: a.TLSConfig(), attrs: []any{"tls", "auto", "tls_ca", absPath(a.CAFile()), "tls_names", a.Names()}}, nil
}

// publicHost is the host of --public-url without its port.
func publicHost(publicURL string) string {
	if publicURL == "" {
		return ""
	}
	u, err := url.Parse(publicURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// listen wraps ln so that it serves TLS beside plain HTTP.
func (t *tlsSetup) listen(ln net.Listener) net.Listener {
	if t == nil {
		return ln
	}
	return tlsauto.NewListener(ln, t.conf, tlsauto.ListenerOptions{})
}
