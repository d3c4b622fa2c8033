package packetset

import (
	"math/rand/v2"
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer/packet"
)

// The property and fuzz tests build a Set and a plain Go predicate from the
// same description and compare them packet by packet.

// rule is a product of field constraints, like one security-group or NACL
// entry. A zero field means "any".
type rule struct {
	fam          packet.Family // 0: any
	dst, src     netip.Prefix
	proto        int // -1: any
	dport, sport [2]int
	itype, icode int // -1: any
	anyDport     bool
	anySport     bool
}

func (r rule) set(s *Space) Set {
	x := s.All()
	switch r.fam {
	case packet.IPv4:
		x = s.IPv4()
	case packet.IPv6:
		x = s.IPv6()
	}
	if r.dst.IsValid() {
		x = s.Intersect(x, s.DstPrefix(r.dst))
	}
	if r.src.IsValid() {
		x = s.Intersect(x, s.SrcPrefix(r.src))
	}
	if r.proto >= 0 {
		x = s.Intersect(x, s.Proto(uint8(r.proto)))
	}
	if !r.anyDport {
		x = s.Intersect(x, s.DstPorts(uint16(r.dport[0]), uint16(r.dport[1])))
	}
	if !r.anySport {
		x = s.Intersect(x, s.SrcPorts(uint16(r.sport[0]), uint16(r.sport[1])))
	}
	if r.itype >= 0 {
		x = s.Intersect(x, s.ICMPType(uint8(r.itype)))
	}
	if r.icode >= 0 {
		x = s.Intersect(x, s.ICMPCode(uint8(r.icode)))
	}
	return x
}

func (r rule) match(p packet.Packet) bool {
	if r.fam != 0 && p.Family() != r.fam {
		return false
	}
	// A prefix implies its family; netip.Prefix.Contains is false across
	// families, which is the same rule.
	if r.dst.IsValid() && !r.dst.Contains(p.Dst) {
		return false
	}
	if r.src.IsValid() && !r.src.Contains(p.Src) {
		return false
	}
	if r.proto >= 0 && int(p.Proto) != r.proto {
		return false
	}
	if !r.anyDport && (int(p.DstPort) < r.dport[0] || int(p.DstPort) > r.dport[1]) {
		return false
	}
	if !r.anySport && (int(p.SrcPort) < r.sport[0] || int(p.SrcPort) > r.sport[1]) {
		return false
	}
	if r.itype >= 0 && int(p.ICMPType) != r.itype {
		return false
	}
	if r.icode >= 0 && int(p.ICMPCode) != r.icode {
		return false
	}
	return true
}

type op uint8

const (
	opUnion op = iota
	opIntersect
	opMinus
	opComplementUnion // x = complement(x) ∪ rule
	numOps
)

type step struct {
	op op
	r  rule
}

// program folds its steps into a set, starting from the empty set.
type program []step

func (pr program) set(s *Space) Set {
	x := s.None()
	for _, st := range pr {
		y := st.r.set(s)
		switch st.op {
		case opUnion:
			x = s.Union(x, y)
		case opIntersect:
			x = s.Intersect(x, y)
		case opMinus:
			x = s.Minus(x, y)
		default:
			x = s.Union(s.Complement(x), y)
		}
	}
	return x
}

func (pr program) match(p packet.Packet) bool {
	x := false
	for _, st := range pr {
		y := st.r.match(p)
		switch st.op {
		case opUnion:
			x = x || y
		case opIntersect:
			x = x && y
		case opMinus:
			x = x && !y
		default:
			x = !x || y
		}
	}
	return x
}

var (
	v4Pool = []string{"10.0.0.0", "10.0.1.0", "10.1.0.0", "192.168.1.0", "172.16.0.0", "0.0.0.0", "255.255.255.255"}
	v6Pool = []string{"2001:db8::", "2001:db8:0:1::", "fd00::", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}
)

func randAddr(r *rand.Rand, fam packet.Family) netip.Addr {
	if fam == packet.IPv4 {
		if r.IntN(3) > 0 {
			a := netip.MustParseAddr(v4Pool[r.IntN(len(v4Pool))]).As4()
			a[3] = byte(r.IntN(256))
			if r.IntN(2) == 0 {
				a[2] = byte(r.IntN(4))
			}
			return netip.AddrFrom4(a)
		}
		var a [4]byte
		for i := range a {
			a[i] = byte(r.IntN(256))
		}
		return netip.AddrFrom4(a)
	}
	if r.IntN(3) > 0 {
		a := netip.MustParseAddr(v6Pool[r.IntN(len(v6Pool))]).As16()
		a[15] = byte(r.IntN(256))
		a[7] = byte(r.IntN(3))
		return netip.AddrFrom16(a)
	}
	var a [16]byte
	for i := range a {
		a[i] = byte(r.IntN(256))
	}
	return netip.AddrFrom16(a)
}

func randPrefix(r *rand.Rand, fam packet.Family) netip.Prefix {
	a := randAddr(r, fam)
	var bits int
	if fam == packet.IPv4 {
		bits = []int{0, 1, 8, 16, 20, 24, 25, 28, 31, 32, r.IntN(33)}[r.IntN(11)]
	} else {
		bits = []int{0, 1, 32, 56, 64, 96, 120, 127, 128, r.IntN(129)}[r.IntN(10)]
	}
	return netip.PrefixFrom(a, bits).Masked()
}

func randRange(r *rand.Rand) [2]int {
	switch r.IntN(5) {
	case 0:
		p := r.IntN(65536)
		return [2]int{p, p}
	case 1:
		return [2]int{1024, 65535}
	case 2:
		return [2]int{32768, 60999}
	}
	a, b := r.IntN(65536), r.IntN(65536)
	return [2]int{min(a, b), max(a, b)}
}

func randRule(r *rand.Rand) rule {
	ru := rule{proto: -1, itype: -1, icode: -1, anyDport: true, anySport: true}
	fam := packet.IPv4
	if r.IntN(3) == 0 {
		fam = packet.IPv6
	}
	if r.IntN(5) == 0 {
		ru.fam = fam
	}
	if r.IntN(3) > 0 {
		ru.dst = randPrefix(r, fam)
	}
	if r.IntN(2) == 0 {
		ru.src = randPrefix(r, fam)
	}
	if r.IntN(2) == 0 {
		ru.proto = []int{1, 6, 17, 58, 50, 0, 255, r.IntN(256)}[r.IntN(8)]
	}
	if r.IntN(2) == 0 {
		ru.anyDport, ru.dport = false, randRange(r)
	}
	if r.IntN(4) == 0 {
		ru.anySport, ru.sport = false, randRange(r)
	}
	if r.IntN(5) == 0 {
		ru.itype = []int{0, 3, 8, 128, 129, r.IntN(256)}[r.IntN(6)]
	}
	if r.IntN(8) == 0 {
		ru.icode = r.IntN(4)
	}
	return ru
}

func randProgram(r *rand.Rand, n int) program {
	pr := make(program, n)
	for i := range pr {
		pr[i] = step{op(r.IntN(int(numOps))), randRule(r)}
	}
	pr[0].op = opUnion
	return pr
}

// probes are packets on and around the boundaries the program mentions,
// plus random ones: where a wrong bit in an encoding would show first.
func probes(r *rand.Rand, pr program, n int) []packet.Packet {
	var out []packet.Packet
	for range n {
		st := pr[r.IntN(len(pr))]
		fam := packet.IPv4
		if st.r.dst.IsValid() && st.r.dst.Addr().Is6() || st.r.src.IsValid() && st.r.src.Addr().Is6() || st.r.fam == packet.IPv6 {
			fam = packet.IPv6
		}
		if r.IntN(6) == 0 {
			fam = packet.IPv4 + (packet.IPv6-packet.IPv4)*packet.Family(r.IntN(2))
		}
		p := packet.Packet{Src: randAddr(r, fam), Dst: randAddr(r, fam)}
		if st.r.dst.IsValid() && st.r.dst.Addr().BitLen() == p.Dst.BitLen() && r.IntN(4) > 0 {
			p.Dst = edge(r, st.r.dst)
		}
		if st.r.src.IsValid() && st.r.src.Addr().BitLen() == p.Src.BitLen() && r.IntN(4) > 0 {
			p.Src = edge(r, st.r.src)
		}
		p.Proto = uint8(r.IntN(256))
		if st.r.proto >= 0 && r.IntN(4) > 0 {
			p.Proto = uint8(st.r.proto)
		}
		p.DstPort = portNear(r, st.r.dport, st.r.anyDport)
		p.SrcPort = portNear(r, st.r.sport, st.r.anySport)
		p.ICMPType = uint8(r.IntN(256))
		if st.r.itype >= 0 && r.IntN(2) == 0 {
			p.ICMPType = uint8(st.r.itype)
		}
		p.ICMPCode = uint8(r.IntN(4))
		out = append(out, p)
	}
	return out
}

// edge is an address at or just beyond one end of p.
func edge(r *rand.Rand, p netip.Prefix) netip.Addr {
	first := p.Addr()
	last := lastAddr(p)
	switch r.IntN(5) {
	case 0:
		return first
	case 1:
		return last
	case 2:
		if prev := first.Prev(); prev.IsValid() {
			return prev
		}
		return first
	case 3:
		if next := last.Next(); next.IsValid() {
			return next
		}
		return last
	}
	b := first.AsSlice()
	for i := p.Bits() / 8; i < len(b); i++ {
		b[i] |= byte(r.IntN(256)) & (0xff >> max(0, p.Bits()-8*i))
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := range b {
		keep := max(0, min(8, p.Bits()-8*i))
		b[i] |= 0xff >> keep
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

func portNear(r *rand.Rand, rg [2]int, free bool) uint16 {
	if free {
		return uint16(r.IntN(65536))
	}
	c := []int{rg[0] - 1, rg[0], rg[1], rg[1] + 1, rg[0] + r.IntN(rg[1]-rg[0]+1), r.IntN(65536)}[r.IntN(6)]
	return uint16(max(0, min(65535, c)))
}
