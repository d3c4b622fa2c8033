package impact

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/packetset"
	"github.com/vpcheck/vpcheck/model"
)

// Explorations describes the explorations of the data plane an analysis
// makes (a lint rule's packet-level work), so that a diff can prove the
// analysis gives the same answer on both sides without running it: where
// the explorations enter and with which sources, and what of the model it
// reads besides what packets do.
type Explorations struct {
	// Internet: explorations from the internet, with public sources (not
	// the network's own addresses nor private space).
	Internet bool
	// OnPrem: from each on-premises site, with the site's CIDRs as sources.
	OnPrem bool
	// Inside: from places inside the network (subnets, ENIs, gateways),
	// with the network's own private addresses (its VPCs' blocks, its
	// ENIs' and NAT gateways' addresses) as sources; a public address is
	// a source only past the translation at a gateway, on the internet.
	Inside bool
	// AnySource: the explorations inside may carry any source address.
	AnySource bool
	// Replies: the analysis explores replies too (or reads the filters
	// replies cross), which start wherever requests were delivered.
	Replies bool
	// PathKinds are the kinds of objects on the explored paths whose
	// model the analysis reads (a security group's rules, to name the one
	// that admits a packet): a changed object of such a kind counts as
	// changing every packet on its edges.
	PathKinds []model.Kind
	// Kinds are the kinds the analysis reads wherever they are: any change
	// to an object of one may change its answer.
	Kinds []model.Kind
}

// maxScopeEdges bounds the affected edges the scope test searches from:
// past it, a change is not local and every analysis is re-run.
const maxScopeEdges = 256

// Unaffected reports whether the change cannot alter what analyses with
// these explorations find: no exploration entering with its own sources
// can meet an affected edge with a packet that edge treats differently,
// no reply can cross one when replies matter, and no object of a kind
// read directly changed. When it cannot prove that, why says which change
// may matter. A result with no change (a cosmetic rewrite) is unaffected.
//
// The test is an over-approximation (routing only, as the pair pruning
// is): every packet-level exploration that differs between the sides
// crosses an affected edge with a packet in its delta (the edges that are
// not affected do the same on both sides, keyed alike), so when none can,
// each exploration, and what the analysis derives from it, is the same.
func (r *Result) Unaffected(x Explorations) (ok bool, why string) {
	if r.Model == nil || r.Model.Empty() {
		return true, ""
	}
	kinds := map[model.Kind]bool{}
	for _, k := range x.Kinds {
		kinds[k] = true
	}
	path := map[model.Kind]bool{}
	for _, k := range x.PathKinds {
		path[k] = true
	}
	changedB, changedA := map[model.Object]bool{}, map[model.Object]bool{}
	for _, c := range r.Model.Changes {
		if kinds[c.Kind] {
			return false, fmt.Sprintf("%s %s", c.Identity, c.Change)
		}
		if c.Before != nil {
			changedB[c.Before] = true
		}
		if c.After != nil {
			changedA[c.After] = true
		}
	}
	if !x.Internet && !x.OnPrem && !x.Inside {
		return true, ""
	}
	if r.gb == nil || r.ga == nil {
		return false, "not compiled"
	}
	for _, side := range []struct {
		g       *graph
		an      *analyzer.Analyzer
		changed map[model.Object]bool
	}{{r.gb, r.Before, changedB}, {r.ga, r.After, changedA}} {
		if ok, why := side.g.unaffected(x, side.an, r.Space, side.changed, path); !ok {
			return false, why
		}
	}
	return true, ""
}

// unaffected is Unaffected on one side.
func (g *graph) unaffected(x Explorations, an *analyzer.Analyzer, ops *symbolic.Space, changed map[model.Object]bool, path map[model.Kind]bool) (bool, string) {
	var edges []dataplane.EdgeID
	deltas := map[dataplane.EdgeID]symbolic.Set{}
	for i := range g.d.Edges {
		id := dataplane.EdgeID(i)
		delta, aff := g.delta[id], g.affected[i]
		if len(path) > 0 && g.carriesChanged(id, changed, path) {
			delta, aff = ops.All(), true
		}
		if aff && !ops.IsEmpty(delta) {
			edges = append(edges, id)
			deltas[id] = delta
		}
	}
	if len(edges) > maxScopeEdges {
		return false, fmt.Sprintf("%d edges of the data plane changed", len(edges))
	}
	if len(edges) == 0 {
		return true, ""
	}
	d := g.d
	if g.sources == nil {
		g.sources = sourcesOf(d, an, ops)
	}
	public, inside, site := g.sources.public, g.sources.inside, g.sources.site
	if x.AnySource {
		inside = ops.All()
	}
	for _, id := range edges {
		delta := deltas[id]
		if x.Replies && !g.forwardOnly[id] {
			return false, "replies may cross " + g.edgeKey[id].String()
		}
		var dst []netip.Prefix
		if !g.srcDispatch[id] && len(g.prefixes[id]) > 0 {
			dst = g.prefixes[id]
		}
		if g.backs == nil {
			g.backs = map[dataplane.EdgeID]map[dataplane.NodeID]uint8{}
		}
		back, ok := g.backs[id]
		if !ok {
			// A packet that crossed a source translation (a NAT gateway)
			// comes to the edge from the gateway's address: the path
			// matters only when that address is in the delta.
			keep := func(ei dataplane.EdgeID, mask uint8) bool {
				e := &g.d.Edges[ei]
				if mask&rewroteSrc != 0 || !rewritesSrc(e) || !e.Xform.Addr.IsValid() {
					return true
				}
				x := ops.Forget(delta, packetset.FieldSrcPort)
				if mask&rewroteDst != 0 {
					x = ops.Forget(x, packetset.FieldDstIP, packetset.FieldDstPort)
				}
				return ops.Overlaps(x, ops.Prefix(dataplane.FieldSrc, netip.PrefixFrom(e.Xform.Addr, e.Xform.Addr.BitLen())))
			}
			back = g.backOf(id, dst, false, keep)
			g.backs[id] = back
		}
		nodes := make([]dataplane.NodeID, 0, len(back))
		for n := range back {
			nodes = append(nodes, n)
		}
		slices.Sort(nodes)
		for _, n := range nodes {
			mask := back[n]
			var src symbolic.Set
			switch s, onPrem := site[n]; {
			case n == d.Internet:
				if !x.Internet {
					continue
				}
				src = public
			case onPrem:
				if !x.OnPrem {
					continue
				}
				src = s
			default:
				if !x.Inside {
					continue
				}
				src = inside
			}
			if mask&rewroteSrc != 0 {
				src = ops.All()
			}
			if ops.Overlaps(delta, src) {
				return false, fmt.Sprintf("%s reaches %s with packets it treats differently", g.nodeKey[n], g.edgeKey[id])
			}
		}
	}
	return true, ""
}

// carriesChanged reports whether edge id carries an object that changed
// whose kind is in kinds: a filter's security groups or network ACL, or
// the component of either node.
func (g *graph) carriesChanged(id dataplane.EdgeID, changed map[model.Object]bool, kinds map[model.Kind]bool) bool {
	hit := func(o model.Object) bool {
		return o != nil && changed[o] && kinds[o.Kind()]
	}
	e := &g.d.Edges[id]
	for _, f := range e.Filters {
		if hit(f.Component) {
			return true
		}
		for _, sg := range f.Groups {
			if hit(sg) {
				return true
			}
		}
	}
	return hit(g.d.Nodes[e.From].Component) || hit(g.d.Nodes[e.To].Component)
}

// sources are the source addresses explorations enter with, per entry.
type sources struct {
	public, inside symbolic.Set
	site           map[dataplane.NodeID]symbolic.Set
}

// sourcesOf computes a side's sources once: the internet's (what is not
// the network's), inside (the VPCs' blocks, and the private addresses
// outside them an ENI or NAT gateway is given), each site's CIDRs.
func sourcesOf(d *dataplane.Dataplane, an *analyzer.Analyzer, ops *symbolic.Space) *sources {
	s := &sources{public: ops.Minus(ops.All(), ops.Prefixes(dataplane.FieldSrc, an.NotInternet())), site: map[dataplane.NodeID]symbolic.Set{}}
	var own []netip.Prefix
	for _, v := range d.Net.VPCs {
		own = append(own, v.Prefixes()...)
	}
	inVPC := func(a netip.Addr) bool {
		for _, p := range own {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	var extra []netip.Addr
	for _, as := range d.Addrs {
		for _, a := range as {
			if !inVPC(a) {
				extra = append(extra, a)
			}
		}
	}
	for _, a := range d.NATAddr {
		if !inVPC(a) {
			extra = append(extra, a)
		}
	}
	own = append(own, dataplane.HostPrefixes(extra)...)
	s.inside = ops.Prefixes(dataplane.FieldSrc, own)
	for _, o := range d.Net.OnPrem {
		if n, ok := d.OnPrem[o]; ok {
			var ps []netip.Prefix
			for _, b := range o.CIDRs {
				ps = append(ps, b.Prefix)
			}
			old, ok := s.site[n]
			if !ok {
				old = ops.None()
			}
			s.site[n] = ops.Union(old, ops.Prefixes(dataplane.FieldSrc, ps))
		}
	}
	return s
}
