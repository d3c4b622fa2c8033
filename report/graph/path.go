package graph

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/packetset"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
)

// Path is the packet path drawn on a graph: a traced packet (numbered
// steps, there and back) or a reach answer (the edges that carry some of
// the allowed packets).
type Path struct {
	// Kind is "trace" or "reach".
	Kind   string `json:"kind"`
	From   string `json:"from"`
	To     string `json:"to"`
	Packet string `json:"packet,omitempty"`
	// Verdict is the trace's disposition, or reachable / unreachable.
	Verdict string `json:"verdict"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	// Return is the reply's disposition (trace) or return status (reach).
	Return        string `json:"return,omitempty"`
	ReturnCode    string `json:"return_code,omitempty"`
	ReturnMessage string `json:"return_message,omitempty"`
	// Steps are the numbered steps of a trace, there then back.
	Steps []Step `json:"steps,omitempty"`
	// Flows summarise a reach answer's packets.
	Flows []string `json:"flows,omitempty"`
	// Blocked are what stops the packets.
	Blocked []Blocked `json:"blocked,omitempty"`
}

// Step is one numbered step of a traced path between two drawn elements.
type Step struct {
	Hop    int    `json:"hop"`
	From   string `json:"from"`
	To     string `json:"to"`
	Return bool   `json:"return,omitempty"`
	Block  string `json:"block,omitempty"`
}

// Blocked is one blocking point: the component, its code, the message.
type Blocked struct {
	Component string `json:"component"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	Element   string `json:"element,omitempty"`
	Location  string `json:"location,omitempty"`
}

// atNode is the element a data plane node is drawn as ("" when none: local
// delivery inside a VPC, or what the graph leaves out). A subnet's router
// is drawn as the subnet's route table.
func (g *Graph) atNode(d *dataplane.Dataplane, id dataplane.NodeID) string {
	n := &d.Nodes[id]
	switch n.Kind {
	case dataplane.NodeInternet:
		if g.Has(KindInternet) {
			return KindInternet
		}
		return ""
	case dataplane.NodeRouter:
		if s, ok := n.Component.(*model.Subnet); ok && s.RouteTable != nil {
			return g.nodeOf[s.RouteTable]
		}
		return ""
	case dataplane.NodeDeliver, dataplane.NodeDeliverIn:
		return ""
	}
	if n.Component == nil {
		return ""
	}
	return g.nodeOf[n.Component]
}

// chain maps a walk — a start node and the edges taken — to the drawn
// elements it passes, dropping what is not drawn and repeats. A transit
// gateway route table's exit into an attachment's far side passes the
// attachment, which the data plane names only in the route.
func (g *Graph) chain(d *dataplane.Dataplane, start dataplane.NodeID, edges []dataplane.EdgeID) []string {
	var out []string
	add := func(e string) {
		if e != "" && (len(out) == 0 || out[len(out)-1] != e) {
			out = append(out, e)
		}
	}
	add(g.atNode(d, start))
	for _, id := range edges {
		e := &d.Edges[id]
		if a := tgwExit(d, e); a != nil {
			add(g.nodeOf[a])
		}
		add(g.atNode(d, e.To))
	}
	return out
}

// tgwExit is the attachment a transit gateway route table's edge leaves
// through, when the edge leads out of the transit gateway (into a VPC
// subnet's router, a VPN, a Direct Connect gateway, a peer).
func tgwExit(d *dataplane.Dataplane, e *dataplane.Edge) *model.TGWAttachment {
	if d.Nodes[e.From].Kind != dataplane.NodeTGWTable || d.Nodes[e.To].Kind == dataplane.NodeTerminal {
		return nil
	}
	rt, ok := e.ViaObj.(*model.TGWRouteTable)
	if !ok {
		return nil
	}
	tgw := model.Target[*model.TransitGateway](rt.TransitGateway)
	if tgw == nil {
		return nil
	}
	to := d.Nodes[e.To].Component
	for _, a := range tgw.Attachments {
		switch {
		case a.VPN.Obj != nil && a.VPN.Obj == to, a.DXGateway.Obj != nil && a.DXGateway.Obj == to:
			return a
		case a.Type == model.AttachVPC:
			for _, s := range a.Subnets {
				if s.Obj != nil && s.Obj == to {
					return a
				}
			}
		case a.Type == model.AttachPeering:
			if peer, ok := to.(*model.TGWAttachment); ok && a.PeerTransitGateway.Obj != nil && a.PeerTransitGateway.Obj == peer.TransitGateway.Obj {
				return a
			}
		}
	}
	return nil
}

// walkEdges are a recorded walk's start and edges, and whether it stopped
// on its last edge (a filter, guard or mode refused the packet there)
// rather than at a node.
func walkEdges(d *dataplane.Dataplane, r *fastpath.Result) (dataplane.NodeID, []dataplane.EdgeID, bool) {
	if len(r.Hops) == 0 {
		return r.Node, nil, false
	}
	edges := make([]dataplane.EdgeID, len(r.Hops))
	for i, h := range r.Hops {
		edges[i] = h.Edge
	}
	return r.Hops[0].Node, edges, r.Node != d.Edges[edges[len(edges)-1]].To
}

// Elements are the drawn elements a recorded walk passes, in order: the
// chain a mermaid flow (WriteMermaidFlows) draws.
func (g *Graph) Elements(d *dataplane.Dataplane, r *fastpath.Result) []string {
	start, edges, _ := walkEdges(d, r)
	return g.chain(d, start, edges)
}

// MarkTrace draws a traced packet and its reply on the graph: each step
// between two elements numbered, there then back, on the edge that joins
// them (a path edge when none does), and the blocking point with its code.
func (g *Graph) MarkTrace(d *dataplane.Dataplane, t *analyzer.TraceResult) {
	p := &Path{Kind: "trace", From: report.Printable(t.From.Label), To: report.Printable(t.To.Label),
		Packet: packetText(d, t.Packet), Verdict: string(t.Disposition(d)),
		Code: string(t.ForwardOutcome.Code), Message: report.Printable(t.ForwardOutcome.Message)}
	hop := g.markWalk(d, &t.Forward, t.ForwardOutcome, false, 0, p)
	if t.Return != nil {
		p.Return, p.ReturnCode, p.ReturnMessage = string(t.ReturnDisposition(d)), string(t.ReturnOutcome.Code), report.Printable(t.ReturnOutcome.Message)
		g.markWalk(d, t.Return, t.ReturnOutcome, true, hop, p)
		if !t.Returned && t.Return.Delivered {
			// Delivered, but not to the client (asymmetric translation).
			g.blockAt(d, t.Return.Node, t.ReturnOutcome, p)
		}
	}
	g.Path = p
}

// markWalk numbers one walk's steps from hop+1 and returns the last number.
func (g *Graph) markWalk(d *dataplane.Dataplane, r *fastpath.Result, o dataplane.Outcome, back bool, hop int, p *Path) int {
	start, edges, onEdge := walkEdges(d, r)
	elems := g.chain(d, start, edges)
	for _, e := range elems {
		if n := g.Node(e); n != nil {
			n.OnPath = true
		}
	}
	// Where a refusal on the last edge lands: the element it would have
	// entered when that is drawn, else the subnet whose ACL refused, or the
	// ENI whose security group did.
	into := ""
	if onEdge && !r.Delivered {
		last := edges[len(edges)-1]
		if el := g.atNode(d, d.Edges[last].To); el != "" && len(elems) > 1 && el == elems[len(elems)-1] {
			into = el
		}
	}
	for i := 1; i < len(elems); i++ {
		hop++
		st := Step{Hop: hop, From: elems[i-1], To: elems[i], Return: back}
		e := g.pathEdge(elems[i-1], elems[i])
		e.Hops = append(e.Hops, hop)
		if into != "" && i == len(elems)-1 {
			e.Block = string(o.Code)
			st.Block = e.Block
			el := elems[i]
			if o.Component != nil && g.elementOf[o.Component] != "" {
				el = g.elementOf[o.Component] // the ENI whose security group refused
			}
			p.Blocked = append(p.Blocked, g.blocked(o, el))
		}
		p.Steps = append(p.Steps, st)
	}
	switch {
	case r.Delivered || into != "":
	case onEdge:
		el := g.refusedAt(d, &d.Edges[edges[len(edges)-1]], o)
		if el == "" && len(elems) > 0 {
			el = elems[len(elems)-1]
		}
		g.setBlock(el, string(o.Code))
		p.Blocked = append(p.Blocked, g.blocked(o, el))
		if len(elems) == 0 {
			break
		}
		if last := elems[len(elems)-1]; o.Code == dataplane.CodeNACLIngressDeny && el != "" && el != last && !g.within(last, el) && !g.within(el, last) {
			// The packet stops at the subnet's border: draw the step.
			hop++
			e := g.pathEdge(last, el)
			e.Hops, e.Block = append(e.Hops, hop), string(o.Code)
			p.Steps = append(p.Steps, Step{Hop: hop, From: last, To: el, Return: back, Block: e.Block})
		}
	default:
		g.blockAt(d, r.Node, o, p)
	}
	return hop
}

// refusedAt is the element standing for what refused a packet on edge e:
// the subnet whose network ACL did (the sender's for egress rules, the
// receiver's for ingress), else the responsible component's element.
func (g *Graph) refusedAt(d *dataplane.Dataplane, e *dataplane.Edge, o dataplane.Outcome) string {
	switch o.Code {
	case dataplane.CodeNACLEgressDeny:
		if s := subnetOf(d.Nodes[e.From].Component); s != nil {
			return g.elementOf[s]
		}
	case dataplane.CodeNACLIngressDeny:
		if s := subnetOf(d.Nodes[e.To].Component); s != nil {
			return g.elementOf[s]
		}
	}
	if o.Component != nil {
		return g.elementOf[o.Component]
	}
	return ""
}

// subnetOf is the subnet a data plane component lies in, or nil.
func subnetOf(o model.Object) *model.Subnet {
	switch o := o.(type) {
	case *model.Subnet:
		return o
	case *model.NetworkInterface:
		return o.SubnetOf()
	case *model.Instance:
		if e := o.Primary(); e != nil {
			return e.SubnetOf()
		}
	}
	return nil
}

// blockAt marks where a walk that stopped at a node stopped: the element
// of the responsible component when drawn, else of the node.
func (g *Graph) blockAt(d *dataplane.Dataplane, n dataplane.NodeID, o dataplane.Outcome, p *Path) {
	el := ""
	if o.Component != nil {
		el = g.elementOf[o.Component]
	}
	if el == "" {
		el = g.atNode(d, n)
	}
	if el == "" {
		// Local delivery inside a VPC: the subnet or VPC it stopped in.
		if c := d.Nodes[n].Component; c != nil {
			el = g.elementOf[c]
		}
	}
	g.setBlock(el, string(o.Code))
	p.Blocked = append(p.Blocked, g.blocked(o, el))
}

func (g *Graph) setBlock(el, code string) {
	if n := g.Node(el); n != nil && n.Block == "" {
		n.Block = code
	} else if c := g.Cluster(el); c != nil && c.Block == "" {
		c.Block = code
	}
}

func (g *Graph) blocked(o dataplane.Outcome, el string) Blocked {
	b := Blocked{Code: string(o.Code), Message: report.Printable(o.Message), Element: el}
	if o.Component != nil {
		b.Component = report.Printable(model.Label(o.Component))
	}
	if l := report.LocationOf(&o.Range); l != nil {
		b.Location = report.Printable(l.String())
	}
	return b
}

// pathEdge is the edge from → to, added as a path edge when the topology
// has none.
func (g *Graph) pathEdge(from, to string) *Edge {
	if e := g.edgeBetween(from, to); e != nil {
		return e
	}
	return g.addEdge(from, to, EdgePath)
}

// MarkReach draws a reach answer: every edge some of the arriving packets
// (or their returning replies) cross carries them; when none arrive, the
// blocking components are marked with their codes.
func (g *Graph) MarkReach(an *analyzer.Analyzer, a *analyzer.Answer) {
	d := an.Dataplane()
	p := &Path{Kind: "reach", From: report.Printable(a.From.Label), To: report.Printable(a.To.Label), Verdict: string(a.Verdict)}
	if a.Arrives {
		p.Return = a.Return
	}
	for _, f := range a.Flows {
		p.Flows = append(p.Flows, report.Printable(flowText(an, f)))
	}
	for _, paths := range [][][]dataplane.EdgeID{a.Paths, a.ReplyPaths} {
		for _, es := range paths {
			if len(es) == 0 {
				continue
			}
			elems := g.chain(d, d.Edges[es[0]].From, es)
			for i, el := range elems {
				if n := g.Node(el); n != nil {
					n.OnPath = true
				}
				if i > 0 {
					g.pathEdge(elems[i-1], el).Carries = true
				}
			}
		}
	}
	ends := []model.Object{a.From.Object, a.To.Object}
	for _, bs := range [][]analyzer.Blocker{a.BlockedBy, a.ReturnBlockedBy} {
		for _, b := range bs {
			o := dataplane.Outcome{Code: b.Code, Component: b.Component, Message: b.Message, Range: b.Range}
			els := g.blockerElements(b.Component, ends)
			for _, el := range els {
				g.setBlock(el, string(b.Code))
			}
			p.Blocked = append(p.Blocked, g.blocked(o, strings.Join(els, " ")))
		}
	}
	g.Path = p
}

// blockerElements are the drawn elements a blocking component stands on:
// its own element; for a network ACL, the subnets it guards that hold an
// end of the question (else all it guards); for a security group or ENI,
// the ends that use it.
func (g *Graph) blockerElements(c model.Object, ends []model.Object) []string {
	if c == nil {
		return nil
	}
	switch c.(type) {
	case *model.NetworkACL, *model.SecurityGroup, *model.NetworkInterface:
	default:
		if el := g.elementOf[c]; el != "" {
			return []string{el}
		}
		return nil
	}
	endEls := map[string]bool{}
	var endENIs []*model.NetworkInterface
	for _, o := range ends {
		if o == nil {
			continue
		}
		if el := g.elementOf[o]; el != "" {
			endEls[el] = true
		}
		switch o := o.(type) {
		case *model.Instance:
			endENIs = append(endENIs, model.Targets[*model.NetworkInterface](o.Interfaces)...)
		case *model.NetworkInterface:
			endENIs = append(endENIs, o)
		}
	}
	var out []string
	switch c := c.(type) {
	case *model.NetworkACL:
		var all []string
		for _, s := range g.Clusters {
			sub, ok := s.obj.(*model.Subnet)
			if !ok || sub.NetworkACL != c {
				continue
			}
			all = append(all, s.ID)
			for el := range endEls {
				if g.within(el, s.ID) {
					out = append(out, s.ID)
					break
				}
			}
		}
		if len(out) == 0 {
			out = all
		}
	case *model.SecurityGroup:
		for _, e := range endENIs {
			for _, sg := range model.Targets[*model.SecurityGroup](e.SecurityGroups) {
				if sg == c && g.nodeOf[e] != "" {
					out = append(out, g.nodeOf[e])
				}
			}
		}
	case *model.NetworkInterface:
		if el := g.nodeOf[c]; el != "" {
			out = append(out, el)
		}
	}
	sort.Strings(out)
	return dedupe(out)
}

func dedupe(xs []string) []string {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// flowText is one line of a reach flow summary: "tcp 10.0.1.0/24 ->
// 10.0.2.10/32 port 443".
func flowText(an *analyzer.Analyzer, f packetset.Flow) string {
	d := an.Dataplane()
	prefixes := func(ps []netip.Prefix) string {
		if len(ps) == 0 {
			if f.Family == packet.IPv6 {
				return "::/0"
			}
			return "0.0.0.0/0"
		}
		if an.IsInternetSpace(ps) {
			return "internet"
		}
		parts := make([]string, len(ps))
		for i, p := range ps {
			parts[i] = d.DisplayPrefix(p)
		}
		return strings.Join(parts, ",")
	}
	ranges := func(rs []packetset.Range, proto bool) string {
		if len(rs) == 0 || len(rs) == 1 && rs[0].Lo == 0 && (rs[0].Hi == 65535 || proto && rs[0].Hi == 255) {
			return "all"
		}
		parts := make([]string, len(rs))
		for i, r := range rs {
			switch {
			case proto && r.Lo == r.Hi:
				parts[i] = model.Protocol(r.Lo).String()
			default:
				parts[i] = model.PortRange{From: r.Lo, To: r.Hi}.String()
			}
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprintf("%s %s -> %s ports %s", ranges(f.Protocols, true), prefixes(f.Src), prefixes(f.Dst), ranges(f.DstPorts, false))
}

// packetText is a packet as the trace shows it, placeholder addresses
// named ("<public IP of instance web-1>").
func packetText(d *dataplane.Dataplane, p packet.Packet) string {
	proto := model.Protocol(p.Proto)
	src, dst := d.DisplayAddr(p.Src), d.DisplayAddr(p.Dst)
	switch {
	case proto.HasPorts():
		return report.Printable(fmt.Sprintf("%s %s -> %s", proto, report.HostPort(src, int(p.SrcPort)), report.HostPort(dst, int(p.DstPort))))
	case proto.IsICMP():
		return report.Printable(fmt.Sprintf("%s %s -> %s type %d code %d", proto, src, dst, p.ICMPType, p.ICMPCode))
	}
	return report.Printable(fmt.Sprintf("proto %d %s -> %s", p.Proto, src, dst))
}
