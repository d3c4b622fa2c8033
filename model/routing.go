package model

import (
	"net/netip"

	"github.com/hashicorp/hcl/v2"
)

// TargetKind is what a route sends traffic to.
type TargetKind string

// Route targets. See https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html
const (
	TargetLocal            TargetKind = "local"
	TargetInternetGateway  TargetKind = "internet_gateway"
	TargetEgressOnlyIGW    TargetKind = "egress_only_internet_gateway"
	TargetNATGateway       TargetKind = "nat_gateway"
	TargetPeering          TargetKind = "peering_connection"
	TargetTransitGateway   TargetKind = "transit_gateway"
	TargetVPNGateway       TargetKind = "vpn_gateway"
	TargetVPCEndpoint      TargetKind = "vpc_endpoint"
	TargetNetworkInterface TargetKind = "network_interface"
	TargetInstance         TargetKind = "instance"
	// TargetBlackhole is written explicitly (TGW) or stands for a target
	// that no longer exists (VPC route state "blackhole").
	TargetBlackhole TargetKind = "blackhole"
	// TargetUnsupported stands for targets vpcheck does not model (carrier
	// gateway, local gateway, core network): traffic to them is UNSUPPORTED.
	TargetUnsupported TargetKind = "unsupported"
)

// RouteOrigin says how a route got into a table; it decides ties between
// routes of equal prefix length.
type RouteOrigin int

// Route origins, in AWS's order of preference on equal prefixes: static,
// then prefix-list routes, then propagated ones (Direct Connect BGP, VPN
// static, VPN BGP). See
// https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
const (
	OriginStatic RouteOrigin = iota
	OriginPrefixList
	OriginPropagatedDX
	OriginPropagatedVPNStatic
	OriginPropagatedVPNBGP
	// OriginPropagatedVPC is a transit gateway route propagated from a VPC attachment.
	OriginPropagatedVPC
)

func (o RouteOrigin) String() string {
	switch o {
	case OriginStatic:
		return "static"
	case OriginPrefixList:
		return "prefix-list"
	case OriginPropagatedDX:
		return "propagated-dx"
	case OriginPropagatedVPNStatic:
		return "propagated-vpn-static"
	case OriginPropagatedVPNBGP:
		return "propagated-vpn-bgp"
	case OriginPropagatedVPC:
		return "propagated-vpc"
	}
	return "unknown"
}

// Route is one route of a VPC route table.
type Route struct {
	// Dest is the destination block; invalid when DestPrefixList is set.
	Dest netip.Prefix
	// DestPrefixList is a managed or AWS prefix list destination (gateway
	// endpoints, customer lists).
	DestPrefixList Ref
	Target         TargetKind
	// TargetRef is the target object; unset for local, blackhole, unsupported.
	TargetRef Ref
	Origin    RouteOrigin
	// Addr is the address of the declaring resource when the route is its own
	// resource (aws_route.x); empty for inline routes.
	Addr  string
	Range hcl.Range
}

// DestString is how messages name a route's destination: its block
// (10.0.0.0/16), or "prefix list pl-…" for a prefix-list route.
func (r Route) DestString() string {
	if r.DestPrefixList.Set() {
		return "prefix list " + r.DestPrefixList.Key
	}
	return r.Dest.String()
}

// RouteTable is a VPC route table.
type RouteTable struct {
	Meta
	VPC Ref
	// Main marks the VPC's main route table.
	Main bool
	// Subnets are the explicitly associated subnets.
	Subnets []Ref
	// Gateways are edge associations: an internet gateway or virtual private
	// gateway whose inbound traffic this table steers (ingress routing).
	Gateways []Ref
	Routes   []Route
	// PropagatingVGWs are the virtual private gateways whose routes propagate here.
	PropagatingVGWs []Ref
}

func (*RouteTable) Kind() Kind    { return KindRouteTable }
func (t *RouteTable) Base() *Meta { return &t.Meta }

// refs lists the object's references (see Refs).
func (t *RouteTable) refs(l refList) refList {
	l = l.add(&t.VPC)
	l = l.addAll(t.Subnets)
	l = l.addAll(t.Gateways)
	l = l.addAll(t.PropagatingVGWs)
	for i := range t.Routes {
		l = l.add(&t.Routes[i].DestPrefixList, &t.Routes[i].TargetRef)
	}
	return l
}

// VPCOf returns the table's VPC, or nil when unresolved.
func (t *RouteTable) VPCOf() *VPC { return Target[*VPC](t.VPC) }
