package symbolic

import (
	"net/netip"
	"sort"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
)

// Engine is the symbolic engine on one data plane. It holds the packet-set
// forms of the data plane's tables, guards and filters, built on first use
// and kept. An Engine and its sets are not safe for concurrent use.
type Engine struct {
	d      *dataplane.Dataplane
	ops    *Space
	parts  map[dataplane.NodeID]partitions
	guards map[*dataplane.Guard]Set
	allows map[*dataplane.Filter]Set
}

type partitions struct {
	parts []EdgeMatch
	miss  Set
}

// EdgeMatch is the packets a node's table sends over one edge.
type EdgeMatch struct {
	Edge  dataplane.EdgeID
	Match Set
}

// New prepares the symbolic engine for a data plane.
func New(d *dataplane.Dataplane) *Engine {
	return &Engine{d: d, ops: NewSpace(), parts: map[dataplane.NodeID]partitions{}, guards: map[*dataplane.Guard]Set{}, allows: map[*dataplane.Filter]Set{}}
}

// Reset empties the engine's packet space and the forms built in it,
// keeping the space's memory: the engine is as New made it, and every set
// it gave before is invalid. An engine sharing its space (NewInSpace) is
// not Reset: the others' sets would go too.
func (s *Engine) Reset() {
	s.ops.Reset()
	clear(s.parts)
	clear(s.guards)
	clear(s.allows)
}

// Collect frees every set of the engine's space but its own forms (the
// partitions, guards and allows it keeps) and those keep names (see
// packetset.Space.Collect: called twice, naming the same sets): a worker
// whose results hold no set calls it between jobs, so that its engine stays
// small and keeps the forms of the large tables it has built.
func (s *Engine) Collect(keep func(each func(*Set))) {
	s.ops.Collect(func(each func(*Set)) {
		for id, p := range s.parts {
			for i := range p.parts {
				each(&p.parts[i].Match)
			}
			each(&p.miss)
			s.parts[id] = p
		}
		for g, x := range s.guards {
			each(&x)
			s.guards[g] = x
		}
		for f, x := range s.allows {
			each(&x)
			s.allows[f] = x
		}
		if keep != nil {
			keep(each)
		}
	})
}

// Partition splits the packet space at a node by the edge its table
// picks: the packets each edge takes (disjoint, widest first), and those
// the table has no entry for.
func (s *Engine) Partition(id dataplane.NodeID) ([]EdgeMatch, Set) {
	if p, ok := s.parts[id]; ok {
		return p.parts, p.miss
	}
	ops := s.ops
	node := &s.d.Nodes[id]
	covered := ops.None()
	byEdge := map[dataplane.EdgeID]int{}
	var parts []EdgeMatch
	for _, e := range node.Table.Entries {
		block := ops.Prefix(node.Field, e.Prefix)
		m := ops.Minus(block, covered)
		covered = ops.Union(covered, block)
		if ops.IsEmpty(m) {
			continue
		}
		if i, ok := byEdge[e.Edge]; ok {
			parts[i].Match = ops.Union(parts[i].Match, m)
			continue
		}
		byEdge[e.Edge] = len(parts)
		parts = append(parts, EdgeMatch{e.Edge, m})
	}
	miss := ops.Minus(ops.All(), covered)
	// Widest first (see explorer.run); entries are longest-prefix first, so
	// an edge's widest prefix is its last entry.
	widest := map[dataplane.EdgeID]int{}
	for _, e := range node.Table.Entries {
		widest[e.Edge] = e.Prefix.Bits() - familyBias(e.Prefix)
	}
	sort.SliceStable(parts, func(i, j int) bool { return widest[parts[i].Edge] < widest[parts[j].Edge] })
	s.parts[id] = partitions{parts, miss}
	return parts, miss
}

// Space is the packet space of the engine's sets: sets from it, and only
// those, may be combined with the engine's.
func (s *Engine) Space() *Space { return s.ops }

// familyBias puts IPv4 and IPv6 prefixes on one scale of width: a /0 of
// either family is widest, an IPv4 /32 as narrow as an IPv6 /128.
func familyBias(p netip.Prefix) int {
	if p.Addr().Is4() {
		return 0
	}
	return 96
}

// Dataplane returns the data plane the engine reads.
func (s *Engine) Dataplane() *dataplane.Dataplane { return s.d }
