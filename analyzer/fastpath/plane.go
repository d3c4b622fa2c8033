package fastpath

import (
	"net/netip"
	"slices"
	"sort"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
)

// The walker reads a compact copy of the graph rather than Nodes and Edges
// themselves. Those carry what explanations need (labels, outcomes with
// their source ranges, rule descriptions) and are hundreds of bytes each; a
// walk through a large network would spend its time on cache misses
// fetching them. The compact copy keeps what a hop decision reads — a
// node's address ranges, an edge's mode, guards, filters and rewrite kind,
// each filter's rules with their peers as integer ranges — in a few dense
// arrays, and goes back to Nodes and Edges only to say how a walk ended.

// Engine is the concrete engine: it walks one packet at a time through a
// data plane, reading its own compact copy of the graph. The copy's nodes
// and edges are numbered in their own order (slots), which keeps each VPC's
// nodes, edges, tables and rules together, so that a walk through one VPC
// reads a few neighbouring cache lines instead of lines all over the graph.
// An Engine only reads once built: walks may run concurrently.
type Engine struct {
	d     *dataplane.Dataplane
	nodes []fastNode
	// nodes6 are the nodes' IPv6 ranges, by slot.
	nodes6 []node6
	edges  []fastEdge
	// samples hold every sampleEvery-th range start of each large IPv4
	// table: a lookup bisects the sample, which stays in cache, then scans
	// one block of ranges — a cache line or two — instead of bisecting
	// thousands of ranges with a cache miss at every step.
	samples []uint32
	// codes are the terminals' outcome codes.
	codes []dataplane.Code
	// slotOf maps a node to its slot; nodeOf and edgeOf map slots back.
	slotOf []int32
	nodeOf []dataplane.NodeID
	edgeOf []dataplane.EdgeID
	// r4 and r6 hold the flattened ranges (Table.Ranges4, Ranges6) of the tables too
	// large to keep in their node, each node's contiguous.
	r4 []range4
	r6 []range6
	// guards of edges with more than one, after the first, each edge's
	// contiguous, in order.
	guards []fastGuard
	// extra are the edges' offsets in guards and moreFilters, by slot.
	extra []edgeExtra
	// protoSets are the protocol bitmaps of guards.
	protoSets [][4]uint64
	// moreFilters are the filters of edges with more than one, after the
	// first, each edge's contiguous.
	moreFilters []fastFilter
	// filterOf maps a fastFilter's rule offset back to the filter.
	filterOf []*dataplane.Filter
	rules    []fastRule
	// peers hold the address sets of rules and guards too large to inline.
	peers4 []span4
	peers6 []span6
}

// fastNode is a node: its IPv4 ranges, inline when there are at most
// len(inline) of them (an ENI's one route, a subnet's few routes, a NAT
// gateway's two). 64 bytes, one cache line: a hop through a small table
// reads no other line for its lookup. IPv6 ranges, rarer, are in node6.
type fastNode struct {
	// inline holds the IPv4 ranges of a small table; for a table of more
	// than scanMax ranges, inline[0] is the offset and length of its
	// sample in samples instead.
	inline [7]range4
	// r4 is the offset of a large table's ranges in Engine.r4 or, for a
	// terminal, the index of its outcome's code in codes.
	r4 uint32
	// meta is the number of IPv4 ranges (a terminal: 1 when it counts as
	// delivered) with the flags metaSrc and metaTerminal.
	meta uint32
}

const (
	metaSrc      = 1 << 30 // the node looks up the source address
	metaTerminal = 1 << 31
	metaCount    = metaSrc - 1
)

func (fn *fastNode) n4() uint32      { return fn.meta & metaCount }
func (fn *fastNode) delivered() bool { return fn.n4() == 1 }

// node6 is where a node's IPv6 ranges are in Engine.r6.
type node6 struct{ r6, n6 uint32 }

// fastEdge is an edge with its first guard and first filter inline. 64
// bytes, one cache line: the common hop (one guard, one filter) reads no
// other line for them. The guards and filters after the first are in
// Engine.guards and Engine.moreFilters, from the offsets in Engine.extra.
type fastEdge struct {
	// to is the slot of the node the edge leads to.
	to      int32
	guards  uint8
	filters uint8
	mode    dataplane.Mode
	xform   dataplane.XformKind
	first   fastFilter
	guard   fastGuard
}

// edgeExtra is where an edge's guards and filters after the first start.
type edgeExtra struct{ guard, more uint32 }

// guardAt is edge es's guard i.
func (fp *Engine) guardAt(fe *fastEdge, es int32, i int) *fastGuard {
	if i == 0 {
		return &fe.guard
	}
	return &fp.guards[int(fp.extra[es].guard)+i-1]
}

// filterAt is edge es's filter i.
func (fp *Engine) filterAt(fe *fastEdge, es int32, i int) *fastFilter {
	if i == 0 {
		return &fe.first
	}
	return &fp.moreFilters[int(fp.extra[es].more)+i-1]
}

// range4 and range6 are a table's flattened ranges, each with the slot of
// its edge (-1: none).
type range4 struct {
	start uint32
	edge  int32
}

type range6 struct {
	start dataplane.U128
	edge  int32
}

type span4 struct{ lo, hi uint32 }

type span6 struct{ lo, hi dataplane.U128 }

// addrSet is a set of addresses: sorted, disjoint ranges in peers4 and
// peers6 — or, when n6 is inlineSpan, the one IPv4 range off4..n4 (a
// rule's single CIDR block, an ENI's own address), which costs no lookup.
type addrSet struct {
	off4, n4, off6, n6 uint32
}

const inlineSpan = ^uint32(0)

type fastGuard struct {
	src, dst addrSet
	// protos indexes protoSets when anyProto is false.
	protos   uint32
	never    bool
	anyProto bool
	// anySrc and anyDst: no condition on the address (a nil block list).
	anySrc, anyDst bool
	// _ pads fastEdge, which holds a guard, to its 64 bytes (TestPlaneLayout).
	_ uint8
}

// fastFilter is a filter's rules and how to read them. 12 bytes. Each
// filter has a rule offset of its own (a filter of no rules takes one
// unused rule), which names it in Engine.filterOf.
type fastFilter struct {
	rule, rules uint32
	kind        dataplane.FilterKind
	firstMatch  bool
	// dir is the direction the filter decides: dirBoth, dirForward (a
	// stateful filter, which passes replies unevaluated) or dirReply.
	dir     uint8
	ingress bool
}

// Filter directions (fastFilter.dir).
const (
	dirBoth uint8 = iota
	dirForward
	dirReply
)

// fastRule is a rule. 52 bytes.
type fastRule struct {
	peers addrSet
	// dsts are a firewall rule's destinations, when not anyDst.
	dsts addrSet
	// slo..shi is a firewall rule's source port range, when srcPorts.
	slo, shi         uint16
	anyDst, srcPorts bool
	// proto is -1 for every protocol.
	proto              int16
	icmpType, icmpCode int16
	lo, hi             uint16
	ports, icmp, deny  bool
}

// New builds the fast path of a data plane: its compact copy of
// the graph, which the engine owns (the data plane does not change after
// Compile, so neither does the copy).
func New(d *dataplane.Dataplane) *Engine {
	fp := &Engine{d: d, nodes: make([]fastNode, len(d.Nodes)), nodes6: make([]node6, len(d.Nodes)), edges: make([]fastEdge, len(d.Edges)),
		slotOf: make([]int32, len(d.Nodes)), nodeOf: make([]dataplane.NodeID, len(d.Nodes)), edgeOf: make([]dataplane.EdgeID, 0, len(d.Edges)),
		extra: make([]edgeExtra, len(d.Edges))}
	// Nodes by VPC (those of no VPC last), then as compiled; edges by the
	// slot of the node they leave, then as compiled.
	vpcIndex := map[*model.VPC]int{}
	for i, v := range d.Net.VPCs {
		vpcIndex[v] = i
	}
	group := make([]int, len(d.Nodes))
	for i := range d.Nodes {
		group[i] = len(d.Net.VPCs)
		if v := dataplane.VPCOf(d.Nodes[i].Component); v != nil {
			if g, ok := vpcIndex[v]; ok {
				group[i] = g
			}
		}
		fp.nodeOf[i] = dataplane.NodeID(i)
	}
	sort.SliceStable(fp.nodeOf, func(i, j int) bool { return group[fp.nodeOf[i]] < group[fp.nodeOf[j]] })
	for slot, n := range fp.nodeOf {
		fp.slotOf[n] = int32(slot)
	}
	edgeSlot := make([]int32, len(d.Edges))
	for i := range edgeSlot {
		edgeSlot[i] = -1
	}
	for _, n := range fp.nodeOf {
		if t := d.Nodes[n].Table; t != nil {
			for _, e := range t.Entries {
				if edgeSlot[e.Edge] < 0 {
					edgeSlot[e.Edge] = int32(len(fp.edgeOf))
					fp.edgeOf = append(fp.edgeOf, e.Edge)
				}
			}
		}
	}
	// Edges no table leads to are never walked; they keep a slot all the same.
	for e := range d.Edges {
		if edgeSlot[e] < 0 {
			edgeSlot[e] = int32(len(fp.edgeOf))
			fp.edgeOf = append(fp.edgeOf, dataplane.EdgeID(e))
		}
	}
	slotOfEdge := func(e dataplane.EdgeID) int32 {
		if e == dataplane.NoEdge {
			return -1
		}
		return edgeSlot[e]
	}
	index := map[*dataplane.Filter]fastFilter{}
	for slot, n := range fp.nodeOf {
		node := &d.Nodes[n]
		fn := &fp.nodes[slot]
		if node.Field == dataplane.FieldSrc {
			fn.meta |= metaSrc
		}
		if node.Kind == dataplane.NodeTerminal {
			fn.meta |= metaTerminal
			fn.r4 = uint32(slices.Index(fp.codes, node.Outcome.Code))
			if int32(fn.r4) < 0 {
				fn.r4 = uint32(len(fp.codes))
				fp.codes = append(fp.codes, node.Outcome.Code)
			}
			if node.Delivered {
				fn.meta |= 1
			}
			fn.inline[0].start = uint32(n)
			continue
		}
		if t := node.Table; t != nil {
			v4Start, v4Edge := t.Ranges4()
			v6Start, v6Edge := t.Ranges6()
			if len(v4Start) > metaCount {
				panic("analyzer: a table with more than 2^30 IPv4 ranges")
			}
			fn.meta |= uint32(len(v4Start))
			if len(v4Start) <= len(fn.inline) {
				for j, st := range v4Start {
					fn.inline[j] = range4{st, slotOfEdge(v4Edge[j])}
				}
			} else {
				fn.r4 = uint32(len(fp.r4))
				for j, st := range v4Start {
					fp.r4 = append(fp.r4, range4{st, slotOfEdge(v4Edge[j])})
				}
			}
			if len(v4Start) > scanMax {
				off := len(fp.samples)
				for j := 0; j < len(v4Start); j += sampleEvery {
					fp.samples = append(fp.samples, v4Start[j])
				}
				fn.inline[0] = range4{uint32(off), int32(len(fp.samples) - off)}
			}
			fp.nodes6[slot] = node6{uint32(len(fp.r6)), uint32(len(v6Start))}
			for j, st := range v6Start {
				fp.r6 = append(fp.r6, range6{st, slotOfEdge(v6Edge[j])})
			}
		}
	}
	for es, e := range fp.edgeOf {
		edge := &d.Edges[e]
		fe := &fp.edges[es]
		if len(edge.Guards) > 255 || len(edge.Filters) > 255 {
			panic("analyzer: an edge with more than 255 guards or filters")
		}
		fe.to, fe.mode, fe.xform = fp.slotOf[edge.To], edge.Mode, edge.Xform.Kind
		fp.extra[es] = edgeExtra{guard: uint32(len(fp.guards)), more: uint32(len(fp.moreFilters))}
		fe.guards = uint8(len(edge.Guards))
		for j := range edge.Guards {
			if j == 0 {
				fe.guard = fp.guardOf(&edge.Guards[j])
			} else {
				fp.guards = append(fp.guards, fp.guardOf(&edge.Guards[j]))
			}
		}
		fe.filters = uint8(len(edge.Filters))
		for j, f := range edge.Filters {
			ff, ok := index[f]
			if !ok {
				ff = fp.filterOf1(f)
				index[f] = ff
			}
			if j == 0 {
				fe.first = ff
			} else {
				fp.moreFilters = append(fp.moreFilters, ff)
			}
		}
	}
	return fp
}

func (fp *Engine) guardOf(g *dataplane.Guard) fastGuard {
	fg := fastGuard{never: g.Never, anyProto: len(g.Protocols) == 0,
		anySrc: g.Src == nil, anyDst: g.Dst == nil}
	if !fg.anyProto {
		var set [4]uint64
		for _, p := range g.Protocols {
			set[p>>6] |= 1 << (p & 63)
		}
		fg.protos = uint32(len(fp.protoSets))
		fp.protoSets = append(fp.protoSets, set)
	}
	fg.src, fg.dst = fp.addrSetOf(g.Src), fp.addrSetOf(g.Dst)
	return fg
}

func (fp *Engine) filterOf1(f *dataplane.Filter) fastFilter {
	ff := fastFilter{rule: uint32(len(fp.rules)), rules: uint32(len(f.Rules)), kind: f.Kind,
		firstMatch: f.FirstMatch, ingress: f.Ingress()}
	switch {
	case f.Stateful:
		ff.dir = dirForward
	case f.ReplyOnly:
		ff.dir = dirReply
	}
	if len(f.Rules) == 0 {
		fp.rules = append(fp.rules, fastRule{})
		fp.filterOf = append(fp.filterOf, f)
	}
	for i := range f.Rules {
		if i == 0 {
			fp.filterOf = append(fp.filterOf, f)
		} else {
			fp.filterOf = append(fp.filterOf, nil)
		}
		r := &f.Rules[i]
		fp.rules = append(fp.rules, fastRule{
			peers: fp.addrSetOf(r.Peers), dsts: fp.addrSetOf(r.Dsts), anyDst: r.Dsts == nil,
			slo: r.SrcPorts.From, shi: r.SrcPorts.To, srcPorts: r.MatchSrcPorts,
			proto: int16(r.Proto), icmpType: r.ICMP.Type, icmpCode: r.ICMP.Code,
			lo: r.Ports.From, hi: r.Ports.To,
			ports: r.Proto.HasPorts(), icmp: r.Proto.IsICMP(), deny: r.Deny,
		})
	}
	return ff
}

// addrSetOf stores the union of blocks as sorted, merged ranges.
func (fp *Engine) addrSetOf(ps []netip.Prefix) addrSet {
	var v4, v6 []addrRange
	for _, p := range ps {
		if !p.IsValid() {
			continue
		}
		p = p.Masked()
		if p.Addr().Is4() {
			v4 = append(v4, rangeOf(p))
		} else {
			v6 = append(v6, rangeOf(p))
		}
	}
	v4, v6 = mergeRanges(v4), mergeRanges(v6)
	if len(v4) == 1 && len(v6) == 0 {
		return addrSet{off4: uint32(v4[0].lo.Lo), n4: uint32(v4[0].last.Lo), n6: inlineSpan}
	}
	as := addrSet{off4: uint32(len(fp.peers4)), off6: uint32(len(fp.peers6))}
	for _, s := range v4 {
		fp.peers4 = append(fp.peers4, span4{uint32(s.lo.Lo), uint32(s.last.Lo)})
	}
	for _, s := range v6 {
		fp.peers6 = append(fp.peers6, span6{s.lo, s.last})
	}
	as.n4, as.n6 = uint32(len(v4)), uint32(len(v6))
	return as
}

// addrRange is the addresses of a prefix (last inclusive), as numbers.
type addrRange struct{ lo, last dataplane.U128 }

func rangeOf(p netip.Prefix) addrRange {
	lo, last := dataplane.PrefixRange(p)
	return addrRange{lo, last}
}

// mergeRanges sorts ranges and merges those that overlap or touch.
func mergeRanges(ss []addrRange) []addrRange {
	sort.Slice(ss, func(i, j int) bool { return ss[i].lo.Less(ss[j].lo) })
	var out []addrRange
	for _, s := range ss {
		if n := len(out); n > 0 {
			last := &out[n-1]
			after, ok := last.last.Next()
			if !ok || !after.Less(s.lo) {
				if last.last.Less(s.last) {
					last.last = s.last
				}
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// sampleEvery is the block size of large tables' samples: 16 ranges, two
// cache lines.
const sampleEvery = 16

// scanMax is the number of ranges (of a table or an address set) up to
// which a lookup scans rather than bisects, as Table.Lookup does: a scan
// of a few consecutive words beats the unpredictable branches of a binary
// search. Tables of more ranges get a sample.
const scanMax = 8
