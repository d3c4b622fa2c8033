package symbolic

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/packetset"
	"github.com/vpcheck/vpcheck/model"
)

// Set is an exact set of packets (a BDD, see package packetset).
type Set = packetset.Set

// Flow is one product of address blocks, protocols and port ranges; a
// set's Flows are its exact, compact description.
type Flow = packetset.Flow

// Space adapts packetset to the engine's vocabulary (dispatch fields,
// model port ranges, field masks).
type Space struct {
	*packetset.Space
}

// NewSpace is an empty packet space.
func NewSpace() *Space { return &Space{packetset.NewSpace()} }

// Prefix is the packets whose field (source or destination) is in block p.
func (o *Space) Prefix(f dataplane.Field, p netip.Prefix) Set {
	if f == dataplane.FieldSrc {
		return o.SrcPrefix(p)
	}
	return o.DstPrefix(p)
}

// Prefixes is the union of Prefix over ps.
func (o *Space) Prefixes(f dataplane.Field, ps []netip.Prefix) Set {
	s := o.None()
	for _, p := range ps {
		s = o.Union(s, o.Prefix(f, p))
	}
	return s
}

// DstPortRange and SrcPortRange take model ranges.
func (o *Space) DstPortRange(r model.PortRange) Set { return o.Space.DstPorts(r.From, r.To) }

// SrcPortRange is the packets whose source port is in r.
func (o *Space) SrcPortRange(r model.PortRange) Set { return o.Space.SrcPorts(r.From, r.To) }

// forgetMask forgets the fields of a mask.
func (o *Space) forgetMask(s Set, m fieldMask) Set {
	var fs []packetset.Field
	if m&fieldSrcIP != 0 {
		fs = append(fs, packetset.FieldSrcIP)
	}
	if m&fieldDstIP != 0 {
		fs = append(fs, packetset.FieldDstIP)
	}
	if m&fieldSrcPort != 0 {
		fs = append(fs, packetset.FieldSrcPort)
	}
	if m&fieldDstPort != 0 {
		fs = append(fs, packetset.FieldDstPort)
	}
	return o.Forget(s, fs...)
}

// ForgetAddresses forgets the fields a translation rewrites: both
// addresses and both ports (a rule's witness of a translated request).
func (o *Space) ForgetAddresses(s Set) Set {
	return o.forgetMask(s, fieldSrcIP|fieldDstIP|fieldSrcPort|fieldDstPort)
}

// SNAT rewrites the source to addr with any port of r (TCP and UDP; other
// protocols keep no port).
func (o *Space) SNAT(s Set, addr netip.Addr, r model.PortRange) Set {
	s = o.SetSrcIP(s, addr)
	ported := o.Union(o.Proto(uint8(model.ProtoTCP)), o.Proto(uint8(model.ProtoUDP)))
	return o.Union(o.SetSrcPorts(o.Intersect(s, ported), r.From, r.To), o.Minus(s, ported))
}

// ReplyInverse is the set of packets whose replies are in s: Reply swaps
// addresses and ports and answers an ICMP echo request (8, ICMPv6 128)
// with an echo reply (0, 129), so an echo reply in s answers both an echo
// reply and an echo request.
func (o *Space) ReplyInverse(s Set) Set {
	r := o.Reply(s)
	for _, m := range []struct{ proto, reply, request uint8 }{
		{uint8(model.ProtoICMP), packet.ICMPEchoReply, packet.ICMPEchoRequest},
		{uint8(model.ProtoICMPv6), packet.ICMPv6EchoReply, packet.ICMPv6EchoRequest},
	} {
		echo := o.Intersect(r, o.Intersect(o.Proto(m.proto), o.ICMPType(m.reply)))
		if !o.IsEmpty(echo) {
			r = o.Union(r, o.Intersect(o.Forget(echo, packetset.FieldICMPType), o.ICMPType(m.request)))
		}
	}
	return r
}
