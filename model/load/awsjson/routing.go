package awsjson

import (
	"github.com/vpcheck/vpcheck/model"
)

func (l *loader) indexRouteTable(n node) {
	l.note(model.KindRouteTable, n.str("RouteTableId"), "")
}

// buildRouteTable reads describe-route-tables. The associations say which
// table is the VPC's main one, which subnets use it explicitly, and which
// gateways it steers inbound traffic for (edge associations, ingress
// routing). See https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html
// and https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
func (l *loader) buildRouteTable(n node) {
	t := &model.RouteTable{Meta: n.meta("RouteTableId"), VPC: n.ref(model.KindVPC, "VpcId")}
	for _, a := range n.objects("Associations") {
		if s := a.state("AssociationState"); s != "" && s != "associated" && s != "associating" {
			continue
		}
		if a.boolean("Main", false) {
			t.Main = true
		}
		if r := a.ref(model.KindSubnet, "SubnetId"); r.Set() {
			t.Subnets = append(t.Subnets, r)
		}
		if id := a.str("GatewayId"); id != "" {
			// An edge association is with an internet or a virtual private gateway.
			kind := model.KindInternetGateway
			if k, _ := model.KindOfID(id); k == model.KindVPNGateway {
				kind = model.KindVPNGateway
			}
			t.Gateways = append(t.Gateways, a.ref(kind, "GatewayId"))
		}
	}
	for _, g := range n.objects("PropagatingVgws") {
		if r := g.liveRef(model.KindVPNGateway, "GatewayId"); r.Set() {
			t.PropagatingVGWs = append(t.PropagatingVGWs, r)
		}
	}
	for _, r := range n.objects("Routes") {
		if route, ok := l.route(r); ok {
			t.Routes = append(t.Routes, route)
		}
	}
	l.add(t, n, "RouteTableId")
}

// route reads one route: its destination, its target and its origin.
// Targets: https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html
func (l *loader) route(r node) (model.Route, bool) {
	var route model.Route
	switch {
	case has(r, "DestinationCidrBlock"):
		b, ok := r.cidr("DestinationCidrBlock")
		if !ok {
			return route, false
		}
		route.Dest, route.Range = b.Prefix, b.Range
	case has(r, "DestinationIpv6CidrBlock"):
		b, ok := r.cidr("DestinationIpv6CidrBlock")
		if !ok {
			return route, false
		}
		route.Dest, route.Range = b.Prefix, b.Range
	case has(r, "DestinationPrefixListId"):
		route.DestPrefixList = r.ref(model.KindPrefixList, "DestinationPrefixListId")
		route.Range = route.DestPrefixList.Range
	default:
		r.errorf("route has no DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId")
		return route, false
	}
	target, key, kind := routeTarget(r)
	route.Target = target
	if kind != "" {
		route.TargetRef = r.ref(kind, key)
		route.TargetRef.External = kind == model.KindTransitGateway && !l.has(kind, route.TargetRef.Key) && l.sharedTGWs[route.TargetRef.Key]
	}
	if target == model.TargetUnsupported && key == "GatewayId" {
		r.warnf("route target %s is of a kind vpcheck does not model; traffic sent to it is reported as unsupported", r.str("GatewayId"))
	}
	if target == "" {
		r.errorf("route has no target (GatewayId, NatGatewayId, TransitGatewayId, VpcPeeringConnectionId, NetworkInterfaceId, …)")
		return route, false
	}
	// A route whose target was deleted shows state "blackhole"; so does one
	// whose target the snapshot lists as gone, when the snapshot was taken
	// before AWS updated the route. See "Route table concepts" in
	// https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html
	switch {
	case r.str("State") == "blackhole":
		route.Target, route.TargetRef = model.TargetBlackhole, model.Ref{}
	case route.TargetRef.Key != "" && l.isGone(route.TargetRef.Key):
		r.warnf("route target %s no longer exists (the snapshot lists it as %s); the route is a blackhole", route.TargetRef.Key, l.gone[route.TargetRef.Key])
		route.Target, route.TargetRef = model.TargetBlackhole, model.Ref{}
	}
	route.Origin = l.routeOrigin(r, route)
	return route, true
}

// has reports whether member key is present and not null.
func has(n node, key string) bool {
	_, ok := n.get(key)
	return ok
}

// routeTarget returns the target kind of a route, the member naming the
// target and the kind of object it refers to ("" for local and unsupported
// targets). An instance route lists both InstanceId and NetworkInterfaceId:
// traffic goes to the ENI, so the ENI is the hop. A GatewayId is told by
// its prefix, as a Terraform gateway_id is (model.RouteTargetOfID): one
// whose prefix names no modelled kind is an unsupported target.
func routeTarget(r node) (model.TargetKind, string, model.Kind) {
	if id := r.str("GatewayId"); id != "" {
		if id == "local" {
			return model.TargetLocal, "", ""
		}
		target := model.RouteTargetOfID(id)
		kind, _ := model.TargetKindOf(target)
		return target, "GatewayId", kind
	}
	switch {
	case has(r, "NatGatewayId"):
		return model.TargetNATGateway, "NatGatewayId", model.KindNATGateway
	case has(r, "TransitGatewayId"):
		return model.TargetTransitGateway, "TransitGatewayId", model.KindTransitGateway
	case has(r, "VpcPeeringConnectionId"):
		return model.TargetPeering, "VpcPeeringConnectionId", model.KindPeering
	case has(r, "EgressOnlyInternetGatewayId"):
		return model.TargetEgressOnlyIGW, "EgressOnlyInternetGatewayId", model.KindEgressOnlyIGW
	case has(r, "NetworkInterfaceId"):
		return model.TargetNetworkInterface, "NetworkInterfaceId", model.KindNetworkInterface
	case has(r, "InstanceId"):
		return model.TargetInstance, "InstanceId", model.KindInstance
	case has(r, "CarrierGatewayId"), has(r, "LocalGatewayId"), has(r, "CoreNetworkArn"):
		return model.TargetUnsupported, "", ""
	}
	return "", "", ""
}

// routeOrigin tells static from propagated routes, and among routes a VGW
// propagates, VPN static from VPN BGP and Direct Connect ones: they differ in
// preference on equal prefixes. See
// https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
// The snapshot does not say which connection a propagated route came from:
// a prefix that a static-only VPN connection of the VGW lists is a VPN
// static route; a VGW with Direct Connect associations and no VPN
// connection propagates Direct Connect routes; anything else is taken as
// VPN BGP.
func (l *loader) routeOrigin(r node, route model.Route) model.RouteOrigin {
	switch r.str("Origin") {
	case "EnableVgwRoutePropagation":
		vgw := r.str("GatewayId")
		for _, b := range l.vpnStatic[vgw] {
			if b.Prefix == route.Dest {
				return model.OriginPropagatedVPNStatic
			}
		}
		if l.vgwHasDX[vgw] && !l.vgwHasVPN[vgw] {
			return model.OriginPropagatedDX
		}
		return model.OriginPropagatedVPNBGP
	}
	if route.DestPrefixList.Set() {
		return model.OriginPrefixList
	}
	return model.OriginStatic
}
