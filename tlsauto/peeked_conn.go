package tlsauto

import "net"

// peekedConn hands back the byte the sniffer already consumed before reading
// on from the connection, so the HTTP server sees the stream intact.
type peekedConn struct {
	net.Conn
	first   byte
	pending bool
}

func (c *peekedConn) Read(p []byte) (int, error) {
	if c.pending && len(p) > 0 {
		p[0] = c.first
		c.pending = false
		return 1, nil
	}
	return c.Conn.Read(p)
}

// CloseWrite is forwarded because net/http half-closes a plain TCP
// connection before closing it after an error response, so the client reads
// the response instead of a reset; embedding the net.Conn interface alone
// would hide the method.
func (c *peekedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// NetConn gives access to the accepted connection, as tls.Conn does.
func (c *peekedConn) NetConn() net.Conn { return c.Conn }
