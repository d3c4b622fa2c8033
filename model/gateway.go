package model

import (
	"net/netip"
)

// InternetGateway connects a VPC to the internet; at most one per VPC.
type InternetGateway struct {
	Meta
	// VPC is the attached VPC; unset when detached.
	VPC Ref
}

func (*InternetGateway) Kind() Kind    { return KindInternetGateway }
func (g *InternetGateway) Base() *Meta { return &g.Meta }

// refs lists the object's references (see Refs).
func (g *InternetGateway) refs(l refList) refList {
	return l.add(&g.VPC)
}

// EgressOnlyIGW lets IPv6 traffic out and replies back in, never inbound-initiated.
type EgressOnlyIGW struct {
	Meta
	VPC Ref
}

func (*EgressOnlyIGW) Kind() Kind    { return KindEgressOnlyIGW }
func (g *EgressOnlyIGW) Base() *Meta { return &g.Meta }

// refs lists the object's references (see Refs).
func (g *EgressOnlyIGW) refs(l refList) refList {
	return l.add(&g.VPC)
}

// NATGateway translates the source of outbound traffic to its own address. See
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
type NATGateway struct {
	Meta
	Subnet Ref
	// Private is true for connectivity type "private" (no EIP, no internet).
	Private bool
	// PrivateIP is the gateway's own address in its subnet (may be unknown).
	PrivateIP netip.Addr
	// PublicIP is the EIP's address (public gateways; may be unknown).
	PublicIP netip.Addr
	// EIP is the allocated Elastic IP, when the input names it.
	EIP Ref
	// Interface is the gateway's ENI, when the input lists it.
	Interface Ref
}

func (*NATGateway) Kind() Kind    { return KindNATGateway }
func (g *NATGateway) Base() *Meta { return &g.Meta }

// refs lists the object's references (see Refs).
func (g *NATGateway) refs(l refList) refList {
	return l.add(&g.Subnet, &g.EIP, &g.Interface)
}

// SubnetOf returns the gateway's subnet, or nil when unresolved.
func (g *NATGateway) SubnetOf() *Subnet { return Target[*Subnet](g.Subnet) }

// ElasticIP is a static public IPv4 address, associated with an ENI or a NAT gateway.
type ElasticIP struct {
	Meta
	// PublicIP may be unknown (allocated on apply).
	PublicIP netip.Addr
	// Interface or Instance is where the address is associated, if anywhere.
	Interface Ref
	Instance  Ref
	// PrivateIP is the private address the EIP maps to (default: the ENI's primary).
	PrivateIP netip.Addr
}

func (*ElasticIP) Kind() Kind    { return KindElasticIP }
func (e *ElasticIP) Base() *Meta { return &e.Meta }

// refs lists the object's references (see Refs).
func (e *ElasticIP) refs(l refList) refList {
	return l.add(&e.Interface, &e.Instance)
}

// PeeringState is the lifecycle state of a peering connection; only active carries traffic.
type PeeringState string

// Peering states that matter.
const (
	PeeringActive  PeeringState = "active"
	PeeringPending PeeringState = "pending-acceptance"
)

// Peering is a VPC peering connection between a requester and an accepter VPC.
// See https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
type Peering struct {
	Meta
	Requester Ref
	Accepter  Ref
	State     PeeringState
	// Regions and accounts of each side, when known (cross-region peering
	// cannot use security group references).
	RequesterRegion, AccepterRegion   string
	RequesterAccount, AccepterAccount string
}

func (*Peering) Kind() Kind    { return KindPeering }
func (p *Peering) Base() *Meta { return &p.Meta }

// refs lists the object's references (see Refs).
func (p *Peering) refs(l refList) refList {
	return l.add(&p.Requester, &p.Accepter)
}

// Other returns the VPC on the other side of the peering from v.
func (p *Peering) Other(v *VPC) *VPC {
	r, a := Target[*VPC](p.Requester), Target[*VPC](p.Accepter)
	switch v {
	case r:
		return a
	case a:
		return r
	}
	return nil
}
