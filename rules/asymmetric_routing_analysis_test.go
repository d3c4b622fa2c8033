package rules

import (
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

func TestAsymmetriesExamples(t *testing.T) {
	cases := map[string]string{
		"hybrid-vgw":     "172.20.0.0/16",
		"inspection-vpc": "web-b",
	}
	for ex, want := range cases {
		an := analyzerFor(t, "example:"+ex)
		var msgs []string
		for _, a := range asymmetries(an, exposures(an)) {
			msgs = append(msgs, string(a.Kind)+" @ "+a.Range.String()+": "+a.Message)
		}
		if !strings.Contains(strings.Join(msgs, "\n"), want) {
			t.Errorf("%s: want an asymmetry mentioning %q, got:\n%s", ex, want, strings.Join(msgs, "\n"))
		}
		t.Logf("%s:\n%s", ex, strings.Join(msgs, "\n"))
	}
	for _, ex := range []string{"public-private", "tgw-hub", "peering-transit"} {
		an := analyzerFor(t, "example:"+ex)
		if as := asymmetries(an, exposures(an)); len(as) != 0 {
			for _, a := range as {
				t.Errorf("%s: want no asymmetry, got %s @ %s: %s", ex, a.Kind, a.Range, a.Message)
			}
		}
	}
}

// analyzerFor compiles a fixture network for the engines' questions.
func analyzerFor(t *testing.T, path string) *analyzer.Analyzer {
	t.Helper()
	return analyzer.New(dataplane.Compile(loadFixture(t, path)))
}

// TestAsymmetryWitnessesReplay replays each asymmetry's witness request on
// the fast path, then its reply: the request must be delivered, the reply
// must end as the finding says (the same code, delivered or not), and for
// the kinds about what a path crosses, the reply must cross other transit
// gateways or appliances than the request. Both engines read the one
// compiled data plane (docs/architecture.md, "How a packet moves").
// Asymmetric routing through transit gateways:
// https://docs.aws.amazon.com/prescriptive-guidance/latest/inline-traffic-inspection-third-party-appliances/transit-gateway-asymmetric-routing.html
func TestAsymmetryWitnessesReplay(t *testing.T) {
	replayed := map[AsymmetryKind]int{}
	for _, net := range []string{"example:hybrid-vgw", "example:inspection-vpc",
		"testdata/asymmetric-routing/onprem.net.hcl", "testdata/asymmetric-routing/public-behind-nat.net.hcl",
		"testdata/asymmetric-routing/two-tgw", "testdata/asymmetric-routing/two-tgw-network-only",
		"testdata/asymmetric-routing/one-tgw-no-return", "testdata/asymmetric-routing/one-tgw-vpc-no-return",
		"testdata/asymmetric-routing/peering-hostless.net.hcl"} {
		an := analyzerFor(t, net)
		d := an.Dataplane()
		for _, a := range asymmetries(an, exposures(an)) {
			w := a.Witness
			if w == nil {
				t.Errorf("%s: %s has no witness", net, a.Message)
				continue
			}
			var sess fastpath.Sessions
			fwd := an.FastPath().Forward(w.Start, w.Packet, &sess, true)
			if !fwd.Delivered {
				t.Errorf("%s: %s: witness %s ends %s on the fast path, not delivered", net, a.Message, w.Packet, fwd.Outcome.Code)
				continue
			}
			back := an.FastPath().Reply(d.Nodes[fwd.Node].ReplyFrom, fwd.Final.Reply(), &sess, true)
			if o := back.Explained(); o.Code != w.Code || back.Delivered != w.Delivered {
				t.Errorf("%s: %s: the reply to witness %s ends %s (delivered %v) on the fast path, want %s (delivered %v)",
					net, a.Message, w.Packet, o.Code, back.Delivered, w.Code, w.Delivered)
				continue
			}
			switch a.Kind {
			case AsymmetryTransitGateway:
				if sameSet(transitGateways(d, steps(fwd.Hops)), transitGateways(d, steps(back.Hops))) {
					t.Errorf("%s: %s: witness %s and its reply cross the same transit gateways on the fast path", net, a.Message, w.Packet)
				}
			case AsymmetryMiddlebox:
				if sameSet(middleboxes(d, steps(fwd.Hops)), middleboxes(d, steps(back.Hops))) {
					t.Errorf("%s: %s: witness %s and its reply cross the same appliances on the fast path", net, a.Message, w.Packet)
				}
			}
			replayed[a.Kind]++
		}
	}
	t.Logf("replayed: %v", replayed)
	for _, k := range []AsymmetryKind{AsymmetryNoRoute, AsymmetryStateful, AsymmetryMiddlebox, AsymmetryTransitGateway} {
		if replayed[k] == 0 {
			t.Errorf("no %s asymmetry replayed", k)
		}
	}
}

// steps turns recorded hops into the symbolic engine's steps (edges only).
func steps(hops []fastpath.Hop) []symbolic.Step {
	var out []symbolic.Step
	for _, h := range hops {
		if h.Edge != dataplane.NoEdge {
			out = append(out, symbolic.Step{Edge: h.Edge})
		}
	}
	return out
}

// TestInspectionBypassReplayed: a reply that bypasses the inspection
// endpoint its request crossed is found by the symbolic explorations, and
// its witness, replayed with trace, shows it: the request crosses the
// endpoint, the reply does not. Network Firewall drops such flows:
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/asymmetric-routing.html
func TestInspectionBypassReplayed(t *testing.T) {
	for dir, endpoint := range map[string]string{
		"testdata/asymmetric-routing/firewall-bypass": "fw-b",
		"testdata/asymmetric-routing/gwlb-bypass":     "inspect-b",
	} {
		an := analyzerFor(t, dir)
		d := an.Dataplane()
		var found []Asymmetry
		for _, a := range asymmetries(an, exposures(an)) {
			if a.Kind == AsymmetryMiddlebox {
				found = append(found, a)
			}
		}
		if len(found) != 1 {
			t.Fatalf("%s: %d middlebox asymmetries, want 1: %+v", dir, len(found), found)
		}
		if found[0].Witness == nil {
			t.Fatalf("%s: no witness", dir)
		}
		w := found[0].Witness.Packet
		r, err := an.Trace(analyzer.TraceQuery{From: "internet", To: w.Dst.String(), SrcIP: w.Src, DstIP: w.Dst,
			Protocol: model.Protocol(w.Proto), DstPort: w.DstPort, SrcPort: w.SrcPort, ICMPType: -1, ICMPCode: -1})
		if err != nil {
			t.Fatalf("%s: trace %s: %v", dir, w, err)
		}
		crosses := func(hops []fastpath.Hop) bool {
			for _, h := range hops {
				n := &d.Nodes[h.Node]
				if n.Kind == dataplane.NodeGWLBEndpoint && inspectionEndpointOf(n.Component) != nil && inspectionEndpointOf(n.Component).Name == endpoint {
					return true
				}
			}
			return false
		}
		if !r.Forward.Delivered || !crosses(r.Forward.Hops) {
			t.Errorf("%s: the witness %s is not delivered across endpoint %s (%s)", dir, w, endpoint, r.ForwardOutcome.Message)
		}
		if r.Return == nil || crosses(r.Return.Hops) {
			t.Errorf("%s: the witness's reply should bypass endpoint %s", dir, endpoint)
		}
	}
}
