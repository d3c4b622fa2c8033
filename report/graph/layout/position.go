package layout

import "slices"

// Coordinates along the order axis come from separation constraints: each
// rank's sequence of vertices and cluster borders (every cluster spanning the
// rank opens and closes on it, even with nothing of its own there), each
// cluster's two borders being one variable shared by all its ranks. Vertices
// are then pulled towards their neighbours and cluster borders towards their
// contents, a few rounds, each solved by the placement. Along the rank axis,
// ranks are bands as thick as their thickest vertex, spaced to fit the
// cluster borders that end and begin between them.

// placeRounds is how many times positions are pulled towards neighbours.
const placeRounds = 24

// Edge weights pulling neighbours into line: long edges (dummy to dummy)
// straighten first, as in Gansner et al., "A technique for drawing directed
// graphs", 1993.
func pull(a, b *vertex) float64 {
	switch {
	case a.dummy() && b.dummy():
		return 8
	case a.dummy() || b.dummy():
		return 2
	}
	return 1
}

// geometry is where the layered layout puts things, in order and rank
// coordinates.
type geometry struct {
	x          []float64 // vertex → centre on the order axis
	lo, hi     []float64 // cluster → borders on the order axis
	band       []float64 // rank → centre on the rank axis
	thick      []float64 // rank → thickness
	rlo, rhi   []float64 // cluster → borders on the rank axis
	labelW     []float64 // cluster → label block size
	labelH     []float64
	startInset []float64 // cluster → rank-axis distance from its first band to its border
	endInset   []float64
}

func (ly *layers) place(l *Layout) {
	nc := len(ly.ix.g.Clusters)
	geo := &geometry{labelW: make([]float64, nc), labelH: make([]float64, nc)}
	for c := range nc {
		geo.labelW[c], geo.labelH[c] = clusterLabelSize(&ly.ix.g.Clusters[c])
	}
	ly.orderAxis(geo)
	ly.rankAxis(geo)
	ly.output(geo, l)
}

// padStart is a cluster's padding on the low side of the order axis, where
// its label goes when ranks are columns.
func (ly *layers) padStart(geo *geometry, c int) float64 {
	if ly.dir == LeftToRight {
		return clusterPad + geo.labelH[c]
	}
	return clusterPad
}

// events lists the variables of rank r in order: vertex v is v, cluster c
// opens with n+2c and closes with n+2c+1, n the number of vertices.
func (ly *layers) events(r int) []int {
	var out []int
	ly.emit(&ly.tree[r], 0, &out)
	return out
}

// emit appends the events of tree node t; it reports whether any vertex
// lies below it. Child clusters with no vertex on the rank go where the
// shared sibling order puts them.
func (ly *layers) emit(t *rankTree, node int, out *[]int) bool {
	n := len(ly.vs)
	type item struct {
		key  int
		v    int
		evs  []int
		kid  int
		full bool
	}
	var items, kids []item
	for _, v := range t.verts[node] {
		items = append(items, item{key: ly.pos[v], v: v, kid: -1})
	}
	for _, k := range t.kids[node] {
		c := t.cl[k]
		evs := []int{n + 2*c}
		full := ly.emit(t, k, &evs)
		evs = append(evs, n+2*c+1)
		it := item{key: len(ly.vs), v: -1, evs: evs, kid: k, full: full}
		for _, e := range evs {
			if e < n {
				it.key = min(it.key, ly.pos[e])
			}
		}
		kids = append(kids, it)
		if full {
			items = append(items, it)
		}
	}
	slices.SortFunc(items, func(a, b item) int { return a.key - b.key })
	slices.SortStableFunc(kids, func(a, b item) int {
		ca, cb := t.cl[a.kid], t.cl[b.kid]
		if ly.ckey[ca] != ly.ckey[cb] {
			if ly.ckey[ca] < ly.ckey[cb] {
				return -1
			}
			return 1
		}
		return ca - cb
	})
	next := 0
	for _, it := range items {
		if it.v >= 0 {
			*out = append(*out, it.v)
			continue
		}
		for !kids[next].full {
			*out = append(*out, kids[next].evs...)
			next++
		}
		*out = append(*out, kids[next].evs...)
		next++
	}
	for ; next < len(kids); next++ {
		*out = append(*out, kids[next].evs...)
	}
	return len(items) > 0
}

// orderAxis sets x, lo and hi.
func (ly *layers) orderAxis(geo *geometry) {
	n := len(ly.vs)
	nc := len(ly.ix.g.Clusters)
	nv := n + 2*nc
	var cons []separation
	seen := make(map[[2]int]int)
	add := func(a, b int, gap float64) {
		k := [2]int{a, b}
		if i, ok := seen[k]; ok {
			cons[i].gap = max(cons[i].gap, gap)
			return
		}
		seen[k] = len(cons)
		cons = append(cons, separation{l: a, r: b, gap: gap})
	}
	opens := func(e int) bool { return e >= n && (e-n)%2 == 0 }
	cl := func(e int) int { return (e - n) / 2 }
	for r := range ly.nrank {
		all := ly.events(r)
		// Anchors take no room: they only need to stay among their
		// neighbours, which keep their distances as if it were not there.
		evs := make([]int, 0, len(all))
		for i, e := range all {
			if e >= n || ly.vs[e].anchor < 0 {
				evs = append(evs, e)
				continue
			}
			half := func(e int) float64 {
				if e < n {
					return ly.osz(e) / 2
				}
				return 0
			}
			for j := i - 1; j >= 0; j-- {
				if p := all[j]; p >= n || ly.vs[p].anchor < 0 {
					add(p, e, half(p))
					break
				}
			}
			for j := i + 1; j < len(all); j++ {
				if q := all[j]; q >= n || ly.vs[q].anchor < 0 {
					add(e, q, half(q))
					break
				}
			}
		}
		for i := 1; i < len(evs); i++ {
			a, b := evs[i-1], evs[i]
			var gap float64
			switch {
			case a < n && b < n:
				gap = ly.osz(a)/2 + ly.osz(b)/2 + nodeGap
				if ly.vs[a].dummy() || ly.vs[b].dummy() {
					gap = ly.osz(a)/2 + ly.osz(b)/2 + dummyGap
				}
			case a < n && opens(b):
				gap = ly.osz(a)/2 + clusterGap
			case a < n:
				gap = ly.osz(a)/2 + clusterPad
			case opens(a) && b < n:
				gap = ly.padStart(geo, cl(a)) + ly.osz(b)/2
			case opens(a):
				gap = ly.padStart(geo, cl(a)) // a child opens, or a closes at once
				if !opens(b) {
					gap += clusterPad
				}
			case b < n:
				gap = clusterGap + ly.osz(b)/2
			case opens(b):
				gap = clusterGap
			default:
				gap = clusterPad
			}
			add(a, b, gap)
		}
	}
	for c := range nc {
		least := ly.padStart(geo, c) + clusterPad
		if ly.dir == TopToBottom {
			least = max(least, geo.labelW[c]+2*clusterPad)
		}
		add(n+2*c, n+2*c+1, least)
	}

	p := newPlacement(nv, cons)
	x := make([]float64, nv)
	p.compact(x)
	desired := make([]float64, nv)
	weight := make([]float64, nv)
	for round := 0; round < placeRounds; round++ {
		for v := range n {
			s, w := 0.0, 0.0
			for _, nb := range [2][]int{ly.up[v], ly.down[v]} {
				for _, u := range nb {
					pw := pull(&ly.vs[v], &ly.vs[u])
					s += pw * x[u]
					w += pw
				}
			}
			if w == 0 {
				desired[v], weight[v] = x[v], 1
				continue
			}
			if a := ly.vs[v].anchor; a >= 0 {
				// An anchor floats inside its cluster: the edges come to the
				// box, the box does not go to the edges.
				desired[v], weight[v] = (x[n+2*a]+x[n+2*a+1])/2, 1e-3
				continue
			}
			desired[v], weight[v] = s/w, w
		}
		// A cluster's borders lean lightly inwards, so they hug what they
		// hold without pulling it.
		for c := range nc {
			mid := (x[n+2*c] + x[n+2*c+1]) / 2
			desired[n+2*c], desired[n+2*c+1] = mid, mid
			weight[n+2*c], weight[n+2*c+1] = 1e-3, 1e-3
		}
		p.solve(desired, weight, x)
	}
	// Blocks never split, so a border may still cling to an outer one:
	// pull every border onto its contents, inner clusters first.
	for _, c := range clustersByDepth(ly.ix, true) {
		p.tighten(n+2*c, true, x)
		p.tighten(n+2*c+1, false, x)
	}
	geo.x = x[:n]
	geo.lo, geo.hi = make([]float64, nc), make([]float64, nc)
	for c := range nc {
		geo.lo[c], geo.hi[c] = x[n+2*c], x[n+2*c+1]
	}
}

// rankAxis sets band, thick, rlo and rhi.
func (ly *layers) rankAxis(geo *geometry) {
	nc := len(ly.ix.g.Clusters)
	geo.thick = make([]float64, ly.nrank)
	for v := range ly.vs {
		r := ly.vs[v].rank
		geo.thick[r] = max(geo.thick[r], ly.rsz(v))
	}
	// Insets, innermost clusters first: a cluster's border sits outside the
	// borders of the children that start (or end) on the same rank.
	byDepth := make([]int, nc)
	for c := range nc {
		byDepth[c] = c
	}
	slices.SortStableFunc(byDepth, func(a, b int) int { return ly.ix.depth[b] - ly.ix.depth[a] })
	geo.startInset, geo.endInset = make([]float64, nc), make([]float64, nc)
	for _, c := range byDepth {
		geo.startInset[c] += clusterPad
		if ly.dir == TopToBottom {
			geo.startInset[c] += geo.labelH[c]
		}
		geo.endInset[c] += clusterPad
		if p := ly.ix.parent[c]; p >= 0 {
			if ly.cmin[p] == ly.cmin[c] {
				geo.startInset[p] = max(geo.startInset[p], geo.startInset[c])
			}
			if ly.cmax[p] == ly.cmax[c] {
				geo.endInset[p] = max(geo.endInset[p], geo.endInset[c])
			}
		}
	}
	ends := make([]float64, ly.nrank)
	starts := make([]float64, ly.nrank)
	for c := range nc {
		ends[ly.cmax[c]] = max(ends[ly.cmax[c]], geo.endInset[c])
		starts[ly.cmin[c]] = max(starts[ly.cmin[c]], geo.startInset[c])
	}
	gap := make([]float64, ly.nrank)
	for r := 0; r+1 < ly.nrank; r++ {
		gap[r] = max(layerGap, ends[r]+starts[r+1]+clusterGap)
	}
	// When ranks are columns a cluster's label runs along the rank axis:
	// widen its ranks until it fits.
	if ly.dir == LeftToRight {
		for _, c := range byDepth {
			a, b := ly.cmin[c], ly.cmax[c]
			extent := geo.startInset[c] + geo.endInset[c]
			for r := a; r <= b; r++ {
				extent += geo.thick[r]
				if r < b {
					extent += gap[r]
				}
			}
			if short := geo.labelW[c] + 2*clusterPad - extent; short > 0 {
				for r := a; r <= b; r++ {
					geo.thick[r] += short / float64(b-a+1)
				}
			}
		}
	}
	geo.band = make([]float64, ly.nrank)
	at := 0.0
	for r := range ly.nrank {
		at += geo.thick[r] / 2
		geo.band[r] = at
		at += geo.thick[r]/2 + gap[r]
	}
	geo.rlo, geo.rhi = make([]float64, nc), make([]float64, nc)
	for c := range nc {
		geo.rlo[c] = geo.band[ly.cmin[c]] - geo.thick[ly.cmin[c]]/2 - geo.startInset[c]
		geo.rhi[c] = geo.band[ly.cmax[c]] + geo.thick[ly.cmax[c]]/2 + geo.endInset[c]
	}
}

// point turns order and rank coordinates into a Point.
func (ly *layers) point(o, r float64) Point {
	if ly.dir == TopToBottom {
		return Point{X: o, Y: r}
	}
	return Point{X: r, Y: o}
}

// rect turns a box given by its centre and extents along the order and
// rank axes into a Rect.
func (ly *layers) rect(o, r, osz, rsz float64) Rect {
	p := ly.point(o-osz/2, r-rsz/2)
	if ly.dir == TopToBottom {
		return Rect{X: p.X, Y: p.Y, W: osz, H: rsz}
	}
	return Rect{X: p.X, Y: p.Y, W: rsz, H: osz}
}

// output writes the boxes and routes into l, shifted to the margin.
func (ly *layers) output(geo *geometry, l *Layout) {
	g := ly.ix.g
	for i := range g.Nodes {
		v := &ly.vs[i]
		l.Nodes[i] = ly.rect(geo.x[i], geo.band[v.rank], ly.osz(i), ly.rsz(i))
	}
	for c := range g.Clusters {
		l.Clusters[c] = ly.rect((geo.lo[c]+geo.hi[c])/2, (geo.rlo[c]+geo.rhi[c])/2, geo.hi[c]-geo.lo[c], geo.rhi[c]-geo.rlo[c])
	}
	ly.route(geo, l)
	fit(l)
}
