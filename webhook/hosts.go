package webhook

import (
	"fmt"
	"net/netip"
	"strings"
)

// Hosts is the allow-list of handler hosts. It stands in for the hosted
// service's DNS validation of handler domains: deployments that must not call
// internal services list the receivers they trust. An empty list allows every
// host.
//
// An entry is a host name ("hooks.example.org", which does not admit its
// subdomains), a wildcard "*.example.org" (every subdomain, not the name
// itself) or an IP address. Ports are not part of an entry: the allow-list
// says whom the server may talk to, not on which port.
type Hosts []string

// ParseHosts reads a comma-separated allow-list as written in configuration.
func ParseHosts(s string) (Hosts, error) {
	var h Hosts
	for _, e := range strings.Split(s, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		name := strings.TrimPrefix(e, "*.")
		if name == "" || strings.ContainsAny(name, "/:@*[] ") && !isIP(name) {
			return nil, fmt.Errorf("webhook host allow-list: %q is not a host name, *.domain or IP address", e)
		}
		h = append(h, canonicalHost(e))
	}
	return h, nil
}

// Allows reports whether host (a name or IP literal, without port) is listed.
func (h Hosts) Allows(host string) bool {
	if len(h) == 0 {
		return true
	}
	host = canonicalHost(host)
	for _, e := range h {
		if wild, ok := strings.CutPrefix(e, "*."); ok {
			if strings.HasSuffix(host, "."+wild) {
				return true
			}
			continue
		}
		if e == host {
			return true
		}
	}
	return false
}

// canonicalHost lower-cases names, drops a trailing root dot and writes IP
// addresses in one form, so "LOCALHOST." matches "localhost" and "::0001"
// matches "::1".
func canonicalHost(s string) string {
	s = strings.TrimSuffix(strings.ToLower(s), ".")
	if a, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return a.Unmap().String()
	}
	return s
}

func isIP(s string) bool {
	_, err := netip.ParseAddr(strings.Trim(s, "[]"))
	return err == nil
}

// nonPublic are the ranges a receiver on the internet never has: calling them
// would let a webhook reach the server's own network (loopback, RFC 1918,
// carrier-grade NAT, link-local — which holds cloud metadata services —,
// unique-local IPv6, multicast and the unspecified addresses).
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("224.0.0.0/4"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("::/128"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("ff00::/8"),
}

// nat64 embeds an IPv4 address in its last four bytes; a resolver on a NAT64
// network can hand one out for any IPv4 host, private ones included.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// IsPrivate reports whether a is loopback, private or otherwise not a public
// unicast address, also when an IPv4 address hides inside IPv6.
func IsPrivate(a netip.Addr) bool {
	a = a.Unmap()
	if a.Is6() && nat64.Contains(a) {
		b := a.As16()
		a = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
