// Package layout places a graph of nested clusters, nodes and labelled edges
// on a plane and draws it as one self-contained SVG element. It knows nothing
// of networks: a caller maps its objects to Nodes, Clusters and Edges, names
// their kinds for styling, and marks the hops and the blocking point of a
// traced path.
//
// Two placements exist. Up to Options.MaxLayered nodes the graph is laid out
// in layers (Sugiyama: cycle removal, layering, crossing reduction by
// barycentre sweeps, coordinate assignment under separation constraints),
// clusters kept contiguous and nested, edge labels given a place of their own
// so they never cover a node. Above it, clusters are packed as grids and
// edges drawn straight, which stays linear for tens of thousands of nodes.
// Layout.Method says which one was used.
//
// Everything is deterministic: the same Graph and Options give the same
// coordinates and the same SVG bytes. Order of the input slices matters (it
// breaks ties); no map is iterated and nothing is random.
package layout

import (
	"fmt"
)

// Graph is what is drawn. Node and cluster IDs share one namespace, since an
// edge may end on either.
type Graph struct {
	Nodes    []Node
	Clusters []Cluster
	Edges    []Edge
}

// Node is a box with one or more lines of text.
type Node struct {
	ID string
	// Label is the text, one entry a line; the first line is the name.
	Label []string
	// Kind names the sort of object ("igw", "nat", "instances"); it becomes
	// the CSS class k-<kind> and the data-kind attribute.
	Kind string
	// Cluster is the ID of the innermost cluster holding the node, "" for
	// none.
	Cluster string
	// Title is the hover text; the label lines when empty.
	Title string
	// Block is the code of the blocking point of a traced path when it is
	// this node ("NACL_INGRESS_DENY"); drawn in red under the label.
	Block string
}

// Cluster is a labelled box around nodes and other clusters.
type Cluster struct {
	ID    string
	Label []string
	Kind  string
	// Parent is the ID of the enclosing cluster, "" for none.
	Parent string
	Title  string
	// Block is a blocking code when the cluster itself is the blocking point
	// (a subnet's network ACL); drawn in red under the label.
	Block string
}

// Edge is an arrow from one node or cluster to another. An edge ending on a
// cluster ends on its border. An edge may not join a cluster to something
// inside it: nesting already says that.
type Edge struct {
	// ID is used for the SVG id and data-id; "e<index>" when empty.
	ID       string
	From, To string
	// Label is drawn on the edge, one entry a line ("0.0.0.0/0").
	Label []string
	Kind  string
	Title string
	// Hops are the numbers of the steps of a traced path that cross this
	// edge (1-based; there and back may cross it twice). The edge is drawn
	// bold with each number in a small circle.
	Hops []int
	// Block is the blocking code when the path stops on this edge.
	Block string
}

// annotated reports whether the edge carries something drawn beside it.
func (e *Edge) annotated() bool {
	return len(e.Label) > 0 || len(e.Hops) > 0 || e.Block != ""
}

// index is a validated Graph with IDs resolved to positions.
type index struct {
	g        *Graph
	parent   []int   // cluster → parent cluster, -1 for top level
	depth    []int   // cluster → nesting depth, 0 for top level
	children [][]int // cluster → child clusters in input order; last entry is the root's
	nodeCl   []int   // node → cluster, -1 for top level
	from, to []end   // edge → endpoints
}

// end is an edge endpoint: a node or a cluster.
type end struct {
	node, cluster int // exactly one is ≥ 0
}

func (e end) innermost(ix *index) int {
	if e.node >= 0 {
		return ix.nodeCl[e.node]
	}
	return e.cluster
}

// newIndex checks the graph: unique IDs, known references, no cluster
// nesting cycle, no edge from a cluster into itself.
func newIndex(g *Graph) (*index, error) {
	ix := &index{g: g}
	ids := make(map[string]end, len(g.Nodes)+len(g.Clusters))
	for i, n := range g.Nodes {
		if n.ID == "" {
			return nil, fmt.Errorf("node %d has no ID", i)
		}
		if _, dup := ids[n.ID]; dup {
			return nil, fmt.Errorf("duplicate ID %q", n.ID)
		}
		ids[n.ID] = end{node: i, cluster: -1}
	}
	for i, c := range g.Clusters {
		if c.ID == "" {
			return nil, fmt.Errorf("cluster %d has no ID", i)
		}
		if _, dup := ids[c.ID]; dup {
			return nil, fmt.Errorf("duplicate ID %q", c.ID)
		}
		ids[c.ID] = end{node: -1, cluster: i}
	}
	clusterOf := func(what, id string) (int, error) {
		if id == "" {
			return -1, nil
		}
		e, ok := ids[id]
		if !ok || e.cluster < 0 {
			return 0, fmt.Errorf("%s: unknown cluster %q", what, id)
		}
		return e.cluster, nil
	}
	ix.parent = make([]int, len(g.Clusters))
	for i, c := range g.Clusters {
		p, err := clusterOf("cluster "+c.ID, c.Parent)
		if err != nil {
			return nil, err
		}
		ix.parent[i] = p
	}
	ix.depth = make([]int, len(g.Clusters))
	for i := range g.Clusters {
		d := 0
		for p := ix.parent[i]; p >= 0; p = ix.parent[p] {
			d++
			if d > len(g.Clusters) {
				return nil, fmt.Errorf("cluster %q is nested in itself", g.Clusters[i].ID)
			}
		}
		ix.depth[i] = d
	}
	ix.children = make([][]int, len(g.Clusters)+1)
	for i, p := range ix.parent {
		ix.children[ix.slot(p)] = append(ix.children[ix.slot(p)], i)
	}
	ix.nodeCl = make([]int, len(g.Nodes))
	for i, n := range g.Nodes {
		c, err := clusterOf("node "+n.ID, n.Cluster)
		if err != nil {
			return nil, err
		}
		ix.nodeCl[i] = c
	}
	ix.from = make([]end, len(g.Edges))
	ix.to = make([]end, len(g.Edges))
	for i, e := range g.Edges {
		f, ok := ids[e.From]
		if !ok {
			return nil, fmt.Errorf("edge %d: unknown endpoint %q", i, e.From)
		}
		t, ok := ids[e.To]
		if !ok {
			return nil, fmt.Errorf("edge %d: unknown endpoint %q", i, e.To)
		}
		if f.cluster >= 0 && ix.within(t.innermost(ix), f.cluster) && f != t ||
			t.cluster >= 0 && ix.within(f.innermost(ix), t.cluster) && f != t {
			return nil, fmt.Errorf("edge %d: %q and %q: a cluster cannot be joined to its own contents", i, e.From, e.To)
		}
		ix.from[i], ix.to[i] = f, t
	}
	return ix, nil
}

// slot maps a cluster index, -1 for the top level, to an index of children.
func (ix *index) slot(c int) int {
	if c < 0 {
		return len(ix.g.Clusters)
	}
	return c
}

// within reports whether cluster c is anc or nested in it.
func (ix *index) within(c, anc int) bool {
	for ; c >= 0; c = ix.parent[c] {
		if c == anc {
			return true
		}
	}
	return false
}

// lca is the innermost cluster holding both a and b, -1 for the top level.
func (ix *index) lca(a, b int) int {
	for a >= 0 && b >= 0 && a != b {
		if ix.depth[a] >= ix.depth[b] {
			a = ix.parent[a]
		} else {
			b = ix.parent[b]
		}
	}
	if a != b {
		return -1
	}
	return a
}
