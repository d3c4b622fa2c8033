package model

import (
	"net/netip"

	"github.com/hashicorp/hcl/v2"
)

// Block is one address block of a VPC or subnet, with where it was declared
// (a secondary VPC block often comes from its own Terraform resource).
type Block struct {
	Prefix netip.Prefix
	// Addr is the address of the declaring resource when it is not the owner
	// itself (e.g. aws_vpc_ipv4_cidr_block_association.extra).
	Addr  string
	Range hcl.Range
}

// VPC is a virtual private cloud.
type VPC struct {
	Meta
	// CIDRs are the IPv4 blocks; the first is the primary.
	CIDRs []Block
	// IPv6CIDRs are the IPv6 blocks (/56 each).
	IPv6CIDRs []Block
	Region    string
	Account   string
	// Default marks the region's default VPC.
	Default bool

	// Derived by Link.
	Subnets     []*Subnet
	RouteTables []*RouteTable
	// MainRouteTable is the table subnets without an explicit association use.
	MainRouteTable *RouteTable
	// DefaultNetworkACL is the ACL subnets without an explicit association use.
	DefaultNetworkACL  *NetworkACL
	InternetGateway    *InternetGateway
	EgressOnlyIGW      *EgressOnlyIGW
	VPNGateways        []*VPNGateway
	SecurityGroups     []*SecurityGroup
	Endpoints          []*VPCEndpoint
	Peerings           []*Peering
	TransitAttachments []*TGWAttachment
	NetworkACLs        []*NetworkACL
	NATGateways        []*NATGateway
}

func (*VPC) Kind() Kind    { return KindVPC }
func (v *VPC) Base() *Meta { return &v.Meta }

// Contains reports whether a is inside one of the VPC's blocks (IPv4 or IPv6).
func (v *VPC) Contains(a netip.Addr) bool {
	for _, b := range v.CIDRs {
		if b.Prefix.Contains(a) {
			return true
		}
	}
	for _, b := range v.IPv6CIDRs {
		if b.Prefix.Contains(a) {
			return true
		}
	}
	return false
}

// Prefixes returns every block of the VPC, IPv4 first.
func (v *VPC) Prefixes() []netip.Prefix {
	out := make([]netip.Prefix, 0, len(v.CIDRs)+len(v.IPv6CIDRs))
	for _, b := range v.CIDRs {
		out = append(out, b.Prefix)
	}
	for _, b := range v.IPv6CIDRs {
		out = append(out, b.Prefix)
	}
	return out
}

// Subnet is a subnet of a VPC, in one availability zone.
type Subnet struct {
	Meta
	VPC  Ref
	CIDR Block
	// IPv6CIDR is the subnet's /64, if any.
	IPv6CIDR Block
	AZ       string
	// MapPublicIPOnLaunch gives instances launched here a public IPv4 address.
	MapPublicIPOnLaunch bool

	// Derived by Link.
	// RouteTable is the effective table: the explicitly associated one, else the VPC's main.
	RouteTable *RouteTable
	// NetworkACL is the effective ACL: the associated one, else the VPC's default.
	NetworkACL *NetworkACL
	// Interfaces are the ENIs placed in the subnet.
	Interfaces []*NetworkInterface
}

func (*Subnet) Kind() Kind    { return KindSubnet }
func (s *Subnet) Base() *Meta { return &s.Meta }

// refs lists the object's references (see Refs).
func (s *Subnet) refs(l refList) refList {
	return l.add(&s.VPC)
}

// VPCOf returns the subnet's VPC, or nil when unresolved.
func (s *Subnet) VPCOf() *VPC { return Target[*VPC](s.VPC) }

// Contains reports whether a is inside the subnet's IPv4 or IPv6 block.
func (s *Subnet) Contains(a netip.Addr) bool {
	return (s.CIDR.Prefix.IsValid() && s.CIDR.Prefix.Contains(a)) ||
		(s.IPv6CIDR.Prefix.IsValid() && s.IPv6CIDR.Prefix.Contains(a))
}
