package tlsauto

import (
	"crypto/tls"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// copyPair puts the server pair of a fresh local CA at cert and key, and
// returns the CA file that verifies it and the pair's serial.
func copyPair(t *testing.T, cert, key string) (caFile string, serial *big.Int) {
	t.Helper()
	a := autoCerts(t)
	for src, dst := range map[string]string{serverCertFile: cert, serverKeyFile: key} {
		b, err := os.ReadFile(filepath.Join(a.dir, src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return a.CAFile(), a.cert.Leaf.SerialNumber
}

func servedSerial(t *testing.T, addr, caFile string) *big.Int {
	t.Helper()
	c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: caPool(t, caFile), ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.ConnectionState().PeerCertificates[0].SerialNumber
}

// Issue 14 §1: `--tls-cert FILE --tls-key FILE` serves the given pair, and
// picks up a renewed pair without a restart once both files match again.
func TestTLS14_1_GivenFilesServedAndReloaded(t *testing.T) {
	old := recheckGiven
	recheckGiven = 0
	defer func() { recheckGiven = old }()

	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "api.crt"), filepath.Join(dir, "api.key")
	ca1, serial1 := copyPair(t, certFile, keyFile)
	conf, err := FromFiles(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, "tcp", "127.0.0.1:0", conf, ListenerOptions{}, 5*time.Second)
	if got := get(t, newClient(caPool(t, ca1), false), "https://localhost:"+ts.port+"/"); got != "tls" {
		t.Fatalf("handler saw %q", got)
	}
	if got := get(t, newClient(nil, false), "http://localhost:"+ts.port+"/"); got != "plain" {
		t.Fatalf("handler saw %q", got)
	}

	// A renewal caught halfway: the new certificate beside the old key.
	other := t.TempDir()
	ca2, serial2 := copyPair(t, filepath.Join(other, "c"), filepath.Join(other, "k"))
	newCert, _ := os.ReadFile(filepath.Join(other, "c"))
	newKey, _ := os.ReadFile(filepath.Join(other, "k"))
	os.WriteFile(certFile, newCert, 0o600)
	if got := servedSerial(t, ts.addr, ca1); got.Cmp(serial1) != 0 {
		t.Fatalf("served serial %v mid-renewal, want the old %v", got, serial1)
	}
	os.WriteFile(keyFile, newKey, 0o600)
	if got := servedSerial(t, ts.addr, ca2); got.Cmp(serial2) != 0 {
		t.Fatalf("served serial %v after renewal, want %v", got, serial2)
	}
}

func TestTLS14_1_GivenFilesMustMatch(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "api.crt"), filepath.Join(dir, "api.key")
	copyPair(t, certFile, keyFile)
	copyPair(t, filepath.Join(dir, "other.crt"), keyFile)
	if _, err := FromFiles(certFile, keyFile); err == nil {
		t.Fatal("a certificate with someone else's key was accepted")
	}
	if _, err := FromFiles(filepath.Join(dir, "missing.crt"), keyFile); err == nil {
		t.Fatal("a missing certificate file was accepted")
	}
}
