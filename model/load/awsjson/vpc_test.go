package awsjson

import (
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

func TestVPCBlocks(t *testing.T) {
	net := mustLoad(t, "Vpcs.json", `{"Vpcs": [{
	  "VpcId": "vpc-1", "OwnerId": "111111111111", "IsDefault": true, "CidrBlock": "10.0.0.0/16",
	  "CidrBlockAssociationSet": [
	    {"CidrBlock": "10.1.0.0/16", "CidrBlockState": {"State": "associated"}},
	    {"CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}},
	    {"CidrBlock": "10.2.0.0/16", "CidrBlockState": {"State": "disassociated"}},
	    {"CidrBlock": "10.3.0.0/16", "CidrBlockState": {"State": "associating"}}
	  ],
	  "Ipv6CidrBlockAssociationSet": [
	    {"Ipv6CidrBlock": "2001:db8:1200::/56", "Ipv6CidrBlockState": {"State": "associated"}},
	    {"Ipv6CidrBlock": "2001:db8:1300::/56", "Ipv6CidrBlockState": {"State": "disassociated"}}
	  ],
	  "Tags": [{"Key": "Name", "Value": "prod"}, {"Key": "Team", "Value": "net"}]
	}]}`)
	v := byID[*model.VPC](t, net, model.KindVPC, "vpc-1")
	if len(v.CIDRs) != 2 || v.CIDRs[0].Prefix != prefix("10.0.0.0/16") || v.CIDRs[1].Prefix != prefix("10.1.0.0/16") {
		t.Errorf("CIDRs = %v, want the primary 10.0.0.0/16 then 10.1.0.0/16 (only associated blocks)", v.CIDRs)
	}
	if len(v.IPv6CIDRs) != 1 || v.IPv6CIDRs[0].Prefix != prefix("2001:db8:1200::/56") {
		t.Errorf("IPv6CIDRs = %v", v.IPv6CIDRs)
	}
	if v.Name != "prod" || v.Account != "111111111111" || !v.Default || v.Tags["Team"] != "net" {
		t.Errorf("vpc = name %q account %q default %v tags %v", v.Name, v.Account, v.Default, v.Tags)
	}
	if v.CIDRs[0].Range.Filename != "Vpcs.json" || v.CIDRs[0].Range.Start.Line != 5 {
		t.Errorf("primary block range = %v, want Vpcs.json line 5", v.CIDRs[0].Range)
	}
}

func TestVPCWithoutAssociationSet(t *testing.T) {
	net := mustLoad(t, "Vpcs.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "172.31.0.0/16"}]}`)
	if v := byID[*model.VPC](t, net, model.KindVPC, "vpc-1"); len(v.CIDRs) != 1 || v.CIDRs[0].Prefix != prefix("172.31.0.0/16") {
		t.Errorf("CIDRs = %v", v.CIDRs)
	}
}

func TestSubnet(t *testing.T) {
	net := mustLoad(t, "s.json", `{
	 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16",
	   "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8::/56", "Ipv6CidrBlockState": {"State": "associated"}}]}],
	 "Subnets": [
	  {"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1b", "MapPublicIpOnLaunch": true,
	   "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8::/64", "Ipv6CidrBlockState": {"State": "associated"}}]},
	  {"SubnetId": "subnet-2", "VpcId": "vpc-1", "AvailabilityZone": "us-east-1c",
	   "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8:0:1::/64", "Ipv6CidrBlockState": {"State": "associated"}}]}
	 ]}`)
	s := byID[*model.Subnet](t, net, model.KindSubnet, "subnet-1")
	if s.CIDR.Prefix != prefix("10.0.1.0/24") || s.IPv6CIDR.Prefix != prefix("2001:db8::/64") || s.AZ != "us-east-1b" || !s.MapPublicIPOnLaunch {
		t.Errorf("subnet-1 = %+v", s)
	}
	if s.VPCOf() == nil || s.VPCOf().AWSID != "vpc-1" {
		t.Errorf("subnet-1 VPC not linked")
	}
	ipv6only := byID[*model.Subnet](t, net, model.KindSubnet, "subnet-2")
	if ipv6only.CIDR.Prefix.IsValid() || ipv6only.IPv6CIDR.Prefix != prefix("2001:db8:0:1::/64") {
		t.Errorf("IPv6-only subnet = %+v", ipv6only)
	}
	if v := byID[*model.VPC](t, net, model.KindVPC, "vpc-1"); v.Region != "us-east-1" {
		t.Errorf("region from the subnets' AZ = %q, want us-east-1", v.Region)
	}
}
