package layout

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update rewrites the golden files: go test ./report/graph/layout -update.
var update = flag.Bool("update", false, "rewrite golden files")

type sample struct {
	name string
	g    *Graph
}

func samples() []sample {
	return []sample{
		{"basic", basicVPC()},
		{"traced", tracedPath()},
		{"awkward", awkward()},
		{"network40", network(40)},
	}
}

var directions = []struct {
	name string
	dir  Direction
}{{"lr", LeftToRight}, {"tb", TopToBottom}}

func render(t testing.TB, g *Graph, opt Options) (*Layout, []byte) {
	t.Helper()
	l, err := Compute(g, opt)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := l.WriteSVG(&b, SVGOptions{Kinds: sampleKinds}); err != nil {
		t.Fatal(err)
	}
	return l, b.Bytes()
}

func TestDeterministic(t *testing.T) {
	for _, s := range samples() {
		for _, d := range directions {
			for _, limit := range []int{0, -1} {
				opt := Options{Direction: d.dir, MaxLayered: limit}
				_, a := render(t, s.g, opt)
				// A fresh copy of the graph, so nothing cached in it counts.
				_, b := render(t, clone(s.g), opt)
				if !bytes.Equal(a, b) {
					t.Errorf("%s %s limit %d: two renderings differ", s.name, d.name, limit)
				}
			}
		}
	}
}

func clone(g *Graph) *Graph {
	c := &Graph{}
	c.Nodes = append(c.Nodes, g.Nodes...)
	c.Clusters = append(c.Clusters, g.Clusters...)
	c.Edges = append(c.Edges, g.Edges...)
	return c
}

func TestGeometry(t *testing.T) {
	for _, s := range samples() {
		for _, d := range directions {
			for _, limit := range []int{0, -1} {
				l, _ := render(t, s.g, Options{Direction: d.dir, MaxLayered: limit})
				want := Layered
				if limit < 0 {
					want = Grid
				}
				if l.Method != want {
					t.Errorf("%s %s: method %s, want %s", s.name, d.name, l.Method, want)
				}
				for _, err := range checkGeometry(l) {
					t.Errorf("%s %s %s: %v", s.name, d.name, l.Method, err)
				}
			}
		}
	}
}

// checkGeometry lists the broken invariants of a layout.
func checkGeometry(l *Layout) []error {
	const eps = 0.01
	g := l.Graph
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	overlap := func(a, b Rect) bool {
		return a.X < b.X+b.W-eps && b.X < a.X+a.W-eps && a.Y < b.Y+b.H-eps && b.Y < a.Y+a.H-eps
	}
	inside := func(in, out Rect) bool {
		return in.X >= out.X-eps && in.Y >= out.Y-eps && in.X+in.W <= out.X+out.W+eps && in.Y+in.H <= out.Y+out.H+eps
	}
	whole := Rect{0, 0, l.Width, l.Height}
	clusterIdx := map[string]int{}
	for i, c := range g.Clusters {
		clusterIdx[c.ID] = i
	}
	for i, a := range l.Nodes {
		if !inside(a, whole) {
			bad("node %s outside the drawing", g.Nodes[i].ID)
		}
		for j := i + 1; j < len(l.Nodes); j++ {
			if overlap(a, l.Nodes[j]) {
				bad("nodes %s and %s overlap", g.Nodes[i].ID, g.Nodes[j].ID)
			}
		}
		if c := g.Nodes[i].Cluster; c != "" && !inside(a, l.Clusters[clusterIdx[c]]) {
			bad("node %s outside its cluster %s", g.Nodes[i].ID, c)
		}
		// A node is inside no cluster but its own and their ancestors.
		for k, c := range g.Clusters {
			if overlap(a, l.Clusters[k]) && !holds(g, clusterIdx, c.ID, g.Nodes[i].Cluster) {
				bad("node %s overlaps cluster %s", g.Nodes[i].ID, c.ID)
			}
		}
	}
	for i, a := range l.Clusters {
		if p := g.Clusters[i].Parent; p != "" && !inside(a, l.Clusters[clusterIdx[p]]) {
			bad("cluster %s not inside its parent %s", g.Clusters[i].ID, p)
		}
		for j := i + 1; j < len(l.Clusters); j++ {
			ci, cj := g.Clusters[i].ID, g.Clusters[j].ID
			if holds(g, clusterIdx, ci, cj) || holds(g, clusterIdx, cj, ci) {
				continue
			}
			if overlap(a, l.Clusters[j]) {
				bad("clusters %s and %s overlap", ci, cj)
			}
		}
	}
	box := func(id string) Rect {
		if c, ok := clusterIdx[id]; ok {
			return l.Clusters[c]
		}
		for i, n := range g.Nodes {
			if n.ID == id {
				return l.Nodes[i]
			}
		}
		panic(id)
	}
	onBorder := func(p Point, r Rect) bool {
		if !r.Contains(p, eps) {
			return false
		}
		return math.Abs(p.X-r.X) < eps || math.Abs(p.X-r.X-r.W) < eps || math.Abs(p.Y-r.Y) < eps || math.Abs(p.Y-r.Y-r.H) < eps
	}
	for i, e := range g.Edges {
		p := l.Edges[i].Path
		if len(p) < 4 || (len(p)-1)%3 != 0 {
			bad("edge %d %s→%s: path of %d points", i, e.From, e.To, len(p))
			continue
		}
		if !onBorder(p[0], box(e.From)) {
			bad("edge %d %s→%s starts at %v, off the border of %v", i, e.From, e.To, p[0], box(e.From))
		}
		if !onBorder(p[len(p)-1], box(e.To)) {
			bad("edge %d %s→%s ends at %v, off the border of %v", i, e.From, e.To, p[len(p)-1], box(e.To))
		}
		lab := l.Edges[i].Label
		drawn := e.annotated()
		if l.Method == Grid {
			drawn = len(e.Hops) > 0 || e.Block != ""
		}
		if drawn != (lab != Rect{}) {
			bad("edge %d %s→%s: label box %v for annotated=%v", i, e.From, e.To, lab, e.annotated())
		}
		if lab == (Rect{}) || l.Method != Layered {
			continue // a grid puts labels in the middle of the line, come what may
		}
		for k, n := range l.Nodes {
			if overlap(lab, n) {
				bad("label of edge %d %s→%s covers node %s", i, e.From, e.To, g.Nodes[k].ID)
			}
		}
		for j := range g.Edges {
			if other := l.Edges[j].Label; j > i && other != (Rect{}) && overlap(lab, other) {
				bad("labels of edges %d and %d overlap", i, j)
			}
		}
	}
	return errs
}

// holds reports whether cluster anc is c or one of its ancestors.
func holds(g *Graph, idx map[string]int, anc, c string) bool {
	for c != "" {
		if c == anc {
			return true
		}
		c = g.Clusters[idx[c]].Parent
	}
	return false
}

func TestSVGIsXML(t *testing.T) {
	for _, s := range samples() {
		for _, d := range directions {
			_, out := render(t, s.g, Options{Direction: d.dir})
			counts, err := elements(out)
			if err != nil {
				t.Fatalf("%s %s: %v", s.name, d.name, err)
			}
			if counts["svg"] != 1 {
				t.Errorf("%s %s: %d svg elements", s.name, d.name, counts["svg"])
			}
			if got, want := counts["node"], len(s.g.Nodes); got != want {
				t.Errorf("%s %s: %d node groups, want %d", s.name, d.name, got, want)
			}
			if got, want := counts["cluster"], len(s.g.Clusters); got != want {
				t.Errorf("%s %s: %d cluster groups, want %d", s.name, d.name, got, want)
			}
			if got, want := counts["edge"], len(s.g.Edges); got != want {
				t.Errorf("%s %s: %d edge groups, want %d", s.name, d.name, got, want)
			}
			for _, ref := range []string{"href", "http://www.w3.org/1999/xlink", "<image", "<script", "@import", "url(http"} {
				if bytes.Contains(out, []byte(ref)) {
					t.Errorf("%s %s: SVG holds %q", s.name, d.name, ref)
				}
			}
		}
	}
}

// elements parses an SVG strictly and counts its svg element and the
// groups with a data-id by their first class.
func elements(svg []byte) (map[string]int, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	counts := map[string]int{}
	ids := map[string]bool{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return counts, nil
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local == "svg" {
			counts["svg"]++
		}
		var class, dataID, id string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "class":
				class = strings.Fields(a.Value + " ")[0]
			case "data-id":
				dataID = a.Value
			case "id":
				id = a.Value
			}
		}
		if id != "" {
			if ids[id] {
				return nil, fmt.Errorf("duplicate id %q", id)
			}
			ids[id] = true
		}
		if se.Name.Local == "g" && dataID != "" && id != "" {
			counts[class]++
		}
	}
}

func TestEscaping(t *testing.T) {
	_, out := render(t, awkward(), Options{})
	s := string(out)
	for _, raw := range []string{"<script>", `<evil`, "\x01", "\xff", "\t"} {
		if strings.Contains(s, raw) {
			t.Errorf("SVG holds raw %q", raw)
		}
	}
	for _, esc := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", `data-id="vpc:&lt;evil &amp; &#34;co&#34;&gt;"`, "it&#39;s\uFFFDhere", "bad \uFFFD utf-8"} {
		if !strings.Contains(s, esc) {
			t.Errorf("SVG lacks %q", esc)
		}
	}
	// Parsed back, data-id gives the ID exactly.
	dec := xml.NewDecoder(strings.NewReader(s))
	found := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == "data-id" && a.Value == `vpc:<evil & "co">` {
					found = true
				}
			}
		}
	}
	if !found {
		t.Error(`data-id vpc:<evil & "co"> does not parse back`)
	}
}

func TestToken(t *testing.T) {
	seen := map[string]string{}
	for _, s := range []string{"a b", "a_b", "a_20b", "vpc:prod/subnet:a", "é", "-x"} {
		tok := token(s)
		for _, r := range tok {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				t.Errorf("token(%q) = %q holds %q", s, tok, r)
			}
		}
		if prev, dup := seen[tok]; dup {
			t.Errorf("token(%q) = token(%q) = %q", s, prev, tok)
		}
		seen[tok] = s
	}
}

func TestKindColoursAreChecked(t *testing.T) {
	css := kindCSS(map[string]Style{"ok": {Fill: "#abcdef"}, "evil": {Fill: "red;}</style><script>", Stroke: "url(x)"}})
	if !strings.Contains(css, "fill:#abcdef") {
		t.Errorf("good colour dropped: %s", css)
	}
	if strings.Contains(css, "script") || strings.Contains(css, "url") {
		t.Errorf("bad colour kept: %s", css)
	}
}

func TestInvalidGraphs(t *testing.T) {
	for name, g := range map[string]*Graph{
		"duplicate":     {Nodes: []Node{{ID: "a"}}, Clusters: []Cluster{{ID: "a"}}},
		"no id":         {Nodes: []Node{{}}},
		"unknown clust": {Nodes: []Node{{ID: "a", Cluster: "x"}}},
		"node parent":   {Nodes: []Node{{ID: "a"}}, Clusters: []Cluster{{ID: "c", Parent: "a"}}},
		"cycle":         {Clusters: []Cluster{{ID: "a", Parent: "b"}, {ID: "b", Parent: "a"}}},
		"unknown end":   {Nodes: []Node{{ID: "a"}}, Edges: []Edge{{From: "a", To: "b"}}},
		"into itself":   {Nodes: []Node{{ID: "a", Cluster: "c"}}, Clusters: []Cluster{{ID: "c"}}, Edges: []Edge{{From: "c", To: "a"}}},
	} {
		if _, err := Compute(g, Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if l, err := Compute(&Graph{}, Options{}); err != nil || l.Width <= 0 {
		t.Errorf("empty graph: %v %v", l, err)
	}
}

func TestAdvanceTable(t *testing.T) {
	if len(advance) != 0x7f-0x20 {
		t.Fatalf("advance has %d entries", len(advance))
	}
	if TextWidth("iii", 12) >= TextWidth("WWW", 12) {
		t.Error("narrow letters measure as wide ones")
	}
}

// TestCrossings checks that crossing reduction does its job on a graph
// with an obvious drawing without crossings.
func TestCrossings(t *testing.T) {
	g := &Graph{}
	// Two ladders whose input order interleaves them.
	for i := range 6 {
		g.Nodes = append(g.Nodes, Node{ID: fmt.Sprint("a", i), Label: []string{"a"}}, Node{ID: fmt.Sprint("b", i), Label: []string{"b"}})
	}
	for i := range 5 {
		g.Edges = append(g.Edges, Edge{From: fmt.Sprint("a", i), To: fmt.Sprint("b", i+1)}, Edge{From: fmt.Sprint("b", i), To: fmt.Sprint("a", i+1)})
	}
	ix, err := newIndex(g)
	if err != nil {
		t.Fatal(err)
	}
	ly := &layers{ix: ix}
	ly.build()
	ly.breakCycles()
	ly.rank()
	ly.seatAnchors()
	ly.spans()
	ly.split(1000)
	ly.order()
	if c := ly.crossings(); c != 0 {
		t.Errorf("%d crossings, want 0", c)
	}
}

func TestGolden(t *testing.T) {
	for _, s := range samples()[:3] {
		for _, d := range directions {
			_, got := render(t, s.g, Options{Direction: d.dir})
			path := filepath.Join("testdata", s.name+"-"+d.name+".svg")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./report/graph/layout -update creates it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs (go test ./report/graph/layout -update rewrites it after review)", path)
			}
		}
	}
}

func TestBigGraphFallsBackToGrid(t *testing.T) {
	g := network(200) // ~1,250 nodes
	l, _ := render(t, g, Options{})
	if l.Method != Grid {
		t.Errorf("method %s, want grid", l.Method)
	}
	for _, err := range checkGeometry(l) {
		t.Error(err)
	}
	if l, _ := render(t, network(48), Options{}); l.Method != Layered {
		t.Errorf("250 nodes: method %s, want layered", l.Method)
	}
}

func benchmarkNetwork(b *testing.B, vpcs int) {
	g := network(vpcs)
	b.ReportAllocs()
	var l *Layout
	for b.Loop() {
		var err error
		if l, err = Compute(g, Options{}); err != nil {
			b.Fatal(err)
		}
		if err := l.WriteSVG(io.Discard, SVGOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(g.Nodes)), "nodes")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/graph")
	_ = l
}

// BenchmarkLayout300 is a focused neighbourhood (~300 nodes), laid out in
// layers.
func BenchmarkLayout300(b *testing.B) { benchmarkNetwork(b, 48) }

// BenchmarkLayout20000 is a whole network (~20,000 nodes), packed as a
// grid.
func BenchmarkLayout20000(b *testing.B) { benchmarkNetwork(b, 3200) }
