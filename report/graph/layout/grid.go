package layout

import "math"

// The grid placement is for graphs too big to layer: each cluster packs its
// nodes and then its child clusters in rows, left to right, rows about half
// again as wide as they are high; edges are straight lines between borders.
// Edge labels would only bury the picture at this size: they go in the
// hover titles, and only the annotations of a traced path are drawn. It is
// linear in the size of the graph.

// gridAspect is the width of a packed row relative to the square root of
// the area packed.
const gridAspect = 1.5

// packGrid places the graph of ix into l.
func packGrid(ix *index, l *Layout) {
	g := ix.g
	nc := len(g.Clusters)
	// rel is an item's top-left corner in its parent's content area.
	nodeRel := make([]Point, len(g.Nodes))
	clRel := make([]Point, nc)
	clSize := make([]Point, nc+1) // the last entry is the top level's
	nodeSize2 := make([]Point, len(g.Nodes))
	for i := range g.Nodes {
		w, h := nodeSize(&g.Nodes[i])
		nodeSize2[i] = Point{w, h}
	}
	direct := make([][]int, nc+1)
	for i, c := range ix.nodeCl {
		direct[ix.slot(c)] = append(direct[ix.slot(c)], i)
	}
	// Pack inner clusters before outer ones: order by depth, deepest first.
	order := clustersByDepth(ix, true)
	order = append(order, -1)
	for _, c := range order {
		s := ix.slot(c)
		var sizes []Point
		var rels []*Point
		for _, i := range direct[s] {
			sizes = append(sizes, nodeSize2[i])
			rels = append(rels, &nodeRel[i])
		}
		for _, k := range ix.children[s] {
			sizes = append(sizes, clSize[k])
			rels = append(rels, &clRel[k])
		}
		w, h := packRows(sizes, rels)
		if c >= 0 {
			lw, lh := clusterLabelSize(&g.Clusters[c])
			w = max(w, lw, 2*nodeMinW) + 2*clusterPad
			h += lh + 2*clusterPad
		}
		clSize[s] = Point{w, h}
	}
	// Absolute positions, outer clusters first.
	origin := func(c int) Point {
		if c < 0 {
			return Point{0, 0}
		}
		_, lh := clusterLabelSize(&g.Clusters[c])
		return Point{l.Clusters[c].X + clusterPad, l.Clusters[c].Y + clusterPad + lh}
	}
	for _, c := range clustersByDepth(ix, false) {
		o := origin(ix.parent[c])
		l.Clusters[c] = Rect{X: o.X + clRel[c].X, Y: o.Y + clRel[c].Y, W: clSize[c].X, H: clSize[c].Y}
	}
	for i := range g.Nodes {
		o := origin(ix.nodeCl[i])
		l.Nodes[i] = Rect{X: o.X + nodeRel[i].X, Y: o.Y + nodeRel[i].Y, W: nodeSize2[i].X, H: nodeSize2[i].Y}
	}
	box := func(e end) Rect {
		if e.node >= 0 {
			return l.Nodes[e.node]
		}
		return l.Clusters[e.cluster]
	}
	for i := range g.Edges {
		a, b := box(ix.from[i]), box(ix.to[i])
		e := &g.Edges[i]
		traced := len(e.Hops) > 0 || e.Block != ""
		if ix.from[i] == ix.to[i] {
			l.Edges[i] = loop(a, e, TopToBottom)
			if !traced {
				l.Edges[i].Label = Rect{}
			}
			continue
		}
		p, q := exit(a, centre(b)), exit(b, centre(a))
		r := Route{Path: []Point{p, {p.X + (q.X-p.X)/3, p.Y + (q.Y-p.Y)/3}, {p.X + 2*(q.X-p.X)/3, p.Y + 2*(q.Y-p.Y)/3}, q}}
		if traced {
			w, h := annotationSize(e)
			r.Label = Rect{X: (p.X+q.X)/2 - w/2, Y: (p.Y+q.Y)/2 - h/2, W: w, H: h}
		}
		l.Edges[i] = r
	}
	fit(l)
}

// packRows places boxes of the given sizes in rows and returns the size of
// the whole.
func packRows(sizes []Point, rels []*Point) (w, h float64) {
	area, widest := 0.0, 0.0
	for _, s := range sizes {
		area += (s.X + nodeGap) * (s.Y + nodeGap)
		widest = max(widest, s.X)
	}
	limit := max(widest, math.Sqrt(area)*gridAspect)
	x, y, rowH := 0.0, 0.0, 0.0
	for i, s := range sizes {
		if x > 0 && x+s.X > limit {
			x, y, rowH = 0, y+rowH+nodeGap, 0
		}
		*rels[i] = Point{x, y}
		w = max(w, x+s.X)
		rowH = max(rowH, s.Y)
		x += s.X + nodeGap
	}
	return w, y + rowH
}

// clustersByDepth lists the clusters, deepest first or outermost first,
// input order among equals.
func clustersByDepth(ix *index, deepest bool) []int {
	maxDepth := 0
	for _, d := range ix.depth {
		maxDepth = max(maxDepth, d)
	}
	byDepth := make([][]int, maxDepth+1)
	for c, d := range ix.depth {
		byDepth[d] = append(byDepth[d], c)
	}
	var out []int
	for i := range byDepth {
		d := i
		if deepest {
			d = maxDepth - i
		}
		out = append(out, byDepth[d]...)
	}
	return out
}

func centre(r Rect) Point { return Point{r.X + r.W/2, r.Y + r.H/2} }

// exit is where the line from the centre of r towards p leaves r.
func exit(r Rect, p Point) Point {
	c := centre(r)
	dx, dy := p.X-c.X, p.Y-c.Y
	t := math.Inf(1)
	if dx != 0 {
		t = r.W / 2 / math.Abs(dx)
	}
	if dy != 0 {
		t = min(t, r.H/2/math.Abs(dy))
	}
	if math.IsInf(t, 1) {
		return Point{c.X, r.Y}
	}
	return Point{c.X + dx*t, c.Y + dy*t}
}
