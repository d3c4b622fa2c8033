package terraform

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// linked loads one main.tf, links the network and fails on any error.
func linked(t *testing.T, src string) (*model.Network, hcl.Diagnostics) {
	t.Helper()
	_, n, diags := runMain(t, src)
	ld := n.Link()
	if ld.HasErrors() {
		t.Fatalf("link errors:\n%s", diagText(ld))
	}
	if vd := n.Validate(); vd.HasErrors() {
		t.Fatalf("validation errors:\n%s", diagText(vd))
	}
	return n, diags
}

func byName[T model.Object](t *testing.T, n *model.Network, kind model.Kind, name string) T {
	t.Helper()
	found := n.Lookup(kind, name)
	if len(found) != 1 {
		t.Fatalf("%s %q: found %d", kind, name, len(found))
	}
	return found[0].(T)
}

func routesOf(t *model.RouteTable) string {
	var out []string
	for _, r := range t.Routes {
		if r.Target == model.TargetLocal {
			continue
		}
		dest := r.Dest.String()
		if r.DestPrefixList.Set() {
			dest = "pl:" + r.DestPrefixList.Obj.Base().Name
		}
		target := string(r.Target)
		if r.TargetRef.Obj != nil {
			target += ":" + r.TargetRef.Obj.Base().Name
		}
		out = append(out, dest+"->"+target)
	}
	return strings.Join(out, " ")
}

func rulesOf(g *model.SecurityGroup) string {
	var out []string
	for _, r := range g.Rules {
		peer := r.CIDR.String()
		if r.PeerKind != model.PeerCIDR {
			peer = r.Peer.Obj.Base().Name
		}
		ports := r.Ports.String()
		if r.Protocol.IsICMP() {
			ports = fmt.Sprintf("%d/%d", r.ICMP.Type, r.ICMP.Code)
		}
		out = append(out, fmt.Sprintf("%s %s %s %s", r.Direction, r.Protocol, ports, peer))
	}
	return strings.Join(out, "; ")
}

func naclRulesOf(a *model.NetworkACL) string {
	var out []string
	for _, r := range a.Rules {
		out = append(out, fmt.Sprintf("%s %d %s %s %s %s", r.Direction, r.Number, r.Action, r.Protocol, r.Ports, r.CIDR))
	}
	return strings.Join(out, "; ")
}

const vpcAndSubnets = `
provider "aws" { region = "eu-west-1" }
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags       = { Name = "main" }
}
resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = true
}
resource "aws_subnet" "private" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "eu-west-1b"
}
`

func TestMapVPCBlocks(t *testing.T) {
	n, diags := linked(t, vpcAndSubnets+`
resource "aws_vpc_ipv4_cidr_block_association" "extra" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.1.0.0/16"
}
resource "aws_vpc" "v6" {
  cidr_block                       = "10.2.0.0/16"
  assign_generated_ipv6_cidr_block = true
}
resource "aws_subnet" "v6" {
  vpc_id          = aws_vpc.v6.id
  cidr_block      = "10.2.0.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.v6.ipv6_cidr_block, 8, 1)
}
`)
	v := byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.main")
	if len(v.CIDRs) != 2 || v.CIDRs[1].Prefix.String() != "10.1.0.0/16" || v.CIDRs[1].Addr != "aws_vpc_ipv4_cidr_block_association.extra" {
		t.Errorf("blocks: %+v", v.CIDRs)
	}
	if v.Region != "eu-west-1" || v.Tags["Name"] != "main" || v.Range.Start.Line != 3 {
		t.Errorf("region %q tags %v range %s", v.Region, v.Tags, v.Range)
	}
	v6 := byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.v6")
	want := placeholderIPv6Block("aws_vpc.v6")
	if len(v6.IPv6CIDRs) != 1 || v6.IPv6CIDRs[0].Prefix != want {
		t.Errorf("placeholder IPv6 block: %+v, want %s", v6.IPv6CIDRs, want)
	}
	s := byName[*model.Subnet](t, n, model.KindSubnet, "aws_subnet.v6")
	if !model.Covers(want, s.IPv6CIDR.Prefix) || s.IPv6CIDR.Prefix.Bits() != 64 {
		t.Errorf("subnet IPv6 block %s not derived from %s", s.IPv6CIDR.Prefix, want)
	}
	if !hasDiag(diags, hcl.DiagWarning, "Amazon assigns the IPv6 block of aws_vpc.v6", 0) {
		t.Errorf("placeholder not reported:\n%s", diagText(diags))
	}
	pub := byName[*model.Subnet](t, n, model.KindSubnet, "aws_subnet.public")
	if pub.AZ != "eu-west-1a" || !pub.MapPublicIPOnLaunch || pub.VPCOf() != v {
		t.Errorf("public subnet: %+v", pub)
	}
}

func TestMapRouting(t *testing.T) {
	n, diags := linked(t, vpcAndSubnets+`
resource "aws_internet_gateway" "igw" { vpc_id = aws_vpc.main.id }
resource "aws_vpn_gateway" "vgw" { vpc_id = aws_vpc.main.id }
resource "aws_eip" "nat" { domain = "vpc" }
resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
}
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
  route {
    cidr_block = "192.168.0.0/16"
    gateway_id = aws_vpn_gateway.vgw.id
  }
}
resource "aws_route_table" "private" {
  vpc_id           = aws_vpc.main.id
  propagating_vgws = [aws_vpn_gateway.vgw.id]
}
resource "aws_route" "private_default" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.nat.id
}
data "aws_ec2_transit_gateway" "shared" {}
resource "aws_route" "to_shared" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "172.16.0.0/12"
  transit_gateway_id     = data.aws_ec2_transit_gateway.shared.id
}
resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}
resource "aws_route_table_association" "private" {
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.private.id
}
resource "aws_route_table" "edge" { vpc_id = aws_vpc.main.id }
resource "aws_route_table_association" "edge" {
  gateway_id     = aws_internet_gateway.igw.id
  route_table_id = aws_route_table.edge.id
}
resource "aws_route" "main_extra" {
  route_table_id         = aws_vpc.main.main_route_table_id
  destination_cidr_block = "10.9.0.0/16"
  gateway_id             = aws_vpn_gateway.vgw.id
}
`)
	pub := byName[*model.RouteTable](t, n, model.KindRouteTable, "aws_route_table.public")
	if got := routesOf(pub); got != "0.0.0.0/0->internet_gateway:aws_internet_gateway.igw 192.168.0.0/16->vpn_gateway:aws_vpn_gateway.vgw" {
		t.Errorf("public routes: %s", got)
	}
	if pub.Routes[0].Range.Start.Line != 28 || pub.Routes[0].Addr != "" {
		t.Errorf("inline route range %s addr %q", pub.Routes[0].Range, pub.Routes[0].Addr)
	}
	priv := byName[*model.RouteTable](t, n, model.KindRouteTable, "aws_route_table.private")
	if got := routesOf(priv); got != "0.0.0.0/0->nat_gateway:aws_nat_gateway.nat 172.16.0.0/12->unsupported" {
		t.Errorf("private routes: %s", got)
	}
	if priv.Routes[0].Addr != "aws_route.private_default" || len(priv.PropagatingVGWs) != 1 {
		t.Errorf("aws_route addr %q, propagating %v", priv.Routes[0].Addr, priv.PropagatingVGWs)
	}
	if !hasDiag(diags, hcl.DiagWarning, "aws_route.to_shared: transit_gateway_id is not known before apply", 0) {
		t.Errorf("unknown target not reported:\n%s", diagText(diags))
	}
	s := byName[*model.Subnet](t, n, model.KindSubnet, "aws_subnet.private")
	if s.RouteTable != priv {
		t.Errorf("private subnet uses %v", s.RouteTable)
	}
	edge := byName[*model.RouteTable](t, n, model.KindRouteTable, "aws_route_table.edge")
	if len(edge.Gateways) != 1 || edge.Gateways[0].Obj.Base().Name != "aws_internet_gateway.igw" {
		t.Errorf("edge association: %+v", edge.Gateways)
	}
	v := byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.main")
	if v.MainRouteTable == nil || v.MainRouteTable.Name != "aws_vpc.main/main" || !v.MainRouteTable.Implicit || routesOf(v.MainRouteTable) != "10.9.0.0/16->vpn_gateway:aws_vpn_gateway.vgw" {
		t.Errorf("route added to the implicit main table: %+v", v.MainRouteTable)
	}
	if c := n.Counts(); c[model.KindRouteTable] != 3 {
		t.Errorf("route tables counted: %d, want 3 (the implicit main table is not counted)", c[model.KindRouteTable])
	}
}

func TestMapDefaultAndMainRouteTables(t *testing.T) {
	n, _ := linked(t, vpcAndSubnets+`
resource "aws_internet_gateway" "igw" { vpc_id = aws_vpc.main.id }
resource "aws_default_route_table" "d" {
  default_route_table_id = aws_vpc.main.default_route_table_id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}
resource "aws_vpc" "other" { cidr_block = "10.5.0.0/16" }
resource "aws_route_table" "custom" { vpc_id = aws_vpc.other.id }
resource "aws_main_route_table_association" "m" {
  vpc_id         = aws_vpc.other.id
  route_table_id = aws_route_table.custom.id
}
`)
	d := byName[*model.RouteTable](t, n, model.KindRouteTable, "aws_default_route_table.d")
	v := byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.main")
	if !d.Main || d.VPCOf() != v || v.MainRouteTable != d || routesOf(d) != "0.0.0.0/0->internet_gateway:aws_internet_gateway.igw" {
		t.Errorf("default route table: main=%v vpc=%v routes=%s", d.Main, d.VPCOf(), routesOf(d))
	}
	if byName[*model.Subnet](t, n, model.KindSubnet, "aws_subnet.public").RouteTable != d {
		t.Error("a subnet without association does not use the adopted main table")
	}
	other := byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.other")
	if other.MainRouteTable == nil || other.MainRouteTable.Name != "aws_route_table.custom" {
		t.Errorf("main route table association: %v", other.MainRouteTable)
	}
}

func TestMapSecurityGroups(t *testing.T) {
	n, _ := linked(t, vpcAndSubnets+`
resource "aws_ec2_managed_prefix_list" "office" {
  name           = "office"
  address_family = "IPv4"
  max_entries    = 5
  entry { cidr = "203.0.113.0/24" }
}
resource "aws_security_group" "app" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    cidr_blocks     = ["10.0.0.0/16", "10.1.0.0/16"]
    prefix_list_ids = [aws_ec2_managed_prefix_list.office.id]
    self            = true
  }
  ingress {
    from_port   = 8
    to_port     = -1
    protocol    = "icmp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
resource "aws_security_group" "db" {
  vpc_id = aws_vpc.main.id
  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    ipv6_cidr_blocks = ["::/0"]
  }
}
resource "aws_security_group_rule" "db_in" {
  type                     = "ingress"
  security_group_id        = aws_security_group.db.id
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.app.id
}
resource "aws_vpc_security_group_egress_rule" "db_out" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "-1"
  cidr_ipv4         = "10.0.0.0/16"
}
resource "aws_vpc_security_group_ingress_rule" "db_udp" {
  security_group_id            = aws_security_group.db.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  referenced_security_group_id = aws_security_group.app.id
}
resource "aws_security_group_rule" "default_extra" {
  type              = "ingress"
  security_group_id = aws_vpc.main.default_security_group_id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
}
`)
	app := byName[*model.SecurityGroup](t, n, model.KindSecurityGroup, "aws_security_group.app")
	if got := rulesOf(app); got != "ingress tcp 443 10.0.0.0/16; ingress tcp 443 10.1.0.0/16; ingress tcp 443 aws_ec2_managed_prefix_list.office; ingress tcp 443 aws_security_group.app; ingress icmp 8/-1 10.0.0.0/8" {
		t.Errorf("app rules (no egress: Terraform removes AWS's default): %s", got)
	}
	db := byName[*model.SecurityGroup](t, n, model.KindSecurityGroup, "aws_security_group.db")
	if got := rulesOf(db); got != "egress all all ::/0; ingress tcp 5432 aws_security_group.app; egress all all 10.0.0.0/16; ingress udp 53 aws_security_group.app" {
		t.Errorf("db rules: %s", got)
	}
	if db.Rules[1].Addr != "aws_security_group_rule.db_in" {
		t.Errorf("rule resource address %q", db.Rules[1].Addr)
	}
	v := byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.main")
	var def *model.SecurityGroup
	for _, g := range v.SecurityGroups {
		if g.Default {
			def = g
		}
	}
	if def == nil || !def.Implicit || !strings.HasSuffix(rulesOf(def), "ingress tcp 22 10.0.0.0/8") || len(def.Rules) != 4 {
		t.Errorf("rule added to the VPC's default group (AWS default rules kept): %s", rulesOf(def))
	}
}

func TestMapDefaultSecurityGroupReplacesRules(t *testing.T) {
	n, _ := linked(t, vpcAndSubnets+`
resource "aws_default_security_group" "d" {
  vpc_id = aws_vpc.main.id
}
`)
	g := byName[*model.SecurityGroup](t, n, model.KindSecurityGroup, "aws_default_security_group.d")
	if !g.Default || len(g.Rules) != 0 || g.AWSID != placeholderID("sg", "aws_vpc.main#default-sg") {
		t.Errorf("default group: default=%v rules=%s id=%s", g.Default, rulesOf(g), g.AWSID)
	}
	if len(n.SecurityGroups) != 1 {
		t.Errorf("Link added another default group: %d groups", len(n.SecurityGroups))
	}
}

func TestMapNetworkACLs(t *testing.T) {
	n, _ := linked(t, vpcAndSubnets+`
resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.public.id]
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 443
    to_port    = 443
    cidr_block = "0.0.0.0/0"
  }
  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
}
resource "aws_network_acl_rule" "eph" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 110
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 1024
  to_port        = 65535
}
resource "aws_network_acl_rule" "ping" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 120
  protocol       = "icmp"
  rule_action    = "deny"
  cidr_block     = "10.0.0.0/8"
  icmp_type      = 8
  icmp_code      = -1
}
resource "aws_network_acl" "private" { vpc_id = aws_vpc.main.id }
resource "aws_network_acl_association" "private" {
  network_acl_id = aws_network_acl.private.id
  subnet_id      = aws_subnet.private.id
}
resource "aws_network_acl_rule" "default_deny" {
  network_acl_id = aws_vpc.main.default_network_acl_id
  rule_number    = 50
  protocol       = "tcp"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}
`)
	pub := byName[*model.NetworkACL](t, n, model.KindNetworkACL, "aws_network_acl.public")
	if got := naclRulesOf(pub); got != "ingress 100 allow tcp 443 0.0.0.0/0; egress 100 allow all all 0.0.0.0/0; ingress 110 allow tcp 1024-65535 0.0.0.0/0; ingress 120 deny icmp all 10.0.0.0/8" {
		t.Errorf("public ACL: %s", got)
	}
	if pub.Rules[3].ICMP.Type != 8 || pub.Rules[3].ICMP.Code != -1 || pub.Rules[2].Addr != "aws_network_acl_rule.eph" {
		t.Errorf("icmp %+v addr %q", pub.Rules[3].ICMP, pub.Rules[2].Addr)
	}
	priv := byName[*model.NetworkACL](t, n, model.KindNetworkACL, "aws_network_acl.private")
	if len(priv.Rules) != 0 || byName[*model.Subnet](t, n, model.KindSubnet, "aws_subnet.private").NetworkACL != priv {
		t.Errorf("a custom ACL has no rules (denies all) and is associated: %s", naclRulesOf(priv))
	}
	v := byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.main")
	if d := v.DefaultNetworkACL; d == nil || !d.Implicit || naclRulesOf(d) != "ingress 100 allow all all 0.0.0.0/0; egress 100 allow all all 0.0.0.0/0; ingress 50 deny tcp 22 0.0.0.0/0" {
		t.Errorf("rule added to the implicit default ACL: %v", naclRulesOf(v.DefaultNetworkACL))
	}
}

func TestMapDefaultNetworkACLReplacesRules(t *testing.T) {
	n, _ := linked(t, vpcAndSubnets+`
resource "aws_default_network_acl" "d" {
  default_network_acl_id = aws_vpc.main.default_network_acl_id
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 22
    to_port    = 22
    cidr_block = "10.0.0.0/8"
  }
}
`)
	d := byName[*model.NetworkACL](t, n, model.KindNetworkACL, "aws_default_network_acl.d")
	v := byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.main")
	if !d.Default || v.DefaultNetworkACL != d || naclRulesOf(d) != "ingress 100 allow tcp 22 10.0.0.0/8" || len(n.NetworkACLs) != 1 {
		t.Errorf("default ACL: %s (acls %d)", naclRulesOf(d), len(n.NetworkACLs))
	}
}

func TestMapGatewaysAndAddresses(t *testing.T) {
	n, diags := linked(t, vpcAndSubnets+`
resource "aws_internet_gateway" "igw" {}
resource "aws_internet_gateway_attachment" "a" {
  internet_gateway_id = aws_internet_gateway.igw.id
  vpc_id              = aws_vpc.main.id
}
resource "aws_egress_only_internet_gateway" "e" { vpc_id = aws_vpc.main.id }
resource "aws_nat_gateway" "private" {
  connectivity_type = "private"
  subnet_id         = aws_subnet.private.id
  private_ip        = "10.0.2.10"
}
resource "aws_instance" "auto" { subnet_id = aws_subnet.public.id }
resource "aws_instance" "none" {
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = false
}
resource "aws_instance" "asked" {
  subnet_id                   = aws_subnet.private.id
  associate_public_ip_address = true
  private_ip                  = "10.0.2.20"
  secondary_private_ips       = ["10.0.2.21"]
  source_dest_check           = false
}
resource "aws_instance" "eip" { subnet_id = aws_subnet.private.id }
resource "aws_eip" "for_instance" { instance = aws_instance.eip.id }
resource "aws_network_interface" "eni" {
  subnet_id   = aws_subnet.private.id
  private_ips = ["10.0.2.30"]
}
resource "aws_eip" "byoip" { address = "198.51.100.7" }
resource "aws_eip_association" "a" {
  allocation_id        = aws_eip.byoip.id
  network_interface_id = aws_network_interface.eni.id
}
`)
	igw := byName[*model.InternetGateway](t, n, model.KindInternetGateway, "aws_internet_gateway.igw")
	v := byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.main")
	if v.InternetGateway != igw || v.EgressOnlyIGW == nil {
		t.Errorf("gateways of the VPC: igw %v eigw %v", v.InternetGateway, v.EgressOnlyIGW)
	}
	nat := byName[*model.NATGateway](t, n, model.KindNATGateway, "aws_nat_gateway.private")
	if !nat.Private || nat.PrivateIP.String() != "10.0.2.10" || nat.EIP.Set() {
		t.Errorf("private NAT: %+v", nat)
	}
	mode := func(name string) model.PublicIPMode {
		return byName[*model.NetworkInterface](t, n, model.KindNetworkInterface, name).PublicIPMode
	}
	if mode("aws_instance.auto/eni0") != model.PublicIPUnknown || mode("aws_instance.none/eni0") != model.PublicIPNone ||
		mode("aws_instance.asked/eni0") != model.PublicIPUnknown || mode("aws_instance.eip/eni0") != model.PublicIPUnknown {
		t.Errorf("public IP modes: auto %v none %v asked %v eip %v", mode("aws_instance.auto/eni0"), mode("aws_instance.none/eni0"), mode("aws_instance.asked/eni0"), mode("aws_instance.eip/eni0"))
	}
	eni := byName[*model.NetworkInterface](t, n, model.KindNetworkInterface, "aws_network_interface.eni")
	if eni.PublicIPMode != model.PublicIPKnown || eni.PublicIP.String() != "198.51.100.7" {
		t.Errorf("EIP association with a known address: %v %v", eni.PublicIPMode, eni.PublicIP)
	}
	asked := byName[*model.NetworkInterface](t, n, model.KindNetworkInterface, "aws_instance.asked/eni0")
	if fmt.Sprint(asked.PrivateIPs) != "[10.0.2.20 10.0.2.21]" || asked.SourceDestCheck {
		t.Errorf("instance ENI: ips %v sdc %v", asked.PrivateIPs, asked.SourceDestCheck)
	}
	if len(asked.SecurityGroups) != 1 || !model.Target[*model.SecurityGroup](asked.SecurityGroups[0]).Default {
		t.Errorf("an instance without groups gets the VPC's default group: %+v", asked.SecurityGroups)
	}
	inst := byName[*model.Instance](t, n, model.KindInstance, "aws_instance.asked")
	if inst.Primary() != asked {
		t.Error("instance's primary ENI")
	}
	if diags.HasErrors() {
		t.Error(diagText(diags))
	}
}

func TestMapPeering(t *testing.T) {
	n, _ := linked(t, vpcAndSubnets+`
resource "aws_vpc" "b" { cidr_block = "10.1.0.0/16" }
resource "aws_vpc" "c" { cidr_block = "10.2.0.0/16" }
resource "aws_vpc_peering_connection" "auto" {
  vpc_id      = aws_vpc.main.id
  peer_vpc_id = aws_vpc.b.id
  auto_accept = true
}
resource "aws_vpc_peering_connection" "pending" {
  vpc_id      = aws_vpc.main.id
  peer_vpc_id = aws_vpc.c.id
}
resource "aws_vpc_peering_connection" "accepted" {
  vpc_id      = aws_vpc.b.id
  peer_vpc_id = aws_vpc.c.id
  peer_region = "us-west-2"
}
resource "aws_vpc_peering_connection_accepter" "acc" {
  vpc_peering_connection_id = aws_vpc_peering_connection.accepted.id
  auto_accept               = true
}
`)
	for name, want := range map[string]model.PeeringState{
		"aws_vpc_peering_connection.auto": model.PeeringActive, "aws_vpc_peering_connection.pending": model.PeeringPending,
		"aws_vpc_peering_connection.accepted": model.PeeringActive,
	} {
		if p := byName[*model.Peering](t, n, model.KindPeering, name); p.State != want {
			t.Errorf("%s: state %s, want %s", name, p.State, want)
		}
	}
	p := byName[*model.Peering](t, n, model.KindPeering, "aws_vpc_peering_connection.accepted")
	if p.AccepterRegion != "us-west-2" || p.RequesterRegion != "eu-west-1" || p.Other(byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.b")).Name != "aws_vpc.c" {
		t.Errorf("peering sides: %+v", p)
	}
}

func TestMapTransitGateway(t *testing.T) {
	n, _ := linked(t, vpcAndSubnets+`
resource "aws_vpc" "b" { cidr_block = "10.1.0.0/16" }
resource "aws_subnet" "b" {
  vpc_id     = aws_vpc.b.id
  cidr_block = "10.1.1.0/24"
}
resource "aws_ec2_transit_gateway" "tgw" { amazon_side_asn = 64600 }
resource "aws_ec2_transit_gateway_vpc_attachment" "main" {
  transit_gateway_id     = aws_ec2_transit_gateway.tgw.id
  vpc_id                 = aws_vpc.main.id
  subnet_ids             = [aws_subnet.private.id]
  appliance_mode_support = "enable"
}
resource "aws_ec2_transit_gateway_vpc_attachment" "b" {
  transit_gateway_id                              = aws_ec2_transit_gateway.tgw.id
  vpc_id                                          = aws_vpc.b.id
  subnet_ids                                      = [aws_subnet.b.id]
  transit_gateway_default_route_table_association = false
  transit_gateway_default_route_table_propagation = false
}
resource "aws_ec2_transit_gateway_route_table" "isolated" {
  transit_gateway_id = aws_ec2_transit_gateway.tgw.id
}
resource "aws_ec2_transit_gateway_route_table_association" "b" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.b.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.isolated.id
}
resource "aws_ec2_transit_gateway_route_table_propagation" "b" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.b.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway.tgw.association_default_route_table_id
}
resource "aws_ec2_transit_gateway_route" "default" {
  destination_cidr_block         = "0.0.0.0/0"
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.main.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.isolated.id
}
resource "aws_ec2_transit_gateway_route" "drop" {
  destination_cidr_block         = "10.66.0.0/16"
  blackhole                      = true
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.isolated.id
}
resource "aws_customer_gateway" "office" {
  bgp_asn    = 65000
  ip_address = "198.51.100.1"
  type       = "ipsec.1"
}
resource "aws_vpn_connection" "office" {
  customer_gateway_id = aws_customer_gateway.office.id
  transit_gateway_id  = aws_ec2_transit_gateway.tgw.id
  type                = "ipsec.1"
  static_routes_only  = true
}
resource "aws_ec2_transit_gateway_route" "office" {
  destination_cidr_block         = "192.168.0.0/16"
  transit_gateway_attachment_id  = aws_vpn_connection.office.transit_gateway_attachment_id
  transit_gateway_route_table_id = aws_ec2_transit_gateway.tgw.association_default_route_table_id
}
resource "aws_ec2_transit_gateway" "peer" {}
resource "aws_ec2_transit_gateway_peering_attachment" "p" {
  transit_gateway_id      = aws_ec2_transit_gateway.tgw.id
  peer_transit_gateway_id = aws_ec2_transit_gateway.peer.id
  peer_region             = "eu-west-1"
}
`)
	tgw := byName[*model.TransitGateway](t, n, model.KindTransitGateway, "aws_ec2_transit_gateway.tgw")
	def := model.Target[*model.TGWRouteTable](tgw.DefaultAssociation)
	if tgw.ASN != 64600 || def == nil || !def.Implicit || model.Target[*model.TGWRouteTable](tgw.DefaultPropagation) != def {
		t.Fatalf("default route table: %+v", tgw)
	}
	main := byName[*model.TGWAttachment](t, n, model.KindTGWAttachment, "aws_ec2_transit_gateway_vpc_attachment.main")
	if model.Target[*model.TGWRouteTable](main.Association) != def || len(main.Propagations) != 1 || !main.ApplianceMode {
		t.Errorf("main attachment takes the defaults: %+v", main)
	}
	b := byName[*model.TGWAttachment](t, n, model.KindTGWAttachment, "aws_ec2_transit_gateway_vpc_attachment.b")
	iso := byName[*model.TGWRouteTable](t, n, model.KindTGWRouteTable, "aws_ec2_transit_gateway_route_table.isolated")
	if model.Target[*model.TGWRouteTable](b.Association) != iso || len(b.Propagations) != 1 || model.Target[*model.TGWRouteTable](b.Propagations[0]) != def {
		t.Errorf("b attachment: explicit association and propagation only: %+v", b)
	}
	if len(iso.Routes) != 2 || !iso.Routes[1].Blackhole || iso.Routes[0].Attachment.Obj != main {
		t.Errorf("isolated routes: %+v", iso.Routes)
	}
	vpn := byName[*model.VPNConnection](t, n, model.KindVPNConnection, "aws_vpn_connection.office")
	var vpnAttach *model.TGWAttachment
	for _, a := range tgw.Attachments {
		if a.Type == model.AttachVPN {
			vpnAttach = a
		}
	}
	if vpnAttach == nil || vpnAttach.VPN.Obj != vpn || !vpnAttach.Implicit || model.Target[*model.TGWRouteTable](vpnAttach.Association) != def || !vpn.StaticRoutesOnly {
		t.Fatalf("VPN attachment: %+v", vpnAttach)
	}
	var office *model.TGWRoute
	for i := range def.Routes {
		if def.Routes[i].Dest.String() == "192.168.0.0/16" {
			office = &def.Routes[i]
		}
	}
	if office == nil || office.Attachment.Obj != vpnAttach {
		t.Errorf("route to the VPN attachment: %+v", def.Routes)
	}
	p := byName[*model.TGWAttachment](t, n, model.KindTGWAttachment, "aws_ec2_transit_gateway_peering_attachment.p")
	if p.Available() || p.Association.Set() {
		t.Errorf("an unaccepted peering attachment: %+v", p)
	}
}

func TestMapVPNAndDirectConnect(t *testing.T) {
	n, _ := linked(t, vpcAndSubnets+`
resource "aws_vpn_gateway" "vgw" { amazon_side_asn = 64512 }
resource "aws_vpn_gateway_attachment" "a" {
  vpc_id         = aws_vpc.main.id
  vpn_gateway_id = aws_vpn_gateway.vgw.id
}
resource "aws_customer_gateway" "cgw" {
  bgp_asn    = 65000
  ip_address = "198.51.100.1"
  type       = "ipsec.1"
}
resource "aws_vpn_connection" "vpn" {
  customer_gateway_id = aws_customer_gateway.cgw.id
  vpn_gateway_id      = aws_vpn_gateway.vgw.id
  type                = "ipsec.1"
  static_routes_only  = true
}
resource "aws_vpn_connection_route" "office" {
  destination_cidr_block = "192.168.10.0/24"
  vpn_connection_id      = aws_vpn_connection.vpn.id
}
resource "aws_route_table" "rt" { vpc_id = aws_vpc.main.id }
resource "aws_vpn_gateway_route_propagation" "p" {
  vpn_gateway_id = aws_vpn_gateway.vgw.id
  route_table_id = aws_route_table.rt.id
}
resource "aws_dx_gateway" "dx" {
  name            = "dx"
  amazon_side_asn = 64700
}
resource "aws_dx_gateway_association" "a" {
  dx_gateway_id         = aws_dx_gateway.dx.id
  associated_gateway_id = aws_vpn_gateway.vgw.id
  allowed_prefixes      = ["10.0.0.0/16"]
}
`)
	vgw := byName[*model.VPNGateway](t, n, model.KindVPNGateway, "aws_vpn_gateway.vgw")
	if vgw.VPC.Obj == nil || vgw.VPC.Obj.Base().Name != "aws_vpc.main" {
		t.Errorf("vgw attachment: %+v", vgw.VPC)
	}
	vpn := byName[*model.VPNConnection](t, n, model.KindVPNConnection, "aws_vpn_connection.vpn")
	if vpn.VPNGateway.Obj != vgw || vpn.CustomerGateway.Obj == nil || len(vpn.StaticRoutes) != 1 || vpn.StaticRoutes[0].Prefix.String() != "192.168.10.0/24" {
		t.Errorf("vpn: %+v", vpn)
	}
	cgw := byName[*model.CustomerGateway](t, n, model.KindCustomerGateway, "aws_customer_gateway.cgw")
	if cgw.ASN != 65000 || cgw.IP.String() != "198.51.100.1" {
		t.Errorf("cgw: %+v", cgw)
	}
	if rt := byName[*model.RouteTable](t, n, model.KindRouteTable, "aws_route_table.rt"); len(rt.PropagatingVGWs) != 1 {
		t.Errorf("propagation: %+v", rt.PropagatingVGWs)
	}
	dx := byName[*model.DXGateway](t, n, model.KindDXGateway, "aws_dx_gateway.dx")
	if dx.ASN != 64700 || len(dx.Associations) != 1 || dx.Associations[0].Obj != vgw || len(dx.AllowedPrefixes) != 1 {
		t.Errorf("dx: %+v", dx)
	}
}

func TestMapEndpointsAndPrefixLists(t *testing.T) {
	n, _ := linked(t, vpcAndSubnets+`
resource "aws_route_table" "rt" { vpc_id = aws_vpc.main.id }
resource "aws_vpc_endpoint" "s3" {
  vpc_id          = aws_vpc.main.id
  service_name    = "com.amazonaws.eu-west-1.s3"
  route_table_ids = [aws_route_table.rt.id]
}
resource "aws_vpc_endpoint" "ssm" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.eu-west-1.ssm"
  vpc_endpoint_type = "Interface"
  subnet_ids        = [aws_subnet.private.id]
}
resource "aws_route_table" "other" { vpc_id = aws_vpc.main.id }
resource "aws_vpc_endpoint_route_table_association" "a" {
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  route_table_id  = aws_route_table.other.id
}
resource "aws_ec2_managed_prefix_list" "pl" {
  name           = "partners"
  address_family = "IPv4"
  max_entries    = 10
}
resource "aws_ec2_managed_prefix_list_entry" "e" {
  prefix_list_id = aws_ec2_managed_prefix_list.pl.id
  cidr           = "192.0.2.0/24"
}
resource "aws_route" "to_partners" {
  route_table_id             = aws_route_table.rt.id
  destination_prefix_list_id = aws_ec2_managed_prefix_list.pl.id
  gateway_id                 = "local"
}
`)
	s3 := byName[*model.VPCEndpoint](t, n, model.KindVPCEndpoint, "aws_vpc_endpoint.s3")
	if s3.Type != model.EndpointGateway || len(s3.RouteTables) != 2 {
		t.Errorf("gateway endpoint (the default type): %+v", s3)
	}
	pl := model.Target[*model.PrefixList](s3.PrefixList)
	if pl == nil || !pl.AWSManaged || !pl.Implicit || pl.Name != "com.amazonaws.eu-west-1.s3" {
		t.Errorf("service prefix list: %+v", pl)
	}
	ssm := byName[*model.VPCEndpoint](t, n, model.KindVPCEndpoint, "aws_vpc_endpoint.ssm")
	if len(ssm.Subnets) != 1 || len(ssm.SecurityGroups) != 1 || !model.Target[*model.SecurityGroup](ssm.SecurityGroups[0]).Default {
		t.Errorf("interface endpoint with the default group: %+v", ssm)
	}
	p := byName[*model.PrefixList](t, n, model.KindPrefixList, "aws_ec2_managed_prefix_list.pl")
	if p.MaxEntries != 10 || len(p.Entries) != 1 || p.Entries[0].Prefix.String() != "192.0.2.0/24" {
		t.Errorf("prefix list: %+v", p)
	}
}

func TestMapInterfacesAndAttachments(t *testing.T) {
	n, _ := linked(t, vpcAndSubnets+`
resource "aws_security_group" "a" { vpc_id = aws_vpc.main.id }
resource "aws_security_group" "b" { vpc_id = aws_vpc.main.id }
resource "aws_network_interface" "primary" {
  subnet_id         = aws_subnet.private.id
  private_ip        = "10.0.2.5"
  security_groups   = [aws_security_group.a.id]
  source_dest_check = false
}
resource "aws_network_interface" "second" {
  subnet_id = aws_subnet.public.id
}
resource "aws_instance" "appliance" {
  network_interface {
    network_interface_id = aws_network_interface.primary.id
    device_index         = 0
  }
}
resource "aws_network_interface_attachment" "second" {
  instance_id          = aws_instance.appliance.id
  network_interface_id = aws_network_interface.second.id
  device_index         = 1
}
resource "aws_network_interface_sg_attachment" "b" {
  security_group_id    = aws_security_group.b.id
  network_interface_id = aws_network_interface.second.id
}
`)
	inst := byName[*model.Instance](t, n, model.KindInstance, "aws_instance.appliance")
	if len(inst.Interfaces) != 2 || inst.Primary().Name != "aws_network_interface.primary" || inst.Primary().SourceDestCheck {
		t.Fatalf("instance interfaces: %+v", inst.Interfaces)
	}
	second := byName[*model.NetworkInterface](t, n, model.KindNetworkInterface, "aws_network_interface.second")
	if second.DeviceIndex != 1 || len(second.SecurityGroups) != 1 || second.SecurityGroups[0].Obj.Base().Name != "aws_security_group.b" {
		t.Errorf("second ENI: %+v", second)
	}
	if len(n.Interfaces) != 2 {
		t.Errorf("no primary ENI is added when the instance attaches one: %d", len(n.Interfaces))
	}
}

func TestMapDefaultVPCAndSubnet(t *testing.T) {
	_, n, diags := runMain(t, `
provider "aws" { region = "eu-west-1" }
resource "aws_default_vpc" "d" {}
resource "aws_default_subnet" "a" { availability_zone = "eu-west-1a" }
resource "aws_security_group" "in_default" {}
`)
	n.Link()
	v := byName[*model.VPC](t, n, model.KindVPC, "aws_default_vpc.d")
	if !v.Default || v.CIDRs[0].Prefix.String() != "172.31.0.0/16" {
		t.Errorf("default VPC: %+v", v)
	}
	s := byName[*model.Subnet](t, n, model.KindSubnet, "aws_default_subnet.a")
	if s.VPCOf() != v || !s.MapPublicIPOnLaunch || s.AZ != "eu-west-1a" {
		t.Errorf("default subnet: %+v", s)
	}
	if !hasDiag(diags, hcl.DiagWarning, "aws_default_subnet.a: cidr_block is not known", 0) {
		t.Errorf("the default subnet's block is unknown:\n%s", diagText(diags))
	}
	g := byName[*model.SecurityGroup](t, n, model.KindSecurityGroup, "aws_security_group.in_default")
	if model.Target[*model.VPC](g.VPC) != v {
		t.Errorf("a group without vpc_id is in the default VPC: %+v", g.VPC)
	}
}

func TestMapExternalReferences(t *testing.T) {
	_, n, _ := runMain(t, `
variable "vpc_id" { default = "vpc-0123456789abcdef0" }
resource "aws_subnet" "s" {
  vpc_id     = var.vpc_id
  cidr_block = "10.0.1.0/24"
}
`)
	if diags := n.Link(); diags.HasErrors() {
		t.Fatalf("a VPC outside the configuration is an error:\n%s", diagText(diags))
	}
	s := n.Subnets[0]
	if !s.VPC.External || s.VPC.Key != "vpc-0123456789abcdef0" || s.VPC.Obj != nil {
		t.Errorf("subnet's VPC reference: %+v", s.VPC)
	}
}
