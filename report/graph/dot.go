package graph

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteDot writes the graph in the Graphviz dot language: VPCs, subnets and
// transit gateways as clusters, a traced path's edges bold and blue with
// their hop numbers, blocking points red with their codes. Edges ending on
// a cluster end on an invisible anchor inside it, clipped at the border
// (compound=true, lhead/ltail).
func (g *Graph) WriteDot(w io.Writer) error {
	bw := bufio.NewWriter(w)
	d := &dotWriter{w: bw, g: g, anchored: map[string]bool{}}
	d.write()
	return bw.Flush()
}

type dotWriter struct {
	w        *bufio.Writer
	g        *Graph
	anchored map[string]bool
}

func (d *dotWriter) printf(format string, args ...any) { fmt.Fprintf(d.w, format, args...) }

// dotString quotes s as a dot string: backslashes and quotes escaped,
// newlines as \n (centred lines).
func dotString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func anchorID(cluster string) string { return cluster + "#anchor" }

func clusterName(id string) string { return dotString("cluster_" + id) }

func (d *dotWriter) write() {
	g := d.g
	d.printf("digraph vpcheck {\n")
	d.printf("\tgraph [rankdir=LR, compound=true, fontname=\"Helvetica\", fontsize=11, nodesep=0.25, ranksep=0.5];\n")
	d.printf("\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=10];\n")
	d.printf("\tedge [fontname=\"Helvetica\", fontsize=9, color=\"#6e7781\", arrowsize=0.7];\n")
	for _, e := range g.Edges {
		for _, end := range []string{e.From, e.To} {
			if g.Cluster(end) != nil {
				d.anchored[end] = true
			}
		}
	}
	children := map[string][]string{}
	for _, c := range g.Clusters {
		children[c.Parent] = append(children[c.Parent], c.ID)
	}
	nodesIn := map[string][]*Node{}
	for _, n := range g.Nodes {
		nodesIn[n.Cluster] = append(nodesIn[n.Cluster], n)
	}
	var cluster func(id, indent string)
	cluster = func(id, indent string) {
		c := g.Cluster(id)
		st := styles[c.Kind]
		label := strings.Join(c.Label, "\n")
		colour, width := st.Stroke, "1"
		if c.Block != "" {
			label += "\n× " + c.Block
			colour, width = blockColour, "2.5"
		}
		dash := ""
		if st.Dashed {
			dash = ",dashed"
		}
		d.printf("%ssubgraph %s {\n", indent, clusterName(id))
		d.printf("%s\tlabel=%s; labeljust=l; style=\"rounded,filled%s\"; fillcolor=%s; color=%s; penwidth=%s; id=%s;\n",
			indent, dotString(label), dash, dotString(st.Fill), dotString(colour), width, dotString("c-"+id))
		if d.anchored[id] {
			d.printf("%s\t%s [shape=point, style=invis, width=0.01, label=\"\"];\n", indent, dotString(anchorID(id)))
		}
		for _, n := range nodesIn[id] {
			d.node(n, indent+"\t")
		}
		for _, ch := range children[id] {
			cluster(ch, indent+"\t")
		}
		d.printf("%s}\n", indent)
	}
	for _, n := range nodesIn[""] {
		d.node(n, "\t")
	}
	for _, ch := range children[""] {
		cluster(ch, "\t")
	}
	for _, e := range g.Edges {
		d.edge(e)
	}
	d.printf("}\n")
}

func (d *dotWriter) node(n *Node, indent string) {
	st := styles[n.Kind]
	label := strings.Join(n.Label, "\n")
	attrs := []string{"id=" + dotString("n-"+n.ID), "label=" + dotString(label)}
	if st.Shape != "" {
		attrs = append(attrs, "shape="+st.Shape)
	}
	style := "rounded,filled"
	if st.Shape != "" {
		style = "filled"
	}
	if st.Dashed {
		style += ",dashed"
	}
	colour := st.Stroke
	switch {
	case n.Block != "":
		attrs[1] = "label=" + dotString(label+"\n× "+n.Block)
		colour = blockColour
		attrs = append(attrs, "penwidth=2.5", "fontcolor="+dotString(blockColour))
	case n.OnPath:
		colour = pathColour
		attrs = append(attrs, "penwidth=2")
	}
	attrs = append(attrs, "style="+dotString(style), "fillcolor="+dotString(st.Fill), "color="+dotString(colour))
	d.printf("%s%s [%s];\n", indent, dotString(n.ID), strings.Join(attrs, ", "))
}

func (d *dotWriter) end(id string) (name, clusterAttr string) {
	if d.g.Cluster(id) != nil {
		return dotString(anchorID(id)), clusterName(id)
	}
	return dotString(id), ""
}

func (d *dotWriter) edge(e *Edge) {
	st := styles[e.Kind]
	from, ltail := d.end(e.From)
	to, lhead := d.end(e.To)
	attrs := []string{"id=" + dotString("e-"+e.ID)}
	label := e.Label
	if len(e.Hops) > 0 {
		nums := make([]string, len(e.Hops))
		for i, h := range e.Hops {
			nums[i] = "#" + strconv.Itoa(h)
		}
		label = append([]string{strings.Join(nums, " ")}, label...)
	}
	if e.Block != "" {
		label = append(label, "× "+e.Block)
	}
	if len(label) > 0 {
		attrs = append(attrs, "label="+dotString(strings.Join(label, "\n")))
	}
	colour := st.Stroke
	switch {
	case e.Block != "":
		attrs = append(attrs, "color="+dotString(blockColour), "fontcolor="+dotString(blockColour), "penwidth=2.5", "style=dashed")
	case len(e.Hops) > 0 || e.Carries:
		attrs = append(attrs, "color="+dotString(pathColour), "fontcolor="+dotString(pathColour), "penwidth=2.5")
	default:
		if colour != "" {
			attrs = append(attrs, "color="+dotString(colour))
		}
		if st.Dashed {
			attrs = append(attrs, "style=dashed")
		}
	}
	if ltail != "" {
		attrs = append(attrs, "ltail="+ltail)
	}
	if lhead != "" {
		attrs = append(attrs, "lhead="+lhead)
	}
	d.printf("\t%s -> %s [%s];\n", from, to, strings.Join(attrs, ", "))
}
