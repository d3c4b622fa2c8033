package analyzer

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

// Sessions is the connection state a stateful device keeps for a flow: the
// original client of each NAT gateway translation, so the reply can be
// translated back.
type Sessions struct {
	nat [4]natSession
	n   int
}

type natSession struct {
	gw       *model.NATGateway
	addr     netip.Addr
	port     uint16
	origAddr netip.Addr
	origPort uint16
}

func (s *Sessions) remember(x natSession) {
	if s.n < len(s.nat) {
		s.nat[s.n] = x
		s.n++
	}
}

func (s *Sessions) lookup(gw *model.NATGateway, a netip.Addr, port uint16) (natSession, bool) {
	for i := 0; i < s.n; i++ {
		x := s.nat[i]
		if x.gw == gw && x.addr == a && x.port == port {
			return x, true
		}
	}
	return natSession{}, false
}

// Hop is one step of a recorded path.
type Hop struct {
	Node dataplane.NodeID
	Edge dataplane.EdgeID
	// Filters met on the edge with their verdicts.
	Filters []FilterVerdict
	// Rewrite describes a header rewrite on the edge ("" for none).
	Rewrite string
}

// FilterVerdict is a filter's decision on one packet.
type FilterVerdict struct {
	Filter  *dataplane.Filter
	Allowed bool
	// Rule is the deciding rule's index, -1 for the implicit default.
	Rule int
	// Skipped: a stateful filter passed a reply without evaluation.
	Skipped bool
}

// Result is where one packet ended.
type Result struct {
	Outcome   dataplane.Outcome
	Delivered bool
	// Node is the last node reached (the terminal, or where it was dropped).
	Node dataplane.NodeID
	// Final is the packet as it arrived (after any rewrites).
	Final packet.Packet
	Hops  []Hop
	// DeniedBy is the filter that dropped the packet (nil when none did)
	// and DenyRule its deciding rule's index (-1: the implicit default).
	// A walk that does not record sets only the Code of such an outcome:
	// Explained gives the rest.
	DeniedBy *dataplane.Filter
	DenyRule int
	// noSession is the NAT gateway that had no session for a reply.
	noSession *model.NATGateway
	// end is the terminal a walk that does not record ended at, whose
	// outcome it leaves Explained to read.
	end *dataplane.Node
}

// Explained returns the whole outcome. A walk that does not record sets
// only the code of a terminal's outcome or a filter's denial (and no
// message for a NAT gateway's missing session) and leaves the rest to be
// filled in here, on demand: ending a walk then costs neither formatting
// nor a visit to the node's or filter's description.
func (r *Result) Explained() dataplane.Outcome {
	switch {
	case r.Outcome.Message != "":
	case r.end != nil:
		return r.end.Outcome
	case r.DeniedBy != nil:
		return r.DeniedBy.Denial(r.DenyRule)
	case r.noSession != nil:
		return natNoSession(r.noSession)
	}
	return r.Outcome
}

func natNoSession(g *model.NATGateway) dataplane.Outcome {
	return dataplane.Outcome{Code: dataplane.CodeNATInbound, Component: g, Message: fmt.Sprintf("nat gateway %s has no session for the reply", g.Name)}
}

// Forward walks a new packet from a node; Reply walks the reply of an
// established flow (stateful filters pass it; NAT sessions translate it back).
// When record is false no hop is kept and the walk does not allocate.
func (fp *FastPath) Forward(start dataplane.NodeID, p packet.Packet, s *Sessions, record bool) Result {
	return fp.walk(start, p, false, s, record)
}

// Reply walks the reply of a flow whose forward walk filled s.
func (fp *FastPath) Reply(start dataplane.NodeID, p packet.Packet, s *Sessions, record bool) Result {
	return fp.walk(start, p, true, s, record)
}

func (fp *FastPath) walk(n dataplane.NodeID, p packet.Packet, reply bool, s *Sessions, record bool) Result {
	d := fp.d
	var res Result
	// slot is n's place in the compact copy (see FastPath).
	slot := fp.slotOf[n]
	for hops := 0; hops < dataplane.MaxHops; hops++ {
		fn := &fp.nodes[slot]
		if fn.terminal {
			n = fp.nodeOf[slot]
			res.Delivered, res.Node, res.Final = fn.delivered(), n, p
			if record {
				res.Outcome = d.Nodes[n].Outcome
			} else {
				// The outcome's code only; Explained reads the rest.
				res.Outcome.Code, res.end = fp.codes[fn.r4], &d.Nodes[n]
			}
			return res
		}
		addr := p.Dst
		if fn.field == dataplane.FieldSrc {
			addr = p.Src
		}
		es := fp.lookup(fn, addr)
		if es < 0 {
			n = fp.nodeOf[slot]
			res.Outcome, res.Node, res.Final = d.Nodes[n].Miss, n, p
			return res
		}
		fe := &fp.edges[es]
		var hop *Hop
		if record {
			res.Hops = append(res.Hops, Hop{Node: fp.nodeOf[slot], Edge: fp.edgeOf[es]})
			hop = &res.Hops[len(res.Hops)-1]
		}
		if (fe.mode == dataplane.ModeReplyOnly && !reply) || (fe.mode == dataplane.ModeForwardOnly && reply) {
			res.Outcome, res.Node, res.Final = d.Edges[fp.edgeOf[es]].ModeFail, fp.nodeOf[slot], p
			return res
		}
		for i := range int(fe.guards) {
			if !fp.guards[int(fe.guard)+i].pass(fp, &p) {
				res.Outcome, res.Node, res.Final = d.Edges[fp.edgeOf[es]].Guards[i].Fail, fp.nodeOf[slot], p
				return res
			}
		}
		for i := range int(fe.filters) {
			ff := &fe.first
			if i > 0 {
				ff = &fp.moreFilters[int(fe.more)+i-1]
			}
			if reply && ff.stateful {
				if hop != nil {
					hop.Filters = append(hop.Filters, FilterVerdict{Filter: fp.filterOf[ff.id], Allowed: true, Rule: -1, Skipped: true})
				}
				continue
			}
			ok, rule := ff.eval(fp, &p)
			if hop != nil {
				hop.Filters = append(hop.Filters, FilterVerdict{Filter: fp.filterOf[ff.id], Allowed: ok, Rule: rule})
			}
			if !ok {
				f := fp.filterOf[ff.id]
				res.DeniedBy, res.DenyRule, res.Node, res.Final = f, rule, fp.nodeOf[slot], p
				res.Outcome.Code = ff.kind.DenyCode()
				if record {
					res.Outcome = f.Denial(rule)
				}
				return res
			}
		}
		if fe.xform != dataplane.XformNone {
			edge := &d.Edges[fp.edgeOf[es]]
			before := p
			if !rewrite(edge, &p, s) {
				res.Outcome = dataplane.Outcome{Code: dataplane.CodeNATInbound, Component: edge.Xform.NAT}
				res.noSession, res.Node, res.Final = edge.Xform.NAT, fp.nodeOf[slot], p
				if record {
					res.Outcome = natNoSession(edge.Xform.NAT)
				}
				return res
			}
			if hop != nil {
				hop.Rewrite = fp.describeRewrite(before, p)
			}
		}
		slot = fe.to
	}
	res.Outcome = dataplane.Outcome{Code: dataplane.CodeLoop, Message: loopMessage}
	res.Node, res.Final = fp.nodeOf[slot], p
	return res
}

var loopMessage = fmt.Sprintf("routing loop: the packet is still travelling after %d hops", dataplane.MaxHops)

func rewrite(e *dataplane.Edge, p *packet.Packet, s *Sessions) bool {
	x := &e.Xform
	switch x.Kind {
	case dataplane.XformSetSrc:
		p.Src = x.Addr
	case dataplane.XformSetDst:
		p.Dst = x.Addr
	case dataplane.XformSNAT:
		orig, origPort := p.Src, p.SrcPort
		port := p.SrcPort
		if port < x.Ports.From || port > x.Ports.To {
			port = x.Ports.From + port%(x.Ports.To-x.Ports.From+1)
		}
		if p.Proto != uint8(model.ProtoTCP) && p.Proto != uint8(model.ProtoUDP) {
			port = 0
		}
		p.Src, p.SrcPort = x.Addr, port
		if s != nil {
			s.remember(natSession{gw: x.NAT, addr: x.Addr, port: port, origAddr: orig, origPort: origPort})
		}
	case dataplane.XformUnNAT:
		if s == nil {
			return false
		}
		sess, ok := s.lookup(x.NAT, p.Dst, p.DstPort)
		if !ok {
			return false
		}
		p.Dst, p.DstPort = sess.origAddr, sess.origPort
	}
	return true
}

func (fp *FastPath) describeRewrite(before, after packet.Packet) string {
	d := fp.d
	switch {
	case before.Src != after.Src || before.SrcPort != after.SrcPort:
		return fmt.Sprintf("source %s:%d -> %s:%d", d.DisplayAddr(before.Src), before.SrcPort, d.DisplayAddr(after.Src), after.SrcPort)
	case before.Dst != after.Dst || before.DstPort != after.DstPort:
		return fmt.Sprintf("destination %s:%d -> %s:%d", d.DisplayAddr(before.Dst), before.DstPort, d.DisplayAddr(after.Dst), after.DstPort)
	}
	return ""
}

// Describe renders a filter verdict for a hop: "security group egress web:
// allow tcp 443 to 0.0.0.0/0".
func (v FilterVerdict) Describe() string {
	f := v.Filter
	name := model.Label(f.Component)
	switch {
	case v.Skipped:
		return fmt.Sprintf("%s of %s: reply of an allowed flow (stateful)", f.Kind, name)
	case v.Rule >= 0:
		r := &f.Rules[v.Rule]
		return fmt.Sprintf("%s %s: %s", f.Kind, model.Label(r.Owner), r.Describe(f.Ingress()))
	case v.Allowed:
		return fmt.Sprintf("%s of %s: allowed", f.Kind, name)
	case f.FirstMatch:
		return fmt.Sprintf("%s %s: denied by the final * rule", f.Kind, name)
	}
	return fmt.Sprintf("%s of %s: no rule allows it", f.Kind, name)
}

// The walker reads a compact copy of the graph rather than Nodes and Edges
// themselves. Those carry what explanations need (labels, outcomes with
// their source ranges, rule descriptions) and are hundreds of bytes each; a
// walk through a large network would spend its time on cache misses
// fetching them. The compact copy keeps what a hop decision reads — a
// node's address ranges, an edge's mode, guards, filters and rewrite kind,
// each filter's rules with their peers as integer ranges — in a few dense
// arrays, and goes back to Nodes and Edges only to say how a walk ended.

// FastPath is the concrete engine: it walks one packet at a time through a
// data plane, reading its own compact copy of the graph. The copy's nodes
// and edges are numbered in their own order (slots), which keeps each VPC's
// nodes, edges, tables and rules together, so that a walk through one VPC
// reads a few neighbouring cache lines instead of lines all over the graph.
// A FastPath only reads once built: walks may run concurrently.
type FastPath struct {
	d     *dataplane.Dataplane
	nodes []fastNode
	edges []fastEdge
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
	// r4 and r6 hold the flattened ranges (Table.freeze) of the tables too
	// large to keep in their node, each node's contiguous.
	r4 []range4
	r6 []range6
	// guards of every edge, each edge's contiguous, in order.
	guards []fastGuard
	// protoSets are the protocol bitmaps of guards.
	protoSets [][4]uint64
	// moreFilters are the filters of edges with more than one, after the
	// first, each edge's contiguous.
	moreFilters []fastFilter
	// filterOf maps a fastFilter's id back to the filter.
	filterOf []*dataplane.Filter
	rules    []fastRule
	// peers hold the address sets of rules and guards too large to inline.
	peers4 []span4
	peers6 []span6
}

// fastNode is a node: its IPv4 ranges, inline when there are at most
// len(inline) of them (an ENI's one route, a NAT gateway's two), and its
// IPv6 ranges. 32 bytes, two to a cache line.
type fastNode struct {
	// inline holds the IPv4 ranges of a small table; for a table of more
	// than scanMax ranges, inline[0] is the offset and length of its
	// sample in samples instead.
	inline [2]range4
	// r4 is, for a terminal, the index of its outcome's code in codes, and
	// n4 is 1 when it counts as delivered.
	r4, n4   uint32
	r6       uint32
	n6       uint16
	field    dataplane.Field
	terminal bool
}

func (fn *fastNode) delivered() bool { return fn.n4 == 1 }

// fastEdge is an edge with its first filter inline. 32 bytes.
type fastEdge struct {
	// to is the slot of the node the edge leads to.
	to      int32
	guard   uint32
	guards  uint8
	filters uint8
	mode    dataplane.Mode
	xform   dataplane.XformKind
	// more is where the filters after the first start in moreFilters.
	more  uint32
	first fastFilter
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
	// family is 0 (any), 4 or 6: the destination's family.
	family uint8
	// anySrc and anyDst: no condition on the address (a nil block list).
	anySrc, anyDst bool
}

// fastFilter is a filter's rules and how to read them. 16 bytes.
type fastFilter struct {
	id          int32
	rule, rules uint32
	kind        dataplane.FilterKind
	firstMatch  bool
	stateful    bool
	ingress     bool
}

// fastRule is a rule. 28 bytes.
type fastRule struct {
	peers addrSet
	// proto is -1 for every protocol.
	proto              int16
	icmpType, icmpCode int16
	lo, hi             uint16
	ports, icmp, deny  bool
}

// NewFastPath builds the fast path of a data plane: its compact copy of
// the graph, which the engine owns (the data plane does not change after
// Compile, so neither does the copy).
func NewFastPath(d *dataplane.Dataplane) *FastPath {
	fp := &FastPath{d: d, nodes: make([]fastNode, len(d.Nodes)), edges: make([]fastEdge, len(d.Edges)),
		slotOf: make([]int32, len(d.Nodes)), nodeOf: make([]dataplane.NodeID, len(d.Nodes)), edgeOf: make([]dataplane.EdgeID, 0, len(d.Edges))}
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
		fn.field = node.Field
		if node.Kind == dataplane.NodeTerminal {
			fn.terminal = true
			fn.r4 = uint32(slices.Index(fp.codes, node.Outcome.Code))
			if int32(fn.r4) < 0 {
				fn.r4 = uint32(len(fp.codes))
				fp.codes = append(fp.codes, node.Outcome.Code)
			}
			if node.Delivered {
				fn.n4 = 1
			}
			continue
		}
		if t := node.Table; t != nil {
			v4Start, v4Edge := t.Ranges4()
			v6Start, v6Edge := t.Ranges6()
			if len(v6Start) > 1<<16-1 {
				panic("analyzer: a table with more than 65535 IPv6 ranges")
			}
			fn.n4 = uint32(len(v4Start))
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
			fn.r6, fn.n6 = uint32(len(fp.r6)), uint16(len(v6Start))
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
		fe.guard, fe.guards = uint32(len(fp.guards)), uint8(len(edge.Guards))
		for j := range edge.Guards {
			fp.guards = append(fp.guards, fp.guardOf(&edge.Guards[j]))
		}
		fe.filters, fe.more = uint8(len(edge.Filters)), uint32(len(fp.moreFilters))
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

func (fp *FastPath) guardOf(g *dataplane.Guard) fastGuard {
	fg := fastGuard{never: g.Never, family: uint8(g.Family), anyProto: len(g.Protocols) == 0,
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

func (fp *FastPath) filterOf1(f *dataplane.Filter) fastFilter {
	ff := fastFilter{id: int32(len(fp.filterOf)), rule: uint32(len(fp.rules)), rules: uint32(len(f.Rules)), kind: f.Kind,
		firstMatch: f.FirstMatch, stateful: f.Stateful, ingress: f.Ingress()}
	fp.filterOf = append(fp.filterOf, f)
	for i := range f.Rules {
		r := &f.Rules[i]
		fp.rules = append(fp.rules, fastRule{
			peers: fp.addrSetOf(r.Peers),
			proto: int16(r.Proto), icmpType: r.ICMP.Type, icmpCode: r.ICMP.Code,
			lo: r.Ports.From, hi: r.Ports.To,
			ports: r.Proto.HasPorts(), icmp: r.Proto.IsICMP(), deny: r.Deny,
		})
	}
	return ff
}

// addrSetOf stores the union of blocks as sorted, merged ranges.
func (fp *FastPath) addrSetOf(ps []netip.Prefix) addrSet {
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

// lookup is Table.Lookup on the compact copy: the slot of the edge, or -1.
func (fp *FastPath) lookup(fn *fastNode, a netip.Addr) int32 {
	if a.Is4() {
		x := dataplane.U32(a)
		var rs []range4
		if fn.n4 <= uint32(len(fn.inline)) {
			rs = fn.inline[:fn.n4]
		} else {
			rs = fp.r4[fn.r4 : fn.r4+fn.n4]
		}
		if len(rs) > scanMax {
			// Find the block in the sample, then the range in the block.
			smp := fp.samples[fn.inline[0].start : fn.inline[0].start+uint32(fn.inline[0].edge)]
			lo, hi := 0, len(smp)
			for hi-lo > 1 {
				mid := int(uint(lo+hi) >> 1)
				if smp[mid] <= x {
					lo = mid
				} else {
					hi = mid
				}
			}
			rs = rs[lo*sampleEvery : min(lo*sampleEvery+sampleEvery, len(rs))]
		}
		for i := len(rs) - 1; i >= 0; i-- {
			if rs[i].start <= x {
				return rs[i].edge
			}
		}
		return -1
	}
	if !a.IsValid() || fn.n6 == 0 {
		return -1
	}
	rs := fp.r6[fn.r6 : fn.r6+uint32(fn.n6)]
	x := dataplane.U128Of(a)
	lo, hi := 0, len(rs)
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if !x.Less(rs[mid].start) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return rs[lo].edge
}

// has reports whether a is in the set.
func (fp *FastPath) has(as addrSet, a netip.Addr) bool {
	if a.Is4() {
		x := dataplane.U32(a)
		if as.n6 == inlineSpan {
			return as.off4 <= x && x <= as.n4
		}
		ss := fp.peers4[as.off4 : as.off4+as.n4]
		if len(ss) <= scanMax {
			for _, s := range ss {
				if s.lo <= x && x <= s.hi {
					return true
				}
			}
			return false
		}
		lo, hi := 0, len(ss)
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if ss[mid].hi < x {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return lo < len(ss) && ss[lo].lo <= x
	}
	if !a.IsValid() || as.n6 == 0 || as.n6 == inlineSpan {
		return false
	}
	ss := fp.peers6[as.off6 : as.off6+as.n6]
	x := dataplane.U128Of(a)
	lo, hi := 0, len(ss)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ss[mid].hi.Less(x) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo < len(ss) && !x.Less(ss[lo].lo)
}

// pass is Guard.Pass on the compact copy.
func (g *fastGuard) pass(fp *FastPath, p *packet.Packet) bool {
	if g.never {
		return false
	}
	switch g.family {
	case 4:
		if !p.Dst.Is4() {
			return false
		}
	case 6:
		if !p.Dst.Is6() {
			return false
		}
	}
	if !g.anyProto && fp.protoSets[g.protos][p.Proto>>6]&(1<<(p.Proto&63)) == 0 {
		return false
	}
	return (g.anySrc || fp.has(g.src, p.Src)) && (g.anyDst || fp.has(g.dst, p.Dst))
}

// eval is Filter.Eval on the compact copy: allowed, and the index of the
// deciding rule (-1 when the implicit default decided).
func (f *fastFilter) eval(fp *FastPath, p *packet.Packet) (bool, int) {
	peer := p.Dst
	if f.ingress {
		peer = p.Src
	}
	rules := fp.rules[f.rule : f.rule+f.rules]
	for i := range rules {
		r := &rules[i]
		if r.proto != -1 {
			if uint8(r.proto) != p.Proto {
				continue
			}
			switch {
			case r.ports:
				if p.DstPort < r.lo || p.DstPort > r.hi {
					continue
				}
			case r.icmp:
				if r.icmpType >= 0 && int16(p.ICMPType) != r.icmpType {
					continue
				}
				if r.icmpCode >= 0 && int16(p.ICMPCode) != r.icmpCode {
					continue
				}
			}
		}
		if !fp.has(r.peers, peer) {
			continue
		}
		if f.firstMatch {
			return !r.deny, i
		}
		return true, i
	}
	return false, -1
}
