package fastpath

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

// Sessions is the connection state a stateful device keeps for a flow: the
// original client of each NAT gateway translation, so the reply can be
// translated back.
type Sessions struct {
	nat [4]natSession
	n   int
}

type natSession struct {
	gw       *model.NATGateway
	addr     netip.Addr
	port     uint16
	origAddr netip.Addr
	origPort uint16
}

func (s *Sessions) remember(x natSession) {
	if s.n < len(s.nat) {
		s.nat[s.n] = x
		s.n++
	}
}

func (s *Sessions) lookup(gw *model.NATGateway, a netip.Addr, port uint16) (natSession, bool) {
	for i := 0; i < s.n; i++ {
		x := s.nat[i]
		if x.gw == gw && x.addr == a && x.port == port {
			return x, true
		}
	}
	return natSession{}, false
}
