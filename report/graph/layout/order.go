package layout

import (
	"cmp"
	"slices"
)

// Crossing reduction keeps every cluster contiguous on every rank it spans:
// a rank's order is a tree (the clusters spanning it, their vertices on it)
// sorted level by level. Vertices sort by the barycentre of their neighbours
// on the rank swept from; sibling clusters take the places their own
// barycentres earn, but fill them in one order shared by every rank, so two
// sibling boxes never swap sides between ranks and never overlap. That
// shared order follows the clusters' barycentres from sweep to sweep.

// rankTree is the nesting of one rank: node 0 is the top level, node i > 0
// is the cluster cl[i] spanning the rank.
type rankTree struct {
	cl    []int   // tree node → cluster, -1 for the top level
	verts [][]int // tree node → its own vertices on the rank
	kids  [][]int // tree node → tree nodes of its child clusters
}

// sweeps bounds the crossing reduction: down-and-up passes, and passes in a
// row that may fail to improve on the best order before it stops.
const (
	sweeps   = 12
	patience = 4
)

// order sets rankOf and pos to an order with few crossings.
func (ly *layers) order() {
	ly.rankOf = make([][]int, ly.nrank)
	for v := range ly.vs {
		ly.rankOf[ly.vs[v].rank] = append(ly.rankOf[ly.vs[v].rank], v)
	}
	ly.pos = make([]int, len(ly.vs))
	trees := ly.buildTrees()
	nc := len(ly.ix.g.Clusters)
	ckey := make([]float64, nc)
	key := make([]float64, len(ly.vs))

	// Start from a depth-first visit, which puts connected vertices together.
	seen := make([]bool, len(ly.vs))
	next := 0
	var stack []int
	for root := range ly.vs {
		if seen[root] {
			continue
		}
		seen[root] = true
		stack = append(stack[:0], root)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			key[v] = float64(next)
			next++
			for _, adj := range [][]int{ly.up[v], ly.down[v]} {
				for i := len(adj) - 1; i >= 0; i-- {
					if !seen[adj[i]] {
						seen[adj[i]] = true
						stack = append(stack, adj[i])
					}
				}
			}
		}
	}
	ly.clusterKeys(ckey, key)
	for r := range ly.nrank {
		ly.arrange(&trees[r], r, key, ckey)
	}
	ly.clusterKeys(ckey, nil)

	best := ly.crossings()
	bestOrder := cloneRanks(ly.rankOf)
	bestKeys := slices.Clone(ckey)
	stale := 0
	for it := 0; it < 2*sweeps && best > 0 && stale < patience; it++ {
		ly.sweep(trees, it%2 == 0, key, ckey)
		ly.transpose()
		if c := ly.crossings(); c < best {
			best, stale = c, 0
			bestOrder = cloneRanks(ly.rankOf)
			copy(bestKeys, ckey)
		} else {
			stale++
		}
	}
	ly.rankOf = bestOrder
	copy(ckey, bestKeys)
	for _, vs := range ly.rankOf {
		for i, v := range vs {
			ly.pos[v] = i
		}
	}
	ly.ckey = ckey
	ly.tree = trees
}

func cloneRanks(rs [][]int) [][]int {
	out := make([][]int, len(rs))
	for i, r := range rs {
		out[i] = slices.Clone(r)
	}
	return out
}

// buildTrees builds the nesting of every rank.
func (ly *layers) buildTrees() []rankTree {
	ix := ly.ix
	nc := len(ix.g.Clusters)
	local := make([]int, nc)
	trees := make([]rankTree, ly.nrank)
	for r := range ly.nrank {
		t := &trees[r]
		t.cl = append(t.cl, -1)
		for c := range nc {
			local[c] = -1
			if ly.spansRank(c, r) {
				local[c] = len(t.cl)
				t.cl = append(t.cl, c)
			}
		}
		t.verts = make([][]int, len(t.cl))
		t.kids = make([][]int, len(t.cl))
		for i, c := range t.cl[1:] {
			p := 0
			if ix.parent[c] >= 0 {
				p = local[ix.parent[c]]
			}
			t.kids[p] = append(t.kids[p], i+1)
		}
		for _, v := range ly.rankOf[r] {
			p := 0
			if c := ly.vs[v].cluster; c >= 0 {
				p = local[c]
			}
			t.verts[p] = append(t.verts[p], v)
		}
	}
	return trees
}

// sweep reorders every rank by the barycentres of its neighbours on the
// rank before it (down) or after it (up), then moves the shared cluster
// order towards the clusters' barycentres.
func (ly *layers) sweep(trees []rankTree, down bool, key, ckey []float64) {
	nc := len(ly.ix.g.Clusters)
	sum := make([]float64, nc)
	cnt := make([]int, nc)
	for i := 1; i < ly.nrank; i++ {
		r, adj := i, i-1
		if !down {
			r, adj = ly.nrank-1-i, ly.nrank-i
		}
		scale := float64(max(1, len(ly.rankOf[adj])-1)) / float64(max(1, len(ly.rankOf[r])-1))
		for _, v := range ly.rankOf[r] {
			nb := ly.up[v]
			if !down {
				nb = ly.down[v]
			}
			if len(nb) == 0 {
				key[v] = float64(ly.pos[v]) * scale
				continue
			}
			s := 0
			for _, u := range nb {
				s += ly.pos[u]
			}
			key[v] = float64(s) / float64(len(nb))
			norm := key[v] / float64(max(1, len(ly.rankOf[adj])-1))
			for c := ly.vs[v].cluster; c >= 0; c = ly.ix.parent[c] {
				sum[c] += norm
				cnt[c]++
			}
		}
		ly.arrange(&trees[r], r, key, ckey)
	}
	for c := range nc {
		if cnt[c] > 0 {
			ckey[c] = sum[c] / float64(cnt[c])
		}
	}
}

// clusterKeys sets each cluster's key to the mean relative position of its
// vertices, from key when given, else from pos.
func (ly *layers) clusterKeys(ckey, key []float64) {
	nc := len(ly.ix.g.Clusters)
	sum := make([]float64, nc)
	cnt := make([]int, nc)
	total := float64(max(1, len(ly.vs)-1))
	for v := range ly.vs {
		p := float64(ly.pos[v]) / float64(max(1, len(ly.rankOf[ly.vs[v].rank])-1))
		if key != nil {
			p = key[v] / total
		}
		for c := ly.vs[v].cluster; c >= 0; c = ly.ix.parent[c] {
			sum[c] += p
			cnt[c]++
		}
	}
	for c := range nc {
		if cnt[c] > 0 {
			ckey[c] = sum[c] / float64(cnt[c])
		}
	}
}

// entry is one thing placed at a level of a rank tree: a vertex or a
// child cluster with the vertices under it.
type entry struct {
	key, tie float64
	v        int   // vertex, or -1
	node     int   // tree node of a cluster, or -1
	flat     []int // a cluster's vertices in order
}

// arrange orders rank r by key, clusters contiguous and in ckey order.
func (ly *layers) arrange(t *rankTree, r int, key, ckey []float64) {
	var out []int
	ly.arrangeNode(t, 0, key, ckey, &out)
	ly.rankOf[r] = out
	for i, v := range out {
		ly.pos[v] = i
	}
}

func (ly *layers) arrangeNode(t *rankTree, n int, key, ckey []float64, out *[]int) (sum float64, cnt int) {
	ents := make([]entry, 0, len(t.verts[n])+len(t.kids[n]))
	for _, v := range t.verts[n] {
		ents = append(ents, entry{key: key[v], tie: float64(ly.pos[v]), v: v, node: -1})
		sum += key[v]
		cnt++
	}
	var clusters []entry
	for _, k := range t.kids[n] {
		var flat []int
		s, c := ly.arrangeNode(t, k, key, ckey, &flat)
		if c == 0 {
			continue
		}
		tie := float64(len(ly.vs))
		for _, v := range flat {
			tie = min(tie, float64(ly.pos[v]))
		}
		e := entry{key: s / float64(c), tie: tie, v: -1, node: k, flat: flat}
		ents = append(ents, e)
		clusters = append(clusters, e)
		sum += s
		cnt += c
	}
	slices.SortStableFunc(ents, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.tie, b.tie))
	})
	ly.sortShared(t, clusters, ckey)
	next := 0
	for _, e := range ents {
		if e.v >= 0 {
			*out = append(*out, e.v)
			continue
		}
		*out = append(*out, clusters[next].flat...)
		next++
	}
	return sum, cnt
}

// sortShared sorts sibling cluster entries into the order shared by all
// ranks.
func (ly *layers) sortShared(t *rankTree, es []entry, ckey []float64) {
	slices.SortStableFunc(es, func(a, b entry) int {
		ca, cb := t.cl[a.node], t.cl[b.node]
		return cmp.Or(cmp.Compare(ckey[ca], ckey[cb]), cmp.Compare(ca, cb))
	})
}

// transpose swaps neighbours of one cluster on a rank while that removes
// crossings with the ranks on both sides.
func (ly *layers) transpose() {
	for pass := 0; pass < 8; pass++ {
		improved := false
		for r := range ly.nrank {
			vs := ly.rankOf[r]
			for i := 0; i+1 < len(vs); i++ {
				u, v := vs[i], vs[i+1]
				if ly.vs[u].cluster != ly.vs[v].cluster {
					continue
				}
				if ly.pairCrossings(v, u) < ly.pairCrossings(u, v) {
					vs[i], vs[i+1] = v, u
					ly.pos[u], ly.pos[v] = i+1, i
					improved = true
				}
			}
		}
		if !improved {
			return
		}
	}
}

// pairCrossings counts the crossings between the edges of u and of v when
// u is left of v.
func (ly *layers) pairCrossings(u, v int) int {
	n := 0
	for _, side := range [2][][]int{ly.up, ly.down} {
		for _, a := range side[u] {
			for _, b := range side[v] {
				if ly.pos[a] > ly.pos[b] {
					n++
				}
			}
		}
	}
	return n
}

// crossings counts the edge crossings between neighbouring ranks, with an
// accumulation tree over the lower ends (Barth, Jünger, Mutzel 2002).
func (ly *layers) crossings() int {
	total := 0
	var ends []int
	for r := 0; r+1 < ly.nrank; r++ {
		ends = ends[:0]
		for _, u := range ly.rankOf[r] {
			start := len(ends)
			for _, v := range ly.down[u] {
				ends = append(ends, ly.pos[v])
			}
			slices.Sort(ends[start:])
		}
		size := len(ly.rankOf[r+1])
		tree := make([]int, size+1)
		for i, p := range ends {
			// entries so far greater than p cross this one
			le := 0
			for j := p + 1; j > 0; j -= j & -j {
				le += tree[j]
			}
			total += i - le
			for j := p + 1; j <= size; j += j & -j {
				tree[j]++
			}
		}
	}
	return total
}
