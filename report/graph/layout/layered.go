package layout

// The layered layout works on a graph of its own: the Graph's nodes, one
// hidden anchor per cluster that an edge ends on or that has nothing in it,
// and a chain of dummy vertices for every edge longer than one layer, so that
// every edge joins neighbouring layers. Coordinates are computed on two axes:
// the rank axis (across layers: x for LeftToRight, y for TopToBottom) and the
// order axis (along a layer).

// vertex is a vertex of the layered graph.
type vertex struct {
	cluster int     // innermost cluster, -1 for the top level
	node    int     // Graph node, or -1
	anchor  int     // cluster this is the hidden anchor of, or -1
	edge    int     // for a dummy: its lane, else -1
	label   bool    // a dummy carrying its edge's annotation
	w, h    float64 // box
	rank    int
}

func (v *vertex) dummy() bool { return v.edge >= 0 }

// lane is a Graph edge between two different vertices, pointing down the
// layers after cycle removal.
type lane struct {
	orig       int
	tail, head int
	reversed   bool  // drawn from head to tail
	chain      []int // tail, the dummies in rank order, head
}

// layers is the state of one layered layout.
type layers struct {
	ix     *index
	dir    Direction
	vs     []vertex
	anchor []int // cluster → anchor vertex, or -1
	lanes  []lane
	loops  []int // Graph edges from a vertex to itself
	// per rank, after ranking
	nrank      int
	rankOf     [][]int // vertices of each rank, in order
	pos        []int   // vertex → index in its rank
	cmin, cmax []int   // cluster → first and last rank it spans
	up, down   [][]int // vertex → neighbours on the rank before and after
	// after ordering
	tree []rankTree // per rank
	ckey []float64  // cluster → key of the sibling order shared by all ranks
}

// osz and rsz are a vertex's extent along the order and rank axes.
func (ly *layers) osz(v int) float64 {
	if ly.dir == TopToBottom {
		return ly.vs[v].w
	}
	return ly.vs[v].h
}

func (ly *layers) rsz(v int) float64 {
	if ly.dir == TopToBottom {
		return ly.vs[v].h
	}
	return ly.vs[v].w
}

// layer lays the graph out in layers into l. It reports false, leaving l
// alone, when the graph turns out too big once long edges are split (more
// than eight vertices per allowed node).
func layer(ix *index, dir Direction, l *Layout, limit int) bool {
	ly := &layers{ix: ix, dir: dir}
	ly.build()
	ly.breakCycles()
	ly.rank()
	ly.seatAnchors()
	ly.spans()
	if !ly.split(8 * max(limit, 1)) {
		return false
	}
	ly.order()
	ly.place(l)
	return true
}

// build makes the vertices and lanes.
func (ly *layers) build() {
	g := ly.ix.g
	for i := range g.Nodes {
		w, h := nodeSize(&g.Nodes[i])
		ly.vs = append(ly.vs, vertex{cluster: ly.ix.nodeCl[i], node: i, anchor: -1, edge: -1, w: w, h: h})
	}
	ly.anchor = make([]int, len(g.Clusters))
	needs := make([]bool, len(g.Clusters))
	filled := make([]bool, len(g.Clusters))
	for _, c := range ly.ix.nodeCl {
		if c >= 0 {
			filled[c] = true
		}
	}
	for _, p := range ly.ix.parent {
		if p >= 0 {
			filled[p] = true
		}
	}
	for i := range g.Edges {
		for _, e := range []end{ly.ix.from[i], ly.ix.to[i]} {
			if e.cluster >= 0 && ly.ix.from[i] != ly.ix.to[i] {
				needs[e.cluster] = true
			}
		}
	}
	for c := range g.Clusters {
		ly.anchor[c] = -1
		if needs[c] || !filled[c] {
			ly.anchor[c] = len(ly.vs)
			ly.vs = append(ly.vs, vertex{cluster: c, node: -1, anchor: c, edge: -1})
		}
	}
	vertexOf := func(e end) int {
		if e.node >= 0 {
			return e.node
		}
		return ly.anchor[e.cluster]
	}
	for i := range g.Edges {
		t, h := vertexOf(ly.ix.from[i]), vertexOf(ly.ix.to[i])
		if t == h {
			ly.loops = append(ly.loops, i)
			continue
		}
		ly.lanes = append(ly.lanes, lane{orig: i, tail: t, head: h})
	}
}

// breakCycles reverses the lanes that close a cycle in a depth-first search
// from the vertices in input order, so the lanes form a DAG.
func (ly *layers) breakCycles() {
	out := make([][]int, len(ly.vs))
	for i, ln := range ly.lanes {
		out[ln.tail] = append(out[ln.tail], i)
	}
	const (
		fresh = iota
		open
		done
	)
	state := make([]int, len(ly.vs))
	type frame struct{ v, next int }
	var stack []frame
	for root := range ly.vs {
		if state[root] != fresh {
			continue
		}
		state[root] = open
		stack = append(stack[:0], frame{v: root})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next == len(out[f.v]) {
				state[f.v] = done
				stack = stack[:len(stack)-1]
				continue
			}
			ln := &ly.lanes[out[f.v][f.next]]
			f.next++
			switch state[ln.head] {
			case open:
				ln.reversed = true
			case fresh:
				state[ln.head] = open
				stack = append(stack, frame{v: ln.head})
			}
		}
	}
	for i := range ly.lanes {
		ln := &ly.lanes[i]
		if ln.reversed {
			ln.tail, ln.head = ln.head, ln.tail
		}
	}
}

// rank gives every vertex a layer: longest path from the sources, then each
// vertex moved, within what its edges allow, to the side where more of its
// edges go, which shortens them (sources move next to their successors).
func (ly *layers) rank() {
	minLen := ly.minLen()
	n := len(ly.vs)
	in := make([][]int, n)
	out := make([][]int, n)
	indeg := make([]int, n)
	for _, ln := range ly.lanes {
		out[ln.tail] = append(out[ln.tail], ln.head)
		in[ln.head] = append(in[ln.head], ln.tail)
		indeg[ln.head]++
	}
	queue := make([]int, 0, n)
	for v := range n {
		if indeg[v] == 0 {
			queue = append(queue, v)
		}
	}
	for i := 0; i < len(queue); i++ {
		v := queue[i]
		for _, h := range out[v] {
			ly.vs[h].rank = max(ly.vs[h].rank, ly.vs[v].rank+minLen)
			indeg[h]--
			if indeg[h] == 0 {
				queue = append(queue, h)
			}
		}
	}
	for pass := 0; pass < 16; pass++ {
		moved := false
		for _, v := range queue {
			if len(in[v]) == len(out[v]) {
				continue
			}
			r := ly.vs[v].rank
			if len(in[v]) < len(out[v]) {
				hi := 1 << 30
				for _, h := range out[v] {
					hi = min(hi, ly.vs[h].rank-minLen)
				}
				if hi > r {
					ly.vs[v].rank, moved = hi, true
				}
			} else {
				lo := -1 << 30
				for _, t := range in[v] {
					lo = max(lo, ly.vs[t].rank+minLen)
				}
				if lo < r {
					ly.vs[v].rank, moved = lo, true
				}
			}
		}
		if !moved {
			break
		}
	}
}

// seatAnchors moves every anchor into the ranks spanned by the nodes of its
// cluster (or of the innermost enclosing cluster that has nodes), so an
// edge to a cluster meets its box instead of stretching it: layering may
// have put the anchor anywhere its edges allowed. Lanes then point down the
// ranks again, turned round where the anchor changed sides.
func (ly *layers) seatAnchors() {
	nc := len(ly.ix.g.Clusters)
	lo, hi := make([]int, nc), make([]int, nc)
	for c := range nc {
		lo[c], hi[c] = 1<<30, -1
	}
	for _, v := range ly.vs {
		if v.node < 0 {
			continue
		}
		for c := v.cluster; c >= 0; c = ly.ix.parent[c] {
			lo[c], hi[c] = min(lo[c], v.rank), max(hi[c], v.rank)
		}
	}
	minLen := ly.minLen()
	lanesOf := make([][]int, len(ly.vs))
	for i, ln := range ly.lanes {
		lanesOf[ln.tail] = append(lanesOf[ln.tail], i)
		lanesOf[ln.head] = append(lanesOf[ln.head], i)
	}
	for c, a := range ly.anchor {
		if a < 0 {
			continue
		}
		d := c
		for d >= 0 && hi[d] < 0 {
			d = ly.ix.parent[d]
		}
		if d < 0 {
			continue
		}
		// The rank within the span, or failing that nearest to it, that
		// keeps every lane of the anchor long enough, edges shortest.
		best, bestCost := -1, 0
		for r := lo[d] - 2*minLen; r <= hi[d]+2*minLen; r++ {
			cost, ok := 0, true
			for _, i := range lanesOf[a] {
				ln := ly.lanes[i]
				other := ln.tail + ln.head - a
				gap := r - ly.vs[other].rank
				if gap < 0 {
					gap = -gap
				}
				if gap < minLen {
					ok = false
				}
				cost += gap
			}
			if r < lo[d] || r > hi[d] {
				cost += 1 << 20 * (max(lo[d]-r, r-hi[d]))
			}
			if ok && (best < 0 || cost < bestCost) {
				best, bestCost = r, cost
			}
		}
		if best >= 0 {
			ly.vs[a].rank = best
		}
	}
	for i := range ly.lanes {
		ln := &ly.lanes[i]
		if ly.vs[ln.tail].rank > ly.vs[ln.head].rank {
			ln.tail, ln.head = ln.head, ln.tail
			ln.reversed = !ln.reversed
		}
	}
	lowest := 1 << 30
	for _, v := range ly.vs {
		lowest = min(lowest, v.rank)
	}
	ly.nrank = 0
	for i := range ly.vs {
		ly.vs[i].rank -= lowest
		ly.nrank = max(ly.nrank, ly.vs[i].rank+1)
	}
}

// minLen is the least number of ranks a lane spans: two when any edge is
// annotated, so the annotation gets a dummy of its own in the rank between.
func (ly *layers) minLen() int {
	for _, ln := range ly.lanes {
		if ly.ix.g.Edges[ln.orig].annotated() {
			return 2
		}
	}
	return 1
}

// spans finds the ranks each cluster spans from the vertices in it.
func (ly *layers) spans() {
	nc := len(ly.ix.g.Clusters)
	ly.cmin, ly.cmax = make([]int, nc), make([]int, nc)
	for c := range nc {
		ly.cmin[c], ly.cmax[c] = 1<<30, -1
	}
	for _, v := range ly.vs {
		for c := v.cluster; c >= 0; c = ly.ix.parent[c] {
			ly.cmin[c] = min(ly.cmin[c], v.rank)
			ly.cmax[c] = max(ly.cmax[c], v.rank)
		}
	}
}

// spansRank reports whether cluster c spans rank r; the top level (-1)
// spans them all.
func (ly *layers) spansRank(c, r int) bool {
	return c < 0 || ly.cmin[c] <= r && r <= ly.cmax[c]
}

// split replaces every lane longer than one layer by a chain through dummy
// vertices. A dummy belongs to the innermost cluster around either end that
// spans its rank, so an edge leaving a cluster runs inside it to its border
// and not across its neighbours. It reports false when the vertices would
// exceed limit.
func (ly *layers) split(limit int) bool {
	total := len(ly.vs)
	for _, ln := range ly.lanes {
		total += ly.vs[ln.head].rank - ly.vs[ln.tail].rank - 1
	}
	if total > limit {
		return false
	}
	for i := range ly.lanes {
		ln := &ly.lanes[i]
		t, h := ly.vs[ln.tail], ly.vs[ln.head]
		// An edge to a cluster runs outside it up to its border.
		tc, hc := t.cluster, h.cluster
		if t.anchor >= 0 {
			tc = ly.ix.parent[tc]
		}
		if h.anchor >= 0 {
			hc = ly.ix.parent[hc]
		}
		top := ly.ix.lca(tc, hc)
		e := &ly.ix.g.Edges[ln.orig]
		ln.chain = append(ln.chain[:0], ln.tail)
		mid := t.rank + (h.rank-t.rank)/2
		for r := t.rank + 1; r < h.rank; r++ {
			cl := top
			for _, side := range []int{tc, hc} {
				for c := side; c != top; c = ly.ix.parent[c] {
					if ly.spansRank(c, r) {
						if cl == top || ly.ix.depth[c] > ly.ix.depth[cl] {
							cl = c
						}
						break
					}
				}
			}
			d := vertex{cluster: cl, node: -1, anchor: -1, edge: i, rank: r}
			if r == mid && e.annotated() {
				d.label = true
				d.w, d.h = annotationSize(e)
			}
			ln.chain = append(ln.chain, len(ly.vs))
			ly.vs = append(ly.vs, d)
		}
		ln.chain = append(ln.chain, ln.head)
	}
	ly.up = make([][]int, len(ly.vs))
	ly.down = make([][]int, len(ly.vs))
	for _, ln := range ly.lanes {
		for k := 1; k < len(ln.chain); k++ {
			a, b := ln.chain[k-1], ln.chain[k]
			ly.down[a] = append(ly.down[a], b)
			ly.up[b] = append(ly.up[b], a)
		}
	}
	return true
}
