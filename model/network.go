package model

import (
	"github.com/hashicorp/hcl/v2"
)

// Network is a whole network: every object of every kind, from all inputs.
type Network struct {
	VPCs             []*VPC
	Subnets          []*Subnet
	RouteTables      []*RouteTable
	SecurityGroups   []*SecurityGroup
	NetworkACLs      []*NetworkACL
	InternetGateways []*InternetGateway
	EgressOnlyIGWs   []*EgressOnlyIGW
	NATGateways      []*NATGateway
	ElasticIPs       []*ElasticIP
	Peerings         []*Peering
	TransitGateways  []*TransitGateway
	TGWRouteTables   []*TGWRouteTable
	TGWAttachments   []*TGWAttachment
	VPNGateways      []*VPNGateway
	CustomerGateways []*CustomerGateway
	VPNConnections   []*VPNConnection
	DXGateways       []*DXGateway
	OnPrem           []*OnPrem
	Endpoints        []*VPCEndpoint
	PrefixLists      []*PrefixList
	Instances        []*Instance
	Interfaces       []*NetworkInterface

	// Files are the parsed sources, by file name, for diagnostic snippets.
	Files map[string]*hcl.File

	// Omitted lists what the input defines and the network leaves out.
	Omitted []Omission
	// Incomplete marks a network that is not all of its input: something was
	// omitted, or part of the input had errors and was left out. Findings and
	// answers about it hold for what was analysed, not for the whole input.
	Incomplete bool

	index map[Kind]map[string][]Object
}

// New returns an empty network.
func New() *Network {
	return &Network{Files: map[string]*hcl.File{}}
}

// Add puts an object into the network.
func (n *Network) Add(o Object) {
	n.index = nil
	switch o := o.(type) {
	case *VPC:
		n.VPCs = append(n.VPCs, o)
	case *Subnet:
		n.Subnets = append(n.Subnets, o)
	case *RouteTable:
		n.RouteTables = append(n.RouteTables, o)
	case *SecurityGroup:
		n.SecurityGroups = append(n.SecurityGroups, o)
	case *NetworkACL:
		n.NetworkACLs = append(n.NetworkACLs, o)
	case *InternetGateway:
		n.InternetGateways = append(n.InternetGateways, o)
	case *EgressOnlyIGW:
		n.EgressOnlyIGWs = append(n.EgressOnlyIGWs, o)
	case *NATGateway:
		n.NATGateways = append(n.NATGateways, o)
	case *ElasticIP:
		n.ElasticIPs = append(n.ElasticIPs, o)
	case *Peering:
		n.Peerings = append(n.Peerings, o)
	case *TransitGateway:
		n.TransitGateways = append(n.TransitGateways, o)
	case *TGWRouteTable:
		n.TGWRouteTables = append(n.TGWRouteTables, o)
	case *TGWAttachment:
		n.TGWAttachments = append(n.TGWAttachments, o)
	case *VPNGateway:
		n.VPNGateways = append(n.VPNGateways, o)
	case *CustomerGateway:
		n.CustomerGateways = append(n.CustomerGateways, o)
	case *VPNConnection:
		n.VPNConnections = append(n.VPNConnections, o)
	case *DXGateway:
		n.DXGateways = append(n.DXGateways, o)
	case *OnPrem:
		n.OnPrem = append(n.OnPrem, o)
	case *VPCEndpoint:
		n.Endpoints = append(n.Endpoints, o)
	case *PrefixList:
		n.PrefixLists = append(n.PrefixLists, o)
	case *Instance:
		n.Instances = append(n.Instances, o)
	case *NetworkInterface:
		n.Interfaces = append(n.Interfaces, o)
	default:
		panic("model: Add of unknown object type")
	}
}

// Merge moves every object and file of other into n (several inputs, one network).
func (n *Network) Merge(other *Network) {
	for _, o := range other.Objects() {
		n.Add(o)
	}
	for name, f := range other.Files {
		n.Files[name] = f
	}
	n.Omitted = append(n.Omitted, other.Omitted...)
	n.Incomplete = n.Incomplete || other.Incomplete
}

// Objects returns every object, kinds in the order of Kinds, each kind in input order.
func (n *Network) Objects() []Object {
	var out []Object
	for _, k := range Kinds {
		out = append(out, n.OfKind(k)...)
	}
	return out
}

// OfKind returns the objects of one kind, in input order.
func (n *Network) OfKind(k Kind) []Object {
	switch k {
	case KindVPC:
		return objects(n.VPCs)
	case KindSubnet:
		return objects(n.Subnets)
	case KindRouteTable:
		return objects(n.RouteTables)
	case KindSecurityGroup:
		return objects(n.SecurityGroups)
	case KindNetworkACL:
		return objects(n.NetworkACLs)
	case KindInternetGateway:
		return objects(n.InternetGateways)
	case KindEgressOnlyIGW:
		return objects(n.EgressOnlyIGWs)
	case KindNATGateway:
		return objects(n.NATGateways)
	case KindElasticIP:
		return objects(n.ElasticIPs)
	case KindPeering:
		return objects(n.Peerings)
	case KindTransitGateway:
		return objects(n.TransitGateways)
	case KindTGWRouteTable:
		return objects(n.TGWRouteTables)
	case KindTGWAttachment:
		return objects(n.TGWAttachments)
	case KindVPNGateway:
		return objects(n.VPNGateways)
	case KindCustomerGateway:
		return objects(n.CustomerGateways)
	case KindVPNConnection:
		return objects(n.VPNConnections)
	case KindDXGateway:
		return objects(n.DXGateways)
	case KindOnPrem:
		return objects(n.OnPrem)
	case KindVPCEndpoint:
		return objects(n.Endpoints)
	case KindPrefixList:
		return objects(n.PrefixLists)
	case KindInstance:
		return objects(n.Instances)
	case KindNetworkInterface:
		return objects(n.Interfaces)
	}
	return nil
}

func objects[T Object](s []T) []Object {
	out := make([]Object, len(s))
	for i, o := range s {
		out[i] = o
	}
	return out
}

// Counts returns how many objects of each kind the input described
// (implicit objects are not counted).
func (n *Network) Counts() map[Kind]int {
	c := make(map[Kind]int, len(Kinds))
	for _, k := range Kinds {
		c[k] = 0
		for _, o := range n.OfKind(k) {
			if !o.Base().Implicit {
				c[k]++
			}
		}
	}
	return c
}

// Source is one input file: its name as the user gave it and its bytes.
type Source struct {
	Name  string
	Bytes []byte
}
