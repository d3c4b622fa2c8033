package rules

import (
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/internal/parallel"
)

// eachInParallel is parallel.Each: do(w, j) for every job j on up to
// workers goroutines, each with its own state w, results in job order.
func eachInParallel[W any](n, workers int, fresh func() W, do func(w *W, j int)) {
	parallel.Each(n, workers, fresh, do)
}

// collectFrom is the node count below which a worker's engine is never
// collected: the internet's partition alone is ~275k nodes on 2,000 VPCs.
var collectFrom = 1 << 18

// engineGC keeps a worker's engine small between jobs whose results hold
// no packet set: past collectFrom nodes, and past twice what the last
// collection kept (so that the forms it keeps are not swept again and
// again), it frees every set but the engine's forms and those keep names
// (symbolic.Engine.Collect). The forms of the large tables (the internet,
// transit gateway route tables) stay, where a fresh engine would build
// them again; the rest, and its caches, stay in the processor's caches.
type engineGC struct{ next int }

func (g *engineGC) after(s *symbolic.Engine, keep func(each func(*symbolic.Set))) {
	if n := s.Space().Size(); n <= max(g.next, collectFrom) {
		return
	}
	s.Collect(keep)
	g.next = 2 * s.Space().Size()
}
