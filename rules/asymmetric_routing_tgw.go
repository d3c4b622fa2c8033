package rules

import (
	"net/netip"
	"sort"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// VPC-to-VPC flows through transit gateways. A request from VPC A to VPC B
// leaves by A's subnet route table into a transit gateway X, whose route
// table (the one A's attachment is associated with) hands it to B's
// attachment; the reply leaves by B's subnet route table, into X again
// only if that table sends A's addresses to X, and is routed by the table
// B's attachment is associated with. Replies may so go back through
// another transit gateway than their requests (the "asymmetric paths"
// case), or have no way back at all. See
// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
// and, for why a reply must cross what its request crossed,
// https://docs.aws.amazon.com/prescriptive-guidance/latest/inline-traffic-inspection-third-party-appliances/transit-gateway-asymmetric-routing.html
//
// Exploring every pair of VPCs is quadratic (2,000 VPCs on one transit
// gateway are four million pairs). The candidates are found per pair of
// route tables instead: a pair (A's table, B's table) is a candidate when
// A's table sends some of B's subnets to a transit gateway X and B's table
// sends some of A's addresses elsewhere (or nowhere); a pair of transit
// gateway route tables when the first routes to a VPC associated with the
// second, which does not route some of the first's VPCs back to their own
// attachment. The lookups go through an index of subnet blocks, so a
// table costs its routes, not the network. The engines then explore one
// representative flow of each candidate and its replies: only what they
// find is reported.

// tgwCandidate is a flow to explore: from subnet from to the blocks of to.
type tgwCandidate struct {
	from, to *model.Subnet
}

// blockIndex finds the subnets whose blocks overlap a prefix.
type blockIndex struct {
	sorted []*model.Subnet // by block address
	byBits map[int]map[netip.Prefix][]*model.Subnet
}

func newBlockIndex(subnets []*model.Subnet) *blockIndex {
	ix := &blockIndex{byBits: map[int]map[netip.Prefix][]*model.Subnet{}}
	for _, s := range subnets {
		if !s.CIDR.Prefix.IsValid() {
			continue
		}
		ix.sorted = append(ix.sorted, s)
		p := s.CIDR.Prefix.Masked()
		if ix.byBits[p.Bits()] == nil {
			ix.byBits[p.Bits()] = map[netip.Prefix][]*model.Subnet{}
		}
		ix.byBits[p.Bits()][p] = append(ix.byBits[p.Bits()][p], s)
	}
	sort.SliceStable(ix.sorted, func(i, j int) bool { return ix.sorted[i].CIDR.Prefix.Addr().Less(ix.sorted[j].CIDR.Prefix.Addr()) })
	return ix
}

// overlapping calls f for each subnet whose block overlaps q (those inside
// q, then those containing it), until f returns false.
func (ix *blockIndex) overlapping(q netip.Prefix, f func(*model.Subnet) bool) {
	q = q.Masked()
	i := sort.Search(len(ix.sorted), func(i int) bool { return !ix.sorted[i].CIDR.Prefix.Addr().Less(q.Addr()) })
	for ; i < len(ix.sorted) && q.Contains(ix.sorted[i].CIDR.Prefix.Addr()); i++ {
		if ix.sorted[i].CIDR.Prefix.Bits() >= q.Bits() && !f(ix.sorted[i]) {
			return
		}
	}
	for bits, m := range ix.byBits {
		if bits >= q.Bits() {
			continue
		}
		p, err := q.Addr().Prefix(bits)
		if err != nil {
			continue
		}
		for _, s := range m[p] {
			if !f(s) {
				return
			}
		}
	}
}

// region is a part of the address space a table sends one way.
type region struct {
	p   netip.Prefix
	tgw *model.TransitGateway // nil: not into a transit gateway
	att *model.TGWAttachment  // for transit gateway route tables
}

// minus is p without the prefixes qs, as disjoint prefixes.
func minus(p netip.Prefix, qs []netip.Prefix) []netip.Prefix {
	for _, q := range qs {
		if !q.Overlaps(p) {
			continue
		}
		if q.Bits() <= p.Bits() {
			return nil
		}
		lo, hi := halves(p)
		return append(minus(lo, qs), minus(hi, qs)...)
	}
	return []netip.Prefix{p}
}

func halves(p netip.Prefix) (netip.Prefix, netip.Prefix) {
	lo := netip.PrefixFrom(p.Addr(), p.Bits()+1)
	b := p.Addr().AsSlice()
	bit := p.Bits()
	b[bit/8] |= 0x80 >> (bit % 8)
	hi, _ := netip.AddrFromSlice(b)
	return lo, netip.PrefixFrom(hi, p.Bits()+1)
}

// longestMatch splits the routes' destinations into the disjoint regions
// where each route is the longest match; unrouted space is a region with
// no gateway.
func longestMatch(dests []netip.Prefix, mk func(i int) region) []region {
	var out []region
	for i, p := range dests {
		var longer []netip.Prefix
		for _, q := range dests {
			if q.Bits() > p.Bits() && p.Overlaps(q) {
				longer = append(longer, q)
			}
		}
		for _, part := range minus(p, longer) {
			r := mk(i)
			r.p = part
			out = append(out, r)
		}
	}
	for _, all := range []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")} {
		var fam []netip.Prefix
		for _, p := range dests {
			if p.Addr().Is4() == all.Addr().Is4() {
				fam = append(fam, p)
			}
		}
		for _, part := range minus(all, fam) {
			out = append(out, region{p: part})
		}
	}
	return out
}

func vpcRegions(t *model.RouteTable) []region {
	var dests []netip.Prefix
	var tgws []*model.TransitGateway
	for _, r := range t.Routes {
		if !r.Dest.IsValid() {
			continue
		}
		dests = append(dests, r.Dest.Masked())
		var g *model.TransitGateway
		if r.Target == model.TargetTransitGateway {
			g = model.Target[*model.TransitGateway](r.TargetRef)
		}
		tgws = append(tgws, g)
	}
	return longestMatch(dests, func(i int) region { return region{tgw: tgws[i]} })
}

func tgwRegions(t *model.TGWRouteTable) []region {
	var dests []netip.Prefix
	var atts []*model.TGWAttachment
	for _, r := range t.Routes {
		if !r.Dest.IsValid() {
			continue
		}
		dests = append(dests, r.Dest.Masked())
		var a *model.TGWAttachment
		if !r.Blackhole {
			a = model.Target[*model.TGWAttachment](r.Attachment)
		}
		atts = append(atts, a)
	}
	return longestMatch(dests, func(i int) region { return region{att: atts[i]} })
}

// sendsTo reports whether some of s's block falls in a region into g.
func sendsTo(regions []region, s *model.Subnet, g *model.TransitGateway) bool {
	for _, r := range regions {
		if r.tgw == g && r.p.Overlaps(s.CIDR.Prefix) {
			return true
		}
	}
	return false
}

// deliversTo reports whether some of s's block is routed to the attachment
// of s's VPC.
func deliversTo(regions []region, s *model.Subnet) bool {
	for _, r := range regions {
		if r.att != nil && model.Target[*model.VPC](r.att.VPC) == s.VPCOf() && r.p.Overlaps(s.CIDR.Prefix) {
			return true
		}
	}
	return false
}

// tgwCandidates lists the flows between VPCs through transit gateways
// worth exploring, one per pair of route tables, in network order.
func tgwCandidates(net *model.Network) []tgwCandidate {
	if len(net.TransitGateways) == 0 {
		return nil
	}
	// The attachment of each VPC on each transit gateway.
	attached := map[*model.VPC]map[*model.TransitGateway]*model.TGWAttachment{}
	for _, a := range net.TGWAttachments {
		v, g := model.Target[*model.VPC](a.VPC), model.Target[*model.TransitGateway](a.TransitGateway)
		if v == nil || g == nil || a.Type != model.AttachVPC {
			continue
		}
		if attached[v] == nil {
			attached[v] = map[*model.TransitGateway]*model.TGWAttachment{}
		}
		if attached[v][g] == nil {
			attached[v][g] = a
		}
	}
	// Transit gateways in name order, for a deterministic choice of
	// representatives.
	gateways := func(v *model.VPC) []*model.TransitGateway {
		var gs []*model.TransitGateway
		for g := range attached[v] {
			gs = append(gs, g)
		}
		sort.Slice(gs, func(i, j int) bool { return gs[i].Name < gs[j].Name })
		return gs
	}
	regions := map[*model.RouteTable][]region{}
	// receivers are the subnets of attached VPCs; senders those of them
	// whose table sends something into a gateway their VPC is attached to.
	// A transit gateway attachment's own subnet (no host) holds no
	// endpoint: it neither sends nor answers.
	infra := attachmentOnlySubnets(net)
	var receivers, senders []*model.Subnet
	for _, s := range net.Subnets {
		t := s.RouteTable
		if t == nil || attached[s.VPCOf()] == nil || infra[s] {
			continue
		}
		receivers = append(receivers, s)
		if _, ok := regions[t]; !ok {
			regions[t] = vpcRegions(t)
		}
		for _, r := range regions[t] {
			if r.tgw != nil && attached[s.VPCOf()][r.tgw] != nil {
				senders = append(senders, s)
				break
			}
		}
	}
	ix := newBlockIndex(senders)
	var out []tgwCandidate
	seen := map[[2]any]bool{}
	add := func(key [2]any, from, to *model.Subnet) {
		if !seen[key] {
			seen[key] = true
			out = append(out, tgwCandidate{from, to})
		}
	}
	// Pairs of VPC route tables: b's table sends some of a's addresses
	// elsewhere than the transit gateway a's table sends b to.
	for _, b := range receivers {
		tb := b.RouteTable
		for _, g := range gateways(b.VPCOf()) {
			for _, r := range regions[tb] {
				if r.tgw == g {
					continue
				}
				// One representative per table and gateway: the
				// candidates stay as many as the tables (linear), and
				// the finding is on b's table either way.
				if seen[[2]any{tb, g}] {
					break
				}
				ix.overlapping(r.p, func(a *model.Subnet) bool {
					if a.VPCOf() == b.VPCOf() {
						return true
					}
					if sendsTo(regions[a.RouteTable], b, g) && attached[a.VPCOf()][g] != nil {
						add([2]any{tb, g}, a, b)
						return false
					}
					return true
				})
			}
		}
	}
	// Pairs of transit gateway route tables: the table of a's attachment
	// routes to b's VPC, the table of b's attachment not back to a's.
	assoc := func(s *model.Subnet, g *model.TransitGateway) *model.TGWRouteTable {
		return model.Target[*model.TGWRouteTable](attached[s.VPCOf()][g].Association)
	}
	tgwRegionsOf := map[*model.TGWRouteTable][]region{}
	groups := map[*model.TGWRouteTable][]*model.Subnet{}
	var order []*model.TGWRouteTable
	for _, s := range senders {
		for _, g := range gateways(s.VPCOf()) {
			if !sendsToAny(regions[s.RouteTable], g) {
				continue
			}
			t := assoc(s, g)
			if t == nil {
				continue
			}
			if _, ok := tgwRegionsOf[t]; !ok {
				tgwRegionsOf[t] = tgwRegions(t)
				order = append(order, t)
			}
			groups[t] = append(groups[t], s)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].Name < order[j].Name })
	const scan = 8 // representatives tried per pair of tables
	for _, ta := range order {
		g := model.Target[*model.TransitGateway](ta.TransitGateway)
		for _, tb := range order {
			if model.Target[*model.TransitGateway](tb.TransitGateway) != g || seen[[2]any{ta, tb}] {
				continue
			}
			var bs, as []*model.Subnet
			for _, b := range groups[tb] {
				if deliversTo(tgwRegionsOf[ta], b) {
					bs = append(bs, b)
					if len(bs) == scan {
						break
					}
				}
			}
			if len(bs) == 0 {
				continue
			}
			for _, a := range groups[ta] {
				if !deliversTo(tgwRegionsOf[tb], a) {
					as = append(as, a)
					if len(as) == scan {
						break
					}
				}
			}
		pairs:
			for _, a := range as {
				for _, b := range bs {
					if a.VPCOf() != b.VPCOf() && sendsTo(regions[a.RouteTable], b, g) {
						add([2]any{ta, tb}, a, b)
						break pairs
					}
				}
			}
		}
	}
	return out
}

func sendsToAny(regions []region, g *model.TransitGateway) bool {
	for _, r := range regions {
		if r.tgw == g {
			return true
		}
	}
	return false
}

// transitAsymmetries are the asymmetries of the VPC-to-VPC flows through
// transit gateways, explored on the analyzer's engine.
func transitAsymmetries(an *analyzer.Analyzer) []Asymmetry {
	return tgwAsymmetries(an, an.Symbolic(), tgwCandidates(an.Dataplane().Net))
}

// tgwAsymmetries explores each candidate's flow from the source subnet's
// hosts (or its hypothetical host) to the destination subnet (its hosts
// and its hypothetical host), and the replies, on s.
func tgwAsymmetries(an *analyzer.Analyzer, s *symbolic.Engine, cands []tgwCandidate) []Asymmetry {
	ops, d := s.Space(), an.Dataplane()
	// One exploration per source subnet, to all its candidates'
	// destinations at once (a representative source serves many tables).
	var froms []*model.Subnet
	dsts := map[*model.Subnet][]netip.Prefix{}
	for _, c := range cands {
		if _, ok := dsts[c.from]; !ok {
			froms = append(froms, c.from)
		}
		dsts[c.from] = append(dsts[c.from], dataplane.SubnetPrefixes(c.to)...)
	}
	var out []Asymmetry
	for _, from := range froms {
		c := tgwCandidate{from: from}
		dst := ops.Prefixes(dataplane.FieldDst, dsts[from])
		started := false
		for _, e := range c.from.Interfaces {
			if start, ok := d.ENIOut[e]; ok && (e.Type == "" || e.Type == model.ENIInstance) {
				src := ops.Prefixes(dataplane.FieldSrc, dataplane.HostPrefixes(d.Addrs[e]))
				out = checkAsymmetries(out, an, s, model.Label(d.DisplayOf(e)), s.Explore(start, ops.Intersect(src, dst), false))
				started = true
				break
			}
		}
		if h, ok := d.Hypothetical[c.from]; ok && !started {
			// A subnet without a host: its hypothetical host, whose replies
			// are delivered to it.
			if id, ok := d.Router[c.from]; ok {
				src := ops.Prefixes(dataplane.FieldSrc, dataplane.HostPrefixes([]netip.Addr{h.Private}))
				out = checkAsymmetries(out, an, s, "subnet "+c.from.Name, s.Explore(id, ops.Intersect(src, dst), false))
			}
		}
	}
	return out
}

// transitGateways lists the transit gateways a path enters.
func transitGateways(d *dataplane.Dataplane, path []symbolic.Step) []model.Object {
	var out []model.Object
	for _, st := range path {
		n := &d.Nodes[d.Edges[st.Edge].From]
		if a, ok := n.Component.(*model.TGWAttachment); ok && n.Kind == dataplane.NodeTGWIn {
			if g := model.Target[*model.TransitGateway](a.TransitGateway); g != nil {
				out = append(out, g)
			}
		}
	}
	return out
}
