package tlsauto

import (
	"crypto/tls"
	"fmt"
	"os"
	"sync"
	"time"
)

// recheckGiven is how often the given files are looked at again, so a
// renewed certificate (certbot, a secrets manager) is served without a
// restart; a stat every minute costs nothing.
var recheckGiven = time.Minute

// givenPair is the `--tls-cert FILE --tls-key FILE` certificate source.
type givenPair struct {
	certFile, keyFile string

	mu      sync.Mutex
	cert    *tls.Certificate
	stamp   [2]fileStamp
	checked time.Time
}

type fileStamp struct {
	mod  time.Time
	size int64
}

// FromFiles serves the certificate chain in certFile (PEM, leaf first) with
// the key in keyFile. It fails now when they cannot be loaded or do not
// match. While serving, changed files are loaded again; a pair caught half
// rewritten is ignored until it matches again.
func FromFiles(certFile, keyFile string) (*tls.Config, error) {
	g := &givenPair{certFile: certFile, keyFile: keyFile}
	if err := g.load(); err != nil {
		return nil, err
	}
	g.checked = time.Now()
	c := baseConfig()
	c.GetCertificate = func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return g.current(), nil }
	return c, nil
}

func (g *givenPair) load() error {
	st, err := g.stamps()
	if err != nil {
		return err
	}
	c, err := tls.LoadX509KeyPair(g.certFile, g.keyFile)
	if err != nil {
		return fmt.Errorf("TLS certificate %s with key %s: %w", g.certFile, g.keyFile, err)
	}
	g.cert, g.stamp = &c, st
	return nil
}

func (g *givenPair) stamps() ([2]fileStamp, error) {
	var st [2]fileStamp
	for i, name := range []string{g.certFile, g.keyFile} {
		fi, err := os.Stat(name)
		if err != nil {
			return st, err
		}
		st[i] = fileStamp{fi.ModTime(), fi.Size()}
	}
	return st, nil
}

func (g *givenPair) current() *tls.Certificate {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	if now.Sub(g.checked) < recheckGiven {
		return g.cert
	}
	g.checked = now
	if st, err := g.stamps(); err == nil && st != g.stamp {
		_ = g.load() // on failure the previous pair keeps serving
	}
	return g.cert
}
