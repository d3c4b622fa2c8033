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
	LoadBalancers    []*LoadBalancer
	LBListeners      []*LBListener
	TargetGroups     []*TargetGroup
	Firewalls        []*Firewall
	FirewallPolicies []*FirewallPolicy
	FirewallGroups   []*FirewallRuleGroup

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
	descriptor(o).list.add(n, o)
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
	if d, ok := byKind[k]; ok {
		return d.list.objects(n)
	}
	return nil
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
