package rules

import (
	"net/netip"
	"sort"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// ClientKind is a kind of client by the source ports it picks for a
// connection (its ephemeral range):
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
type ClientKind struct {
	Name  string
	Ports model.PortRange
}

// ClientKinds are the clients whose replies network ACLs must let through.
var ClientKinds = [3]ClientKind{
	{"Linux", model.PortRange{From: 32768, To: 60999}},
	{"Windows", model.PortRange{From: 49152, To: 65535}},
	{"NAT gateway/ELB", model.PortRange{From: 1024, To: 65535}},
}

// Client kinds by index into ClientKinds.
const (
	ClientLinux = iota
	ClientWindows
	ClientNATOrELB
)

// EphemeralGap is a network ACL that drops replies of flows the security
// groups and network ACLs let through forward.
type EphemeralGap struct {
	ACL *model.NetworkACL
	// Direction is the ACL direction that drops the replies: Egress on the
	// server's subnet, Ingress on the client's.
	Direction model.Direction
	// Subnets are the subnets whose hosts' replies are dropped.
	Subnets []*model.Subnet
	// Denied is the dropped replies per client kind (index of ClientKinds);
	// an empty set means that kind is not affected.
	Denied [3]symbolic.Set
	// Replies is every reply checked, allowed or not.
	Replies symbolic.Set
	// Rule is the ACL rule that decides a dropped reply (nil: the final
	// deny rule); Partial is an allow rule of the same direction that lets
	// part of the replies through, where the fix usually goes (nil if none).
	Rule, Partial *dataplane.FilterRule
	// Range is where to point: Partial, else Rule, else the ACL.
	Range hcl.Range
}

type gapKey struct {
	acl *model.NetworkACL
	dir model.Direction
}

type gapCollector struct {
	an    *analyzer.Analyzer
	s     *symbolic.Engine
	gaps  map[gapKey]*EphemeralGap
	order []gapKey
	// natNodes indexes the NAT gateways' routed nodes (natSends).
	natNodes map[*model.NATGateway]dataplane.NodeID
}

func (c *gapCollector) add(acl *model.NetworkACL, dir model.Direction, sub *model.Subnet, kind int, replies, denied symbolic.Set, f *dataplane.Filter) {
	ops := c.s.Space()
	k := gapKey{acl, dir}
	g, ok := c.gaps[k]
	if !ok {
		g = &EphemeralGap{ACL: acl, Direction: dir, Range: acl.Range}
		for i := range g.Denied {
			g.Denied[i] = ops.None()
		}
		g.Replies = ops.None()
		c.gaps[k] = g
		c.order = append(c.order, k)
	}
	if len(g.Subnets) == 0 || g.Subnets[len(g.Subnets)-1] != sub {
		g.Subnets = append(g.Subnets, sub)
	}
	g.Denied[kind] = ops.Union(g.Denied[kind], denied)
	g.Replies = ops.Union(g.Replies, replies)
	if g.Rule == nil {
		if p, ok := ops.Witness(denied, packet.Packet{}); ok {
			if _, i := f.Eval(&p); i >= 0 {
				g.Rule = &f.Rules[i]
			}
		}
	}
}

// EphemeralGaps checks, for every subnet, the replies of every TCP and UDP
// flow that enters it (server side) or leaves it (client side) through its
// network ACL and its hosts' security groups: network ACLs are stateless,
// so each reply, to the client's ephemeral port, must be allowed on its own
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
// Flows inside one subnet cross no ACL and are not checked. Server-side
// clients are of every kind; a client host is of its platform's kind, a
// NAT gateway or load balancer of the NAT/ELB kind. Computed once per run,
// for nacl-ephemeral-gap; the gaps' sets are the symbolic engine's.
var EphemeralGaps = &Analysis{
	Name:     "ephemeral-gaps",
	Requires: []*Analysis{Dataplane},
	Serial:   true,
	Run: func(p *Pass) (any, error) {
		return ephemeralGaps(analyzerOf(p)), nil
	},
}

func ephemeralGapsOf(p *Pass) []EphemeralGap { return mustResultOf[[]EphemeralGap](p, EphemeralGaps) }

func ephemeralGaps(an *analyzer.Analyzer) []EphemeralGap {
	s := an.Symbolic()
	ops, d := s.Space(), an.Dataplane()
	ported := ops.Union(ops.Proto(uint8(model.ProtoTCP)), ops.Proto(uint8(model.ProtoUDP)))
	ephemeralReplies := ops.Intersect(ported, ops.DstPortRange(model.PortRange{From: 1024, To: 65535}))
	c := &gapCollector{an: an, s: s, gaps: map[gapKey]*EphemeralGap{}}
	for _, sub := range d.Net.Subnets {
		if _, ok := d.Router[sub]; !ok || sub.NetworkACL == nil {
			continue
		}
		out, in := d.NACLFilter(sub, dataplane.NACLEgress), d.NACLFilter(sub, dataplane.NACLIngress)
		allowOut, allowIn := s.Allow(out), s.Allow(in)
		if allowOut == ops.All() && allowIn == ops.All() {
			continue
		}
		// An ACL direction that lets every TCP and UDP packet to ports
		// 1024-65535 through cannot drop a reply to any client kind: skip
		// the exact check (most subnets of a well-built network).
		outOK := ops.Subset(ephemeralReplies, allowOut)
		inOK := ops.Subset(ephemeralReplies, allowIn)
		if outOK && inOK {
			continue
		}
		own := dataplane.SubnetPrefixes(sub)
		// Server side: what enters the subnet for its hosts; the replies
		// leave through the egress rules.
		served := ops.None()
		for _, e := range sub.Interfaces {
			if _, ok := d.ENIIn[e]; ok {
				m := ops.Intersect(ops.Prefixes(dataplane.FieldDst, dataplane.HostPrefixes(d.Addrs[e])), s.Allow(d.SGFilter(e, dataplane.SGIngress)))
				served = ops.Union(served, m)
			}
		}
		served = ops.Minus(ops.Intersect(ops.Intersect(served, allowIn), ported), ops.Prefixes(dataplane.FieldSrc, own))
		if !outOK && !ops.IsEmpty(served) {
			// One reply computation for every kind: the reply of the flows
			// from a kind's ports is the reply set to those ports.
			all := ops.Reply(served)
			for i, k := range ClientKinds {
				r := ops.Intersect(all, ops.DstPortRange(k.Ports))
				if denied := ops.Minus(r, allowOut); !ops.IsEmpty(denied) {
					c.add(sub.NetworkACL, model.Egress, sub, i, r, denied, out)
				}
			}
		}
		// Client side: what the subnet's hosts and NAT gateways send to
		// destinations its route table routes; the replies come in through
		// the ingress rules.
		sendable := ops.Minus(ops.Intersect(ops.Intersect(routed(s, sub), allowOut), ported), ops.Prefixes(dataplane.FieldDst, own))
		client := func(kind int, sent symbolic.Set) {
			if inOK {
				return
			}
			sent = ops.Intersect(ops.Intersect(sent, sendable), ops.SrcPortRange(ClientKinds[kind].Ports))
			r := ops.Reply(sent)
			if denied := ops.Minus(r, allowIn); !ops.IsEmpty(denied) {
				c.add(sub.NetworkACL, model.Ingress, sub, kind, r, denied, in)
			}
		}
		for _, e := range sub.Interfaces {
			if _, ok := d.ENIOut[e]; !ok {
				continue
			}
			kind := ClientLinux
			if e.Type == model.ENILoadBalancer {
				kind = ClientNATOrELB
			} else if inst := model.Target[*model.Instance](e.Instance); inst != nil && inst.Platform == "windows" {
				kind = ClientWindows
			}
			client(kind, ops.Intersect(ops.Prefixes(dataplane.FieldSrc, dataplane.HostPrefixes(d.Addrs[e])), s.Allow(d.SGFilter(e, dataplane.SGEgress))))
		}
		for _, g := range d.Net.NATGateways {
			if a, ok := d.NATAddr[g]; ok && g.SubnetOf() == sub {
				client(ClientNATOrELB, c.natSends(g, a))
			}
		}
	}
	out := make([]EphemeralGap, 0, len(c.order))
	for _, k := range c.order {
		g := c.gaps[k]
		kind := dataplane.NACLEgress
		if k.dir == model.Ingress {
			kind = dataplane.NACLIngress
		}
		g.Partial = partialAllow(s, d.ACLFilter(k.acl, kind), g.Replies)
		switch {
		case g.Partial != nil:
			g.Range = g.Partial.Range
		case g.Rule != nil:
			g.Range = g.Rule.Range
		}
		out = append(out, *g)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ACL.Name < out[j].ACL.Name })
	return out
}

// partialAllow finds the allow rule of f that lets part of the replies
// through: the rule a person meant to allow replies with, whose port range
// falls short.
func partialAllow(s *symbolic.Engine, f *dataplane.Filter, replies symbolic.Set) *dataplane.FilterRule {
	for i := range f.Rules {
		r := &f.Rules[i]
		if r.Deny || !r.Proto.HasPorts() {
			continue
		}
		if !s.Space().IsEmpty(s.Space().Intersect(replies, s.RuleMatch(f, r))) {
			return r
		}
	}
	return nil
}

// routed is the packets a subnet's router sends somewhere other than a
// drop: destinations its route table has a live route for.
func routed(s *symbolic.Engine, sub *model.Subnet) symbolic.Set {
	ops, d := s.Space(), s.Dataplane()
	id, ok := d.Router[sub]
	if !ok {
		return ops.None()
	}
	parts, _ := s.Partition(id)
	out := ops.None()
	for _, p := range parts {
		to := &d.Nodes[d.Edges[p.Edge].To]
		if to.Kind == dataplane.NodeTerminal && !to.Delivered {
			continue
		}
		out = ops.Union(out, p.Match)
	}
	return out
}

// natSends is what a NAT gateway sends: what the hosts routed to it send
// through it (their security groups and network ACLs allowing), with the
// gateway's address and ports as the source.
func (c *gapCollector) natSends(g *model.NATGateway, a netip.Addr) symbolic.Set {
	s := c.s
	ops, d := s.Space(), c.an.Dataplane()
	if c.natNodes == nil {
		c.natNodes = map[*model.NATGateway]dataplane.NodeID{}
		for i := range d.Nodes {
			if g, ok := d.Nodes[i].Component.(*model.NATGateway); ok && d.Nodes[i].Kind == dataplane.NodeNATRouted {
				c.natNodes[g] = dataplane.NodeID(i)
			}
		}
	}
	nat, found := c.natNodes[g]
	if !found {
		nat = -1
	}
	sent := ops.None()
	if nat < 0 || g.SubnetOf() == nil || g.SubnetOf().VPCOf() == nil {
		return sent
	}
	for _, sub := range g.SubnetOf().VPCOf().Subnets {
		id, ok := d.Router[sub]
		if !ok {
			continue
		}
		parts, _ := s.Partition(id)
		toNAT := ops.None()
		for _, p := range parts {
			if d.Edges[p.Edge].To == nat {
				toNAT = ops.Union(toNAT, p.Match)
			}
		}
		if ops.IsEmpty(toNAT) {
			continue
		}
		if f := d.NACLFilter(sub, dataplane.NACLEgress); f != nil {
			toNAT = ops.Intersect(toNAT, s.Allow(f))
		}
		for _, e := range sub.Interfaces {
			if _, ok := d.ENIOut[e]; ok {
				m := ops.Intersect(ops.Prefixes(dataplane.FieldSrc, dataplane.HostPrefixes(d.Addrs[e])), s.Allow(d.SGFilter(e, dataplane.SGEgress)))
				sent = ops.Union(sent, ops.Intersect(m, toNAT))
			}
		}
	}
	return ops.SNAT(sent, a, model.PortRange{From: 1024, To: 65535})
}
