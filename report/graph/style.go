package graph

import (
	"github.com/vpcheck/vpcheck/report/graph/layout"
)

// style is how one kind is drawn, in every format.
type style struct {
	Fill, Stroke string
	Dashed       bool
	// Shape is the Graphviz shape of a node kind ("" for a rounded box).
	Shape string
}

// styles are the kinds' colours: gateways to the outside warm, transit
// purple, hosts neutral, the path overlay blue and blocking points red
// (those live in the renderers).
var styles = map[string]style{
	KindVPC:           {Fill: "#f0f6ff", Stroke: "#0550ae"},
	KindSubnet:        {Fill: "#ffffff", Stroke: "#8c959f"},
	KindTGW:           {Fill: "#fbefff", Stroke: "#8250df"},
	KindRouteTable:    {Fill: "#fff8c5", Stroke: "#9a6700", Shape: "note"},
	KindIGW:           {Fill: "#dafbe1", Stroke: "#1a7f37"},
	KindEIGW:          {Fill: "#dafbe1", Stroke: "#1a7f37", Dashed: true},
	KindNAT:           {Fill: "#ddf4ff", Stroke: "#0969da"},
	KindPeering:       {Fill: "#fff1e5", Stroke: "#bc4c00", Shape: "hexagon"},
	KindExternalVPC:   {Fill: "#f6f8fa", Stroke: "#8c959f", Dashed: true},
	KindTGWRouteTable: {Fill: "#fbefff", Stroke: "#8250df", Shape: "note"},
	KindTGWAttachment: {Fill: "#ffffff", Stroke: "#8250df"},
	KindVGW:           {Fill: "#fff1e5", Stroke: "#bc4c00"},
	KindVPN:           {Fill: "#fff1e5", Stroke: "#bc4c00", Dashed: true},
	KindCustomerGW:    {Fill: "#f6f8fa", Stroke: "#57606a"},
	KindDXGateway:     {Fill: "#fff1e5", Stroke: "#bc4c00"},
	KindOnPrem:        {Fill: "#f6f8fa", Stroke: "#24292f", Shape: "box3d"},
	KindEndpoint:      {Fill: "#ddf4ff", Stroke: "#0550ae", Dashed: true},
	KindLoadBalancer:  {Fill: "#ddf4ff", Stroke: "#0969da", Shape: "hexagon"},
	KindInstance:      {Fill: "#ffffff", Stroke: "#57606a"},
	KindInterface:     {Fill: "#ffffff", Stroke: "#57606a", Dashed: true},
	KindInstances:     {Fill: "#f6f8fa", Stroke: "#57606a", Shape: "box3d"},
	KindInternet:      {Fill: "#dafbe1", Stroke: "#1a7f37", Shape: "ellipse"},

	EdgeAssociation: {Stroke: "#8c959f", Dashed: true},
	EdgeRoute:       {Stroke: "#6e7781"},
	EdgeIngress:     {Stroke: "#9a6700", Dashed: true},
	EdgeAttachment:  {Stroke: "#8250df"},
	EdgePeering:     {Stroke: "#bc4c00"},
	EdgeListener:    {Stroke: "#0969da"},
	EdgePropagation: {Stroke: "#8250df", Dashed: true},
	EdgeVPN:         {Stroke: "#bc4c00", Dashed: true},
	EdgePath:        {Stroke: "#0969da", Dashed: true},
}

// Colours of the path overlay.
const (
	pathColour  = "#0969da"
	blockColour = "#cf222e"
)

// layoutStyles are the styles as package layout takes them.
func layoutStyles() map[string]layout.Style {
	out := make(map[string]layout.Style, len(styles)+1)
	for k, s := range styles {
		out[k] = layout.Style{Fill: s.Fill, Stroke: s.Stroke, Dashed: s.Dashed}
	}
	out[kindCarries] = layout.Style{Stroke: pathColour}
	return out
}

// kindCarries is the layout kind of an edge a reach answer's packets cross.
const kindCarries = "carries"
