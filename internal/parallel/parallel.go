// Package parallel runs independent jobs on a few goroutines, each with
// state of its own (a symbolic engine, say: they are not safe for
// concurrent use).
package parallel

import (
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Each calls do(w, j) for every j in [0, n) on up to workers goroutines,
// w being the state of the goroutine running it (made by fresh when the
// goroutine takes its first job). Jobs are taken in order, one at a time,
// so a caller that writes job j's result into slot j gets the results in
// job order whatever the schedule. A panic in a job is re-raised here,
// with its stack, once every goroutine has stopped.
func Each[W any](n, workers int, fresh func() W, do func(w *W, j int)) {
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	for range min(max(1, workers), max(1, n)) {
		wg.Go(func() {
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
		})
	}
	wg.Wait()
	if v := failed.Load(); v != nil {
		panic(v) // a bug: the caller's recovery reports it
	}
}
