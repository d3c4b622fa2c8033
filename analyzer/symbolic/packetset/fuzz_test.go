package packetset

import (
	"net/netip"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/packet"
)

// byteReader decodes fuzz input; past the end it reads zeros, so every
// input decodes to something.
type byteReader struct {
	b []byte
	i int
}

func (r *byteReader) byte() byte {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

func (r *byteReader) u16() uint16 { return uint16(r.byte())<<8 | uint16(r.byte()) }

func (r *byteReader) addr(fam packet.Family) netip.Addr {
	if fam == packet.IPv4 {
		var a [4]byte
		for i := range a {
			a[i] = r.byte()
		}
		return netip.AddrFrom4(a)
	}
	var a [16]byte
	for i := range a {
		a[i] = r.byte()
	}
	return netip.AddrFrom16(a)
}

func (r *byteReader) family() packet.Family {
	if r.byte()&1 != 0 {
		return packet.IPv6
	}
	return packet.IPv4
}

func (r *byteReader) prefix(fam packet.Family) netip.Prefix {
	a := r.addr(fam)
	return netip.PrefixFrom(a, int(r.byte())%(a.BitLen()+1)).Masked()
}

func (r *byteReader) portRange() [2]int {
	a, b := int(r.u16()), int(r.u16())
	return [2]int{min(a, b), max(a, b)}
}

// decodeProgram reads up to six steps, each an operation and a rule whose
// fields are present or not by the bits of a flag byte.
func decodeProgram(r *byteReader) program {
	n := 1 + int(r.byte())%6
	pr := make(program, n)
	for i := range pr {
		ru := rule{proto: -1, itype: -1, icode: -1, anyDport: true, anySport: true}
		o := op(r.byte() % byte(numOps))
		flags := r.byte()
		fam := r.family()
		if flags&1 != 0 {
			ru.fam = fam
		}
		if flags&2 != 0 {
			ru.dst = r.prefix(fam)
		}
		if flags&4 != 0 {
			ru.src = r.prefix(fam)
		}
		if flags&8 != 0 {
			ru.proto = int(r.byte())
		}
		if flags&16 != 0 {
			ru.anyDport, ru.dport = false, r.portRange()
		}
		if flags&32 != 0 {
			ru.anySport, ru.sport = false, r.portRange()
		}
		if flags&64 != 0 {
			ru.itype = int(r.byte())
		}
		if flags&128 != 0 {
			ru.icode = int(r.byte())
		}
		pr[i] = step{o, ru}
	}
	pr[0].op = opUnion
	return pr
}

// decodePacket reads a packet; its control byte can snap fields to the
// edges of the program's first rule, where encodings break first.
func decodePacket(r *byteReader, pr program) packet.Packet {
	ctl := r.byte()
	fam := r.family()
	p := packet.Packet{Src: r.addr(fam), Dst: r.addr(fam), Proto: r.byte(),
		SrcPort: r.u16(), DstPort: r.u16(), ICMPType: r.byte(), ICMPCode: r.byte()}
	ru := pr[0].r
	at := func(pf netip.Prefix, sel byte) netip.Addr {
		switch sel % 4 {
		case 0:
			return pf.Addr()
		case 1:
			return lastAddr(pf)
		case 2:
			if a := pf.Addr().Prev(); a.IsValid() {
				return a
			}
		default:
			if a := lastAddr(pf).Next(); a.IsValid() {
				return a
			}
		}
		return pf.Addr()
	}
	if ctl&1 != 0 && ru.dst.IsValid() && ru.dst.Addr().BitLen() == p.Dst.BitLen() {
		p.Dst = at(ru.dst, ctl>>4)
	}
	if ctl&2 != 0 && ru.src.IsValid() && ru.src.Addr().BitLen() == p.Src.BitLen() {
		p.Src = at(ru.src, ctl>>6)
	}
	if ctl&4 != 0 && ru.proto >= 0 {
		p.Proto = uint8(ru.proto)
	}
	if ctl&8 != 0 && !ru.anyDport {
		p.DstPort = uint16(ru.dport[int(ctl>>7)])
	}
	return p
}

// FuzzContainsAgreesWithPredicate builds a set from a random rule program
// and checks membership of one packet against the plain predicate, and that
// the packet's reply and a witness behave.
func FuzzContainsAgreesWithPredicate(f *testing.F) {
	f.Add([]byte{0, 0, 2, 0, 10, 0, 0, 0, 8}, []byte{1, 0, 1, 2, 3, 4, 10, 0, 0, 1, 6})
	f.Fuzz(func(t *testing.T, spec, pkt []byte) {
		s := NewSpace()
		pr := decodeProgram(&byteReader{b: spec})
		p := decodePacket(&byteReader{b: pkt}, pr)
		x := pr.set(s)
		if got, want := s.Contains(x, p), pr.match(p); got != want {
			t.Fatalf("program %+v\npacket %v: Contains = %v, predicate = %v", pr, p, got, want)
		}
		if s.Contains(x, p) && !s.Contains(s.Reply(x), reply(p)) {
			t.Fatalf("packet %v in the set, its reply %v not in Reply", p, reply(p))
		}
		if w, ok := s.Witness(x, p); ok != !s.IsEmpty(x) || ok && !pr.match(w) {
			t.Fatalf("witness %v (ok %v) does not satisfy the predicate", w, ok)
		}
	})
}
