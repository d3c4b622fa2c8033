package awsjson

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

// syntheticSnapshot writes a snapshot of n VPCs, each with four subnets, a
// route table, an internet gateway, a security group, a network ACL and an
// instance, as one file per describe-* call, the way real output looks.
func syntheticSnapshot(n int) []model.Source {
	var vpcs, subnets, rts, igws, sgs, acls, enis, res []string
	for i := range n {
		a, b := 10+i/65536%200, i/256%256
		c := i % 256
		block := fmt.Sprintf("%d.%d.%d.0/24", a, b, c)
		vpc := fmt.Sprintf("vpc-%017x", i)
		vpcs = append(vpcs, fmt.Sprintf(`{"VpcId": %q, "OwnerId": "111111111111", "CidrBlock": %q, "IsDefault": false,
  "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-%017x", "CidrBlock": %q, "CidrBlockState": {"State": "associated"}}],
  "Tags": [{"Key": "Name", "Value": "vpc-%d"}]}`, vpc, block, i, block, i))
		var subnetIDs []string
		for s := range 4 {
			id := fmt.Sprintf("subnet-%015x%02x", i, s)
			subnetIDs = append(subnetIDs, id)
			subnets = append(subnets, fmt.Sprintf(`{"SubnetId": %q, "VpcId": %q, "CidrBlock": "%d.%d.%d.%d/26", "AvailabilityZone": "eu-west-1%c",
  "MapPublicIpOnLaunch": false, "Tags": [{"Key": "Name", "Value": "vpc-%d-%d"}]}`, id, vpc, a, b, c, s*64, 'a'+s%3, i, s))
		}
		igw := fmt.Sprintf("igw-%017x", i)
		igws = append(igws, fmt.Sprintf(`{"InternetGatewayId": %q, "Attachments": [{"State": "available", "VpcId": %q}]}`, igw, vpc))
		rts = append(rts, fmt.Sprintf(`{"RouteTableId": "rtb-%017x", "VpcId": %q,
  "Associations": [{"Main": true}, {"Main": false, "SubnetId": %q}, {"Main": false, "SubnetId": %q}],
  "Routes": [{"DestinationCidrBlock": %q, "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
             {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": %q, "Origin": "CreateRoute", "State": "active"}]}`,
			i, vpc, subnetIDs[0], subnetIDs[1], block, igw))
		sg := fmt.Sprintf("sg-%017x", i)
		sgs = append(sgs, fmt.Sprintf(`{"GroupId": %q, "GroupName": "app", "VpcId": %q, "OwnerId": "111111111111",
  "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "UserIdGroupPairs": [{"GroupId": %q, "UserId": "111111111111"}]}],
  "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}`, sg, vpc, sg))
		acls = append(acls, fmt.Sprintf(`{"NetworkAclId": "acl-%017x", "VpcId": %q, "IsDefault": true,
  "Associations": [{"SubnetId": %q}, {"SubnetId": %q}, {"SubnetId": %q}, {"SubnetId": %q}],
  "Entries": [{"RuleNumber": 100, "Egress": false, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
              {"RuleNumber": 32767, "Egress": false, "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
              {"RuleNumber": 100, "Egress": true, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
              {"RuleNumber": 32767, "Egress": true, "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}]}`,
			i, vpc, subnetIDs[0], subnetIDs[1], subnetIDs[2], subnetIDs[3]))
		eni := fmt.Sprintf(`{"NetworkInterfaceId": "eni-%017x", "SubnetId": %q, "InterfaceType": "interface", "SourceDestCheck": true,
  "Attachment": {"DeviceIndex": 0, "InstanceId": "i-%017x"}, "Groups": [{"GroupId": %q}],
  "PrivateIpAddresses": [{"Primary": true, "PrivateIpAddress": "%d.%d.%d.10"}]}`, i, subnetIDs[0], i, sg, a, b, c)
		enis = append(enis, eni)
		res = append(res, fmt.Sprintf(`{"Instances": [{"InstanceId": "i-%017x", "State": {"Code": 16, "Name": "running"}, "NetworkInterfaces": [%s]}]}`, i, eni))
	}
	file := func(key string, items []string) model.Source {
		return model.Source{Name: "snapshot/" + key + ".json", Bytes: []byte(`{"` + key + `": [` + strings.Join(items, ",\n") + "]}")}
	}
	return []model.Source{
		file("Vpcs", vpcs), file("Subnets", subnets), file("RouteTables", rts), file("InternetGateways", igws),
		file("SecurityGroups", sgs), file("NetworkAcls", acls), file("NetworkInterfaces", enis), file("Reservations", res),
	}
}

func TestSyntheticSnapshotLoads(t *testing.T) {
	srcs := syntheticSnapshot(20)
	net, diags := Load(srcs)
	diags = append(diags, net.Link()...)
	diags = append(diags, net.Validate()...)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	c := net.Counts()
	if c[model.KindVPC] != 20 || c[model.KindSubnet] != 80 || c[model.KindNetworkInterface] != 20 || c[model.KindInstance] != 20 {
		t.Errorf("counts %v", c)
	}
}

// BenchmarkLoadScale loads synthetic snapshots of growing size (the
// the seed scale is 2,000 VPCs × 4 subnets) and reports the cost per
// 1,000 VPCs, which should stay flat as the network grows.
func BenchmarkLoadScale(b *testing.B) {
	for _, n := range []int{100, 2000} {
		srcs := syntheticSnapshot(n)
		size := 0
		for _, s := range srcs {
			size += len(s.Bytes)
		}
		b.Run(fmt.Sprintf("vpcs=%d", n), func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				net, diags := Load(srcs)
				if diags.HasErrors() {
					b.Fatal(diags.Error())
				}
				net.Link()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N)/float64(n)*1000, "ms/1000vpcs")
		})
	}
}
