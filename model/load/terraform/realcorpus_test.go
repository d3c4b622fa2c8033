package terraform_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/rules"
)

// realRoot is what vpcheck says about one root of ../shared/corpus/terraform-real,
// whose registry modules are not installed (no .terraform/): each is an
// error, and the rest of the root is analysed.
type realRoot struct {
	dir    string
	errors []string
	counts map[model.Kind]int
	// unmodelled are resources reported as not modelled (some of them).
	unmodelled []string
	// complete: nothing of the root is left out (it holds only what vpcheck
	// models, e.g. a Network Firewall policy and its rule groups).
	complete bool
}

const notInstalled = " is not installed: run terraform init"

var realRoots = []realRoot{
	{dir: "aws-ia-network-hubandspoke", errors: []string{
		"module aws_network_firewall (source aws-ia/networkfirewall/aws)" + notInstalled,
		"module central_vpcs (source aws-ia/vpc/aws)" + notInstalled,
		"module tags (source aws-ia/label/aws)" + notInstalled,
	}},
	{dir: "aws-ia-network-hubandspoke/examples/central_egress_ingress", errors: []string{
		"module aws_network_firewall (source aws-ia/networkfirewall/aws)" + notInstalled,
		"module central_vpcs (source aws-ia/vpc/aws)" + notInstalled,
		"module tags (source aws-ia/label/aws)" + notInstalled,
	}, counts: map[model.Kind]int{model.KindTransitGateway: 1, model.KindPrefixList: 1}},
	{dir: "aws-ia-network-hubandspoke/examples/central_inspection", errors: []string{
		"module aws_network_firewall (source aws-ia/networkfirewall/aws)" + notInstalled,
		"module central_vpcs (source aws-ia/vpc/aws)" + notInstalled,
		"module tags (source aws-ia/label/aws)" + notInstalled,
	}, counts: map[model.Kind]int{model.KindTransitGateway: 1, model.KindFirewallPolicy: 1}},
	{dir: "aws-ia-network-hubandspoke/examples/central_shared_services", errors: []string{
		"module aws_network_firewall (source aws-ia/networkfirewall/aws)" + notInstalled,
		"module central_vpcs (source aws-ia/vpc/aws)" + notInstalled,
		"module spoke_vpcs (source aws-ia/vpc/aws)" + notInstalled,
		"module tags (source aws-ia/label/aws)" + notInstalled,
	}, counts: map[model.Kind]int{model.KindTransitGateway: 1, model.KindTGWRouteTable: 1}},
	{dir: "aws-ia-network-hubandspoke/examples/spokes_routing_only", errors: []string{
		"module aws_network_firewall (source aws-ia/networkfirewall/aws)" + notInstalled,
		"module central_vpcs (source aws-ia/vpc/aws)" + notInstalled,
		"module spoke_vpcs (source aws-ia/vpc/aws)" + notInstalled,
		"module tags (source aws-ia/label/aws)" + notInstalled,
	}, counts: map[model.Kind]int{model.KindTransitGateway: 1, model.KindTGWRouteTable: 2}},
	// Its modules are git submodules that are not checked out.
	{dir: "basic-hub-spoke-tgw", errors: []string{
		"module hub_and_gateway (source ./Hub and Transit Gateway) could not be read",
		"module spoke (source ./Spoke) could not be read",
		"module vpc_flow_logs (source ./VPC Flow Logs) could not be read",
	}},
	{dir: "basic-hub-spoke-tgw/Global", errors: []string{"module vpc_flow_logs (source ./VPC Flow Logs) could not be read"}},
	{dir: "basic-hub-spoke-tgw/Region", errors: []string{
		"module hub_and_gateway (source ./Hub and Transit Gateway) could not be read",
		"module spoke (source ./Spoke) could not be read",
	}},
	{dir: "hub-spoke-inspection/multi-account/networking-account", errors: []string{
		"module hubspoke (source aws-ia/network-hubandspoke/aws)" + notInstalled,
		"module ipam (source aws-ia/ipam/aws)" + notInstalled,
	}},
	{dir: "hub-spoke-inspection/multi-account/security-account", complete: true,
		counts: map[model.Kind]int{model.KindFirewallPolicy: 1, model.KindFirewallRuleGroup: 3}},
	{dir: "hub-spoke-inspection/multi-account/spoke-account", errors: []string{"module vpcs (source aws-ia/vpc/aws)" + notInstalled}},
	{dir: "hub-spoke-inspection/single-account/centralized_egress", errors: []string{
		"module inspection_vpc (source aws-ia/vpc/aws)" + notInstalled,
		"module network_firewall (source aws-ia/networkfirewall/aws)" + notInstalled,
		"module spoke_vpcs (source aws-ia/vpc/aws)" + notInstalled,
	}, counts: map[model.Kind]int{model.KindTransitGateway: 1, model.KindTGWRouteTable: 2}},
	// outputs.tf refers to module.network_firewall, which main.tf does not
	// call: Terraform rejects it too.
	{dir: "hub-spoke-inspection/single-account/east_west", errors: []string{
		"Reference to undeclared module",
		"module spoke_vpcs (source aws-ia/vpc/aws)" + notInstalled,
	}, counts: map[model.Kind]int{model.KindTransitGateway: 1, model.KindTGWRouteTable: 2, model.KindFirewall: 1}},
	{dir: "hub-spoke-segmentation", errors: []string{"module vpcs (source aws-ia/vpc/aws)" + notInstalled},
		counts: map[model.Kind]int{model.KindTransitGateway: 1, model.KindTGWRouteTable: 4}},
	{dir: "hub-spoke-shared-services", errors: []string{
		"module hubspoke (source aws-ia/network-hubandspoke/aws)" + notInstalled,
		"module spoke_vpcs (source aws-ia/vpc/aws)" + notInstalled,
	}, counts: map[model.Kind]int{model.KindSecurityGroup: 4, model.KindPrefixList: 1},
		unmodelled: []string{"aws_route53_resolver_endpoint.inbound_endpoint", `aws_route53_resolver_rule.forwarding_rule["test-domain"]`}},
	{dir: "network-firewall", counts: map[model.Kind]int{
		model.KindVPC: 3, model.KindSubnet: 27, model.KindRouteTable: 11, model.KindNATGateway: 3, model.KindInstance: 5,
		model.KindTransitGateway: 1, model.KindTGWAttachment: 3, model.KindTGWRouteTable: 2, model.KindVPCEndpoint: 9,
		model.KindLoadBalancer: 2, model.KindLBListener: 2, model.KindTargetGroup: 2,
		model.KindFirewall: 1, model.KindFirewallPolicy: 1, model.KindFirewallRuleGroup: 4,
	}},
	{dir: "network-firewall-strict-order", errors: []string{
		"module network_firewall (source aws-ia/networkfirewall/aws)" + notInstalled,
		"module vpc (source aws-ia/vpc/aws)" + notInstalled,
	}, counts: map[model.Kind]int{model.KindRouteTable: 1, model.KindSecurityGroup: 2, model.KindInstance: 0}},
	// The module itself, as a root: var.name defaults to "", and coalesce
	// of nothing fails in Terraform too.
	{dir: "tgw-module", errors: []string{"Error in function call", "Error in function call"},
		counts: map[model.Kind]int{model.KindTransitGateway: 1, model.KindTGWRouteTable: 1}},
	{dir: "tgw-module/examples/complete", errors: []string{
		"module vpc1 (source terraform-aws-modules/vpc/aws)" + notInstalled,
		"module vpc2 (source terraform-aws-modules/vpc/aws)" + notInstalled,
	}, counts: map[model.Kind]int{model.KindTransitGateway: 1, model.KindTGWRouteTable: 1, model.KindTGWAttachment: 0}},
	{dir: "tgw-module/examples/multi-account", errors: []string{
		"module vpc1 (source terraform-aws-modules/vpc/aws)" + notInstalled,
		"module vpc2 (source terraform-aws-modules/vpc/aws)" + notInstalled,
	}, counts: map[model.Kind]int{model.KindTransitGateway: 1, model.KindTGWRouteTable: 1}},
}

// Every root loads with the errors it has, the rest analysed: the network
// is marked incomplete, what is not modelled is named, and the rules run
// on what was loaded.
func TestRealRepositories(t *testing.T) {
	base := corpusDir(t, "terraform-real")
	for _, root := range realRoots {
		t.Run(root.dir, func(t *testing.T) {
			n, diags := load.Paths([]string{filepath.Join(base, root.dir)}, load.Options{})
			var errs []string
			for _, d := range diags {
				if d.Severity == hcl.DiagError {
					errs = append(errs, d.Summary)
				}
			}
			sort.Strings(errs)
			if strings.Join(errs, "\n") != strings.Join(root.errors, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(root.errors, "\n"))
			}
			if n == nil {
				t.Fatal("no network")
			}
			if n.Incomplete == root.complete {
				t.Errorf("marked incomplete: %v, want %v", n.Incomplete, !root.complete)
			}
			got := n.Counts()
			for kind, c := range root.counts {
				if got[kind] != c {
					t.Errorf("%s: %d, want %d", kind, got[kind], c)
				}
			}
			omitted := map[string]bool{}
			for _, o := range n.Omitted {
				if strings.Contains(o.Reason, " not modelled: ") {
					omitted[o.Resource] = true
				}
			}
			for _, addr := range root.unmodelled {
				if !omitted[addr] {
					t.Errorf("%s is not reported as not modelled", addr)
				}
			}
			if _, _, err := rules.Run(n, &rules.Config{}); err != nil {
				t.Errorf("lint of what was loaded: %v", err)
			}
			dataplane.Compile(n)
		})
	}
}

// network-firewall routes its inspection VPC through the firewall's
// endpoints (the firewall_status idiom, element([for ss in tolist(…) : …
// if ss.attachment[0].subnet_id == …[count.index].id], 0)): every such
// route goes to the firewall's endpoint in its route table's zone, one
// endpoint per zone (3 zones × 2 tables). See
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/vpc-config.html
func TestRealFirewallRoutes(t *testing.T) {
	base := corpusDir(t, "terraform-real")
	n, _ := load.Paths([]string{filepath.Join(base, "network-firewall")}, load.Options{})
	if diags := n.Link(); diags.HasErrors() {
		t.Fatalf("link: %v", diags)
	}
	resolved := 0
	used := map[*model.VPCEndpoint]int{}
	for _, rt := range n.RouteTables {
		if !strings.HasPrefix(rt.Name, "aws_route_table.inspection_vpc_tgw_subnet_route_table") && !strings.HasPrefix(rt.Name, "aws_route_table.inspection_vpc_public_subnet_route_table") {
			continue
		}
		for _, r := range rt.Routes {
			ep := model.Target[*model.VPCEndpoint](r.TargetRef)
			if r.Target != model.TargetVPCEndpoint || ep == nil || ep.Type != model.EndpointFirewall {
				continue
			}
			resolved++
			used[ep]++
			zone := model.Target[*model.Subnet](ep.Subnets[0]).AZ
			for _, s := range model.Targets[*model.Subnet](rt.Subnets) {
				if s.AZ != zone {
					t.Errorf("%s (zone %s) routes to the endpoint in %s", rt.Name, s.AZ, zone)
				}
			}
		}
	}
	if resolved != 6 || len(used) != 3 {
		t.Errorf("%d routes to %d firewall endpoints, want 6 to 3 (3 zones × 2 tables)", resolved, len(used))
	}
}
