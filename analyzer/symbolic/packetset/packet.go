package packetset

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
)

// Family is the IP version of a packet.
type Family uint8

// The two families; a Packet's zero Family is read from its addresses.
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

// IP protocol numbers the engines and summaries name.
const (
	ProtoICMP   uint8 = 1
	ProtoTCP    uint8 = 6
	ProtoUDP    uint8 = 17
	ProtoICMPv6 uint8 = 58
)

// ICMP echo types, which Reply maps request to reply.
const (
	icmpEchoReply     = 0
	icmpEchoRequest   = 8
	icmpv6EchoRequest = 128
	icmpv6EchoReply   = 129
)

// Packet is one concrete header. Every field is meaningful to set
// membership: a TCP packet still carries (ignored by the network) ICMP type
// and code values, normally zero. A zero Family is taken from Dst (IPv6 when
// Dst is an IPv6 address, else IPv4). Addresses of the other family than the
// packet's are read by their top bits; a well-formed packet never has them.
type Packet struct {
	Family             Family
	Proto              uint8
	Src, Dst           netip.Addr
	SrcPort, DstPort   uint16
	ICMPType, ICMPCode uint8
}

func (p Packet) family() Family {
	if p.Family == IPv4 || p.Family == IPv6 {
		return p.Family
	}
	if p.Dst.Is6() {
		return IPv6
	}
	return IPv4
}

// addrWords is the 128-bit field value of an address: an IPv4 address in the
// top 32 bits, the rest zero; the zero Addr is all zeros.
func addrWords(a netip.Addr) (hi, lo uint64) {
	if a.Is4() {
		b := a.As4()
		return uint64(binary.BigEndian.Uint32(b[:])) << 32, 0
	}
	if a.Is6() {
		b := a.As16()
		return binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
	}
	return 0, 0
}

func wordsAddr(fam Family, hi, lo uint64) netip.Addr {
	if fam == IPv4 {
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], uint32(hi>>32))
		return netip.AddrFrom4(b)
	}
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], hi)
	binary.BigEndian.PutUint64(b[8:], lo)
	return netip.AddrFrom16(b)
}

// encode lays the packet out in variable order.
func (p Packet) encode() assignment {
	var w assignment
	if p.family() == IPv6 {
		w.put(famVar, 1, 1)
	}
	hi, lo := addrWords(p.Dst)
	w.put(dstBase, 64, hi)
	w.put(dstBase+64, 64, lo)
	hi, lo = addrWords(p.Src)
	w.put(srcBase, 64, hi)
	w.put(srcBase+64, 64, lo)
	w.put(protoBase, 8, uint64(p.Proto))
	w.put(dportBase, 16, uint64(p.DstPort))
	w.put(sportBase, 16, uint64(p.SrcPort))
	w.put(typeBase, 8, uint64(p.ICMPType))
	w.put(codeBase, 8, uint64(p.ICMPCode))
	return w
}

func decode(w *assignment) Packet {
	fam := IPv4
	if w.get(famVar, 1) != 0 {
		fam = IPv6
	}
	return Packet{
		Family:   fam,
		Dst:      wordsAddr(fam, w.get(dstBase, 64), w.get(dstBase+64, 64)),
		Src:      wordsAddr(fam, w.get(srcBase, 64), w.get(srcBase+64, 64)),
		Proto:    uint8(w.get(protoBase, 8)),
		DstPort:  uint16(w.get(dportBase, 16)),
		SrcPort:  uint16(w.get(sportBase, 16)),
		ICMPType: uint8(w.get(typeBase, 8)),
		ICMPCode: uint8(w.get(codeBase, 8)),
	}
}

// String renders "tcp 10.0.0.1:40000 -> 10.0.1.5:443",
// "icmp 10.0.0.1 -> 10.0.1.5 type 8 code 0" or "proto 50 10.0.0.1 -> 10.0.1.5".
func (p Packet) String() string {
	switch p.Proto {
	case ProtoTCP, ProtoUDP:
		return fmt.Sprintf("%s %s -> %s", protoName(p.Proto),
			netip.AddrPortFrom(p.Src, p.SrcPort), netip.AddrPortFrom(p.Dst, p.DstPort))
	case ProtoICMP, ProtoICMPv6:
		return fmt.Sprintf("%s %s -> %s type %d code %d", protoName(p.Proto), p.Src, p.Dst, p.ICMPType, p.ICMPCode)
	}
	return fmt.Sprintf("%s %s -> %s", protoName(p.Proto), p.Src, p.Dst)
}

func protoName(p uint8) string {
	switch p {
	case ProtoICMP:
		return "icmp"
	case ProtoTCP:
		return "tcp"
	case ProtoUDP:
		return "udp"
	case ProtoICMPv6:
		return "icmpv6"
	}
	return "proto " + strconv.Itoa(int(p))
}
