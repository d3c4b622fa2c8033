package awsjson

import (
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

func TestSecurityGroupRules(t *testing.T) {
	net := mustLoad(t, "sg.json", `{
	 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
	 "ManagedPrefixLists": [{"PrefixListId": "pl-corp", "PrefixListName": "corp", "AddressFamily": "IPv4", "MaxEntries": 5, "OwnerId": "111111111111",
	   "Entries": [{"Cidr": "192.0.2.0/24"}]}],
	 "SecurityGroups": [
	  {"GroupId": "sg-default", "GroupName": "default", "VpcId": "vpc-1", "OwnerId": "111111111111",
	   "IpPermissions": [{"IpProtocol": "-1", "IpRanges": [], "UserIdGroupPairs": [{"GroupId": "sg-default", "UserId": "111111111111"}]}],
	   "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]},
	  {"GroupId": "sg-web", "GroupName": "web", "VpcId": "vpc-1", "OwnerId": "111111111111",
	   "Tags": [{"Key": "Name", "Value": "web"}],
	   "IpPermissions": [
	    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
	     "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "https"}, {"CidrIp": "10.0.0.0/8"}],
	     "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
	     "PrefixListIds": [{"PrefixListId": "pl-corp"}],
	     "UserIdGroupPairs": [{"GroupId": "sg-default", "UserId": "111111111111"},
	                          {"GroupId": "sg-peer", "UserId": "222222222222", "VpcPeeringConnectionId": "pcx-9"}]},
	    {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
	    {"IpProtocol": "58", "FromPort": -1, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
	    {"IpProtocol": "50", "IpRanges": [{"CidrIp": "198.51.100.0/24"}]},
	    {"IpProtocol": "17", "FromPort": 1024, "ToPort": 65535, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}
	   ],
	   "IpPermissionsEgress": []}
	 ]}`)
	def := byID[*model.SecurityGroup](t, net, model.KindSecurityGroup, "sg-default")
	if !def.Default || len(def.Rules) != 3 {
		t.Errorf("default group: default %v, %d rules, want 3 (self reference, IPv4 and IPv6 egress)", def.Default, len(def.Rules))
	}
	web := byID[*model.SecurityGroup](t, net, model.KindSecurityGroup, "sg-web")
	if web.Default {
		t.Error("only the group named default is the default group")
	}
	type want struct {
		proto model.Protocol
		ports model.PortRange
		icmp  model.ICMPMatch
		kind  model.PeerKind
		peer  string
	}
	all, anyICMP := model.AllPorts, model.AnyICMP
	https := model.PortRange{From: 443, To: 443}
	wants := []want{
		{model.ProtoTCP, https, anyICMP, model.PeerCIDR, "0.0.0.0/0"},
		{model.ProtoTCP, https, anyICMP, model.PeerCIDR, "10.0.0.0/8"},
		{model.ProtoTCP, https, anyICMP, model.PeerCIDR, "::/0"},
		{model.ProtoTCP, https, anyICMP, model.PeerPrefixList, "pl-corp"},
		{model.ProtoTCP, https, anyICMP, model.PeerSecurityGroup, "sg-default"},
		{model.ProtoTCP, https, anyICMP, model.PeerSecurityGroup, "sg-peer"},
		{model.ProtoICMP, all, model.ICMPMatch{Type: 8, Code: -1}, model.PeerCIDR, "10.0.0.0/8"},
		{model.ProtoICMPv6, all, anyICMP, model.PeerCIDR, "::/0"},
		{model.Protocol(50), all, anyICMP, model.PeerCIDR, "198.51.100.0/24"},
		{model.ProtoUDP, model.PortRange{From: 1024, To: 65535}, anyICMP, model.PeerCIDR, "10.0.0.0/8"},
	}
	if len(web.Rules) != len(wants) {
		t.Fatalf("%d rules, want %d (one per peer)", len(web.Rules), len(wants))
	}
	for i, w := range wants {
		r := web.Rules[i]
		peer := r.CIDR.String()
		if r.PeerKind != model.PeerCIDR {
			peer = r.Peer.Key
		}
		if r.Direction != model.Ingress || r.Protocol != w.proto || r.Ports != w.ports || r.ICMP != w.icmp || r.PeerKind != w.kind || peer != w.peer {
			t.Errorf("rule %d = %s %s ports %s icmp %v peer %v %s; want %s ports %s icmp %v peer %v %s",
				i, r.Direction, r.Protocol, r.Ports, r.ICMP, r.PeerKind, peer, w.proto, w.ports, w.icmp, w.kind, w.peer)
		}
	}
	if web.Rules[0].Description != "https" {
		t.Errorf("description = %q", web.Rules[0].Description)
	}
	// A group of another account across a peering is External: not in
	// this snapshot, and not an error.
	if peer := web.Rules[5].Peer; !peer.External || peer.Obj != nil {
		t.Errorf("peer group reference = %+v, want External and unresolved", peer)
	}
	if web.Rules[4].Peer.Obj != model.Object(def) {
		t.Errorf("same-account group reference not resolved")
	}
	if web.Rules[3].Peer.Obj == nil {
		t.Errorf("prefix list reference not resolved")
	}
}

func TestSecurityGroupUnknownSameAccountGroupIsAnError(t *testing.T) {
	_, diags := loadFiles(t, "sg.json", `{
	 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
	 "SecurityGroups": [{"GroupId": "sg-1", "GroupName": "a", "VpcId": "vpc-1", "OwnerId": "1",
	   "IpPermissions": [{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-missing", "UserId": "1"}]}]}]}`)
	findDiag(t, diags, `unknown security group "sg-missing"`)
}

func TestNetworkACL(t *testing.T) {
	net := mustLoad(t, "acl.json", `{
	 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
	 "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}],
	 "NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": false,
	  "Associations": [{"NetworkAclAssociationId": "aclassoc-1", "NetworkAclId": "acl-1", "SubnetId": "subnet-1"}],
	  "Entries": [
	   {"RuleNumber": 100, "Egress": false, "RuleAction": "allow", "Protocol": "6", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 443, "To": 443}},
	   {"RuleNumber": 110, "Egress": false, "RuleAction": "deny", "Protocol": "1", "CidrBlock": "10.0.0.0/8", "IcmpTypeCode": {"Type": 3, "Code": -1}},
	   {"RuleNumber": 120, "Egress": false, "RuleAction": "allow", "Protocol": "-1", "Ipv6CidrBlock": "::/0"},
	   {"RuleNumber": 100, "Egress": true, "RuleAction": "allow", "Protocol": "17", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 1024, "To": 65535}},
	   {"RuleNumber": 32767, "Egress": true, "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
	   {"RuleNumber": 32767, "Egress": false, "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
	   {"RuleNumber": 32768, "Egress": false, "RuleAction": "deny", "Protocol": "-1", "Ipv6CidrBlock": "::/0"},
	   {"RuleNumber": 32768, "Egress": true, "RuleAction": "deny", "Protocol": "-1", "Ipv6CidrBlock": "::/0"}
	  ]}]}`)
	a := byID[*model.NetworkACL](t, net, model.KindNetworkACL, "acl-1")
	if a.Default || len(a.Subnets) != 1 || a.Subnets[0].Obj == nil {
		t.Errorf("acl: default %v subnets %v", a.Default, a.Subnets)
	}
	want := []model.NACLRule{
		{Number: 100, Direction: model.Ingress, Action: model.Allow, Protocol: model.ProtoTCP, Ports: model.PortRange{From: 443, To: 443}, ICMP: model.AnyICMP, CIDR: prefix("0.0.0.0/0")},
		{Number: 110, Direction: model.Ingress, Action: model.Deny, Protocol: model.ProtoICMP, Ports: model.AllPorts, ICMP: model.ICMPMatch{Type: 3, Code: -1}, CIDR: prefix("10.0.0.0/8")},
		{Number: 120, Direction: model.Ingress, Action: model.Allow, Protocol: model.ProtoAll, Ports: model.AllPorts, ICMP: model.AnyICMP, CIDR: prefix("::/0")},
		{Number: 100, Direction: model.Egress, Action: model.Allow, Protocol: model.ProtoUDP, Ports: model.PortRange{From: 1024, To: 65535}, ICMP: model.AnyICMP, CIDR: prefix("0.0.0.0/0")},
	}
	if len(a.Rules) != len(want) {
		t.Fatalf("%d rules, want %d: AWS's implicit deny rules (32767, 32768) are left to the engines", len(a.Rules), len(want))
	}
	for i, w := range want {
		r := a.Rules[i]
		r.Range = w.Range
		if r != w {
			t.Errorf("rule %d = %+v, want %+v", i, r, w)
		}
	}
	if s := byID[*model.Subnet](t, net, model.KindSubnet, "subnet-1"); s.NetworkACL != a {
		t.Error("subnet-1's effective ACL is not acl-1")
	}
}

func TestNetworkACLErrors(t *testing.T) {
	_, diags := loadFiles(t, "NetworkAcls.json", `{"NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [
	 {"RuleNumber": 100, "RuleAction": "permit", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
	 {"RuleNumber": 101, "RuleAction": "allow", "Protocol": "tcpx", "CidrBlock": "0.0.0.0/0"},
	 {"RuleNumber": 102, "RuleAction": "allow", "Protocol": "6", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 90, "To": 80}},
	 {"RuleNumber": "x", "RuleAction": "allow", "Protocol": "6", "CidrBlock": "0.0.0.0/0"}
	]}]}`)
	findDiag(t, diags, `NetworkAcls[0].Entries[0].RuleAction: rule action "permit" is not allow or deny`)
	findDiag(t, diags, `NetworkAcls[0].Entries[1].Protocol: protocol "tcpx" is not`)
	findDiag(t, diags, `NetworkAcls[0].Entries[2].PortRange.From: port range 90-80`)
	findDiag(t, diags, `NetworkAcls[0].Entries[3].RuleNumber: "x" is not a whole number`)
	if n := len(messages(diags, hcl.DiagError)); n != 4 {
		t.Errorf("%d errors, want 4: %v", n, messages(diags, hcl.DiagError))
	}
}
