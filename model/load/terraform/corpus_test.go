package terraform_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// corpusDir finds ../shared/corpus relative to the repository root, or
// skips the test: a fresh clone elsewhere does not have it.
func corpusDir(tb testing.TB, sub string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("repository root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "corpus", sub)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("corpus %s is absent; skipping", p)
	}
	return p
}

func errorsOf(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			b.WriteString(d.Error() + "\n")
		}
	}
	return b.String()
}

// inventory is what the community module creates for an example, worked out
// by hand from the module's main.tf and variables.tf and the example's
// main.tf (see the comments per example).
type inventory struct {
	counts map[model.Kind]int
	// subnets: CIDR (or IPv6 index) per subnet address.
	subnets map[string]string
	// routes: non-local routes of a route table, "dest->target".
	routes map[string]string
	// subnetTables: the route table a subnet uses.
	subnetTables map[string]string
	// natSubnets: the subnet of each NAT gateway.
	natSubnets map[string]string
	// naclRules: number of rules of a network ACL.
	naclRules map[string]int
	// vpcBlocks: IPv4 blocks of the VPC.
	vpcBlocks []string
	// wantErrors: the input errors expected, by summary.
	wantErrors []string
}

func counts(vpc, subnet, routeTable, nacl, sg, igw, eigw, nat, eip, vgw, cgw, endpoint int) map[model.Kind]int {
	return map[model.Kind]int{
		model.KindVPC: vpc, model.KindSubnet: subnet, model.KindRouteTable: routeTable, model.KindNetworkACL: nacl,
		model.KindSecurityGroup: sg, model.KindInternetGateway: igw, model.KindEgressOnlyIGW: eigw,
		model.KindNATGateway: nat, model.KindElasticIP: eip, model.KindVPNGateway: vgw,
		model.KindCustomerGateway: cgw, model.KindVPCEndpoint: endpoint,
		model.KindVPNConnection: 0, model.KindTransitGateway: 0, model.KindPeering: 0, model.KindInstance: 0,
	}
}

const m = "module.vpc."

var communityExamples = map[string]inventory{
	// 3 private /20 subnets; one private route table per subnet
	// (nat_gateway_count = max_subnet_length = 3) plus the adopted default
	// route table, NACL and security group (manage_default_* default true).
	"simple": {
		counts:  counts(1, 3, 4, 1, 1, 0, 0, 0, 0, 0, 0, 0),
		subnets: map[string]string{m + "aws_subnet.private[0]": "10.0.0.0/20", m + "aws_subnet.private[2]": "10.0.32.0/20"},
		routes:  map[string]string{m + "aws_route_table.private[1]": "", m + "aws_default_route_table.default[0]": ""},
		subnetTables: map[string]string{
			m + "aws_subnet.private[1]": m + "aws_route_table.private[1]",
		},
		naclRules: map[string]int{m + "aws_default_network_acl.this[0]": 4},
		vpcBlocks: []string{"10.0.0.0/16"},
	},
	// Same shape as simple; block public access options are not network objects.
	"block-public-access": {
		counts: counts(1, 3, 4, 1, 1, 0, 0, 0, 0, 0, 0, 0),
	},
	// 6 kinds x 3 subnets; single NAT gateway: one public and one private
	// table, one intra table; database/redshift/elasticache use the private
	// table (no dedicated tables); manage_default_* = false; VPN gateway; 3
	// customer gateways; 6 endpoints (ecs_telemetry has create = false);
	// security groups: aws_security_group.rds and the endpoints module's.
	"complete": {
		counts: counts(1, 18, 3, 0, 2, 1, 0, 1, 1, 1, 3, 6),
		subnets: map[string]string{
			m + "aws_subnet.public[0]": "10.0.4.0/24", m + "aws_subnet.database[2]": "10.0.10.0/24",
			m + "aws_subnet.intra[1]": "10.0.21.0/24", m + "aws_subnet.redshift[0]": "10.0.16.0/24",
		},
		routes: map[string]string{
			m + "aws_route_table.public[0]":  "0.0.0.0/0->internet_gateway",
			m + "aws_route_table.private[0]": "0.0.0.0/0->nat_gateway",
			m + "aws_route_table.intra[0]":   "",
		},
		subnetTables: map[string]string{
			m + "aws_subnet.database[2]":    m + "aws_route_table.private[0]",
			m + "aws_subnet.elasticache[0]": m + "aws_route_table.private[0]",
			m + "aws_subnet.public[2]":      m + "aws_route_table.public[0]",
			m + "aws_subnet.intra[2]":       m + "aws_route_table.intra[0]",
		},
		natSubnets: map[string]string{m + "aws_nat_gateway.this[0]": m + "aws_subnet.public[0]"},
	},
	// Dedicated ACLs for public (6 inbound + 7 outbound rules) and
	// elasticache (1 default inbound + 5 outbound) subnets, plus the default
	// ACL; IPv6 on: egress-only gateway and ::/0 routes; no NAT gateway.
	"network-acls": {
		counts: counts(1, 9, 3, 3, 1, 1, 1, 0, 0, 0, 0, 0),
		routes: map[string]string{
			m + "aws_route_table.public[0]":  "0.0.0.0/0->internet_gateway ::/0->internet_gateway",
			m + "aws_route_table.private[0]": "::/0->egress_only_internet_gateway",
		},
		subnetTables: map[string]string{m + "aws_subnet.elasticache[1]": m + "aws_route_table.private[0]"},
		naclRules: map[string]int{
			m + "aws_network_acl.public[0]": 13, m + "aws_network_acl.elasticache[0]": 6, m + "aws_default_network_acl.this[0]": 4,
		},
	},
	// NAT gateway per private subnet (3), a database table with an internet
	// route, IPv6 /64s from the placeholder /56, DNS64 routes.
	"ipv6-dualstack": {
		counts: counts(1, 9, 6, 1, 1, 1, 1, 3, 3, 0, 0, 0),
		subnets: map[string]string{
			m + "aws_subnet.public[0]": "ipv6:0", m + "aws_subnet.private[1]": "ipv6:4", m + "aws_subnet.database[2]": "ipv6:8",
		},
		routes: map[string]string{
			m + "aws_route_table.private[2]":  "0.0.0.0/0->nat_gateway ::/0->egress_only_internet_gateway 64:ff9b::/96->nat_gateway",
			m + "aws_route_table.database[0]": "0.0.0.0/0->internet_gateway ::/0->egress_only_internet_gateway",
		},
		natSubnets: map[string]string{
			m + "aws_nat_gateway.this[0]": m + "aws_subnet.public[0]", m + "aws_nat_gateway.this[2]": m + "aws_subnet.public[2]",
		},
	},
	// Two secondary blocks; 9 private subnets over the three blocks, each
	// with its own table (nat_gateway_count = 9), 3 public subnets.
	"secondary-cidr-blocks": {
		counts: counts(1, 12, 11, 1, 1, 1, 0, 0, 0, 0, 0, 0),
		subnets: map[string]string{
			m + "aws_subnet.private[3]": "10.1.0.0/18", m + "aws_subnet.private[8]": "10.2.128.0/18", m + "aws_subnet.public[0]": "10.0.48.0/24",
		},
		vpcBlocks: []string{"10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"},
	},
	// Dedicated database, redshift and elasticache tables (one each: single
	// NAT gateway) with no default route of their own.
	"separate-route-tables": {
		counts: counts(1, 18, 7, 1, 1, 1, 0, 1, 1, 0, 0, 0),
		routes: map[string]string{
			m + "aws_route_table.database[0]": "", m + "aws_route_table.private[0]": "0.0.0.0/0->nat_gateway",
		},
		subnetTables: map[string]string{
			m + "aws_subnet.redshift[2]": m + "aws_route_table.redshift[0]", m + "aws_subnet.elasticache[0]": m + "aws_route_table.elasticache[0]",
		},
	},
	// IPv6-native public and private subnets (no IPv4 block), three private
	// tables, egress-only gateway.
	"ipv6-only": {
		counts:  counts(1, 6, 5, 1, 1, 1, 1, 0, 0, 0, 0, 0),
		subnets: map[string]string{m + "aws_subnet.public[2]": "ipv6:2", m + "aws_subnet.private[0]": "ipv6:3"},
		routes:  map[string]string{m + "aws_route_table.private[0]": "::/0->egress_only_internet_gateway"},
	},
	// create_vpc = false: only the adopted default VPC.
	"manage-default-vpc": {
		counts:    counts(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
		vpcBlocks: []string{"172.31.0.0/16"},
	},
	// 3 private and 3 public subnets, no NAT gateway: one table per private
	// subnet; the flow log resources are not network objects.
	// The S3 bucket for the logs comes from a registry module that is not
	// installed (no terraform init): an error; the VPC is still analysed.
	"flow-log": {
		counts:     counts(1, 6, 5, 1, 1, 1, 0, 0, 0, 0, 0, 0),
		wantErrors: []string{"module s3_bucket (source terraform-aws-modules/s3-bucket/aws) is not installed: run terraform init"},
	},
	// Outpost subnets: max(2 blocks, 3 IPv6 prefixes) = 3, the third
	// IPv6-only; dedicated outpost ACL; single NAT gateway.
	"outpost": {
		counts:    counts(1, 9, 3, 2, 1, 1, 1, 1, 1, 0, 0, 0),
		subnets:   map[string]string{m + "aws_subnet.outpost[0]": "10.0.50.0/24", m + "aws_subnet.outpost[2]": "ipv6:4"},
		naclRules: map[string]int{m + "aws_network_acl.outpost[0]": 11},
	},
}

func TestCommunityModuleExamples(t *testing.T) {
	base := corpusDir(t, "terraform-aws-vpc/examples")
	for name, want := range communityExamples {
		t.Run(name, func(t *testing.T) {
			n, diags := load.Paths([]string{filepath.Join(base, name)}, load.Options{})
			var errs []string
			for _, d := range diags {
				if d.Severity == hcl.DiagError {
					errs = append(errs, d.Summary)
				}
			}
			if strings.Join(errs, "\n") != strings.Join(want.wantErrors, "\n") {
				t.Fatalf("errors:\n%s", errorsOf(diags))
			}
			got := n.Counts()
			for kind, c := range want.counts {
				if got[kind] != c {
					t.Errorf("%s: %d, want %d", kind, got[kind], c)
				}
			}
			vpc := n.VPCs[0]
			if want.vpcBlocks != nil {
				var blocks []string
				for _, b := range vpc.CIDRs {
					blocks = append(blocks, b.Prefix.String())
				}
				if strings.Join(blocks, " ") != strings.Join(want.vpcBlocks, " ") {
					t.Errorf("vpc blocks %v, want %v", blocks, want.vpcBlocks)
				}
			}
			for addr, cidr := range want.subnets {
				s := lookupOne[*model.Subnet](t, n, model.KindSubnet, addr)
				if idx, ok := strings.CutPrefix(cidr, "ipv6:"); ok {
					// cidrsubnet(vpc /56, 8, idx): the /64 numbered idx.
					if len(vpc.IPv6CIDRs) == 0 || !model.Covers(vpc.IPv6CIDRs[0].Prefix, s.IPv6CIDR.Prefix) || s.IPv6CIDR.Prefix.Bits() != 64 ||
						int(s.IPv6CIDR.Prefix.Addr().As16()[7]) != atoi(t, idx) {
						t.Errorf("%s: IPv6 block %s, want /64 number %s of %v", addr, s.IPv6CIDR.Prefix, idx, vpc.IPv6CIDRs)
					}
					continue
				}
				if s.CIDR.Prefix.String() != cidr {
					t.Errorf("%s: %s, want %s", addr, s.CIDR.Prefix, cidr)
				}
			}
			for addr, routes := range want.routes {
				rt := lookupOne[*model.RouteTable](t, n, model.KindRouteTable, addr)
				if got := routeSummary(rt); got != routes {
					t.Errorf("%s routes: %q, want %q", addr, got, routes)
				}
			}
			for subnet, table := range want.subnetTables {
				s := lookupOne[*model.Subnet](t, n, model.KindSubnet, subnet)
				if s.RouteTable == nil || s.RouteTable.Name != table {
					t.Errorf("%s uses %v, want %s", subnet, s.RouteTable, table)
				}
			}
			for nat, subnet := range want.natSubnets {
				g := lookupOne[*model.NATGateway](t, n, model.KindNATGateway, nat)
				if s := g.SubnetOf(); s == nil || s.Name != subnet || !g.EIP.Set() || g.EIP.Obj == nil {
					t.Errorf("%s in %v (eip %+v), want %s", nat, s, g.EIP, subnet)
				}
			}
			for acl, rules := range want.naclRules {
				a := lookupOne[*model.NetworkACL](t, n, model.KindNetworkACL, acl)
				if len(a.Rules) != rules {
					t.Errorf("%s: %d rules, want %d", acl, len(a.Rules), rules)
				}
			}
			for _, s := range n.Subnets {
				if !strings.HasPrefix(s.Name, "module.vpc.aws_") || s.TFAddr != s.Name || !strings.HasPrefix(s.AWSID, "subnet-") ||
					!strings.HasSuffix(s.Range.Filename, "main.tf") || s.Range.Start.Line == 0 {
					t.Errorf("subnet identity: name %q addr %q id %q range %s", s.Name, s.TFAddr, s.AWSID, s.Range)
				}
			}
		})
	}
}

func atoi(t *testing.T, s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func lookupOne[T model.Object](t *testing.T, n *model.Network, kind model.Kind, key string) T {
	t.Helper()
	found := n.Lookup(kind, key)
	if len(found) != 1 {
		var names []string
		for _, o := range n.OfKind(kind) {
			names = append(names, o.Base().Name)
		}
		sort.Strings(names)
		t.Fatalf("%s %q: found %d among %v", kind, key, len(found), names)
	}
	return found[0].(T)
}

// routeSummary lists a table's routes other than local and prefix-list ones.
func routeSummary(rt *model.RouteTable) string {
	var out []string
	for _, r := range rt.Routes {
		if r.Target == model.TargetLocal || r.DestPrefixList.Set() {
			continue
		}
		out = append(out, r.Dest.String()+"->"+string(r.Target))
	}
	return strings.Join(out, " ")
}

// The Batfish NAT gateway scenario: the Terraform that built the snapshot
// loads into the same shape as the snapshot (same blocks, same routes per
// subnet, same NAT placement).
func TestBatfishNATGatewayTerraform(t *testing.T) {
	tf := filepath.Join(corpusDir(t, "batfish-aws/test-nat-gateway"), "nat-gateway-test.tf")
	n, diags := load.Paths([]string{tf}, load.Options{})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", errorsOf(diags))
	}
	c := n.Counts()
	for kind, want := range map[model.Kind]int{
		model.KindVPC: 1, model.KindSubnet: 3, model.KindRouteTable: 2, model.KindNATGateway: 1, model.KindElasticIP: 1,
		model.KindInternetGateway: 1, model.KindInstance: 3, model.KindNetworkACL: 1, model.KindSecurityGroup: 2,
	} {
		if c[kind] != want {
			t.Errorf("%s: %d, want %d", kind, c[kind], want)
		}
	}
	routes := map[string]string{}
	for _, s := range n.Subnets {
		routes[s.CIDR.Prefix.String()] = routeSummary(s.RouteTable)
	}
	want := map[string]string{
		"10.1.250.0/24": "0.0.0.0/0->internet_gateway",
		"10.1.1.0/24":   "0.0.0.0/0->nat_gateway",
		"10.1.20.0/24":  "",
	}
	for cidr, r := range want {
		if routes[cidr] != r {
			t.Errorf("subnet %s routes %q, want %q", cidr, routes[cidr], r)
		}
	}
	nat := n.NATGateways[0]
	if nat.SubnetOf() == nil || nat.SubnetOf().CIDR.Prefix.String() != "10.1.250.0/24" {
		t.Errorf("NAT gateway subnet: %v", nat.SubnetOf())
	}
	jump := lookupOne[*model.Instance](t, n, model.KindInstance, "aws_instance.jump_host")
	if e := jump.Primary(); e == nil || e.PublicIPMode != model.PublicIPUnknown {
		t.Errorf("the jump host in a map_public_ip_on_launch subnet has an auto-assigned public address: %+v", e)
	}
}
