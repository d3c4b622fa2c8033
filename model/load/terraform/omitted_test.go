package terraform

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
)

// loadTestdata loads the root module in testdata/<name>.
func loadTestdata(t *testing.T, name string) (*model.Network, hcl.Diagnostics) {
	t.Helper()
	dir := filepath.Join("testdata", name)
	srcs, err := readModuleDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return Load(dir, srcs, Options{})
}

// warnings lists the summaries of the warnings, with their lines.
func summaries(diags hcl.Diagnostics, sev hcl.DiagnosticSeverity) []string {
	var out []string
	for _, d := range diags {
		if d.Severity == sev {
			line := 0
			if d.Subject != nil {
				line = d.Subject.Start.Line
			}
			out = append(out, strings.TrimSpace(d.Summary)+" @"+itoa(line))
		}
	}
	sort.Strings(out)
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// Every resource that carries or filters traffic and is not modelled is
// named, with its place and what leaving it out affects; routes to a
// Network Firewall endpoint (both idioms of the provider issue
// https://github.com/hashicorp/terraform-provider-aws/issues/16759) keep an
// unsupported target rather than a guessed one; irrelevant types say
// nothing; an unknown type is reported once.
func TestUnmodelledResourcesAreNamed(t *testing.T) {
	n, diags := loadTestdata(t, "unmodelled")
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diagText(diags))
	}
	want := []string{
		"aws_lambda_function.inside: Lambda function in a VPC not modelled: its network interfaces are not modelled: traffic from it is unknown @97",
		"aws_route.to_shared: its route table (route_table_id) is not known before apply; aws_route.to_shared is not analysed @86",
		"data.aws_route_table.shared is read from AWS when Terraform runs; its attributes are unknown @83",
		"resource type aws_widget_gadget is not known to vpcheck (first at aws_widget_gadget.a); its resources are not analysed @120",
	}
	if got := summaries(diags, hcl.DiagWarning); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, d := range diags {
		if d.Subject == nil || !strings.HasSuffix(d.Subject.Filename, "main.tf") {
			t.Errorf("warning without its place: %s", d.Error())
		}
	}
	if !n.Incomplete {
		t.Error("a network with unmodelled resources is not marked incomplete")
	}
	omitted := map[string]bool{}
	for _, o := range n.Omitted {
		omitted[o.Resource] = true
	}
	for _, addr := range []string{"aws_route.to_shared", "aws_lambda_function.inside"} {
		if !omitted[addr] {
			t.Errorf("%s is not in the network's omissions %+v", addr, n.Omitted)
		}
	}
	// Load balancers are modelled.
	if omitted["aws_lb.web"] || omitted["aws_lb_listener.web"] || len(n.LoadBalancers) != 1 || len(n.LBListeners) != 1 {
		t.Errorf("aws_lb.web and its listener are not modelled: %+v", n.Omitted)
	}
	if omitted["aws_lambda_function.outside"] || omitted["aws_iam_role.fn"] || omitted["aws_s3_bucket.logs"] {
		t.Errorf("irrelevant resources listed as omitted: %+v", n.Omitted)
	}

	if diags := n.Link(); diags.HasErrors() {
		t.Fatalf("link:\n%s", diagText(diags))
	}
	edge := byName[*model.RouteTable](t, n, model.KindRouteTable, "aws_route_table.edge")
	public := byName[*model.RouteTable](t, n, model.KindRouteTable, "aws_route_table.public[1]")
	// The edge route table has no subnet: which zone's endpoint each route
	// means is written in the lookup by zone of firewall_status[0].
	// sync_states, which evaluates to the endpoint of that zone (one sync
	// state per subnet mapping, keyed by its zone: the attribute reference
	// of https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/networkfirewall_firewall).
	if got := routesOf(edge); got != "10.0.0.0/24->vpc_endpoint:aws_networkfirewall_firewall.fw/eu-west-1a 10.0.1.0/24->vpc_endpoint:aws_networkfirewall_firewall.fw/eu-west-1b" {
		t.Errorf("edge routes %q: want each public subnet's block to its zone's endpoint", got)
	}
	// A public subnet's table goes to the endpoint in its subnet's zone.
	if got := routesOf(public); got != "0.0.0.0/0->vpc_endpoint:aws_networkfirewall_firewall.fw/eu-west-1b" {
		t.Errorf("public routes %q", got)
	}
	if len(n.Firewalls) != 1 || len(n.Firewalls[0].Endpoints) != 2 {
		t.Errorf("firewalls %+v: want one with an endpoint per subnet mapping", n.Firewalls)
	}
}

// A type that a later change models moves from notModelled to the mapped
// set: the table must not name a mapped type, or its resources would be
// both mapped and reported as left out.
func TestNotModelledTypesAreNotMapped(t *testing.T) {
	for _, o := range notModelled {
		if strings.HasSuffix(o.pattern, "*") {
			continue
		}
		if _, ok := mappings[o.pattern]; ok {
			t.Errorf("%s is mapped and listed as not modelled", o.pattern)
		}
		if _, ok := cloudControl[o.pattern]; ok {
			t.Errorf("%s is mapped (Cloud Control) and listed as not modelled", o.pattern)
		}
	}
	for typ := range mappings {
		if c, _ := classify(typ); c != classMapped {
			t.Errorf("%s is mapped but classified %v", typ, c)
		}
	}
	for _, c := range []struct {
		typ  string
		want typeClass
	}{
		{"aws_lb", classMapped}, {"aws_lb_target_group_attachment", classMapped}, {"aws_lb_listener_rule", classNotModelled},
		{"aws_networkfirewall_logging_configuration", classIrrelevant}, {"aws_route53_record", classIrrelevant},
		{"aws_route53_resolver_endpoint", classNotModelled}, {"aws_dx_gateway", classMapped},
		{"aws_dx_private_virtual_interface", classNotModelled}, {"awscc_ec2_route_table", classMapped},
		{"awscc_ec2_instance", classNotModelled}, {"awscc_ec2_key_pair", classIrrelevant},
		{"aws_ec2_transit_gateway_connect", classNotModelled}, {"random_id", classIrrelevant},
		{"aws_widget_gadget", classUnknown},
	} {
		if got, _ := classify(c.typ); got != c.want {
			t.Errorf("classify(%s) = %v, want %v", c.typ, got, c.want)
		}
	}
}

// A registry module that is not installed is an error saying to run
// terraform init and what was not analysed (for each of its instances when
// it has for_each); everything else is analysed. References into it and
// into resources whose instances are unknown are unknown values, not
// errors: try(x, null).id, x["key"], x[0]. file() of a missing file is
// unknown with a warning.
func TestPartialAnalysis(t *testing.T) {
	n, diags := loadTestdata(t, "partial")
	errs := summaries(diags, hcl.DiagError)
	wantErrs := []string{"module vpcs (source terraform-aws-modules/vpc/aws) is not installed: run terraform init @4"}
	if strings.Join(errs, "\n") != strings.Join(wantErrs, "\n") {
		t.Fatalf("errors:\n%s", diagText(diags))
	}
	if !hasDiag(diags, hcl.DiagError, "The resources of module.vpcs (source terraform-aws-modules/vpc/aws) were not analysed, for any of the instances its for_each makes", 4) {
		t.Errorf("the error does not say what was not analysed:\n%s", diagText(diags))
	}
	if !hasDiag(diags, hcl.DiagWarning, "a file the configuration reads is not available; its value is unknown", 0) {
		t.Errorf("missing file not reported as unknown:\n%s", diagText(diags))
	}
	if !n.Incomplete {
		t.Error("network without an uninstalled module is not marked incomplete")
	}
	if len(n.VPCs) != 1 || n.VPCs[0].Name != "aws_vpc.local" || len(n.TransitGateways) != 1 {
		t.Errorf("what the root defines is analysed: vpcs %d tgws %d", len(n.VPCs), len(n.TransitGateways))
	}
	g := n.SecurityGroups[0]
	if g.VPC.Key != n.VPCs[0].AWSID {
		t.Errorf("security group vpc %q", g.VPC.Key)
	}
	for _, w := range []string{
		"aws_ec2_transit_gateway_vpc_attachment.a: its vpc (vpc_id) is not known before apply; aws_ec2_transit_gateway_vpc_attachment.a is not analysed",
		"aws_ec2_transit_gateway_route_table_association.a: its transit gateway attachment aws_ec2_transit_gateway_vpc_attachment.a is not analysed, so neither is aws_ec2_transit_gateway_route_table_association.a",
		"aws_instance.proxy: its subnet (subnet_id) is not known before apply; aws_instance.proxy is not analysed",
		"aws_route_table.local: the route to 0.0.0.0/0 goes to aws_instance.proxy, which is not analysed: traffic it matches is unknown",
	} {
		if !hasDiag(diags, hcl.DiagWarning, w, 0) {
			t.Errorf("missing warning %q:\n%s", w, diagText(diags))
		}
	}
	if len(n.Instances) != 0 || len(n.TGWAttachments) != 0 || len(n.Interfaces) != 0 {
		t.Errorf("left out objects in the network: %d instances, %d attachments, %d interfaces", len(n.Instances), len(n.TGWAttachments), len(n.Interfaces))
	}
	if d := append(n.Link(), n.Validate()...); d.HasErrors() {
		t.Errorf("what is left is a valid network:\n%s", diagText(d))
	}
}

// The engines answer "not modelled" for traffic routed to a Network
// Firewall endpoint (the customer subnet's route to the internet through
// the endpoint of its zone:
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/vpc-config-route-tables.html):
// the route reaches them as an unsupported target.
func TestFirewallRouteIsUnsupportedOnTheDataPlane(t *testing.T) {
	n, _ := loadTestdata(t, "unmodelled")
	if diags := append(n.Link(), n.Validate()...); diags.HasErrors() {
		t.Fatalf("link:\n%s", diagText(diags))
	}
	d := dataplane.Compile(n)
	a := analyzer.New(d)
	res, err := a.Trace(analyzer.TraceQuery{From: "aws_subnet.public[0]", To: "8.8.8.8", Protocol: model.ProtoTCP, DstPort: 443})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Disposition(d); got != dataplane.Unsupported {
		t.Errorf("public subnet to the internet through the firewall: %s (%s), want %s", got, res.ForwardOutcome.Message, dataplane.Unsupported)
	}
}
