package awsjson

import (
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

// Every describe-* member the kind table names is read and built.
func TestHandlersReadTheKindTable(t *testing.T) {
	built := map[string]bool{}
	for _, h := range handlers {
		if h.build != nil {
			built[h.key] = true
		}
	}
	for _, k := range model.Kinds {
		d, _ := model.DescriptorOf(k)
		for _, member := range d.Snapshot {
			if !built[member] {
				t.Errorf("the kind table lists %s in %q, which no handler builds", k, member)
			}
		}
	}
}

// A GatewayId is told by its prefix, the same way a Terraform gateway_id is
// (the terraform package has the twin of this test): an id of a modelled
// route target is that target, one whose prefix names no modelled kind is
// unsupported, never an internet gateway.
func TestGatewayIDByPrefix(t *testing.T) {
	net, diags := loadFiles(t, "RouteTables.json", `{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [
	 {"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "cagw-0123456789abcdef0", "State": "active"},
	 {"DestinationCidrBlock": "10.2.0.0/16", "GatewayId": "nat-0123456789abcdef0", "State": "active"},
	 {"DestinationCidrBlock": "10.3.0.0/16", "GatewayId": "igw-0123456789abcdef0", "State": "active"}
	]}]}`)
	findDiag(t, diags, "route target cagw-0123456789abcdef0 is of a kind vpcheck does not model")
	var rt *model.RouteTable
	for _, o := range net.OfKind(model.KindRouteTable) {
		if o.Base().AWSID == "rtb-1" {
			rt = o.(*model.RouteTable)
		}
	}
	if rt == nil || len(rt.Routes) != 3 {
		t.Fatalf("route table = %+v", rt)
	}
	for i, want := range []struct {
		target model.TargetKind
		kind   model.Kind
	}{
		{model.TargetUnsupported, ""},
		{model.TargetNATGateway, model.KindNATGateway},
		{model.TargetInternetGateway, model.KindInternetGateway},
	} {
		r := rt.Routes[i]
		if r.Target != want.target || r.TargetRef.Kind != want.kind {
			t.Errorf("route to %s: target %s (%s), want %s (%s)", r.Dest, r.Target, r.TargetRef.Kind, want.target, want.kind)
		}
	}
}
