package packetset

import (
	"encoding/binary"
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer/packet"
)

// addrWords is the 128-bit field value of an address: an IPv4 address in the
// top 32 bits, the rest zero; the zero Addr is all zeros. Addresses of the
// other family than the packet's are read by their top bits; a well-formed
// packet never has them.
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

func wordsAddr(fam packet.Family, hi, lo uint64) netip.Addr {
	if fam == packet.IPv4 {
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
func encode(p packet.Packet) assignment {
	var w assignment
	if p.Family() == packet.IPv6 {
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

func decode(w *assignment) packet.Packet {
	fam := packet.IPv4
	if w.get(famVar, 1) != 0 {
		fam = packet.IPv6
	}
	return packet.Packet{
		Dst:      wordsAddr(fam, w.get(dstBase, 64), w.get(dstBase+64, 64)),
		Src:      wordsAddr(fam, w.get(srcBase, 64), w.get(srcBase+64, 64)),
		Proto:    uint8(w.get(protoBase, 8)),
		DstPort:  uint16(w.get(dportBase, 16)),
		SrcPort:  uint16(w.get(sportBase, 16)),
		ICMPType: uint8(w.get(typeBase, 8)),
		ICMPCode: uint8(w.get(codeBase, 8)),
	}
}
