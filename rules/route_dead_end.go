package rules

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// RouteDeadEnd reports VPC routes to a transit gateway or a peering
// connection whose traffic cannot be delivered: every packet the route
// carries is dropped beyond its next hop (the transit gateway route table
// associated with the attachment has no route for it, or a blackhole), or
// the packets arrive but the destination has no route back. Traffic through
// a transit gateway is routed by the route table associated with the
// attachment it enters
// (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html); a
// peering connection needs a route in each VPC's route table
// (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html).
//
// The verdicts are the symbolic engine's: the route's region (the
// destinations longest-prefix match gives it) is explored from the
// subnets that use the table, with the filters relaxed, since this rule
// is about routing and the filters have their own rules. The subnets are
// hypothetical hosts, so network-only Terraform (no instances) is checked
// too. A path through something vpcheck does not model is not judged.
var RouteDeadEnd = &Rule{
	ID:       "route-dead-end",
	Severity: Warning,
	Requires: []*Analysis{Plane, RouteRegions},
	// From each route table's subnets, with their own addresses, and back
	// from the subnets reached; the routes are read from the model.
	Locality: &impact.Explorations{Inside: true, Replies: true, Kinds: routingKinds},
	Run: func(p *Pass) error {
		for _, f := range routeDeadEnds(planeOf(p).Dataplane(), regionsOf(p), 1) {
			p.Report(f)
		}
		return nil
	},
}

// routeWitness is one packet of a dead end: sent from Start, it ends
// with Code, undelivered (the packets the route carries, or the replies
// of a subnet it reaches).
type routeWitness struct {
	Start  dataplane.NodeID
	Packet packet.Packet
	Code   dataplane.Code
}

// witnessOf picks a packet of set sent from start that ends with code.
func witnessOf(ops *symbolic.Space, start dataplane.NodeID, set symbolic.Set, code dataplane.Code) *routeWitness {
	p, ok := ops.Witness(set, packet.Packet{Proto: uint8(model.ProtoTCP), SrcPort: 49152, DstPort: 443})
	if !ok {
		return nil
	}
	return &routeWitness{Start: start, Packet: p, Code: code}
}

// routeDeadEnds judges every route to a transit gateway or a peering
// connection, route table by route table, on workers with symbolic
// engines of their own (each route's explorations start and end in the
// network's compiled plane, and its finding holds no packet set), and
// returns the findings in table and route order.
func routeDeadEnds(d *dataplane.Dataplane, regs *routeRegions, workers int) []Finding {
	using := subnetsUsing(d.Net)
	infra := attachmentOnlySubnets(d.Net)
	var tables []*model.RouteTable
	for _, t := range d.Net.RouteTables {
		if len(using[t]) == 0 {
			continue
		}
		for _, rr := range regs.vpc[t] {
			if r := rr.Route; (r.Target == model.TargetTransitGateway || r.Target == model.TargetPeering) && !rr.Region.empty() {
				tables = append(tables, t)
				break
			}
		}
	}
	type worker struct {
		sym   *symbolic.Engine
		cache map[dataplane.NodeID]*tgwFate
		gc    engineGC
	}
	found := make([][]Finding, len(tables))
	eachInParallel(len(tables), workers, func() worker { return worker{} }, func(w *worker, j int) {
		// One engine per worker, kept: the explorations cross large
		// tables (a transit gateway's, the internet's) whose partitions
		// a fresh engine would build again.
		if w.sym == nil {
			w.sym, w.cache = symbolic.New(d), map[dataplane.NodeID]*tgwFate{}
		}
		t := tables[j]
		for _, rr := range regs.vpc[t] {
			r := rr.Route
			if r.Target != model.TargetTransitGateway && r.Target != model.TargetPeering || rr.Region.empty() {
				continue
			}
			if f, _, ok := deadEnd(w.sym, infra, w.cache, t, using[t], r, rr.Region); ok {
				found[j] = append(found[j], f)
			}
		}
		// The findings hold no set: keep the engine's forms and the
		// fates, free the rest.
		w.gc.after(w.sym, func(each func(*symbolic.Set)) {
			for _, f := range w.cache {
				each(&f.passed)
				each(&f.dropped)
				each(&f.unknown)
			}
		})
	})
	var out []Finding
	for _, fs := range found {
		out = append(out, fs...)
	}
	return out
}

// deadEnd explores one route's region from the subnets of its table and
// returns the finding, if the route delivers nothing, or delivers to
// subnets that cannot answer, with a witness packet.
func deadEnd(sym *symbolic.Engine, infra map[*model.Subnet]bool, cache map[dataplane.NodeID]*tgwFate, t *model.RouteTable, subnets []*model.Subnet, r *model.Route, region addrSet) (Finding, *routeWitness, bool) {
	d, ops := sym.Dataplane(), sym.Space()
	start, ok := d.Router[subnets[0]]
	if !ok {
		return Finding{}, nil, false
	}
	var srcs []netip.Prefix
	home := map[dataplane.NodeID]bool{}
	for _, s := range subnets {
		srcs = append(srcs, dataplane.SubnetPrefixes(s)...)
		for _, n := range subnetTerminals(d, s) {
			home[n] = true
		}
	}
	set := ops.Intersect(ops.Prefixes(dataplane.FieldSrc, srcs), ops.Prefixes(dataplane.FieldDst, region.prefixes()))
	if ops.IsEmpty(set) {
		return Finding{}, nil, false
	}
	var (
		drops    []symbolic.Leaf
		arrived  = map[*model.Subnet]symbolic.Set{}
		reached  []*model.Subnet
		anyThere bool
	)
	if r.Target == model.TargetTransitGateway {
		return tgwDeadEnd(sym, cache, t, r, start, set)
	}
	leaves := sym.Explore(start, set, true)
	for _, l := range leaves {
		if ops.IsEmpty(l.Origin) {
			continue
		}
		if unmodelled(l.Outcome.Code) {
			return Finding{}, nil, false
		}
		if s := arrivalSubnet(d, l); s != nil {
			anyThere = true
			if _, seen := arrived[s]; !seen {
				arrived[s] = ops.None()
				reached = append(reached, s)
			}
			arrived[s] = ops.Union(arrived[s], l.Set)
			continue
		}
		if l.Delivered {
			// Leaves the network (internet, on-premises): delivered as far
			// as the model goes.
			anyThere = true
			continue
		}
		if deadEndCodes[l.Outcome.Code] {
			drops = append(drops, l)
		}
	}
	f, what := routeFinding(t, r)
	if !anyThere && len(drops) > 0 {
		sortLeaves(drops)
		return nothingDelivered(f, what, r, drops[0].Outcome), witnessOf(ops, start, drops[0].Origin, drops[0].Outcome.Code), true
	}
	// Replies: from each subnet the route reaches, back to the table's subnets.
	var broken []string
	var w *routeWitness
	for _, s := range reached {
		back, ok := d.Router[s]
		if !ok || s.VPCOf() == t.VPCOf() || infra[s] {
			continue
		}
		reply := ops.Intersect(ops.Prefixes(dataplane.FieldDst, srcs), ops.Prefixes(dataplane.FieldSrc, dataplane.SubnetPrefixes(s)))
		var fail *symbolic.Leaf
		returned := false
		leaves := sym.Explore(back, reply, true)
		sortLeaves(leaves)
		for i, l := range leaves {
			switch {
			case ops.IsEmpty(l.Origin):
			case unmodelled(l.Outcome.Code):
				returned = true // not judged
			case home[l.Node]:
				returned = true
			case fail == nil:
				fail = &leaves[i]
			}
		}
		if fail != nil && !returned {
			if w == nil {
				w = witnessOf(ops, back, fail.Origin, fail.Outcome.Code)
			}
			broken = append(broken, fmt.Sprintf("subnet %s (%s: %s)", s.Name, fail.Outcome.Code, fail.Outcome.Message))
			if fail.Outcome.Component != nil {
				f.Related = append(f.Related, Related{Message: "no route back from subnet " + s.Name + ": " + name(fail.Outcome.Component), Resource: Address(fail.Outcome.Component), Range: fail.Outcome.Range})
			}
		}
	}
	if len(broken) == 0 {
		return Finding{}, nil, false
	}
	sort.Strings(broken)
	f.Message = fmt.Sprintf("%s reaches subnets that have no route back: %s", what, strings.Join(broken, "; "))
	f.Fix = "Add a route back to this table's subnets in the destination's route table (and, through a transit gateway, in the route table associated with the destination's attachment)."
	return f, w, true
}

func routeFinding(t *model.RouteTable, r *model.Route) (Finding, string) {
	return Finding{
		Range:    r.Range,
		Resource: routeResource(t, r),
		Facts:    fmt.Sprintf("%s %s %s", Address(t), r.DestString(), routeTarget(r)),
	}, fmt.Sprintf("route %s → %s in route table %s", r.DestString(), routeTarget(r), t.Name)
}

func nothingDelivered(f Finding, what string, r *model.Route, o dataplane.Outcome) Finding {
	f.Message = fmt.Sprintf("%s delivers nothing: every packet it carries is dropped beyond the %s (%s: %s)",
		what, model.Kind(r.Target).Words(), o.Code, o.Message)
	if o.Component != nil {
		f.Related = append(f.Related, Related{Message: "where the traffic is dropped: " + name(o.Component), Resource: Address(o.Component), Range: o.Range})
	}
	f.Fix = "Add the missing route (or propagation) where the traffic is dropped, or remove this route."
	return f
}

// tgwFate is what a dispatch node (a transit gateway attachment or route
// table) does with packets: the ones it passes on, the ones it drops for a
// reason this rule reports (with the first such outcome), and the ones whose
// fate vpcheck does not know.
type tgwFate struct {
	passed, dropped, unknown symbolic.Set
	drop                     *dataplane.Outcome
}

// fateOf reads a node's partition, the engine's compiled table, once per
// node: a transit gateway route table of 2,000 routes is split once, not
// once per VPC route that leads to it.
func fateOf(sym *symbolic.Engine, cache map[dataplane.NodeID]*tgwFate, id dataplane.NodeID) *tgwFate {
	if f, ok := cache[id]; ok {
		return f
	}
	d, ops := sym.Dataplane(), sym.Space()
	f := &tgwFate{passed: ops.None(), dropped: ops.None(), unknown: ops.None()}
	var drops []dataplane.Outcome
	note := func(o dataplane.Outcome, set symbolic.Set) {
		switch {
		case deadEndCodes[o.Code]:
			f.dropped = ops.Union(f.dropped, set)
			drops = append(drops, o)
		default:
			// Dropped for a reason another rule reports, or not modelled.
			f.unknown = ops.Union(f.unknown, set)
		}
	}
	parts, miss := sym.Partition(id)
	if !ops.IsEmpty(miss) {
		note(d.Nodes[id].Miss, miss)
	}
	for _, p := range parts {
		n := &d.Nodes[d.Edges[p.Edge].To]
		if n.Kind == dataplane.NodeTerminal && !n.Delivered {
			note(n.Outcome, p.Match)
			continue
		}
		f.passed = ops.Union(f.passed, p.Match)
	}
	sort.SliceStable(drops, func(i, j int) bool { return drops[i].Code < drops[j].Code })
	if len(drops) > 0 {
		f.drop = &drops[0]
	}
	cache[id] = f
	return f
}

// tgwDeadEnd judges a route into a transit gateway by the route table its
// attachment is associated with: the route delivers nothing when that
// table drops every packet of the route's region. What happens beyond, in
// the destination VPC, is the destination's routing (the local route), so
// the question ends at the transit gateway, and costs one lookup per route
// instead of an exploration of every VPC the transit gateway reaches.
func tgwDeadEnd(sym *symbolic.Engine, cache map[dataplane.NodeID]*tgwFate, t *model.RouteTable, r *model.Route, start dataplane.NodeID, set symbolic.Set) (Finding, *routeWitness, bool) {
	d, ops := sym.Dataplane(), sym.Space()
	// Only whether some packets pass and some are dropped matters, and
	// which packets for the witness: the sets are tested with Overlaps,
	// which builds no nodes, and the first passed packet settles it (the
	// route delivers something). Intersecting a region with a 2,000-route
	// table's fates, for every VPC route into a transit gateway, was most
	// of this rule's time.
	dropped := false
	var drop *dataplane.Outcome
	var witness symbolic.Set // packets dropped with drop
	parts, _ := sym.Partition(start)
	for _, p := range parts {
		in := ops.Intersect(set, p.Match)
		if ops.IsEmpty(in) {
			continue
		}
		att := d.Edges[p.Edge].To
		if d.Nodes[att].Kind != dataplane.NodeTGWIn {
			return Finding{}, nil, false // not the transit gateway after all (a more specific route wins)
		}
		// The attachment hands every packet to its associated table (or
		// drops it when it has none).
		af := fateOf(sym, cache, att)
		if af.drop != nil && ops.Overlaps(in, af.dropped) {
			dropped, drop, witness = true, af.drop, ops.Intersect(in, af.dropped)
		}
		if ops.Overlaps(in, af.unknown) {
			return Finding{}, nil, false
		}
		aparts, _ := sym.Partition(att)
		for _, ap := range aparts {
			through := ops.Intersect(in, ap.Match)
			if ops.IsEmpty(through) {
				continue
			}
			table := d.Edges[ap.Edge].To
			if d.Nodes[table].Kind != dataplane.NodeTGWTable {
				continue
			}
			tf := fateOf(sym, cache, table)
			if ops.Overlaps(through, tf.unknown) || ops.Overlaps(through, tf.passed) {
				return Finding{}, nil, false
			}
			if tf.drop != nil && ops.Overlaps(through, tf.dropped) {
				dropped = true
				if drop == nil {
					drop, witness = tf.drop, ops.Intersect(through, tf.dropped)
				}
			}
		}
	}
	if !dropped || drop == nil {
		return Finding{}, nil, false
	}
	f, what := routeFinding(t, r)
	return nothingDelivered(f, what, r, *drop), witnessOf(ops, start, witness, drop.Code), true
}

// attachmentOnlySubnets are the subnets that hold transit gateway
// attachments and no instance: AWS recommends a small subnet of their own
// for the attachment interfaces
// (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-best-design-practices.html),
// so no host there waits for replies and a missing route back from them
// breaks nothing.
func attachmentOnlySubnets(net *model.Network) map[*model.Subnet]bool {
	out := map[*model.Subnet]bool{}
	for _, a := range net.TGWAttachments {
		for _, s := range model.Targets[*model.Subnet](a.Subnets) {
			out[s] = true
		}
	}
	for s := range out {
		for _, e := range s.Interfaces {
			if e.Type == "" || e.Type == model.ENIInstance {
				delete(out, s)
				break
			}
		}
	}
	return out
}

// subnetTerminals are where packets to subnet s arrive: its free
// addresses, its hypothetical host and its interfaces.
func subnetTerminals(d *dataplane.Dataplane, s *model.Subnet) []dataplane.NodeID {
	var out []dataplane.NodeID
	if t := d.NoHostTerminal(s); t >= 0 {
		out = append(out, t)
	}
	if h, ok := d.Hypothetical[s]; ok && h.Terminal >= 0 {
		out = append(out, h.Terminal)
	}
	for _, e := range s.Interfaces {
		if t, ok := d.Accept[e]; ok {
			out = append(out, t)
		}
	}
	return out
}

// arrivalSubnet is the subnet a leaf arrived in (at a host, its
// hypothetical host or a free address), or nil.
func arrivalSubnet(d *dataplane.Dataplane, l symbolic.Leaf) *model.Subnet {
	switch o := d.Nodes[l.Node].Outcome.Component.(type) {
	case *model.Subnet:
		if h, ok := d.Hypothetical[o]; d.NoHostTerminal(o) == l.Node || ok && h.Terminal == l.Node {
			return o
		}
	case *model.NetworkInterface:
		if l.Delivered {
			return o.SubnetOf()
		}
	}
	return nil
}

// deadEndCodes are the routing drops this rule reports; the others have
// rules of their own (non-transitive-peering, tgw-attachment-az,
// blackhole-route for the route itself).
var deadEndCodes = map[dataplane.Code]bool{
	dataplane.CodeTGWNoRoute:       true,
	dataplane.CodeTGWBlackhole:     true,
	dataplane.CodeTGWNoAssociation: true,
	dataplane.CodeNoRoute:          true,
	dataplane.CodeBlackhole:        true,
	dataplane.CodeNoSubnet:         true,
}

// unmodelled reports outcomes that mean vpcheck does not know what
// happens: what it does not model, and a path cut short as a loop (which
// routing-loop reports).
func unmodelled(c dataplane.Code) bool {
	return c.Unmodelled() || c == dataplane.CodeLoop
}

// sortLeaves orders leaves by where they ended, for deterministic messages.
func sortLeaves(ls []symbolic.Leaf) {
	sort.SliceStable(ls, func(i, j int) bool {
		if ls[i].Outcome.Code != ls[j].Outcome.Code {
			return ls[i].Outcome.Code < ls[j].Outcome.Code
		}
		return ls[i].Outcome.Message < ls[j].Outcome.Message
	})
}
