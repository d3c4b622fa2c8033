package analyzer

import (
	"fmt"
	"net/netip"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// MaxHops bounds a path; a packet still travelling after this many hops is
// in a routing loop.
const MaxHops = 64

// Sessions is the connection state a stateful device keeps for a flow: the
// original client of each NAT gateway translation, so the reply can be
// translated back.
type Sessions struct {
	nat [4]natSession
	n   int
}

type natSession struct {
	gw       *model.NATGateway
	addr     netip.Addr
	port     uint16
	origAddr netip.Addr
	origPort uint16
}

func (s *Sessions) remember(x natSession) {
	if s.n < len(s.nat) {
		s.nat[s.n] = x
		s.n++
	}
}

func (s *Sessions) lookup(gw *model.NATGateway, a netip.Addr, port uint16) (natSession, bool) {
	for i := 0; i < s.n; i++ {
		x := s.nat[i]
		if x.gw == gw && x.addr == a && x.port == port {
			return x, true
		}
	}
	return natSession{}, false
}

// Hop is one step of a recorded path.
type Hop struct {
	Node NodeID
	Edge EdgeID
	// Filters met on the edge with their verdicts.
	Filters []FilterVerdict
	// Rewrite describes a header rewrite on the edge ("" for none).
	Rewrite string
}

// FilterVerdict is a filter's decision on one packet.
type FilterVerdict struct {
	Filter  *Filter
	Allowed bool
	// Rule is the deciding rule's index, -1 for the implicit default.
	Rule int
	// Skipped: a stateful filter passed a reply without evaluation.
	Skipped bool
}

// Result is where one packet ended.
type Result struct {
	Outcome   Outcome
	Delivered bool
	// Node is the last node reached (the terminal, or where it was dropped).
	Node NodeID
	// Final is the packet as it arrived (after any rewrites).
	Final Packet
	Hops  []Hop
}

// Forward walks a new packet from a node; Reply walks the reply of an
// established flow (stateful filters pass it; NAT sessions translate it back).
// When record is false no hop is kept and the walk does not allocate.
func (d *Dataplane) Forward(start NodeID, p Packet, s *Sessions, record bool) Result {
	return d.walk(start, p, false, s, record)
}

// Reply walks the reply of a flow whose forward walk filled s.
func (d *Dataplane) Reply(start NodeID, p Packet, s *Sessions, record bool) Result {
	return d.walk(start, p, true, s, record)
}

func (d *Dataplane) walk(n NodeID, p Packet, reply bool, s *Sessions, record bool) Result {
	var res Result
	for hops := 0; hops < MaxHops; hops++ {
		node := &d.Nodes[n]
		if node.Kind == NodeTerminal {
			res.Outcome, res.Delivered, res.Node, res.Final = node.Outcome, node.Delivered, n, p
			return res
		}
		addr := p.Dst
		if node.Field == FieldSrc {
			addr = p.Src
		}
		e := node.Table.Lookup(addr)
		if e == NoEdge {
			res.Outcome, res.Node, res.Final = node.Miss, n, p
			return res
		}
		edge := &d.Edges[e]
		var hop *Hop
		if record {
			res.Hops = append(res.Hops, Hop{Node: n, Edge: e})
			hop = &res.Hops[len(res.Hops)-1]
		}
		if (edge.Mode == ReplyOnly && !reply) || (edge.Mode == ForwardOnly && reply) {
			res.Outcome, res.Node, res.Final = edge.ModeFail, n, p
			return res
		}
		for i := range edge.Guards {
			if g := &edge.Guards[i]; !g.Pass(&p) {
				res.Outcome, res.Node, res.Final = g.Fail, n, p
				return res
			}
		}
		for _, f := range edge.Filters {
			if reply && f.Stateful {
				if hop != nil {
					hop.Filters = append(hop.Filters, FilterVerdict{Filter: f, Allowed: true, Rule: -1, Skipped: true})
				}
				continue
			}
			ok, rule := f.Eval(&p)
			if hop != nil {
				hop.Filters = append(hop.Filters, FilterVerdict{Filter: f, Allowed: ok, Rule: rule})
			}
			if !ok {
				res.Outcome, res.Node, res.Final = f.denial(rule), n, p
				return res
			}
		}
		if edge.Xform.Kind != XformNone {
			before := p
			if !d.rewrite(edge, &p, s) {
				res.Outcome = Outcome{Code: CodeNATInbound, Component: edge.Xform.NAT, Message: fmt.Sprintf("nat gateway %s has no session for the reply", edge.Xform.NAT.Name)}
				res.Node, res.Final = n, p
				return res
			}
			if hop != nil {
				hop.Rewrite = d.describeRewrite(before, p)
			}
		}
		n = edge.To
	}
	res.Outcome = Outcome{Code: CodeLoop, Message: fmt.Sprintf("routing loop: the packet is still travelling after %d hops", MaxHops)}
	res.Node, res.Final = n, p
	return res
}

// Pass reports whether a packet meets the guard.
func (g *Guard) Pass(p *Packet) bool {
	if g.Never {
		return false
	}
	switch g.Family {
	case 4:
		if !p.Dst.Is4() {
			return false
		}
	case 6:
		if !p.Dst.Is6() {
			return false
		}
	}
	if len(g.Protocols) > 0 {
		found := false
		for _, x := range g.Protocols {
			if x == p.Proto {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return inAny(g.Src, p.Src) && inAny(g.Dst, p.Dst)
}

func inAny(ps []netip.Prefix, a netip.Addr) bool {
	if ps == nil {
		return true
	}
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (d *Dataplane) rewrite(e *Edge, p *Packet, s *Sessions) bool {
	x := &e.Xform
	switch x.Kind {
	case XformSetSrc:
		p.Src = x.Addr
	case XformSetDst:
		p.Dst = x.Addr
	case XformSNAT:
		orig, origPort := p.Src, p.SrcPort
		port := p.SrcPort
		if port < x.Ports.From || port > x.Ports.To {
			port = x.Ports.From + port%(x.Ports.To-x.Ports.From+1)
		}
		if p.Proto != uint8(model.ProtoTCP) && p.Proto != uint8(model.ProtoUDP) {
			port = 0
		}
		p.Src, p.SrcPort = x.Addr, port
		if s != nil {
			s.remember(natSession{gw: x.NAT, addr: x.Addr, port: port, origAddr: orig, origPort: origPort})
		}
	case XformUnNAT:
		if s == nil {
			return false
		}
		sess, ok := s.lookup(x.NAT, p.Dst, p.DstPort)
		if !ok {
			return false
		}
		p.Dst, p.DstPort = sess.origAddr, sess.origPort
	}
	return true
}

func (d *Dataplane) describeRewrite(before, after Packet) string {
	switch {
	case before.Src != after.Src || before.SrcPort != after.SrcPort:
		return fmt.Sprintf("source %s:%d -> %s:%d", d.DisplayAddr(before.Src), before.SrcPort, d.DisplayAddr(after.Src), after.SrcPort)
	case before.Dst != after.Dst || before.DstPort != after.DstPort:
		return fmt.Sprintf("destination %s:%d -> %s:%d", d.DisplayAddr(before.Dst), before.DstPort, d.DisplayAddr(after.Dst), after.DstPort)
	}
	return ""
}

// denial is the outcome of a packet the filter dropped by rule (or by its
// implicit default when rule is -1).
func (f *Filter) denial(rule int) Outcome {
	o := Outcome{Code: f.Kind.DenyCode(), Component: f.Component, Range: f.Range}
	switch {
	case rule >= 0:
		r := &f.Rules[rule]
		o.Range = r.Range
		o.Message = fmt.Sprintf("%s %s: %s", f.Kind, model.Label(r.Owner), r.Describe(f.Ingress()))
	case f.FirstMatch:
		o.Message = fmt.Sprintf("%s %s: no rule allows it (the final deny rule applies)", f.Kind, model.Label(f.Component))
	default:
		o.Message = fmt.Sprintf("%s of %s (%s): no rule allows it", f.Kind, model.Label(f.Component), groupNames(f.Groups))
	}
	return o
}

func groupNames(gs []*model.SecurityGroup) string {
	if len(gs) == 0 {
		return "no security group"
	}
	s := ""
	for i, g := range gs {
		if i > 0 {
			s += ", "
		}
		s += g.Name
	}
	return s
}

// HopRange is the source location that best explains a hop.
func (d *Dataplane) HopRange(h Hop) hcl.Range { return d.Edges[h.Edge].Range }

// DescribeVerdict renders a filter verdict for a hop: "security group
// egress web: allow tcp 443 to 0.0.0.0/0".
func (d *Dataplane) DescribeVerdict(v FilterVerdict) string {
	f := v.Filter
	name := model.Label(f.Component)
	switch {
	case v.Skipped:
		return fmt.Sprintf("%s of %s: reply of an allowed flow (stateful)", f.Kind, name)
	case v.Rule >= 0:
		r := &f.Rules[v.Rule]
		return fmt.Sprintf("%s %s: %s", f.Kind, model.Label(r.Owner), r.Describe(f.Ingress()))
	case v.Allowed:
		return fmt.Sprintf("%s of %s: allowed", f.Kind, name)
	case f.FirstMatch:
		return fmt.Sprintf("%s %s: denied by the final * rule", f.Kind, name)
	}
	return fmt.Sprintf("%s of %s: no rule allows it", f.Kind, name)
}
