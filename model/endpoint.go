package model

import (
	"net/netip"
)

// EndpointType is the kind of VPC endpoint.
type EndpointType string

// Endpoint types. See https://docs.aws.amazon.com/vpc/latest/privatelink/concepts.html
const (
	EndpointGateway   EndpointType = "Gateway"
	EndpointInterface EndpointType = "Interface"
	EndpointGatewayLB EndpointType = "GatewayLoadBalancer"
	// EndpointFirewall is an AWS Network Firewall endpoint (its Firewall).
	EndpointFirewall EndpointType = "NetworkFirewall"
)

// VPCEndpoint is a gateway endpoint (S3, DynamoDB: a route to a prefix list),
// an interface endpoint (ENIs with security groups) or a Gateway Load
// Balancer endpoint (a route target for inspection).
type VPCEndpoint struct {
	Meta
	VPC     Ref
	Type    EndpointType
	Service string
	// RouteTables of a gateway endpoint; AWS adds a route to PrefixList in each.
	RouteTables []Ref
	// PrefixList is the service's prefix list (gateway endpoints).
	PrefixList Ref
	// Subnets of interface and GWLB endpoints (one ENI per subnet).
	Subnets        []Ref
	SecurityGroups []Ref
	// Interfaces are the endpoint's ENIs, when the input lists them.
	Interfaces []Ref
	// LoadBalancer is the Gateway Load Balancer behind a Gateway Load
	// Balancer endpoint (through its endpoint service), when known.
	LoadBalancer Ref
	// Firewall is the Network Firewall of a firewall endpoint.
	Firewall Ref
}

func (*VPCEndpoint) Kind() Kind    { return KindVPCEndpoint }
func (e *VPCEndpoint) Base() *Meta { return &e.Meta }

// refs lists the object's references (see Refs).
func (e *VPCEndpoint) refs(l refList) refList {
	l = l.add(&e.VPC, &e.PrefixList, &e.LoadBalancer, &e.Firewall)
	l = l.addAll(e.RouteTables)
	l = l.addAll(e.Subnets)
	l = l.addAll(e.SecurityGroups)
	l = l.addAll(e.Interfaces)
	return l
}

// PrefixList is a managed prefix list: a customer list or an AWS service list
// (whose entries may be unknown to vpcheck).
type PrefixList struct {
	Meta
	// Family is "IPv4" or "IPv6".
	Family  string
	Entries []Block
	// AWSManaged marks service lists (com.amazonaws.region.s3); their entries
	// are AWS's and may be absent from the input.
	AWSManaged bool
	MaxEntries int
}

func (*PrefixList) Kind() Kind    { return KindPrefixList }
func (p *PrefixList) Base() *Meta { return &p.Meta }

// Prefixes returns the list's entries.
func (p *PrefixList) Prefixes() []netip.Prefix {
	out := make([]netip.Prefix, len(p.Entries))
	for i, e := range p.Entries {
		out[i] = e.Prefix
	}
	return out
}
