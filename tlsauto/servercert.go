package tlsauto

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"net"
	"path/filepath"
	"strings"
	"time"
)

// Clients trust the CA, not the server certificate, so the latter can be
// short-lived and replaced freely. 397 days is the longest lifetime browsers
// accept for a server certificate.
const (
	serverLifetime = 397 * 24 * time.Hour
	renewBefore    = 30 * 24 * time.Hour
)

// defaultHosts are always covered: a client on the same machine reaches
// Kopernik by one of them whatever the listen address.
var defaultHosts = []string{"localhost", "127.0.0.1", "::1"}

// loadOrIssueServer returns the server certificate in dir when it is still
// good for hosts, or issues a new one signed by ca.
func loadOrIssueServer(dir string, ca *localCA, hosts []string, now time.Time) (*tls.Certificate, error) {
	certPath := filepath.Join(dir, serverCertFile)
	keyPath := filepath.Join(dir, serverKeyFile)
	if c, err := tls.LoadX509KeyPair(certPath, keyPath); err == nil && serverCertGood(c.Leaf, ca, hosts, now) {
		return &c, nil
	}
	// Missing, unreadable, not matching its key, from another CA, not
	// covering a host, or near expiry: all are fixed the same way.
	return issueServer(certPath, keyPath, ca, hosts, now)
}

func serverCertGood(leaf *x509.Certificate, ca *localCA, hosts []string, now time.Time) bool {
	if leaf == nil || leaf.CheckSignatureFrom(ca.cert) != nil {
		return false
	}
	if now.Before(leaf.NotBefore) || needsRenewal(leaf, now) {
		return false
	}
	for _, h := range hosts {
		if leaf.VerifyHostname(h) != nil {
			return false
		}
	}
	return true
}

func needsRenewal(leaf *x509.Certificate, now time.Time) bool {
	return now.Add(renewBefore).After(leaf.NotAfter)
}

func issueServer(certPath, keyPath string, ca *localCA, hosts []string, now time.Time) (*tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{Organization: []string{"Kopernik"}, CommonName: hosts[0]},
		NotBefore:    now.Add(-clockSkew),
		NotAfter:     now.Add(serverLifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Public(), ca.key)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	// A crash between the two writes leaves a pair that does not match,
	// which the next start replaces.
	if err := writeKeyFile(keyPath, key); err != nil {
		return nil, err
	}
	if err := writeCertFile(certPath, der); err != nil {
		return nil, err
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

// certHosts puts the defaults first, then hosts, normalised and without
// repeats; names that cannot appear in a certificate are dropped.
func certHosts(hosts []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, h := range append(append([]string{}, defaultHosts...), hosts...) {
		h = strings.ToLower(strings.TrimSuffix(strings.Trim(strings.TrimSpace(h), "[]"), "."))
		if h == "" || strings.ContainsAny(h, "%/ *") {
			continue // empty, zoned IPv6, or not a host name at all
		}
		if ip := net.ParseIP(h); ip != nil {
			h = ip.String()
		}
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}
