package rules

import (
	"net/netip"
	"runtime"
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
// The hypothetical instance of a public subnet without a host (network-only
// input) may run any OS: its replies may use any port AWS's guidance
// covers, 1024-65535 (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
var ClientKinds = [numClientKinds]ClientKind{
	{"Linux", model.PortRange{From: 32768, To: 60999}},
	{"Windows", model.PortRange{From: 49152, To: 65535}},
	{"NAT gateway/ELB", model.PortRange{From: 1024, To: 65535}},
	{"hypothetical instance", model.PortRange{From: 1024, To: 65535}},
}

const numClientKinds = 4

// Client kinds by index into ClientKinds.
const (
	ClientLinux = iota
	ClientWindows
	ClientNATOrELB
	// ClientHypothetical is the hypothetical instance of a subnet without
	// a host: a client only (it serves nothing anyone declared).
	ClientHypothetical
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
	Denied [numClientKinds]symbolic.Set
	// Replies is every reply checked, allowed or not.
	Replies symbolic.Set
	// Rule is the ACL rule that decides a dropped reply (nil: the final
	// deny rule); Partial is an allow rule of the same direction that lets
	// part of the replies through, where the fix usually goes (nil if none).
	Rule, Partial *dataplane.FilterRule
	// Range is where to point: Partial, else Rule, else the ACL.
	Range hcl.Range
	// Engine is the symbolic engine whose space holds Denied and Replies.
	Engine *symbolic.Engine
	// Witness is the engine's own answer, which trace replays: for a
	// client-side gap, a request whose reply the ACL drops, from where it
	// is sent; for a server-side gap, a reply the ACL drops, from the
	// server that sends it.
	Witness *GapWitness
	// Unknown is what vpcheck does not model that some of the checked
	// packets or replies meet: where they go is unknown, so the gap may be
	// incomplete (and, with no denied set, is only that).
	Unknown []dataplane.Outcome
}

// Denies reports whether the gap drops replies of some client kind.
func (g *EphemeralGap) Denies() bool {
	for _, set := range g.Denied {
		if !g.Engine.Space().IsEmpty(set) {
			return true
		}
	}
	return false
}

// GapWitness is a request (or, with Reply, a reply) whose reply (or
// itself) a network ACL drops, and the node it leaves from.
type GapWitness struct {
	Start  dataplane.NodeID
	Packet packet.Packet
	Reply  bool
}

type gapKey struct {
	acl *model.NetworkACL
	dir model.Direction
}

// gapCollector computes the gaps of shards of subnets on one engine of its
// own. The engine's caches (the filters' sets, the routers' partitions)
// serve every shard it is given.
type gapCollector struct {
	d *dataplane.Dataplane
	s *symbolic.Engine
	// exact turns off the shortcut of repliesDenied, for the test that
	// holds the shortcut to the full computation.
	exact bool
	// ported is every TCP and UDP packet, ephemeralReplies those to ports
	// 1024-65535; replies caches repliesDenied's sets.
	ported, ephemeralReplies symbolic.Set
	replies                  map[*dataplane.Filter]symbolic.Set
	// natsIn is the NAT gateways by subnet and natNodes their routed
	// nodes; both are shared, read-only, by every collector.
	natsIn   map[*model.Subnet][]*model.NATGateway
	natNodes map[*model.NATGateway]dataplane.NodeID
	// attached is the subnets of the VPCs' available transit gateway
	// attachments, where what the transit gateway delivers skips the ACL.
	attached map[*model.Subnet]bool

	// The shard being collected: its gaps in the order they were found,
	// with the network index of the subnet that found each.
	gaps  map[gapKey]*EphemeralGap
	order []gapKey
	first []int
	at    int
	// held says that gaps this collector returned hold sets of its
	// engine, which may then not be Reset.
	held bool
}

func newGapCollector(d *dataplane.Dataplane, exact bool, natsIn map[*model.Subnet][]*model.NATGateway, natNodes map[*model.NATGateway]dataplane.NodeID) *gapCollector {
	return gapCollectorOn(symbolic.New(d), exact, natsIn, natNodes)
}

// gapCollectorOn is newGapCollector on a given (fresh or Reset) engine.
func gapCollectorOn(s *symbolic.Engine, exact bool, natsIn map[*model.Subnet][]*model.NATGateway, natNodes map[*model.NATGateway]dataplane.NodeID) *gapCollector {
	d := s.Dataplane()
	ops := s.Space()
	ported := ops.Union(ops.Proto(uint8(model.ProtoTCP)), ops.Proto(uint8(model.ProtoUDP)))
	attached := map[*model.Subnet]bool{}
	for _, a := range d.Net.TGWAttachments {
		if a.Type == model.AttachVPC && a.Available() {
			for _, s := range model.Targets[*model.Subnet](a.Subnets) {
				attached[s] = true
			}
		}
	}
	return &gapCollector{d: d, s: s, exact: exact, ported: ported,
		ephemeralReplies: ops.Intersect(ported, ops.DstPortRange(model.PortRange{From: 1024, To: 65535})),
		replies:          map[*dataplane.Filter]symbolic.Set{}, natsIn: natsIn, natNodes: natNodes, attached: attached}
}

// repliesDenied reports whether some reply to a packet of sent (TCP or
// UDP packets only) is denied by the ACL filter f, whose Allow is allow.
// Reply swaps addresses and ports and keeps the protocol, so on TCP and
// UDP packets it is its own inverse: Reply(sent) ⊆ allow exactly when
// sent ⊆ Reply(allow ∩ TCP/UDP). The right side is one set per filter,
// and the test builds no node, where the replies themselves cost a swap
// of the whole set per subnet and host. A false answer is exact: the
// caller skips the replies, which would all be allowed.
func (c *gapCollector) repliesDenied(f *dataplane.Filter, allow, sent symbolic.Set) bool {
	if c.exact {
		return true
	}
	ops := c.s.Space()
	r, ok := c.replies[f]
	if !ok {
		r = ops.Reply(ops.Intersect(allow, c.ported))
		c.replies[f] = r
	}
	return !ops.Subset(sent, r)
}

func (c *gapCollector) add(acl *model.NetworkACL, dir model.Direction, sub *model.Subnet, kind int, replies, denied symbolic.Set, f *dataplane.Filter) *EphemeralGap {
	ops := c.s.Space()
	k := gapKey{acl, dir}
	g, ok := c.gaps[k]
	if !ok {
		g = &EphemeralGap{ACL: acl, Direction: dir, Range: acl.Range, Engine: c.s}
		for i := range g.Denied {
			g.Denied[i] = ops.None()
		}
		g.Replies = ops.None()
		c.gaps[k] = g
		c.order = append(c.order, k)
		c.first = append(c.first, c.at)
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

// unknown records that packets checked for acl's gap in direction dir meet
// something vpcheck does not model (o says what).
func (c *gapCollector) unknown(acl *model.NetworkACL, dir model.Direction, sub *model.Subnet, f *dataplane.Filter, o dataplane.Outcome) {
	ops := c.s.Space()
	g := c.add(acl, dir, sub, 0, ops.None(), ops.None(), f)
	for _, u := range g.Unknown {
		if u.Message == o.Message {
			return
		}
	}
	g.Unknown = append(g.Unknown, o)
}

// EphemeralGaps checks, for every subnet, the replies of every TCP and UDP
// flow that enters it (server side) or leaves it (client side) through its
// network ACL and its hosts' security groups: network ACLs are stateless,
// so each reply, to the client's ephemeral port, must be allowed on its own
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
// Flows inside one subnet cross no ACL and are not checked. Server-side
// clients are of every kind; a client host is of its platform's kind, a
// NAT gateway or load balancer of the NAT/ELB kind. Computed once per run,
// for nacl-ephemeral-gap. Everything it reads lies inside one VPC, so it
// works on engines of its own, in parallel (each gap names the engine of
// its sets), and needs only the compiled data plane.
var EphemeralGaps = &Analysis{
	Name:     "ephemeral-gaps",
	Requires: []*Analysis{Plane},
	Run: func(p *Pass) (any, error) {
		return collectGapsIn(planeOf(p).Dataplane(), false, func(a *model.NetworkACL) bool { return p.InScope(a) }), nil
	},
}

// gapFootprint is what each network ACL's gaps read besides the
// explorations (nacl-ephemeral-gap's Footprint): the ACL, the subnets it
// applies to, their route tables, their ENIs with their security groups
// and instances, and their NAT gateways.
func gapFootprint(n *model.Network) map[model.Object][]model.Object {
	out := map[model.Object][]model.Object{}
	for _, sub := range n.Subnets {
		acl := sub.NetworkACL
		if acl == nil {
			continue
		}
		fp := out[acl]
		if fp == nil {
			fp = []model.Object{acl}
		}
		fp = append(fp, sub)
		if sub.RouteTable != nil {
			fp = append(fp, sub.RouteTable)
		}
		for _, e := range sub.Interfaces {
			fp = append(fp, e)
			for _, g := range model.Targets[*model.SecurityGroup](e.SecurityGroups) {
				fp = append(fp, g)
			}
			if inst := model.Target[*model.Instance](e.Instance); inst != nil {
				fp = append(fp, inst)
			}
		}
		out[acl] = fp
	}
	for _, g := range n.NATGateways {
		if sub := g.SubnetOf(); sub != nil && sub.NetworkACL != nil {
			out[sub.NetworkACL] = append(out[sub.NetworkACL], g)
		}
	}
	return out
}

func ephemeralGapsOf(p *Pass) []EphemeralGap { return mustResultOf[[]EphemeralGap](p, EphemeralGaps) }

func ephemeralGaps(an *analyzer.Analyzer) []EphemeralGap { return collectGaps(an.Dataplane(), false) }

// engineLimit is the node count past which a worker of collectGaps starts
// its engine afresh (Reset, in the memory it has, unless gaps hold its
// sets): small diagrams stay in the processor's caches, where one engine
// for the whole network grows to tens of millions of nodes. Everything a
// shard reads lies in one VPC, so starting afresh costs only that VPC's
// forms. 2^15 measured best of 2^14..2^18 on the generated 2,000 VPCs.
var engineLimit = 1 << 15

// collectGaps is ephemeralGaps; exact skips no reply computation. The
// subnets are sharded by network ACL (a gap is one ACL's), the shards
// collected in parallel, and the gaps put back in the order one pass over
// the subnets finds them.
func collectGaps(d *dataplane.Dataplane, exact bool) []EphemeralGap {
	return collectGapsIn(d, exact, nil)
}

// collectGapsIn is collectGaps for the network ACLs keep accepts (nil:
// all): a gap is one ACL's, found from its subnets alone.
func collectGapsIn(d *dataplane.Dataplane, exact bool, keep func(*model.NetworkACL) bool) []EphemeralGap {
	var shards [][]int // indexes into d.Net.Subnets
	byACL := map[*model.NetworkACL]int{}
	for i, sub := range d.Net.Subnets {
		if _, ok := d.Router[sub]; !ok || sub.NetworkACL == nil || keep != nil && !keep(sub.NetworkACL) {
			continue
		}
		j, ok := byACL[sub.NetworkACL]
		if !ok {
			j = len(shards)
			byACL[sub.NetworkACL] = j
			shards = append(shards, nil)
		}
		shards[j] = append(shards[j], i)
	}
	natsIn := map[*model.Subnet][]*model.NATGateway{}
	for _, g := range d.Net.NATGateways {
		if sub := g.SubnetOf(); sub != nil {
			natsIn[sub] = append(natsIn[sub], g)
		}
	}
	natNodes := map[*model.NATGateway]dataplane.NodeID{}
	for i := range d.Nodes {
		if g, ok := d.Nodes[i].Component.(*model.NATGateway); ok && d.Nodes[i].Kind == dataplane.NodeNATRouted {
			natNodes[g] = dataplane.NodeID(i)
		}
	}

	type found struct {
		gap   EphemeralGap
		first int
	}
	results := make([][]found, len(shards))
	// Each goroutine's collector is made with its first shard.
	none := func() *gapCollector { return nil }
	eachInParallel(len(shards), runtime.GOMAXPROCS(0), none, func(cp **gapCollector, j int) {
		c := *cp
		switch {
		case c == nil:
			c = newGapCollector(d, exact, natsIn, natNodes)
		case c.s.Space().Size() > engineLimit && c.held:
			// Gaps found hold the engine's sets: a new engine.
			c = newGapCollector(d, exact, natsIn, natNodes)
		case c.s.Space().Size() > engineLimit:
			// Nothing holds the engine's sets: start it afresh in the
			// memory it has.
			c.s.Reset()
			c = gapCollectorOn(c.s, exact, natsIn, natNodes)
		}
		*cp = c
		gaps, first := c.shard(shards[j])
		c.held = c.held || len(gaps) > 0
		for i := range gaps {
			results[j] = append(results[j], found{gaps[i], first[i]})
		}
	})
	var all []found
	for _, r := range results {
		all = append(all, r...)
	}
	// One pass over the subnets finds gaps by subnet, and a subnet's gaps
	// in its shard's order: sort by the finding subnet, stably.
	sort.SliceStable(all, func(i, j int) bool { return all[i].first < all[j].first })
	out := make([]EphemeralGap, len(all))
	for i := range all {
		out[i] = all[i].gap
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ACL.Name < out[j].ACL.Name })
	return out
}

// shard collects the gaps of some subnets (indexes into the network's
// subnets, in order) and returns them in the order found, with the index
// of the subnet that found each.
func (c *gapCollector) shard(subnets []int) ([]EphemeralGap, []int) {
	c.gaps, c.order, c.first = map[gapKey]*EphemeralGap{}, nil, nil
	for _, i := range subnets {
		c.at = i
		c.subnet(c.d.Net.Subnets[i])
	}
	s, d := c.s, c.d
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
	return out, c.first
}

// subnet checks one subnet of the graph that has a network ACL.
func (c *gapCollector) subnet(sub *model.Subnet) {
	s, d := c.s, c.d
	ops := s.Space()
	ported, ephemeralReplies := c.ported, c.ephemeralReplies
	out, in := d.NACLFilter(sub, dataplane.NACLEgress), d.NACLFilter(sub, dataplane.NACLIngress)
	allowOut, allowIn := s.Allow(out), s.Allow(in)
	if allowOut == ops.All() && allowIn == ops.All() {
		return
	}
	// An ACL direction that lets every TCP and UDP packet to ports
	// 1024-65535 through cannot drop a reply to any client kind: skip
	// the exact check (most subnets of a well-built network).
	outOK := ops.Subset(ephemeralReplies, allowOut)
	inOK := ops.Subset(ephemeralReplies, allowIn)
	if outOK && inOK {
		return
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
	admitted := allowIn
	if c.attached[sub] && sub.VPCOf() != nil {
		// What a transit gateway delivers into its attachment subnet does
		// not meet the ACL (serverGaps asks the engine).
		admitted = ops.Union(admitted, ops.Minus(ops.All(), ops.Prefixes(dataplane.FieldSrc, sub.VPCOf().Prefixes())))
	}
	served = ops.Minus(ops.Intersect(ops.Intersect(served, admitted), ported), ops.Prefixes(dataplane.FieldSrc, own))
	// Replies go to the clients' ephemeral ports, 1024-65535 for every
	// kind: when none of those is denied, no kind's is. The sets find the
	// candidates; the replies' own walks, on the engine, decide.
	if !outOK && !ops.IsEmpty(served) && c.repliesDenied(out, allowOut, ops.Intersect(served, ops.SrcPortRange(ClientKinds[ClientNATOrELB].Ports))) {
		c.serverGaps(sub, out, allowIn)
	}
	if inOK {
		return
	}
	// Client side: what the subnet's hosts and NAT gateways send to
	// destinations its route table routes, whose replies would come in
	// through the ingress rules. The sets only find candidates, cheaply;
	// whether a candidate's replies do meet the ACL is the engine's
	// answer (clientGaps), as reach's is.
	sendable := ops.Minus(ops.Intersect(ops.Intersect(routed(s, sub), allowOut), ported), ops.Prefixes(dataplane.FieldDst, own))
	candidate := false
	client := func(kind int, sent symbolic.Set) {
		if candidate {
			return
		}
		sent = ops.Intersect(ops.Intersect(sent, sendable), ops.SrcPortRange(ClientKinds[kind].Ports))
		if !c.repliesDenied(in, allowIn, sent) {
			return
		}
		candidate = !ops.IsEmpty(ops.Minus(ops.Reply(sent), allowIn))
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
	for _, g := range c.natsIn[sub] {
		if a, ok := d.NATAddr[g]; ok {
			client(ClientNATOrELB, c.natSends(g, a))
		}
	}
	if h, ok := d.Hypothetical[sub]; ok {
		// A subnet without a host: its hypothetical host.
		client(ClientHypothetical, ops.Prefixes(dataplane.FieldSrc, dataplane.HostPrefixes([]netip.Addr{h.Private})))
	}
	if candidate {
		c.clientGaps(sub, in)
	}
}

// serverGaps walks, on the engine, the replies of what each host of sub
// serves (what its security groups and sub's ACL admit from outside sub,
// from clients of every kind): a reply dropped by the egress rules of sub's
// ACL on its way out is a gap. Replies with no route back, or that never
// cross the ACL, are not. In a transit gateway attachment's subnet, what
// the transit gateway delivers does not meet the ACL's ingress rules
// (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html): those
// requests are the engine's, walked from where the transit gateway lets
// them out, the subnet's router, from any address outside the VPC.
func (c *gapCollector) serverGaps(sub *model.Subnet, out *dataplane.Filter, allowIn symbolic.Set) {
	s, d := c.s, c.d
	ops := s.Space()
	own := ops.Prefixes(dataplane.FieldSrc, dataplane.SubnetPrefixes(sub))
	router, viaTGW := d.Router[sub]
	viaTGW = viaTGW && c.attached[sub]
	outside := ops.None()
	if viaTGW {
		outside = ops.Minus(c.ported, ops.Prefixes(dataplane.FieldSrc, sub.VPCOf().Prefixes()))
	}
	for _, e := range sub.Interfaces {
		acc, ok := d.Accept[e]
		if _, in := d.ENIIn[e]; !ok || !in {
			continue
		}
		host := ops.Prefixes(dataplane.FieldDst, dataplane.HostPrefixes(d.Addrs[e]))
		served := ops.Intersect(host, s.Allow(d.SGFilter(e, dataplane.SGIngress)))
		served = ops.Minus(ops.Intersect(ops.Intersect(served, allowIn), c.ported), own)
		arrivals := []symbolic.Leaf{{Node: acc, Set: served, Delivered: true}}
		if viaTGW {
			// From the transit gateway: the engine's arrivals at the host.
			for _, l := range s.Explore(router, ops.Intersect(outside, host), false) {
				if l.Delivered && l.Node == acc && !ops.IsEmpty(l.Set) {
					arrivals = append(arrivals, l)
					served = ops.Union(served, l.Set)
				}
			}
		}
		if ops.IsEmpty(served) {
			continue
		}
		all := ops.Reply(served)
		var replies []symbolic.Leaf
		for _, a := range arrivals {
			if !ops.IsEmpty(a.Set) {
				replies = append(replies, s.ExploreReply(a)...)
			}
		}
		for _, rl := range replies {
			if rl.Outcome.Code.Unmodelled() && !ops.IsEmpty(rl.Set) {
				c.unknown(sub.NetworkACL, model.Egress, sub, out, rl.Outcome)
				continue
			}
			if rl.Outcome.Code != dataplane.CodeNACLEgressDeny || rl.At == dataplane.NoEdge || ops.IsEmpty(rl.Set) {
				continue
			}
			edge := &d.Edges[rl.At]
			if !slices.Contains(edge.Filters, out) {
				continue
			}
			for i, k := range ClientKinds {
				if i == ClientHypothetical {
					continue
				}
				ports := ops.DstPortRange(k.Ports)
				denied := ops.Intersect(rl.Set, ports)
				if ops.IsEmpty(denied) {
					continue
				}
				g := c.add(sub.NetworkACL, model.Egress, sub, i, ops.Intersect(all, ports), denied, out)
				if g.Witness == nil {
					if p, ok := ops.Witness(ops.Intersect(rl.Origin, ports), packet.Packet{Proto: uint8(model.ProtoTCP), SrcPort: 443, DstPort: k.Ports.From}); ok {
						g.Witness = &GapWitness{Start: d.Nodes[acc].ReplyFrom, Packet: p, Reply: true}
					}
				}
			}
		}
	}
}

// clientGaps asks the engine what reach asks: the packets each client sends
// that arrive, and where their replies end. A reply dropped by the ingress
// rules of sub's ACL, on the way into sub, is a gap: to a host of sub, or
// to a NAT gateway of sub that translated a host's packets. A reply the
// ACL never sees is not (from a transit gateway into its attachment
// subnet: https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html).
func (c *gapCollector) clientGaps(sub *model.Subnet, in *dataplane.Filter) {
	s, d := c.s, c.d
	ops := s.Space()
	senders := sub.Interfaces
	if len(c.natsIn[sub]) > 0 && sub.VPCOf() != nil {
		senders = nil
		for _, other := range sub.VPCOf().Subnets {
			senders = append(senders, other.Interfaces...)
		}
	}
	type sender struct {
		out   dataplane.NodeID
		addrs []netip.Addr
		kind  int
		from  *model.Subnet
	}
	var all []sender
	for _, e := range senders {
		out, ok := d.ENIOut[e]
		from := e.SubnetOf()
		if !ok || from == nil || (e.Type != "" && e.Type != model.ENIInstance && e.Type != model.ENILoadBalancer) {
			continue
		}
		kind := ClientLinux
		if e.Type == model.ENILoadBalancer {
			kind = ClientNATOrELB
		} else if inst := model.Target[*model.Instance](e.Instance); inst != nil && inst.Platform == "windows" {
			kind = ClientWindows
		}
		all = append(all, sender{out, d.Addrs[e], kind, from})
	}
	// A subnet without a host: its hypothetical host (no security
	// group restriction) sends from its subnet's router.
	if h, ok := d.Hypothetical[sub]; ok {
		if r, ok := d.Router[sub]; ok {
			all = append(all, sender{r, []netip.Addr{h.Private}, ClientHypothetical, sub})
		}
	}
	for _, snd := range all {
		out, kind, from := snd.out, snd.kind, snd.from
		sent := ops.Intersect(ops.Intersect(ops.Prefixes(dataplane.FieldSrc, dataplane.HostPrefixes(snd.addrs)), c.ported),
			ops.SrcPortRange(ClientKinds[kind].Ports))
		sent = ops.Minus(sent, ops.Prefixes(dataplane.FieldDst, dataplane.SubnetPrefixes(from)))
		for _, l := range s.Explore(out, sent, false) {
			if l.Outcome.Code.Unmodelled() && !ops.IsEmpty(l.Origin) {
				c.unknown(sub.NetworkACL, model.Ingress, sub, in, l.Outcome)
				continue
			}
			if !l.Delivered || ops.IsEmpty(l.Origin) || d.Nodes[l.Node].ReplyFrom < 0 {
				continue
			}
			for _, rl := range s.ExploreReply(l) {
				if rl.Outcome.Code.Unmodelled() && !ops.IsEmpty(rl.Set) {
					c.unknown(sub.NetworkACL, model.Ingress, sub, in, rl.Outcome)
					continue
				}
				if rl.Outcome.Code != dataplane.CodeNACLIngressDeny || rl.At == dataplane.NoEdge || ops.IsEmpty(rl.Set) {
					continue
				}
				edge := &d.Edges[rl.At]
				if into, _ := d.Nodes[edge.To].Component.(*model.Subnet); into != sub || !slices.Contains(edge.Filters, in) {
					continue
				}
				k := kind
				if from != sub {
					if !passesNAT(d, l.Path, sub) {
						continue
					}
					k = ClientNATOrELB
				}
				g := c.add(sub.NetworkACL, model.Ingress, sub, k, ops.Reply(l.Set), rl.Set, in)
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
// drop: destinations its route table has a live route for, or a route to a
// target vpcheck does not model (whose replies are then unknown).
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
		if to.Kind == dataplane.NodeTerminal && !to.Delivered && !to.Outcome.Code.Unmodelled() {
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
	ops, d := s.Space(), c.d
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
