package symbolic

import (
	"sort"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
)

// The symbolic engine pushes packet sets through the data plane. A path
// splits wherever a node's table, a guard or a filter sends parts of the set
// different ways; each branch carries the set it holds now (after header
// rewrites) and its origin: the packets, as the source sent them, that
// arrive here. Translations in AWS set fields to constants, so the origin
// of a narrowed set is the old origin intersected with the new set with the
// rewritten fields forgotten.

// Leaf is where one branch of an exploration ended.
type Leaf struct {
	Outcome   dataplane.Outcome
	Delivered bool
	Node      dataplane.NodeID
	// Set is the packets as they arrive (rewritten); Origin the same
	// packets as the source sent them.
	Set, Origin Set
	Path        []Step
	// Denials are the filters that would have dropped part of the set along
	// the path (relaxed explorations only).
	Denials []FilterDenial
	// At is the edge whose guard, mode or filter stopped the set (NoEdge
	// when the branch ended at a node).
	At  dataplane.EdgeID
	nat []natRecord
}

// Step is one edge a branch took.
type Step struct {
	Edge dataplane.EdgeID
	// Set is the packets that crossed the edge (after its rewrite).
	Set Set
}

// FilterDenial is a filter that denies part of a branch's packets.
type FilterDenial struct {
	Filter *dataplane.Filter
	Edge   dataplane.EdgeID
	Denied Set
}

type natRecord struct {
	gw  *model.NATGateway
	pre Set // packets before translation
}

// explorer runs one exploration.
type explorer struct {
	d       *dataplane.Dataplane
	sym     *Engine
	reply   bool
	relaxed bool
	leaves  []Leaf
	budget  int
}

type branch struct {
	node dataplane.NodeID
	set  Set
	// orig is the origin as of the last rewrite: a superset of the
	// origin of set, which origin gives.
	orig      Set
	rewritten fieldMask
	path      []Step
	denials   []FilterDenial
	nat       []natRecord
}

// Explore pushes set from node start (forward, or as replies with the NAT
// sessions of a forward leaf) and returns every leaf. In relaxed mode
// filters do not drop: they record what they would block and the set goes
// on, so routing can be followed to where a filter was the only obstacle.
func (s *Engine) Explore(start dataplane.NodeID, set Set, relaxed bool) []Leaf {
	x := &explorer{d: s.d, sym: s, relaxed: relaxed, budget: maxBranches}
	x.run(branch{node: start, set: set, orig: set})
	return x.leaves
}

// ExploreReply pushes the replies of a delivered forward leaf back.
func (s *Engine) ExploreReply(fwd Leaf) []Leaf {
	from := s.d.Nodes[fwd.Node].ReplyFrom
	if from < 0 {
		return nil
	}
	r := s.ops.Reply(fwd.Set)
	x := &explorer{d: s.d, sym: s, reply: true, budget: maxBranches}
	x.run(branch{node: from, set: r, orig: r, nat: fwd.nat})
	return x.leaves
}

// maxBranches bounds one exploration: a network whose paths split more
// than this is cut short (the leaves say LOOP), never hangs.
const maxBranches = 20000

func (x *explorer) leaf(b branch, o dataplane.Outcome, delivered bool, set Set) {
	x.leafAt(b, o, delivered, set, dataplane.NoEdge)
}

func (x *explorer) leafAt(b branch, o dataplane.Outcome, delivered bool, set Set, at dataplane.EdgeID) {
	x.leaves = append(x.leaves, Leaf{Outcome: o, Delivered: delivered, Node: b.node, Set: set,
		Origin: x.origin(b, set), Path: b.path, Denials: b.denials, nat: b.nat, At: at})
}

// origin returns the packets of b's origin that become set.
func (x *explorer) origin(b branch, set Set) Set {
	ops := x.sym.ops
	if b.rewritten == 0 {
		return set
	}
	return ops.Intersect(b.orig, ops.forgetMask(set, b.rewritten))
}

func (x *explorer) run(b branch) {
	ops := x.sym.ops
	x.budget--
	if x.budget < 0 || len(b.path) >= dataplane.MaxHops {
		x.leaf(b, dataplane.Outcome{Code: dataplane.CodeLoop, Message: "routing loop: the packets are still travelling after many hops"}, false, b.set)
		return
	}
	node := &x.d.Nodes[b.node]
	if node.Kind == dataplane.NodeTerminal {
		x.leaf(b, node.Outcome, node.Delivered, b.set)
		return
	}
	// Coming back to a node is a loop only when the packets have not been
	// rewritten since: a hairpin through a NAT or internet gateway revisits
	// a subnet's router with another header, legitimately.
	for i := len(b.path) - 1; i >= 0; i-- {
		e := &x.d.Edges[b.path[i].Edge]
		if e.Xform.Kind != dataplane.XformNone {
			break
		}
		if e.From == b.node {
			x.leaf(b, dataplane.Outcome{Code: dataplane.CodeLoop, Component: node.Component, Message: "routing loop: the packets come back to " + node.Label}, false, b.set)
			return
		}
	}
	parts, miss := x.sym.Partition(b.node)
	rest := b.set
	if m := ops.Intersect(rest, miss); !ops.IsEmpty(m) {
		x.leaf(b, node.Miss, false, m)
		rest = ops.Minus(rest, m)
	}
	// Parts are disjoint and ordered widest first, so a set is usually
	// used up after a few: the internet's table has a /32 per public
	// address of the network, and a reply to the internet meets the /0 first.
	var branches []EdgeMatch
	for _, part := range parts {
		if ops.IsEmpty(rest) {
			break
		}
		s := ops.Intersect(rest, part.Match)
		if ops.IsEmpty(s) {
			continue
		}
		rest = ops.Minus(rest, s)
		branches = append(branches, EdgeMatch{part.Edge, s})
	}
	// Cross in table order, so leaves come out in the same order whatever
	// the part order.
	sort.Slice(branches, func(i, j int) bool { return branches[i].Edge < branches[j].Edge })
	for _, br := range branches {
		x.cross(b, br.Edge, br.Match)
	}
}

// cross takes the packets s of branch b over edge e.
func (x *explorer) cross(b branch, e dataplane.EdgeID, s Set) {
	ops := x.sym.ops
	edge := &x.d.Edges[e]
	if (edge.Mode == dataplane.ModeReplyOnly && !x.reply) || (edge.Mode == dataplane.ModeForwardOnly && x.reply) {
		x.leafAt(b, edge.Refused(), false, s, e)
		return
	}
	for i := range edge.Guards {
		g := &edge.Guards[i]
		pass := ops.Intersect(s, x.sym.guard(g))
		if fail := ops.Minus(s, pass); !ops.IsEmpty(fail) {
			x.leafAt(b, g.Fail, false, fail, e)
		}
		s = pass
		if ops.IsEmpty(s) {
			return
		}
	}
	denials := b.denials
	for _, f := range edge.Filters {
		if (x.reply && f.Stateful) || (!x.reply && f.ReplyOnly) {
			continue
		}
		allowed := ops.Intersect(s, x.sym.Allow(f))
		denied := ops.Minus(s, allowed)
		if ops.IsEmpty(denied) {
			continue
		}
		if x.relaxed {
			denials = append(denials[:len(denials):len(denials)], FilterDenial{Filter: f, Edge: e, Denied: denied})
			continue
		}
		x.leafAt(b, x.sym.Denial(f, denied), false, denied, e)
		s = allowed
		if ops.IsEmpty(s) {
			return
		}
	}
	next := branch{node: edge.To, rewritten: b.rewritten, denials: denials, nat: b.nat, orig: b.orig}
	// The origin is narrowed only where the header is rewritten (below
	// the mask changes and the set is no longer a part of the last one).
	// Between rewrites the set only shrinks, so intersecting the origin
	// with each hop's set on the way gives the same origin as doing it
	// once for the set it ends with (origin), and cost one Forget and one
	// Intersect per hop.
	if edge.Xform.Kind != dataplane.XformNone {
		next.orig = x.origin(b, s)
	}
	switch edge.Xform.Kind {
	case dataplane.XformNone:
	case dataplane.XformSetSrc:
		s = ops.SetSrcIP(s, edge.Xform.Addr)
		next.rewritten |= fieldSrcIP
	case dataplane.XformSetDst:
		s = ops.SetDstIP(s, edge.Xform.Addr)
		next.rewritten |= fieldDstIP
	case dataplane.XformSNAT:
		next.nat = append(b.nat[:len(b.nat):len(b.nat)], natRecord{gw: edge.Xform.NAT, pre: s})
		s = ops.SNAT(s, edge.Xform.Addr, edge.Xform.Ports)
		next.rewritten |= fieldSrcIP | fieldSrcPort
	case dataplane.XformUnNAT:
		var pre Set
		found := false
		for _, r := range b.nat {
			if r.gw == edge.Xform.NAT {
				pre, found = r.pre, true
			}
		}
		if !found {
			x.leaf(b, dataplane.Outcome{Code: dataplane.CodeNATInbound, Component: edge.Xform.NAT, Message: "nat gateway " + edge.Xform.NAT.Name + " has no session for these packets"}, false, s)
			return
		}
		// The reply to the translated address and port goes back to the
		// original client: keep what the reply says of the server and the
		// protocol, take the client from the session.
		s = ops.Intersect(ops.forgetMask(s, fieldDstIP|fieldDstPort), ops.Reply(pre))
		next.rewritten |= fieldDstIP | fieldDstPort
		if ops.IsEmpty(s) {
			return
		}
	}
	next.set = s
	next.path = append(b.path[:len(b.path):len(b.path)], Step{Edge: e, Set: s})
	x.run(next)
}

// fieldMask names header fields for Forget.
type fieldMask uint8

const (
	fieldSrcIP fieldMask = 1 << iota
	fieldDstIP
	fieldSrcPort
	fieldDstPort
)
