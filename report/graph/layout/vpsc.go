package layout

import (
	"fmt"
	"math"
)

// separation is the constraint x[r] ≥ x[l] + gap.
type separation struct {
	l, r int
	gap  float64
}

// placement finds positions near desired ones under separation
// constraints: it minimises Σ w·(x − desired)² approximately with the
// block-merging pass of VPSC (Dwyer, Marriott, Stuckey, "Fast node overlap
// removal", 2005). Variables are visited in an order the constraints allow;
// each starts as a block of its own at its desired place and merges with the
// block left of its most violated constraint until none is violated, so
// variables held together by a constraint move as one. The result always
// satisfies every constraint; blocks are never split again, which is what
// makes it approximate.
type placement struct {
	n    int
	cons []separation
	in   [][]int // variable → constraints with it on the right
	out  [][]int // variable → constraints with it on the left
	topo []int
}

func newPlacement(n int, cons []separation) *placement {
	p := &placement{n: n, cons: cons, in: make([][]int, n), out: make([][]int, n)}
	out := p.out
	indeg := make([]int, n)
	for i, c := range cons {
		p.in[c.r] = append(p.in[c.r], i)
		out[c.l] = append(out[c.l], i)
		indeg[c.r]++
	}
	for v := range n {
		if indeg[v] == 0 {
			p.topo = append(p.topo, v)
		}
	}
	for i := 0; i < len(p.topo); i++ {
		for _, c := range out[p.topo[i]] {
			r := cons[c].r
			indeg[r]--
			if indeg[r] == 0 {
				p.topo = append(p.topo, r)
			}
		}
	}
	if len(p.topo) != n {
		// The orders built by crossing reduction are consistent by
		// construction; a cycle here is a bug in this package.
		panic(fmt.Sprintf("layout: separation constraints have a cycle (%d of %d variables ordered)", len(p.topo), n))
	}
	return p
}

// compact places every variable as far left as its constraints allow,
// starting from 0.
func (p *placement) compact(x []float64) {
	for _, v := range p.topo {
		x[v] = 0
		for _, c := range p.in[v] {
			x[v] = max(x[v], x[p.cons[c].l]+p.cons[c].gap)
		}
	}
}

type block struct {
	vars    []int
	wsum    float64 // Σ w
	wdo     float64 // Σ w·(desired − offset)
	pending []int   // constraints into the block, maybe from outside it
}

func (b *block) posn() float64 { return b.wdo / b.wsum }

// solve writes into x positions close to desired, weighted by w.
func (p *placement) solve(desired, w, x []float64) {
	blockOf := make([]int, p.n)
	offset := make([]float64, p.n)
	blocks := make([]block, 0, p.n)
	at := func(v int) float64 { return blocks[blockOf[v]].posn() + offset[v] }
	for _, v := range p.topo {
		bi := len(blocks)
		blocks = append(blocks, block{vars: []int{v}, wsum: w[v], wdo: w[v] * desired[v], pending: append([]int(nil), p.in[v]...)})
		blockOf[v] = bi
		for {
			b := &blocks[bi]
			worst, most := -1, 1e-9
			keep := b.pending[:0]
			for _, c := range b.pending {
				sep := p.cons[c]
				if blockOf[sep.l] == bi {
					continue // inside the block for good
				}
				keep = append(keep, c)
				if viol := at(sep.l) + sep.gap - at(sep.r); viol > most {
					worst, most = c, viol
				}
			}
			b.pending = keep
			if worst < 0 {
				break
			}
			sep := p.cons[worst]
			bi = merge(blocks, blockOf, offset, blockOf[sep.l], bi, offset[sep.l]+sep.gap-offset[sep.r])
		}
	}
	for v := range p.n {
		x[v] = at(v)
	}
}

// merge joins blocks a and b, b's offsets shifted by d into a's frame, the
// smaller into the larger, and returns the joined block.
func merge(blocks []block, blockOf []int, offset []float64, a, b int, d float64) int {
	if len(blocks[a].vars) < len(blocks[b].vars) {
		a, b, d = b, a, -d
	}
	into, from := &blocks[a], &blocks[b]
	for _, v := range from.vars {
		offset[v] += d
		blockOf[v] = a
	}
	into.vars = append(into.vars, from.vars...)
	into.wdo += from.wdo - from.wsum*d
	into.wsum += from.wsum
	into.pending = append(into.pending, from.pending...)
	*from = block{}
	return a
}

// tighten moves variable v as far right as its constraints allow (or left,
// when !right), the others staying put.
func (p *placement) tighten(v int, right bool, x []float64) {
	if right {
		if len(p.out[v]) == 0 {
			return
		}
		at := math.Inf(1)
		for _, c := range p.out[v] {
			at = min(at, x[p.cons[c].r]-p.cons[c].gap)
		}
		x[v] = max(x[v], at)
		return
	}
	if len(p.in[v]) == 0 {
		return
	}
	at := math.Inf(-1)
	for _, c := range p.in[v] {
		at = max(at, x[p.cons[c].l]+p.cons[c].gap)
	}
	x[v] = min(x[v], at)
}
