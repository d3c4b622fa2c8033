package terraform

import (
	"testing"

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
	if g := groups["suricata"]; g == nil || g.Unmodelled != "a Suricata rules string" {
		t.Errorf("suricata group: %+v", g)
	}
	if g := groups["domains"]; g == nil || g.Unmodelled != "a domain list" {
		t.Errorf("domains group: %+v", g)
	}
}
