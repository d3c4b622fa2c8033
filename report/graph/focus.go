package graph

import (
	"github.com/vpcheck/vpcheck/model"
)

// Focus returns the neighbourhood of the element center: the element (with
// everything inside it, for a cluster), what lies within depth edges of
// it, the clusters holding those, and the drawn path if there is one. The
// order stays the graph's, so a focused picture is as stable as the whole.
func (g *Graph) Focus(center string, depth int) *Graph {
	children := map[string][]string{}
	for _, c := range g.Clusters {
		children[c.Parent] = append(children[c.Parent], c.ID)
	}
	for _, n := range g.Nodes {
		children[n.Cluster] = append(children[n.Cluster], n.ID)
	}
	adj := map[string][]string{}
	for _, e := range g.Edges {
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
	}
	reached := map[string]bool{}
	var frontier []string
	var subtree func(id string)
	subtree = func(id string) {
		if reached[id] {
			return
		}
		reached[id] = true
		frontier = append(frontier, id)
		for _, c := range children[id] {
			subtree(c)
		}
	}
	subtree(center)
	for range depth {
		var next []string
		for _, id := range frontier {
			for _, nb := range adj[id] {
				if !reached[nb] {
					reached[nb] = true
					next = append(next, nb)
				}
			}
		}
		frontier = next
	}
	for _, e := range g.Edges {
		if len(e.Hops) > 0 || e.Carries || e.Block != "" {
			reached[e.From], reached[e.To] = true, true
		}
	}
	for _, n := range g.Nodes {
		if n.OnPath || n.Block != "" {
			reached[n.ID] = true
		}
	}
	for _, c := range g.Clusters {
		if c.Block != "" {
			reached[c.ID] = true
		}
	}
	keep := map[string]bool{}
	for id := range reached {
		for p := id; p != ""; p = g.parentOf(p) {
			keep[p] = true
		}
	}

	out := newGraph()
	out.Path, out.Findings = g.Path, g.Findings
	for _, c := range g.Clusters {
		if keep[c.ID] {
			out.addCluster(c)
		}
	}
	for _, n := range g.Nodes {
		if keep[n.ID] {
			out.addNode(n)
		}
	}
	for o, id := range g.nodeOf {
		if keep[id] {
			out.nodeOf[o] = id
		}
	}
	for o, id := range g.elementOf {
		if keep[id] {
			out.elementOf[o] = id
		}
	}
	for _, e := range g.Edges {
		if keep[e.From] && keep[e.To] {
			out.kindIx[[3]string{e.From, e.To, e.Kind}] = len(out.Edges)
			if _, ok := out.edgeIx[[2]string{e.From, e.To}]; !ok {
				out.edgeIx[[2]string{e.From, e.To}] = len(out.Edges)
			}
			out.Edges = append(out.Edges, e)
		}
	}
	var fs []Finding
	for _, f := range g.Findings {
		if f.Element == "" || keep[f.Element] {
			fs = append(fs, f)
		}
	}
	out.Findings = fs
	return out
}

// Resolve finds the element a focus names: an element ID as drawn
// ("subnet:web-a", "route-table:private"), else the element drawing the
// object o (from the analyzer's selector), "" when nothing drawn stands
// for it.
func (g *Graph) Resolve(sel string, o model.Object) string {
	if g.Has(sel) {
		return sel
	}
	if o == nil {
		return ""
	}
	return g.elementOf[o]
}
