package model

import (
	"net/netip"
)

// Instance is an EC2 instance; its network identity is its ENIs.
type Instance struct {
	Meta
	// Interfaces are the attached ENIs; the primary (device 0) first.
	Interfaces []Ref
	// Platform is "linux" or "windows" (decides the client's ephemeral ports).
	Platform string
	State    string
}

func (*Instance) Kind() Kind    { return KindInstance }
func (i *Instance) Base() *Meta { return &i.Meta }

// refs lists the object's references (see Refs).
func (i *Instance) refs(l refList) refList {
	return l.addAll(i.Interfaces)
}

// Primary returns the instance's primary ENI, or nil.
func (i *Instance) Primary() *NetworkInterface {
	if len(i.Interfaces) == 0 {
		return nil
	}
	return Target[*NetworkInterface](i.Interfaces[0])
}

// InterfaceType says what owns an ENI.
type InterfaceType string

// ENI owners vpcheck distinguishes.
const (
	ENIInstance     InterfaceType = "interface"
	ENINATGateway   InterfaceType = "nat_gateway"
	ENIEndpoint     InterfaceType = "vpc_endpoint"
	ENIGWLBEndpoint InterfaceType = "gateway_load_balancer_endpoint"
	ENILoadBalancer InterfaceType = "load_balancer"
	ENITGW          InterfaceType = "transit_gateway"
	ENIOther        InterfaceType = "other"
)

// PublicIPMode says how an ENI gets its public IPv4 address.
type PublicIPMode int

// Public IP modes.
const (
	// PublicIPNone: no public address.
	PublicIPNone PublicIPMode = iota
	// PublicIPKnown: PublicIP holds the address (EIP or snapshot).
	PublicIPKnown
	// PublicIPUnknown: the ENI has a public address whose value is not known
	// before deployment (auto-assigned at launch, or an EIP not yet
	// allocated). Engines treat it symbolically.
	PublicIPUnknown
)

// NetworkInterface is an elastic network interface (ENI).
type NetworkInterface struct {
	Meta
	Subnet Ref
	// PrivateIPs: the primary first, then secondaries. May be empty when the
	// address is assigned at launch (engines then use the subnet's range).
	PrivateIPs []netip.Addr
	IPv6s      []netip.Addr
	// PublicIP and PublicIPMode describe the public IPv4 address.
	PublicIP       netip.Addr
	PublicIPMode   PublicIPMode
	SecurityGroups []Ref
	// SourceDestCheck drops traffic not addressed to/from the ENI; appliances disable it.
	SourceDestCheck bool
	// Instance is the attached instance; DeviceIndex its slot (0 = primary).
	Instance    Ref
	DeviceIndex int
	Type        InterfaceType
	// Owner is the NAT gateway or endpoint owning a managed ENI.
	Owner Ref
}

func (*NetworkInterface) Kind() Kind    { return KindNetworkInterface }
func (n *NetworkInterface) Base() *Meta { return &n.Meta }

// refs lists the object's references (see Refs).
func (n *NetworkInterface) refs(l refList) refList {
	l = l.add(&n.Subnet, &n.Instance, &n.Owner)
	l = l.addAll(n.SecurityGroups)
	return l
}

// SubnetOf returns the ENI's subnet, or nil when unresolved.
func (n *NetworkInterface) SubnetOf() *Subnet { return Target[*Subnet](n.Subnet) }

// PrimaryIP returns the primary private IPv4 address (invalid when unknown).
func (n *NetworkInterface) PrimaryIP() netip.Addr {
	if len(n.PrivateIPs) == 0 {
		return netip.Addr{}
	}
	return n.PrivateIPs[0]
}

// HasIP reports whether a is one of the ENI's private addresses.
func (n *NetworkInterface) HasIP(a netip.Addr) bool {
	for _, p := range n.PrivateIPs {
		if p == a {
			return true
		}
	}
	for _, p := range n.IPv6s {
		if p == a {
			return true
		}
	}
	return false
}
