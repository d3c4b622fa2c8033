package awsjson

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

const computeSnapshot = `{
 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
 "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "eu-west-1a"}],
 "SecurityGroups": [{"GroupId": "sg-1", "GroupName": "app", "VpcId": "vpc-1"}],
 "NatGateways": [{"NatGatewayId": "nat-1", "SubnetId": "subnet-1", "State": "pending", "ConnectivityType": "public",
   "NatGatewayAddresses": [
     {"AllocationId": "eipalloc-2", "NetworkInterfaceId": "eni-nat", "PrivateIp": "10.0.1.99", "PublicIp": "203.0.113.99", "IsPrimary": false},
     {"AllocationId": "eipalloc-1", "NetworkInterfaceId": "eni-nat", "PrivateIp": "10.0.1.9", "PublicIp": "203.0.113.9", "IsPrimary": true}]},
   {"NatGatewayId": "nat-2", "SubnetId": "subnet-1", "State": "available", "ConnectivityType": "private",
   "NatGatewayAddresses": [{"NetworkInterfaceId": "eni-missing", "PrivateIp": "10.0.1.8"}]},
   {"NatGatewayId": "nat-failed", "SubnetId": "subnet-1", "State": "failed"}],
 "Addresses": [
  {"AllocationId": "eipalloc-1", "PublicIp": "203.0.113.9", "NetworkInterfaceId": "eni-nat", "PrivateIpAddress": "10.0.1.9"},
  {"AllocationId": "eipalloc-3", "PublicIp": "203.0.113.30", "InstanceId": "i-1", "NetworkInterfaceId": "eni-1", "PrivateIpAddress": "10.0.1.31"},
  {"PublicIp": "198.51.100.7"}],
 "NetworkInterfaces": [
  {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "InterfaceType": "interface", "Description": "Primary network interface",
   "AvailabilityZone": "eu-west-1a", "SourceDestCheck": true,
   "Attachment": {"DeviceIndex": 0, "InstanceId": "i-1", "Status": "attached"},
   "Groups": [{"GroupId": "sg-1", "GroupName": "app"}],
   "Association": {"PublicIp": "203.0.113.5"},
   "PrivateIpAddresses": [
     {"Primary": false, "PrivateIpAddress": "10.0.1.31", "Association": {"PublicIp": "203.0.113.30"}},
     {"Primary": true, "PrivateIpAddress": "10.0.1.30", "Association": {"PublicIp": "203.0.113.5"}}],
   "Ipv6Addresses": [{"Ipv6Address": "2001:db8::10"}],
   "TagSet": [{"Key": "Name", "Value": "app-eth0"}]},
  {"NetworkInterfaceId": "eni-nat", "SubnetId": "subnet-1", "InterfaceType": "nat_gateway",
   "Description": "Interface for NAT Gateway nat-1", "RequesterId": "123", "SourceDestCheck": false,
   "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": "10.0.1.9", "Association": {"PublicIp": "203.0.113.9"}}]},
  {"NetworkInterfaceId": "eni-vpce", "SubnetId": "subnet-1", "InterfaceType": "vpc_endpoint",
   "Description": "VPC Endpoint Interface vpce-1", "PrivateIpAddress": "10.0.1.20"},
  {"NetworkInterfaceId": "eni-alb", "SubnetId": "subnet-1", "InterfaceType": "interface", "RequesterId": "amazon-elb",
   "Description": "ELB app/web/50dc6c495c0c9188", "PrivateIpAddress": "10.0.1.21"},
  {"NetworkInterfaceId": "eni-old", "SubnetId": "subnet-1", "InterfaceType": "interface",
   "Description": "Attached to a terminated instance", "Attachment": {"DeviceIndex": 1, "InstanceId": "i-terminated"},
   "PrivateIpAddress": "10.0.1.40"}],
 "VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcId": "vpc-1", "VpcEndpointType": "Interface", "State": "available",
   "ServiceName": "com.amazonaws.eu-west-1.sqs", "SubnetIds": ["subnet-1"], "Groups": [{"GroupId": "sg-1"}],
   "NetworkInterfaceIds": ["eni-vpce", "eni-not-collected"]}],
 "Reservations": [{"Instances": [
  {"InstanceId": "i-1", "State": {"Code": 16, "Name": "running"}, "Platform": "windows", "PublicIpAddress": "203.0.113.5",
   "Tags": [{"Key": "Name", "Value": "app-1"}],
   "NetworkInterfaces": [
    {"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-1", "Attachment": {"DeviceIndex": 1},
     "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": "10.0.1.50"}], "Groups": [{"GroupId": "sg-1"}]},
    {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "Attachment": {"DeviceIndex": 0},
     "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": "10.0.1.30"}]}]},
  {"InstanceId": "i-2", "State": {"Code": 80, "Name": "stopped"},
   "NetworkInterfaces": [{"NetworkInterfaceId": "eni-3", "SubnetId": "subnet-1", "Attachment": {"DeviceIndex": 0},
     "PrivateIpAddress": "10.0.1.60", "Association": {"PublicIp": "203.0.113.60"}}]},
  {"InstanceId": "i-3", "State": {"Code": 16, "Name": "running"}, "PublicIpAddress": "203.0.113.70",
   "NetworkInterfaces": [{"NetworkInterfaceId": "eni-4", "SubnetId": "subnet-1", "Attachment": {"DeviceIndex": 0},
     "PrivateIpAddress": "10.0.1.70"}]},
  {"InstanceId": "i-terminated", "State": {"Code": 48, "Name": "terminated"}, "NetworkInterfaces": []}]}]
}`

func TestInterfacesAndInstances(t *testing.T) {
	net := mustLoad(t, "compute.json", computeSnapshot)
	if n := len(net.Interfaces); n != 8 {
		// eni-1 (listed twice, loaded once), eni-nat, eni-vpce, eni-alb, eni-old,
		// eni-2, eni-3, eni-4; Link adds none for the endpoint, which lists
		// one of its own.
		names := []string{}
		for _, e := range net.Interfaces {
			names = append(names, e.AWSID)
		}
		t.Fatalf("%d interfaces, want 8 from the snapshot: %v", n, names)
	}
	eni1 := byID[*model.NetworkInterface](t, net, model.KindNetworkInterface, "eni-1")
	if !slices.Equal(eni1.PrivateIPs, []netip.Addr{addr("10.0.1.30"), addr("10.0.1.31")}) {
		t.Errorf("eni-1 private IPs = %v, want the primary first", eni1.PrivateIPs)
	}
	if eni1.PublicIP != addr("203.0.113.5") || eni1.PublicIPMode != model.PublicIPKnown {
		t.Errorf("eni-1 public IP = %v mode %v", eni1.PublicIP, eni1.PublicIPMode)
	}
	if !slices.Equal(eni1.IPv6s, []netip.Addr{addr("2001:db8::10")}) || !eni1.SourceDestCheck || eni1.Type != model.ENIInstance || eni1.Name != "app-eth0" {
		t.Errorf("eni-1 = %+v", eni1)
	}
	if eni1.Range.Filename != "compute.json" || eni1.Range.Start.Line != 17 {
		t.Errorf("eni-1 is described first in NetworkInterfaces (line 17), got %v", eni1.Range)
	}
	if len(eni1.SecurityGroups) != 1 || eni1.SecurityGroups[0].Obj == nil || eni1.SubnetOf() == nil {
		t.Errorf("eni-1 groups %v subnet %v", eni1.SecurityGroups, eni1.Subnet)
	}

	i1 := byID[*model.Instance](t, net, model.KindInstance, "i-1")
	if i1.Platform != "windows" || i1.State != "running" || i1.Name != "app-1" {
		t.Errorf("i-1 = %+v", i1)
	}
	if len(i1.Interfaces) != 2 || i1.Primary() != eni1 || model.Target[*model.NetworkInterface](i1.Interfaces[1]).AWSID != "eni-2" {
		t.Errorf("i-1 interfaces = %v, want eni-1 (device 0) then eni-2", i1.Interfaces)
	}
	if model.Target[*model.Instance](eni1.Instance) != i1 {
		t.Error("eni-1 is not attached to i-1")
	}
	if i2 := byID[*model.Instance](t, net, model.KindInstance, "i-2"); i2.State != "stopped" || i2.Platform != "linux" {
		t.Errorf("i-2 = %+v", i2)
	}
	if eni3 := byID[*model.NetworkInterface](t, net, model.KindNetworkInterface, "eni-3"); eni3.PublicIP != addr("203.0.113.60") {
		t.Errorf("eni-3 public IP = %v", eni3.PublicIP)
	}
	if eni4 := byID[*model.NetworkInterface](t, net, model.KindNetworkInterface, "eni-4"); eni4.PublicIP != addr("203.0.113.70") {
		t.Errorf("eni-4 takes the instance's PublicIpAddress, got %v", eni4.PublicIP)
	}
	for _, inst := range net.Instances {
		if inst.AWSID == "i-terminated" {
			t.Error("a terminated instance was loaded")
		}
	}
	if old := byID[*model.NetworkInterface](t, net, model.KindNetworkInterface, "eni-old"); old.Instance.Set() {
		t.Errorf("eni-old refers to terminated instance: %v", old.Instance)
	}

	natENI := byID[*model.NetworkInterface](t, net, model.KindNetworkInterface, "eni-nat")
	nat1 := byID[*model.NATGateway](t, net, model.KindNATGateway, "nat-1")
	if natENI.Type != model.ENINATGateway || natENI.Owner.Obj != model.Object(nat1) || natENI.SourceDestCheck {
		t.Errorf("eni-nat = type %v owner %v", natENI.Type, natENI.Owner)
	}
	vpceENI := byID[*model.NetworkInterface](t, net, model.KindNetworkInterface, "eni-vpce")
	vpce := byID[*model.VPCEndpoint](t, net, model.KindVPCEndpoint, "vpce-1")
	if vpceENI.Type != model.ENIEndpoint || vpceENI.Owner.Obj != model.Object(vpce) {
		t.Errorf("eni-vpce = type %v owner %v", vpceENI.Type, vpceENI.Owner)
	}
	if alb := byID[*model.NetworkInterface](t, net, model.KindNetworkInterface, "eni-alb"); alb.Type != model.ENILoadBalancer {
		t.Errorf("eni-alb type %v", alb.Type)
	}
	if len(vpce.Interfaces) != 1 || vpce.Interfaces[0].Obj != model.Object(vpceENI) {
		t.Errorf("endpoint interfaces = %v, want only the collected eni-vpce", vpce.Interfaces)
	}
}

func TestNATGatewaysAndAddresses(t *testing.T) {
	net := mustLoad(t, "compute.json", computeSnapshot)
	if len(net.NATGateways) != 2 {
		t.Fatalf("%d NAT gateways, want 2 (a failed one does not exist)", len(net.NATGateways))
	}
	nat1 := byID[*model.NATGateway](t, net, model.KindNATGateway, "nat-1")
	if nat1.Private || nat1.PrivateIP != addr("10.0.1.9") || nat1.PublicIP != addr("203.0.113.9") ||
		model.Target[*model.ElasticIP](nat1.EIP) == nil || model.Target[*model.NetworkInterface](nat1.Interface) == nil || nat1.SubnetOf() == nil {
		t.Errorf("nat-1 = %+v, want its primary address", nat1)
	}
	nat2 := byID[*model.NATGateway](t, net, model.KindNATGateway, "nat-2")
	if !nat2.Private || nat2.PublicIP.IsValid() || nat2.Interface.Set() {
		t.Errorf("nat-2 = %+v (private; its ENI was not collected, so no reference)", nat2)
	}
	if len(net.ElasticIPs) != 3 {
		t.Fatalf("%d Elastic IPs, want 3", len(net.ElasticIPs))
	}
	eip3 := byID[*model.ElasticIP](t, net, model.KindElasticIP, "eipalloc-3")
	if eip3.PublicIP != addr("203.0.113.30") || eip3.PrivateIP != addr("10.0.1.31") ||
		model.Target[*model.Instance](eip3.Instance) == nil || model.Target[*model.NetworkInterface](eip3.Interface) == nil {
		t.Errorf("eipalloc-3 = %+v", eip3)
	}
	classic := byID[*model.ElasticIP](t, net, model.KindElasticIP, "198.51.100.7")
	if classic.Name != "198.51.100.7" {
		t.Errorf("an Elastic IP without allocation id is known by its address, got %q", classic.Name)
	}
}
