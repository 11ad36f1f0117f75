package tlsauto

import (
	"net"
	"os"
)

// ListenHosts are the names a server listening on addr ("host:port") is
// reached by, for its certificate. An address on every interface (":8080",
// "0.0.0.0:8080", "[::]:8080") is reached by the machine's host name and by
// any of its addresses.
func ListenHosts(addr string) ([]string, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); host != "" && (ip == nil || !ip.IsUnspecified()) {
		return []string{host}, nil
	}
	var hosts []string
	if name, err := os.Hostname(); err == nil && name != "" {
		hosts = append(hosts, name)
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return hosts, nil // the host name and the defaults still serve
	}
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		// Loopback addresses are among the defaults; a link-local one is
		// only usable with a zone, which certificates cannot name.
		if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() {
			continue
		}
		hosts = append(hosts, n.IP.String())
	}
	return hosts, nil
}
