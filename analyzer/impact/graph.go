package impact

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
)

// graph is one side's compiled network with what impact analysis needs:
// stable keys for nodes and edges (so the two sides can be matched), each
// edge's signature (what it does to packets), the prefixes its node's table
// sends over it, and the edges into each node.
type graph struct {
	d        *dataplane.Dataplane
	nodeKey  []string
	edgeKey  []edgeKey
	prefixes [][]netip.Prefix
	// srcDispatch marks edges chosen by source address (any destination).
	srcDispatch []bool
	in, out     [][]dataplane.EdgeID
	affected    []bool
	delta       map[dataplane.EdgeID]symbolic.Set
	// forwardOnly marks affected edges that differ only in stateful
	// filters (security groups), which replies pass without evaluation:
	// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
	forwardOnly map[dataplane.EdgeID]bool
	// backs caches, per edge, where packets to what it carries can come
	// from (the scope test, scope.go).
	backs map[dataplane.EdgeID]map[dataplane.NodeID]uint8
	// sources are the entries' source addresses (scope.go), once.
	sources *sources
}

// edgeKey matches an edge across the sides: the keys of its ends and what
// chose it. A struct of the strings the nodes already have, not their
// concatenation: a large network has hundreds of thousands of edges.
type edgeKey struct {
	from, to, via string
}

func (k edgeKey) String() string { return k.from + ">" + k.to + "|" + k.via }

func newGraph(d *dataplane.Dataplane) *graph {
	g := &graph{d: d, nodeKey: make([]string, len(d.Nodes)), edgeKey: make([]edgeKey, len(d.Edges)),
		prefixes: make([][]netip.Prefix, len(d.Edges)), srcDispatch: make([]bool, len(d.Edges)),
		in: make([][]dataplane.EdgeID, len(d.Nodes)), out: make([][]dataplane.EdgeID, len(d.Nodes)), affected: make([]bool, len(d.Edges))}
	for i := range d.Nodes {
		n := &d.Nodes[i]
		// One concatenation per node: kind|label[|identity][|outcome].
		var sep1, kind, sep, name, sep2, code string
		if n.Component != nil {
			sep1 = "|"
			kind, sep, name = identityParts(n.Component)
		}
		if n.Kind == dataplane.NodeTerminal {
			sep2, code = "|", string(n.Outcome.Code)
		}
		g.nodeKey[i] = n.Kind.String() + "|" + n.Label + sep1 + kind + sep + name + sep2 + code
		if n.Table != nil {
			for _, e := range n.Table.Entries {
				g.prefixes[e.Edge] = append(g.prefixes[e.Edge], e.Prefix)
			}
		}
	}
	for i := range d.Edges {
		e := &d.Edges[i]
		g.edgeKey[i] = edgeKey{g.nodeKey[e.From], g.nodeKey[e.To], e.Via}
		g.srcDispatch[i] = d.Nodes[e.From].Field == dataplane.FieldSrc
		g.in[e.To] = append(g.in[e.To], dataplane.EdgeID(i))
		g.out[e.From] = append(g.out[e.From], dataplane.EdgeID(i))
	}
	return g
}

// signature is what the edges with one key do: a hash of their mode,
// routed prefixes, guards, transformation and failure (base) and of their
// filters (filt), each a multiset over the edges (n of them: parallel
// edges are rare).
type signature struct {
	base, filt uint64
	n          int
}

// signs are one side's edge signatures: one per distinct edge key, with
// each edge's key as an index into them, so that matching the sides looks
// each key up once rather than once per use.
type signs struct {
	sig   []signature
	index map[edgeKey]int32
	// keyOf is each edge's key; first each key's first edge.
	keyOf []int32
	first []dataplane.EdgeID
}

// signatures computes what each edge does, by edge key, as hashes
// (hash.go): no string is built per edge.
func (g *graph) signatures() *signs {
	filters := map[*dataplane.Filter]uint64{}
	n := len(g.d.Edges)
	s := &signs{index: make(map[edgeKey]int32, n), keyOf: make([]int32, n),
		sig: make([]signature, 0, n), first: make([]dataplane.EdgeID, 0, n)}
	x := newHasher()
	for i := range g.d.Edges {
		e := &g.d.Edges[i]
		x.int(int(e.Mode))
		x.prefixSet(g.prefixes[i])
		x.int(len(e.Guards))
		for gi := range e.Guards {
			x.guard(&e.Guards[gi])
		}
		x.xform(e.Xform)
		x.outcome(e.Refused())
		base := x.sum()
		x.int(len(e.Filters))
		for _, f := range e.Filters {
			h, ok := filters[f]
			if !ok {
				h = x.filterHash(f)
				filters[f] = h
			}
			x.u64(h)
		}
		filt := x.sum()
		k, ok := s.index[g.edgeKey[i]]
		if !ok {
			k = int32(len(s.sig))
			s.index[g.edgeKey[i]] = k
			s.sig = append(s.sig, signature{})
			s.first = append(s.first, dataplane.EdgeID(i))
		}
		s.keyOf[i] = k
		sg := &s.sig[k]
		sg.base += mix(base)
		sg.filt += mix(filt)
		sg.n++
	}
	return s
}

// markAffected marks, on both sides, the edges whose key is on one side
// only or whose signature differs: the places where a packet can be
// treated differently.
//
// Each affected edge gets its delta: the packets it may treat differently.
// When a matched edge differs only in its filters (a rule added to a
// security group, a network ACL rule changed), that is the symmetric
// difference of what the filters allow on the two sides; otherwise every
// packet.
func markAffected(b, a *graph, sgB, sgA *signs, sb, sa *symbolic.Engine) {
	ops := sb.Space()
	allow := func(s *symbolic.Engine, g *graph, e dataplane.EdgeID) symbolic.Set {
		x := ops.All()
		for _, f := range g.d.Edges[e].Filters {
			x = ops.Intersect(x, s.Allow(f))
		}
		return x
	}
	// Per key of each side: whether it differs, its delta, and whether
	// only stateful filters differ.
	type marks struct {
		diff     []bool
		delta    []symbolic.Set
		stateful []bool
	}
	newMarks := func(n int) *marks {
		return &marks{diff: make([]bool, n), delta: make([]symbolic.Set, n), stateful: make([]bool, n)}
	}
	mb, ma := newMarks(len(sgB.sig)), newMarks(len(sgA.sig))
	matched := make([]bool, len(sgA.sig))
	for k, i := range sgB.index {
		j, ok := sgA.index[k]
		if ok {
			matched[j] = true
			if sgB.sig[i] == sgA.sig[j] {
				continue
			}
		}
		mb.diff[i] = true
		if !ok || sgB.sig[i].base != sgA.sig[j].base || sgB.sig[i].n > 1 || sgA.sig[j].n > 1 {
			mb.delta[i] = ops.All()
		} else {
			eb, ea := sgB.first[i], sgA.first[j]
			x, y := allow(sb, b, eb), allow(sa, a, ea)
			mb.delta[i] = ops.Union(ops.Minus(x, y), ops.Minus(y, x))
			mb.stateful[i] = allStateful(b.d.Edges[eb].Filters) && allStateful(a.d.Edges[ea].Filters)
		}
		if ok {
			ma.diff[j], ma.delta[j], ma.stateful[j] = true, mb.delta[i], mb.stateful[i]
		}
	}
	for j := range sgA.sig {
		if !matched[j] {
			ma.diff[j], ma.delta[j] = true, ops.All()
		}
	}
	// A node whose table changed sends packets differently over edges that
	// did not change themselves (a removed blackhole hands its addresses to
	// the default route): all its edges are affected.
	tb, ta := b.tables(), a.tables()
	for _, side := range []struct {
		g            *graph
		s            *signs
		m            *marks
		mine, theirs map[string]uint64
	}{{b, sgB, mb, tb, ta}, {a, sgA, ma, ta, tb}} {
		g, m := side.g, side.m
		changed := make([]bool, len(g.d.Nodes))
		for i, k := range g.nodeKey {
			changed[i] = side.mine[k] != side.theirs[k]
		}
		g.delta = map[dataplane.EdgeID]symbolic.Set{}
		g.forwardOnly = map[dataplane.EdgeID]bool{}
		for i := range g.d.Edges {
			k := side.s.keyOf[i]
			if changed[g.d.Edges[i].From] {
				m.diff[k], m.delta[k], m.stateful[k] = true, ops.All(), false
			}
			g.affected[i] = m.diff[k]
			if m.diff[k] {
				g.delta[dataplane.EdgeID(i)] = m.delta[k]
				g.forwardOnly[dataplane.EdgeID(i)] = m.stateful[k]
			}
		}
	}
}

func allStateful(fs []*dataplane.Filter) bool {
	for _, f := range fs {
		if !f.Stateful {
			return false
		}
	}
	return len(fs) > 0
}

// tables are each node's dispatch, by node key: a hash of its entries
// with the keys of the edges they choose, and of its miss.
func (g *graph) tables() map[string]uint64 {
	out := map[string]uint64{}
	x := newHasher()
	e := x.child()
	for i := range g.d.Nodes {
		n := &g.d.Nodes[i]
		if n.Table == nil {
			continue
		}
		var s uint64
		for _, te := range n.Table.Entries {
			e.prefix(te.Prefix)
			k := g.edgeKey[te.Edge]
			e.str(k.from)
			e.str(k.to)
			e.str(k.via)
			s += mix(e.sum())
		}
		x.int(len(n.Table.Entries))
		x.u64(s)
		x.str(string(n.Miss.Code))
		out[g.nodeKey[i]] += mix(x.sum())
	}
	return out
}

// anyAffected reports whether the side has an affected edge.
func (g *graph) anyAffected() bool {
	for _, x := range g.affected {
		if x {
			return true
		}
	}
	return false
}

// carries reports whether edge e can carry packets to one of dst (nil:
// any destination): whether its node's table sends some address of dst
// over it, by longest prefix (a default route does not carry what a more
// specific route takes).
func (g *graph) carries(e dataplane.EdgeID, dst []netip.Prefix) bool {
	if dst == nil || g.srcDispatch[e] || len(g.prefixes[e]) == 0 {
		return true
	}
	t := g.d.Nodes[g.d.Edges[e].From].Table
	for _, q := range dst {
		if q.IsSingleIP() {
			if t.Lookup(q.Addr()) == e {
				return true
			}
			continue
		}
		// The route that wins for the block as a whole, and any route
		// inside it.
		best, bestBits := dataplane.NoEdge, -1
		for _, te := range t.Entries {
			switch {
			case te.Prefix.Bits() > q.Bits() && q.Contains(te.Prefix.Addr()):
				if te.Edge == e {
					return true
				}
			case te.Prefix.Bits() <= q.Bits() && te.Prefix.Contains(q.Addr()) && te.Prefix.Bits() > bestBits:
				best, bestBits = te.Edge, te.Prefix.Bits()
			}
		}
		if best == e {
			return true
		}
	}
	return false
}

// rewritesDst reports whether an edge changes destination addresses, after
// which (going backwards) the destination is no longer known.
func rewritesDst(e *dataplane.Edge) bool {
	return e.Xform.Kind == dataplane.XformSetDst || e.Xform.Kind == dataplane.XformUnNAT
}

// reach is, for one affected edge, where packets to dst can come from to
// cross it (back: true when the source address may have been rewritten on
// the way) and where they can go after crossing it (fwd).
type reach struct {
	// back maps each node to the header fields that may have been
	// rewritten between it and the edge (rewroteSrc, rewroteDst).
	back map[dataplane.NodeID]uint8
	fwd  map[dataplane.NodeID]bool
}

// Header fields a path may rewrite.
const (
	rewroteSrc uint8 = 1 << iota
	rewroteDst
)

// rewritesSrc reports whether an edge changes source addresses.
func rewritesSrc(e *dataplane.Edge) bool {
	return e.Xform.Kind == dataplane.XformSetSrc || e.Xform.Kind == dataplane.XformSNAT
}

// reachOf follows packets to dst from and to affected edge id through the
// graph, ignoring everything but routing (an over-approximation: whatever
// the engines would find is inside). Across an edge that rewrites the
// destination, the destination before it is what its node's table sends
// over it (the public address an internet gateway translates, the NAT
// gateway's own address replies are sent to).
//
// reply says whether the packets are replies: new flows never take an edge
// for replies only (into a NAT gateway's address, say), nor replies an
// edge for new flows only.
func (g *graph) reachOf(id dataplane.EdgeID, dst []netip.Prefix, reply bool) reach {
	skip := func(e *dataplane.Edge) bool {
		return (reply && e.Mode == dataplane.ModeForwardOnly) || (!reply && e.Mode == dataplane.ModeReplyOnly)
	}
	r := reach{back: g.backOf(id, dst, reply, nil), fwd: map[dataplane.NodeID]bool{}}
	e := &g.d.Edges[id]
	// As in backOf, each block of dst is followed on its own (dsel), and
	// any destination (anyDst) past an edge that rewrites it.
	dsts := blocksOf(dst)
	type fstate struct {
		n    dataplane.NodeID
		dsel int
	}
	var fstack []fstate
	fseen := map[fstate]bool{}
	fpush := func(s fstate) {
		if !fseen[s] {
			fseen[s] = true
			r.fwd[s.n] = true
			fstack = append(fstack, s)
		}
	}
	for _, b := range g.startBlocks(id, dsts) {
		fpush(fstate{n: e.To, dsel: b})
	}
	for len(fstack) > 0 {
		s := fstack[len(fstack)-1]
		fstack = fstack[:len(fstack)-1]
		for _, ei := range g.out[s.n] {
			if want := block(dsts, s.dsel); !g.carries(ei, want) {
				continue
			}
			e := &g.d.Edges[ei]
			if skip(e) {
				continue
			}
			next := fstate{n: e.To, dsel: s.dsel}
			if rewritesDst(e) {
				next.dsel = anyDst
			}
			fpush(next)
		}
	}
	return r
}

// privateBlocks are RFC 1918 and RFC 6598 space, which the internet does not route.
var privateBlocks = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("100.64.0.0/10")}

// private reports whether every block of dst is private space.
func private(dst []netip.Prefix) bool {
	for _, q := range dst {
		in := false
		for _, p := range privateBlocks {
			if p.Bits() <= q.Bits() && p.Contains(q.Addr()) {
				in = true
			}
		}
		if !in {
			return false
		}
	}
	return len(dst) > 0
}

func containsAddr(ps []netip.Prefix, a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// blocksOf splits dst into its blocks, each sought on its own by backOf
// and reachOf: nil (any destination) for nil, and an empty dst stays one
// empty list (no destination).
func blocksOf(dst []netip.Prefix) [][]netip.Prefix {
	if dst == nil {
		return nil
	}
	if len(dst) <= 1 {
		return [][]netip.Prefix{dst}
	}
	out := make([][]netip.Prefix, len(dst))
	for i := range dst {
		out[i] = dst[i : i+1 : i+1]
	}
	return out
}

// anyDst is the block index (dsel) of a search for any destination.
const anyDst = -1

// block is what the search for block dsel of dsts seeks (nil: any
// destination).
func block(dsts [][]netip.Prefix, dsel int) []netip.Prefix {
	if dsel == anyDst {
		return nil
	}
	return dsts[dsel]
}

// startBlocks are the searches that begin at edge id for dsts (blocksOf):
// one per block the edge itself carries, or one for any destination when
// dsts is nil or the edge rewrites destinations (it is chosen by the
// address before the rewrite).
func (g *graph) startBlocks(id dataplane.EdgeID, dsts [][]netip.Prefix) []int {
	if dsts == nil || rewritesDst(&g.d.Edges[id]) {
		return []int{anyDst}
	}
	var out []int
	for i := range dsts {
		if g.carries(id, dsts[i]) {
			out = append(out, i)
		}
	}
	return out
}

// backOf is where packets to dst can come from to cross edge id (the
// backward half of reachOf): each node with the header fields that may
// have been rewritten between it and the edge. keep, when set, may cut the
// search at an edge (given what was rewritten past it).
func (g *graph) backOf(id dataplane.EdgeID, dst []netip.Prefix, reply bool, keep func(dataplane.EdgeID, uint8) bool) map[dataplane.NodeID]uint8 {
	skip := func(e *dataplane.Edge) bool {
		return (reply && e.Mode == dataplane.ModeForwardOnly) || (!reply && e.Mode == dataplane.ModeReplyOnly)
	}
	back := map[dataplane.NodeID]uint8{}
	// Each block of dst is sought on its own (dsel its index in dsts), so
	// that a path is found only if one destination can follow all of it:
	// sought together, one edge could be crossed for one block and the
	// next for another (a transit gateway route to VPC a for a's NAT
	// gateway, then a's route back to the transit gateway for b's), and
	// every pair behind the blocks' union would become a candidate. Past
	// an edge that rewrites destinations (each its own address) the search
	// is for any destination (anyDst), shared by every block, which keeps
	// it to one pass per block and one more over the graph at most.
	dsts := blocksOf(dst)
	type state struct {
		n    dataplane.NodeID
		dsel int
		mask uint8
	}
	var stack []state
	seen := map[state]bool{}
	push := func(s state) {
		if !seen[s] {
			seen[s] = true
			back[s.n] |= s.mask
			stack = append(stack, s)
		}
	}
	e := &g.d.Edges[id]
	var mask uint8
	if rewritesDst(e) {
		mask = rewroteDst
	}
	for _, b := range g.startBlocks(id, dsts) {
		push(state{n: e.From, dsel: b, mask: mask})
	}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		want := block(dsts, s.dsel)
		if s.n == g.d.Internet && private(want) {
			// The internet does not carry private addresses: a packet to
			// one that left through an internet gateway ends there, so it
			// cannot have come from behind another gateway.
			continue
		}
		for _, ei := range g.in[s.n] {
			e := &g.d.Edges[ei]
			// An edge that rewrites destinations is chosen by the address
			// before it (a public address its gateway translates): it
			// carries what it translates to the addresses sought.
			if !rewritesDst(e) && !g.carries(ei, want) {
				continue
			}
			if skip(e) {
				continue
			}
			if want != nil && e.Xform.Kind == dataplane.XformSetDst && !containsAddr(want, e.Xform.Addr) {
				// It translates to another address than the one sought.
				continue
			}
			next := state{e.From, s.dsel, s.mask}
			if keep != nil && !keep(ei, s.mask) {
				continue
			}
			if rewritesSrc(e) {
				next.mask |= rewroteSrc
			}
			if rewritesDst(e) {
				next.dsel = anyDst
				next.mask |= rewroteDst
			}
			push(next)
		}
	}
	return back
}

// rewritesOnWay reports whether packets from starts to dst (nil: any
// destination) may cross an edge that rewrites their addresses, following
// routing only (an over-approximation of what the engines find).
func (g *graph) rewritesOnWay(starts []dataplane.NodeID, dst []netip.Prefix) bool {
	seen := map[dataplane.NodeID]bool{}
	stack := append([]dataplane.NodeID(nil), starts...)
	for _, n := range starts {
		seen[n] = true
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, ei := range g.out[n] {
			e := &g.d.Edges[ei]
			if e.Mode == dataplane.ModeReplyOnly || !g.carries(ei, dst) {
				continue
			}
			if e.Xform.Kind != dataplane.XformNone {
				return true
			}
			if !seen[e.To] {
				seen[e.To] = true
				stack = append(stack, e.To)
			}
		}
	}
	return false
}
