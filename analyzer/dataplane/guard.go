package dataplane

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer/packet"
)

// Guard is a condition AWS imposes on an edge; a packet that fails it ends
// with Fail. The condition is a conjunction of the non-empty fields.
type Guard struct {
	// Family: 0 any, 4 IPv4 only, 6 IPv6 only.
	Family int
	// Protocols allowed (nil: any).
	Protocols []uint8
	// Src and Dst: the address must be in one of the blocks (nil: any).
	Src, Dst []netip.Prefix
	// Never: no packet passes (a connection that is not active).
	Never bool
	Fail  Outcome
}

// Pass reports whether a packet meets the guard.
func (g *Guard) Pass(p *packet.Packet) bool {
	if g.Never {
		return false
	}
	switch g.Family {
	case 4:
		if !p.Dst.Is4() {
			return false
		}
	case 6:
		if !p.Dst.Is6() {
			return false
		}
	}
	if len(g.Protocols) > 0 {
		found := false
		for _, x := range g.Protocols {
			if x == p.Proto {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return inAny(g.Src, p.Src) && inAny(g.Dst, p.Dst)
}

func inAny(ps []netip.Prefix, a netip.Addr) bool {
	if ps == nil {
		return true
	}
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
