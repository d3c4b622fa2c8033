package packetset

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/bdd"
	"github.com/vpcheck/vpcheck/model"
)

// Range is an inclusive range of port, protocol or ICMP values.
type Range struct{ Lo, Hi uint16 }

func (r Range) String() string {
	if r.Lo == r.Hi {
		return strconv.Itoa(int(r.Lo))
	}
	return strconv.Itoa(int(r.Lo)) + "-" + strconv.Itoa(int(r.Hi))
}

// Flow is a product of per-field value sets: every packet of the family
// whose protocol, addresses, ports and ICMP fields each lie in their lists.
// Lists are sorted, non-overlapping and maximal (CIDRs are the largest
// aligned blocks; ranges do not touch). An empty list in a Flow given to
// FlowSet means "any value".
type Flow struct {
	Family               packet.Family
	Protocols            []Range
	Src, Dst             []netip.Prefix
	SrcPorts, DstPorts   []Range
	ICMPTypes, ICMPCodes []Range
}

// rawFlow is a Flow before rendering: one diagram per field, each over that
// field's variables only, so merging compares and unions nodes.
type rawFlow struct {
	fam    int // 0 IPv4, 1 IPv6
	fields [numFields]bdd.Node
}

// Flows decomposes a into disjoint Flows whose union is exactly a, IPv4
// first. The decomposition follows the variable order: a is split by the
// distinct remainders left after the destination bits (each remainder with
// the set of destinations leading to it), each remainder likewise by the
// source, and so on; then flows that differ in one field only are merged
// until none do. It depends on a alone (not on how a was built), so the
// output is deterministic. The size of the answer is the size of the set's
// description: sets built from prefixes and ranges give a few flows, but a
// set such as "every even address" has no short CIDR form.
func (s *Space) Flows(a Set) []Flow {
	f := s.f
	var raws []rawFlow
	var rec func(n bdd.Node, fam int, k Field, fields [numFields]bdd.Node)
	rec = func(n bdd.Node, fam int, k Field, fields [numFields]bdd.Node) {
		if k == numFields {
			raws = append(raws, rawFlow{fam, fields})
			return
		}
		for _, p := range s.split(n, fieldSpans[k]) {
			fields[k] = p.field
			rec(p.rest, fam, k+1, fields)
		}
	}
	for fam := range 2 {
		n := s.cofactor(a.n, [2]packet.Family{packet.IPv4, packet.IPv6}[fam])
		if fam == 0 {
			// IPv4 sets never constrain these bits; quantifying makes the
			// decomposition immune to a set that does.
			n = f.Exists(n, s.v4Unused)
		}
		if n != bdd.False {
			rec(n, fam, 0, [numFields]bdd.Node{})
		}
	}
	raws = s.merge(raws)
	flows := make([]Flow, len(raws))
	for i, r := range raws {
		flows[i] = s.render(r)
	}
	return flows
}

type part struct{ field, rest bdd.Node }

// split writes n as the disjoint union of field_i AND rest_i, where the
// rest_i are the distinct non-empty nodes n reaches just below the variables
// [sp.base, sp.base+sp.width) and field_i, over those variables only, is the
// set of values leading to rest_i. Parts come in order of the smallest field
// value leading to them (a low-first walk), which depends on the function
// alone, not on node numbering.
//
// One bottom-up pass: a node's parts are its low child's parts under "bit
// 0" followed by the high child's under "bit 1", merged where they share a
// rest. The work is the sum over block nodes of the rests each reaches.
// Variables above the block (the family for a field) must not occur in n.
func (s *Space) split(n bdd.Node, sp span) []part {
	f := s.f
	end := sp.base + sp.width
	memo := make(map[bdd.Node][]part)
	var rec func(m bdd.Node) []part
	rec = func(m bdd.Node) []part {
		if m == bdd.False {
			return nil
		}
		if f.Level(m) >= end {
			return []part{{bdd.True, m}}
		}
		if ps, ok := memo[m]; ok {
			return ps
		}
		lows, highs := rec(f.Low(m)), rec(f.High(m))
		v := f.Level(m)
		ps := make([]part, 0, len(lows)+len(highs))
		var at map[bdd.Node]int // rest -> index in ps, once linear search gets slow
		if len(lows) > 16 {
			at = make(map[bdd.Node]int, len(lows))
		}
		for _, p := range lows {
			if at != nil {
				at[p.rest] = len(ps)
			}
			ps = append(ps, part{f.Branch(v, p.field, bdd.False), p.rest})
		}
		nlow := len(ps)
		for _, p := range highs {
			i := -1
			if at != nil {
				if j, ok := at[p.rest]; ok {
					i = j
				}
			} else {
				for j := range nlow {
					if lows[j].rest == p.rest {
						i = j
						break
					}
				}
			}
			if i >= 0 {
				ps[i].field = f.Branch(v, lows[i].field, p.field)
				continue
			}
			ps = append(ps, part{f.Branch(v, bdd.False, p.field), p.rest})
		}
		memo[m] = ps
		return ps
	}
	return rec(n)
}

// merge unions flows that agree on every field but one, until none do.
// Flows stay disjoint, and the order (first occurrence) stays canonical.
func (s *Space) merge(raws []rawFlow) []rawFlow {
	for changed := true; changed; {
		changed = false
		for k := range numFields {
			index := make(map[rawFlow]int, len(raws))
			merged := make([]rawFlow, 0, len(raws))
			for _, r := range raws {
				key := r
				key.fields[k] = bdd.False
				if i, ok := index[key]; ok {
					merged[i].fields[k] = s.f.Or(merged[i].fields[k], r.fields[k])
					changed = true
					continue
				}
				index[key] = len(merged)
				merged = append(merged, r)
			}
			raws = merged
		}
	}
	return raws
}

func (s *Space) render(r rawFlow) Flow {
	fam := packet.IPv4
	addrBits := 32
	if r.fam == 1 {
		fam, addrBits = packet.IPv6, 128
	}
	fl := Flow{Family: fam}
	s.blocks(r.fields[FieldDstIP], dstBase, addrBits, func(hi, lo uint64, plen int) {
		fl.Dst = append(fl.Dst, netip.PrefixFrom(wordsAddr(fam, hi, lo), plen))
	})
	s.blocks(r.fields[FieldSrcIP], srcBase, addrBits, func(hi, lo uint64, plen int) {
		fl.Src = append(fl.Src, netip.PrefixFrom(wordsAddr(fam, hi, lo), plen))
	})
	fl.Protocols = s.ranges(r.fields[FieldProtocol], protoBase, 8)
	fl.DstPorts = s.ranges(r.fields[FieldDstPort], dportBase, 16)
	fl.SrcPorts = s.ranges(r.fields[FieldSrcPort], sportBase, 16)
	fl.ICMPTypes = s.ranges(r.fields[FieldICMPType], typeBase, 8)
	fl.ICMPCodes = s.ranges(r.fields[FieldICMPCode], codeBase, 8)
	return fl
}

// blocks enumerates, in ascending order, the maximal aligned blocks of the
// field set n: the value (128 bits, most significant first in hi) and the
// number of leading bits fixed. These are exactly its minimal CIDR cover.
func (s *Space) blocks(n bdd.Node, base, width int, emit func(hi, lo uint64, plen int)) {
	f := s.f
	var walk func(m bdd.Node, depth int, hi, lo uint64)
	walk = func(m bdd.Node, depth int, hi, lo uint64) {
		if m == bdd.False {
			return
		}
		if m == bdd.True || f.Level(m)-base >= width {
			emit(hi, lo, depth)
			return
		}
		hi1, lo1 := hi, lo
		if depth < 64 {
			hi1 |= 1 << (63 - depth)
		} else {
			lo1 |= 1 << (127 - depth)
		}
		if f.Level(m)-base > depth {
			// A variable the diagram skips is free: both halves, each still
			// decided by m.
			walk(m, depth+1, hi, lo)
			walk(m, depth+1, hi1, lo1)
			return
		}
		walk(f.Low(m), depth+1, hi, lo)
		walk(f.High(m), depth+1, hi1, lo1)
	}
	walk(n, 0, 0, 0)
}

// ranges renders a numeric field set as sorted, non-touching ranges.
func (s *Space) ranges(n bdd.Node, base, width int) []Range {
	var out []Range
	s.blocks(n, base, width, func(hi, _ uint64, plen int) {
		lo := uint16(hi >> (64 - width))
		top := lo + uint16(uint32(1)<<(width-plen)-1)
		if k := len(out) - 1; k >= 0 && uint32(out[k].Hi)+1 == uint32(lo) {
			out[k].Hi = top
			return
		}
		out = append(out, Range{lo, top})
	})
	return out
}

// FlowSet is the set of packets a Flow describes; the union of FlowSet over
// Flows(a) is a.
func (s *Space) FlowSet(fl Flow) Set {
	f := s.f
	fam := s.fam[famIndex(fl.Family)]
	r := fam
	if len(fl.Dst) > 0 {
		u := bdd.False
		for _, p := range fl.Dst {
			u = f.Or(u, s.prefix(dstBase, p))
		}
		r = f.And(r, u)
	}
	if len(fl.Src) > 0 {
		u := bdd.False
		for _, p := range fl.Src {
			u = f.Or(u, s.prefix(srcBase, p))
		}
		r = f.And(r, u)
	}
	for _, fr := range []struct {
		ranges []Range
		base   int
		width  int
	}{
		{fl.Protocols, protoBase, 8},
		{fl.DstPorts, dportBase, 16},
		{fl.SrcPorts, sportBase, 16},
		{fl.ICMPTypes, typeBase, 8},
		{fl.ICMPCodes, codeBase, 8},
	} {
		if len(fr.ranges) == 0 {
			continue
		}
		u := bdd.False
		for _, rg := range fr.ranges {
			u = f.Or(u, s.valueRange(fr.base, fr.width, uint64(rg.Lo), uint64(rg.Hi)))
		}
		r = f.And(r, u)
	}
	return Set{r}
}

// String renders the flow on one line, leaving out fields that allow every
// value (ports, ICMP type and code); addresses are always shown:
//
//	ipv4 tcp 10.0.1.0/24 -> 10.1.2.10/32 dport 443
//	ipv6 all ::/0 -> 2001:db8::/64
func (fl Flow) String() string {
	var b strings.Builder
	b.WriteString(fl.Family.String())
	b.WriteByte(' ')
	if isFull(fl.Protocols, 255) {
		b.WriteString("all")
	} else {
		for i, r := range fl.Protocols {
			if i > 0 {
				b.WriteByte(',')
			}
			if r.Lo == r.Hi {
				b.WriteString(model.Protocol(r.Lo).String())
			} else {
				b.WriteString(r.String())
			}
		}
	}
	b.WriteByte(' ')
	writePrefixes(&b, fl.Src)
	b.WriteString(" -> ")
	writePrefixes(&b, fl.Dst)
	for _, fr := range []struct {
		name   string
		ranges []Range
		top    uint16
	}{
		{"sport", fl.SrcPorts, 65535},
		{"dport", fl.DstPorts, 65535},
		{"type", fl.ICMPTypes, 255},
		{"code", fl.ICMPCodes, 255},
	} {
		if isFull(fr.ranges, fr.top) {
			continue
		}
		b.WriteString(" " + fr.name + " ")
		for i, r := range fr.ranges {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(r.String())
		}
	}
	return b.String()
}

func isFull(rs []Range, top uint16) bool {
	return len(rs) == 0 || len(rs) == 1 && rs[0] == Range{0, top}
}

func writePrefixes(b *strings.Builder, ps []netip.Prefix) {
	if len(ps) == 0 {
		b.WriteString("any")
	}
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(p.String())
	}
}
