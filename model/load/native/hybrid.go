package native

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

type vpnGatewayBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	VPC *hcl.Attribute `hcl:"vpc,optional"`
	ASN *hcl.Attribute `hcl:"asn,optional"`
}

// vpnGateway decodes a vpn_gateway block; without vpc it is detached.
func (d *decoder) vpnGateway(b *vpnGatewayBlock) {
	g := &model.VPNGateway{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	g.VPC = d.ref(b.VPC, model.KindVPC)
	g.ASN, _ = d.integer(b.ASN, asnMin, asnMax)
	d.net.Add(g)
}

type customerGatewayBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	IPAddress *hcl.Attribute `hcl:"ip_address,optional"`
	ASN       *hcl.Attribute `hcl:"asn,optional"`
}

func (d *decoder) customerGateway(b *customerGatewayBlock) {
	g := &model.CustomerGateway{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	g.IP, _ = d.ipv4(b.IPAddress)
	g.ASN, _ = d.integer(b.ASN, asnMin, asnMax)
	d.net.Add(g)
}

type vpnConnectionBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	CustomerGateway  *hcl.Attribute `hcl:"customer_gateway,optional"`
	VPNGateway       *hcl.Attribute `hcl:"vpn_gateway,optional"`
	TransitGateway   *hcl.Attribute `hcl:"transit_gateway,optional"`
	StaticRoutes     *hcl.Attribute `hcl:"static_routes,optional"`
	StaticRoutesOnly *hcl.Attribute `hcl:"static_routes_only,optional"`
	Tunnels          *hcl.Attribute `hcl:"tunnels,optional"`
}

// vpnConnection decodes a vpn_connection block. Static routes make the
// connection static-routes-only: a VPN routes either statically or by BGP,
// https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
// Ending at exactly one of a VGW and a TGW is checked by Network.Validate.
func (d *decoder) vpnConnection(b *vpnConnectionBlock) {
	c := &model.VPNConnection{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	if d.require(b.CustomerGateway, "customer_gateway", "vpn_connection", b.DefRange) {
		c.CustomerGateway = d.ref(b.CustomerGateway, model.KindCustomerGateway)
	}
	c.VPNGateway = d.ref(b.VPNGateway, model.KindVPNGateway)
	c.TransitGateway = d.ref(b.TransitGateway, model.KindTransitGateway)
	c.StaticRoutes = d.cidrs(b.StaticRoutes)
	c.StaticRoutesOnly = d.flag(b.StaticRoutesOnly, b.StaticRoutes != nil)
	if b.StaticRoutes != nil && !c.StaticRoutesOnly {
		d.fail(b.StaticRoutesOnly.Range, "static_routes need static_routes_only",
			"A connection with static_routes routes statically; remove static_routes_only = false, or the static routes for BGP.")
	}
	if n, ok := d.integer(b.Tunnels, 0, 2); ok {
		c.Tunnels = int(n)
	}
	d.net.Add(c)
}

type dxGatewayBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	ASN             *hcl.Attribute `hcl:"asn,optional"`
	Associations    *hcl.Attribute `hcl:"associations,optional"`
	AllowedPrefixes *hcl.Attribute `hcl:"allowed_prefixes,optional"`
}

// dxGateway decodes a dx_gateway block: associated with virtual private
// gateways or transit gateways. See
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html
func (d *decoder) dxGateway(b *dxGatewayBlock) {
	g := &model.DXGateway{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	g.ASN, _ = d.integer(b.ASN, asnMin, asnMax)
	g.Associations = d.refs(b.Associations, model.KindVPNGateway, model.KindTransitGateway)
	g.AllowedPrefixes = d.cidrs(b.AllowedPrefixes)
	d.net.Add(g)
}

type onPremBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	CIDRBlocks       *hcl.Attribute `hcl:"cidr_blocks,optional"`
	Advertises       *hcl.Attribute `hcl:"advertises,optional"`
	Connections      *hcl.Attribute `hcl:"connections,optional"`
	RoutesToInternet *hcl.Attribute `hcl:"routes_to_internet,optional"`
}

func (d *decoder) onPrem(b *onPremBlock) {
	o := &model.OnPrem{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	if d.require(b.CIDRBlocks, "cidr_blocks", "on_prem", b.DefRange) {
		o.CIDRs = d.cidrs(b.CIDRBlocks)
	}
	o.Advertises = d.cidrs(b.Advertises)
	o.Connections = d.refs(b.Connections, model.KindVPNConnection, model.KindDXGateway)
	o.RoutesToInternet = d.flag(b.RoutesToInternet, false)
	d.net.Add(o)
}
