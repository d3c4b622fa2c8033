package awsjson

import (
	"strings"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/jsondoc"
)

// Customer gateways, virtual private gateways and VPN connections in state
// "deleted" no longer exist; AWS lists them for a while after deletion. See
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnConnection.html

func (l *loader) indexCustomerGateway(n node) {
	l.note(model.KindCustomerGateway, n.str("CustomerGatewayId"), n.str("State"), "deleted")
}

func (l *loader) buildCustomerGateway(n node) {
	if l.isGone(n.str("CustomerGatewayId")) {
		return
	}
	g := &model.CustomerGateway{Meta: n.meta("CustomerGatewayId"), IP: n.ip("IpAddress")}
	if asn, ok := n.integer("BgpAsn"); ok {
		g.ASN = asn
	}
	l.add(g, n, "CustomerGatewayId")
}

func (l *loader) indexVPNGateway(n node) {
	l.note(model.KindVPNGateway, n.str("VpnGatewayId"), n.str("State"), "deleted")
}

// buildVPNGateway reads describe-vpn-gateways; a VGW is attached to at most
// one VPC at a time, the attachment in state "attached".
func (l *loader) buildVPNGateway(n node) {
	if l.isGone(n.str("VpnGatewayId")) {
		return
	}
	g := &model.VPNGateway{Meta: n.meta("VpnGatewayId")}
	for _, a := range n.objects("VpcAttachments") {
		if s := a.str("State"); s == "attached" || s == "" {
			g.VPC = a.ref(model.KindVPC, "VpcId")
			break
		}
	}
	if asn, ok := n.integer("AmazonSideAsn"); ok {
		g.ASN = asn
	}
	l.add(g, n, "VpnGatewayId")
}

func (l *loader) indexVPNConnection(n node) {
	id := n.str("VpnConnectionId")
	l.note(model.KindVPNConnection, id, n.str("State"), "deleted")
	if l.isGone(id) {
		return
	}
	if vgw := n.str("VpnGatewayId"); vgw != "" {
		l.vgwHasVPN[vgw] = true
		if opts, ok := n.object("Options"); ok && opts.boolean("StaticRoutesOnly", false) {
			for _, r := range n.objects("Routes") {
				if routeLive(r) {
					if c, ok := r.get("DestinationCidrBlock"); ok && c.v.Kind == jsondoc.String {
						if p, err := model.ParseCIDR(c.v.Text); err == nil {
							l.vpnStatic[vgw] = append(l.vpnStatic[vgw], model.Block{Prefix: p})
						}
					}
				}
			}
		}
	}
}

// routeLive reports whether a VPN static route is in force (not being deleted or gone).
func routeLive(r node) bool {
	s := r.str("State")
	return s != "deleted" && s != "deleting"
}

// buildVPNConnection reads describe-vpn-connections. Tunnels counts the
// tunnels VgwTelemetry shows UP. When none is up, the snapshot was taken
// while the tunnels were down (or never configured on the customer side):
// vpcheck still analyses the connection as configured, and says so. See
// https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-vpn-health.html
func (l *loader) buildVPNConnection(n node) {
	if l.isGone(n.str("VpnConnectionId")) {
		return
	}
	c := &model.VPNConnection{
		Meta:            n.meta("VpnConnectionId"),
		CustomerGateway: n.ref(model.KindCustomerGateway, "CustomerGatewayId"),
		VPNGateway:      n.ref(model.KindVPNGateway, "VpnGatewayId"),
		TransitGateway:  n.ref(model.KindTransitGateway, "TransitGatewayId"),
	}
	if opts, ok := n.object("Options"); ok {
		c.StaticRoutesOnly = opts.boolean("StaticRoutesOnly", false)
	}
	for _, r := range n.objects("Routes") {
		if !routeLive(r) {
			continue
		}
		if b, ok := r.cidr("DestinationCidrBlock"); ok {
			c.StaticRoutes = append(c.StaticRoutes, b)
		}
	}
	telemetry := n.objects("VgwTelemetry")
	for _, t := range telemetry {
		if strings.EqualFold(t.str("Status"), "UP") {
			c.Tunnels++
		}
	}
	if len(telemetry) > 0 && c.Tunnels == 0 {
		if tn, ok := n.get("VgwTelemetry"); ok {
			tn.warnf("no tunnel of vpn connection %s was UP when the snapshot was taken; vpcheck analyses the connection as configured, as if its tunnels were up", c.AWSID)
		}
	}
	l.add(c, n, "VpnConnectionId")
}

// Direct Connect's API writes its members in lower camel case.

func (l *loader) indexDXGateway(n node) {
	l.note(model.KindDXGateway, n.str("directConnectGatewayId"), n.str("directConnectGatewayState"), "deleted")
}

// buildDXGateway reads `aws directconnect describe-direct-connect-gateways`.
// A Direct Connect gateway has a name of its own and no tags.
func (l *loader) buildDXGateway(n node) {
	if l.isGone(n.str("directConnectGatewayId")) {
		return
	}
	g := &model.DXGateway{Meta: n.meta("directConnectGatewayId")}
	if asn, ok := n.integer("amazonSideAsn"); ok {
		g.ASN = asn
	}
	if l.add(g, n, "directConnectGatewayId") {
		l.candidates[g] = n.str("directConnectGatewayName")
	}
}

// associationLive reports whether a Direct Connect gateway association passes
// traffic: associated, or changing prefixes (updating). See
// https://docs.aws.amazon.com/directconnect/latest/APIReference/API_DirectConnectGatewayAssociation.html
func associationLive(n node) bool {
	switch n.str("associationState") {
	case "associated", "updating", "":
		return true
	}
	return false
}

func (l *loader) indexDXAssociation(n node) {
	if !associationLive(n) {
		return
	}
	if gw, ok := n.object("associatedGateway"); ok && gw.str("type") == "virtualPrivateGateway" {
		l.vgwHasDX[gw.str("id")] = true
	} else if vgw := n.str("virtualGatewayId"); vgw != "" {
		l.vgwHasDX[vgw] = true
	}
}

// buildDXAssociation reads describe-direct-connect-gateway-associations into
// the gateway's associations. The associated VGW or transit gateway may be in
// another account or region (then the reference is External).
func (l *loader) buildDXAssociation(n node) {
	if !associationLive(n) {
		return
	}
	id := n.str("directConnectGatewayId")
	g, _ := l.lookup(model.KindDXGateway, id).(*model.DXGateway)
	if g == nil {
		if !l.isGone(id) {
			n.warnf("association of Direct Connect gateway %s, which directConnectGateways does not describe, is skipped; collect describe-direct-connect-gateways too", id)
		}
		return
	}
	var r model.Ref
	if gw, ok := n.object("associatedGateway"); ok {
		switch gw.str("type") {
		case "virtualPrivateGateway":
			r = gw.ref(model.KindVPNGateway, "id")
		case "transitGateway":
			r = gw.ref(model.KindTransitGateway, "id")
		default:
			gw.warnf("association with a %q is not modelled and is skipped", gw.str("type"))
			return
		}
	} else {
		r = n.ref(model.KindVPNGateway, "virtualGatewayId")
	}
	if r.Key == "" || l.isGone(r.Key) {
		return
	}
	r.External = !l.has(r.Kind, r.Key)
	g.Associations = append(g.Associations, r)
	for _, p := range n.objects("allowedPrefixesToDirectConnectGateway") {
		if b, ok := p.cidr("cidr"); ok {
			g.AllowedPrefixes = append(g.AllowedPrefixes, b)
		}
	}
}
