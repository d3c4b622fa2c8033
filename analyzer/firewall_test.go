package analyzer

import (
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/model"
)

// A distributed Network Firewall (one endpoint per zone between the
// internet gateway and the public subnets):
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-two-zone-igw.html
// Stateless rules come first, by priority; aws:forward_to_sfe hands the
// packet to the stateful engine, which under strict order takes the first
// matching rule and otherwise the stateful default action:
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-rules-engines.html
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
func TestReachNetworkFirewall(t *testing.T) {
	cases := []struct {
		file    string
		from    string
		to      string
		port    uint16
		verdict Verdict
		code    dataplane.Code // first blocker or unknown
	}{
		{"testdata/firewall/firewall.net.hcl", "internet", "web-a", 443, VerdictReachable, ""},
		{"testdata/firewall/firewall.net.hcl", "internet", "web-b", 8443, VerdictReachable, ""},
		// The pass rule for 443 names public-a's block only.
		{"testdata/firewall/firewall.net.hcl", "internet", "web-b", 443, VerdictUnreachable, dataplane.CodeFirewallDrop},
		// Stateless drop of telnet, before the stateful engine.
		{"testdata/firewall/firewall.net.hcl", "internet", "web-a", 23, VerdictUnreachable, dataplane.CodeFirewallDrop},
		// No stateful rule passes port 80: aws:drop_strict.
		{"testdata/firewall/firewall.net.hcl", "internet", "web-b", 80, VerdictUnreachable, dataplane.CodeFirewallDrop},
		// Outbound: the stateful pass rule for the VPC's sources.
		{"testdata/firewall/firewall.net.hcl", "web-a", "internet", 80, VerdictReachable, ""},
		// Default action order with a Suricata rules string: the pass rule
		// decides 443; for 80 the unevaluated rules might, so unknown —
		// never assumed to pass; telnet is dropped statelessly first.
		{"testdata/firewall-suricata/firewall-suricata.net.hcl", "internet", "web-a", 443, VerdictReachable, ""},
		{"testdata/firewall-suricata/firewall-suricata.net.hcl", "internet", "web-a", 80, VerdictUnknown, dataplane.CodeFirewallUnmodelled},
		{"testdata/firewall-suricata/firewall-suricata.net.hcl", "internet", "web-a", 23, VerdictUnreachable, dataplane.CodeFirewallDrop},
		// Stateless rules see every packet on their own, replies too; a
		// reply forwarded to the stateful engine whose request a stateless
		// pass rule let bypass it has no flow state there, and the stateful
		// rules decide it as a packet of its own:
		// https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-policy-processing.html
		// https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateless-rule-groups-standard.html
		// 443 passes statelessly one way only: aws:drop_strict drops the reply.
		{"testdata/firewall-stateless/firewall-stateless.net.hcl", "internet", "web-a", 443, VerdictUnreachable, dataplane.CodeFirewallDrop},
		// A stateless pass rule each way.
		{"testdata/firewall-stateless/firewall-stateless.net.hcl", "internet", "web-b", 8443, VerdictReachable, ""},
		// The reply is forwarded and a stateful rule passes it on its own.
		{"testdata/firewall-stateless/firewall-stateless.net.hcl", "internet", "web-a", 22, VerdictReachable, ""},
		// Forwarded both ways: the reply of a flow the stateful engine passed.
		{"testdata/firewall-stateless/firewall-stateless.net.hcl", "internet", "web-a", 80, VerdictReachable, ""},
		{"testdata/firewall-stateless/firewall-stateless.net.hcl", "internet", "web-b", 443, VerdictUnreachable, dataplane.CodeFirewallDrop},
		// The Terraform form: routes to firewall_status endpoints resolve to
		// the endpoint of each public subnet's zone.
		{"testdata/firewall-tf", "aws_instance.web[0]", "internet", 443, VerdictReachable, ""},
		{"testdata/firewall-tf", "aws_instance.web[1]", "internet", 443, VerdictReachable, ""},
		{"testdata/firewall-tf", "aws_instance.web[1]", "internet", 23, VerdictUnreachable, dataplane.CodeFirewallDrop},
		{"testdata/firewall-tf", "aws_instance.web[0]", "aws_instance.web[1]", 443, VerdictReachable, ""},
	}
	for _, c := range cases {
		d := enginetest.Load(t, c.file)
		s := New(d)
		a, err := s.Reach(Query{From: c.from, To: c.to, Protocol: model.ProtoTCP, Ports: ports(c.port, c.port)})
		if err != nil {
			t.Fatalf("%s %s -> %s %d: %v", c.file, c.from, c.to, c.port, err)
		}
		if a.Verdict != c.verdict {
			t.Errorf("%s %s -> %s %d: %s, want %s (blocked %+v, unknown %+v)", c.file, c.from, c.to, c.port, a.Verdict, c.verdict, a.BlockedBy, a.Unknown)
			continue
		}
		switch c.verdict {
		case VerdictUnreachable:
			blocked := a.BlockedBy
			if len(blocked) == 0 {
				// The packets arrive; their replies are stopped.
				blocked = a.ReturnBlockedBy
			}
			if len(blocked) == 0 || blocked[0].Code != c.code {
				t.Errorf("%s %s -> %s %d: blocked by %+v (return %+v), want %s", c.file, c.from, c.to, c.port, a.BlockedBy, a.ReturnBlockedBy, c.code)
			}
		case VerdictUnknown:
			if len(a.Unknown) == 0 || a.Unknown[0].Code != c.code {
				t.Errorf("%s %s -> %s %d: unknown %+v, want %s", c.file, c.from, c.to, c.port, a.Unknown, c.code)
			}
		}
		// The trace agrees and shows the firewall hop.
		r, err := s.Trace(TraceQuery{From: c.from, To: c.to, Protocol: model.ProtoTCP, DstPort: c.port, ICMPType: -1, ICMPCode: -1})
		if err != nil {
			t.Fatal(err)
		}
		crossed := false
		for _, h := range r.Forward.Hops {
			for _, f := range h.Filters {
				if f.Filter.Kind == dataplane.FirewallRules {
					crossed = true
				}
			}
		}
		if !crossed && c.to != "aws_instance.web[1]" {
			t.Errorf("%s %s -> %s %d: the trace shows no firewall hop", c.file, c.from, c.to, c.port)
		}
		want := c.code
		if want == "" {
			want = dataplane.CodeAccepted
			if c.to == "internet" {
				want = dataplane.CodeExitsNetwork
			}
		}
		got := r.ForwardOutcome.Code
		if got == dataplane.CodeAccepted && r.Return != nil && c.verdict == VerdictUnreachable {
			// The request arrives; its reply is what is dropped.
			got = r.ReturnOutcome.Code
		}
		if got != want {
			t.Errorf("%s %s -> %s %d: trace %s, want %s", c.file, c.from, c.to, c.port, got, want)
		}
	}
}
