package terraform

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// Cloud Control networking types map like their aws_ twins: the same
// objects, relations and rules, from the awscc provider's argument names
// (registry.terraform.io/providers/hashicorp/awscc/latest/docs/resources/ec2_vpc,
// …/ec2_subnet, …/ec2_route, …/ec2_security_group, …/ec2_network_acl_entry,
// …/ec2_transit_gateway_vpc_attachment).
func TestCloudControlNetwork(t *testing.T) {
	n, diags := loadTestdata(t, "awscc")
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diagText(diags))
	}
	if got := summaries(diags, hcl.DiagWarning); len(got) != 1 || !strings.HasPrefix(got[0], "awscc_ec2_instance.bastion: Cloud Control EC2 resource not modelled") {
		t.Errorf("warnings:\n%s", strings.Join(got, "\n"))
	}
	if d := append(n.Link(), n.Validate()...); d.HasErrors() {
		t.Fatalf("link:\n%s", diagText(d))
	}
	c := n.Counts()
	for kind, want := range map[model.Kind]int{
		model.KindVPC: 1, model.KindSubnet: 2, model.KindRouteTable: 2, model.KindInternetGateway: 1, model.KindNATGateway: 1,
		model.KindElasticIP: 1, model.KindTransitGateway: 1, model.KindTGWAttachment: 1, model.KindTGWRouteTable: 1,
		model.KindSecurityGroup: 2, model.KindNetworkACL: 1, model.KindVPCEndpoint: 1,
	} {
		if c[kind] != want {
			t.Errorf("%s: %d, want %d", kind, c[kind], want)
		}
	}
	vpc := byName[*model.VPC](t, n, model.KindVPC, "awscc_ec2_vpc.hub")
	if len(vpc.CIDRs) != 2 || vpc.CIDRs[1].Prefix.String() != "10.1.0.0/16" || vpc.Tags["Name"] != "hub" {
		t.Errorf("vpc blocks %v tags %v", vpc.CIDRs, vpc.Tags)
	}
	public := byName[*model.Subnet](t, n, model.KindSubnet, "awscc_ec2_subnet.public")
	if public.VPCOf() != vpc || !public.MapPublicIPOnLaunch || public.RouteTable == nil || public.RouteTable.Name != "awscc_ec2_route_table.public" {
		t.Errorf("public subnet: vpc %v, public ip %v, table %v", public.VPCOf(), public.MapPublicIPOnLaunch, public.RouteTable)
	}
	if got := routesOf(public.RouteTable); got != "0.0.0.0/0->internet_gateway:awscc_ec2_internet_gateway.igw" {
		t.Errorf("public routes %q", got)
	}
	private := byName[*model.Subnet](t, n, model.KindSubnet, "awscc_ec2_subnet.private")
	if got := routesOf(private.RouteTable); got != "0.0.0.0/0->nat_gateway:awscc_ec2_nat_gateway.nat 10.16.0.0/12->transit_gateway:awscc_ec2_transit_gateway.tgw pl:com.amazonaws.eu-west-1.s3->vpc_endpoint:awscc_ec2_vpc_endpoint.s3" {
		t.Errorf("private routes %q", got)
	}
	igw := byName[*model.InternetGateway](t, n, model.KindInternetGateway, "awscc_ec2_internet_gateway.igw")
	if igw.VPC.Obj != vpc {
		t.Errorf("internet gateway attached to %v", igw.VPC.Obj)
	}
	nat := byName[*model.NATGateway](t, n, model.KindNATGateway, "awscc_ec2_nat_gateway.nat")
	if nat.SubnetOf() != public || nat.EIP.Obj == nil {
		t.Errorf("nat gateway in %v with eip %v", nat.SubnetOf(), nat.EIP.Obj)
	}
	a := byName[*model.TGWAttachment](t, n, model.KindTGWAttachment, "awscc_ec2_transit_gateway_vpc_attachment.hub")
	rt := byName[*model.TGWRouteTable](t, n, model.KindTGWRouteTable, "awscc_ec2_transit_gateway_route_table.spokes")
	if a.VPC.Obj != vpc || len(a.Subnets) != 1 || !a.ApplianceMode || a.Association.Obj != rt || len(a.Propagations) != 1 {
		t.Errorf("attachment %+v", a)
	}
	if r := rt.Routes[0]; r.Origin != model.OriginStatic || r.Dest.String() != "0.0.0.0/0" || r.Attachment.Obj != a {
		t.Errorf("tgw routes %+v", rt.Routes)
	}
	// A group created without egress rules gets AWS's allow-all egress;
	// one with egress rules has only those.
	web := byName[*model.SecurityGroup](t, n, model.KindSecurityGroup, "awscc_ec2_security_group.web")
	if got := rulesOf(web); got != "ingress tcp 443 0.0.0.0/0; egress all all 0.0.0.0/0; egress all all ::/0" {
		t.Errorf("web rules %q", got)
	}
	db := byName[*model.SecurityGroup](t, n, model.KindSecurityGroup, "awscc_ec2_security_group.db")
	if got := rulesOf(db); got != "egress tcp 443 10.0.0.0/16; ingress tcp 5432 awscc_ec2_security_group.web" {
		t.Errorf("db rules %q", got)
	}
	var def *model.SecurityGroup
	for _, g := range n.SecurityGroups {
		if g.Default && g.VPC.Obj == model.Object(vpc) {
			def = g
		}
	}
	if def == nil || !strings.Contains(rulesOf(def), "ingress all all 10.0.0.0/16") {
		t.Errorf("default security group of the vpc (awscc_ec2_vpc.hub.default_security_group): %v", def)
	}
	acl := byName[*model.NetworkACL](t, n, model.KindNetworkACL, "awscc_ec2_network_acl.private")
	if got := naclRulesOf(acl); got != "ingress 100 allow tcp 443 0.0.0.0/0; egress 100 allow tcp 1024-65535 0.0.0.0/0" {
		t.Errorf("acl rules %q", got)
	}
	if len(acl.Subnets) != 1 || acl.Subnets[0].Obj != private {
		t.Errorf("acl subnets %v", acl.Subnets)
	}
}
