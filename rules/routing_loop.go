package rules

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// RoutingLoop reports destinations that routes send around in a circle:
// between transit gateway route tables and VPCs, between peered transit
// gateways, through appliances and NAT gateways. The packets circle until
// their TTL runs out; nothing is delivered.
//
// It is a check on the model's routing graph. Nodes are route tables — a
// VPC route table (the lookup for packets leaving its subnets, an
// appliance, a NAT gateway) and a transit gateway route table (the lookup
// for packets arriving on the attachments associated with it). An edge
// carries the addresses longest-prefix match sends along it: a route's
// region minus what is delivered on arrival (a VPC's own blocks). A loop is
// a cycle whose edges' address sets still intersect. Only strongly
// connected parts of the graph are searched, so the cost stays linear in
// the size of a network without loops.
var RoutingLoop = &Rule{
	ID:       "routing-loop",
	Severity: Error,
	Requires: []*Analysis{RouteRegions, Dataplane},
	// The loops of the route tables (the model), confirmed by explorations
	// from inside with any source.
	Locality: &impact.Explorations{Inside: true, AnySource: true, Replies: true, Kinds: routingKinds},
	Run: func(p *Pass) error {
		g := buildLoopGraph(p.Network, regionsOf(p))
		an := analyzerOf(p)
		for _, scc := range g.cycles() {
			if loop := g.findLoop(scc); loop != nil {
				if ok, _ := confirmLoop(an, g, loop); ok {
					reportLoop(p, g, loop)
				}
			}
		}
		return nil
	},
}

// LoopWitness is a packet that loops, and where it is sent from.
type LoopWitness struct {
	Start  dataplane.NodeID
	Packet packet.Packet
}

// confirmLoop asks the symbolic engine, as reach would, where packets to
// the loop's addresses go from the places that use its route tables: a
// host of a subnet using one, the subnet's router, a transit gateway route
// table of the loop. The route tables' loop is reported only when the data
// plane loops too — not, say, when a transit gateway attachment with no
// route table drops the packets first. The witness is a packet that loops
// with every filter applied (nil when filters stop every such packet, and
// only the routes loop). A loop no start leads into is reported as the
// route tables show it.
func confirmLoop(an *analyzer.Analyzer, g *loopGraph, l *foundLoop) (bool, *LoopWitness) {
	d, s := an.Dataplane(), an.Symbolic()
	ops := s.Space()
	set := ops.Prefixes(dataplane.FieldDst, l.addrs.prefixes())
	var starts, routers []dataplane.NodeID
	for _, st := range l.steps {
		n := g.nodes[st.from]
		if n.vpc != nil {
			for _, sub := range d.Net.Subnets {
				if sub.RouteTable != n.vpc {
					continue
				}
				for _, e := range sub.Interfaces {
					if out, ok := d.ENIOut[e]; ok {
						starts = append(starts, out)
					}
				}
				if id, ok := d.Router[sub]; ok {
					routers = append(routers, id)
				}
			}
			continue
		}
		for i := range d.Nodes {
			if d.Nodes[i].Kind == dataplane.NodeTGWTable && d.Nodes[i].Component == model.Object(n.tgw) {
				routers = append(routers, dataplane.NodeID(i))
			}
		}
	}
	if len(starts)+len(routers) == 0 {
		return true, nil
	}
	loops := func(start dataplane.NodeID, relaxed bool) (symbolic.Set, bool) {
		for _, lf := range s.Explore(start, set, relaxed) {
			if lf.Outcome.Code == dataplane.CodeLoop && !ops.IsEmpty(lf.Origin) {
				return lf.Origin, true
			}
		}
		return symbolic.Set{}, false
	}
	for _, start := range append(starts, routers...) {
		if origin, ok := loops(start, false); ok {
			if p, ok := ops.Witness(origin, packet.Packet{Proto: uint8(model.ProtoTCP), SrcPort: analyzer.DefaultSrcPort, DstPort: 443}); ok {
				return true, &LoopWitness{Start: start, Packet: p}
			}
			return true, nil
		}
	}
	for _, start := range routers {
		if _, ok := loops(start, true); ok {
			return true, nil
		}
	}
	return false, nil
}

// loopNode is a VPC route table or a transit gateway route table.
type loopNode struct {
	vpc *model.RouteTable
	tgw *model.TGWRouteTable
}

func (n loopNode) object() model.Object {
	if n.vpc != nil {
		return n.vpc
	}
	return n.tgw
}

func (n loopNode) String() string {
	if n.vpc != nil {
		if v := n.vpc.VPCOf(); v != nil {
			return fmt.Sprintf("route table %s (vpc %s)", n.vpc.Name, v.Name)
		}
		return "route table " + n.vpc.Name
	}
	if g := model.Target[*model.TransitGateway](n.tgw.TransitGateway); g != nil {
		return fmt.Sprintf("transit gateway %s route table %s", g.Name, n.tgw.Name)
	}
	return "transit gateway route table " + n.tgw.Name
}

// loopEdge is where a route sends part of the address space.
type loopEdge struct {
	to    int
	label addrSet
	// via names the route's target; rng and resource are the route's.
	via      string
	rng      hcl.Range
	resource string
	dest     string
}

type loopGraph struct {
	nodes []loopNode
	index map[model.Object]int
	edges [][]loopEdge
}

func (g *loopGraph) node(n loopNode) int {
	if i, ok := g.index[n.object()]; ok {
		return i
	}
	g.index[n.object()] = len(g.nodes)
	g.nodes = append(g.nodes, n)
	g.edges = append(g.edges, nil)
	return len(g.nodes) - 1
}

func (g *loopGraph) add(from int, e loopEdge) {
	if !e.label.empty() {
		g.edges[from] = append(g.edges[from], e)
	}
}

func buildLoopGraph(net *model.Network, regs *routeRegions) *loopGraph {
	g := &loopGraph{index: map[model.Object]int{}}
	tables := func(subnets []*model.Subnet) []*model.RouteTable {
		var out []*model.RouteTable
		seen := map[*model.RouteTable]bool{}
		for _, s := range subnets {
			if t := s.RouteTable; t != nil && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
		return out
	}
	for _, t := range net.RouteTables {
		v := t.VPCOf()
		if v == nil {
			continue
		}
		from := g.node(loopNode{vpc: t})
		for _, rr := range regs.vpc[t] {
			r := rr.Route
			edge := loopEdge{label: rr.Region, via: routeTarget(r), rng: r.Range, resource: routeResource(t, r), dest: r.DestString()}
			var next []*model.RouteTable
			switch o := r.TargetRef.Obj.(type) {
			case *model.TransitGateway:
				for _, a := range v.TransitAttachments {
					if model.Target[*model.TransitGateway](a.TransitGateway) == o && a.Available() {
						if tt := model.Target[*model.TGWRouteTable](a.Association); tt != nil {
							edge.to = g.node(loopNode{tgw: tt})
							g.add(from, edge)
						}
						break
					}
				}
				continue
			case *model.NetworkInterface:
				if !o.SourceDestCheck && o.SubnetOf() != nil {
					next = tables([]*model.Subnet{o.SubnetOf()})
				}
			case *model.Instance:
				if e := o.Primary(); e != nil && !e.SourceDestCheck && e.SubnetOf() != nil {
					next = tables([]*model.Subnet{e.SubnetOf()})
				}
			case *model.NATGateway:
				if s := o.SubnetOf(); s != nil {
					next = tables([]*model.Subnet{s})
				}
			case *model.VPCEndpoint:
				// Inspection endpoints forward by their subnet's route table.
				if o.Type == model.EndpointGatewayLB || o.Type == model.EndpointFirewall {
					next = tables(model.Targets[*model.Subnet](o.Subnets))
				}
			}
			for _, nt := range next {
				e := edge
				e.to = g.node(loopNode{vpc: nt})
				g.add(from, e)
			}
		}
	}
	for _, t := range net.TGWRouteTables {
		tgw := model.Target[*model.TransitGateway](t.TransitGateway)
		from := g.node(loopNode{tgw: t})
		for _, rr := range regs.tgw[t] {
			r := rr.Route
			a := model.Target[*model.TGWAttachment](r.Attachment)
			if r.Blackhole || a == nil || !a.Available() {
				continue
			}
			dest := rr.Prefix.String()
			if !r.Dest.IsValid() {
				dest = "prefix list " + r.DestPrefixList.Key
			}
			res := r.Addr
			if res == "" {
				res = Address(t)
			}
			edge := loopEdge{label: rr.Region, via: "attachment " + a.Name, rng: r.Range, resource: res, dest: dest}
			switch a.Type {
			case model.AttachVPC:
				v := model.Target[*model.VPC](a.VPC)
				if v == nil {
					continue
				}
				edge.label = edge.label.minus(vpcBlocks(v))
				for _, nt := range tables(model.Targets[*model.Subnet](a.Subnets)) {
					e := edge
					e.to = g.node(loopNode{vpc: nt})
					g.add(from, e)
				}
			case model.AttachPeering:
				peer := model.Target[*model.TransitGateway](a.PeerTransitGateway)
				if peer == nil || tgw == nil {
					continue
				}
				for _, b := range peer.Attachments {
					if b.Type == model.AttachPeering && model.Target[*model.TransitGateway](b.PeerTransitGateway) == tgw && b.Available() {
						if nt := model.Target[*model.TGWRouteTable](b.Association); nt != nil {
							e := edge
							e.to = g.node(loopNode{tgw: nt})
							g.add(from, e)
						}
					}
				}
			}
		}
	}
	return g
}

// cycles returns the strongly connected components that contain a cycle
// (Tarjan's algorithm, iterative so that deep graphs do not exhaust the stack).
func (g *loopGraph) cycles() [][]int {
	n := len(g.nodes)
	index, low := make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var out [][]int
	var sccStack []int
	next := 0
	type frame struct{ v, edge int }
	for root := range n {
		if index[root] >= 0 {
			continue
		}
		calls := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		sccStack = append(sccStack, root)
		onStack[root] = true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			if f.edge < len(g.edges[f.v]) {
				w := g.edges[f.v][f.edge].to
				f.edge++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					sccStack = append(sccStack, w)
					onStack[w] = true
					calls = append(calls, frame{w, 0})
				} else if onStack[w] {
					low[f.v] = min(low[f.v], index[w])
				}
				continue
			}
			v := f.v
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				u := calls[len(calls)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] != index[v] {
				continue
			}
			var scc []int
			for {
				w := sccStack[len(sccStack)-1]
				sccStack = sccStack[:len(sccStack)-1]
				onStack[w] = false
				scc = append(scc, w)
				if w == v {
					break
				}
			}
			if len(scc) > 1 || g.selfLoop(v) {
				sort.Ints(scc)
				out = append(out, scc)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func (g *loopGraph) selfLoop(v int) bool {
	for _, e := range g.edges[v] {
		if e.to == v {
			return true
		}
	}
	return false
}

// loopStep is one edge of a found loop.
type loopStep struct {
	from int
	edge loopEdge
}

type foundLoop struct {
	steps []loopStep
	addrs addrSet
}

// maxLoopSearch bounds the edges followed while looking for a loop in one
// strongly connected component; a component too tangled to search within
// it is not reported (never a guess).
const maxLoopSearch = 100000

// findLoop searches scc for a cycle whose address sets intersect.
func (g *loopGraph) findLoop(scc []int) *foundLoop {
	in := map[int]bool{}
	for _, v := range scc {
		in[v] = true
	}
	budget := maxLoopSearch
	var path []loopStep
	onPath := map[int]int{}
	var visit func(v int, s addrSet) *foundLoop
	visit = func(v int, s addrSet) *foundLoop {
		onPath[v] = len(path)
		defer delete(onPath, v)
		for _, e := range g.edges[v] {
			if !in[e.to] || budget <= 0 {
				continue
			}
			budget--
			rest := s.intersect(e.label)
			if rest.empty() {
				continue
			}
			path = append(path, loopStep{v, e})
			if k, ok := onPath[e.to]; ok {
				return &foundLoop{steps: append([]loopStep(nil), path[k:]...), addrs: rest}
			}
			if l := visit(e.to, rest); l != nil {
				return l
			}
			path = path[:len(path)-1]
		}
		return nil
	}
	everything := setOf(netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0"))
	for _, v := range scc {
		if l := visit(v, everything); l != nil {
			return l
		}
	}
	return nil
}

func reportLoop(p *Pass, g *loopGraph, l *foundLoop) {
	// Start the description at the route written first, so the finding
	// does not depend on where the search entered the cycle.
	start := 0
	for i, s := range l.steps {
		if rangeLess(s.edge.rng, l.steps[start].edge.rng) {
			start = i
		}
	}
	steps := append(append([]loopStep(nil), l.steps[start:]...), l.steps[:start]...)
	hops := []string{g.nodes[steps[0].from].String()}
	var related []Related
	for _, s := range steps {
		hops = append(hops, fmt.Sprintf("→ %s → %s", s.edge.via, g.nodes[s.edge.to].String()))
		related = append(related, Related{
			Message:  fmt.Sprintf("route %s → %s in %s", s.edge.dest, s.edge.via, g.nodes[s.from].String()),
			Resource: s.edge.resource, Range: s.edge.rng,
		})
	}
	first := steps[0]
	p.Report(Finding{
		Message:  fmt.Sprintf("routing loop for %s: %s", shortSet(l.addrs), strings.Join(hops, " ")),
		Range:    first.edge.rng,
		Resource: first.edge.resource,
		Related:  related[1:],
		Fix:      "Break the cycle: give one of these tables a more specific route to where the traffic really goes, or a blackhole route for addresses that exist nowhere.",
	})
}
