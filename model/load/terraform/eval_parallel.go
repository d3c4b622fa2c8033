package terraform

import (
	"runtime"
	"sync"
)

// A large configuration is evaluated by a pipeline instead of one node after
// the other, with exactly the result of the serial run:
//
//   - workers evaluate resource and data source nodes (their count or
//     for_each and their bodies: almost all of the work) as soon as every
//     node they refer to is committed, each on a copy of the evaluator that
//     keeps its diagnostics instead of adding them;
//   - the committer walks the serial order: it evaluates the other nodes
//     (variables, locals, providers, module calls, outputs: cheap) itself,
//     and for a resource waits for its worker, completes the instances
//     whose completion reads or writes the id registry, adds the worker's
//     diagnostics (once-only ones de-duplicated as the serial run does) and
//     records the resource's value.
//
// So every value, diagnostic, omission and resource is recorded in the
// serial order, and the registry sees the same sequence of reads and writes.
// A node is started only after everything it refers to is committed, so it
// reads the same values; module instances' values are written under mu.
// Reference cycles (which need poisoning in order) keep the serial run.

// parallelMinNodes is the size from which a configuration is evaluated in
// parallel (on more than one core; 0 forces the pipeline, for tests).
var parallelMinNodes = 256

// task is the evaluation of one node by a worker.
type task struct {
	n *node
	// instances are the module instances the node is evaluated in.
	instances []*moduleInstance
	results   []*resourceEval
	done      chan struct{}
}

func (e *evaluator) runParallel(order []*node) {
	e.mu = &sync.RWMutex{}
	defer func() { e.mu = nil }()

	pending := make(map[*node]int, len(order))
	dependents := make(map[*node][]*node, len(order))
	for _, n := range order {
		pending[n] = len(n.deps)
		for _, d := range n.deps {
			dependents[d.to] = append(dependents[d.to], n)
		}
	}
	tasks := make(map[*node]*task, len(order))
	ready := make(chan *task, len(order))
	start := func(n *node) {
		if _, ok := n.decl.(*resourceDecl); !ok {
			return
		}
		t := &task{n: n, instances: e.instances[n.mod], done: make(chan struct{})}
		tasks[n] = t
		ready <- t
	}
	for _, n := range order {
		if pending[n] == 0 {
			start(n)
		}
	}

	// Workers copy a template taken before they start: the committer goes on
	// writing the evaluator's own diagnostics and state.
	tmpl := *e
	tmpl.buffered = true
	tmpl.diags, tmpl.onceAt, tmpl.omitted, tmpl.out, tmpl.cur, tmpl.quiet = nil, nil, nil, nil, nil, false
	var wg sync.WaitGroup
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range ready {
				d := t.n.decl.(*resourceDecl)
				for _, mi := range t.instances {
					w := tmpl
					w.cur = t.n
					t.results = append(t.results, (&w).evalResource(mi, d, true))
				}
				close(t.done)
			}
		}()
	}

	for _, n := range order {
		if t, ok := tasks[n]; ok {
			<-t.done
			for _, re := range t.results {
				e.finishResource(re)
			}
			delete(tasks, n)
		} else {
			e.evalNode(n)
		}
		for _, m := range dependents[n] {
			if pending[m]--; pending[m] == 0 {
				start(m)
			}
		}
	}
	close(ready)
	wg.Wait()
}
