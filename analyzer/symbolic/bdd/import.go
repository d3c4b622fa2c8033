package bdd

import "fmt"

// Importer copies diagrams from one factory into another over the same
// variables, so that work done in separate factories (one per goroutine:
// a Factory is not safe for concurrent use) can be combined. The copy of a
// node is made once per Importer; the source factory is only read, and
// must not change (nor be collected) while the Importer is in use.
type Importer struct {
	to, from *Factory
	memo     map[Node]Node
}

// ImporterFrom returns an Importer of from's diagrams into f.
func (f *Factory) ImporterFrom(from *Factory) *Importer {
	if from.numVars != f.numVars {
		panic(fmt.Sprintf("bdd: import between factories of %d and %d variables", from.numVars, f.numVars))
	}
	return &Importer{to: f, from: from, memo: map[Node]Node{}}
}

// Node is n of the source factory, as a node of the destination.
func (im *Importer) Node(n Node) Node {
	if n == False || n == True {
		return n
	}
	if m, ok := im.memo[n]; ok {
		return m
	}
	x := im.from.nodes[n]
	// Recursion is bounded by the number of variables: a child's level is
	// below its parent's.
	m := im.to.mk(x.level, im.Node(x.low), im.Node(x.high))
	im.memo[n] = m
	return m
}
