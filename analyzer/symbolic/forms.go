package symbolic

import (
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

// Denial explains a filter's denial of a set: the rule deciding a
// representative packet (an explicit deny rule, or the implicit default).
func (s *Engine) Denial(f *dataplane.Filter, denied Set) dataplane.Outcome {
	if p, ok := s.ops.Witness(denied, packet.Packet{}); ok {
		_, rule := f.Eval(&p)
		return f.Denial(rule)
	}
	return f.Denial(-1)
}

func (s *Engine) guard(g *dataplane.Guard) Set {
	if v, ok := s.guards[g]; ok {
		return v
	}
	ops := s.ops
	v := ops.All()
	if g.Never {
		v = ops.None()
	}
	if len(g.Protocols) > 0 {
		p := ops.None()
		for _, x := range g.Protocols {
			p = ops.Union(p, ops.Proto(x))
		}
		v = ops.Intersect(v, p)
	}
	if g.Src != nil {
		v = ops.Intersect(v, ops.Prefixes(dataplane.FieldSrc, g.Src))
	}
	if g.Dst != nil {
		v = ops.Intersect(v, ops.Prefixes(dataplane.FieldDst, g.Dst))
	}
	s.guards[g] = v
	return v
}

// Allow is the set of packets a filter lets through.
func (s *Engine) Allow(f *dataplane.Filter) Set {
	if v, ok := s.allows[f]; ok {
		return v
	}
	ops := s.ops
	allowed, seen := ops.None(), ops.None()
	for i := range f.Rules {
		m := s.RuleMatch(f, &f.Rules[i])
		if f.FirstMatch {
			if !f.Rules[i].Deny {
				allowed = ops.Union(allowed, ops.Minus(m, seen))
			}
			seen = ops.Union(seen, m)
			continue
		}
		allowed = ops.Union(allowed, m)
	}
	s.allows[f] = allowed
	return allowed
}

// RuleMatch is the set of packets one rule of f matches.
func (s *Engine) RuleMatch(f *dataplane.Filter, r *dataplane.FilterRule) Set {
	ops := s.ops
	field := dataplane.FieldDst
	if f.Ingress() {
		field = dataplane.FieldSrc
	}
	m := ops.Prefixes(field, r.Peers)
	if r.Dsts != nil {
		m = ops.Intersect(m, ops.Prefixes(dataplane.FieldDst, r.Dsts))
	}
	if r.Proto == model.ProtoAll {
		return m
	}
	m = ops.Intersect(m, ops.Proto(uint8(r.Proto)))
	switch {
	case r.Proto.HasPorts():
		m = ops.Intersect(m, ops.DstPortRange(r.Ports))
		if r.MatchSrcPorts {
			m = ops.Intersect(m, ops.SrcPortRange(r.SrcPorts))
		}
	case r.Proto.IsICMP():
		if r.ICMP.Type >= 0 {
			m = ops.Intersect(m, ops.ICMPType(uint8(r.ICMP.Type)))
		}
		if r.ICMP.Code >= 0 {
			m = ops.Intersect(m, ops.ICMPCode(uint8(r.ICMP.Code)))
		}
	}
	return m
}

// Match is the set of packets of one protocol, destination port range and
// ICMP type/code — what a security group or NACL rule matches, without its
// peer.
func (s *Engine) Match(proto model.Protocol, ports model.PortRange, icmp model.ICMPMatch) Set {
	r := dataplane.FilterRule{Proto: proto, Ports: ports, ICMP: icmp, Peers: dataplane.AllAddresses}
	return s.RuleMatch(&dataplane.Filter{Kind: dataplane.SGIngress}, &r)
}
