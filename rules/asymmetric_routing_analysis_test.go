package rules

import (
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
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
		w := found[0].Witness
		if !w.Src.IsValid() {
			t.Fatalf("%s: no witness", dir)
		}
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
