package terraform

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

// Virtual private gateways, customer gateways, Site-to-Site VPN and Direct
// Connect gateways. A VPN connection or Direct Connect gateway association
// that ends at a transit gateway makes AWS create a transit gateway
// attachment for it; the mapping adds that attachment (implicit: the input
// does not write it as a resource) so transit gateway routes can use it.
// See https://docs.aws.amazon.com/vpn/latest/s2svpn/VPC_VPN.html and
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html

func init() {
	register("aws_vpn_gateway", 1, mapVPNGateway)
	register("aws_vpn_gateway_attachment", 3, mapVPNGatewayAttachment)
	register("aws_customer_gateway", 0, mapCustomerGateway)
	register("aws_vpn_connection", 2, mapVPNConnection)
	register("aws_vpn_connection_route", 3, mapVPNConnectionRoute)
	register("aws_dx_gateway", 0, mapDXGateway)
	register("aws_dx_gateway_association", 3, mapDXGatewayAssociation)
}

func mapVPNGateway(m *mapper, r *resource) {
	rd := m.reader(r)
	g := &model.VPNGateway{Meta: m.meta(r), VPC: rd.ref(model.KindVPC, "vpc_id")}
	if asn, ok := rd.num("amazon_side_asn"); ok {
		g.ASN = asn
	}
	m.add(g)
}

func mapVPNGatewayAttachment(m *mapper, r *resource) {
	rd := m.reader(r)
	g := target[*model.VPNGateway](rd, "vpn_gateway_id", "vpn gateway")
	if g == nil {
		return
	}
	if ref := rd.ref(model.KindVPC, "vpc_id"); ref.Set() {
		g.VPC = ref
	}
}

func mapCustomerGateway(m *mapper, r *resource) {
	rd := m.reader(r)
	g := &model.CustomerGateway{Meta: m.meta(r)}
	if ip, ok := rd.addr("ip_address"); ok {
		g.IP = ip
	}
	if asn, ok := rd.num("bgp_asn"); ok {
		g.ASN = asn
	} else if asn, ok := rd.num("bgp_asn_extended"); ok {
		g.ASN = asn
	}
	m.add(g)
}

func mapVPNConnection(m *mapper, r *resource) {
	rd := m.reader(r)
	c := &model.VPNConnection{
		Meta:             m.meta(r),
		CustomerGateway:  rd.ref(model.KindCustomerGateway, "customer_gateway_id"),
		VPNGateway:       rd.ref(model.KindVPNGateway, "vpn_gateway_id"),
		TransitGateway:   rd.ref(model.KindTransitGateway, "transit_gateway_id"),
		StaticRoutesOnly: rd.boolean("static_routes_only", false),
	}
	m.add(c)
	local := rd.prefixes("local_ipv4_network_cidr")
	local = append(local, rd.prefixes("local_ipv6_network_cidr")...)
	m.finish = append(m.finish, func() { m.addOnPremBehind(c, local) })
	if !c.TransitGateway.Set() {
		return
	}
	id, _ := r.value.str("transit_gateway_attachment_id")
	m.add(&model.TGWAttachment{
		Meta:           model.Meta{Name: r.addr + "/attachment", AWSID: id, PlaceholderID: c.PlaceholderID, Range: r.rng, Implicit: true},
		TransitGateway: c.TransitGateway,
		Type:           model.AttachVPN,
		VPN:            model.To(c),
	})
}

func mapVPNConnectionRoute(m *mapper, r *resource) {
	rd := m.reader(r)
	c := target[*model.VPNConnection](rd, "vpn_connection_id", "vpn connection")
	if c == nil {
		return
	}
	if p, ok := rd.prefix("destination_cidr_block"); ok {
		c.StaticRoutes = append(c.StaticRoutes, model.Block{Prefix: p, Addr: r.addr, Range: r.rng})
	}
}

func mapDXGateway(m *mapper, r *resource) {
	rd := m.reader(r)
	g := &model.DXGateway{Meta: m.meta(r)}
	if asn, ok := rd.num("amazon_side_asn"); ok {
		g.ASN = asn
	}
	m.add(g)
}

// mapDXGatewayAssociation associates a Direct Connect gateway with a VGW or
// a transit gateway (told apart by the object, else the id's prefix).
func mapDXGatewayAssociation(m *mapper, r *resource) {
	rd := m.reader(r)
	g := target[*model.DXGateway](rd, "dx_gateway_id", "direct connect gateway")
	if g == nil {
		return
	}
	id, ok := rd.str("associated_gateway_id")
	if !ok {
		id, ok = rd.str("vpn_gateway_id")
	}
	if !ok || id == "" {
		return
	}
	kind := model.KindVPNGateway
	_, isTGW := m.byID[id].(*model.TransitGateway)
	if byPrefix, _ := model.KindOfID(id); isTGW || byPrefix == model.KindTransitGateway {
		kind = model.KindTransitGateway
	}
	ref := m.refTo(kind, id, rd.at("associated_gateway_id"))
	g.Associations = append(g.Associations, ref)
	for _, p := range rd.prefixes("allowed_prefixes") {
		g.AllowedPrefixes = append(g.AllowedPrefixes, model.Block{Prefix: p, Addr: r.addr, Range: rd.at("allowed_prefixes")})
	}
	if kind == model.KindTransitGateway {
		m.add(&model.TGWAttachment{
			Meta:           model.Meta{Name: r.addr + "/attachment", AWSID: placeholderOf(model.KindTGWAttachment, r.addr+"#attachment"), PlaceholderID: true, Range: r.rng, Implicit: true},
			TransitGateway: ref,
			Type:           model.AttachDXGateway,
			DXGateway:      model.To(g),
		})
	}
}

// addOnPremBehind adds the on-premises network behind a VPN connection, named
// after it: the customer network its static routes lead to (a static
// route's destination is "the CIDR block associated with the local subnet
// of the customer network":
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpnConnectionRoute.html)
// and the range the connection declares on the customer gateway side
// (local_ipv4_network_cidr, local_ipv6_network_cidr; the default, any
// address, declares nothing:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnConnectionOptionsSpecification.html).
// Over BGP the site announces that range. Traffic to these addresses goes
// on-premises, not to the internet. The site is implicit: an on_prem block
// of .vpcheck.hcl that names the connection replaces it.
func (m *mapper) addOnPremBehind(c *model.VPNConnection, local []netip.Prefix) {
	var cidrs []model.Block
	seen := map[netip.Prefix]bool{}
	addBlock := func(b model.Block) {
		if b.Prefix.Bits() == 0 || seen[b.Prefix] {
			return
		}
		seen[b.Prefix] = true
		cidrs = append(cidrs, b)
	}
	for _, b := range c.StaticRoutes {
		addBlock(b)
	}
	for _, p := range local {
		addBlock(model.Block{Prefix: p, Addr: c.Name, Range: c.Range})
	}
	if len(cidrs) == 0 {
		return
	}
	m.add(&model.OnPrem{
		Meta:        model.Meta{Name: c.Name + "/on-prem", Range: c.Range, Implicit: true},
		CIDRs:       cidrs,
		Connections: []model.Ref{model.To(c)},
	})
}
