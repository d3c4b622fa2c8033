package graph

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// WriteMermaid writes the graph as a mermaid flowchart, which GitHub and
// GitLab render in markdown: clusters as subgraphs, kinds as classes, a
// traced path's edges bold and numbered, blocking points red.
func (g *Graph) WriteMermaid(w io.Writer) error {
	bw := bufio.NewWriter(w)
	m := &mermaidWriter{w: bw, g: g, ids: map[string]string{}}
	m.write()
	return bw.Flush()
}

type mermaidWriter struct {
	w   *bufio.Writer
	g   *Graph
	ids map[string]string // element ID → mermaid id
}

func (m *mermaidWriter) printf(format string, args ...any) { fmt.Fprintf(m.w, format, args...) }

// mermaidText escapes a label for a quoted mermaid string: quotes and
// angle brackets as entity codes (mermaid would read them as markup),
// lines joined with <br/>.
func mermaidText(lines []string) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		var b strings.Builder
		for _, r := range l {
			switch r {
			case '"':
				b.WriteString("#quot;")
			case '<':
				b.WriteString("#lt;")
			case '>':
				b.WriteString("#gt;")
			case '#':
				b.WriteString("#35;")
			case '&':
				b.WriteString("#amp;")
			case '\n', '\r':
				b.WriteByte(' ')
			default:
				b.WriteRune(r)
			}
		}
		parts[i] = b.String()
	}
	return strings.Join(parts, "<br/>")
}

// mermaidClass is a kind as a mermaid class name (letters, digits, _).
func mermaidClass(kind string) string { return "k_" + strings.ReplaceAll(kind, "-", "_") }

func (m *mermaidWriter) write() {
	g := m.g
	for i, c := range g.Clusters {
		m.ids[c.ID] = "c" + strconv.Itoa(i)
	}
	for i, n := range g.Nodes {
		m.ids[n.ID] = "n" + strconv.Itoa(i)
	}
	m.printf("flowchart LR\n")
	children := map[string][]string{}
	for _, c := range g.Clusters {
		children[c.Parent] = append(children[c.Parent], c.ID)
	}
	nodesIn := map[string][]*Node{}
	for _, n := range g.Nodes {
		nodesIn[n.Cluster] = append(nodesIn[n.Cluster], n)
	}
	classes := map[string][]string{}
	var order []string
	class := func(kind, id string) {
		if _, ok := classes[kind]; !ok {
			order = append(order, kind)
		}
		classes[kind] = append(classes[kind], id)
	}
	var blocked, onPath []string
	var cluster func(id, indent string)
	cluster = func(id, indent string) {
		c := g.Cluster(id)
		label := c.Label
		if c.Block != "" {
			label = append(slices.Clip(label), "× "+c.Block)
			blocked = append(blocked, m.ids[id])
		}
		m.printf("%ssubgraph %s[\"%s\"]\n", indent, m.ids[id], mermaidText(label))
		for _, n := range nodesIn[id] {
			m.node(n, indent+"  ", class, &blocked, &onPath)
		}
		for _, ch := range children[id] {
			cluster(ch, indent+"  ")
		}
		m.printf("%send\n", indent)
		class(c.Kind, m.ids[id])
	}
	for _, n := range nodesIn[""] {
		m.node(n, "  ", class, &blocked, &onPath)
	}
	for _, ch := range children[""] {
		cluster(ch, "  ")
	}
	var hop, block []int
	for i, e := range g.Edges {
		label := edgeLabel(e)
		arrow := "-->"
		if st := styles[e.Kind]; st.Dashed && len(e.Hops) == 0 && !e.Carries {
			arrow = "-.->"
		}
		if len(e.Hops) > 0 || e.Carries {
			arrow = "==>"
		}
		if label != "" {
			m.printf("  %s %s|\"%s\"| %s\n", m.ids[e.From], arrow, label, m.ids[e.To])
		} else {
			m.printf("  %s %s %s\n", m.ids[e.From], arrow, m.ids[e.To])
		}
		switch {
		case e.Block != "":
			block = append(block, i)
		case len(e.Hops) > 0 || e.Carries:
			hop = append(hop, i)
		}
	}
	for _, k := range order {
		st := styles[k]
		def := "fill:" + st.Fill + ",stroke:" + st.Stroke
		if st.Dashed {
			def += ",stroke-dasharray:4 3"
		}
		m.printf("  classDef %s %s\n", mermaidClass(k), def)
		m.printf("  class %s %s\n", strings.Join(classes[k], ","), mermaidClass(k))
	}
	if len(onPath) > 0 {
		m.printf("  classDef onpath stroke:%s,stroke-width:3px\n", pathColour)
		m.printf("  class %s onpath\n", strings.Join(onPath, ","))
	}
	if len(blocked) > 0 {
		m.printf("  classDef blocked stroke:%s,stroke-width:3px,color:%s\n", blockColour, blockColour)
		m.printf("  class %s blocked\n", strings.Join(blocked, ","))
	}
	if len(hop) > 0 {
		m.printf("  linkStyle %s stroke:%s,stroke-width:3px\n", joinInts(hop, ","), pathColour)
	}
	if len(block) > 0 {
		m.printf("  linkStyle %s stroke:%s,stroke-width:3px\n", joinInts(block, ","), blockColour)
	}
}

func (m *mermaidWriter) node(n *Node, indent string, class func(kind, id string), blocked, onPath *[]string) {
	id := m.ids[n.ID]
	label := n.Label
	if n.Block != "" {
		label = append(slices.Clip(label), "× "+n.Block)
		*blocked = append(*blocked, id)
	} else if n.OnPath {
		*onPath = append(*onPath, id)
	}
	left, right := "[\"", "\"]"
	switch n.Kind {
	case KindInternet, KindOnPrem:
		left, right = "((\"", "\"))"
	case KindPeering:
		left, right = "{{\"", "\"}}"
	case KindRouteTable, KindTGWRouteTable:
		left, right = "[/\"", "\"/]"
	}
	m.printf("%s%s%s%s%s\n", indent, id, left, mermaidText(label), right)
	class(n.Kind, id)
}

// edgeLabel is what an edge says: its hop numbers, label lines and block
// code, on one line.
func edgeLabel(e *Edge) string {
	var parts []string
	if len(e.Hops) > 0 {
		nums := make([]string, len(e.Hops))
		for i, h := range e.Hops {
			nums[i] = strconv.Itoa(h)
		}
		parts = append(parts, "hop "+strings.Join(nums, ", "))
	}
	parts = append(parts, e.Label...)
	if e.Block != "" {
		parts = append(parts, "× "+e.Block)
	}
	return mermaidText([]string{strings.Join(parts, " ")})
}

func joinInts(xs []int, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, sep)
}

// Flow is one path drawn on its own in WriteMermaidFlows: the elements it
// passes, in order (Graph.Elements of a recorded walk), a title, and the
// code that stopped it, if something did.
type Flow struct {
	Title    string
	Elements []string
	Block    string
}

// WriteMermaidFlows writes a set of paths as one mermaid flowchart, each
// path a subgraph titled with its Title, its steps numbered, a blocked
// path's last step red with its code. The elements are named as g draws
// them. diff's markdown uses it for the paths a change gains or loses.
func WriteMermaidFlows(w io.Writer, g *Graph, flows []Flow) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "flowchart LR\n")
	var blockedLinks []int
	links := 0
	for i, f := range flows {
		fmt.Fprintf(bw, "  subgraph f%d[\"%s\"]\n", i, mermaidText([]string{f.Title}))
		fmt.Fprintf(bw, "    direction LR\n")
		for j, el := range f.Elements {
			label := []string{el}
			if n := g.Node(el); n != nil {
				label = n.Label
			} else if c := g.Cluster(el); c != nil {
				label = c.Label
			}
			fmt.Fprintf(bw, "    f%d_%d[\"%s\"]\n", i, j, mermaidText(label))
		}
		for j := 1; j < len(f.Elements); j++ {
			text := strconv.Itoa(j)
			if f.Block != "" && j == len(f.Elements)-1 {
				text += " × " + f.Block
				blockedLinks = append(blockedLinks, links)
			}
			fmt.Fprintf(bw, "    f%d_%d -->|\"%s\"| f%d_%d\n", i, j-1, mermaidText([]string{text}), i, j)
			links++
		}
		if f.Block != "" && len(f.Elements) == 1 {
			fmt.Fprintf(bw, "    style f%d_0 stroke:%s,stroke-width:3px\n", i, blockColour)
		}
		fmt.Fprintf(bw, "  end\n")
	}
	if len(blockedLinks) > 0 {
		fmt.Fprintf(bw, "  linkStyle %s stroke:%s,stroke-width:3px\n", joinInts(blockedLinks, ","), blockColour)
	}
	return bw.Flush()
}
