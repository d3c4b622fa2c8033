package packet

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/vpcheck/vpcheck/model"
)

// Family is the IP version of a packet.
type Family uint8

// The two families.
const (
	IPv4 Family = 4
	IPv6 Family = 6
)

func (f Family) String() string {
	switch f {
	case IPv4:
		return "ipv4"
	case IPv6:
		return "ipv6"
	}
	return "family(" + strconv.Itoa(int(f)) + ")"
}

// ICMP echo types: a reply answers a request with its own type.
const (
	ICMPEchoReply     uint8 = 0
	ICMPEchoRequest   uint8 = 8
	ICMPv6EchoRequest uint8 = 128
	ICMPv6EchoReply   uint8 = 129
)

// Packet is one concrete header. Every field is meaningful to set
// membership: a TCP packet still carries (ignored by the network) ICMP type
// and code values, normally zero. Its family is Dst's (see Family); a
// well-formed packet has a Src of the same family.
type Packet struct {
	Proto              uint8
	Src, Dst           netip.Addr
	SrcPort, DstPort   uint16
	ICMPType, ICMPCode uint8
}

// Family is IPv6 when Dst is an IPv6 address, else IPv4 (the zero Dst too).
func (p Packet) Family() Family {
	if p.Dst.Is6() {
		return IPv6
	}
	return IPv4
}

// Answered reports whether p calls for a reply vpcheck follows: every TCP,
// UDP and other IP packet's, and of ICMP only an echo request's. An echo
// reply, destination unreachable or time exceeded message is not answered
// (RFC 792, RFC 4443); other ICMP queries' replies are not modelled.
func (p Packet) Answered() bool {
	switch p.Proto {
	case uint8(model.ProtoICMP):
		return p.ICMPType == ICMPEchoRequest
	case uint8(model.ProtoICMPv6):
		return p.ICMPType == ICMPv6EchoRequest
	}
	return true
}

// Reply is the header of the reply to p: addresses and ports swapped; an
// ICMP echo request (type 8, ICMPv6 128) is answered by an echo reply (0, 129).
func (p Packet) Reply() Packet {
	r := p
	r.Src, r.Dst = p.Dst, p.Src
	r.SrcPort, r.DstPort = p.DstPort, p.SrcPort
	switch {
	case p.Proto == uint8(model.ProtoICMP) && p.ICMPType == ICMPEchoRequest:
		r.ICMPType = ICMPEchoReply
	case p.Proto == uint8(model.ProtoICMPv6) && p.ICMPType == ICMPv6EchoRequest:
		r.ICMPType = ICMPv6EchoReply
	}
	return r
}

// String renders "tcp 10.0.0.1:40000 -> 10.0.1.5:443",
// "icmp 10.0.0.1 -> 10.0.1.5 type 8 code 0" or "proto 50 10.0.0.1 -> 10.0.1.5".
func (p Packet) String() string {
	proto := model.Protocol(p.Proto)
	switch {
	case proto.HasPorts():
		return fmt.Sprintf("%s %s -> %s", proto, netip.AddrPortFrom(p.Src, p.SrcPort), netip.AddrPortFrom(p.Dst, p.DstPort))
	case proto.IsICMP():
		return fmt.Sprintf("%s %s -> %s type %d code %d", proto, p.Src, p.Dst, p.ICMPType, p.ICMPCode)
	}
	return fmt.Sprintf("proto %d %s -> %s", p.Proto, p.Src, p.Dst)
}
