package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// Route tables, routes and their associations. Terraform semantics:
//   - aws_route_table lists routes inline (route blocks) or gets them from
//     aws_route resources; a new table has only the local routes, which Link
//     adds for every VPC block.
//   - aws_default_route_table adopts the VPC's main route table and replaces
//     its routes with the ones it lists.
//   - aws_main_route_table_association makes another table the main one.
//
// See https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route_table,
// …/default_route_table, …/main_route_table_association and
// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html

func init() {
	register("aws_route_table", 1, mapRouteTable)
	register("aws_default_route_table", 1, mapRouteTable)
	register("aws_route", 3, mapRoute)
	register("aws_route_table_association", 3, mapRouteTableAssociation)
	register("aws_main_route_table_association", 3, mapMainRouteTableAssociation)
	register("aws_vpn_gateway_route_propagation", 3, mapRoutePropagation)
}

func mapRouteTable(m *mapper, r *resource) {
	rd := m.reader(r)
	t := &model.RouteTable{Meta: m.meta(r), VPC: rd.ref(model.KindVPC, "vpc_id")}
	if r.typ == "aws_default_route_table" {
		t.Main = true
		if !t.VPC.Set() {
			if imp, ok := m.reg.implicit[t.AWSID]; ok {
				t.VPC = model.Ref{Kind: model.KindVPC, Key: imp.owner, Range: rd.at("default_route_table_id")}
			} else {
				m.noteUnknown(r, "vpc_id")
			}
		}
	}
	for _, b := range rd.blocks("route") {
		if route, ok := m.route(b); ok {
			t.Routes = append(t.Routes, route)
		}
	}
	t.PropagatingVGWs = rd.refs(model.KindVPNGateway, "propagating_vgws")
	m.add(t)
}

// route reads one route: inline (cidr_block, …) or an aws_route resource
// (destination_cidr_block, …). A route whose target is unknown is kept with
// an unsupported target, so traffic it matches is reported as UNSUPPORTED
// rather than silently misrouted; one whose destination is unknown is dropped.
func (m *mapper) route(rd reader) (model.Route, bool) {
	route := model.Route{Origin: model.OriginStatic, Range: rd.r.rng}
	if rd.block != "" {
		route.Range = rd.at("")
	} else {
		route.Addr = rd.r.addr
	}
	destSet := false
	for _, name := range []string{"cidr_block", "destination_cidr_block", "ipv6_cidr_block", "destination_ipv6_cidr_block"} {
		if rd.set(name) {
			destSet = true
		}
		if p, ok := rd.prefix(name); ok {
			route.Dest = p
			break
		}
	}
	for _, name := range []string{"destination_prefix_list_id"} {
		if rd.set(name) {
			destSet = true
		}
		if id, ok := rd.str(name); ok && id != "" {
			route.DestPrefixList = m.refTo(model.KindPrefixList, id, rd.at(name))
			route.Origin = model.OriginPrefixList
		}
	}
	if !route.Dest.IsValid() && !route.DestPrefixList.Set() {
		if !destSet {
			m.errorf(route.Range, "%s: route has no destination", rd.r.addr)
		}
		return model.Route{}, false
	}
	targets := []struct {
		attr string
		kind model.TargetKind
	}{
		{"gateway_id", ""},
		{"egress_only_gateway_id", model.TargetEgressOnlyIGW},
		{"nat_gateway_id", model.TargetNATGateway},
		{"transit_gateway_id", model.TargetTransitGateway},
		{"vpc_peering_connection_id", model.TargetPeering},
		{"network_interface_id", model.TargetNetworkInterface},
		{"instance_id", model.TargetInstance},
		{"vpc_endpoint_id", model.TargetVPCEndpoint},
		{"carrier_gateway_id", model.TargetUnsupported},
		{"local_gateway_id", model.TargetUnsupported},
		{"core_network_arn", model.TargetUnsupported},
	}
	for _, t := range targets {
		if !rd.set(t.attr) {
			continue
		}
		if t.attr == "vpc_endpoint_id" && m.routeToFirewall(rd, &route, t.attr) {
			return route, true
		}
		if m.unmodelledTarget(rd, route.DestString(), t.attr) || m.leftOutTarget(rd, route.DestString(), t.attr) {
			route.Target = model.TargetUnsupported
			return route, true
		}
		id, ok := rd.str(t.attr)
		if !ok {
			// Known only on apply: the route exists, its target is unknown.
			route.Target = model.TargetUnsupported
			return route, true
		}
		if id == "" {
			continue
		}
		kind := t.kind
		if kind == "" {
			kind = m.gatewayKind(id)
		}
		if kind == model.TargetUnsupported {
			m.omitted.omit(&m.diags, hcl.DiagWarning, rd.r.addr, rd.at(t.attr),
				fmt.Sprintf("%s: the route to %s goes to %s, which names no gateway vpcheck knows: traffic it matches is unknown", rd.r.addr, route.DestString(), id), "")
		}
		route.Target = kind
		if k, ok := model.TargetKindOf(kind); ok {
			route.TargetRef = m.refTo(k, id, rd.at(t.attr))
		}
		return route, true
	}
	m.errorf(route.Range, "%s: route to %s has no target", rd.r.addr, route.DestString())
	return model.Route{}, false
}

// gatewayKind tells what a route's gateway_id names: the object it is,
// else what its id's prefix says (model.RouteTargetOfID, as for a snapshot's
// GatewayId). AWS documents internet and virtual private gateways there,
// but has long accepted other targets' ids too (a NAT gateway's, as in the
// Batfish corpus), and routes them to that target. An id that names no
// modelled kind is an unsupported target, never taken for an internet
// gateway.
func (m *mapper) gatewayKind(id string) model.TargetKind {
	if o, ok := m.byID[id]; ok {
		if t, ok := o.Kind().RouteTarget(); ok {
			return t
		}
	}
	if id == "local" {
		return model.TargetLocal
	}
	return model.RouteTargetOfID(id)
}

func mapRoute(m *mapper, r *resource) {
	rd := m.reader(r)
	t := target[*model.RouteTable](rd, "route_table_id", "route table")
	if t == nil {
		return
	}
	if route, ok := m.route(rd); ok {
		t.Routes = append(t.Routes, route)
	}
}

func mapRouteTableAssociation(m *mapper, r *resource) {
	rd := m.reader(r)
	t := target[*model.RouteTable](rd, "route_table_id", "route table")
	if t == nil {
		return
	}
	if rd.set("subnet_id") {
		if ref := rd.ref(model.KindSubnet, "subnet_id"); ref.Set() {
			ref.Range = r.rng
			t.Subnets = append(t.Subnets, ref)
		}
		return
	}
	if rd.set("gateway_id") {
		id, ok := rd.str("gateway_id")
		if !ok {
			return
		}
		kind := model.KindInternetGateway
		if m.gatewayKind(id) == model.TargetVPNGateway {
			kind = model.KindVPNGateway
		}
		t.Gateways = append(t.Gateways, m.refTo(kind, id, r.rng))
	}
}

// mapMainRouteTableAssociation makes a table the VPC's main one; the table
// that was main (adopted by aws_default_route_table, or the implicit one)
// stops being main. See
// https://docs.aws.amazon.com/vpc/latest/userguide/WorkWithRouteTables.html#Route_Replacing_Main_Table
func mapMainRouteTableAssociation(m *mapper, r *resource) {
	rd := m.reader(r)
	t := target[*model.RouteTable](rd, "route_table_id", "route table")
	if t == nil {
		return
	}
	vpcID, ok := rd.str("vpc_id")
	if !ok {
		return
	}
	for _, other := range m.net.RouteTables {
		if other != t && other.Main && (other.VPC.Key == vpcID || other.VPC.Obj != nil && other.VPC.Obj.Base().AWSID == vpcID) {
			other.Main = false
		}
	}
	t.Main = true
	if !t.VPC.Set() {
		t.VPC = model.Ref{Kind: model.KindVPC, Key: vpcID, Range: rd.at("vpc_id")}
	}
	if d, ok := m.reg.vpcs[vpcID]; ok {
		if old, ok := m.byID[d.mainRouteTable].(*model.RouteTable); ok && old != t {
			old.Main = false
		}
	}
}

func mapRoutePropagation(m *mapper, r *resource) {
	rd := m.reader(r)
	t := target[*model.RouteTable](rd, "route_table_id", "route table")
	if t == nil {
		return
	}
	if ref := rd.ref(model.KindVPNGateway, "vpn_gateway_id"); ref.Set() {
		t.PropagatingVGWs = append(t.PropagatingVGWs, ref)
	}
}
