package imports

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// hostRules is the parsed allow-list of the location fetcher.
type hostRules struct {
	any      bool            // "*": every host, public addresses only
	names    map[string]bool // exact host names
	suffixes []string        // from "*.example.com": ".example.com"
	nets     []netip.Prefix  // addresses and ranges, private ones included
}

// parseRules reads the allow-list. An address or range is a promise by the
// operator that this address may be reached, even a private one; a name is
// a promise only when written out in full, so a wildcard never opens a
// private address (a public name can resolve to one).
func parseRules(allow []string) (hostRules, error) {
	r := hostRules{names: map[string]bool{}}
	for _, raw := range allow {
		e := strings.ToLower(strings.TrimSpace(raw))
		switch {
		case e == "":
			continue
		case e == "*":
			r.any = true
		case strings.HasPrefix(e, "*."):
			r.suffixes = append(r.suffixes, e[1:])
		case strings.Contains(e, "/"):
			p, err := netip.ParsePrefix(e)
			if err != nil {
				return r, fmt.Errorf("location allow-list: %q is not an address range", raw)
			}
			r.nets = append(r.nets, p.Masked())
		default:
			if a, err := netip.ParseAddr(strings.Trim(e, "[]")); err == nil {
				r.nets = append(r.nets, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
				continue
			}
			if strings.ContainsAny(e, ":*@ ") {
				return r, fmt.Errorf("location allow-list: %q is not a host name", raw)
			}
			r.names[strings.TrimSuffix(e, ".")] = true
		}
	}
	return r, nil
}

func (r hostRules) empty() bool {
	return !r.any && len(r.names) == 0 && len(r.suffixes) == 0 && len(r.nets) == 0
}

// allowsHost says whether a URL's host is on the list at all, and whether
// it is listed explicitly (by its full name or its address), which is what
// lets it resolve to a private address.
func (r hostRules) allowsHost(host string) (ok, explicit bool) {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if a, err := netip.ParseAddr(host); err == nil {
		if r.listsAddr(a) {
			return true, true
		}
		return r.any, false
	}
	if r.names[host] {
		return true, true
	}
	for _, s := range r.suffixes {
		if strings.HasSuffix(host, s) {
			return true, false
		}
	}
	return r.any, false
}

func (r hostRules) listsAddr(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range r.nets {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// checkURL applies the rules that need no network: http or https, a listed
// host. The error text is meant for the client.
func (r hostRules) checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("location is not a URL")
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return nil, fmt.Errorf("location must be an http or https URL")
	}
	if ok, _ := r.allowsHost(u.Hostname()); !ok {
		return nil, fmt.Errorf("location host %s is not allowed", u.Hostname())
	}
	return u, nil
}

// public reports an address anyone on the internet could also reach.
// Everything else — loopback, private and shared ranges, link-local (cloud
// metadata services live there), multicast, reserved — needs an explicit
// entry in the allow-list. Addresses that embed an IPv4 address (mapped,
// NAT64, 6to4) are judged by it.
func public(a netip.Addr) bool {
	a = a.Unmap()
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64.Contains(a):
			return public(netip.AddrFrom4([4]byte(b[12:16])))
		case sixToFour.Contains(a):
			return public(netip.AddrFrom4([4]byte(b[2:6])))
		case siteLocal.Contains(a):
			return false
		}
	}
	if !a.IsGlobalUnicast() || a.IsPrivate() {
		return false
	}
	for _, p := range reserved4 {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
	siteLocal = netip.MustParsePrefix("fec0::/10")
	reserved4 = []netip.Prefix{
		netip.MustParsePrefix("0.0.0.0/8"),
		netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
		netip.MustParsePrefix("192.0.0.0/24"),
		netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
		netip.MustParsePrefix("240.0.0.0/4"),
	}
)
