// Package graph draws a network: it builds a picture model of a
// model.Network — VPCs as clusters of subnets, gateways, route tables,
// transit gateways, on-premises sites, instances grouped per subnet — with
// stable IDs and a deterministic order, marks on it the path a packet takes
// (a fast-path trace, or the edges a symbolic reach result says carry the
// allowed packets), cuts out the neighbourhood of one object, and renders it
// as Graphviz dot, mermaid, JSON, or one self-contained HTML page whose SVG
// is laid out by package layout.
//
// The picture only reads the model and the compiled data plane: whether a
// subnet is public, where a hop goes, what blocks a packet are the engines'
// answers, never worked out again here.
package graph

import (
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
)

// Graph is a network as a picture. Clusters come parents first; every
// slice is in a deterministic order (the input's, kind by kind).
type Graph struct {
	Clusters []*Cluster `json:"clusters"`
	Nodes    []*Node    `json:"nodes"`
	Edges    []*Edge    `json:"edges"`
	// Path is the packet path drawn on the graph, when one was asked for.
	Path *Path `json:"path,omitempty"`
	// Findings are the lint findings, for the HTML page.
	Findings []Finding `json:"findings,omitempty"`

	byID map[string]int // element ID → index in Clusters (negative: -1-index in Nodes)
	// nodeOf maps model objects to the ID of the node that draws them.
	nodeOf map[model.Object]string
	// elementOf maps model objects to the node or cluster that draws them,
	// or stands for them (a network ACL: its first subnet).
	elementOf map[model.Object]string
	edgeIx    map[[2]string]int // (from, to) → first edge
	kindIx    map[[3]string]int // (from, to, kind) → edge
}

// Detail is one line of an object's details: "cidr" "10.0.1.0/24".
type Detail struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Cluster is a box around other things: a VPC, a subnet, a transit gateway.
type Cluster struct {
	ID     string   `json:"id"`
	Kind   string   `json:"kind"`
	Parent string   `json:"parent,omitempty"`
	Label  []string `json:"label"`
	// Details describe the object, for tools and the HTML page.
	Details []Detail `json:"details,omitempty"`
	// Block is the blocking code when a drawn path stops here.
	Block string `json:"block,omitempty"`
	obj   model.Object
}

// Node is one drawn object (or a group of instances).
type Node struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Cluster string   `json:"cluster,omitempty"`
	Label   []string `json:"label"`
	Details []Detail `json:"details,omitempty"`
	// Count is how many objects a group node stands for (0 for one).
	Count int    `json:"count,omitempty"`
	Block string `json:"block,omitempty"`
	// OnPath marks a node the drawn path passes.
	OnPath bool `json:"on_path,omitempty"`
	obj    model.Object
}

// Edge is an arrow: a route, an association, an attachment.
type Edge struct {
	ID   string `json:"id"`
	From string `json:"from"`
	To   string `json:"to"`
	Kind string `json:"kind"`
	// Label are the lines drawn on the edge (route destinations).
	Label []string `json:"label,omitempty"`
	// Hops are the step numbers of a traced path crossing the edge.
	Hops []int `json:"hops,omitempty"`
	// Carries marks an edge some allowed packets of a reach answer cross.
	Carries bool   `json:"carries,omitempty"`
	Block   string `json:"block,omitempty"`
}

// Finding is a lint finding as the page lists it, with the element it is
// about (empty when no drawn element stands for its resource).
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Resource string `json:"resource"`
	Location string `json:"location,omitempty"`
	Element  string `json:"element,omitempty"`
}

// Element kinds: the CSS classes, dot styles and JSON kinds.
const (
	KindVPC           = "vpc"
	KindSubnet        = "subnet"
	KindRouteTable    = "route-table"
	KindIGW           = "igw"
	KindEIGW          = "eigw"
	KindNAT           = "nat"
	KindPeering       = "peering"
	KindExternalVPC   = "external-vpc"
	KindTGW           = "tgw"
	KindTGWRouteTable = "tgw-route-table"
	KindTGWAttachment = "tgw-attachment"
	KindVGW           = "vgw"
	KindVPN           = "vpn"
	KindCustomerGW    = "customer-gateway"
	KindDXGateway     = "dx-gateway"
	KindOnPrem        = "on-prem"
	KindEndpoint      = "endpoint"
	KindLoadBalancer  = "load-balancer"
	KindInstance      = "instance"
	KindInterface     = "eni"
	KindInstances     = "instances"
	KindInternet      = "internet"
)

// Edge kinds.
const (
	EdgeAssociation = "association"
	EdgeRoute       = "route"
	EdgeIngress     = "ingress-routing"
	EdgeAttachment  = "attachment"
	EdgePeering     = "peer"
	EdgePropagation = "propagation"
	EdgeVPN         = "tunnel"
	EdgePath        = "path"
	EdgeListener    = "listener"
)

// Cluster returns the cluster with id, or nil.
func (g *Graph) Cluster(id string) *Cluster {
	if i, ok := g.byID[id]; ok && i >= 0 {
		return g.Clusters[i]
	}
	return nil
}

// Node returns the node with id, or nil.
func (g *Graph) Node(id string) *Node {
	if i, ok := g.byID[id]; ok && i < 0 {
		return g.Nodes[-1-i]
	}
	return nil
}

// Has reports whether id is a node or cluster of g.
func (g *Graph) Has(id string) bool {
	_, ok := g.byID[id]
	return ok
}

// ElementOf is the ID of the node or cluster drawing o ("" for none).
func (g *Graph) ElementOf(o model.Object) string { return g.elementOf[o] }

func (g *Graph) addCluster(c *Cluster) {
	g.byID[c.ID] = len(g.Clusters)
	g.Clusters = append(g.Clusters, c)
	if c.obj != nil {
		g.elementOf[c.obj] = c.ID
	}
}

func (g *Graph) addNode(n *Node) {
	g.byID[n.ID] = -1 - len(g.Nodes)
	g.Nodes = append(g.Nodes, n)
	if n.obj != nil {
		g.nodeOf[n.obj] = n.ID
		g.elementOf[n.obj] = n.ID
	}
}

// addEdge adds an edge unless one of the same kind already joins from and
// to, in which case the label lines are added to it. It returns the edge.
func (g *Graph) addEdge(from, to, kind string, label ...string) *Edge {
	if from == "" || to == "" || from == to {
		return nil
	}
	if i, ok := g.kindIx[[3]string{from, to, kind}]; ok {
		e := g.Edges[i]
		e.Label = append(e.Label, label...)
		return e
	}
	e := &Edge{ID: kind + ":" + from + "->" + to, From: from, To: to, Kind: kind, Label: label}
	g.kindIx[[3]string{from, to, kind}] = len(g.Edges)
	if _, ok := g.edgeIx[[2]string{from, to}]; !ok {
		g.edgeIx[[2]string{from, to}] = len(g.Edges)
	}
	g.Edges = append(g.Edges, e)
	return e
}

// edgeBetween returns the first edge from → to of any kind, or nil.
func (g *Graph) edgeBetween(from, to string) *Edge {
	if i, ok := g.edgeIx[[2]string{from, to}]; ok {
		return g.Edges[i]
	}
	return nil
}

// parentOf is the cluster holding id ("" at the top level).
func (g *Graph) parentOf(id string) string {
	if c := g.Cluster(id); c != nil {
		return c.Parent
	}
	if n := g.Node(id); n != nil {
		return n.Cluster
	}
	return ""
}

// within reports whether id is anc or lies inside it.
func (g *Graph) within(id, anc string) bool {
	for ; id != ""; id = g.parentOf(id) {
		if id == anc {
			return true
		}
	}
	return false
}

func newGraph() *Graph {
	return &Graph{byID: map[string]int{}, nodeOf: map[model.Object]string{}, elementOf: map[model.Object]string{}, edgeIx: map[[2]string]int{}, kindIx: map[[3]string]int{}}
}

// Graph is drawn in every format of report.GraphOutput.
var _ report.Drawing = (*Graph)(nil)
