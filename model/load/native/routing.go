package native

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpcheck/vpcheck/model"
)

type routeTableBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	VPC                    *hcl.Attribute `hcl:"vpc,optional"`
	Main                   *hcl.Attribute `hcl:"main,optional"`
	Subnets                *hcl.Attribute `hcl:"subnets,optional"`
	Gateways               *hcl.Attribute `hcl:"gateways,optional"`
	PropagatingVPNGateways *hcl.Attribute `hcl:"propagating_vpn_gateways,optional"`
	Routes                 []routeBlock   `hcl:"route,block"`
}

type routeBlock struct {
	DefRange hcl.Range `hcl:",def_range"`

	Destination           *hcl.Attribute `hcl:"destination,optional"`
	DestinationPrefixList *hcl.Attribute `hcl:"destination_prefix_list,optional"`
	Target                *hcl.Attribute `hcl:"target,optional"`
}

// routeTargetKinds are the kinds a VPC route may send traffic to.
var routeTargetKinds = model.RouteTargetKinds()

func (d *decoder) routeTable(b *routeTableBlock) {
	t := &model.RouteTable{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	if d.require(b.VPC, "vpc", "route_table", b.DefRange) {
		t.VPC = d.ref(b.VPC, model.KindVPC)
	}
	t.Main = d.flag(b.Main, false)
	t.Subnets = d.refs(b.Subnets, model.KindSubnet)
	// Edge associations: an internet gateway or a virtual private gateway. See
	// https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
	t.Gateways = d.refs(b.Gateways, model.KindInternetGateway, model.KindVPNGateway)
	t.PropagatingVGWs = d.refs(b.PropagatingVPNGateways, model.KindVPNGateway)
	for i := range b.Routes {
		if r, ok := d.route(&b.Routes[i]); ok {
			t.Routes = append(t.Routes, r)
		}
	}
	d.net.Add(t)
}

// route decodes a route block; ok is false when its destination is missing
// or wrong (reported here, so Validate must not see it and report it again).
// A route with a wrong target is kept: Validate still checks the rest.
func (d *decoder) route(b *routeBlock) (model.Route, bool) {
	r := model.Route{Origin: model.OriginStatic, Range: b.DefRange}
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
		// A route to a prefix list loses to a static route of equal length: see
		// https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
		r.Origin = model.OriginPrefixList
	}
	if d.require(b.Target, "target", "route", b.DefRange) {
		r.Target, r.TargetRef, _ = d.routeTarget(b.Target)
	}
	return r, ok
}

// routeTarget decodes a route target: "local", "blackhole" or a reference
// whose kind is the target kind.
func (d *decoder) routeTarget(a *hcl.Attribute) (model.TargetKind, model.Ref, bool) {
	if word, ok := keyword(a.Expr); ok {
		switch word {
		case "local":
			return model.TargetLocal, model.Ref{}, true
		case "blackhole":
			return model.TargetBlackhole, model.Ref{}, true
		}
	}
	ref, ok := d.refExpr("target", a.Expr, routeTargetKinds)
	if !ok {
		return "", model.Ref{}, false
	}
	t, ok := ref.Kind.RouteTarget()
	if !ok {
		panic(fmt.Sprintf("native: route target kind %s has no TargetKind", ref.Kind))
	}
	return t, ref, true
}

// keyword returns a bare word (local) or a plain string ("local").
func keyword(e hcl.Expression) (string, bool) {
	if w := hcl.ExprAsKeyword(e); w != "" {
		return w, true
	}
	if _, ok := asTraversal(e); ok {
		return "", false
	}
	v, ok := literal(e)
	if !ok {
		var diags hcl.Diagnostics
		if v, diags = e.Value(nil); diags.HasErrors() {
			return "", false
		}
	}
	if !v.IsWhollyKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}
