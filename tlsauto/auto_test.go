package tlsauto

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

func readFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, name := range []string{CACertFile, caKeyFile, serverCertFile, serverKeyFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = b
	}
	return m
}

func mustCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	c, err := readCertFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Issue 14 §1: `auto` creates its CA and server certificate once and reuses
// them on every later start: same files, same serials, same fingerprint.
func TestTLS14_1_AutoReusesCertificatesAcrossRestarts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), DirName)
	first, err := LoadOrCreate(dir, []string{"kopernik.test"})
	if err != nil {
		t.Fatal(err)
	}
	files := readFiles(t, dir)
	ca := mustCert(t, first.CAFile())
	server := mustCert(t, filepath.Join(dir, serverCertFile))

	second, err := LoadOrCreate(dir, []string{"kopernik.test"})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range readFiles(t, dir) {
		if !bytes.Equal(b, files[name]) {
			t.Errorf("%s changed on the second start", name)
		}
	}
	ca2 := mustCert(t, second.CAFile())
	if Fingerprint(ca2) != Fingerprint(ca) || ca2.SerialNumber.Cmp(ca.SerialNumber) != 0 {
		t.Errorf("CA fingerprint %s serial %v, was %s serial %v", Fingerprint(ca2), ca2.SerialNumber, Fingerprint(ca), ca.SerialNumber)
	}
	served, err := second.TLSConfig().GetCertificate(&tls.ClientHelloInfo{})
	if err != nil {
		t.Fatal(err)
	}
	if served.Leaf.SerialNumber.Cmp(server.SerialNumber) != 0 {
		t.Errorf("second start serves serial %v, the first issued %v", served.Leaf.SerialNumber, server.SerialNumber)
	}

	for name, want := range map[string]os.FileMode{caKeyFile: 0o600, serverKeyFile: 0o600, CACertFile: 0o644, serverCertFile: 0o644} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", name, fi.Mode().Perm(), want)
		}
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v (%v), want 0700", fi.Mode().Perm(), err)
	}
	if !ca.IsCA || !ca.MaxPathLenZero || server.IsCA {
		t.Errorf("CA IsCA=%v MaxPathLenZero=%v; server IsCA=%v", ca.IsCA, ca.MaxPathLenZero, server.IsCA)
	}
}

// A start for a host the server certificate does not name re-issues the
// server certificate only; the CA clients trust stays.
func TestTLS14_1_AutoReissuesServerCertForNewHost(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadOrCreate(dir, []string{"one.test"}); err != nil {
		t.Fatal(err)
	}
	before := readFiles(t, dir)
	a, err := LoadOrCreate(dir, []string{"Two.Test", "192.0.2.7"})
	if err != nil {
		t.Fatal(err)
	}
	after := readFiles(t, dir)
	if !bytes.Equal(before[CACertFile], after[CACertFile]) || !bytes.Equal(before[caKeyFile], after[caKeyFile]) {
		t.Fatal("the CA changed")
	}
	if bytes.Equal(before[serverCertFile], after[serverCertFile]) || bytes.Equal(before[serverKeyFile], after[serverKeyFile]) {
		t.Fatal("the server certificate and key were not re-issued")
	}
	leaf := mustCert(t, filepath.Join(dir, serverCertFile))
	for _, h := range []string{"two.test", "192.0.2.7", "localhost", "127.0.0.1", "::1"} {
		if err := leaf.VerifyHostname(h); err != nil {
			t.Errorf("new server certificate: %v", err)
		}
	}
	if got, want := a.Names(), []string{"localhost", "two.test", "127.0.0.1", "::1", "192.0.2.7"}; !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	if err := leaf.CheckSignatureFrom(mustCert(t, a.CAFile())); err != nil {
		t.Fatal(err)
	}
}

// A server certificate close to its end is replaced at start, and while
// serving at the first handshake past the renewal point.
func TestTLS14_1_AutoRenewsServerCertNearExpiry(t *testing.T) {
	dir := t.TempDir()
	longAgo := time.Now().Add(-serverLifetime + renewBefore/2)
	if _, err := loadOrCreate(dir, nil, func() time.Time { return longAgo }); err != nil {
		t.Fatal(err)
	}
	old := readFiles(t, dir)
	if _, err := LoadOrCreate(dir, nil); err != nil {
		t.Fatal(err)
	}
	now := readFiles(t, dir)
	if !bytes.Equal(old[CACertFile], now[CACertFile]) {
		t.Fatal("the CA changed")
	}
	if bytes.Equal(old[serverCertFile], now[serverCertFile]) {
		t.Fatal("a server certificate expiring within the renewal window was kept at start")
	}

	var mu sync.Mutex
	clock := time.Now()
	a, err := loadOrCreate(dir, nil, func() time.Time { mu.Lock(); defer mu.Unlock(); return clock })
	if err != nil {
		t.Fatal(err)
	}
	conf := a.TLSConfig()
	c1, _ := conf.GetCertificate(&tls.ClientHelloInfo{})
	mu.Lock()
	clock = clock.Add(serverLifetime - renewBefore/2)
	mu.Unlock()
	c2, _ := conf.GetCertificate(&tls.ClientHelloInfo{})
	if c2.Leaf.SerialNumber.Cmp(c1.Leaf.SerialNumber) == 0 {
		t.Fatal("a running server kept serving a certificate inside the renewal window")
	}
	if !c2.Leaf.NotAfter.After(c1.Leaf.NotAfter) {
		t.Fatalf("renewed certificate ends %v, the old one %v", c2.Leaf.NotAfter, c1.Leaf.NotAfter)
	}
	if onDisk := mustCert(t, filepath.Join(dir, serverCertFile)); onDisk.SerialNumber.Cmp(c2.Leaf.SerialNumber) != 0 {
		t.Fatal("the renewed certificate was not written to the directory")
	}
}

// Issue 14 §1: a client that trusts only the CA verifies the server as
// localhost, 127.0.0.1 and ::1; one that does not trust it, or asks for a
// name not covered, is refused.
func TestTLS14_1_ClientTrustingOnlyTheCAVerifiesServer(t *testing.T) {
	a := autoCerts(t)
	roots := caPool(t, a.CAFile())
	ts := startServer(t, "tcp", "127.0.0.1:0", a.TLSConfig(), ListenerOptions{}, 5*time.Second)
	client := newClient(roots, false)
	for _, host := range []string{"localhost", "127.0.0.1"} {
		if got := get(t, client, "https://"+host+":"+ts.port+"/"); got != "tls" {
			t.Fatalf("%s: %q", host, got)
		}
	}
	if ts6 := tryStartV6(t, a); ts6 != nil {
		if got := get(t, client, "https://[::1]:"+ts6.port+"/"); got != "tls" {
			t.Fatalf("::1: %q", got)
		}
	}

	_, err := tryGet(newClient(x509.NewCertPool(), false), "https://localhost:"+ts.port+"/")
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("client not trusting the CA: %v, want an unknown authority error", err)
	}
	conn, err := tls.Dial("tcp", ts.addr, &tls.Config{RootCAs: roots, ServerName: "elsewhere.test"})
	if err == nil {
		conn.Close()
	}
	var wrongHost x509.HostnameError
	if !errors.As(err, &wrongHost) {
		t.Fatalf("name not covered: %v, want a host name error", err)
	}
}

func tryStartV6(t *testing.T, a *Auto) *testServer {
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Logf("no IPv6 loopback here (%v); ::1 not checked", err)
		return nil
	}
	ln.Close()
	return startServer(t, "tcp6", "[::1]:0", a.TLSConfig(), ListenerOptions{}, 5*time.Second)
}

// A CA certificate whose key is gone is never silently replaced: clients
// may trust it, so the start fails and says what to do.
func TestTLS14_1_AutoKeepsCAWhoseKeyIsMissing(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadOrCreate(dir, nil); err != nil {
		t.Fatal(err)
	}
	ca := readFiles(t, dir)[CACertFile]
	if err := os.Remove(filepath.Join(dir, caKeyFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreate(dir, nil); err == nil {
		t.Fatal("start succeeded without the CA key")
	}
	if now, _ := os.ReadFile(filepath.Join(dir, CACertFile)); !bytes.Equal(now, ca) {
		t.Fatal("the CA certificate was replaced")
	}
}

// A CA key without its certificate is what a crash during the first start
// leaves: nobody can trust a certificate never written, so a new CA is made.
func TestTLS14_1_AutoRecreatesCAAfterCrashBeforeItsCertificate(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadOrCreate(dir, nil); err != nil {
		t.Fatal(err)
	}
	old := readFiles(t, dir)
	os.Remove(filepath.Join(dir, CACertFile))
	if _, err := LoadOrCreate(dir, nil); err != nil {
		t.Fatal(err)
	}
	now := readFiles(t, dir)
	if bytes.Equal(old[caKeyFile], now[caKeyFile]) {
		t.Fatal("kept a CA key whose certificate was never written")
	}
	leaf := mustCert(t, filepath.Join(dir, serverCertFile))
	if err := leaf.CheckSignatureFrom(mustCert(t, filepath.Join(dir, CACertFile))); err != nil {
		t.Fatalf("server certificate not re-issued by the new CA: %v", err)
	}
}

// A damaged or mismatched server pair is replaced, signed by the same CA.
func TestTLS14_1_AutoReplacesBrokenServerPair(t *testing.T) {
	for name, damage := range map[string]func(dir string){
		"garbled certificate": func(dir string) {
			os.WriteFile(filepath.Join(dir, serverCertFile), []byte("not a certificate"), 0o644)
		},
		"key of another pair": func(dir string) {
			other := t.TempDir()
			if _, err := LoadOrCreate(other, nil); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(filepath.Join(other, serverKeyFile))
			os.WriteFile(filepath.Join(dir, serverKeyFile), b, 0o600)
		},
		"signed by another CA": func(dir string) {
			other := t.TempDir()
			if _, err := LoadOrCreate(other, nil); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{serverCertFile, serverKeyFile} {
				b, _ := os.ReadFile(filepath.Join(other, f))
				os.WriteFile(filepath.Join(dir, f), b, 0o600)
			}
		},
		"missing key": func(dir string) { os.Remove(filepath.Join(dir, serverKeyFile)) },
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := LoadOrCreate(dir, nil); err != nil {
				t.Fatal(err)
			}
			ca := readFiles(t, dir)[CACertFile]
			damage(dir)
			a, err := LoadOrCreate(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(readFiles(t, dir)[CACertFile], ca) {
				t.Fatal("the CA changed")
			}
			pair, err := tls.LoadX509KeyPair(filepath.Join(dir, serverCertFile), filepath.Join(dir, serverKeyFile))
			if err != nil {
				t.Fatal(err)
			}
			if err := pair.Leaf.CheckSignatureFrom(mustCert(t, a.CAFile())); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Servers starting together on a fresh directory end up with one CA.
func TestTLS14_1_AutoConcurrentFirstStartsShareOneCA(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	cas := make([][]byte, 4)
	for i := range cas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := LoadOrCreate(dir, nil)
			if err != nil {
				t.Error(err)
				return
			}
			cas[i] = a.ca.cert.Raw
		}()
	}
	wg.Wait()
	onDisk := mustCert(t, filepath.Join(dir, CACertFile)).Raw
	for i, raw := range cas {
		if !bytes.Equal(raw, onDisk) {
			t.Errorf("start %d holds a CA other than the one on disk", i)
		}
	}
}

func TestTLS14_1_CertHostsNormalised(t *testing.T) {
	got := certHosts([]string{"[::1]", "API.Example.org.", "127.0.0.1", "", "fe80::1%eth0", "0:0::0:1", "api.example.org"})
	want := []string{"localhost", "127.0.0.1", "::1", "api.example.org"}
	if !slices.Equal(got, want) {
		t.Fatalf("certHosts = %v, want %v", got, want)
	}
}
