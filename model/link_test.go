package model

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func at(line int) hcl.Range {
	return hcl.Range{Filename: "net.hcl", Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 10}}
}

func ref(k Kind, key string, line int) Ref { return Ref{Kind: k, Key: key, Range: at(line)} }

func block(s string) Block { return Block{Prefix: netip.MustParsePrefix(s)} }

// smallNetwork is one VPC with two subnets, an explicit route table for one
// of them, a VGW with a BGP VPN to an on-prem site, an S3 gateway endpoint
// and an interface endpoint.
func smallNetwork() *Network {
	n := New()
	n.Add(&VPC{Meta: Meta{Name: "prod", Range: at(1)}, CIDRs: []Block{block("10.0.0.0/16"), block("10.1.0.0/16")}})
	n.Add(&Subnet{Meta: Meta{Name: "a", Range: at(2)}, VPC: ref(KindVPC, "prod", 2), CIDR: block("10.0.1.0/24"), AZ: "us-east-1a"})
	n.Add(&Subnet{Meta: Meta{Name: "b", Range: at(3)}, VPC: ref(KindVPC, "prod", 3), CIDR: block("10.0.2.0/24"), AZ: "us-east-1b"})
	n.Add(&RouteTable{Meta: Meta{Name: "rt-a", Range: at(4)}, VPC: ref(KindVPC, "prod", 4), Subnets: []Ref{ref(KindSubnet, "a", 4)},
		PropagatingVGWs: []Ref{ref(KindVPNGateway, "vgw", 4)}})
	n.Add(&VPNGateway{Meta: Meta{Name: "vgw", Range: at(5)}, VPC: ref(KindVPC, "prod", 5)})
	n.Add(&CustomerGateway{Meta: Meta{Name: "cgw", Range: at(6)}, IP: netip.MustParseAddr("198.51.100.1")})
	n.Add(&VPNConnection{Meta: Meta{Name: "vpn", Range: at(7)}, CustomerGateway: ref(KindCustomerGateway, "cgw", 7), VPNGateway: ref(KindVPNGateway, "vgw", 7)})
	n.Add(&OnPrem{Meta: Meta{Name: "dc", Range: at(8)}, CIDRs: []Block{block("192.168.0.0/16")}, Connections: []Ref{ref(KindVPNConnection, "vpn", 8)}})
	n.Add(&VPCEndpoint{Meta: Meta{Name: "s3", Range: at(9)}, VPC: ref(KindVPC, "prod", 9), Type: EndpointGateway,
		Service: "com.amazonaws.us-east-1.s3", RouteTables: []Ref{ref(KindRouteTable, "rt-a", 9)}})
	n.Add(&VPCEndpoint{Meta: Meta{Name: "ssm", Range: at(10)}, VPC: ref(KindVPC, "prod", 10), Type: EndpointInterface,
		Service: "com.amazonaws.us-east-1.ssm", Subnets: []Ref{ref(KindSubnet, "a", 10), ref(KindSubnet, "b", 10)}})
	return n
}

func TestLinkResolvesAndDerives(t *testing.T) {
	n := smallNetwork()
	if diags := n.Link(); diags.HasErrors() {
		t.Fatalf("link: %s", diags.Error())
	}
	v := n.VPCs[0]
	if len(v.Subnets) != 2 {
		t.Fatalf("vpc has %d subnets, want 2", len(v.Subnets))
	}
	a, b := n.Subnets[0], n.Subnets[1]
	if a.RouteTable == nil || a.RouteTable.Name != "rt-a" {
		t.Errorf("subnet a uses %v, want rt-a", a.RouteTable)
	}
	if b.RouteTable == nil || !b.RouteTable.Main || !b.RouteTable.Implicit {
		t.Errorf("subnet b should use the implicit main route table, got %+v", b.RouteTable)
	}
	if a.NetworkACL == nil || !a.NetworkACL.Default || len(a.NetworkACL.Rules) != 2 {
		t.Errorf("subnet a should use the implicit default ACL with 2 allow-all rules, got %+v", a.NetworkACL)
	}
	if n.Counts()[KindRouteTable] != 1 {
		t.Errorf("implicit objects must not be counted: %v", n.Counts())
	}
}

func TestLinkMaterializes(t *testing.T) {
	n := smallNetwork()
	if diags := n.Link(); diags.HasErrors() {
		t.Fatalf("link: %s", diags.Error())
	}
	rt := n.Subnets[0].RouteTable
	var locals, vgw, s3 int
	for _, r := range rt.Routes {
		switch {
		case r.Target == TargetLocal:
			locals++
		case r.Target == TargetVPNGateway && r.Dest == netip.MustParsePrefix("192.168.0.0/16") && r.Origin == OriginPropagatedVPNBGP:
			vgw++
		case r.Target == TargetVPCEndpoint && r.Origin == OriginPrefixList:
			s3++
		}
	}
	if locals != 2 || vgw != 1 || s3 != 1 {
		t.Errorf("routes of rt-a: %d local (want 2), %d propagated from the VGW (want 1), %d to the S3 endpoint (want 1): %+v", locals, vgw, s3, rt.Routes)
	}
	pl := Target[*PrefixList](n.Endpoints[0].PrefixList)
	if pl == nil || !pl.AWSManaged || !pl.Implicit {
		t.Errorf("the S3 endpoint should get an implicit AWS-managed prefix list, got %+v", pl)
	}
	if got := len(n.Endpoints[1].Interfaces); got != 2 {
		t.Errorf("interface endpoint has %d ENIs, want one per subnet (2)", got)
	}
	// Idempotent: a second Link adds nothing.
	before := len(rt.Routes)
	if diags := n.Link(); diags.HasErrors() {
		t.Fatalf("second link: %s", diags.Error())
	}
	if len(rt.Routes) != before || len(n.Interfaces) != 2 || len(n.RouteTables) != 2 {
		t.Errorf("second Link changed the network: %d routes (was %d), %d ENIs, %d route tables", len(rt.Routes), before, len(n.Interfaces), len(n.RouteTables))
	}
}

func TestLinkDiagnostics(t *testing.T) {
	cases := []struct {
		name string
		edit func(n *Network)
		want string
		line int
	}{
		{"unknown reference with suggestion", func(n *Network) { n.Subnets[0].VPC = ref(KindVPC, "prd", 42) }, `unknown vpc "prd"`, 42},
		{"did you mean", func(n *Network) { n.Subnets[0].VPC = ref(KindVPC, "prdo", 42) }, `Did you mean "prod"?`, 42},
		{"duplicate name", func(n *Network) {
			n.Add(&Subnet{Meta: Meta{Name: "a", Range: at(43)}, VPC: ref(KindVPC, "prod", 43), CIDR: block("10.0.3.0/24")})
		}, `duplicate subnet "a"`, 43},
		{"subnet in two route tables", func(n *Network) {
			n.Add(&RouteTable{Meta: Meta{Name: "rt-x", Range: at(44)}, VPC: ref(KindVPC, "prod", 44), Subnets: []Ref{ref(KindSubnet, "a", 45)}})
		}, "associated with two route tables", 45},
		{"ambiguous untyped reference", func(n *Network) {
			n.Add(&DXGateway{Meta: Meta{Name: "dx", Range: at(46)}, Associations: []Ref{ref("", "a", 47)}})
			n.Add(&RouteTable{Meta: Meta{Name: "a", Range: at(48)}, VPC: ref(KindVPC, "prod", 48)})
		}, `ambiguous reference "a"`, 47},
	}
	for _, c := range cases {
		n := smallNetwork()
		c.edit(n)
		diags := n.Link()
		found := false
		for _, d := range diags {
			text := d.Summary + " " + d.Detail
			if strings.Contains(text, c.want) && d.Subject != nil && d.Subject.Start.Line == c.line {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: want %q at line %d, got %s", c.name, c.want, c.line, diags.Error())
		}
	}
}

func TestValidate(t *testing.T) {
	n := smallNetwork()
	n.Add(&NetworkACL{Meta: Meta{Name: "acl", Range: at(50)}, VPC: ref(KindVPC, "prod", 50), Rules: []NACLRule{
		{Number: 100, Direction: Ingress, CIDR: netip.MustParsePrefix("0.0.0.0/0"), Range: at(51)},
		{Number: 100, Direction: Ingress, CIDR: netip.MustParsePrefix("0.0.0.0/0"), Range: at(52)},
		{Number: 40000, Direction: Egress, CIDR: netip.MustParsePrefix("0.0.0.0/0"), Range: at(53)},
	}})
	n.Add(&VPC{Meta: Meta{Name: "empty", Range: at(54)}})
	n.Link()
	var all []string
	for _, d := range n.Validate() {
		all = append(all, d.Summary)
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"two ingress rules numbered 100", "rule number 40000 is outside 1-32766", `vpc "empty" has no known IPv4 CIDR block`} {
		if !strings.Contains(text, want) {
			t.Errorf("validate: want %q in %s", want, text)
		}
	}
}

func TestParsers(t *testing.T) {
	if _, err := ParseCIDR("10.0.1.5/24"); err == nil || !strings.Contains(err.Error(), "did you mean 10.0.1.0/24") {
		t.Errorf("host bits: %v", err)
	}
	if _, err := ParseCIDR("10.0.0.1"); err == nil || !strings.Contains(err.Error(), "add a prefix length") {
		t.Errorf("bare address: %v", err)
	}
	if p, err := ParseProtocol("-1"); err != nil || p != ProtoAll {
		t.Errorf("-1: %v %v", p, err)
	}
	if _, err := ParseProtocol("256"); err == nil {
		t.Error("256 should be rejected")
	}
	if r, err := ParsePortRange("1024-65535"); err != nil || r != (PortRange{1024, 65535}) {
		t.Errorf("range: %v %v", r, err)
	}
	for _, bad := range []string{"5-3", "70000", "x"} {
		if _, err := ParsePortRange(bad); err == nil {
			t.Errorf("%q should be rejected", bad)
		}
	}
}

// TestLinkIndexMatchesRebuild checks that the index Link keeps current as it
// adds implicit objects (main route table, default ACL and SG, the S3 prefix
// list, endpoint ENIs) is the index a rebuild from scratch gives.
func TestLinkIndexMatchesRebuild(t *testing.T) {
	n := smallNetwork()
	if diags := n.Link(); diags.HasErrors() {
		t.Fatalf("link: %s", diags.Error())
	}
	kept := n.index
	n.buildIndex()
	for _, k := range Kinds {
		if len(kept[k]) != len(n.index[k]) {
			t.Errorf("%s: %d keys kept, %d rebuilt", k, len(kept[k]), len(n.index[k]))
		}
		for key, want := range n.index[k] {
			got := kept[k][key]
			if len(got) != len(want) {
				t.Errorf("%s %q: %d objects kept, %d rebuilt", k, key, len(got), len(want))
				continue
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("%s %q: object %d is %s, rebuilt %s", k, key, i, Label(got[i]), Label(want[i]))
				}
			}
		}
	}
	for _, key := range []string{"prod/main", "prod/default-acl", "prod/default-sg", "com.amazonaws.us-east-1.s3", "ssm/a"} {
		if len(n.Lookup("", key)) != 1 {
			t.Errorf("implicit object %q is not indexed", key)
		}
	}
}
