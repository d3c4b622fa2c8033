package analyzer

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

// A load balancer node that accepts a packet on a listener forwards it to
// a target of the listener's target group: a new connection from the
// node's address (Application and Classic Load Balancers are proxies), or
// the client's packet with its destination rewritten (a Network Load
// Balancer, keeping the client's address when it preserves client IPs).
// With cross-zone load balancing off, a node forwards only to targets in
// its own zone. See
// https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
// and https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation

// LBLeg is the second leg of a connection through a load balancer: from
// the node to one target.
type LBLeg struct {
	LoadBalancer *model.LoadBalancer
	Node         *model.NetworkInterface
	Listener     *model.LBListener
	Group        *model.TargetGroup
	// Target is the chosen target (nil when the node has none to forward
	// to: Outcome then says why) and TargetIP its address.
	Target   *model.LBTarget
	TargetIP netip.Addr
	// Packet is what the node sends to the target.
	Packet packet.Packet
	// ClientIP: the target sees the client's address (else the node's).
	ClientIP bool
	Walk     fastpath.Result
	Outcome  dataplane.Outcome
	Arrived  bool
	// Return is the target's reply to the node (nil when the packet did
	// not arrive, or the reply goes to the client's address: a Network
	// Load Balancer preserving client IPs takes it back itself).
	Return        *fastpath.Result
	ReturnOutcome dataplane.Outcome
	Returned      bool
	// Others counts the other targets the node may choose for the packet.
	Others int
	// HealthCheck: the leg is the node's health check of the target (TCP,
	// from the node's address, on the health check port).
	HealthCheck bool
}

// listenerFor returns the listener of b that accepts packet p.
func listenerFor(b *model.LoadBalancer, p packet.Packet) *model.LBListener {
	if b.Type == model.LBGateway && len(b.Listeners) > 0 {
		// One listener, for every port and protocol.
		return b.Listeners[0]
	}
	for _, l := range b.Listeners {
		if l.Port != p.DstPort {
			continue
		}
		for _, proto := range model.Transport(l.Protocol) {
			if uint8(proto) == p.Proto {
				return l
			}
		}
	}
	return nil
}

// lbTarget is a target with its address and zone resolved.
type lbTarget = dataplane.LBTarget

// targetsOf resolves a group's targets behind load balancer b
// (dataplane.LBTargets: the data plane judges Gateway Load Balancer
// endpoints by the same targets).
func (a *Analyzer) targetsOf(b *model.LoadBalancer, g *model.TargetGroup) []lbTarget {
	return a.d.LBTargets(b, g)
}

// eligible are the targets node may forward to (dataplane.EligibleTargets).
func eligible(b *model.LoadBalancer, node *model.NetworkInterface, ts []lbTarget) []lbTarget {
	return dataplane.EligibleTargets(b, node, ts)
}

// LBForward walks the second leg of packet p, which node accepted
// (arrived as the fast path delivered it): the node picks the first target
// it may forward to, in registration order.
func (a *Analyzer) LBForward(node *model.NetworkInterface, p packet.Packet) *LBLeg {
	b := model.LoadBalancerOf(node)
	if b == nil {
		return nil
	}
	leg := &LBLeg{LoadBalancer: b, Node: node, Listener: listenerFor(b, p)}
	if leg.Listener == nil {
		return nil
	}
	l := leg.Listener
	if l.Action != "" && l.Action != model.ActionForward {
		leg.Outcome = dataplane.Outcome{Code: dataplane.CodeAccepted, Component: l, Range: l.Range,
			Message: fmt.Sprintf("listener %s of %s answers itself (%s)", l.Name, model.Label(b), l.Action)}
		leg.Arrived = true
		return leg
	}
	groups := model.Targets[*model.TargetGroup](l.TargetGroups)
	if len(groups) == 0 {
		leg.Outcome = dataplane.Outcome{Code: dataplane.CodeLBNoTarget, Component: l, Range: l.Range,
			Message: fmt.Sprintf("listener %s of %s forwards to no target group", l.Name, model.Label(b))}
		return leg
	}
	g := groups[0]
	leg.Group = g
	ts := eligible(b, node, a.targetsOf(b, g))
	if len(ts) == 0 {
		why := "it has no registered target"
		if len(g.Targets) > 0 && !b.CrossZone {
			why = fmt.Sprintf("none is in zone %s and cross-zone load balancing is off", model.Zone(node))
		}
		leg.Outcome = dataplane.Outcome{Code: dataplane.CodeLBNoTarget, Component: g, Range: g.Range,
			Message: fmt.Sprintf("the node of %s in subnet %s has no target of target group %s to forward to: %s", model.Label(b), node.SubnetOf().Name, g.Name, why)}
		if g.UnknownTargets > 0 {
			leg.Outcome.Code = ""
			leg.Outcome.Message += fmt.Sprintf("; %d target(s) of the group are not known", g.UnknownTargets)
		}
		return leg
	}
	leg.Others = len(ts) - 1
	a.walkLeg(leg, ts[0], p)
	return leg
}

// walkLeg walks packet p (as the client sent it to the node) on from the
// node to target t of the leg's group, and the target's reply back.
func (a *Analyzer) walkLeg(leg *LBLeg, t lbTarget, p packet.Packet) {
	d := a.d
	b, node, g := leg.LoadBalancer, leg.Node, leg.Group
	leg.Target, leg.TargetIP = t.Target, t.IP
	leg.ClientIP = b.PreservesClientIP(g) && !leg.HealthCheck
	q := p
	q.Dst, q.DstPort = t.IP, t.Target.PortIn(g)
	// A Gateway Load Balancer sends to its appliances in GENEVE, UDP on the
	// group's port (6081), from its node:
	// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/target-groups.html
	if strings.EqualFold(g.Protocol, "GENEVE") {
		q.Proto = uint8(model.ProtoUDP)
	}
	if leg.HealthCheck {
		q.Proto = uint8(model.ProtoTCP)
		if g.HealthCheckPort != 0 {
			q.DstPort = g.HealthCheckPort
		}
	}
	if !leg.ClientIP {
		q.Src, q.SrcPort = dataplane.FirstV4(d.Addrs[node]), DefaultSrcPort
	}
	leg.Packet = q
	var sess fastpath.Sessions
	fp := a.FastPath()
	leg.Walk = fp.Forward(d.ENIOut[node], q, &sess, true)
	leg.Outcome = leg.Walk.Explained()
	leg.Arrived = leg.Walk.Delivered && (t.ENI == nil || leg.Walk.Node == d.Accept[t.ENI])
	if leg.Walk.Delivered && !leg.Arrived {
		leg.Outcome.Message = fmt.Sprintf("the packet to the target is delivered (%s), but not to the target", leg.Outcome.Message)
	}
	if !leg.Arrived {
		return
	}
	if leg.ClientIP {
		a.preservedReply(leg, &sess)
		return
	}
	replyFrom := d.Nodes[leg.Walk.Node].ReplyFrom
	if replyFrom < 0 {
		leg.Returned = true
		return
	}
	back := fp.Reply(replyFrom, leg.Walk.Final.Reply(), &sess, true)
	leg.Return = &back
	leg.ReturnOutcome = back.Explained()
	leg.Returned = back.Node == d.Accept[node]
}

// preservedReply walks the reply of a target that sees the client's own
// address (a Network Load Balancer preserving client IPs): the target
// answers the client, and AWS takes that reply back through the node
// that forwarded the request — "the traffic must flow directly from the
// Network Load Balancer to the target" — which then answers the client
// from the listener's address.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
// The way back to the node is walked on the fast path (the reply with the
// node as destination: routes, and the node subnet's network ACL, which
// matches the reply by its source and port); the target subnet's network
// ACL, which matches it by its destination, decides it with the client's
// address — its outbound rules must admit the client's addresses on its
// ports (network ACLs are stateless:
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
func (a *Analyzer) preservedReply(leg *LBLeg, sess *fastpath.Sessions) {
	d := a.d
	replyFrom := d.Nodes[leg.Walk.Node].ReplyFrom
	nodeIP := dataplane.FirstV4(d.Addrs[leg.Node])
	if replyFrom < 0 || !nodeIP.IsValid() {
		leg.Returned = true
		return
	}
	answer := leg.Walk.Final.Reply()
	toNode := answer
	toNode.Dst = nodeIP
	back := a.FastPath().Reply(replyFrom, toNode, sess, true)
	leg.Return = &back
	leg.ReturnOutcome = back.Explained()
	leg.Returned = back.Node == d.Accept[leg.Node]
	client := d.DisplayAddr(answer.Dst)
	if !leg.Returned {
		leg.ReturnOutcome.Message = fmt.Sprintf("the target's reply to the client %s (its address is preserved) must come back through the node in subnet %s: %s", client, leg.Node.SubnetOf().Name, leg.ReturnOutcome.Message)
		return
	}
	ts := subnetHolding(d.Net, answer.Src)
	if ts == nil || ts == leg.Node.SubnetOf() {
		return
	}
	if f := d.NACLFilter(ts, dataplane.NACLEgress); f != nil {
		if ok, rule := f.Eval(&answer); !ok {
			// The walk ends where the ACL decides, with its verdict on the
			// reply as it is: addressed to the client.
			cut := back
			cut.Hops = nil
			for _, h := range back.Hops {
				i := slices.IndexFunc(h.Filters, func(v fastpath.FilterVerdict) bool { return v.Filter == f })
				if i < 0 {
					cut.Hops = append(cut.Hops, h)
					continue
				}
				h.Filters = append(slices.Clone(h.Filters[:i]), fastpath.FilterVerdict{Filter: f, Allowed: false, Rule: rule})
				cut.Hops = append(cut.Hops, h)
				cut.Node = h.Node
				break
			}
			cut.Delivered, cut.DeniedBy, cut.DenyRule, cut.Final = false, f, rule, answer
			cut.Outcome = f.Denial(rule)
			leg.Return, leg.Returned = &cut, false
			leg.ReturnOutcome = cut.Outcome
			leg.ReturnOutcome.Message = fmt.Sprintf("the target's reply to the client %s (its address is preserved) leaves subnet %s towards the client's address: %s", client, ts.Name, leg.ReturnOutcome.Message)
			return
		}
	}
	leg.ReturnOutcome.Message = fmt.Sprintf("the target's reply to the client %s (its address is preserved) comes back through the node in subnet %s", client, leg.Node.SubnetOf().Name)
}

// subnetHolding is the subnet whose block holds a, nil for none.
func subnetHolding(n *model.Network, a netip.Addr) *model.Subnet {
	for _, s := range n.Subnets {
		if s.CIDR.Prefix.IsValid() && s.CIDR.Prefix.Contains(a) {
			return s
		}
	}
	return nil
}

// TargetCheck says whether a load balancer node reaches one target of a
// listener: the leg to it, walked.
type TargetCheck struct {
	*LBLeg
	// Reachable: the target receives the packet and, when the node waits
	// for it, its reply comes back to the node.
	Reachable bool
}

// CheckTargets walks, for every listener that forwards, the leg from each
// node to each target the node may forward to, for a client packet p
// sent to the listener (its source matters where the target sees it). A
// node with no eligible target gives one check without a target
// (LB_NO_TARGET, or unknown when some targets are unknown).
func (a *Analyzer) CheckTargets(b *model.LoadBalancer, client packet.Packet) []TargetCheck {
	d := a.d
	var out []TargetCheck
	type healthKey struct {
		node *model.NetworkInterface
		g    *model.TargetGroup
		t    *model.LBTarget
	}
	checked := map[healthKey]bool{}
	for _, l := range b.Listeners {
		if l.Action != "" && l.Action != model.ActionForward {
			continue
		}
		protos := model.Transport(l.Protocol)
		if b.Type == model.LBGateway {
			protos = []model.Protocol{model.ProtoUDP}
		}
		for _, proto := range protos {
			for _, node := range b.Nodes() {
				if _, ok := d.ENIOut[node]; !ok {
					continue
				}
				p := client
				p.Proto, p.DstPort = uint8(proto), l.Port
				p.Dst = dataplane.FirstV4(d.Addrs[node])
				if p.SrcPort == 0 {
					p.SrcPort = DefaultSrcPort
				}
				probe := a.LBForward(node, p)
				if probe == nil {
					continue
				}
				if probe.Target == nil {
					probe.Packet = p
					out = append(out, TargetCheck{LBLeg: probe})
				}
				// Every group of a weighted forward receives a share.
				for _, g := range model.Targets[*model.TargetGroup](l.TargetGroups) {
					for _, t := range eligible(b, node, a.targetsOf(b, g)) {
						leg := &LBLeg{LoadBalancer: b, Node: node, Listener: l, Group: g}
						a.walkLeg(leg, t, p)
						out = append(out, TargetCheck{LBLeg: leg, Reachable: leg.Arrived && (leg.Return == nil || leg.Returned)})
						// Health checks come from the node's address, on the
						// health check port: a separate leg when either
						// differs from the traffic's.
						// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html
						hk := healthKey{node, g, t.Target}
						if checked[hk] || !leg.ClientIP && (g.HealthCheckPort == 0 || g.HealthCheckPort == t.Target.PortIn(g)) {
							continue
						}
						checked[hk] = true
						hc := &LBLeg{LoadBalancer: b, Node: node, Listener: l, Group: g, HealthCheck: true}
						a.walkLeg(hc, t, p)
						out = append(out, TargetCheck{LBLeg: hc, Reachable: hc.Arrived && (hc.Return == nil || hc.Returned)})
					}
				}
			}
		}
	}
	return out
}

// RepresentativeClient is a packet source standing for a load balancer's
// clients: a documentation address on the internet for an internet-facing
// one, else the first host of a subnet of its VPC that is not one of its
// own (or, with none, of its VPC's first block). Where the target sees
// the client's address, verdicts are about this client.
func (a *Analyzer) RepresentativeClient(b *model.LoadBalancer) netip.Addr {
	if !b.Internal {
		return internetClient4
	}
	own := map[*model.Subnet]bool{}
	for _, s := range model.Targets[*model.Subnet](b.Subnets) {
		own[s] = true
	}
	if v := model.Target[*model.VPC](b.VPC); v != nil {
		for _, s := range v.Subnets {
			if !own[s] && s.CIDR.Prefix.IsValid() {
				return firstHost(s.CIDR.Prefix, true)
			}
		}
		if len(v.CIDRs) > 0 {
			return firstHost(v.CIDRs[0].Prefix, true)
		}
	}
	return internetClient4
}

// lbNodeOf returns the load balancer node a terminal accepts for, or nil.
func (a *Analyzer) lbNodeOf(terminal dataplane.NodeID) *model.NetworkInterface {
	for _, b := range a.d.Net.LoadBalancers {
		for _, e := range b.Nodes() {
			if id, ok := a.d.Accept[e]; ok && id == terminal {
				return e
			}
		}
	}
	return nil
}
