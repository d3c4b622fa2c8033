package symbolic

import "github.com/vpcheck/vpcheck/analyzer/dataplane"

// NewInSpace prepares the symbolic engine for a data plane on a given
// packet space, so that the sets of engines on two data planes (the two
// sides of a diff) can be compared directly: in one space, equal sets are
// equal nodes. Engines sharing a space may not be used concurrently.
func NewInSpace(d *dataplane.Dataplane, ops *Space) *Engine {
	e := New(d)
	e.ops = ops
	return e
}
