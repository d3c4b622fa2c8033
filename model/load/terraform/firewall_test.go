package terraform

import (
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// Stateful 5-tuple rules: what vpcheck cannot read (a rule variable, an
// application protocol) is kept as unmodelled, never taken for ANY; rule
// strings and domain lists mark their group. See
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-basic.html
func TestFirewallRuleGroups(t *testing.T) {
	n, diags := loadTestdata(t, "firewall")
	if diags.HasErrors() {
		t.Fatalf("errors: %v", diags)
	}
	groups := map[string]*model.FirewallRuleGroup{}
	for _, g := range n.FirewallGroups {
		groups[g.Name] = g
	}
	h := groups["headers"]
	if h == nil || !h.Stateful || h.Unmodelled != "" || len(h.Header) != 3 {
		t.Fatalf("headers group: %+v", h)
	}
	if h.Header[0].Unmodelled != "source $HOME_NET" || h.Header[1].Unmodelled != "protocol DNS" || !h.Header[1].Any {
		t.Errorf("unreadable headers: %q, %q", h.Header[0].Unmodelled, h.Header[1].Unmodelled)
	}
	r := h.Header[2]
	if r.Unmodelled != "" || r.Protocol != model.ProtoTCP || len(r.Source) != 1 || r.Source[0].String() != "10.0.0.0/16" ||
		r.Destination != nil || r.SrcPorts == nil || *r.SrcPorts != (model.PortRange{From: 1024, To: 65535}) || *r.DstPorts != (model.PortRange{From: 443, To: 443}) {
		t.Errorf("5-tuple header: %+v", r)
	}
	// Each rule is located at its block, so that a verdict names its line.
	for i, line := range []int{10, 25, 40} {
		if got := h.Header[i].Range.Start.Line; got != line {
			t.Errorf("stateful rule %d at line %d, want %d", i+1, got, line)
		}
	}
	if g := groups["suricata"]; g == nil || g.Unmodelled != "a Suricata rules string" {
		t.Errorf("suricata group: %+v", g)
	}
	if g := groups["domains"]; g == nil || g.Unmodelled != "a domain list" {
		t.Errorf("domains group: %+v", g)
	}
}

// A firewall attached to a transit gateway has no VPC endpoint: the
// transit gateway sends traffic to the firewall's attachment, which
// vpcheck does not model — reported where transit_gateway_id is written,
// and listed as omitted. See TransitGatewayId in
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_CreateFirewall.html
func TestFirewallTransitGatewayAttached(t *testing.T) {
	n, diags := loadTestdata(t, "firewall-tgw")
	if diags.HasErrors() {
		t.Fatalf("errors: %v", diags)
	}
	want := "aws_networkfirewall_firewall.anfw is attached to a transit gateway (transit_gateway_id): vpcheck does not model a firewall's transit gateway attachment, so traffic the transit gateway sends to it is unknown @20"
	found := false
	for _, s := range summaries(diags, hcl.DiagWarning) {
		found = found || s == want
	}
	if !found {
		t.Errorf("warnings %q lack %q", summaries(diags, hcl.DiagWarning), want)
	}
	omitted := false
	for _, o := range n.Omitted {
		omitted = omitted || o.Resource == "aws_networkfirewall_firewall.anfw"
	}
	if !omitted || len(n.Firewalls) != 1 || len(n.Firewalls[0].Endpoints) != 0 {
		t.Errorf("omitted %v, firewalls %+v", n.Omitted, n.Firewalls)
	}
}
