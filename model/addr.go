package model

import (
	"fmt"
	"net/netip"
	"strings"

	"go4.org/netipx"
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

// Address-range arithmetic lives here, on netip values; what is set algebra
// (a range as blocks) is go4.org/netipx's. The engines keep compact integer
// forms of their own for their hot loops.

// LastAddr is the highest address of block p.
func LastAddr(p netip.Prefix) netip.Addr { return netipx.PrefixLastIP(p) }

// AWS reserves five addresses of every subnet: the network address, the
// VPC router (+1), the DNS server (+2), one for future use (+3) and the last
// address. https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html

// SubnetReserved says why AWS reserves address a of subnet block, or ""
// when it does not.
func SubnetReserved(block netip.Prefix, a netip.Addr) string {
	base := block.Masked().Addr()
	switch a {
	case base:
		return "network address"
	case base.Next():
		return "vpc router"
	case base.Next().Next():
		return "dns server"
	case base.Next().Next().Next():
		return "reserved for future use"
	case LastAddr(block):
		return "last address"
	}
	return ""
}

// SubnetHosts is the range of addresses a host can have in subnet block:
// the first after the four AWS reserves at the start to the one before the
// last.
func SubnetHosts(block netip.Prefix) (first, last netip.Addr) {
	base := block.Masked().Addr()
	return base.Next().Next().Next().Next(), LastAddr(block).Prev()
}

// RangePrefixes returns the fewest blocks that make up the addresses lo to
// hi (inclusive, one family), in order; nil when hi is before lo.
func RangePrefixes(lo, hi netip.Addr) []netip.Prefix {
	return netipx.IPRangeFrom(lo, hi).Prefixes()
}

// CoverPrefix is the smallest block holding both lo and hi (one family).
func CoverPrefix(lo, hi netip.Addr) netip.Prefix {
	for bits := lo.BitLen(); bits > 0; bits-- {
		if p := netip.PrefixFrom(lo, bits).Masked(); p.Contains(hi) {
			return p
		}
	}
	return netip.PrefixFrom(lo, 0).Masked()
}
