package rules

import (
	"slices"
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
	// Witness is, for a client-side gap, one request whose reply the ACL
	// drops, from where it is sent: the engines' own answer, which trace
	// replays (nil for server-side gaps).
	Witness *GapWitness
}

// GapWitness is a request whose reply a network ACL drops.
type GapWitness struct {
	Start  dataplane.NodeID
	Packet packet.Packet
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
	// clientSide are the subnets whose ingress ACL may drop replies to
	// their hosts or NAT gateways, with that filter.
	clientSide map[*model.Subnet]*dataplane.Filter
}

func (c *gapCollector) add(acl *model.NetworkACL, dir model.Direction, sub *model.Subnet, kind int, replies, denied symbolic.Set, f *dataplane.Filter) *EphemeralGap {
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
	if !slices.Contains(g.Subnets, sub) {
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
	return g
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
	c := &gapCollector{an: an, s: s, gaps: map[gapKey]*EphemeralGap{}, clientSide: map[*model.Subnet]*dataplane.Filter{}}
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
		if !inOK {
			c.clientSide[sub] = in
		}
	}
	c.clientGaps()
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

// clientGaps asks the engines what reach asks: the packets each client
// host sends that arrive, and where their replies end. A reply dropped by
// the ingress ACL of the client's subnet, or of the subnet of a NAT gateway
// it went through, is a gap; a reply the ACL never sees (from a transit
// gateway into its attachment subnet:
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html) is not.
func (c *gapCollector) clientGaps() {
	if len(c.clientSide) == 0 {
		return
	}
	s := c.s
	ops, d := s.Space(), c.an.Dataplane()
	ported := ops.Union(ops.Proto(uint8(model.ProtoTCP)), ops.Proto(uint8(model.ProtoUDP)))
	natVPC := map[*model.VPC]bool{}
	for _, g := range d.Net.NATGateways {
		if sub := g.SubnetOf(); sub != nil && c.clientSide[sub] != nil {
			natVPC[sub.VPCOf()] = true
		}
	}
	for _, e := range d.Net.Interfaces {
		out, ok := d.ENIOut[e]
		sub := e.SubnetOf()
		if !ok || sub == nil || (c.clientSide[sub] == nil && !natVPC[sub.VPCOf()]) {
			continue
		}
		if e.Type != "" && e.Type != model.ENIInstance && e.Type != model.ENILoadBalancer {
			continue
		}
		kind := ClientLinux
		if e.Type == model.ENILoadBalancer {
			kind = ClientNATOrELB
		} else if inst := model.Target[*model.Instance](e.Instance); inst != nil && inst.Platform == "windows" {
			kind = ClientWindows
		}
		sent := ops.Intersect(ops.Intersect(ops.Prefixes(dataplane.FieldSrc, dataplane.HostPrefixes(d.Addrs[e])), ported),
			ops.SrcPortRange(ClientKinds[kind].Ports))
		sent = ops.Minus(sent, ops.Prefixes(dataplane.FieldDst, dataplane.SubnetPrefixes(sub)))
		for _, l := range s.Explore(out, sent, false) {
			if !l.Delivered || ops.IsEmpty(l.Origin) {
				continue
			}
			replies := ops.Reply(l.Set)
			for _, rl := range s.ExploreReply(l) {
				if rl.Outcome.Code != dataplane.CodeNACLIngressDeny || rl.At == dataplane.NoEdge || ops.IsEmpty(rl.Set) {
					continue
				}
				edge := &d.Edges[rl.At]
				into, _ := d.Nodes[edge.To].Component.(*model.Subnet)
				f := c.clientSide[into]
				if f == nil || !hasFilter(edge.Filters, f) {
					continue
				}
				k := kind
				if into != sub {
					if !passesNAT(d, l.Path, into) {
						continue
					}
					k = ClientNATOrELB
				}
				g := c.add(into.NetworkACL, model.Ingress, into, k, replies, rl.Set, f)
				if g.Witness == nil {
					req := ops.Intersect(l.Origin, ops.ReplyInverse(rl.Origin))
					if p, ok := ops.Witness(req, packet.Packet{Proto: uint8(model.ProtoTCP), SrcPort: ClientKinds[k].Ports.From, DstPort: 443}); ok {
						g.Witness = &GapWitness{Start: out, Packet: p}
					}
				}
			}
		}
	}
}

func hasFilter(fs []*dataplane.Filter, f *dataplane.Filter) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// passesNAT reports whether a path went through a NAT gateway of subnet sub.
func passesNAT(d *dataplane.Dataplane, path []symbolic.Step, sub *model.Subnet) bool {
	for _, st := range path {
		n := &d.Nodes[d.Edges[st.Edge].From]
		if g, ok := n.Component.(*model.NATGateway); ok && n.Kind == dataplane.NodeNATRouted && g.SubnetOf() == sub {
			return true
		}
	}
	return false
}
