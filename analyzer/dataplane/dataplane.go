package dataplane

import (
	"net/netip"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// MaxHops bounds a path; a packet still travelling after this many hops is
// in a routing loop.
const MaxHops = 64

// NodeID indexes Dataplane.Nodes.
type NodeID int32

// EdgeID indexes Dataplane.Edges.
type EdgeID int32

// NoEdge marks the absence of an edge.
const NoEdge EdgeID = -1

// HypotheticalHost is the host assumed in a subnet without one.
type HypotheticalHost struct {
	// Private is the subnet's first free address; Public the placeholder
	// public address an instance launched in a public subnet would get
	// (invalid in other subnets).
	Private, Public netip.Addr
	// Terminal is where packets to it are delivered; its replies start at
	// the subnet's router (no security group restricts it). -1 until the
	// subnet is compiled.
	Terminal NodeID
}

// NodeKind is what a location is.
type NodeKind uint8

// Node kinds.
const (
	NodeENIOut        NodeKind = iota // an ENI sending a packet
	NodeENIIn                         // an ENI receiving (or, as an appliance, forwarding) one
	NodeRouter                        // the VPC router, routing with one subnet's route table
	NodeDeliver                       // local delivery inside a VPC, from one subnet
	NodeDeliverIn                     // local delivery inside a VPC, from a gateway
	NodeGatewayRouter                 // the VPC router applying a gateway (edge) route table
	NodeIGWOut                        // internet gateway, VPC to internet
	NodeIGWIn                         // internet gateway, internet to VPC
	NodeEIGWOut                       // egress-only internet gateway, out
	NodeEIGWIn                        // egress-only internet gateway, replies in
	NodeNATRouted                     // NAT gateway, traffic routed through it
	NodeNATAddressed                  // NAT gateway, traffic addressed to it (replies)
	NodePeering                       // a peering connection, one direction
	NodeTGWIn                         // a transit gateway attachment receiving from its side
	NodeTGWTable                      // a transit gateway route table
	NodeVGW                           // a virtual private gateway
	NodeVPN                           // a VPN connection towards on-premises
	NodeDXGateway                     // a Direct Connect gateway towards on-premises
	NodeOnPrem                        // an on-premises site
	NodeInternet                      // the internet
	NodeGWLBEndpoint                  // a Gateway Load Balancer or Network Firewall endpoint (inspection)
	NodeTerminal                      // the end of a path: Outcome says how it ended
)

var nodeKindNames = [...]string{
	"eni-out", "eni-in", "router", "deliver", "deliver-in", "gateway-router", "igw-out", "igw-in",
	"eigw-out", "eigw-in", "nat", "nat-addressed", "peering", "tgw-attachment", "tgw-route-table",
	"vgw", "vpn", "dx-gateway", "on-prem", "internet", "gwlb-endpoint", "terminal",
}

func (k NodeKind) String() string { return nodeKindNames[k] }

// Field is the header field a node dispatches on.
type Field uint8

// Dispatch fields.
const (
	FieldDst Field = iota
	FieldSrc
)

// Outcome is how a path ends, or why a packet is dropped where it is.
type Outcome struct {
	Code Code
	// Component is the object responsible (the route table with no route,
	// the peering that does not transit, the ENI that accepted).
	Component model.Object
	Message   string
	// Range is the source location of the responsible route, rule or object.
	Range hcl.Range
}

// Node is one location.
type Node struct {
	Kind NodeKind
	// Component is the object the location belongs to.
	Component model.Object
	Label     string
	// Dispatch: Table picks the edge by Field; a packet matching no entry
	// ends with Miss.
	Field Field
	Table *Table
	Miss  Outcome
	// Terminal nodes end every path that reaches them with Outcome.
	Outcome Outcome
	// Delivered marks terminals that count as arriving (ACCEPTED,
	// EXITS_NETWORK) rather than being dropped.
	Delivered bool
	// ReplyFrom is where the reply to a packet delivered here starts (-1: replies are not modelled).
	ReplyFrom NodeID
}

// Mode restricts an edge to new flows or to replies of established ones.
type Mode uint8

// Edge modes.
const (
	ModeBoth Mode = iota
	ModeForwardOnly
	ModeReplyOnly
)

// XformKind is a header rewrite.
type XformKind uint8

// Rewrites.
const (
	XformNone XformKind = iota
	// XformSetSrc sets the source address (IGW egress one-to-one NAT).
	XformSetSrc
	// XformSetDst sets the destination address (IGW ingress).
	XformSetDst
	// XformSNAT sets the source address and picks a source port in Ports
	// (NAT gateway: https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html).
	XformSNAT
	// XformUnNAT restores the original client of a NAT gateway session (replies only).
	XformUnNAT
)

// Xform is the rewrite an edge applies.
type Xform struct {
	Kind  XformKind
	Addr  netip.Addr
	Ports model.PortRange
	// NAT is the gateway whose sessions XformUnNAT consults.
	NAT *model.NATGateway
}

// Edge is a step between two locations.
type Edge struct {
	From, To NodeID
	// Via is what chose this edge: a route (with its table) or a mapping.
	Via    string
	ViaObj model.Object
	Range  hcl.Range
	Mode   Mode
	// ModeFail is the outcome of a packet the edge's Mode refuses (Refused
	// reads it). It and Unmodelled are pointers, set on few edges: as
	// values they would double the size of the edge list, the largest thing
	// a compile allocates.
	ModeFail *Outcome
	Guards   []Guard
	Filters  []*Filter
	Xform    Xform
	// Unmodelled, when its Code is set, says that crossing the edge rests
	// on something vpcheck does not model (a Gateway Load Balancer's
	// appliances passing the packet). The engines walk on across it; an
	// answer whose packets arrive only across such an edge is unknown
	// (analyzer.Reach, TraceResult.Verdict), while a drop further on is
	// still proven whatever the appliance does.
	Unmodelled *Outcome
}

// Refused is the outcome of a packet the edge's Mode refuses.
func (e *Edge) Refused() Outcome {
	if e.ModeFail == nil {
		return Outcome{}
	}
	return *e.ModeFail
}

// PathUnmodelled returns the first of the edges whose crossing rests on
// what vpcheck does not model (Edge.Unmodelled), and whether there is one.
func (d *Dataplane) PathUnmodelled(edges []EdgeID) (Outcome, bool) {
	for _, e := range edges {
		if e >= 0 && d.Edges[e].Unmodelled != nil {
			return *d.Edges[e].Unmodelled, true
		}
	}
	return Outcome{}, false
}

// Dataplane is the compiled network: an immutable graph once Compile has
// returned (the engines keep what they derive from it themselves), so any
// number of engines may read one Dataplane at once.
type Dataplane struct {
	Net   *model.Network
	Nodes []Node
	Edges []Edge

	// Entry points.
	ENIOut   map[*model.NetworkInterface]NodeID
	ENIIn    map[*model.NetworkInterface]NodeID
	Router   map[*model.Subnet]NodeID
	OnPrem   map[*model.OnPrem]NodeID
	Internet NodeID
	// Accept is the terminal of each ENI (and interface endpoint ENI).
	Accept map[*model.NetworkInterface]NodeID
	// Service is the terminal of each gateway endpoint.
	Service map[*model.VPCEndpoint]NodeID
	// NoHost is the terminal of packets to a free address of each subnet.
	NoHost map[*model.Subnet]NodeID

	// Addresses: the private addresses each ENI is taken to have (declared,
	// or an assumed address when the input leaves it to launch), and the
	// public address of each ENI and NAT gateway (declared, or a placeholder
	// when unknown before deployment).
	Addrs      map[*model.NetworkInterface][]netip.Addr
	PublicAddr map[*model.NetworkInterface]netip.Addr
	NATAddr    map[*model.NATGateway]netip.Addr
	NATPublic  map[*model.NATGateway]netip.Addr
	// Hypothetical is the hypothetical host of each subnet without a host:
	// its private address (the subnet's first free one) and, in a public
	// subnet (map_public_ip_on_launch and a route to an internet gateway),
	// the placeholder public address an instance launched there would get,
	// so that subnets are checked as if an instance ran there (reach, the
	// packet-level rules, diff).
	Hypothetical map[*model.Subnet]HypotheticalHost
	// Assumed describes every address vpcheck had to assume, by address,
	// so answers can say so.
	Assumed map[netip.Addr]string
	// Owner is the object an address belongs to (ENI, NAT gateway), for display.
	Owner map[netip.Addr]model.Object
	// PrefixLists are the blocks each prefix list stands for (a placeholder
	// block for an AWS-managed list whose entries are unknown).
	PrefixLists map[*model.PrefixList][]netip.Prefix

	// Services are the Amazon services each VPC's instances reach
	// unfiltered (compile_services.go).
	Services map[*model.VPC]Services

	// VPNStatic are the terminals of static VPN routes to sites the input
	// does not describe, with their prefixes.
	VPNStatic map[NodeID]netip.Prefix

	// The filters of every ENI and subnet the graph has, by direction
	// (SGFilter, NACLFilter): built once by Compile, and shared by the
	// edges that apply them.
	sgFilters   map[sgKey]*Filter
	naclFilters map[naclKey]*Filter
	lbFilters   map[*model.LoadBalancer]*Filter
	fwFilters   map[*model.FirewallPolicy][]*Filter
}

// Node returns the node with id.
func (d *Dataplane) Node(id NodeID) *Node { return &d.Nodes[id] }

// Edge returns the edge with id.
func (d *Dataplane) Edge(id EdgeID) *Edge { return &d.Edges[id] }

// VPCOf is the VPC a node's component belongs to, if any.
func VPCOf(o model.Object) *model.VPC {
	switch o := o.(type) {
	case *model.VPC:
		return o
	case *model.Subnet:
		return o.VPCOf()
	case *model.NetworkInterface:
		if s := o.SubnetOf(); s != nil {
			return s.VPCOf()
		}
	case *model.Instance:
		if e := o.Primary(); e != nil && e.SubnetOf() != nil {
			return e.SubnetOf().VPCOf()
		}
	case *model.RouteTable:
		return o.VPCOf()
	case *model.NATGateway:
		if s := o.SubnetOf(); s != nil {
			return s.VPCOf()
		}
	case *model.InternetGateway:
		return model.Target[*model.VPC](o.VPC)
	case *model.EgressOnlyIGW:
		return model.Target[*model.VPC](o.VPC)
	}
	return nil
}

// NoHostTerminal is the terminal reached by packets addressed to a free
// address of subnet s, or -1.
func (d *Dataplane) NoHostTerminal(s *model.Subnet) NodeID {
	if t, ok := d.NoHost[s]; ok {
		return t
	}
	return -1
}

// SiteTerminal is the terminal where packets an on-premises site (its
// node id) keeps for itself arrive, or -1.
func (d *Dataplane) SiteTerminal(id NodeID) NodeID {
	t := d.Nodes[id].Table
	for _, e := range t.Entries {
		to := d.Edges[e.Edge].To
		if d.Nodes[to].Kind == NodeTerminal && d.Nodes[to].Delivered {
			return to
		}
	}
	return -1
}

// InternetTerminal is where packets leaving to the internet end.
func (d *Dataplane) InternetTerminal() NodeID {
	for _, e := range d.Nodes[d.Internet].Table.Entries {
		if e.Prefix.Bits() == 0 {
			return d.Edges[e.Edge].To
		}
	}
	return -1
}
