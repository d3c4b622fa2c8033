package awsjson

import (
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

const tgwBase = `{
 "Vpcs": [{"VpcId": "vpc-a", "CidrBlock": "10.1.0.0/16", "OwnerId": "111111111111"},
          {"VpcId": "vpc-b", "CidrBlock": "10.2.0.0/16", "OwnerId": "111111111111"}],
 "Subnets": [{"SubnetId": "subnet-a", "VpcId": "vpc-a", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "us-east-2a"},
             {"SubnetId": "subnet-b", "VpcId": "vpc-b", "CidrBlock": "10.2.1.0/24", "AvailabilityZone": "us-east-2b"}],
 "CustomerGateways": [{"CustomerGatewayId": "cgw-1", "IpAddress": "198.51.100.1", "BgpAsn": 65010, "State": "available"}],
 "VpnConnections": [
  {"VpnConnectionId": "vpn-1", "CustomerGatewayId": "cgw-1", "TransitGatewayId": "tgw-1", "State": "available",
   "Options": {"StaticRoutesOnly": false}, "VgwTelemetry": [{"Status": "UP"}, {"Status": "DOWN"}]},
  {"VpnConnectionId": "vpn-old", "CustomerGatewayId": "cgw-1", "TransitGatewayId": "tgw-1", "State": "deleted"}],
 "TransitGateways": [{"TransitGatewayId": "tgw-1", "State": "available", "OwnerId": "111111111111",
   "TransitGatewayArn": "arn:aws:ec2:us-east-2:111111111111:transit-gateway/tgw-1",
   "Options": {"AmazonSideAsn": 64512, "DefaultRouteTableAssociation": "enable", "AssociationDefaultRouteTableId": "tgw-rtb-1",
               "DefaultRouteTablePropagation": "disable", "PropagationDefaultRouteTableId": "tgw-rtb-1"},
   "Tags": [{"Key": "Name", "Value": "core"}]}],
 "TransitGatewayRouteTables": [
  {"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1", "State": "available", "Tags": [{"Key": "Name", "Value": "shared"}]},
  {"TransitGatewayRouteTableId": "tgw-rtb-2", "TransitGatewayId": "tgw-1", "State": "available"}],
 "TransitGatewayAttachments": [
  {"TransitGatewayAttachmentId": "tgw-attach-a", "TransitGatewayId": "tgw-1", "ResourceType": "vpc", "ResourceId": "vpc-a",
   "State": "available", "Association": {"State": "associated", "TransitGatewayRouteTableId": "tgw-rtb-1"},
   "Tags": [{"Key": "Name", "Value": "att-a"}]},
  {"TransitGatewayAttachmentId": "tgw-attach-b", "TransitGatewayId": "tgw-1", "ResourceType": "vpc", "ResourceId": "vpc-b",
   "State": "available", "Association": {"State": "associated", "TransitGatewayRouteTableId": "tgw-rtb-2"}},
  {"TransitGatewayAttachmentId": "tgw-attach-vpn", "TransitGatewayId": "tgw-1", "ResourceType": "vpn", "ResourceId": "vpn-1",
   "State": "available", "Association": {"State": "associated", "TransitGatewayRouteTableId": "tgw-rtb-1"}},
  {"TransitGatewayAttachmentId": "tgw-attach-old", "TransitGatewayId": "tgw-1", "ResourceType": "vpn", "ResourceId": "vpn-old", "State": "deleted"},
  {"TransitGatewayAttachmentId": "tgw-attach-peer", "TransitGatewayId": "tgw-1", "ResourceType": "peering", "ResourceId": "tgw-far",
   "State": "available", "Association": {"State": "associated", "TransitGatewayRouteTableId": "tgw-rtb-1"}},
  {"TransitGatewayAttachmentId": "tgw-attach-shared", "TransitGatewayId": "tgw-1", "TransitGatewayOwnerId": "111111111111",
   "ResourceType": "vpc", "ResourceId": "vpc-other", "ResourceOwnerId": "222222222222", "State": "available"}],
 "TransitGatewayVpcAttachments": [
  {"TransitGatewayAttachmentId": "tgw-attach-a", "TransitGatewayId": "tgw-1", "VpcId": "vpc-a", "SubnetIds": ["subnet-a"],
   "Options": {"ApplianceModeSupport": "enable"}, "State": "available"},
  {"TransitGatewayAttachmentId": "tgw-attach-b", "TransitGatewayId": "tgw-1", "VpcId": "vpc-b", "SubnetIds": ["subnet-b"],
   "Options": {"ApplianceModeSupport": "disable"}, "State": "available"},
  {"TransitGatewayAttachmentId": "tgw-attach-shared", "TransitGatewayId": "tgw-1", "VpcId": "vpc-other", "VpcOwnerId": "222222222222",
   "SubnetIds": ["subnet-other"], "State": "available"}],
 "TransitGatewayPeeringAttachments": [
  {"TransitGatewayAttachmentId": "tgw-attach-peer", "State": "available", "Status": {"Code": "available"},
   "RequesterTgwInfo": {"TransitGatewayId": "tgw-1", "OwnerId": "111111111111", "Region": "us-east-2"},
   "AccepterTgwInfo": {"TransitGatewayId": "tgw-far", "OwnerId": "111111111111", "Region": "eu-west-1"}}],
 "TransitGatewayPropagations": [
  {"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayRouteTablePropagations": [
    {"TransitGatewayAttachmentId": "tgw-attach-a", "ResourceType": "vpc", "State": "enabled"},
    {"TransitGatewayAttachmentId": "tgw-attach-b", "ResourceType": "vpc", "State": "enabled"},
    {"TransitGatewayAttachmentId": "tgw-attach-vpn", "ResourceType": "vpn", "State": "disabled"},
    {"TransitGatewayAttachmentId": "tgw-attach-old", "ResourceType": "vpn", "State": "enabled"}]}],
 "TransitGatewayStaticRoutes": [
  {"TransitGatewayRouteTableId": "tgw-rtb-2", "AdditionalRoutesAvailable": false, "Routes": [
    {"DestinationCidrBlock": "0.0.0.0/0", "Type": "static", "State": "active",
     "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-a", "ResourceId": "vpc-a", "ResourceType": "vpc"}]},
    {"DestinationCidrBlock": "10.66.0.0/16", "Type": "static", "State": "blackhole"},
    {"DestinationCidrBlock": "10.67.0.0/16", "Type": "static", "State": "deleted"}]}]
}`

func TestTransitGateway(t *testing.T) {
	net := mustLoad(t, "tgw.json", tgwBase,
		// The raw output of search-transit-gateway-routes for one table,
		// named after it.
		"tgw-rtb-1.routes.json", `{"Routes": [
		  {"DestinationCidrBlock": "10.1.0.0/16", "Type": "propagated", "State": "active",
		   "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-a", "ResourceId": "vpc-a", "ResourceType": "vpc"}]},
		  {"DestinationCidrBlock": "192.168.0.0/16", "Type": "propagated", "State": "active",
		   "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-vpn", "ResourceId": "vpn-1", "ResourceType": "vpn"}]},
		  {"DestinationCidrBlock": "172.16.0.0/12", "Type": "static", "State": "active",
		   "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-old", "ResourceType": "vpn"}]}
		 ], "AdditionalRoutesAvailable": false}`,
		// get-transit-gateway-route-table-propagations for one table, with the id added.
		"props.json", `{"TransitGatewayRouteTableId": "tgw-rtb-2", "TransitGatewayRouteTablePropagations": [
		  {"TransitGatewayAttachmentId": "tgw-attach-vpn", "ResourceType": "vpn", "State": "enabled"}]}`)

	tgw := byID[*model.TransitGateway](t, net, model.KindTransitGateway, "tgw-1")
	if tgw.Name != "core" || tgw.ASN != 64512 || tgw.Region != "us-east-2" {
		t.Errorf("tgw = %+v", tgw)
	}
	rt1 := byID[*model.TGWRouteTable](t, net, model.KindTGWRouteTable, "tgw-rtb-1")
	rt2 := byID[*model.TGWRouteTable](t, net, model.KindTGWRouteTable, "tgw-rtb-2")
	if tgw.DefaultAssociation.Obj != model.Object(rt1) || tgw.DefaultPropagation.Set() {
		t.Errorf("default association %v propagation %v (propagation is disabled)", tgw.DefaultAssociation, tgw.DefaultPropagation)
	}
	if rt1.Name != "shared" || rt2.Name != "tgw-rtb-2" {
		t.Errorf("table names %q %q", rt1.Name, rt2.Name)
	}

	a := byID[*model.TGWAttachment](t, net, model.KindTGWAttachment, "tgw-attach-a")
	if a.Name != "att-a" || a.Type != model.AttachVPC || model.Target[*model.VPC](a.VPC) == nil || len(a.Subnets) != 1 ||
		a.Subnets[0].Obj == nil || !a.ApplianceMode || a.Association.Obj != model.Object(rt1) || !a.Available() {
		t.Errorf("tgw-attach-a = %+v", a)
	}
	b := byID[*model.TGWAttachment](t, net, model.KindTGWAttachment, "tgw-attach-b")
	if b.ApplianceMode || b.Association.Obj != model.Object(rt2) {
		t.Errorf("tgw-attach-b = %+v", b)
	}
	vpn := byID[*model.TGWAttachment](t, net, model.KindTGWAttachment, "tgw-attach-vpn")
	if vpn.Type != model.AttachVPN || model.Target[*model.VPNConnection](vpn.VPN) == nil {
		t.Errorf("tgw-attach-vpn = %+v", vpn)
	}
	peer := byID[*model.TGWAttachment](t, net, model.KindTGWAttachment, "tgw-attach-peer")
	if peer.Type != model.AttachPeering || peer.PeerTransitGateway.Key != "tgw-far" || !peer.PeerTransitGateway.External ||
		model.Target[*model.TransitGateway](peer.TransitGateway) != tgw {
		t.Errorf("tgw-attach-peer = %+v", peer)
	}
	shared := byID[*model.TGWAttachment](t, net, model.KindTGWAttachment, "tgw-attach-shared")
	if !shared.VPC.External || shared.VPC.Obj != nil || len(shared.Subnets) != 1 || !shared.Subnets[0].External {
		t.Errorf("a VPC of another account is External: %+v", shared.VPC)
	}
	for _, at := range net.TGWAttachments {
		if at.AWSID == "tgw-attach-old" {
			t.Error("a deleted attachment was loaded")
		}
	}

	// Propagations: a and b into rt1 (the VPN's is disabled there), the VPN into rt2.
	if len(a.Propagations) != 1 || a.Propagations[0].Obj != model.Object(rt1) ||
		len(b.Propagations) != 1 || b.Propagations[0].Obj != model.Object(rt1) ||
		len(vpn.Propagations) != 1 || vpn.Propagations[0].Obj != model.Object(rt2) {
		t.Errorf("propagations a %v b %v vpn %v", a.Propagations, b.Propagations, vpn.Propagations)
	}

	// rt2: the static default route, a blackhole; the deleted route is gone.
	// Link may add propagated routes after the snapshot's.
	if len(rt2.Routes) < 2 {
		t.Fatalf("rt2 routes = %+v", rt2.Routes)
	}
	if r := rt2.Routes[0]; r.Dest != prefix("0.0.0.0/0") || r.Attachment.Obj != model.Object(a) || r.Blackhole || r.Origin != model.OriginStatic {
		t.Errorf("rt2 route 0 = %+v", r)
	}
	if r := rt2.Routes[1]; r.Dest != prefix("10.66.0.0/16") || !r.Blackhole || r.Attachment.Set() {
		t.Errorf("rt2 route 1 = %+v", r)
	}
	for _, r := range rt2.Routes {
		if r.Dest == prefix("10.67.0.0/16") {
			t.Error("a deleted route was loaded")
		}
	}
	// rt1: from the raw per-table file.
	if len(rt1.Routes) < 3 {
		t.Fatalf("rt1 routes = %+v", rt1.Routes)
	}
	if r := rt1.Routes[0]; r.Dest != prefix("10.1.0.0/16") || r.Origin != model.OriginPropagatedVPC || r.Attachment.Obj != model.Object(a) {
		t.Errorf("rt1 route 0 = %+v", r)
	}
	if r := rt1.Routes[1]; r.Origin != model.OriginPropagatedVPNBGP || r.Attachment.Obj != model.Object(vpn) {
		t.Errorf("rt1 route 1 = %+v", r)
	}
	if r := rt1.Routes[2]; !r.Blackhole || r.Attachment.Set() {
		t.Errorf("a route to a deleted attachment is a blackhole: %+v", r)
	}
	if r := rt1.Routes[0].Range; r.Filename != "tgw-rtb-1.routes.json" || r.Start.Line != 2 {
		t.Errorf("route range = %v", r)
	}

	c := byID[*model.VPNConnection](t, net, model.KindVPNConnection, "vpn-1")
	if c.Tunnels != 1 || c.StaticRoutesOnly || model.Target[*model.TransitGateway](c.TransitGateway) != tgw || c.VPNGateway.Set() {
		t.Errorf("vpn-1 = %+v", c)
	}
	if g := byID[*model.CustomerGateway](t, net, model.KindCustomerGateway, "cgw-1"); g.ASN != 65010 || g.IP != addr("198.51.100.1") {
		t.Errorf("cgw-1 = %+v", g)
	}
}

// A VPC attached to a transit gateway that another account shares: that
// account's snapshot describes the gateway, this one only the attachment.
func TestSharedTransitGateway(t *testing.T) {
	net := mustLoad(t, "s.json", `{
	 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "OwnerId": "222222222222"}],
	 "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}],
	 "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-shared",
	   "TransitGatewayOwnerId": "111111111111", "ResourceType": "vpc", "ResourceId": "vpc-1", "ResourceOwnerId": "222222222222", "State": "available"}],
	 "TransitGatewayVpcAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-shared",
	   "VpcId": "vpc-1", "VpcOwnerId": "222222222222", "SubnetIds": ["subnet-1"], "State": "available"}],
	 "RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": [
	   {"DestinationCidrBlock": "10.0.0.0/8", "TransitGatewayId": "tgw-shared", "Origin": "CreateRoute", "State": "active"}]}]}`)
	a := byID[*model.TGWAttachment](t, net, model.KindTGWAttachment, "tgw-attach-1")
	if !a.TransitGateway.External || a.VPC.Obj == nil || a.VPC.External || len(a.Subnets) != 1 || a.Subnets[0].Obj == nil {
		t.Errorf("attachment = %+v", a)
	}
	rt := byID[*model.RouteTable](t, net, model.KindRouteTable, "rtb-1")
	if r := rt.Routes[0]; r.Target != model.TargetTransitGateway || !r.TargetRef.External || r.TargetRef.Obj != nil {
		t.Errorf("route = %+v", r)
	}
}

func TestTransitGatewayRoutesNeedTheirTable(t *testing.T) {
	_, diags := loadFiles(t,
		"routes.json", `{"Routes": [], "AdditionalRoutesAvailable": false}`,
		"TransitGatewayRouteTables.json", `{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1"}]}`,
		"TransitGateways.json", `{"TransitGateways": [{"TransitGatewayId": "tgw-1"}]}`,
		"tgw-rtb-1.json", `{"Routes": [], "AdditionalRoutesAvailable": true}`,
		"TransitGatewayPropagations.json", `{"TransitGatewayPropagations": [{"TransitGatewayRouteTableId": "tgw-rtb-9", "TransitGatewayRouteTablePropagations": []}]}`)
	findDiag(t, diags, "neither the document nor the file name says which")
	findDiag(t, diags, `propagations of transit gateway route table "tgw-rtb-9"`)
	findDiag(t, diags, "AdditionalRoutesAvailable: transit gateway route table tgw-rtb-1 has more routes than this output lists")
}

func TestVPNConnectionTunnelsDown(t *testing.T) {
	net, diags := loadFiles(t, "vpn.json", `{
	 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
	 "VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available", "VpcAttachments": [{"State": "detached", "VpcId": "vpc-1"}]}],
	 "CustomerGateways": [{"CustomerGatewayId": "cgw-1", "IpAddress": "198.51.100.1", "BgpAsn": "65000", "State": "available"}],
	 "VpnConnections": [{"VpnConnectionId": "vpn-1", "CustomerGatewayId": "cgw-1", "VpnGatewayId": "vgw-1", "State": "available",
	   "Options": {"StaticRoutesOnly": true},
	   "Routes": [{"DestinationCidrBlock": "192.168.0.0/16", "State": "available"}, {"DestinationCidrBlock": "192.169.0.0/16", "State": "deleted"}],
	   "VgwTelemetry": [{"Status": "DOWN"}, {"Status": "DOWN"}]}]}`)
	if errs := messages(diags, hcl.DiagError); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	d := findDiag(t, diags, "VpnConnections[0].VgwTelemetry: no tunnel of vpn connection vpn-1 was UP")
	if d.Severity != hcl.DiagWarning {
		t.Error("tunnels down is a warning")
	}
	c := byID[*model.VPNConnection](t, net, model.KindVPNConnection, "vpn-1")
	if c.Tunnels != 0 || !c.StaticRoutesOnly || len(c.StaticRoutes) != 1 || c.StaticRoutes[0].Prefix != prefix("192.168.0.0/16") {
		t.Errorf("vpn-1 = %+v", c)
	}
	if g := byID[*model.VPNGateway](t, net, model.KindVPNGateway, "vgw-1"); g.VPC.Set() {
		t.Errorf("a detached VGW has no VPC: %v", g.VPC)
	}
}
