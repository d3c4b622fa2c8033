package packetset

import (
	"fmt"
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/bdd"
	"github.com/vpcheck/vpcheck/model"
)

// Space owns the decision diagrams of a family of packet sets. Sets from
// different Spaces must not be mixed. A Space is not safe for concurrent use
// (operations add nodes and write caches); Contains, Witness, IsEmpty, Equal
// and NodeCount only read and may run concurrently with each other, not with
// anything else. Nodes are never freed: a long-running
// caller watches Size and starts a fresh Space per job (or Resets this one).
type Space struct {
	f   *bdd.Factory
	fam [2]bdd.Node // index 0: IPv4, 1: IPv6

	forget     [1 << numFields]bdd.VarSet // by bit mask of fields, made on demand
	forgetMade [1 << numFields]bool

	swap         bdd.Renaming // src <-> dst for addresses and ports
	echo4        bdd.Node     // ICMP echo request
	echo6        bdd.Node     // ICMPv6 echo request
	v4Unused     bdd.VarSet   // the 96 address bits IPv4 leaves free, both fields
	icmpTypeVars bdd.VarSet

	trie trie // Match's, reused
}

// Set is a set of packets in a Space: a single diagram node, so it is four
// bytes, comparable with == (equal sets are equal values within one Space)
// and usable as a map key. The zero Set is the empty set.
type Set struct{ n bdd.Node }

// NewSpace returns an empty Space.
func NewSpace() *Space {
	s := &Space{f: bdd.New(numVars)}
	s.init()
	return s
}

// Reset empties the Space, keeping the memory of its diagrams' tables:
// every Set made before, but None and All, is invalid afterwards.
func (s *Space) Reset() {
	s.f.Reset()
	*s = Space{f: s.f, trie: s.trie}
	s.init()
}

// Collect frees the diagrams of every set but those roots names (and the
// Space's own): roots calls each on every Set kept, and is called twice,
// naming the same Sets both times (see bdd.Factory.Collect); the kept Sets
// are renumbered in place, every other is invalid afterwards.
func (s *Space) Collect(roots func(each func(*Set))) {
	s.f.Collect(func(each func(*bdd.Node)) {
		each(&s.echo4)
		each(&s.echo6)
		roots(func(x *Set) { each(&x.n) })
	})
}

// init makes the Space's own sets and variable maps, in a fresh factory.
func (s *Space) init() {
	f := s.f
	s.fam = [2]bdd.Node{f.NVar(famVar), f.Var(famVar)}
	var from, to []int
	for i := range 128 {
		from = append(from, dstBase+i, srcBase+i)
		to = append(to, srcBase+i, dstBase+i)
	}
	for i := range 16 {
		from = append(from, dportBase+i, sportBase+i)
		to = append(to, sportBase+i, dportBase+i)
	}
	s.swap = f.NewRenaming(from, to)
	var unused []int
	for i := 32; i < 128; i++ {
		unused = append(unused, dstBase+i, srcBase+i)
	}
	s.v4Unused = f.NewVarSet(unused...)
	s.echo4 = f.And(s.value(protoBase, 8, uint64(model.ProtoICMP)), s.value(typeBase, 8, uint64(packet.ICMPEchoRequest)))
	s.echo6 = f.And(s.value(protoBase, 8, uint64(model.ProtoICMPv6)), s.value(typeBase, 8, uint64(packet.ICMPv6EchoRequest)))
	s.icmpTypeVars = s.fieldVars(1 << FieldICMPType)
}

// Size is the number of diagram nodes the Space holds; it only grows.
func (s *Space) Size() int { return s.f.Size() }

// NodeCount is the number of diagram nodes of a, a measure of its
// complexity.
func (s *Space) NodeCount(a Set) int { return s.f.NodeCount(a.n) }

// All is every packet of both families.
func (s *Space) All() Set { return Set{bdd.True} }

// None is the empty set (also the zero Set).
func (s *Space) None() Set { return Set{} }

// IPv4 is every IPv4 packet.
func (s *Space) IPv4() Set { return Set{s.fam[0]} }

// IPv6 is every IPv6 packet.
func (s *Space) IPv6() Set { return Set{s.fam[1]} }

// DstPrefix is every packet whose destination is in p. The prefix's address
// family is the packet's: 0.0.0.0/0 is all IPv4 and ::/0 all IPv6, as in AWS
// rules. An IPv4-mapped IPv6 prefix (::ffff:0:0/96) is an IPv6 prefix. An
// invalid prefix is a programmer error and panics.
func (s *Space) DstPrefix(p netip.Prefix) Set { return Set{s.prefix(dstBase, p)} }

// SrcPrefix is every packet whose source is in p; see DstPrefix.
func (s *Space) SrcPrefix(p netip.Prefix) Set { return Set{s.prefix(srcBase, p)} }

// DstAddr is every packet sent to a.
func (s *Space) DstAddr(a netip.Addr) Set { return Set{s.prefix(dstBase, hostPrefix(a))} }

// SrcAddr is every packet sent from a.
func (s *Space) SrcAddr(a netip.Addr) Set { return Set{s.prefix(srcBase, hostPrefix(a))} }

func hostPrefix(a netip.Addr) netip.Prefix {
	if !a.IsValid() {
		panic("packetset: invalid address")
	}
	return netip.PrefixFrom(a, a.BitLen())
}

func familyOfAddr(a netip.Addr) packet.Family {
	if a.Is4() {
		return packet.IPv4
	}
	return packet.IPv6
}

func (s *Space) familyOf(a netip.Addr) bdd.Node { return s.fam[famIndex(familyOfAddr(a))] }

func (s *Space) prefix(base int, p netip.Prefix) bdd.Node {
	if !p.IsValid() {
		panic(fmt.Sprintf("packetset: invalid prefix %v", p))
	}
	p = p.Masked()
	hi, lo := addrWords(p.Addr())
	// Built bottom-up, one node per fixed bit plus the family test: an IPv4
	// /len is len+1 nodes.
	r := bdd.True
	for i := p.Bits() - 1; i >= 0; i-- {
		var bit uint64
		if i < 64 {
			bit = hi >> (63 - i) & 1
		} else {
			bit = lo >> (127 - i) & 1
		}
		r = s.fixBit(base+i, bit, r)
	}
	return s.fixBit(famVar, uint64(famIndex(familyOfAddr(p.Addr()))), r)
}

// fixBit is "variable v equals bit, and then r"; r must lie below v.
func (s *Space) fixBit(v int, bit uint64, r bdd.Node) bdd.Node {
	if bit != 0 {
		return s.f.Branch(v, bdd.False, r)
	}
	return s.f.Branch(v, r, bdd.False)
}

// value is "the width-bit field at base equals val".
func (s *Space) value(base, width int, val uint64) bdd.Node {
	r := bdd.True
	for i := width - 1; i >= 0; i-- {
		r = s.fixBit(base+i, val>>(width-1-i)&1, r)
	}
	return r
}

// valueRange is "lo <= field <= hi" by the comparator construction, never a
// union of prefixes: the bits lo and hi share are fixed; at the first bit
// where they differ (0 in lo, 1 in hi) the 0 branch needs the rest >= lo's
// rest and the 1 branch the rest <= hi's rest, each a chain of one node per
// bit. At most 2*width nodes, built directly.
func (s *Space) valueRange(base, width int, lo, hi uint64) bdd.Node {
	if lo > hi {
		return bdd.False
	}
	if lo == hi {
		return s.value(base, width, lo)
	}
	f := s.f
	bit := func(x uint64, i int) uint64 { return x >> (width - 1 - i) & 1 }
	d := 0
	for bit(lo, d) == bit(hi, d) {
		d++
	}
	ge, le := bdd.True, bdd.True
	for i := width - 1; i > d; i-- {
		v := base + i
		if bit(lo, i) != 0 {
			ge = f.Branch(v, bdd.False, ge) // must be 1 to stay >= lo
		} else {
			ge = f.Branch(v, ge, bdd.True) // a 1 here is already above lo
		}
		if bit(hi, i) != 0 {
			le = f.Branch(v, bdd.True, le) // a 0 here is already below hi
		} else {
			le = f.Branch(v, le, bdd.False) // must be 0 to stay <= hi
		}
	}
	r := f.Branch(base+d, ge, le)
	for i := d - 1; i >= 0; i-- {
		r = s.fixBit(base+i, bit(lo, i), r)
	}
	return r
}

// Proto is every packet of IP protocol p.
func (s *Space) Proto(p uint8) Set { return Set{s.value(protoBase, 8, uint64(p))} }

// DstPorts is every packet whose destination port is in [lo, hi]; empty when
// lo > hi. Ports are header fields: the set says nothing about the protocol.
func (s *Space) DstPorts(lo, hi uint16) Set {
	return Set{s.valueRange(dportBase, 16, uint64(lo), uint64(hi))}
}

// SrcPorts is every packet whose source port is in [lo, hi]; empty when
// lo > hi.
func (s *Space) SrcPorts(lo, hi uint16) Set {
	return Set{s.valueRange(sportBase, 16, uint64(lo), uint64(hi))}
}

// ICMPType is every packet whose ICMP type field is t.
func (s *Space) ICMPType(t uint8) Set { return Set{s.value(typeBase, 8, uint64(t))} }

// ICMPCode is every packet whose ICMP code field is c.
func (s *Space) ICMPCode(c uint8) Set { return Set{s.value(codeBase, 8, uint64(c))} }

// Packet is the set holding exactly p. For IPv4 the 96 unused address bits
// stay free, as in every IPv4 set, so Packet(p) is the one IPv4 packet p.
func (s *Space) Packet(p packet.Packet) Set {
	w := encode(p)
	v4 := p.Family() == packet.IPv4
	r := bdd.True
	for v := numVars - 1; v >= 0; v-- {
		if v4 && (v >= dstBase+32 && v < dstBase+128 || v >= srcBase+32 && v < srcBase+128) {
			continue
		}
		r = s.fixBit(v, w.get(v, 1), r)
	}
	return Set{r}
}

// Union is a ∪ b.
func (s *Space) Union(a, b Set) Set { return Set{s.f.Or(a.n, b.n)} }

// Intersect is a ∩ b.
func (s *Space) Intersect(a, b Set) Set { return Set{s.f.And(a.n, b.n)} }

// Minus is a \ b.
func (s *Space) Minus(a, b Set) Set { return Set{s.f.Diff(a.n, b.n)} }

// Complement is every packet not in a.
func (s *Space) Complement(a Set) Set { return Set{s.f.Not(a.n)} }

// IsEmpty reports whether a holds no packet; constant time.
func (s *Space) IsEmpty(a Set) bool { return a.n == bdd.False }

// Equal reports whether a and b hold the same packets; constant time (the
// diagrams are canonical). a == b says the same.
func (s *Space) Equal(a, b Set) bool { return a.n == b.n }

// Subset reports whether every packet of a is in b, building no nodes.
func (s *Space) Subset(a, b Set) bool { return s.f.Implies(a.n, b.n) }

// Overlaps reports whether a and b share a packet, building no nodes.
func (s *Space) Overlaps(a, b Set) bool { return !s.f.Disjoint(a.n, b.n) }

// Contains reports whether p is in a. It walks one path of the diagram with
// p's bits and allocates nothing.
func (s *Space) Contains(a Set, p packet.Packet) bool {
	w := encode(p)
	return s.f.Eval(a.n, w[:])
}
