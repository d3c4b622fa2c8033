package rules

import (
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/vpcheck/vpcheck/analyzer/symbolic"
)

// eachInParallel calls do(w, j) for every j in [0, n) on up to workers
// goroutines, w being the state of the goroutine running it (made by
// fresh when the goroutine starts). Jobs are taken in order, one at a
// time, so a caller that writes job j's result into slot j gets the
// results in job order whatever the schedule. A panic in a job is
// re-raised here, with its stack, once every goroutine has stopped.
func eachInParallel[W any](n, workers int, fresh func() W, do func(w *W, j int)) {
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	for range min(max(1, workers), max(1, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if v := recover(); v != nil {
					failed.CompareAndSwap(nil, fmt.Sprintf("%v\n%s", v, debug.Stack()))
				}
			}()
			var w W
			started := false
			for {
				j := int(next.Add(1) - 1)
				if j >= n {
					return
				}
				if !started {
					w, started = fresh(), true
				}
				do(&w, j)
			}
		}()
	}
	wg.Wait()
	if v := failed.Load(); v != nil {
		panic(v) // a bug: the rule's run reports it
	}
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
