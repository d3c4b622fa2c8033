package dataplane_test

import (
	"testing"
	"unsafe"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
)

func TestZZSize(t *testing.T) {
	net := enginetest.Linked(t, 2000)
	d := dataplane.Compile(net)
	t.Logf("nodes %d/%d (%d B) edges %d/%d (%d B) outcome %d range", len(d.Nodes), cap(d.Nodes), unsafe.Sizeof(d.Nodes[0]), len(d.Edges), cap(d.Edges), unsafe.Sizeof(d.Edges[0]), unsafe.Sizeof(d.Edges[0].ModeFail))
}
