package layout_test

import (
	"fmt"
	"strings"

	"github.com/vpcheck/vpcheck/report/graph/layout"
)

// A renderer maps its objects to the graph, marks a traced path, computes
// the layout and writes the SVG.
func ExampleCompute() {
	g := &layout.Graph{
		Clusters: []layout.Cluster{
			{ID: "vpc:prod", Label: []string{"vpc prod", "10.0.0.0/16"}, Kind: "vpc"},
			{ID: "subnet:web", Label: []string{"subnet web"}, Kind: "subnet", Parent: "vpc:prod"},
		},
		Nodes: []layout.Node{
			{ID: "internet", Label: []string{"internet"}, Kind: "internet"},
			{ID: "igw", Label: []string{"igw-main"}, Kind: "igw", Cluster: "vpc:prod"},
			{ID: "web", Label: []string{"3 instances"}, Kind: "instances", Cluster: "subnet:web"},
		},
		Edges: []layout.Edge{
			{From: "internet", To: "igw", Hops: []int{1}},
			{From: "igw", To: "subnet:web", Label: []string{"10.0.1.0/24"}, Hops: []int{2}, Block: "NACL_INGRESS_DENY"},
		},
	}
	l, err := layout.Compute(g, layout.Options{Direction: layout.LeftToRight})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Method, len(l.Nodes), len(l.Edges))
	var svg strings.Builder
	if err := l.WriteSVG(&svg, layout.SVGOptions{
		IDPrefix: "g1-",
		Kinds:    map[string]layout.Style{"igw": {Fill: "#e6f4ea", Stroke: "#2e7d32"}},
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println(strings.HasPrefix(svg.String(), "<svg "), strings.Contains(svg.String(), `id="g1-n-igw"`))
	// Output:
	// layered 3 2
	// true true
}
