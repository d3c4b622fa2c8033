package packetset

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/bdd"
)

// Witness returns a packet of a, as close to prefer as a allows, and false
// when a is empty. Closeness is in variable order: the witness keeps
// prefer's family if a has packets of it, then as much of the destination
// address as it can (most significant bits first), then the source, the
// protocol, the ports and the ICMP fields, each time changing a bit only when
// a has no packet that keeps it. When the family has to change, prefer's
// addresses mean nothing in the other family and the witness takes the
// lowest addresses a allows instead (all-zero bits preferred).
func (s *Space) Witness(a Set, prefer packet.Packet) (packet.Packet, bool) {
	if a.n == bdd.False {
		return packet.Packet{}, false
	}
	fam := prefer.Family()
	n := s.cofactor(a.n, fam)
	if n == bdd.False {
		if fam == packet.IPv4 {
			fam = packet.IPv6
			prefer.Src, prefer.Dst = netip.IPv6Unspecified(), netip.IPv6Unspecified()
		} else {
			fam = packet.IPv4
			prefer.Src, prefer.Dst = netip.IPv4Unspecified(), netip.IPv4Unspecified()
		}
	}
	n = s.cofactor(a.n, fam)
	// The family bit comes from prefer (n no longer tests it), so the walk
	// builds nothing and Witness only reads the diagram.
	pw := encode(prefer)
	var out assignment
	s.f.SatOne(n, pw[:], out[:])
	return decode(&out), true
}

// cofactor is n restricted to one family. The family is the top variable,
// so this is a look at the root, not an operation.
func (s *Space) cofactor(n bdd.Node, fam packet.Family) bdd.Node {
	if s.f.Level(n) != famVar {
		return n
	}
	if fam == packet.IPv6 {
		return s.f.High(n)
	}
	return s.f.Low(n)
}

func famIndex(f packet.Family) int {
	if f == packet.IPv6 {
		return 1
	}
	return 0
}
