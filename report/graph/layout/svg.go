package layout

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// SVGOptions tune WriteSVG.
type SVGOptions struct {
	// IDPrefix starts every id in the drawing, so that several drawings can
	// share an HTML page.
	IDPrefix string
	// Kinds styles the nodes, clusters and edges of each kind.
	Kinds map[string]Style
	// CSS is added to the drawing's stylesheet after its own rules.
	CSS string
}

// Style is how the things of one kind are drawn. Colours are CSS colours
// ("#d4e5ff", "rgb(1,2,3)", "teal"); anything else is ignored.
type Style struct {
	Fill   string // node and cluster background
	Stroke string // border, or the line of an edge
	Dashed bool
}

// The drawing's own rules. Class names: vpgraph on the svg; node, cluster,
// edge and label on groups, with k-<kind>, and hop (on a traced path),
// on-path (a node joined by a hop edge) and blocked (the blocking point).
// Nested clusters are translucent, so depth shows as shade.
const baseCSS = `.vpgraph text{font-family:` + fontFamily + `;font-size:12px;fill:#1f2328}
.vpgraph .name{font-weight:bold}
.vpgraph .cluster>rect{fill:#0550ae;fill-opacity:.05;stroke:#8c959f;stroke-width:1}
.vpgraph .node>rect{fill:#ffffff;stroke:#57606a;stroke-width:1}
.vpgraph .edge>path{fill:none;stroke:#6e7781;stroke-width:1.2}
.vpgraph .label>rect{fill:#ffffff;fill-opacity:.85;stroke:none}
.vpgraph .badge>circle{fill:#0969da}
.vpgraph .badge>text{fill:#ffffff;font-size:10px;font-weight:bold}
.vpgraph .block{fill:#cf222e;font-weight:bold}
.vpgraph .arrow{fill:#6e7781}
.vpgraph .arrow-hop{fill:#0969da}
.vpgraph .arrow-blocked{fill:#cf222e}
`

// Rules after the kinds', so the path overlay wins over any kind's colours.
const overlayCSS = `.vpgraph .node.on-path>rect{stroke:#0969da;stroke-width:2}
.vpgraph .edge.hop>path{stroke:#0969da;stroke-width:3}
.vpgraph .edge.blocked>path{stroke:#cf222e;stroke-width:3;stroke-dasharray:6 3}
.vpgraph .node.blocked>rect,.vpgraph .cluster.blocked>rect{stroke:#cf222e;stroke-width:3}
`

// WriteSVG draws the layout as one <svg> element with no external
// references. Every node, cluster and edge is a <g> with an id (IDPrefix,
// then n-, c- or e-, then its ID encoded to letters, digits, '-' and '_'),
// data-id (the ID as given), data-kind and a <title> for hover text; an
// edge's group also has data-from and data-to, and its annotation is a
// second group of class label with the same data-id.
func (l *Layout) WriteSVG(w io.Writer, opt SVGOptions) error {
	ix := l.ix
	if ix == nil {
		var err error
		if ix, err = newIndex(l.Graph); err != nil {
			return err
		}
	}
	s := &svgWriter{w: bufio.NewWriter(w), l: l, ix: ix, p: opt.IDPrefix}
	s.write(opt)
	return s.w.Flush()
}

type svgWriter struct {
	w  *bufio.Writer
	l  *Layout
	ix *index
	p  string
}

func (s *svgWriter) printf(format string, args ...any) {
	fmt.Fprintf(s.w, format, args...)
}

func (s *svgWriter) write(opt SVGOptions) {
	l, g := s.l, s.l.Graph
	s.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="vpgraph" viewBox="0 0 %s %s" width="%s" height="%s" role="img">`+"\n",
		num(l.Width), num(l.Height), num(l.Width), num(l.Height))
	s.printf("<style>\n%s%s%s%s</style>\n", baseCSS, kindCSS(opt.Kinds), overlayCSS, text(opt.CSS, true))
	s.printf("<defs>\n")
	for _, m := range []string{"arrow", "arrow-hop", "arrow-blocked"} {
		s.printf(`<marker id="%s%s" class="%s" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,1L10,5L0,9z"/></marker>`+"\n", attr(s.p), m, m)
	}
	s.printf("</defs>\n")

	s.printf(`<g class="clusters">` + "\n")
	for _, c := range clustersByDepth(s.ix, false) {
		s.cluster(c)
	}
	s.printf("</g>\n")

	onPath := make([]bool, len(g.Nodes))
	var plain, marked []int
	for i := range g.Edges {
		e := &g.Edges[i]
		if len(e.Hops) > 0 || e.Block != "" {
			marked = append(marked, i)
		} else {
			plain = append(plain, i)
		}
		if len(e.Hops) > 0 {
			for _, end := range []end{s.ix.from[i], s.ix.to[i]} {
				if end.node >= 0 {
					onPath[end.node] = true
				}
			}
		}
	}
	s.printf(`<g class="edges">` + "\n")
	for _, i := range append(plain, marked...) {
		s.edge(i)
	}
	s.printf("</g>\n")
	s.printf(`<g class="nodes">` + "\n")
	for i := range g.Nodes {
		s.node(i, onPath[i])
	}
	s.printf("</g>\n")
	s.printf(`<g class="labels">` + "\n")
	for i := range g.Edges {
		if l.Edges[i].Label != (Rect{}) {
			s.label(i)
		}
	}
	s.printf("</g>\n</svg>\n")
}

// classes joins a base class, the kind's class and the flags that hold.
func classes(base, kind string, flags ...string) string {
	out := base
	if kind != "" {
		out += " k-" + token(kind)
	}
	for _, f := range flags {
		if f != "" {
			out += " " + f
		}
	}
	return out
}

func flagIf(on bool, name string) string {
	if on {
		return name
	}
	return ""
}

// title is hover text: the given title, else the lines.
func title(t string, lines []string, block string) string {
	if t == "" {
		t = strings.Join(lines, "\n")
	}
	if block != "" {
		t += "\nblocked: " + block
	}
	return t
}

func (s *svgWriter) cluster(i int) {
	c, r := &s.l.Graph.Clusters[i], s.l.Clusters[i]
	s.printf(`<g id="%sc-%s" class="%s" data-id="%s" data-kind="%s"><title>%s</title>`,
		attr(s.p), token(c.ID), classes("cluster", c.Kind, flagIf(c.Block != "", "blocked")), attr(c.ID), attr(c.Kind), text(title(c.Title, c.Label, c.Block), true))
	s.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="6"/>`, num(r.X), num(r.Y), num(r.W), num(r.H))
	x, y := r.X+clusterPad, r.Y+6+baseline
	for k, line := range c.Label {
		s.printf(`<text x="%s" y="%s"%s>%s</text>`, num(x), num(y), nameClass(k), text(line, false))
		y += lineHeight
	}
	if c.Block != "" {
		s.printf(`<text x="%s" y="%s" class="block">%s</text>`, num(x), num(y), text(c.Block, false))
	}
	s.printf("</g>\n")
}

// baseline is the distance from the top of a line of text to its baseline.
const baseline = 11.5

func nameClass(line int) string {
	if line == 0 {
		return ` class="name"`
	}
	return ""
}

func (s *svgWriter) node(i int, onPath bool) {
	n, r := &s.l.Graph.Nodes[i], s.l.Nodes[i]
	s.printf(`<g id="%sn-%s" class="%s" data-id="%s" data-kind="%s"><title>%s</title>`,
		attr(s.p), token(n.ID), classes("node", n.Kind, flagIf(onPath, "on-path"), flagIf(n.Block != "", "blocked")),
		attr(n.ID), attr(n.Kind), text(title(n.Title, n.Label, n.Block), true))
	s.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="5"/>`, num(r.X), num(r.Y), num(r.W), num(r.H))
	lines := len(n.Label)
	if n.Block != "" {
		lines++
	}
	cx := r.X + r.W/2
	y := r.Y + (r.H-float64(lines)*lineHeight)/2 + baseline
	for k, line := range n.Label {
		s.printf(`<text x="%s" y="%s" text-anchor="middle"%s>%s</text>`, num(cx), num(y), nameClass(k), text(line, false))
		y += lineHeight
	}
	if n.Block != "" {
		s.printf(`<text x="%s" y="%s" text-anchor="middle" class="block">%s</text>`, num(cx), num(y), text(n.Block, false))
	}
	s.printf("</g>\n")
}

func (s *svgWriter) edgeID(i int) string {
	if id := s.l.Graph.Edges[i].ID; id != "" {
		return id
	}
	return "e" + strconv.Itoa(i)
}

func (s *svgWriter) edge(i int) {
	e, r := &s.l.Graph.Edges[i], s.l.Edges[i]
	id := s.edgeID(i)
	marker := "arrow"
	switch {
	case e.Block != "":
		marker = "arrow-blocked"
	case len(e.Hops) > 0:
		marker = "arrow-hop"
	}
	t := e.Title
	if t == "" {
		t = e.From + " → " + e.To
		if len(e.Label) > 0 {
			t += ": " + strings.Join(e.Label, " ")
		}
	}
	if len(e.Hops) > 0 {
		t += "\nhop " + joinInts(e.Hops)
	}
	if e.Block != "" {
		t += "\nblocked: " + e.Block
	}
	s.printf(`<g id="%se-%s" class="%s" data-id="%s" data-kind="%s" data-from="%s" data-to="%s"><title>%s</title>`,
		attr(s.p), token(id), classes("edge", e.Kind, flagIf(len(e.Hops) > 0, "hop"), flagIf(e.Block != "", "blocked")),
		attr(id), attr(e.Kind), attr(e.From), attr(e.To), text(t, true))
	s.printf(`<path d="%s" marker-end="url(#%s%s)"/></g>`+"\n", pathData(r.Path), attr(s.p), marker)
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ", ")
}

// label draws an edge's annotation: hop badges, then label lines, then the
// block code, on a light background that hides the line beneath.
func (s *svgWriter) label(i int) {
	e, r := &s.l.Graph.Edges[i], s.l.Edges[i].Label
	s.printf(`<g class="%s" data-id="%s">`, classes("label", e.Kind, flagIf(len(e.Hops) > 0, "hop"), flagIf(e.Block != "", "blocked")), attr(s.edgeID(i)))
	s.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="3"/>`, num(r.X), num(r.Y), num(r.W), num(r.H))
	x, cy := r.X+labelPad, r.Y+r.H/2
	for _, h := range e.Hops {
		s.printf(`<g class="badge"><circle cx="%s" cy="%s" r="%s"/><text x="%s" y="%s" text-anchor="middle">%d</text></g>`,
			num(x+badgeSize/2), num(cy), num(badgeSize/2), num(x+badgeSize/2), num(cy+3.5), h)
		x += badgeSize + 2
	}
	if len(e.Hops) > 0 {
		x += 2
	}
	lines := len(e.Label)
	if e.Block != "" {
		lines++
	}
	y := cy - float64(lines)*lineHeight/2 + baseline
	for _, line := range e.Label {
		s.printf(`<text x="%s" y="%s">%s</text>`, num(x), num(y), text(line, false))
		y += lineHeight
	}
	if e.Block != "" {
		s.printf(`<text x="%s" y="%s" class="block">%s</text>`, num(x), num(y), text(e.Block, false))
	}
	s.printf("</g>\n")
}

// pathData is an SVG path of a chain of cubic segments.
func pathData(p []Point) string {
	if len(p) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("M" + num(p[0].X) + "," + num(p[0].Y))
	for k := 1; k+2 < len(p); k += 3 {
		b.WriteString("C")
		for j := k; j < k+3; j++ {
			if j > k {
				b.WriteByte(' ')
			}
			b.WriteString(num(p[j].X) + "," + num(p[j].Y))
		}
	}
	return b.String()
}

// num prints a coordinate to a tenth of a pixel.
func num(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// kindCSS styles each kind, in sorted order.
func kindCSS(kinds map[string]Style) string {
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, k := range names {
		st := kinds[k]
		var box, line []string
		if colour(st.Fill) {
			box = append(box, "fill:"+st.Fill)
		}
		if colour(st.Stroke) {
			box = append(box, "stroke:"+st.Stroke)
			line = append(line, "stroke:"+st.Stroke)
		}
		if st.Dashed {
			box = append(box, "stroke-dasharray:4 3")
			line = append(line, "stroke-dasharray:4 3")
		}
		cls := ".k-" + token(k)
		if len(box) > 0 {
			fmt.Fprintf(&b, ".vpgraph .node%s>rect,.vpgraph .cluster%s>rect{%s}\n", cls, cls, strings.Join(box, ";"))
		}
		if len(line) > 0 {
			fmt.Fprintf(&b, ".vpgraph .edge%s>path{%s}\n", cls, strings.Join(line, ";"))
		}
	}
	return b.String()
}

// colour reports whether s is safe to put in a stylesheet as a colour.
func colour(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("#(),.% ", r)
		if !ok {
			return false
		}
	}
	if open := strings.IndexByte(s, '('); open >= 0 {
		switch s[:open] {
		case "rgb", "rgba", "hsl", "hsla":
		default:
			return false // url() and the like
		}
	}
	return true
}

// token encodes s into letters, digits, '-' and '_' (others as _xx, '_'
// included), so it is a valid id and CSS class and stays unique.
func token(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "_%02x", c)
		}
	}
	return b.String()
}

// text escapes s for XML character data; newlines survive only where
// allowed (hover titles). Characters XML cannot carry (controls, invalid
// UTF-8, U+FFFE, U+FFFF) become U+FFFD.
func text(s string, newlines bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&#34;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '\n' && newlines:
			b.WriteString("&#10;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || r >= 0x7f && r <= 0x9f || r == 0xfffe || r == 0xffff || r == 0xfffd:
			b.WriteRune(0xfffd)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// attr escapes s for an attribute value.
func attr(s string) string { return text(s, false) }
