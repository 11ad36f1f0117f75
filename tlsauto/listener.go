package tlsauto

import (
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"time"
)

// tlsHandshakeRecord is the content type byte that opens every TLS
// connection (a ClientHello inside a handshake record). No HTTP method starts
// with it.
const tlsHandshakeRecord = 0x16

// Defaults for ListenerOptions.
const (
	DefaultSniffTimeout = 10 * time.Second
	DefaultMaxPending   = 1024
)

// ListenerOptions tune the sniffing stage. Zero values take the defaults.
type ListenerOptions struct {
	// SniffTimeout is how long a new connection may take to send its first
	// byte; a client silent for longer is closed and never reaches the server.
	SniffTimeout time.Duration
	// MaxPending bounds the connections accepted but not yet taken by
	// Accept (being sniffed, or sniffed and waiting). When it is reached the
	// listener stops accepting, and further clients wait in the kernel's
	// backlog, instead of each costing a goroutine and a file descriptor.
	MaxPending int
}

// Listener accepts TLS and plain connections on one port. Accept returns a
// *tls.Conn for a client that opened with a TLS handshake (net/http then
// runs the handshake under its own timeouts and sets Request.TLS) and a plain
// connection otherwise. The server must set a ReadHeaderTimeout (or
// ReadTimeout): net/http uses it as the deadline of the TLS handshake, so a
// client stalling inside its handshake is closed too.
type Listener struct {
	inner net.Listener
	conf  *tls.Config
	opt   ListenerOptions

	ready chan net.Conn // sniffed connections, handed over by Accept
	slots chan struct{} // one per pending connection, bounds them
	done  chan struct{} // closed by Close

	failed  chan struct{} // closed when the inner listener fails for good
	failErr error

	mu       sync.Mutex
	closed   bool
	sniffing map[net.Conn]struct{} // waiting for their first byte

	wg sync.WaitGroup // the accept loop and every sniffer
}

// NewListener wraps inner; conf serves the TLS side. The listener starts
// accepting at once.
func NewListener(inner net.Listener, conf *tls.Config, opt ListenerOptions) *Listener {
	if opt.SniffTimeout <= 0 {
		opt.SniffTimeout = DefaultSniffTimeout
	}
	if opt.MaxPending <= 0 {
		opt.MaxPending = DefaultMaxPending
	}
	l := &Listener{
		inner:    inner,
		conf:     conf,
		opt:      opt,
		ready:    make(chan net.Conn),
		slots:    make(chan struct{}, opt.MaxPending),
		done:     make(chan struct{}),
		failed:   make(chan struct{}),
		sniffing: make(map[net.Conn]struct{}),
	}
	l.wg.Add(1)
	go l.acceptLoop()
	return l
}

// Accept returns the next sniffed connection. It never waits on a slow
// client: sniffing happens in the background.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ready:
		return c, nil
	case <-l.done:
		return nil, l.closedError()
	case <-l.failed:
		return nil, l.failErr
	}
}

// Addr is the address of the wrapped listener.
func (l *Listener) Addr() net.Addr { return l.inner.Addr() }

// Close stops accepting, closes every connection not yet handed over, and
// returns once no goroutine of the listener is left. Connections already
// returned by Accept belong to the caller and stay open.
func (l *Listener) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return l.closedError()
	}
	l.closed = true
	close(l.done)
	err := l.inner.Close()
	for c := range l.sniffing {
		c.Close()
	}
	l.mu.Unlock()
	l.wg.Wait()
	return err
}

func (l *Listener) closedError() error {
	return &net.OpError{Op: "accept", Net: l.inner.Addr().Network(), Addr: l.inner.Addr(), Err: net.ErrClosed}
}

func (l *Listener) acceptLoop() {
	defer l.wg.Done()
	var backoff time.Duration
	for {
		select {
		case l.slots <- struct{}{}:
		case <-l.done:
			return
		}
		c, err := l.inner.Accept()
		if err != nil {
			<-l.slots
			if l.isClosed() {
				return
			}
			if !isTemporary(err) {
				l.failErr = err
				close(l.failed)
				return
			}
			// Out of file descriptors and the like: wait, as net/http does,
			// rather than spin.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			select {
			case <-time.After(backoff):
			case <-l.done:
				return
			}
			continue
		}
		backoff = 0
		if !l.track(c) {
			c.Close()
			<-l.slots
			return
		}
		l.wg.Add(1)
		go l.sniff(c)
	}
}

// track records c as being sniffed so Close can end the wait; false once
// closed.
func (l *Listener) track(c net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	l.sniffing[c] = struct{}{}
	return true
}

func (l *Listener) untrack(c net.Conn) {
	l.mu.Lock()
	delete(l.sniffing, c)
	l.mu.Unlock()
}

func (l *Listener) isClosed() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}

func (l *Listener) sniff(c net.Conn) {
	defer l.wg.Done()
	defer func() { <-l.slots }()
	wrapped, ok := l.classify(c)
	// From here on Close no longer closes c itself: once handed over, c
	// belongs to the caller of Accept, and until then the select below
	// notices Close.
	l.untrack(c)
	if !ok {
		c.Close()
		return
	}
	select {
	case l.ready <- wrapped:
	case <-l.done:
		c.Close()
	}
}

// classify reads the first byte under the sniff deadline and wraps c for
// the protocol it announces.
func (l *Listener) classify(c net.Conn) (net.Conn, bool) {
	if err := c.SetReadDeadline(time.Now().Add(l.opt.SniffTimeout)); err != nil {
		return nil, false
	}
	var b [1]byte
	if _, err := c.Read(b[:]); err != nil {
		return nil, false
	}
	// The HTTP server sets its own deadlines from here on.
	if err := c.SetReadDeadline(time.Time{}); err != nil {
		return nil, false
	}
	pc := &peekedConn{Conn: c, first: b[0], pending: true}
	if b[0] == tlsHandshakeRecord {
		return tls.Server(pc, l.conf), true
	}
	return pc, true
}

func isTemporary(err error) bool {
	var te interface{ Temporary() bool }
	return errors.As(err, &te) && te.Temporary()
}
