package model

import (
	"fmt"
	"net/netip"
	"strings"
)

// ParseCIDR parses an AWS CIDR block. Host bits must be zero, as the EC2 API
// requires; the error then suggests the network address.
//
// net/netip is used rather than ipaddress-go for parsing because AWS accepts
// only the plain forms (dotted quad, RFC 4291 IPv6), while ipaddress-go also
// accepts wildcards, ranges and inet_aton forms that AWS would reject.
func ParseCIDR(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	p, err := netip.ParsePrefix(s)
	if err != nil {
		if !strings.Contains(s, "/") {
			if _, aerr := netip.ParseAddr(s); aerr == nil {
				return netip.Prefix{}, fmt.Errorf("%q is an address, not a CIDR block: add a prefix length, e.g. %s/32", s, s)
			}
		}
		return netip.Prefix{}, fmt.Errorf("%q is not a valid CIDR block", s)
	}
	if p.Addr().Is4In6() {
		return netip.Prefix{}, fmt.Errorf("%q is an IPv4-mapped IPv6 block; write the IPv4 block", s)
	}
	if m := p.Masked(); m != p {
		return netip.Prefix{}, fmt.Errorf("%q has host bits set; did you mean %s?", s, m)
	}
	return p, nil
}

// ParseIP parses a single IPv4 or IPv6 address.
func ParseIP(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("%q is not a valid IP address", s)
	}
	return a.Unmap(), nil
}

// Overlaps reports whether two blocks share an address.
func Overlaps(a, b netip.Prefix) bool { return a.Overlaps(b) }

// Covers reports whether block outer contains all of inner.
func Covers(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}
