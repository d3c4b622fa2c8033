package packetset

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/bdd"
)

// fieldVars is the variable set of the fields in mask (bit i = Field i),
// registered once per mask because its identity keys the quantifier cache.
func (s *Space) fieldVars(mask uint8) bdd.VarSet {
	if !s.forgetMade[mask] {
		var vars []int
		for fl := range numFields {
			if mask&(1<<fl) != 0 {
				sp := fieldSpans[fl]
				for i := range sp.width {
					vars = append(vars, sp.base+i)
				}
			}
		}
		s.forget[mask] = s.f.NewVarSet(vars...)
		s.forgetMade[mask] = true
	}
	return s.forget[mask]
}

// Forget frees the given fields: the result holds every packet that agrees
// with some packet of a on the other fields. The address family is never
// forgotten (an address means nothing without it).
func (s *Space) Forget(a Set, fields ...Field) Set {
	var mask uint8
	for _, fl := range fields {
		if fl >= numFields {
			panic("packetset: Forget of unknown field " + fl.String())
		}
		mask |= 1 << fl
	}
	return Set{s.f.Exists(a.n, s.fieldVars(mask))}
}

// SetSrcIP rewrites the source address of every packet of a to addr, as the
// 1:1 NAT of an internet gateway or the source NAT of a NAT gateway does.
// Only packets of addr's family are kept: vpcheck models no NAT64, so an
// IPv6 packet cannot be given an IPv4 source.
func (s *Space) SetSrcIP(a Set, addr netip.Addr) Set {
	return s.rewrite(a, s.familyOf(addr), FieldSrcIP, s.prefix(srcBase, hostPrefix(addr)))
}

// SetDstIP rewrites the destination address of every packet of a to addr
// (inbound translation of a public address to the private one); see
// SetSrcIP for the family rule.
func (s *Space) SetDstIP(a Set, addr netip.Addr) Set {
	return s.rewrite(a, s.familyOf(addr), FieldDstIP, s.prefix(dstBase, hostPrefix(addr)))
}

// SetSrcPorts rewrites the source port of every packet of a to any port in
// [lo, hi]. A NAT gateway picks source ports 1024-65535
// (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html),
// so the translated set holds every choice it may make.
func (s *Space) SetSrcPorts(a Set, lo, hi uint16) Set {
	return s.rewrite(a, bdd.True, FieldSrcPort, s.valueRange(sportBase, 16, uint64(lo), uint64(hi)))
}

// SetDstPorts rewrites the destination port of every packet of a to any
// port in [lo, hi].
func (s *Space) SetDstPorts(a Set, lo, hi uint16) Set {
	return s.rewrite(a, bdd.True, FieldDstPort, s.valueRange(dportBase, 16, uint64(lo), uint64(hi)))
}

// rewrite keeps the packets of a in keep, frees field and constrains it to
// val. The relational product does the first two steps in one pass.
func (s *Space) rewrite(a Set, keep bdd.Node, field Field, val bdd.Node) Set {
	n := s.f.AndExists(a.n, keep, s.fieldVars(1<<field))
	return Set{s.f.And(n, val)}
}

// Reply is the set of replies to the packets of a, as connection tracking
// (security groups) and the return path see them: source and destination
// addresses trade places, and so do the ports. The family and protocol stay.
//
// ICMP: an echo request (ICMP type 8, ICMPv6 type 128) is answered by an
// echo reply (type 0, type 129), code unchanged. Every other ICMP type is
// kept as is, which is what a stateful filter sees for errors and is the
// conservative reading for the informational types vpcheck does not model.
// The mapping is by protocol number (1 for type 8, 58 for type 128), whatever
// the family field says.
//
// Reply(Reply(a)) == a holds for every set without echo requests or echo
// replies. With them it does not: a request becomes a reply, and a reply's
// reply is still a reply (the request is lost).
func (s *Space) Reply(a Set) Set {
	f := s.f
	r := s.swapEnds(a.n)
	if f.Disjoint(r, s.echo4) && f.Disjoint(r, s.echo6) {
		return Set{r}
	}
	// The echo mapping only touches protocol and ICMP type, which sit below
	// the addresses: rewrite the few distinct sub-diagrams below the address
	// block and relink them, instead of running set operations over the
	// whole (address-heavy) set.
	return Set{s.mapBelow(r, protoBase, s.echoReply)}
}

// echoReply maps echo requests to echo replies in n, a set over the
// variables from the protocol down.
func (s *Space) echoReply(n bdd.Node) bdd.Node {
	f := s.f
	r := f.Diff(n, f.Or(s.echo4, s.echo6))
	for _, m := range [2]struct {
		request bdd.Node
		reply   uint64
	}{{s.echo4, uint64(packet.ICMPEchoReply)}, {s.echo6, uint64(packet.ICMPv6EchoReply)}} {
		req := f.AndExists(n, m.request, s.icmpTypeVars)
		if req == bdd.False {
			continue
		}
		// req still says "protocol is ICMP" (the request carried it), and
		// the type is free: pin it to the reply type.
		r = f.Or(r, f.And(req, s.value(typeBase, 8, m.reply)))
	}
	return r
}

// mapBelow replaces every sub-diagram of n rooted at or below level by fn of
// it, keeping the decisions above level. fn must return a set over the
// variables from level down; it is called once per distinct sub-diagram.
func (s *Space) mapBelow(n bdd.Node, level int, fn func(bdd.Node) bdd.Node) bdd.Node {
	f := s.f
	memo := make(map[bdd.Node]bdd.Node)
	var rec func(m bdd.Node) bdd.Node
	rec = func(m bdd.Node) bdd.Node {
		if r, ok := memo[m]; ok {
			return r
		}
		var r bdd.Node
		if f.Level(m) >= level {
			r = fn(m)
		} else {
			r = f.Branch(f.Level(m), rec(f.Low(m)), rec(f.High(m)))
		}
		memo[m] = r
		return r
	}
	return rec(n)
}

// swapEnds exchanges source and destination (addresses and ports).
//
// A plain Replace with the swap renaming is correct but slow here: the
// destination block sits above the source block, so every destination node
// has to be pushed below the whole renamed source part, once per node. The
// set is split instead at the end of the destination block into parts
// D_i(family, dst) AND R_i(src, rest); in each part both renamings preserve
// the order inside their block (dst -> src for D_i, src -> dst for R_i), so
// Replace builds them node by node, and one conjunction puts them together.
func (s *Space) swapEnds(n bdd.Node) bdd.Node {
	f := s.f
	r := bdd.False
	for _, p := range s.split(n, span{famVar, srcBase}) {
		rest := f.Replace(p.rest, s.swap)
		if p.field != bdd.True {
			rest = f.And(f.Replace(p.field, s.swap), rest)
		}
		r = f.Or(r, rest)
	}
	return r
}
