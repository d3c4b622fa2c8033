package dataplane

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer/packet"
)

// Guard is a condition AWS imposes on an edge; a packet that fails it ends
// with Fail. The condition is a conjunction of the non-empty fields.
type Guard struct {
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
