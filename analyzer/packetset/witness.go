package packetset

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer/bdd"
)

// Witness returns a packet of a, as close to prefer as a allows, and false
// when a is empty. Closeness is in variable order: the witness keeps
// prefer's family if a has packets of it, then as much of the destination
// address as it can (most significant bits first), then the source, the
// protocol, the ports and the ICMP fields, each time changing a bit only when
// a has no packet that keeps it. When the family has to change, prefer's
// addresses mean nothing in the other family and the witness takes the
// lowest addresses a allows instead (all-zero bits preferred).
func (s *Space) Witness(a Set, prefer Packet) (Packet, bool) {
	if a.n == bdd.False {
		return Packet{}, false
	}
	fam := prefer.family()
	n := s.f.And(a.n, s.fam[famIndex(fam)])
	if n == bdd.False {
		n = a.n
		if fam == IPv4 {
			fam = IPv6
			prefer.Src, prefer.Dst = netip.IPv6Unspecified(), netip.IPv6Unspecified()
		} else {
			fam = IPv4
			prefer.Src, prefer.Dst = netip.IPv4Unspecified(), netip.IPv4Unspecified()
		}
	}
	prefer.Family = fam
	pw := prefer.encode()
	var out assignment
	s.f.SatOne(n, pw[:], out[:])
	return decode(&out), true
}

func famIndex(f Family) int {
	if f == IPv6 {
		return 1
	}
	return 0
}
