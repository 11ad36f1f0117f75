package tlsauto

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// TrustText is what `kopernik cert` prints for the certificate directory
// dir: where the CA certificate is and how to make clients trust it.
func TrustText(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	caPath := filepath.Join(abs, CACertFile)
	have, err := exists(caPath)
	if err != nil {
		return "", err
	}
	if !have {
		return fmt.Sprintf("There is no local CA in %s yet.\n`kopernik serve --tls auto` creates it there at its first start.\n", abs), nil
	}
	ca, err := readCertFile(caPath)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Kopernik's local certificate authority (CA)\n")
	fmt.Fprintf(&b, "  certificate:  %s\n", caPath)
	fmt.Fprintf(&b, "  SHA-256:      %s\n", Fingerprint(ca))
	fmt.Fprintf(&b, "  valid until:  %s\n", ca.NotAfter.UTC().Format(time.DateOnly))
	if leaf, err := readCertFile(filepath.Join(abs, serverCertFile)); err == nil && leaf.CheckSignatureFrom(ca) == nil {
		fmt.Fprintf(&b, "The server certificate it signed covers: %s\n", strings.Join(certNames(leaf), ", "))
		fmt.Fprintf(&b, "(it is renewed by Kopernik itself; only the CA needs trusting, once).\n")
	}
	fmt.Fprintf(&b, `
A client accepts Kopernik's https:// address once it trusts this CA. On
another machine, copy %[2]s there first and use that path below.

Whole system, Debian and Ubuntu (every program using the system's list, PHP
and curl included):
    sudo cp %[1]s /usr/local/share/ca-certificates/kopernik-local-ca.crt
    sudo update-ca-certificates

PHP only: in php.ini (php --ini shows which file is loaded) set
    curl.cainfo = %[1]s
    openssl.cafile = %[1]s

curl on the command line:
    curl --cacert %[1]s 'https://localhost:PORT/v2/databases?access_token=TOKEN'

Keep %[3]s (beside it, readable only by its owner) private: whoever holds
it can make certificates for any site that every machine trusting this CA
accepts.
`, caPath, CACertFile, caKeyFile)
	return b.String(), nil
}
