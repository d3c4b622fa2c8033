package model

import (
	"net/netip"
)

// VPNGateway is a virtual private gateway (VGW): the VPC side of Site-to-Site
// VPN and Direct Connect. One per VPC.
type VPNGateway struct {
	Meta
	// VPC is the attached VPC; unset when detached.
	VPC Ref
	ASN int64
}

func (*VPNGateway) Kind() Kind    { return KindVPNGateway }
func (g *VPNGateway) Base() *Meta { return &g.Meta }

// refs lists the object's references (see Refs).
func (g *VPNGateway) refs(l refList) refList {
	return l.add(&g.VPC)
}

// CustomerGateway is the on-premises end of a VPN connection.
type CustomerGateway struct {
	Meta
	IP  netip.Addr
	ASN int64
}

func (*CustomerGateway) Kind() Kind    { return KindCustomerGateway }
func (g *CustomerGateway) Base() *Meta { return &g.Meta }

// VPNConnection is a Site-to-Site VPN between a customer gateway and a VGW or
// a transit gateway.
type VPNConnection struct {
	Meta
	CustomerGateway Ref
	// Exactly one of VPNGateway and TransitGateway is set.
	VPNGateway     Ref
	TransitGateway Ref
	// StaticRoutesOnly: routes come from StaticRoutes, not BGP.
	StaticRoutesOnly bool
	StaticRoutes     []Block
	// Tunnels is the number of tunnels up (AWS provides two); 0 means unknown.
	Tunnels int
}

func (*VPNConnection) Kind() Kind    { return KindVPNConnection }
func (c *VPNConnection) Base() *Meta { return &c.Meta }

// refs lists the object's references (see Refs).
func (c *VPNConnection) refs(l refList) refList {
	return l.add(&c.CustomerGateway, &c.VPNGateway, &c.TransitGateway)
}

// DXGateway is a Direct Connect gateway associated with VGWs or transit gateways.
// It does not route between its associated gateways. See
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html
type DXGateway struct {
	Meta
	ASN int64
	// Associations are VGWs or transit gateways.
	Associations []Ref
	// AllowedPrefixes are the prefixes advertised to on-premises per association (all when empty).
	AllowedPrefixes []Block
}

func (*DXGateway) Kind() Kind    { return KindDXGateway }
func (g *DXGateway) Base() *Meta { return &g.Meta }

// refs lists the object's references (see Refs).
func (g *DXGateway) refs(l refList) refList {
	return l.addAll(g.Associations)
}

// OnPrem is a network outside AWS (a datacenter, an office) reached over VPN
// connections or Direct Connect.
type OnPrem struct {
	Meta
	// CIDRs are the address blocks the site owns.
	CIDRs []Block
	// Advertises are the prefixes the site announces over BGP (default: CIDRs).
	// A default route here sends the VPC's internet traffic on-premises.
	Advertises []Block
	// Connections are the VPN connections and Direct Connect gateways that reach the site.
	Connections []Ref
	// RoutesToInternet: the site forwards traffic for destinations it does
	// not own to the internet (it announced a default route and means it).
	RoutesToInternet bool
}

func (*OnPrem) Kind() Kind    { return KindOnPrem }
func (o *OnPrem) Base() *Meta { return &o.Meta }

// refs lists the object's references (see Refs).
func (o *OnPrem) refs(l refList) refList {
	return l.addAll(o.Connections)
}

// Announced returns the prefixes the site announces (Advertises, else CIDRs).
func (o *OnPrem) Announced() []Block {
	if len(o.Advertises) > 0 {
		return o.Advertises
	}
	return o.CIDRs
}
