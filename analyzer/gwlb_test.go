package analyzer

import (
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// A packet routed to a Gateway Load Balancer endpoint goes to the load
// balancer's node in the endpoint's zone, which sends it in GENEVE (UDP
// 6081) to an appliance of its zone (cross-zone load balancing is off by
// default), and comes back to the endpoint, which forwards it by its
// subnet's route table:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/introduction.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/target-groups.html
// The appliances' own policy is not in the input: a round trip across them
// is unknown, while a drop elsewhere on the path stays proven, and a zone
// whose appliances cannot be reached on GENEVE drops everything.
func TestReachGatewayLoadBalancer(t *testing.T) {
	const file = "testdata/gwlb/gwlb.net.hcl"
	cases := []struct {
		from, to string
		port     uint16
		verdict  Verdict
		code     dataplane.Code // first blocker, or first unknown
	}{
		{"internet", "web-a", 443, VerdictUnknown, dataplane.CodeGWLBUnmodelled},
		{"web-a", "internet", 443, VerdictUnknown, dataplane.CodeGWLBUnmodelled},
		// Zone b's appliance refuses UDP 6081 and cross-zone is off.
		{"internet", "web-b", 443, VerdictUnreachable, dataplane.CodeGWLBNoTarget},
		{"web-b", "internet", 443, VerdictUnreachable, dataplane.CodeGWLBNoTarget},
		// Whatever the appliance does, web-a's group refuses SSH.
		{"internet", "web-a", 22, VerdictUnreachable, dataplane.CodeSGIngressDeny},
		// Inside the VPC the local route bypasses the endpoints.
		{"web-a", "web-b", 443, VerdictReachable, ""},
	}
	d := enginetest.Load(t, file)
	s := New(d)
	for _, c := range cases {
		a, err := s.Reach(Query{From: c.from, To: c.to, Protocol: model.ProtoTCP, Ports: ports(c.port, c.port)})
		if err != nil {
			t.Fatalf("%s -> %s %d: %v", c.from, c.to, c.port, err)
		}
		if a.Verdict != c.verdict {
			t.Errorf("%s -> %s %d: %s, want %s (blocked %+v, unknown %+v)", c.from, c.to, c.port, a.Verdict, c.verdict, a.BlockedBy, a.Unknown)
			continue
		}
		switch c.verdict {
		case VerdictUnreachable:
			if len(a.BlockedBy) == 0 || a.BlockedBy[0].Code != c.code {
				t.Errorf("%s -> %s %d: blocked by %+v, want %s", c.from, c.to, c.port, a.BlockedBy, c.code)
			}
		case VerdictUnknown:
			if len(a.Unknown) == 0 || a.Unknown[0].Code != c.code || !strings.Contains(a.Unknown[0].Message, "fw-a") {
				t.Errorf("%s -> %s %d: unknown %+v, want %s naming appliance fw-a", c.from, c.to, c.port, a.Unknown, c.code)
			}
			if ok, _ := a.Meets(ExpectForward); ok {
				t.Errorf("%s -> %s %d: an unknown crossing meets --expect forward", c.from, c.to, c.port)
			}
		}
		// The trace gives the same verdict, and shows the appliance hop.
		r, err := s.Trace(TraceQuery{From: c.from, To: c.to, Protocol: model.ProtoTCP, DstPort: c.port, ICMPType: -1, ICMPCode: -1})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict() != c.verdict {
			t.Errorf("%s -> %s %d: trace verdict %s, want %s (%s)", c.from, c.to, c.port, r.Verdict(), c.verdict, r.ForwardOutcome.Message)
		}
		if c.code == dataplane.CodeGWLBNoTarget && (r.ForwardOutcome.Code != c.code || !strings.Contains(r.ForwardOutcome.Message, "fw-b")) {
			t.Errorf("%s -> %s %d: trace ends %s %q, want %s naming fw-b", c.from, c.to, c.port, r.ForwardOutcome.Code, r.ForwardOutcome.Message, c.code)
		}
	}
}

// TestGWLBAppliancesJudged: the endpoint's verdict follows the appliances —
// opening zone b's group to GENEVE, or turning cross-zone load balancing
// on (zone a's appliance then serves zone b), makes web-b's path unknown
// instead of dropped; with no registered target both zones drop.
func TestGWLBAppliancesJudged(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(n *model.Network)
		want   Verdict
	}{
		{"geneve-open", func(n *model.Network) {
			for _, g := range n.SecurityGroups {
				for i := range g.Rules {
					if g.Name == "tcp-only" && g.Rules[i].Direction == model.Ingress {
						g.Rules[i].Protocol = model.ProtoUDP
					}
				}
			}
		}, VerdictUnknown},
		{"cross-zone", func(n *model.Network) { n.LoadBalancers[0].CrossZone = true }, VerdictUnknown},
		{"no-targets", func(n *model.Network) {
			for _, g := range n.TargetGroups {
				g.Targets = nil
			}
		}, VerdictUnreachable},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, diags := load.Paths([]string{"testdata/gwlb/gwlb.net.hcl"}, load.Options{})
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			c.change(n)
			a, err := New(dataplane.Compile(n)).Reach(Query{From: "internet", To: "web-b", Protocol: model.ProtoTCP, Ports: ports(443, 443)})
			if err != nil {
				t.Fatal(err)
			}
			if a.Verdict != c.want {
				t.Errorf("%s, want %s (blocked %+v, unknown %+v)", a.Verdict, c.want, a.BlockedBy, a.Unknown)
			}
		})
	}
}

// TestGWLBSnapshot: the same verdicts from an AWS snapshot (Batfish
// layout): the endpoint is tied to its load balancer through
// describe-vpc-endpoint-service-configurations, the routes to it are
// more specific than the local route (middlebox routing:
// https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html#route-tables-middlebox);
// with the appliance's group closed to GENEVE the endpoint drops.
func TestGWLBSnapshot(t *testing.T) {
	for _, c := range []struct {
		name   string
		closed bool
		want   Verdict
		code   dataplane.Code
	}{
		{"open", false, VerdictUnknown, dataplane.CodeGWLBUnmodelled},
		{"closed", true, VerdictUnreachable, dataplane.CodeGWLBNoTarget},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, diags := load.Paths([]string{"testdata/gwlb-snapshot"}, load.Options{})
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			if c.closed {
				for _, g := range n.SecurityGroups {
					for i := range g.Rules {
						if g.Name == "sg-0a99000000000a99" && g.Rules[i].Direction == model.Ingress {
							g.Rules[i].Protocol = model.ProtoTCP
						}
					}
				}
			}
			a, err := New(dataplane.Compile(n)).Reach(Query{From: "instance:client", To: "instance:server", Protocol: model.ProtoTCP, Ports: ports(80, 80)})
			if err != nil {
				t.Fatal(err)
			}
			got := a.Unknown
			if c.want == VerdictUnreachable {
				got = a.BlockedBy
			}
			if a.Verdict != c.want || len(got) == 0 || got[0].Code != c.code {
				t.Errorf("%s (blocked %+v, unknown %+v), want %s %s", a.Verdict, a.BlockedBy, a.Unknown, c.want, c.code)
			}
		})
	}
}

// TestGWLBVerdictMatchesTargetChecks: the data plane's judgement of each
// Gateway Load Balancer endpoint (compile_gwlb.go) is the one the fast
// path's GENEVE legs give (CheckTargets, which lb-target-unreachable
// reports): an endpoint drops exactly when no appliance its zone's node
// may forward to is reachable and answers.
func TestGWLBVerdictMatchesTargetChecks(t *testing.T) {
	for _, path := range []string{"testdata/gwlb/gwlb.net.hcl", "testdata/gwlb-tf", "testdata/gwlb-snapshot", "../rules/testdata/lb-target-unreachable/gwlb.net.hcl"} {
		d := enginetest.Load(t, path)
		a := New(d)
		checked := 0
		for i := range d.Edges {
			e := &d.Edges[i]
			from := &d.Nodes[e.From]
			eni, ok := from.Component.(*model.NetworkInterface)
			if from.Kind != dataplane.NodeGWLBEndpoint || !ok {
				continue
			}
			ep := model.Target[*model.VPCEndpoint](eni.Owner)
			b := model.Target[*model.LoadBalancer](ep.LoadBalancer)
			if ep.Type != model.EndpointGatewayLB || b == nil {
				continue
			}
			dropped := len(e.Guards) > 0 && e.Guards[len(e.Guards)-1].Never && e.Guards[len(e.Guards)-1].Fail.Code == dataplane.CodeGWLBNoTarget
			reachable := false
			for _, c := range a.CheckTargets(b, packet.Packet{Src: d.Addrs[eni][0]}) {
				if !c.HealthCheck && c.Reachable && model.Zone(c.Node) == model.Zone(eni) {
					reachable = true
				}
			}
			if dropped == reachable {
				t.Errorf("%s: endpoint %s dropped %v, but its zone's appliances reachable %v", path, eni.Name, dropped, reachable)
			}
			checked++
		}
		if checked == 0 {
			t.Errorf("%s: no Gateway Load Balancer endpoint checked", path)
		}
	}
}
