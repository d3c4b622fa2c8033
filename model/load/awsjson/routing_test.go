package awsjson

import (
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// everyTarget is a snapshot whose route table uses every kind of target.
const everyTarget = `{
 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16",
   "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8::/56", "Ipv6CidrBlockState": {"State": "associated"}}]},
   {"VpcId": "vpc-2", "CidrBlock": "10.9.0.0/16"}],
 "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "eu-west-1a"},
             {"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "eu-west-1a"}],
 "InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"State": "available", "VpcId": "vpc-1"}]}],
 "EgressOnlyInternetGateways": [{"EgressOnlyInternetGatewayId": "eigw-1", "Attachments": [{"State": "attached", "VpcId": "vpc-1"}]}],
 "VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available", "AmazonSideAsn": 64512, "VpcAttachments": [{"State": "attached", "VpcId": "vpc-1"}]}],
 "CustomerGateways": [{"CustomerGatewayId": "cgw-1", "IpAddress": "198.51.100.1", "BgpAsn": "65000", "State": "available"}],
 "VpnConnections": [{"VpnConnectionId": "vpn-1", "CustomerGatewayId": "cgw-1", "VpnGatewayId": "vgw-1", "State": "available",
   "Options": {"StaticRoutesOnly": true}, "Routes": [{"DestinationCidrBlock": "192.168.0.0/16", "State": "available"}]}],
 "NatGateways": [{"NatGatewayId": "nat-1", "SubnetId": "subnet-2", "State": "available",
   "NatGatewayAddresses": [{"PrivateIp": "10.0.2.10", "PublicIp": "203.0.113.10"}]},
   {"NatGatewayId": "nat-gone", "SubnetId": "subnet-2", "State": "deleted"}],
 "TransitGateways": [{"TransitGatewayId": "tgw-1", "State": "available"}],
 "VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "active"},
   "RequesterVpcInfo": {"VpcId": "vpc-1"}, "AccepterVpcInfo": {"VpcId": "vpc-2"}}],
 "PrefixLists": [{"PrefixListId": "pl-s3", "PrefixListName": "com.amazonaws.eu-west-1.s3", "Cidrs": ["52.218.0.0/17"]}],
 "VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcId": "vpc-1", "VpcEndpointType": "Gateway", "State": "available",
   "ServiceName": "com.amazonaws.eu-west-1.s3", "RouteTableIds": ["rtb-1"]}],
 "Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Code": 16, "Name": "running"},
   "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "SourceDestCheck": false,
     "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": "10.0.1.5"}], "Attachment": {"DeviceIndex": 0}}]}]}],
 "RouteTables": [{
  "RouteTableId": "rtb-1", "VpcId": "vpc-1",
  "Associations": [{"Main": true}, {"Main": false, "SubnetId": "subnet-1"},
                   {"Main": false, "SubnetId": "subnet-2", "AssociationState": {"State": "disassociated"}}],
  "PropagatingVgws": [{"GatewayId": "vgw-1"}],
  "Routes": [
   {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
   {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "Origin": "CreateRoute", "State": "active"},
   {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1", "Origin": "CreateRoute", "State": "active"},
   {"DestinationCidrBlock": "172.16.0.0/16", "NatGatewayId": "nat-1", "Origin": "CreateRoute", "State": "active"},
   {"DestinationCidrBlock": "172.17.0.0/16", "TransitGatewayId": "tgw-1", "Origin": "CreateRoute", "State": "active"},
   {"DestinationCidrBlock": "10.9.0.0/16", "VpcPeeringConnectionId": "pcx-1", "Origin": "CreateRoute", "State": "active"},
   {"DestinationCidrBlock": "172.18.0.0/16", "InstanceId": "i-1", "InstanceOwnerId": "111111111111", "NetworkInterfaceId": "eni-1", "Origin": "CreateRoute", "State": "active"},
   {"DestinationCidrBlock": "172.19.0.0/16", "InstanceId": "i-1", "Origin": "CreateRoute", "State": "active"},
   {"DestinationCidrBlock": "192.168.0.0/16", "GatewayId": "vgw-1", "Origin": "EnableVgwRoutePropagation", "State": "active"},
   {"DestinationCidrBlock": "192.169.0.0/16", "GatewayId": "vgw-1", "Origin": "EnableVgwRoutePropagation", "State": "active"},
   {"DestinationCidrBlock": "172.20.0.0/16", "GatewayId": "vgw-1", "Origin": "CreateRoute", "State": "active"},
   {"DestinationPrefixListId": "pl-s3", "GatewayId": "vpce-1", "Origin": "CreateRoute", "State": "active"},
   {"DestinationCidrBlock": "172.21.0.0/16", "GatewayId": "igw-deleted", "Origin": "CreateRoute", "State": "blackhole"},
   {"DestinationCidrBlock": "172.22.0.0/16", "NatGatewayId": "nat-gone", "Origin": "CreateRoute", "State": "active"},
   {"DestinationCidrBlock": "172.23.0.0/16", "CarrierGatewayId": "cagw-1", "Origin": "CreateRoute", "State": "active"},
   {"DestinationCidrBlock": "172.24.0.0/16", "CoreNetworkArn": "arn:aws:networkmanager::1:core-network/x", "Origin": "CreateRoute", "State": "active"}
  ]}]
}`

func TestRouteTargets(t *testing.T) {
	net, diags := loadFiles(t, "snapshot.json", everyTarget)
	if errs := messages(diags, hcl.DiagError); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	findDiag(t, diags, "route target nat-gone no longer exists")
	rt := byID[*model.RouteTable](t, net, model.KindRouteTable, "rtb-1")
	type want struct {
		dest   string
		target model.TargetKind
		ref    string
		origin model.RouteOrigin
	}
	wants := []want{
		{"10.0.0.0/16", model.TargetLocal, "", model.OriginStatic},
		{"0.0.0.0/0", model.TargetInternetGateway, "igw-1", model.OriginStatic},
		{"::/0", model.TargetEgressOnlyIGW, "eigw-1", model.OriginStatic},
		{"172.16.0.0/16", model.TargetNATGateway, "nat-1", model.OriginStatic},
		{"172.17.0.0/16", model.TargetTransitGateway, "tgw-1", model.OriginStatic},
		{"10.9.0.0/16", model.TargetPeering, "pcx-1", model.OriginStatic},
		{"172.18.0.0/16", model.TargetNetworkInterface, "eni-1", model.OriginStatic},
		{"172.19.0.0/16", model.TargetInstance, "i-1", model.OriginStatic},
		{"192.168.0.0/16", model.TargetVPNGateway, "vgw-1", model.OriginPropagatedVPNStatic},
		{"192.169.0.0/16", model.TargetVPNGateway, "vgw-1", model.OriginPropagatedVPNBGP},
		{"172.20.0.0/16", model.TargetVPNGateway, "vgw-1", model.OriginStatic},
		{"pl-s3", model.TargetVPCEndpoint, "vpce-1", model.OriginPrefixList},
		{"172.21.0.0/16", model.TargetBlackhole, "", model.OriginStatic},
		{"172.22.0.0/16", model.TargetBlackhole, "", model.OriginStatic},
		{"172.23.0.0/16", model.TargetUnsupported, "", model.OriginStatic},
		{"172.24.0.0/16", model.TargetUnsupported, "", model.OriginStatic},
	}
	// Link may append routes it materializes (the IPv6 local route); the
	// snapshot's come first, in order.
	if len(rt.Routes) < len(wants) {
		t.Fatalf("%d routes, want at least %d", len(rt.Routes), len(wants))
	}
	for i, w := range wants {
		r := rt.Routes[i]
		dest := r.Dest.String()
		if r.DestPrefixList.Set() {
			dest = r.DestPrefixList.Key
		}
		ref := ""
		if r.TargetRef.Obj != nil {
			ref = r.TargetRef.Obj.Base().AWSID
		} else if r.TargetRef.Set() {
			t.Errorf("route %d: target %q unresolved", i, r.TargetRef.Key)
		}
		if dest != w.dest || r.Target != w.target || ref != w.ref || r.Origin != w.origin {
			t.Errorf("route %d = %s → %s %s (%s), want %s → %s %s (%s)", i, dest, r.Target, ref, r.Origin, w.dest, w.target, w.ref, w.origin)
		}
	}
	if !rt.Main || len(rt.Subnets) != 1 || rt.Subnets[0].Key != "subnet-1" {
		t.Errorf("associations: main %v subnets %v (a disassociated association must not count)", rt.Main, rt.Subnets)
	}
	if len(rt.PropagatingVGWs) != 1 || rt.PropagatingVGWs[0].Obj == nil {
		t.Errorf("PropagatingVGWs = %v", rt.PropagatingVGWs)
	}
	if s := byID[*model.Subnet](t, net, model.KindSubnet, "subnet-1"); s.RouteTable != rt {
		t.Errorf("subnet-1's effective table = %v", s.RouteTable)
	}
	if len(net.NATGateways) != 1 {
		t.Errorf("a deleted NAT gateway was loaded: %d NAT gateways", len(net.NATGateways))
	}
}

func TestRouteTableEdgeAssociation(t *testing.T) {
	net := mustLoad(t, "s.json", `{
	 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
	 "InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"State": "available", "VpcId": "vpc-1"}]}],
	 "VpnGateways": [{"VpnGatewayId": "vgw-1", "VpcAttachments": [{"State": "attached", "VpcId": "vpc-1"}]}],
	 "RouteTables": [{"RouteTableId": "rtb-edge", "VpcId": "vpc-1",
	   "Associations": [{"Main": false, "GatewayId": "igw-1", "AssociationState": {"State": "associated"}},
	                    {"Main": false, "GatewayId": "vgw-1", "AssociationState": {"State": "associated"}}],
	   "Routes": []}]}`)
	rt := byID[*model.RouteTable](t, net, model.KindRouteTable, "rtb-edge")
	if len(rt.Gateways) != 2 || rt.Gateways[0].Kind != model.KindInternetGateway || rt.Gateways[1].Kind != model.KindVPNGateway ||
		rt.Gateways[0].Obj == nil || rt.Gateways[1].Obj == nil {
		t.Errorf("Gateways = %+v", rt.Gateways)
	}
	if rt.Main {
		t.Error("an edge-associated table is not the main table")
	}
}

func TestPropagatedRouteOrigins(t *testing.T) {
	// A VGW fed only by Direct Connect propagates Direct Connect routes.
	net := mustLoad(t,
		"Vpcs.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}`,
		"VpnGateways.json", `{"VpnGateways": [{"VpnGatewayId": "vgw-dx", "VpcAttachments": [{"State": "attached", "VpcId": "vpc-1"}]}]}`,
		"DirectConnectGateways.json", `{"directConnectGateways": [{"directConnectGatewayId": "5f1e-dx", "directConnectGatewayName": "corp-dx", "amazonSideAsn": 64600, "directConnectGatewayState": "available"}]}`,
		"DirectConnectGatewayAssociations.json", `{"directConnectGatewayAssociations": [{"directConnectGatewayId": "5f1e-dx",
		  "associationState": "associated", "associatedGateway": {"id": "vgw-dx", "type": "virtualPrivateGateway", "ownerAccount": "1", "region": "eu-west-1"},
		  "allowedPrefixesToDirectConnectGateway": [{"cidr": "10.0.0.0/16"}]}]}`,
		"RouteTables.json", `{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}],
		  "PropagatingVgws": [{"GatewayId": "vgw-dx"}],
		  "Routes": [{"DestinationCidrBlock": "172.16.0.0/12", "GatewayId": "vgw-dx", "Origin": "EnableVgwRoutePropagation", "State": "active"}]}]}`)
	rt := byID[*model.RouteTable](t, net, model.KindRouteTable, "rtb-1")
	if rt.Routes[0].Origin != model.OriginPropagatedDX {
		t.Errorf("origin = %s, want propagated-dx", rt.Routes[0].Origin)
	}
	dx := byID[*model.DXGateway](t, net, model.KindDXGateway, "5f1e-dx")
	if dx.Name != "corp-dx" || dx.ASN != 64600 || len(dx.Associations) != 1 || dx.Associations[0].Obj == nil ||
		len(dx.AllowedPrefixes) != 1 || dx.AllowedPrefixes[0].Prefix != prefix("10.0.0.0/16") {
		t.Errorf("dx gateway = %+v", dx)
	}
}

func TestRouteErrors(t *testing.T) {
	_, diags := loadFiles(t, "RouteTables.json", `{"RouteTables": [{"RouteTableId": "rtb-1", "Routes": [
	 {"GatewayId": "local"},
	 {"DestinationCidrBlock": "10.0.0.0/16"},
	 {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "xgw-1"}
	]}]}`)
	findDiag(t, diags, "RouteTables[0].Routes[0]: route has no DestinationCidrBlock")
	findDiag(t, diags, "RouteTables[0].Routes[1]: route has no target")
	d := findDiag(t, diags, "RouteTables[0].Routes[2]: route target xgw-1 is of a kind vpcheck does not model")
	if d.Severity != hcl.DiagWarning {
		t.Errorf("an unknown gateway kind is a warning, got %v", d.Severity)
	}
}
