package symbolic

import (
	"net/netip"
	"sort"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/packetset"
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
	node := &s.d.Nodes[id]
	var parts []EdgeMatch
	var miss Set
	if longestFirst(node.Table.Entries) {
		parts, miss = s.partitionByMatch(node)
	} else {
		parts, miss = s.partitionInOrder(node)
	}
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

// longestFirst reports whether entries are in the order Table.Freeze
// gives (within a family, longest prefix first), in which the first entry
// holding a packet is its longest match.
func longestFirst(entries []dataplane.TableEntry) bool {
	last := [2]int{129, 129}
	for _, e := range entries {
		f := 0
		if !e.Prefix.Addr().Is4() {
			f = 1
		}
		if e.Prefix.Bits() > last[f] {
			return false
		}
		last[f] = e.Prefix.Bits()
	}
	return true
}

// partitionByMatch is the partition of a table in longest-first order,
// built by packetset's Match: what partitionInOrder gives, without its
// subtractions, which re-walk the growing union of the prefixes met and
// made the internet's table (thousands of /32s, partitioned once per
// engine) the engines' largest cost.
func (s *Engine) partitionByMatch(node *dataplane.Node) ([]EdgeMatch, Set) {
	entries := node.Table.Entries
	prefixes := make([]netip.Prefix, len(entries))
	labels := make([]int, len(entries))
	label := map[dataplane.EdgeID]int{}
	var edges []dataplane.EdgeID
	for i, e := range entries {
		l, ok := label[e.Edge]
		if !ok {
			l = len(edges)
			label[e.Edge] = l
			edges = append(edges, e.Edge)
		}
		prefixes[i], labels[i] = e.Prefix, l
	}
	field := packetset.FieldDstIP
	if node.Field == dataplane.FieldSrc {
		field = packetset.FieldSrcIP
	}
	m := s.ops.Match(field, prefixes, labels, len(edges))
	// An edge's part goes where its first entry that takes packets is, as
	// in partitionInOrder.
	var parts []EdgeMatch
	placed := make([]bool, len(edges))
	for i, l := range labels {
		if m.Reached[i] && !placed[l] {
			placed[l] = true
			parts = append(parts, EdgeMatch{edges[l], m.ByLabel[l]})
		}
	}
	return parts, m.Miss
}

// partitionInOrder is the partition of a table whose entries are in any
// order, the first entry holding a packet taking it: each entry takes its
// block minus the blocks before it.
func (s *Engine) partitionInOrder(node *dataplane.Node) ([]EdgeMatch, Set) {
	ops := s.ops
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
	return parts, ops.Minus(ops.All(), covered)
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
