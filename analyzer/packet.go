package analyzer

import (
	"fmt"
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

// Packet is one concrete packet header.
type Packet struct {
	Proto            uint8
	Src, Dst         netip.Addr
	SrcPort, DstPort uint16
	ICMPType         uint8
	ICMPCode         uint8
}

// Reply is the header of the reply to p: addresses and ports swapped; an
// ICMP echo request (type 8, ICMPv6 128) is answered by an echo reply (0, 129).
func (p Packet) Reply() Packet {
	r := p
	r.Src, r.Dst = p.Dst, p.Src
	r.SrcPort, r.DstPort = p.DstPort, p.SrcPort
	switch {
	case p.Proto == uint8(model.ProtoICMP) && p.ICMPType == 8:
		r.ICMPType = 0
	case p.Proto == uint8(model.ProtoICMPv6) && p.ICMPType == 128:
		r.ICMPType = 129
	}
	return r
}

func (p Packet) String() string {
	proto := model.Protocol(p.Proto).String()
	switch model.Protocol(p.Proto) {
	case model.ProtoTCP, model.ProtoUDP:
		return fmt.Sprintf("%s %s:%d -> %s:%d", proto, p.Src, p.SrcPort, p.Dst, p.DstPort)
	case model.ProtoICMP, model.ProtoICMPv6:
		return fmt.Sprintf("%s %s -> %s type %d code %d", proto, p.Src, p.Dst, p.ICMPType, p.ICMPCode)
	}
	return fmt.Sprintf("%s %s -> %s", proto, p.Src, p.Dst)
}
