package dataplane

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

// Gateway Load Balancer. A packet routed to a Gateway Load Balancer
// endpoint goes to the load balancer's node in the endpoint's zone, which
// sends it, wrapped in GENEVE (UDP 6081, from the node's address), to an
// appliance of its target group — one in its own zone unless cross-zone
// load balancing is on — and the appliance sends it back the same way; the
// endpoint then forwards it by the route table of its subnet. See
// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/introduction.html
// and https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/target-groups.html
//
// What the appliances themselves do with the packet (their firewall
// policy) is not in any input vpcheck reads. The endpoint's edge therefore
// carries Edge.Unmodelled: both engines walk on past it as if the appliance
// were transparent — so a drop further on is still proven — but an answer
// whose packets (or replies) arrive only across such an edge is unknown,
// never reachable, as a Network Firewall rule vpcheck does not evaluate
// makes its traffic unknown (FIREWALL_UNMODELLED). When no appliance of
// the zone can be reached on GENEVE (none registered, none in the zone with
// cross-zone off, their groups or network ACLs refusing UDP 6081 from the
// node, no route), the endpoint drops everything: GWLB_NO_TARGET.

// gwlbHop is a Gateway Load Balancer endpoint's edge, judged once the graph
// is complete (judgeGWLBs).
type gwlbHop struct {
	eni  *model.NetworkInterface
	edge EdgeID
	lb   *model.LoadBalancer
}

// fillGWLBEndpoint routes what reaches endpoint ENI e (node id) through
// the appliances to the endpoint subnet's router.
func (c *compiler) fillGWLBEndpoint(id NodeID, e *model.NetworkInterface) {
	var b *model.LoadBalancer
	if ep := model.Target[*model.VPCEndpoint](e.Owner); ep != nil {
		b = model.Target[*model.LoadBalancer](ep.LoadBalancer)
	}
	via := "inspected by the gateway load balancer behind " + e.Name
	if b != nil {
		via = "inspected by the appliances of " + model.Label(b) + " behind " + e.Name
	}
	edge := c.route(id, AllAddresses, c.d.Router[e.SubnetOf()], via, e, e.Range)
	c.gwlbHops = append(c.gwlbHops, gwlbHop{eni: e, edge: edge, lb: b})
}

// judgeGWLBs decides each Gateway Load Balancer endpoint's edge on the
// complete graph: dropped when no appliance is reachable, else marked as
// resting on the appliances' unmodelled policy.
func (c *compiler) judgeGWLBs() {
	for _, h := range c.gwlbHops {
		e := &c.d.Edges[h.edge]
		if h.lb == nil {
			e.Via += " (no gateway load balancer in the input: what it does is unknown)"
			e.Unmodelled = &Outcome{Code: CodeGWLBUnmodelled, Component: h.eni, Range: h.eni.Range,
				Message: fmt.Sprintf("the gateway load balancer behind endpoint %s is not in the input: whether its appliances pass the packet is unknown", h.eni.Name)}
			continue
		}
		ok, why, unknown := c.gwlbAppliance(h.lb, h.eni)
		switch {
		case ok != "":
			e.Via += " (appliance " + ok + "; its policy is not modelled)"
			e.Unmodelled = &Outcome{Code: CodeGWLBUnmodelled, Component: h.lb, Range: h.lb.Range,
				Message: fmt.Sprintf("%s sends the packet to appliance %s, whose own policy vpcheck does not model: whether it passes the packet is unknown", model.Label(h.lb), ok)}
		case unknown:
			e.Guards = append(e.Guards, Guard{Never: true, Fail: Outcome{Code: CodeGWLBUnmodelled, Component: h.lb, Range: h.lb.Range,
				Message: fmt.Sprintf("%s: %s", model.Label(h.lb), why)}})
		default:
			e.Guards = append(e.Guards, Guard{Never: true, Fail: Outcome{Code: CodeGWLBNoTarget, Component: h.lb, Range: h.lb.Range,
				Message: fmt.Sprintf("%s cannot inspect what endpoint %s sends it: %s", model.Label(h.lb), h.eni.Name, why)}})
		}
	}
}

// gwlbAppliance finds an appliance load balancer b's node in endpoint
// ENI e's zone reaches on GENEVE, and back: its name, else why there is
// none (unknown: the input leaves that unknown).
func (c *compiler) gwlbAppliance(b *model.LoadBalancer, e *model.NetworkInterface) (string, string, bool) {
	zone := model.Zone(e)
	var node *model.NetworkInterface
	for _, n := range b.Nodes() {
		if _, ok := c.d.ENIOut[n]; ok && model.Zone(n) == zone {
			node = n
		}
	}
	if node == nil {
		return "", fmt.Sprintf("it has no node in zone %s", zone), false
	}
	var groups []*model.TargetGroup
	for _, l := range b.Listeners {
		groups = append(groups, model.Targets[*model.TargetGroup](l.TargetGroups)...)
	}
	if len(groups) == 0 {
		return "", "no listener forwards to a target group", false
	}
	var reasons []string
	unknown := false
	for _, g := range groups {
		ts := c.d.LBTargets(b, g)
		if g.UnknownTargets > 0 {
			unknown = true
			reasons = append(reasons, fmt.Sprintf("%d target(s) of target group %s are not known", g.UnknownTargets, g.Name))
		}
		elig := EligibleTargets(b, node, ts)
		if len(elig) == 0 && len(ts) > 0 {
			reasons = append(reasons, fmt.Sprintf("no target of target group %s is in zone %s and cross-zone load balancing is off", g.Name, zone))
		}
		for _, t := range elig {
			p := packet.Packet{Src: FirstV4(c.d.Addrs[node]), Dst: t.IP, Proto: uint8(model.ProtoUDP), SrcPort: geneveSrcPort, DstPort: t.Target.PortIn(g)}
			if !p.Src.IsValid() || !p.Dst.Is4() {
				continue
			}
			end, out := c.probe(c.d.ENIOut[node], p, false)
			if !c.d.Nodes[end].Delivered || t.ENI != nil && end != c.d.Accept[t.ENI] {
				reasons = append(reasons, fmt.Sprintf("target %s: %s", t.Label(), out.Message))
				unknown = unknown || out.Code.Unmodelled()
				continue
			}
			if rf := c.d.Nodes[end].ReplyFrom; rf >= 0 {
				back, bo := c.probe(rf, p.Reply(), true)
				if back != c.d.Accept[node] {
					reasons = append(reasons, fmt.Sprintf("target %s: its GENEVE replies do not come back: %s", t.Label(), bo.Message))
					unknown = unknown || bo.Code.Unmodelled()
					continue
				}
			}
			return t.Label(), "", false
		}
	}
	if len(reasons) == 0 {
		reasons = append(reasons, "its target groups have no registered target")
	}
	return "", strings.Join(reasons, "; "), unknown
}

// geneveSrcPort is the source port the GENEVE legs are judged with: the
// one the load balancer rules walk them with (analyzer.DefaultSrcPort), so
// that path verdicts and lb-target-unreachable agree.
const geneveSrcPort = 49152

// probe follows one concrete packet on the compiled graph with the
// reference semantics (Table.Lookup, Guard.Pass, Filter.Eval) — the walk
// fastpath.Engine makes on its compact copy, which plane_test ties to
// these — to the node where it ends, and how. Only judgeGWLBs uses it,
// for the GENEVE legs inside one VPC: a header rewrite on the way ends it
// as unsupported.
func (c *compiler) probe(n NodeID, p packet.Packet, reply bool) (NodeID, Outcome) {
	d := c.d
	for range MaxHops {
		nd := &d.Nodes[n]
		if nd.Kind == NodeTerminal {
			return n, nd.Outcome
		}
		addr := p.Dst
		if nd.Field == FieldSrc {
			addr = p.Src
		}
		ei := nd.Table.Lookup(addr)
		if ei == NoEdge {
			return n, nd.Miss
		}
		e := &d.Edges[ei]
		if e.Mode == ModeReplyOnly && !reply || e.Mode == ModeForwardOnly && reply {
			return n, e.Refused()
		}
		for i := range e.Guards {
			if !e.Guards[i].Pass(&p) {
				return n, e.Guards[i].Fail
			}
		}
		for _, f := range e.Filters {
			if reply && f.Stateful {
				continue
			}
			if ok, rule := f.Eval(&p); !ok {
				return n, f.Denial(rule)
			}
		}
		if e.Xform.Kind != XformNone {
			return n, Outcome{Code: CodeUnsupportedTarget, Message: "the GENEVE traffic is translated on the way (" + e.Via + ")"}
		}
		n = e.To
	}
	return n, Outcome{Code: CodeLoop, Message: "routing loop"}
}

// LBTarget is a registered target with its address and zone resolved.
type LBTarget struct {
	Target *model.LBTarget
	IP     netip.Addr
	// Zone is the target's Availability Zone, "all" for an ip target
	// outside the load balancer's VPC (every node forwards to it).
	Zone string
	// ENI is the target's interface when the target names one (an
	// instance's primary ENI, an Application Load Balancer's first node).
	ENI *model.NetworkInterface
}

// Label names the target for messages: the instance and its address, or
// the address.
func (t LBTarget) Label() string {
	if inst := model.Target[*model.Instance](t.Target.Instance); inst != nil {
		return fmt.Sprintf("instance %s (%s)", inst.Name, t.IP)
	}
	if b := model.Target[*model.LoadBalancer](t.Target.LoadBalancer); b != nil {
		return fmt.Sprintf("%s (%s)", model.Label(b), t.IP)
	}
	return t.IP.String()
}

// LBTargets resolves a group's targets behind load balancer b: an
// instance's primary private address, an ip target's address, an ALB
// target's first node. An ip target outside b's VPC (over peering, a
// transit gateway or on premises) is registered in zone "all": every node
// forwards to it. Targets without an address are left out.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html#register-ip-addresses
func (d *Dataplane) LBTargets(b *model.LoadBalancer, g *model.TargetGroup) []LBTarget {
	var out []LBTarget
	for i := range g.Targets {
		t := &g.Targets[i]
		r := LBTarget{Target: t, Zone: t.Zone}
		switch {
		case t.Instance.Obj != nil:
			if inst := model.Target[*model.Instance](t.Instance); inst != nil {
				if e := inst.Primary(); e != nil {
					r.ENI, r.IP = e, FirstV4(d.Addrs[e])
				}
			}
		case t.LoadBalancer.Obj != nil:
			if alb := model.Target[*model.LoadBalancer](t.LoadBalancer); alb != nil {
				if nodes := alb.Nodes(); len(nodes) > 0 {
					r.ENI, r.IP = nodes[0], FirstV4(d.Addrs[nodes[0]])
				}
			}
		case t.IP.IsValid():
			r.IP = t.IP
			v := model.Target[*model.VPC](b.VPC)
			inside := false
			if v != nil {
				for _, p := range v.Prefixes() {
					inside = inside || p.Contains(t.IP)
				}
			}
			if !inside && v != nil {
				r.Zone = "all"
			}
			for _, s := range d.Net.Subnets {
				if s.CIDR.Prefix.Contains(t.IP) && r.Zone == "" {
					r.Zone = s.AZ
				}
			}
		}
		if r.ENI != nil && r.Zone == "" {
			r.Zone = model.Zone(r.ENI)
		}
		if r.IP.IsValid() {
			out = append(out, r)
		}
	}
	return out
}

// EligibleTargets are the targets node may forward to: all of them with
// cross-zone load balancing, else those in its zone (an ip target outside
// the VPC, zone "all", is in every zone).
func EligibleTargets(b *model.LoadBalancer, node *model.NetworkInterface, ts []LBTarget) []LBTarget {
	if b.CrossZone {
		return ts
	}
	zone := model.Zone(node)
	var out []LBTarget
	for _, t := range ts {
		if t.Zone == zone || t.Zone == "all" {
			out = append(out, t)
		}
	}
	return out
}
