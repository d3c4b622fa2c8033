package impact

import (
	"net/netip"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
)

// graph is one side's compiled network with what impact analysis needs:
// stable keys for nodes and edges (so the two sides can be matched), each
// edge's signature (what it does to packets), the prefixes its node's table
// sends over it, and the edges into each node.
type graph struct {
	d        *dataplane.Dataplane
	nodeKey  []string
	edgeKey  []string
	prefixes [][]netip.Prefix
	// srcDispatch marks edges chosen by source address (any destination).
	srcDispatch []bool
	in, out     [][]dataplane.EdgeID
	affected    []bool
}

func newGraph(d *dataplane.Dataplane) *graph {
	g := &graph{d: d, nodeKey: make([]string, len(d.Nodes)), edgeKey: make([]string, len(d.Edges)),
		prefixes: make([][]netip.Prefix, len(d.Edges)), srcDispatch: make([]bool, len(d.Edges)),
		in: make([][]dataplane.EdgeID, len(d.Nodes)), out: make([][]dataplane.EdgeID, len(d.Nodes)), affected: make([]bool, len(d.Edges))}
	for i := range d.Nodes {
		n := &d.Nodes[i]
		k := n.Kind.String() + "|" + n.Label
		if n.Component != nil {
			k += "|" + Identity(n.Component)
		}
		if n.Kind == dataplane.NodeTerminal {
			k += "|" + string(n.Outcome.Code)
		}
		g.nodeKey[i] = k
		if n.Table != nil {
			for _, e := range n.Table.Entries {
				g.prefixes[e.Edge] = append(g.prefixes[e.Edge], e.Prefix)
			}
		}
	}
	for i := range d.Edges {
		e := &d.Edges[i]
		g.edgeKey[i] = g.nodeKey[e.From] + ">" + g.nodeKey[e.To] + "|" + e.Via
		g.srcDispatch[i] = d.Nodes[e.From].Field == dataplane.FieldSrc
		g.in[e.To] = append(g.in[e.To], dataplane.EdgeID(i))
		g.out[e.From] = append(g.out[e.From], dataplane.EdgeID(i))
	}
	return g
}

// signatures computes what each edge does, keyed by edge key: edges with
// one key (rare: parallel edges) are compared as a sorted list.
func (g *graph) signatures() map[string]string {
	filters := map[*dataplane.Filter]string{}
	by := map[string][]string{}
	for i := range g.d.Edges {
		e := &g.d.Edges[i]
		var b strings.Builder
		b.WriteString(strconv.Itoa(int(e.Mode)))
		ps := append([]netip.Prefix(nil), g.prefixes[i]...)
		sort.Slice(ps, func(a, c int) bool { return ps[a].String() < ps[c].String() })
		for _, p := range ps {
			b.WriteString(" " + p.String())
		}
		for gi := range e.Guards {
			b.WriteString(" guard" + canon(reflect.ValueOf(e.Guards[gi])))
		}
		for _, f := range e.Filters {
			s, ok := filters[f]
			if !ok {
				s = strconv.Itoa(int(f.Kind)) + strconv.FormatBool(f.Stateful) + strconv.FormatBool(f.FirstMatch) + canon(reflect.ValueOf(f.Rules))
				filters[f] = s
			}
			b.WriteString(" filter" + s)
		}
		b.WriteString(" xform" + canon(reflect.ValueOf(e.Xform)))
		b.WriteString(" mode" + canon(reflect.ValueOf(e.ModeFail)))
		by[g.edgeKey[i]] = append(by[g.edgeKey[i]], b.String())
	}
	out := make(map[string]string, len(by))
	for k, v := range by {
		sort.Strings(v)
		out[k] = strings.Join(v, "\n")
	}
	return out
}

// markAffected marks, on both sides, the edges whose key is on one side
// only or whose signature differs: the places where a packet can be
// treated differently.
func markAffected(b, a *graph) {
	sb, sa := b.signatures(), a.signatures()
	diff := map[string]bool{}
	for k, v := range sb {
		if sa[k] != v {
			diff[k] = true
		}
	}
	for k, v := range sa {
		if sb[k] != v {
			diff[k] = true
		}
	}
	for _, g := range []*graph{b, a} {
		for i, k := range g.edgeKey {
			g.affected[i] = diff[k]
		}
	}
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
// any destination).
func (g *graph) carries(e dataplane.EdgeID, dst []netip.Prefix) bool {
	if dst == nil || g.srcDispatch[e] || len(g.prefixes[e]) == 0 {
		return true
	}
	for _, p := range g.prefixes[e] {
		for _, q := range dst {
			if p.Overlaps(q) {
				return true
			}
		}
	}
	return false
}

// rewritesDst reports whether an edge changes destination addresses, after
// which (going backwards) the destination is no longer known.
func rewritesDst(e *dataplane.Edge) bool {
	return e.Xform.Kind == dataplane.XformSetDst || e.Xform.Kind == dataplane.XformUnNAT
}

// reach is where packets to dst can come from to cross an affected edge
// (back), and where they can go after crossing one (fwd).
type reach struct {
	back, fwd map[dataplane.NodeID]bool
}

// reachOf follows packets to dst through the graph, ignoring everything but
// routing (an over-approximation: whatever the engines would find is
// inside).
func (g *graph) reachOf(dst []netip.Prefix) reach {
	r := reach{back: map[dataplane.NodeID]bool{}, fwd: map[dataplane.NodeID]bool{}}
	type state struct {
		n     dataplane.NodeID
		loose bool
	}
	var stack []state
	seen := map[state]bool{}
	push := func(s state) {
		if !seen[s] {
			seen[s] = true
			r.back[s.n] = true
			stack = append(stack, s)
		}
	}
	type fstate struct {
		n     dataplane.NodeID
		loose bool
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
	for i, aff := range g.affected {
		if !aff || !g.carries(dataplane.EdgeID(i), dst) {
			continue
		}
		e := &g.d.Edges[i]
		push(state{e.From, dst == nil || rewritesDst(e)})
		fpush(fstate{e.To, dst == nil || rewritesDst(e)})
	}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, ei := range g.in[s.n] {
			var want []netip.Prefix
			if !s.loose {
				want = dst
			}
			if !g.carries(ei, want) {
				continue
			}
			e := &g.d.Edges[ei]
			push(state{e.From, s.loose || rewritesDst(e)})
		}
	}
	for len(fstack) > 0 {
		s := fstack[len(fstack)-1]
		fstack = fstack[:len(fstack)-1]
		for _, ei := range g.out[s.n] {
			var want []netip.Prefix
			if !s.loose {
				want = dst
			}
			if !g.carries(ei, want) {
				continue
			}
			e := &g.d.Edges[ei]
			fpush(fstate{e.To, s.loose || rewritesDst(e)})
		}
	}
	return r
}
