package native

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// asnRange bounds an autonomous system number (4-byte ASNs).
const asnMin, asnMax = 1, 1<<32 - 1

type transitGatewayBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	ASN                          *hcl.Attribute `hcl:"asn,optional"`
	Region                       *hcl.Attribute `hcl:"region,optional"`
	AssociationDefaultRouteTable *hcl.Attribute `hcl:"association_default_route_table,optional"`
	PropagationDefaultRouteTable *hcl.Attribute `hcl:"propagation_default_route_table,optional"`
}

func (d *decoder) transitGateway(b *transitGatewayBlock) {
	g := &model.TransitGateway{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	g.ASN, _ = d.integer(b.ASN, asnMin, asnMax)
	g.Region, _ = d.str(b.Region)
	g.DefaultAssociation = d.ref(b.AssociationDefaultRouteTable, model.KindTGWRouteTable)
	g.DefaultPropagation = d.ref(b.PropagationDefaultRouteTable, model.KindTGWRouteTable)
	d.net.Add(g)
}

type tgwRouteTableBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	TransitGateway *hcl.Attribute  `hcl:"transit_gateway,optional"`
	Routes         []tgwRouteBlock `hcl:"route,block"`
}

type tgwRouteBlock struct {
	DefRange hcl.Range `hcl:",def_range"`

	Destination           *hcl.Attribute `hcl:"destination,optional"`
	DestinationPrefixList *hcl.Attribute `hcl:"destination_prefix_list,optional"`
	Attachment            *hcl.Attribute `hcl:"attachment,optional"`
	Blackhole             *hcl.Attribute `hcl:"blackhole,optional"`
}

func (d *decoder) tgwRouteTable(b *tgwRouteTableBlock) {
	t := &model.TGWRouteTable{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	if d.require(b.TransitGateway, "transit_gateway", "transit_gateway_route_table", b.DefRange) {
		t.TransitGateway = d.ref(b.TransitGateway, model.KindTransitGateway)
	}
	for i := range b.Routes {
		if r, ok := d.tgwRoute(&b.Routes[i]); ok {
			t.Routes = append(t.Routes, r)
		}
	}
	d.net.Add(t)
}

// tgwRoute decodes a static transit gateway route: to an attachment or a
// blackhole. See https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
func (d *decoder) tgwRoute(b *tgwRouteBlock) (model.TGWRoute, bool) {
	r := model.TGWRoute{Origin: model.OriginStatic, Range: b.DefRange}
	ok := true
	switch d.exclusive(b.Destination, b.DestinationPrefixList) {
	case nil:
		d.fail(b.DefRange, "route has no destination", "Write destination = \"CIDR\" or destination_prefix_list = prefix_list.NAME.")
		ok = false
	case b.Destination:
		var blk model.Block
		blk, ok = d.cidr(b.Destination)
		r.Dest = blk.Prefix
	case b.DestinationPrefixList:
		r.DestPrefixList = d.ref(b.DestinationPrefixList, model.KindPrefixList)
		ok = r.DestPrefixList.Set()
		r.Origin = model.OriginPrefixList
	}
	r.Blackhole = d.flag(b.Blackhole, false)
	switch {
	case r.Blackhole && b.Attachment != nil:
		d.fail(b.Attachment.NameRange, "a blackhole route has no attachment", "Remove attachment, or blackhole = true.")
	case b.Attachment != nil:
		r.Attachment = d.ref(b.Attachment, model.KindTGWAttachment)
	case !r.Blackhole:
		d.fail(b.DefRange, "route has no attachment", "Write attachment = transit_gateway_attachment.NAME, or blackhole = true to drop the traffic.")
	}
	return r, ok
}

type tgwAttachmentBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	TransitGateway     *hcl.Attribute `hcl:"transit_gateway,optional"`
	VPC                *hcl.Attribute `hcl:"vpc,optional"`
	Subnets            *hcl.Attribute `hcl:"subnets,optional"`
	VPNConnection      *hcl.Attribute `hcl:"vpn_connection,optional"`
	DXGateway          *hcl.Attribute `hcl:"dx_gateway,optional"`
	PeerTransitGateway *hcl.Attribute `hcl:"peer_transit_gateway,optional"`
	Association        *hcl.Attribute `hcl:"association,optional"`
	Propagations       *hcl.Attribute `hcl:"propagations,optional"`
	ApplianceMode      *hcl.Attribute `hcl:"appliance_mode,optional"`
	State              *hcl.Attribute `hcl:"state,optional"`
}

// tgwAttachmentStates are the states of a transit gateway attachment; only
// available carries traffic. See
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html#vpc-attachment-lifecycle
var tgwAttachmentStates = []string{
	"available", "pending", "pendingAcceptance", "initiating", "initiatingRequest", "modifying",
	"rollingBack", "rejected", "rejecting", "failed", "failing", "deleting", "deleted",
}

// tgwAttachment decodes a transit_gateway_attachment block. What is attached
// (exactly one of vpc, vpn_connection, dx_gateway, peer_transit_gateway)
// gives its type. A missing transit_gateway, and a VPC attachment without
// subnets, are reported by Network.Validate.
func (d *decoder) tgwAttachment(b *tgwAttachmentBlock) {
	a := &model.TGWAttachment{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	a.TransitGateway = d.ref(b.TransitGateway, model.KindTransitGateway)
	switch d.exclusive(b.VPC, b.VPNConnection, b.DXGateway, b.PeerTransitGateway) {
	case nil:
		d.fail(b.DefRange, "transit gateway attachment attaches nothing",
			"Write one of vpc (with subnets), vpn_connection, dx_gateway or peer_transit_gateway.")
	case b.VPC:
		a.Type = model.AttachVPC
		a.VPC = d.ref(b.VPC, model.KindVPC)
	case b.VPNConnection:
		a.Type = model.AttachVPN
		a.VPN = d.ref(b.VPNConnection, model.KindVPNConnection)
	case b.DXGateway:
		a.Type = model.AttachDXGateway
		a.DXGateway = d.ref(b.DXGateway, model.KindDXGateway)
	case b.PeerTransitGateway:
		a.Type = model.AttachPeering
		a.PeerTransitGateway = d.ref(b.PeerTransitGateway, model.KindTransitGateway)
	}
	d.onlyWith(b.VPC != nil, "to VPC attachments (with vpc)", b.Subnets, b.ApplianceMode)
	if b.VPC != nil {
		a.Subnets = d.refs(b.Subnets, model.KindSubnet)
		a.ApplianceMode = d.flag(b.ApplianceMode, false)
	}
	a.Association = d.ref(b.Association, model.KindTGWRouteTable)
	a.Propagations = d.refs(b.Propagations, model.KindTGWRouteTable)
	a.State, _ = d.oneOf(b.State, tgwAttachmentStates...)
	d.net.Add(a)
}
