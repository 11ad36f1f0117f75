package tlsauto

import (
	"crypto/tls"
	"crypto/x509"
)

func baseConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		// HTTP/1.1 only, as on the plain side of the port: the clients this
		// exists for are curl-based and send one small request at a time,
		// and one protocol keeps both sides behaving the same.
		NextProtos: []string{"http/1.1"},
	}
}

func certNames(leaf *x509.Certificate) []string {
	names := append([]string{}, leaf.DNSNames...)
	for _, ip := range leaf.IPAddresses {
		names = append(names, ip.String())
	}
	return names
}
