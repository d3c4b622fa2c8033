package layout

import (
	"cmp"
	"math"
	"slices"
)

// Routes follow the dummy chain of their lane: straight along the rank axis
// through every band (which the order axis spacing keeps clear), an S-shaped
// cubic between bands, so each edge meets its node square on. The edges of
// one side of a node spread over that side in the order of their other ends,
// which keeps them from crossing at the node.

// route sets the path and label box of every edge.
func (ly *layers) route(geo *geometry, l *Layout) {
	n := len(ly.vs)
	tailPort := make([]float64, len(ly.lanes))
	headPort := make([]float64, len(ly.lanes))
	byTail := make([][]int, n)
	byHead := make([][]int, n)
	for i, ln := range ly.lanes {
		byTail[ln.tail] = append(byTail[ln.tail], i)
		byHead[ln.head] = append(byHead[ln.head], i)
	}
	spread := func(v int, lanes []int, other func(*lane) int, port []float64) {
		slices.SortStableFunc(lanes, func(a, b int) int {
			return cmp.Compare(geo.x[other(&ly.lanes[a])], geo.x[other(&ly.lanes[b])])
		})
		side := ly.osz(v) * portFraction
		for k, i := range lanes {
			port[i] = -side/2 + side*(float64(k)+0.5)/float64(len(lanes))
		}
	}
	for v := range n {
		spread(v, byTail[v], func(ln *lane) int { return ln.chain[1] }, tailPort)
		spread(v, byHead[v], func(ln *lane) int { return ln.chain[len(ln.chain)-2] }, headPort)
	}
	g := ly.ix.g
	for i := range ly.lanes {
		ln := &ly.lanes[i]
		r := &l.Edges[ln.orig]
		r.Path = ly.lanePath(geo, ln, tailPort[i], headPort[i])
		if ln.reversed {
			slices.Reverse(r.Path)
		}
		for _, d := range ln.chain {
			if ly.vs[d].label {
				r.Label = ly.rect(geo.x[d], geo.band[ly.vs[d].rank], ly.osz(d), ly.rsz(d))
			}
		}
		if c := ly.ix.from[ln.orig].cluster; c >= 0 {
			r.Path = clipStart(r.Path, l.Clusters[c])
		}
		if c := ly.ix.to[ln.orig].cluster; c >= 0 {
			slices.Reverse(r.Path)
			r.Path = clipStart(r.Path, l.Clusters[c])
			slices.Reverse(r.Path)
		}
	}
	for _, e := range ly.loops {
		var box Rect
		if f := ly.ix.from[e]; f.node >= 0 {
			box = l.Nodes[f.node]
		} else {
			box = l.Clusters[f.cluster]
		}
		l.Edges[e] = loop(box, &g.Edges[e], ly.dir)
	}
}

// lanePath is the path of a lane from tail to head.
func (ly *layers) lanePath(geo *geometry, ln *lane, tailPort, headPort float64) []Point {
	c := ln.chain
	t, h := c[0], c[len(c)-1]
	to, tr := geo.x[t]+tailPort, geo.band[ly.vs[t].rank]
	path := []Point{ly.point(to, tr+ly.rsz(t)/2)}
	co, cr := to, tr+ly.rsz(t)/2
	line := func(o, r float64) {
		if o == co && r == cr {
			return
		}
		path = append(path, ly.point(co+(o-co)/3, cr+(r-cr)/3), ly.point(co+2*(o-co)/3, cr+2*(r-cr)/3), ly.point(o, r))
		co, cr = o, r
	}
	curve := func(o, r float64) {
		mid := (cr + r) / 2
		path = append(path, ly.point(co, mid), ly.point(o, mid), ly.point(o, r))
		co, cr = o, r
	}
	line(to, tr+geo.thick[ly.vs[t].rank]/2)
	for _, d := range c[1 : len(c)-1] {
		b, th := geo.band[ly.vs[d].rank], geo.thick[ly.vs[d].rank]
		curve(geo.x[d], b-th/2)
		line(geo.x[d], b+th/2)
	}
	ho, hr := geo.x[h]+headPort, geo.band[ly.vs[h].rank]
	curve(ho, hr-geo.thick[ly.vs[h].rank]/2)
	line(ho, hr-ly.rsz(h)/2)
	return path
}

// loop draws an edge from a box to itself on the side away from the flow,
// its annotation beside it.
func loop(box Rect, e *Edge, dir Direction) Route {
	w, h := annotationSize(e)
	const reach = 26.0
	if dir == TopToBottom {
		right, cy := box.X+box.W, box.Y+box.H/2
		q := min(box.H/4, 8)
		r := Route{Path: []Point{{right, cy - q}, {right + reach, cy - q - 10}, {right + reach, cy + q + 10}, {right, cy + q}}}
		if w > 0 {
			r.Label = Rect{X: right + reach, Y: cy - h/2, W: w, H: h}
		}
		return r
	}
	bottom, cx := box.Y+box.H, box.X+box.W/2
	q := min(box.W/4, 8)
	r := Route{Path: []Point{{cx + q, bottom}, {cx + q + 10, bottom + reach}, {cx - q - 10, bottom + reach}, {cx - q, bottom}}}
	if w > 0 {
		r.Label = Rect{X: cx - w/2, Y: bottom + reach, W: w, H: h}
	}
	return r
}

// clipStart cuts the head of a path off where it first leaves box, so an
// edge from a cluster starts on its border.
func clipStart(path []Point, box Rect) []Point {
	inside := func(p Point) bool {
		return p.X > box.X && p.X < box.X+box.W && p.Y > box.Y && p.Y < box.Y+box.H
	}
	for k := 0; 3*k+3 < len(path); k++ {
		seg := [4]Point(path[3*k : 3*k+4])
		if inside(seg[3]) {
			continue
		}
		lo, hi := 0.0, 1.0
		for range 60 {
			mid := (lo + hi) / 2
			if inside(bezier(seg, mid)) {
				lo = mid
			} else {
				hi = mid
			}
		}
		_, tail := split(seg, hi)
		tail[0] = onBorder(tail[0], box)
		return append(tail[:], path[3*k+4:]...)
	}
	return path
}

// onBorder moves p, just outside box or on it, onto its nearest side.
func onBorder(p Point, box Rect) Point {
	d := []float64{math.Abs(p.X - box.X), math.Abs(p.X - box.X - box.W), math.Abs(p.Y - box.Y), math.Abs(p.Y - box.Y - box.H)}
	switch slices.Index(d, slices.Min(d)) {
	case 0:
		p.X = box.X
	case 1:
		p.X = box.X + box.W
	case 2:
		p.Y = box.Y
	default:
		p.Y = box.Y + box.H
	}
	return p
}

// bezier is the point at t on a cubic segment.
func bezier(s [4]Point, t float64) Point {
	a, _ := split(s, t)
	return a[3]
}

// split divides a cubic segment at t (de Casteljau).
func split(s [4]Point, t float64) (a, b [4]Point) {
	lerp := func(p, q Point) Point { return Point{p.X + (q.X-p.X)*t, p.Y + (q.Y-p.Y)*t} }
	p01, p12, p23 := lerp(s[0], s[1]), lerp(s[1], s[2]), lerp(s[2], s[3])
	p012, p123 := lerp(p01, p12), lerp(p12, p23)
	m := lerp(p012, p123)
	return [4]Point{s[0], p01, p012, m}, [4]Point{m, p123, p23, s[3]}
}

// fit moves everything so the drawing starts at the margin, and sizes it.
func fit(l *Layout) {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	grow := func(r Rect) {
		minX, minY = min(minX, r.X), min(minY, r.Y)
		maxX, maxY = max(maxX, r.X+r.W), max(maxY, r.Y+r.H)
	}
	for _, r := range l.Nodes {
		grow(r)
	}
	for _, r := range l.Clusters {
		grow(r)
	}
	for _, e := range l.Edges {
		for _, p := range e.Path {
			grow(Rect{X: p.X, Y: p.Y})
		}
		if e.Label != (Rect{}) {
			grow(e.Label)
		}
	}
	if math.IsInf(minX, 1) {
		l.Width, l.Height = 2*margin, 2*margin
		return
	}
	dx, dy := margin-minX, margin-minY
	move := func(r *Rect) { r.X += dx; r.Y += dy }
	for i := range l.Nodes {
		move(&l.Nodes[i])
	}
	for i := range l.Clusters {
		move(&l.Clusters[i])
	}
	for i := range l.Edges {
		e := &l.Edges[i]
		for k := range e.Path {
			e.Path[k].X += dx
			e.Path[k].Y += dy
		}
		if e.Label != (Rect{}) {
			move(&e.Label)
		}
	}
	l.Width, l.Height = maxX-minX+2*margin, maxY-minY+2*margin
}
