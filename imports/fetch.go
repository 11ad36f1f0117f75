package imports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"github.com/kopernik/kopernik"
)

// FetchConfig is the server's configuration of `location` sources (O26:
// fetched over HTTP(S) only when enabled).
type FetchConfig struct {
	// Allow lists where the server may fetch from; empty turns fetching off.
	// An entry is a host name ("files.example.com"), a wildcard
	// ("*.example.com", "*" for any host), an address ("10.1.2.3") or a range
	// ("10.0.0.0/8"). Loopback, private and link-local addresses are reached
	// only through an entry that names them: an address or range containing
	// them, or the full host name.
	Allow []string
	// MaxBytes bounds the size of a fetched file (default 1 GiB).
	MaxBytes int64
	// Timeout bounds a whole fetch, from connecting to the last byte
	// (default 10 minutes).
	Timeout time.Duration
}

// Fetcher fetches `location` sources. A nil *Fetcher fetches nothing.
type Fetcher struct {
	rules    hostRules
	maxBytes int64
	timeout  time.Duration
	client   *http.Client
}

const maxRedirects = 5

// NewFetcher checks the configuration; with an empty allow-list it returns
// nil, which refuses every location.
func NewFetcher(cfg FetchConfig) (*Fetcher, error) {
	rules, err := parseRules(cfg.Allow)
	if err != nil {
		return nil, err
	}
	if rules.empty() {
		return nil, nil
	}
	f := &Fetcher{rules: rules, maxBytes: cfg.MaxBytes, timeout: cfg.Timeout}
	if f.maxBytes <= 0 {
		f.maxBytes = 1 << 30
	}
	if f.timeout <= 0 {
		f.timeout = 10 * time.Minute
	}
	tr := &http.Transport{
		// No proxy: the address check must see the server that is really
		// contacted, and an environment proxy would hide it.
		Proxy:                 nil,
		DialContext:           f.dial,
		TLSHandshakeTimeout:   30 * time.Second,
		ResponseHeaderTimeout: f.timeout,
		MaxIdleConns:          4,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	f.client = &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			_, err := f.rules.checkURL(req.URL.String())
			return err
		},
	}
	return f, nil
}

// Check applies the rules that need no network, for the POST: an error
// here is a 400 and nothing is stored.
func (f *Fetcher) Check(location string) error {
	if f == nil {
		return kopernik.Errorf(kopernik.EINVALID, "Fetching a location is not enabled on this server")
	}
	if _, err := f.rules.checkURL(location); err != nil {
		return kopernik.Errorf(kopernik.EINVALID, "Invalid location: %s", err)
	}
	return nil
}

// Open fetches location and streams its body; the caller closes it. The
// body fails with an error, rather than ending early, once it passes the
// size limit or the time limit.
func (f *Fetcher) Open(ctx context.Context, location string) (io.ReadCloser, error) {
	if f == nil {
		return nil, errors.New("location: fetching is not enabled on this server")
	}
	u, err := f.rules.checkURL(location)
	if err != nil {
		return nil, fmt.Errorf("location: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("location: %w", err)
	}
	req.Header.Set("User-Agent", "Kopernik import")
	resp, err := f.client.Do(req)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("location: %w", unwrapURLError(err))
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel()
		return nil, fmt.Errorf("location: HTTP %s", resp.Status)
	}
	if resp.ContentLength > f.maxBytes {
		resp.Body.Close()
		cancel()
		return nil, fmt.Errorf("location: %d bytes, more than the limit of %d", resp.ContentLength, f.maxBytes)
	}
	return &limitedBody{body: resp.Body, left: f.maxBytes, max: f.maxBytes, cancel: cancel}, nil
}

// dial resolves the host itself so that every address it connects to is
// checked, at connect time, after any DNS answer: a listed public name that
// resolves to a private address (by mistake or by rebinding) is refused
// unless the operator listed that name or address explicitly.
func (f *Fetcher) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ok, explicit := f.rules.allowsHost(host)
	if !ok {
		return nil, fmt.Errorf("host %s is not allowed", host)
	}
	d := &net.Dialer{
		Timeout: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return err
			}
			a := ap.Addr().Unmap()
			if public(a) || f.rules.listsAddr(a) || (explicit && !a.IsUnspecified()) {
				return nil
			}
			return fmt.Errorf("address %s of %s is not allowed", a, host)
		},
	}
	return d.DialContext(ctx, network, addr)
}

// unwrapURLError drops the *url.Error wrapper, whose text repeats the URL
// (and with it any credentials in it).
func unwrapURLError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return errors.New("timed out")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// limitedBody fails a read that goes past the size limit: a silently cut
// file would import as if it were whole.
type limitedBody struct {
	body   io.ReadCloser
	left   int64
	max    int64
	cancel context.CancelFunc
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells a file of exactly the limit from a longer one.
		var one [1]byte
		n, err := l.body.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("location: more than the limit of %d bytes", l.max)
		}
		return 0, timeoutText(err)
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.body.Read(p)
	l.left -= int64(n)
	return n, timeoutText(err)
}

func timeoutText(err error) error {
	if err != nil && errors.Is(err, context.DeadlineExceeded) {
		return errors.New("location: timed out")
	}
	return err
}

func (l *limitedBody) Close() error {
	err := l.body.Close()
	l.cancel()
	return err
}
