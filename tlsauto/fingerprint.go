package tlsauto

import (
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"strings"
)

// Fingerprint is the SHA-256 fingerprint of a certificate in the form
// `openssl x509 -fingerprint -sha256` prints, so users can compare the two.
func Fingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}
