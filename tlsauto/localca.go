package tlsauto

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// File names inside the certificate directory.
const (
	CACertFile     = "ca.crt"
	caKeyFile      = "ca.key"
	serverCertFile = "server.crt"
	serverKeyFile  = "server.key"
)

// A CA certificate is trusted by hand on every client machine, so it lives
// long; replacing it means trusting a new one everywhere.
const caLifetime = 10 * 365 * 24 * time.Hour

// clockSkew backdates certificates so a client whose clock is slightly
// behind still accepts one issued a moment ago.
const clockSkew = time.Hour

type localCA struct {
	cert *x509.Certificate
	key  crypto.Signer
}

// loadOrCreateCA reuses the CA in dir, or creates one when there is none.
// It never replaces an existing CA certificate: clients may trust it.
func loadOrCreateCA(dir string, now time.Time) (*localCA, error) {
	certPath := filepath.Join(dir, CACertFile)
	keyPath := filepath.Join(dir, caKeyFile)
	have, err := exists(certPath)
	if err != nil {
		return nil, err
	}
	if !have {
		return createCA(certPath, keyPath, now)
	}
	cert, err := readCertFile(certPath)
	if err != nil {
		return nil, err
	}
	key, err := readKeyFile(keyPath)
	if err != nil {
		return nil, fmt.Errorf("local CA: %w (the CA certificate %s is kept, since clients may trust it; to start over with a new CA, move the directory %s away)", err, certPath, dir)
	}
	if !publicKeysEqual(cert.PublicKey, key.Public()) {
		return nil, fmt.Errorf("local CA: %s does not belong to %s; to start over with a new CA, move the directory %s away", keyPath, certPath, dir)
	}
	if !cert.IsCA {
		return nil, fmt.Errorf("local CA: %s is not a CA certificate", certPath)
	}
	if now.After(cert.NotAfter) {
		return nil, fmt.Errorf("local CA: %s expired on %s; move the directory %s away to create a new CA, then trust the new one on every client", certPath, cert.NotAfter.Format(time.DateOnly), dir)
	}
	return &localCA{cert: cert, key: key}, nil
}

func createCA(certPath, keyPath string, now time.Time) (*localCA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	name := "Kopernik local CA"
	if host != "" {
		// Tells apart the CAs of several machines in one trust store.
		name += " on " + host
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"Kopernik"}, CommonName: name},
		NotBefore:             now.Add(-clockSkew),
		NotAfter:              now.Add(caLifetime),
		IsCA:                  true,
		BasicConstraintsValid: true,
		MaxPathLenZero:        true, // it signs server certificates, never other CAs
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	// The key first: the certificate's existence is what marks the CA as
	// made, and a key without certificate is simply made again.
	if err := writeKeyFile(keyPath, key); err != nil {
		return nil, err
	}
	if err := writeCertFile(certPath, der); err != nil {
		return nil, err
	}
	return &localCA{cert: cert, key: key}, nil
}

func randomSerial() (*big.Int, error) {
	// 128 random bits, unique without a counter kept anywhere; serials
	// must be positive.
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, err
	}
	return n.Add(n, big.NewInt(1)), nil
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	ka, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && ka.Equal(b)
}
