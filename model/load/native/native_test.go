package native_test

import (
	"net/netip"
	"reflect"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/native"
)

// mustLoad loads sources (name, text, name, text, …) through Load, Link and
// Validate and fails the test on any diagnostic.
func mustLoad(t *testing.T, nameAndText ...string) *model.Network {
	t.Helper()
	var srcs []model.Source
	for i := 0; i+1 < len(nameAndText); i += 2 {
		srcs = append(srcs, model.Source{Name: nameAndText[i], Bytes: []byte(nameAndText[i+1])})
	}
	net, diags := loadLinked(srcs)
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s", d.Error())
	}
	if t.Failed() {
		t.FailNow()
	}
	return net
}

// find returns the object of kind k named name.
func find[T model.Object](t *testing.T, net *model.Network, k model.Kind, name string) T {
	t.Helper()
	var found T
	ok := false
	for _, o := range net.OfKind(k) {
		if v, isT := o.(T); isT && o.Base().Name == name {
			found, ok = v, true
		}
	}
	if !ok {
		t.Fatalf("no %s %q", k, name)
	}
	return found
}

// at checks that r starts at line:col of file.
func at(t *testing.T, what string, r hcl.Range, file string, line, col int) {
	t.Helper()
	if r.Filename != file || r.Start.Line != line || r.Start.Column != col {
		t.Errorf("%s at %s:%d:%d, want %s:%d:%d", what, r.Filename, r.Start.Line, r.Start.Column, file, line, col)
	}
}

func prefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func addr(s string) netip.Addr     { return netip.MustParseAddr(s) }

const prodVPC = `
vpc "prod" {
  cidr_block = "10.0.0.0/16"
}
`

func TestVPC(t *testing.T) {
	net := mustLoad(t, "a.net.hcl", `
vpc "prod" {
  cidr_blocks      = ["10.0.0.0/16",
                      "10.1.0.0/16"]
  ipv6_cidr_block  = "2001:db8:1200::/56"
  region           = "eu-west-1"
  account          = "111122223333"
  default          = true
  aws_id           = "vpc-0a1b2c3d4e5f60718"
  tags             = { Team = "net", Env = "prod" }
}
`)
	v := find[*model.VPC](t, net, model.KindVPC, "prod")
	at(t, "vpc", v.Range, "a.net.hcl", 2, 1)
	if len(v.CIDRs) != 2 || v.CIDRs[0].Prefix != prefix("10.0.0.0/16") || v.CIDRs[1].Prefix != prefix("10.1.0.0/16") {
		t.Fatalf("CIDRs = %v", v.CIDRs)
	}
	at(t, "first block", v.CIDRs[0].Range, "a.net.hcl", 3, 23)
	at(t, "second block", v.CIDRs[1].Range, "a.net.hcl", 4, 23)
	if len(v.IPv6CIDRs) != 1 || v.IPv6CIDRs[0].Prefix != prefix("2001:db8:1200::/56") {
		t.Errorf("IPv6CIDRs = %v", v.IPv6CIDRs)
	}
	at(t, "ipv6 block", v.IPv6CIDRs[0].Range, "a.net.hcl", 5, 3)
	if v.Region != "eu-west-1" || v.Account != "111122223333" || !v.Default || v.AWSID != "vpc-0a1b2c3d4e5f60718" {
		t.Errorf("vpc = %+v", v.Meta)
	}
	if !reflect.DeepEqual(v.Tags, map[string]string{"Team": "net", "Env": "prod"}) {
		t.Errorf("tags = %v", v.Tags)
	}
	if _, ok := net.Files["a.net.hcl"]; !ok {
		t.Error("the file is not in net.Files (diagnostic snippets need it)")
	}
}

func TestSubnet(t *testing.T) {
	net := mustLoad(t, "vpc.net.hcl", prodVPC, "subnet.net.hcl", `
subnet "app-a" {
  vpc                 = vpc.prod
  cidr_block          = "10.0.1.0/24"
  ipv6_cidr_block     = "2001:db8:1200:1::/64"
  az                  = "eu-west-1a"
  public_ip_on_launch = true
}
`)
	s := find[*model.Subnet](t, net, model.KindSubnet, "app-a")
	at(t, "subnet", s.Range, "subnet.net.hcl", 2, 1)
	if s.VPC.Kind != model.KindVPC || s.VPC.Key != "prod" || s.VPCOf() == nil {
		t.Errorf("VPC ref = %+v", s.VPC)
	}
	at(t, "vpc reference", s.VPC.Range, "subnet.net.hcl", 3, 25)
	if s.CIDR.Prefix != prefix("10.0.1.0/24") || s.IPv6CIDR.Prefix != prefix("2001:db8:1200:1::/64") {
		t.Errorf("blocks = %v %v", s.CIDR, s.IPv6CIDR)
	}
	at(t, "cidr_block", s.CIDR.Range, "subnet.net.hcl", 4, 3)
	if s.AZ != "eu-west-1a" || !s.MapPublicIPOnLaunch {
		t.Errorf("subnet = %+v", s)
	}
}

func TestReferenceForms(t *testing.T) {
	net := mustLoad(t, "a.net.hcl", prodVPC+`
subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
  aws_id     = "subnet-0123456789abcdef0"
}
subnet "10-0-2" {
  vpc        = "prod"
  cidr_block = "10.0.2.0/24"
}
network_acl "app" {
  vpc     = vpc["prod"]
  subnets = [subnet["10-0-2"],
             "subnet-0123456789abcdef0"]
}
`)
	a := find[*model.NetworkACL](t, net, model.KindNetworkACL, "app")
	if a.VPC.Key != "prod" || a.VPC.Obj == nil {
		t.Errorf("index-form reference = %+v", a.VPC)
	}
	if len(a.Subnets) != 2 {
		t.Fatalf("subnets = %+v", a.Subnets)
	}
	if a.Subnets[0].Key != "10-0-2" || a.Subnets[0].Obj == nil || a.Subnets[1].Obj == nil || a.Subnets[1].Obj.Base().Name != "a" {
		t.Errorf("subnets = %+v", a.Subnets)
	}
	at(t, "first subnet", a.Subnets[0].Range, "a.net.hcl", 17, 14)
	at(t, "second subnet", a.Subnets[1].Range, "a.net.hcl", 18, 14)
	s := find[*model.Subnet](t, net, model.KindSubnet, "10-0-2")
	if s.VPC.Kind != model.KindVPC || s.VPCOf() == nil {
		t.Errorf("string reference = %+v", s.VPC)
	}
}

func TestRouteTable(t *testing.T) {
	net := mustLoad(t, "rt.net.hcl", prodVPC+`
subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
internet_gateway "igw" {
  vpc = vpc.prod
}
vpn_gateway "vgw" {
  vpc = vpc.prod
}
prefix_list "s3" {
  aws_managed = true
}
nat_gateway "nat" {
  subnet = subnet.a
}
route_table "app" {
  vpc                      = vpc.prod
  main                     = true
  subnets                  = [subnet.a]
  gateways                 = [internet_gateway.igw, "vgw-0123456789abcdef0"]
  propagating_vpn_gateways = [vpn_gateway.vgw]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.nat
  }
  route {
    destination_prefix_list = prefix_list.s3
    target                  = internet_gateway.igw
  }
  route {
    destination = "10.9.0.0/16"
    target      = "blackhole"
  }
  route {
    destination = "10.0.0.0/16"
    target      = local
  }
}
vpn_gateway "other" {
  aws_id = "vgw-0123456789abcdef0"
}
`)
	rt := find[*model.RouteTable](t, net, model.KindRouteTable, "app")
	at(t, "route table", rt.Range, "rt.net.hcl", 22, 1)
	if !rt.Main || len(rt.Subnets) != 1 || len(rt.PropagatingVGWs) != 1 {
		t.Errorf("route table = %+v", rt)
	}
	if len(rt.Gateways) != 2 || rt.Gateways[0].Kind != model.KindInternetGateway || rt.Gateways[1].Kind != model.KindVPNGateway || rt.Gateways[1].Obj == nil {
		t.Errorf("gateways = %+v", rt.Gateways)
	}
	byLine := map[int]model.Route{}
	for _, r := range rt.Routes {
		byLine[r.Range.Start.Line] = r
	}
	if r := byLine[28]; r.Dest != prefix("0.0.0.0/0") || r.Target != model.TargetNATGateway || r.TargetRef.Key != "nat" || r.Origin != model.OriginStatic {
		t.Errorf("NAT route = %+v", r)
	}
	if r := byLine[32]; r.DestPrefixList.Key != "s3" || r.Target != model.TargetInternetGateway || r.Origin != model.OriginPrefixList {
		t.Errorf("prefix-list route = %+v", r)
	}
	if r := byLine[36]; r.Target != model.TargetBlackhole || r.TargetRef.Set() {
		t.Errorf("blackhole route = %+v", r)
	}
	if r := byLine[40]; r.Target != model.TargetLocal {
		t.Errorf("local route = %+v", r)
	}
}

func TestRouteTargetKinds(t *testing.T) {
	for _, tc := range []struct {
		ref  string
		want model.TargetKind
	}{
		{"internet_gateway.x", model.TargetInternetGateway},
		{"egress_only_internet_gateway.x", model.TargetEgressOnlyIGW},
		{"nat_gateway.x", model.TargetNATGateway},
		{"peering_connection.x", model.TargetPeering},
		{"transit_gateway.x", model.TargetTransitGateway},
		{"vpn_gateway.x", model.TargetVPNGateway},
		{"vpc_endpoint.x", model.TargetVPCEndpoint},
		{"network_interface.x", model.TargetNetworkInterface},
		{"instance.x", model.TargetInstance},
		{`"igw-0123456789abcdef0"`, model.TargetInternetGateway},
		{`"eni-01234567"`, model.TargetNetworkInterface},
		{`"blackhole"`, model.TargetBlackhole},
	} {
		net, diags := native.Load([]model.Source{{Name: "t.net.hcl", Bytes: []byte(`
route_table "t" {
  vpc = vpc.v
  route {
    destination = "0.0.0.0/0"
    target      = ` + tc.ref + `
  }
}`)}})
		if diags.HasErrors() {
			t.Errorf("%s: %s", tc.ref, diags.Error())
			continue
		}
		if got := net.RouteTables[0].Routes[0].Target; got != tc.want {
			t.Errorf("target %s: kind %s, want %s", tc.ref, got, tc.want)
		}
	}
}

func TestSecurityGroup(t *testing.T) {
	net := mustLoad(t, "sg.net.hcl", prodVPC+`
prefix_list "office" {
  entries = ["192.168.0.0/16"]
}
security_group "web" {
  vpc     = vpc.prod
  default = true
  ingress {
    protocol        = "tcp"
    ports           = 443
    cidr_blocks     = ["0.0.0.0/0", "::/0"]
    security_groups = [security_group.lb]
    prefix_lists    = [prefix_list.office]
    self            = true
    description     = "https"
  }
  ingress {
    protocol    = "icmp"
    icmp_type   = 8
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    protocol    = 50
    cidr_blocks = ["10.0.0.0/8"]
  }
}
security_group "lb" {
  vpc = vpc.prod
  egress {
    protocol    = "udp"
    ports       = "1024-65535"
    cidr_blocks = ["10.0.0.0/16"]
  }
}
`)
	g := find[*model.SecurityGroup](t, net, model.KindSecurityGroup, "web")
	if !g.Default {
		t.Error("default not set")
	}
	if len(g.Rules) != 7 {
		t.Fatalf("%d rules, want 5 from the first block (one per peer) and 2 more: %+v", len(g.Rules), g.Rules)
	}
	for _, r := range g.Rules[:5] {
		if r.Direction != model.Ingress || r.Protocol != model.ProtoTCP || r.Ports != (model.PortRange{From: 443, To: 443}) || r.Description != "https" {
			t.Errorf("rule = %+v", r)
		}
		at(t, "split rule", r.Range, "sg.net.hcl", 12, 3)
	}
	peers := []model.PeerKind{model.PeerCIDR, model.PeerCIDR, model.PeerSecurityGroup, model.PeerPrefixList, model.PeerSecurityGroup}
	for i, k := range peers {
		if g.Rules[i].PeerKind != k {
			t.Errorf("rule %d peer kind %v, want %v", i, g.Rules[i].PeerKind, k)
		}
	}
	if g.Rules[1].CIDR != prefix("::/0") || g.Rules[2].Peer.Obj == nil || g.Rules[3].Peer.Obj == nil || g.Rules[4].Peer.Obj != model.Object(g) {
		t.Errorf("peers = %+v", g.Rules[:5])
	}
	if r := g.Rules[5]; r.Protocol != model.ProtoICMP || r.ICMP != (model.ICMPMatch{Type: 8, Code: -1}) || !r.Ports.IsAll() {
		t.Errorf("icmp rule = %+v", r)
	}
	if r := g.Rules[6]; r.Protocol != 50 || !r.Ports.IsAll() || r.ICMP != model.AnyICMP {
		t.Errorf("esp rule = %+v", r)
	}
	lb := find[*model.SecurityGroup](t, net, model.KindSecurityGroup, "lb")
	if len(lb.Rules) != 1 || lb.Rules[0].Direction != model.Egress || lb.Rules[0].Ports != (model.PortRange{From: 1024, To: 65535}) {
		t.Errorf("lb rules = %+v", lb.Rules)
	}
	for _, r := range g.Rules {
		if r.Direction == model.Egress {
			t.Errorf("a group with no egress block has egress rule %+v; nothing is implied", r)
		}
	}
}

func TestNetworkACL(t *testing.T) {
	net := mustLoad(t, "acl.net.hcl", prodVPC+`
subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
network_acl "app" {
  vpc     = vpc.prod
  subnets = [subnet.a]
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "0.0.0.0/0"
  }
  egress {
    rule       = 200
    action     = "DENY"
    protocol   = "icmpv6"
    icmp_type  = 128
    icmp_code  = 0
    cidr_block = "::/0"
  }
}
network_acl "none" {
  vpc     = vpc.prod
  default = true
}
`)
	a := find[*model.NetworkACL](t, net, model.KindNetworkACL, "app")
	if len(a.Rules) != 2 {
		t.Fatalf("rules = %+v", a.Rules)
	}
	in, out := a.Rules[0], a.Rules[1]
	want := model.NACLRule{Number: 100, Direction: model.Ingress, Action: model.Allow, Protocol: model.ProtoTCP,
		Ports: model.PortRange{From: 1024, To: 65535}, ICMP: model.AnyICMP, CIDR: prefix("0.0.0.0/0"), Range: in.Range}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("ingress rule = %+v, want %+v", in, want)
	}
	at(t, "ingress rule", in.Range, "acl.net.hcl", 13, 3)
	if out.Number != 200 || out.Direction != model.Egress || out.Action != model.Deny || out.Protocol != model.ProtoICMPv6 ||
		out.ICMP != (model.ICMPMatch{Type: 128, Code: 0}) || out.CIDR != prefix("::/0") {
		t.Errorf("egress rule = %+v", out)
	}
	if d := find[*model.NetworkACL](t, net, model.KindNetworkACL, "none"); !d.Default || len(d.Rules) != 0 {
		t.Errorf("default ACL = %+v", d)
	}
}

func TestGateways(t *testing.T) {
	net := mustLoad(t, "gw.net.hcl", prodVPC+`
vpc "shared" {
  cidr_block = "10.1.0.0/16"
}
subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
internet_gateway "igw" {
  vpc = vpc.prod
}
internet_gateway "spare" {}
egress_only_internet_gateway "v6" {
  vpc = vpc.prod
}
elastic_ip "nat" {
  public_ip = "203.0.113.20"
}
nat_gateway "pub" {
  subnet     = subnet.a
  elastic_ip = elastic_ip.nat
  private_ip = "10.0.1.5"
  public_ip  = "203.0.113.20"
}
nat_gateway "priv" {
  subnet       = subnet.a
  connectivity = "private"
}
instance "web" {
  subnet = subnet.a
}
elastic_ip "web" {
  instance   = instance.web
  private_ip = "10.0.1.10"
}
peering_connection "p" {
  requester        = vpc.prod
  accepter         = vpc.shared
  accepter_region  = "us-east-1"
  accepter_account = "444455556666"
}
peering_connection "q" {
  requester = vpc.shared
  accepter  = vpc.prod
  status    = "pending-acceptance"
}
`)
	if g := find[*model.InternetGateway](t, net, model.KindInternetGateway, "spare"); g.VPC.Set() {
		t.Errorf("detached gateway has a vpc: %+v", g.VPC)
	}
	if g := find[*model.EgressOnlyIGW](t, net, model.KindEgressOnlyIGW, "v6"); g.VPC.Obj == nil {
		t.Error("egress-only gateway vpc unresolved")
	}
	pub := find[*model.NATGateway](t, net, model.KindNATGateway, "pub")
	if pub.Private || pub.PrivateIP != addr("10.0.1.5") || pub.PublicIP != addr("203.0.113.20") || pub.EIP.Obj == nil || pub.SubnetOf() == nil {
		t.Errorf("public NAT = %+v", pub)
	}
	if priv := find[*model.NATGateway](t, net, model.KindNATGateway, "priv"); !priv.Private {
		t.Errorf("private NAT = %+v", priv)
	}
	if e := find[*model.ElasticIP](t, net, model.KindElasticIP, "web"); e.Instance.Obj == nil || e.PrivateIP != addr("10.0.1.10") || e.PublicIP.IsValid() {
		t.Errorf("eip = %+v", e)
	}
	p := find[*model.Peering](t, net, model.KindPeering, "p")
	if p.State != model.PeeringActive || p.AccepterRegion != "us-east-1" || p.AccepterAccount != "444455556666" || p.Requester.Obj == nil || p.Accepter.Obj == nil {
		t.Errorf("peering = %+v", p)
	}
	if q := find[*model.Peering](t, net, model.KindPeering, "q"); q.State != model.PeeringPending {
		t.Errorf("peering status = %q", q.State)
	}
}

func TestTransit(t *testing.T) {
	net := mustLoad(t, "tgw.net.hcl", prodVPC+`
subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
transit_gateway "core" {
  asn                             = 64512
  region                          = "eu-west-1"
  association_default_route_table = transit_gateway_route_table.main
  propagation_default_route_table = transit_gateway_route_table.main
}
transit_gateway "far" {}
transit_gateway_route_table "main" {
  transit_gateway = transit_gateway.core
  route {
    destination = "10.0.0.0/16"
    attachment  = transit_gateway_attachment.prod
  }
  route {
    destination = "10.99.0.0/16"
    blackhole   = true
  }
}
transit_gateway_attachment "prod" {
  transit_gateway = transit_gateway.core
  vpc             = vpc.prod
  subnets         = [subnet.a]
  association     = transit_gateway_route_table.main
  propagations    = [transit_gateway_route_table.main]
  appliance_mode  = true
}
transit_gateway_attachment "peer" {
  transit_gateway      = transit_gateway.core
  peer_transit_gateway = transit_gateway.far
  state                = "pendingAcceptance"
}
`)
	g := find[*model.TransitGateway](t, net, model.KindTransitGateway, "core")
	if g.ASN != 64512 || g.Region != "eu-west-1" || g.DefaultAssociation.Obj == nil || g.DefaultPropagation.Obj == nil {
		t.Errorf("tgw = %+v", g)
	}
	rt := find[*model.TGWRouteTable](t, net, model.KindTGWRouteTable, "main")
	var static []model.TGWRoute
	for _, r := range rt.Routes {
		if r.Origin == model.OriginStatic {
			static = append(static, r)
		}
	}
	if len(static) != 2 || static[0].Attachment.Obj == nil || static[0].Dest != prefix("10.0.0.0/16") || !static[1].Blackhole {
		t.Errorf("static routes = %+v", static)
	}
	at(t, "tgw route", static[1].Range, "tgw.net.hcl", 23, 3)
	a := find[*model.TGWAttachment](t, net, model.KindTGWAttachment, "prod")
	if a.Type != model.AttachVPC || a.VPC.Obj == nil || len(a.Subnets) != 1 || !a.ApplianceMode || a.Association.Obj == nil || len(a.Propagations) != 1 || !a.Available() {
		t.Errorf("vpc attachment = %+v", a)
	}
	p := find[*model.TGWAttachment](t, net, model.KindTGWAttachment, "peer")
	if p.Type != model.AttachPeering || p.PeerTransitGateway.Obj == nil || p.Available() {
		t.Errorf("peering attachment = %+v", p)
	}
}

func TestHybrid(t *testing.T) {
	net := mustLoad(t, "h.net.hcl", prodVPC+`
vpn_gateway "vgw" {
  vpc = vpc.prod
  asn = 64513
}
customer_gateway "dc" {
  ip_address = "198.51.100.20"
  asn        = 65020
}
vpn_connection "dc" {
  customer_gateway = customer_gateway.dc
  vpn_gateway      = vpn_gateway.vgw
  static_routes    = ["172.16.0.0/12"]
  tunnels          = 1
}
vpn_connection "bgp" {
  customer_gateway = customer_gateway.dc
  vpn_gateway      = vpn_gateway.vgw
}
dx_gateway "dx" {
  asn              = 64514
  associations     = [vpn_gateway.vgw]
  allowed_prefixes = ["10.0.0.0/16"]
}
on_prem "dc" {
  cidr_blocks        = ["172.16.0.0/12"]
  advertises         = ["0.0.0.0/0"]
  connections        = [vpn_connection.dc, dx_gateway.dx]
  routes_to_internet = true
}
`)
	if g := find[*model.VPNGateway](t, net, model.KindVPNGateway, "vgw"); g.ASN != 64513 || g.VPC.Obj == nil {
		t.Errorf("vgw = %+v", g)
	}
	if c := find[*model.CustomerGateway](t, net, model.KindCustomerGateway, "dc"); c.IP != addr("198.51.100.20") || c.ASN != 65020 {
		t.Errorf("cgw = %+v", c)
	}
	c := find[*model.VPNConnection](t, net, model.KindVPNConnection, "dc")
	if !c.StaticRoutesOnly || len(c.StaticRoutes) != 1 || c.Tunnels != 1 || c.CustomerGateway.Obj == nil || c.VPNGateway.Obj == nil {
		t.Errorf("static vpn = %+v", c)
	}
	if b := find[*model.VPNConnection](t, net, model.KindVPNConnection, "bgp"); b.StaticRoutesOnly {
		t.Error("a vpn without static_routes is BGP")
	}
	if dx := find[*model.DXGateway](t, net, model.KindDXGateway, "dx"); dx.ASN != 64514 || len(dx.Associations) != 1 || len(dx.AllowedPrefixes) != 1 {
		t.Errorf("dx = %+v", dx)
	}
	o := find[*model.OnPrem](t, net, model.KindOnPrem, "dc")
	if len(o.CIDRs) != 1 || len(o.Advertises) != 1 || len(o.Connections) != 2 || !o.RoutesToInternet ||
		o.Connections[0].Kind != model.KindVPNConnection || o.Connections[1].Kind != model.KindDXGateway {
		t.Errorf("on_prem = %+v", o)
	}
}

func TestEndpointsAndPrefixLists(t *testing.T) {
	net := mustLoad(t, "e.net.hcl", prodVPC+`
subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
route_table "app" {
  vpc = vpc.prod
}
security_group "ep" {
  vpc = vpc.prod
}
prefix_list "s3" {
  aws_managed = true
  entries     = ["52.218.0.0/17"]
}
prefix_list "v6" {
  entries     = ["2001:db8::/32"]
  max_entries = 5
}
vpc_endpoint "s3" {
  vpc          = vpc.prod
  service      = "com.amazonaws.eu-west-1.s3"
  route_tables = [route_table.app]
  prefix_list  = prefix_list.s3
}
vpc_endpoint "sqs" {
  vpc             = vpc.prod
  type            = "interface"
  service         = "com.amazonaws.eu-west-1.sqs"
  subnets         = [subnet.a]
  security_groups = [security_group.ep]
  private_ips     = ["10.0.1.50"]
}
`)
	s3 := find[*model.VPCEndpoint](t, net, model.KindVPCEndpoint, "s3")
	if s3.Type != model.EndpointGateway || len(s3.RouteTables) != 1 || s3.PrefixList.Obj == nil || s3.Service != "com.amazonaws.eu-west-1.s3" {
		t.Errorf("gateway endpoint = %+v", s3)
	}
	sqs := find[*model.VPCEndpoint](t, net, model.KindVPCEndpoint, "sqs")
	if sqs.Type != model.EndpointInterface || len(sqs.Interfaces) != 1 {
		t.Fatalf("interface endpoint = %+v", sqs)
	}
	eni := find[*model.NetworkInterface](t, net, model.KindNetworkInterface, "sqs/a")
	if eni.PrimaryIP() != addr("10.0.1.50") || eni.Type != model.ENIEndpoint || eni.Owner.Obj != model.Object(sqs) || len(eni.SecurityGroups) != 1 || eni.SubnetOf() == nil {
		t.Errorf("endpoint interface = %+v", eni)
	}
	if p := find[*model.PrefixList](t, net, model.KindPrefixList, "s3"); !p.AWSManaged || p.Family != "IPv4" || len(p.Entries) != 1 {
		t.Errorf("prefix list = %+v", p)
	}
	if p := find[*model.PrefixList](t, net, model.KindPrefixList, "v6"); p.Family != "IPv6" || p.MaxEntries != 5 {
		t.Errorf("prefix list = %+v", p)
	}
}

func TestInstance(t *testing.T) {
	// The subnets are in another file than the instances: the default public
	// IP is decided once every file is read.
	net := mustLoad(t, "i.net.hcl", `
instance "web-1" {
  subnet            = subnet.public
  private_ip        = "10.0.1.10"
  secondary_ips     = ["10.0.1.11"]
  ipv6_addresses    = ["2001:db8:1200:1::10"]
  security_groups   = [security_group.web]
  source_dest_check = false
  platform          = "windows"
  state             = "running"
}
instance "quiet" {
  subnet    = subnet.public
  public_ip = "none"
}
instance "fixed" {
  subnet    = subnet.private
  public_ip = "203.0.113.7"
}
instance "inner" {
  subnet = subnet.private
}
`, "s.net.hcl", prodVPC+`
subnet "public" {
  vpc                 = vpc.prod
  cidr_block          = "10.0.1.0/24"
  public_ip_on_launch = true
}
subnet "private" {
  vpc        = vpc.prod
  cidr_block = "10.0.2.0/24"
}
security_group "web" {
  vpc = vpc.prod
}
`)
	inst := find[*model.Instance](t, net, model.KindInstance, "web-1")
	if inst.Platform != "windows" || inst.State != "running" {
		t.Errorf("instance = %+v", inst)
	}
	eni := inst.Primary()
	if eni == nil || eni.Name != "web-1"+native.PrimaryInterfaceSuffix {
		t.Fatalf("primary interface = %+v", inst.Interfaces)
	}
	at(t, "primary interface", eni.Range, "i.net.hcl", 2, 1)
	if !reflect.DeepEqual(eni.PrivateIPs, []netip.Addr{addr("10.0.1.10"), addr("10.0.1.11")}) ||
		!reflect.DeepEqual(eni.IPv6s, []netip.Addr{addr("2001:db8:1200:1::10")}) ||
		eni.SourceDestCheck || eni.DeviceIndex != 0 || eni.Type != model.ENIInstance || len(eni.SecurityGroups) != 1 ||
		eni.SubnetOf() == nil || eni.Instance.Obj != model.Object(inst) {
		t.Errorf("primary interface = %+v", eni)
	}
	for name, want := range map[string]model.PublicIPMode{
		"web-1": model.PublicIPUnknown, // the subnet maps public IPs on launch
		"quiet": model.PublicIPNone,
		"fixed": model.PublicIPKnown,
		"inner": model.PublicIPNone,
	} {
		if got := find[*model.Instance](t, net, model.KindInstance, name).Primary().PublicIPMode; got != want {
			t.Errorf("%s public IP mode %v, want %v", name, got, want)
		}
	}
	if e := find[*model.Instance](t, net, model.KindInstance, "fixed").Primary(); e.PublicIP != addr("203.0.113.7") || len(e.PrivateIPs) != 0 || !e.SourceDestCheck {
		t.Errorf("fixed = %+v", e)
	}
}

func TestNetworkInterface(t *testing.T) {
	net := mustLoad(t, "n.net.hcl", prodVPC+`
subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}
security_group "fw" {
  vpc = vpc.prod
}
network_interface "fw-c" {
  subnet       = subnet.a
  instance     = instance.fw
  device_index = 2
}
network_interface "fw-b" {
  subnet            = subnet.a
  private_ips       = ["10.0.1.20", "10.0.1.21"]
  public_ip         = "auto"
  security_groups   = [security_group.fw]
  source_dest_check = false
  instance          = instance.fw
  device_index      = 1
}
instance "fw" {
  subnet = subnet.a
}
network_interface "loose" {
  subnet = subnet.a
}
nat_gateway "nat" {
  subnet            = subnet.a
  network_interface = network_interface.nat
}
network_interface "nat" {
  subnet = subnet.a
  owner  = nat_gateway.nat
}
`)
	fw := find[*model.Instance](t, net, model.KindInstance, "fw")
	var names []string
	for _, r := range fw.Interfaces {
		names = append(names, r.Obj.Base().Name)
	}
	if want := []string{"fw/eth0", "fw-b", "fw-c"}; !reflect.DeepEqual(names, want) {
		t.Errorf("instance interfaces = %v, want %v (by device index)", names, want)
	}
	b := find[*model.NetworkInterface](t, net, model.KindNetworkInterface, "fw-b")
	if b.DeviceIndex != 1 || len(b.PrivateIPs) != 2 || b.PublicIPMode != model.PublicIPUnknown || b.SourceDestCheck || len(b.SecurityGroups) != 1 {
		t.Errorf("fw-b = %+v", b)
	}
	if l := find[*model.NetworkInterface](t, net, model.KindNetworkInterface, "loose"); l.Instance.Set() || l.PublicIPMode != model.PublicIPNone || !l.SourceDestCheck || l.Type != model.ENIInstance {
		t.Errorf("loose = %+v", l)
	}
	if n := find[*model.NetworkInterface](t, net, model.KindNetworkInterface, "nat"); n.Type != model.ENINATGateway || n.Owner.Obj == nil {
		t.Errorf("nat interface = %+v", n)
	}
}

// TestDeterministic: the same input gives the same diagnostics in the same
// order (gohcl visits attributes in map order; Load sorts).
func TestDeterministic(t *testing.T) {
	src := []model.Source{{Name: "x.net.hcl", Bytes: []byte(`
vpc "a" {
  cidr_block = "10.0.0.1/16"
  region     = ["x"]
  account    = {}
  default    = "maybe"
  tags       = 3
}
subnet "b" {
  vpc = vcp.a
  cidr_block = "10.0.1.0/33"
  az = []
}
`)}}
	_, first := native.Load(src)
	if len(first) < 7 {
		t.Fatalf("want at least 7 diagnostics, got %d: %s", len(first), first.Error())
	}
	for i := 0; i < 20; i++ {
		_, again := native.Load(src)
		if again.Error() != first.Error() {
			t.Fatalf("diagnostics differ between runs:\n%s\n%s", first.Error(), again.Error())
		}
	}
}

func TestExternalReferences(t *testing.T) {
	net := mustLoad(t, "x.net.hcl", prodVPC+`
peering_connection "partner" {
  requester         = vpc.prod
  accepter          = "vpc-0123456789abcdef0"
  accepter_account  = "444455556666"
}
security_group "web" {
  vpc = vpc.prod
  ingress {
    protocol        = "tcp"
    ports           = 443
    security_groups = ["sg-0123456789abcdef0"]
  }
}
`)
	p := find[*model.Peering](t, net, model.KindPeering, "partner")
	if !p.Accepter.External || p.Accepter.Obj != nil || p.Requester.External {
		t.Errorf("peering sides = %+v / %+v", p.Requester, p.Accepter)
	}
	g := find[*model.SecurityGroup](t, net, model.KindSecurityGroup, "web")
	if len(g.Rules) != 1 || !g.Rules[0].Peer.External {
		t.Errorf("rules = %+v", g.Rules)
	}
	// A name is not external: it must resolve.
	_, diags := loadLinked([]model.Source{{Name: "y.net.hcl", Bytes: []byte(prodVPC + `
peering_connection "partner" {
  requester = vpc.prod
  accepter  = "partner-vpc"
}
`)}})
	if !diags.HasErrors() {
		t.Error("an unknown VPC name was accepted as external")
	}
}
