package webhook

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/kopernik/kopernik"
)

// ErrRefused marks an attempt the server's own rules stopped before anything
// was sent: a handler that is not http(s), a host off the allow-list, or an
// address in a private range.
var ErrRefused = errors.New("webhook handler refused")

// ClientConfig configures the delivery client. Zero durations and sizes take
// the defaults of spec §7.
type ClientConfig struct {
	ConnectTimeout time.Duration // 10 s
	Timeout        time.Duration // 30 s for the whole attempt, body included
	// Rules are the ones webhooks were validated with, applied again to every
	// attempt since configuration may have changed. With RefusePrivate every
	// address the dialer is about to connect to is checked after name
	// resolution, so a name that resolves to an internal address (DNS
	// rebinding included) is refused as surely as a literal one.
	Rules
	// MaxResponseBody is how much of an answer is read (and thrown away) to
	// keep the connection reusable; receivers have nothing to say in it.
	MaxResponseBody int64 // 64 KiB
	// Signer signs every attempt; nil sends unsigned requests, which only an
	// explicit configuration for local tests should ask for.
	Signer *Signer
	Now    func() time.Time
	// TLS lets tests trust their own receivers; nil uses the system roots.
	TLS *tls.Config
}

// Client carries single delivery attempts. It is safe for concurrent use and
// keeps connections to receivers alive between attempts.
type Client struct {
	cfg ClientConfig
	hc  *http.Client
	tr  *http.Transport
}

// NewClient builds a client. Redirects are never followed: a receiver that
// moved must be reconfigured, not chased to wherever it points.
func NewClient(cfg ClientConfig) *Client {
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxResponseBody <= 0 {
		cfg.MaxResponseBody = 64 << 10
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	d := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
	if cfg.RefusePrivate {
		d.Control = refusePrivate
	}
	tr := &http.Transport{
		// No proxy: the address check must see the receiver, not a proxy,
		// and an environment variable must not reroute signed events.
		Proxy:                  nil,
		DialContext:            d.DialContext,
		TLSClientConfig:        cfg.TLS,
		TLSHandshakeTimeout:    cfg.ConnectTimeout,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           256,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	hc := &http.Client{
		Transport: tr,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	return &Client{cfg: cfg, hc: hc, tr: tr}
}

// Close drops idle connections.
func (c *Client) Close() { c.tr.CloseIdleConnections() }

// Result is what one attempt produced. Status is 0 when no response came.
type Result struct {
	Time     time.Time // start of the attempt: when it was signed (its Date)
	Sent     time.Time // when the request went out; zero if it never did
	Status   int
	RemoteIP string      // the address connected to (or last tried), "" if none
	Header   http.Header // response header, nil without a response
	Err      error
}

// Outcome classifies the attempt.
func (r Result) Outcome() Outcome { return Classify(r.Status, r.Err) }

// Deliver makes one signed POST of p to handler. Failures of every kind are
// reported inside the Result, for Policy.Decide and the failure log.
func (c *Client) Deliver(ctx context.Context, handler string, p Payload) Result {
	return c.Send(c.Prepare(ctx, handler, p))
}

// Prepared is an attempt signed and ready to send, so that the next event's
// signature can be computed while the current request is under way.
type Prepared struct {
	req *http.Request
	ip  *remoteIP
	res Result
}

// At is when the attempt was signed (its Date).
func (pr *Prepared) At() time.Time { return pr.res.Time }

// Prepare checks handler and builds and signs the request of one attempt.
// A refusal is kept in the Prepared and reported by Send.
func (c *Client) Prepare(ctx context.Context, handler string, p Payload) *Prepared {
	pr := &Prepared{res: Result{Time: c.cfg.Now()}, ip: &remoteIP{}}
	if _, err := CheckURL(handler, c.cfg.Hosts); err != nil {
		pr.res.Err = fmt.Errorf("%w: %s", ErrRefused, kopernik.ErrorMessage(err))
		return pr
	}
	ctx = httptrace.WithClientTrace(ctx, pr.ip.trace())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, handler, bytes.NewReader(p.Body))
	if err != nil {
		pr.res.Err = fmt.Errorf("%w: %v", ErrRefused, err)
		return pr
	}
	req.Header.Set("Content-Type", p.ContentType)
	if c.cfg.Signer != nil {
		if err := c.cfg.Signer.Sign(req, p.Body, pr.res.Time); err != nil {
			pr.res.Err = err
			return pr
		}
	}
	pr.req = req
	return pr
}

// Send makes the prepared attempt.
func (c *Client) Send(pr *Prepared) Result {
	res := pr.res
	if pr.req == nil {
		return res
	}
	res.Sent = c.cfg.Now()
	resp, err := c.hc.Do(pr.req)
	res.RemoteIP = pr.ip.get()
	if err != nil {
		res.Err = err
		return res
	}
	defer resp.Body.Close()
	res.Status, res.Header = resp.StatusCode, resp.Header
	// The status has decided the outcome; reading a bounded part of the body
	// only lets the connection be reused, so its errors do not count.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, c.cfg.MaxResponseBody))
	return res
}

// refusePrivate runs in the dialer after name resolution, once per address
// tried.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unreadable address %q", ErrRefused, address)
	}
	if IsPrivate(ap.Addr()) {
		return fmt.Errorf("%w: %s is not a public address", ErrRefused, ap.Addr().Unmap())
	}
	return nil
}

// remoteIP keeps the address of the connection used, or else the last one
// tried. Trace callbacks of parallel dials (IPv4 and IPv6 racing) may run
// concurrently and even after Do returned, hence the lock.
type remoteIP struct {
	mu               sync.Mutex
	tried, connected string
}

func (r *remoteIP) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		ConnectDone: func(_, addr string, _ error) {
			r.mu.Lock()
			r.tried = hostOf(addr)
			r.mu.Unlock()
		},
		GotConn: func(info httptrace.GotConnInfo) {
			r.mu.Lock()
			r.connected = hostOf(info.Conn.RemoteAddr().String())
			r.mu.Unlock()
		},
	}
}

func (r *remoteIP) get() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.connected != "" {
		return r.connected
	}
	return r.tried
}

func hostOf(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}

// MaxRecordHeader bounds the response header kept in a failure record.
const MaxRecordHeader = 1024

const maxRecordLine = 200

// FailureRecord is one line of the delivery error log (spec §7, the
// feedback-loop-errors log of the hosted service): time, response status or
// 0, recipient IP, response header (truncated), plus the error for attempts
// that got no response.
type FailureRecord struct {
	Time     time.Time
	Status   int
	RemoteIP string
	Header   string
	Error    string
}

// Record turns a failed attempt into its log entry.
func (r Result) Record() FailureRecord {
	fr := FailureRecord{Time: r.Time, Status: r.Status, RemoteIP: r.RemoteIP}
	if r.Err != nil {
		fr.Error = r.Err.Error()
	}
	if r.Header != nil {
		fr.Header = headerText(r.Header)
	}
	return fr
}

// headerText writes the header one "Name: value" line per value, in name
// order. Each line is cut first, so one huge header cannot push the others
// out of the record.
func headerText(h http.Header) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			line := truncateUTF8(k+": "+v, maxRecordLine)
			if b.Len()+len(line)+1 > MaxRecordHeader {
				return b.String()
			}
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
