package tlsauto

import (
	"crypto/tls"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// DirName is the directory inside the data directory that holds the local
// CA and the server certificate.
const DirName = "tls"

// retryRenewal spaces attempts to renew while serving when one failed (a
// read-only disk, say): the old certificate is still valid for weeks.
const retryRenewal = time.Hour

// Auto is the `--tls auto` certificate source: a local CA created once in a
// directory and a server certificate signed by it, renewed when needed.
type Auto struct {
	dir   string
	hosts []string
	ca    *localCA
	now   func() time.Time

	mu        sync.Mutex
	cert      *tls.Certificate
	nextRetry time.Time
}

// LoadOrCreate makes dir (mode 0700) when missing, reuses the CA and the
// server certificate in it, creates the CA on first use, and issues a new
// server certificate when the one there does not cover hosts (besides
// localhost, 127.0.0.1 and ::1, always covered) or is near expiry.
func LoadOrCreate(dir string, hosts []string) (*Auto, error) {
	return loadOrCreate(dir, hosts, time.Now)
}

func loadOrCreate(dir string, hosts []string, now func() time.Time) (*Auto, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	a := &Auto{dir: dir, hosts: certHosts(hosts), now: now}
	if a.ca, err = loadOrCreateCA(dir, now()); err != nil {
		return nil, err
	}
	if a.cert, err = loadOrIssueServer(dir, a.ca, a.hosts, now()); err != nil {
		return nil, fmt.Errorf("server certificate in %s: %w", dir, err)
	}
	return a, nil
}

// CAFile is the path of the CA certificate clients are to trust.
func (a *Auto) CAFile() string { return filepath.Join(a.dir, CACertFile) }

// Names are the host names and addresses the current server certificate
// covers.
func (a *Auto) Names() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return certNames(a.cert.Leaf)
}

// TLSConfig serves the server certificate, renewing it in place when it
// nears expiry on a long-running server.
func (a *Auto) TLSConfig() *tls.Config {
	c := baseConfig()
	c.GetCertificate = func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return a.current(), nil }
	return c
}

func (a *Auto) current() *tls.Certificate {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	if !needsRenewal(a.cert.Leaf, now) || now.Before(a.nextRetry) {
		return a.cert
	}
	if c, err := a.renew(now); err == nil {
		a.cert = c
	} else {
		a.nextRetry = now.Add(retryRenewal)
	}
	return a.cert
}

func (a *Auto) renew(now time.Time) (*tls.Certificate, error) {
	unlock, err := lockDir(a.dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	// Another process sharing the directory may have renewed it already.
	return loadOrIssueServer(a.dir, a.ca, a.hosts, now)
}
