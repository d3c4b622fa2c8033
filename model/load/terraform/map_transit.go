package terraform

import (
	"github.com/vpcheck/vpcheck/model"
)

// Transit gateways. With default_route_table_association and
// default_route_table_propagation at their default ("enable"), AWS creates a
// default route table with the gateway, associates every new attachment
// with it and propagates every new attachment's routes to it, unless the
// attachment opts out (transit_gateway_default_route_table_association /
// _propagation = false on VPC attachments). An explicit association
// replaces the default one. A peering attachment carries traffic once
// accepted, and only over static routes. See
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html,
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html and
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ec2_transit_gateway

func init() {
	register("aws_ec2_transit_gateway", 0, mapTransitGateway)
	register("aws_ec2_transit_gateway_route_table", 1, mapTGWRouteTable)
	register("aws_ec2_transit_gateway_vpc_attachment", 2, mapTGWVPCAttachment)
	register("aws_ec2_transit_gateway_peering_attachment", 2, mapTGWPeeringAttachment)
	register("aws_ec2_transit_gateway_vpc_attachment_accepter", 3, mapTGWAttachmentAccepter)
	register("aws_ec2_transit_gateway_peering_attachment_accepter", 3, mapTGWAttachmentAccepter)
	register("aws_ec2_transit_gateway_route_table_association", 4, mapTGWAssociation)
	register("aws_ec2_transit_gateway_route_table_propagation", 4, mapTGWPropagation)
	register("aws_ec2_transit_gateway_route", 4, mapTGWRoute)
	register("aws_ec2_transit_gateway_prefix_list_reference", 4, mapTGWRoute)
}

func mapTransitGateway(m *mapper, r *resource) {
	rd := m.reader(r)
	g := &model.TransitGateway{Meta: m.meta(r), Region: r.region, ASN: 64512}
	if asn, ok := rd.num("amazon_side_asn"); ok {
		g.ASN = asn
	}
	opts := tgwOptions{association: true, propagation: true}
	if s, ok := rd.str("default_route_table_association"); ok && s == "disable" {
		opts.association = false
	}
	if s, ok := rd.str("default_route_table_propagation"); ok && s == "disable" {
		opts.propagation = false
	}
	m.tgwOptions[g] = opts
	m.add(g)
	if !opts.association && !opts.propagation {
		return
	}
	rtID := m.reg.tgwDefault[g.AWSID]
	m.finish = append(m.finish, func() { m.finishTGWDefaults(g, opts, rtID) })
}

// finishTGWDefaults creates the gateway's default route table (unless the
// input describes it) and applies the default association and propagation
// to the attachments that take them.
func (m *mapper) finishTGWDefaults(g *model.TransitGateway, opts tgwOptions, rtID string) {
	rt, _ := m.implicitObject(rtID).(*model.TGWRouteTable)
	if rt == nil {
		return
	}
	if opts.association {
		g.DefaultAssociation = model.To(rt)
	}
	if opts.propagation {
		g.DefaultPropagation = model.To(rt)
	}
	for _, a := range m.net.TGWAttachments {
		if a.TransitGateway.Key != g.AWSID || a.Type == model.AttachPeering {
			continue
		}
		flags, ok := m.attachDefaults[a]
		if !ok {
			flags = [2]bool{true, true}
		}
		if opts.association && flags[0] && !a.Association.Set() {
			a.Association = model.To(rt)
		}
		if opts.propagation && flags[1] {
			a.Propagations = append(a.Propagations, model.To(rt))
		}
	}
}

func mapTGWRouteTable(m *mapper, r *resource) {
	rd := m.reader(r)
	m.add(&model.TGWRouteTable{Meta: m.meta(r), TransitGateway: rd.ref(model.KindTransitGateway, "transit_gateway_id")})
}

func mapTGWVPCAttachment(m *mapper, r *resource) {
	rd := m.reader(r)
	a := &model.TGWAttachment{
		Meta:           m.meta(r),
		TransitGateway: rd.ref(model.KindTransitGateway, "transit_gateway_id"),
		Type:           model.AttachVPC,
		VPC:            rd.ref(model.KindVPC, "vpc_id"),
		Subnets:        rd.refs(model.KindSubnet, "subnet_ids"),
	}
	if s, ok := rd.str("appliance_mode_support"); ok && s == "enable" {
		a.ApplianceMode = true
	}
	m.attachDefaults[a] = [2]bool{
		rd.boolean("transit_gateway_default_route_table_association", true),
		rd.boolean("transit_gateway_default_route_table_propagation", true),
	}
	m.add(a)
}

func mapTGWPeeringAttachment(m *mapper, r *resource) {
	rd := m.reader(r)
	a := &model.TGWAttachment{
		Meta:               m.meta(r),
		TransitGateway:     rd.ref(model.KindTransitGateway, "transit_gateway_id"),
		Type:               model.AttachPeering,
		PeerTransitGateway: rd.ref(model.KindTransitGateway, "peer_transit_gateway_id"),
		State:              "pendingAcceptance",
	}
	if s, ok := r.value.str("state"); ok {
		a.State = s
	}
	m.add(a)
}

// mapTGWAttachmentAccepter accepts an attachment (cross-account VPC or
// peering); the accepter side's default association flags apply.
func mapTGWAttachmentAccepter(m *mapper, r *resource) {
	rd := m.reader(r)
	a := target[*model.TGWAttachment](rd, "transit_gateway_attachment_id", "transit gateway attachment")
	if a == nil {
		return
	}
	if a.Type == model.AttachPeering {
		a.State = ""
		return
	}
	m.attachDefaults[a] = [2]bool{
		rd.boolean("transit_gateway_default_route_table_association", true),
		rd.boolean("transit_gateway_default_route_table_propagation", true),
	}
}

func mapTGWAssociation(m *mapper, r *resource) {
	rd := m.reader(r)
	a := target[*model.TGWAttachment](rd, "transit_gateway_attachment_id", "transit gateway attachment")
	if a == nil {
		return
	}
	if ref := rd.ref(model.KindTGWRouteTable, "transit_gateway_route_table_id"); ref.Set() {
		ref.Range = r.rng
		a.Association = ref
	}
}

func mapTGWPropagation(m *mapper, r *resource) {
	rd := m.reader(r)
	a := target[*model.TGWAttachment](rd, "transit_gateway_attachment_id", "transit gateway attachment")
	if a == nil {
		return
	}
	if ref := rd.ref(model.KindTGWRouteTable, "transit_gateway_route_table_id"); ref.Set() {
		ref.Range = r.rng
		a.Propagations = append(a.Propagations, ref)
	}
}

// mapTGWRoute maps a static route or a prefix list reference (a route to
// every entry of a prefix list) of a transit gateway route table.
func mapTGWRoute(m *mapper, r *resource) {
	rd := m.reader(r)
	t := target[*model.TGWRouteTable](rd, "transit_gateway_route_table_id", "transit gateway route table")
	if t == nil {
		return
	}
	route := model.TGWRoute{Origin: model.OriginStatic, Addr: r.addr, Range: r.rng, Blackhole: rd.boolean("blackhole", false)}
	if r.typ == "aws_ec2_transit_gateway_prefix_list_reference" {
		route.DestPrefixList = rd.ref(model.KindPrefixList, "prefix_list_id")
		route.Origin = model.OriginPrefixList
		if !route.DestPrefixList.Set() {
			return
		}
	} else {
		p, ok := rd.prefix("destination_cidr_block")
		if !ok {
			return
		}
		route.Dest = p
	}
	if !route.Blackhole {
		if rd.unknownRelation("transit_gateway_attachment_id", "transit gateway attachment") {
			return
		}
		route.Attachment = rd.ref(model.KindTGWAttachment, "transit_gateway_attachment_id")
		if !route.Attachment.Set() {
			return
		}
	}
	t.Routes = append(t.Routes, route)
}
