package layout

// Direction is the way edges flow in a layered layout.
type Direction int

const (
	// LeftToRight puts successive layers in columns (the default).
	LeftToRight Direction = iota
	// TopToBottom puts successive layers in rows.
	TopToBottom
)

// Method names the placement a Layout used.
type Method string

const (
	// Layered is the Sugiyama-style layout: few crossings, clusters kept
	// contiguous, edges as smooth curves between layers, every edge label in
	// a place of its own.
	Layered Method = "layered"
	// Grid packs each cluster's contents in rows and draws edges as straight
	// lines between borders. Edge labels are left to the hover titles; the
	// hop numbers and block code of a traced path sit at the middle of their
	// line and may cover other things. Used above Options.MaxLayered nodes, where
	// the layered layout would take too long and be unreadable anyway.
	Grid Method = "grid"
)

// DefaultMaxLayered is the number of nodes above which Compute packs a grid
// instead of layering, when Options.MaxLayered is 0.
const DefaultMaxLayered = 1000

// Options tune Compute.
type Options struct {
	Direction Direction
	// MaxLayered is the largest number of nodes laid out in layers; 0 means
	// DefaultMaxLayered, a negative value always packs a grid.
	MaxLayered int
}

// Point is a position in px, y growing downwards as in SVG.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned box: top-left corner and size, in px.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether p lies in r or on its border, within eps.
func (r Rect) Contains(p Point, eps float64) bool {
	return p.X >= r.X-eps && p.X <= r.X+r.W+eps && p.Y >= r.Y-eps && p.Y <= r.Y+r.H+eps
}

// Route is where an edge is drawn.
type Route struct {
	// Path is a chain of cubic Bézier segments: Path[0] is the start and
	// each following triple (control, control, end) is one segment. The
	// start lies on the border of the From node or cluster, the end on the
	// border of To (for a loop, both on the one node).
	Path []Point
	// Label is the box of what is drawn on the edge (hop numbers, label
	// lines, block code); zero when there is nothing (and, in a Grid, when
	// there are only label lines).
	Label Rect
}

// Layout is a placed graph, ready to draw. Its slices are parallel to the
// Graph's.
type Layout struct {
	Graph     *Graph
	Method    Method
	Direction Direction
	// Width and Height are the size of the drawing; every box lies within.
	Width, Height float64
	Nodes         []Rect
	Clusters      []Rect
	Edges         []Route
	ix            *index
}

// Compute places g. It fails only on a graph that does not hold together
// (duplicate or unknown IDs, a cluster nested in itself, an edge from a
// cluster into its own contents); the error names the culprit. g must not
// change while the Layout is in use.
func Compute(g *Graph, opt Options) (*Layout, error) {
	ix, err := newIndex(g)
	if err != nil {
		return nil, err
	}
	limit := opt.MaxLayered
	if limit == 0 {
		limit = DefaultMaxLayered
	}
	l := &Layout{
		Graph:     g,
		Direction: opt.Direction,
		Nodes:     make([]Rect, len(g.Nodes)),
		Clusters:  make([]Rect, len(g.Clusters)),
		Edges:     make([]Route, len(g.Edges)),
		ix:        ix,
	}
	if len(g.Nodes) <= limit && layer(ix, opt.Direction, l, limit) {
		l.Method = Layered
	} else {
		l.Method = Grid
		packGrid(ix, l)
	}
	return l, nil
}

// Sizes of the drawing's parts, in px.
const (
	nodePadX     = 10.0 // text to node border, sideways
	nodePadY     = 6.0  // text to node border, up and down
	nodeMinW     = 40.0
	clusterPad   = 12.0 // cluster border to its contents
	clusterGap   = 16.0 // between a cluster border and what is outside it
	nodeGap      = 18.0 // between neighbouring nodes of a layer
	dummyGap     = 8.0  // between an edge passing by and its neighbour
	layerGap     = 36.0 // least distance between layers
	badgeSize    = 16.0 // diameter of a hop number's circle
	labelPad     = 3.0  // edge annotation text to the border of its box
	margin       = 8.0  // drawing border to its contents
	portFraction = 0.7  // share of a node's side that its edges spread over
)

// nodeSize is the box a node needs for its text.
func nodeSize(n *Node) (w, h float64) {
	lines := n.Label
	if n.Block != "" {
		lines = append(lines[:len(lines):len(lines)], n.Block)
	}
	w = max(nodeMinW, linesWidth(lines, fontSize, true)+2*nodePadX)
	h = float64(max(1, len(lines)))*lineHeight + 2*nodePadY
	return w, h
}

// clusterLabelSize is the size of a cluster's label block.
func clusterLabelSize(c *Cluster) (w, h float64) {
	lines := c.Label
	if c.Block != "" {
		lines = append(lines[:len(lines):len(lines)], c.Block)
	}
	if len(lines) == 0 {
		return 0, 0
	}
	return linesWidth(lines, fontSize, true), float64(len(lines))*lineHeight + 2
}

// annotationSize is the size of what is drawn on an edge: the hop badges in
// a row, then the label lines, then the block code.
func annotationSize(e *Edge) (w, h float64) {
	if !e.annotated() {
		return 0, 0
	}
	lines := e.Label
	if e.Block != "" {
		lines = append(lines[:len(lines):len(lines)], e.Block)
	}
	bw := float64(len(e.Hops)) * (badgeSize + 2)
	tw := linesWidth(lines, fontSize, false)
	w = bw + tw
	if bw > 0 && tw > 0 {
		w += 2
	}
	h = max(float64(len(lines))*lineHeight, badgeSize)
	return w + 2*labelPad, h + 2*labelPad
}
