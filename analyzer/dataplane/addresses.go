package dataplane

import (
	"encoding/binary"
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

// Every address of a family, and of both.
var (
	AllIPv4      = netip.MustParsePrefix("0.0.0.0/0")
	AllIPv6      = netip.MustParsePrefix("::/0")
	AllAddresses = []netip.Prefix{AllIPv4, AllIPv6}
)

// HostPrefixes are single-address blocks of addresses.
func HostPrefixes(addrs []netip.Addr) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(addrs))
	for _, a := range addrs {
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out
}

// SubnetPrefixes are a subnet's blocks (IPv4, IPv6), those it has.
func SubnetPrefixes(s *model.Subnet) []netip.Prefix {
	var out []netip.Prefix
	if s.CIDR.Prefix.IsValid() {
		out = append(out, s.CIDR.Prefix)
	}
	if s.IPv6CIDR.Prefix.IsValid() {
		out = append(out, s.IPv6CIDR.Prefix)
	}
	return out
}

// FirstV4 is the first IPv4 address of addrs (the zero Addr if none).
func FirstV4(addrs []netip.Addr) netip.Addr {
	for _, a := range addrs {
		if a.Is4() {
			return a
		}
	}
	return netip.Addr{}
}

// The engines' hot loops compare addresses as numbers, compiled once from
// netip values: an IPv4 address as a uint32, an IPv6 one as a U128.

// U128 is an IPv6 address (or an IPv4 one, in Lo) as a number.
type U128 struct{ Hi, Lo uint64 }

// U128Of is an address as a number (an IPv4 address mapped to IPv6).
func U128Of(a netip.Addr) U128 {
	b := a.As16()
	return U128{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

// Less orders numbers.
func (x U128) Less(y U128) bool { return x.Hi < y.Hi || (x.Hi == y.Hi && x.Lo < y.Lo) }

// Next returns x+1 and whether it did not overflow.
func (x U128) Next() (U128, bool) {
	x.Lo++
	if x.Lo == 0 {
		x.Hi++
		return x, x.Hi != 0
	}
	return x, true
}

// U32 is an IPv4 address as a number.
func U32(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// AddrFrom32 is the IPv4 address of a number.
func AddrFrom32(x uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)})
}

func mask4(bits int) uint32 {
	if bits == 0 {
		return 0
	}
	return ^uint32(0) << (32 - bits)
}

// PrefixRange is the first and last address of a prefix as numbers (an
// IPv4 one in Lo).
func PrefixRange(p netip.Prefix) (first, last U128) {
	s := spanOf(p, NoEdge)
	return s.lo, s.last
}
