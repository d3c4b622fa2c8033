package analyzer

import (
	"net/netip"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// With cross-zone load balancing off (a Network Load Balancer's default),
// a node forwards only to targets in its own zone:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing
// Instance targets see the client's address; ip targets of a TCP_UDP group
// too (client IP preservation cannot be turned off for UDP):
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
func TestLBForwardZonesAndSources(t *testing.T) {
	d := enginetest.Load(t, "testdata/loadbalancer/loadbalancer.net.hcl")
	a := New(d)
	// Group srv admits only the load balancer's subnets: a client outside
	// them (srv-2) is refused at the target, since the target sees its
	// address; a client inside them is let in.
	tests := []struct {
		from   string
		proto  model.Protocol
		port   uint16
		code   dataplane.Code
		target string
	}{
		{"srv-2", model.ProtoTCP, 80, dataplane.CodeSGIngressDeny, "10.40.10.10"},
		{"srv-2", model.ProtoUDP, 53, dataplane.CodeSGIngressDeny, "10.40.10.20"},
		{"subnet:lb-a", model.ProtoTCP, 80, dataplane.CodeAccepted, "10.40.10.10"},
		// The group admits only TCP: the TCP_UDP listener's UDP is refused at the target.
		{"subnet:lb-a", model.ProtoUDP, 53, dataplane.CodeSGIngressDeny, "10.40.10.20"},
		{"subnet:lb-a", model.ProtoTCP, 53, dataplane.CodeAccepted, "10.40.10.20"},
	}
	for _, tt := range tests {
		r, err := a.Trace(TraceQuery{From: tt.from, To: "lb:api", Protocol: tt.proto, DstPort: tt.port, ICMPType: -1, ICMPCode: -1})
		if err != nil {
			t.Fatal(err)
		}
		if r.LB == nil {
			t.Fatalf("%s %s/%d: no load balancer leg (forward %s)", tt.from, tt.proto, tt.port, r.ForwardOutcome.Code)
		}
		if r.LB.Outcome.Code != tt.code || r.LB.TargetIP.String() != tt.target || !r.LB.ClientIP || r.LB.Packet.Src != r.Packet.Src {
			t.Errorf("%s %s/%d: leg %s to %s (client IP %v, source %s)", tt.from, tt.proto, tt.port, r.LB.Outcome.Code, r.LB.TargetIP, r.LB.ClientIP, r.LB.Packet.Src)
		}
	}
	// The node in zone b has no target of the instance group in its zone.
	b := d.Net.LoadBalancers[0]
	var nodeB *model.NetworkInterface
	for _, e := range b.Nodes() {
		if model.Zone(e) == "eu-west-1b" {
			nodeB = e
		}
	}
	if nodeB == nil {
		t.Fatal("no node in eu-west-1b")
	}
	r, err := a.Trace(TraceQuery{From: "subnet:lb-a", To: dataplane.FirstV4(d.Addrs[nodeB]).String(), Protocol: model.ProtoTCP, DstPort: 80, ICMPType: -1, ICMPCode: -1})
	if err != nil {
		t.Fatal(err)
	}
	if r.LB == nil || r.LB.Outcome.Code != dataplane.CodeLBNoTarget || r.LB.Target != nil {
		t.Errorf("node b: leg %+v, want LB_NO_TARGET", r.LB)
	}
}

// An NLB used over a peering: the instance target sees the peer client's
// address (its group admits the consumer VPC); the ip target outside the
// load balancer's VPC is in zone "all" and, as an ip target of a TCP group,
// sees the node's address, which its group admits.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html#register-ip-addresses
func TestLBOverPeering(t *testing.T) {
	d := enginetest.Load(t, "testdata/nlb-peering.net.hcl")
	a := New(d)
	for _, tt := range []struct {
		port     uint16
		target   string
		clientIP bool
	}{{80, "10.60.10.10", true}, {90, "10.61.1.20", false}} {
		r, err := a.Trace(TraceQuery{From: "client-1", To: "lb:svc", Protocol: model.ProtoTCP, DstPort: tt.port, ICMPType: -1, ICMPCode: -1})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Arrived || r.LB == nil {
			t.Fatalf("port %d: arrived %v (%s), leg %v", tt.port, r.Arrived, r.ForwardOutcome.Message, r.LB)
		}
		if !r.LB.Arrived || r.LB.TargetIP.String() != tt.target || r.LB.ClientIP != tt.clientIP {
			t.Errorf("port %d: leg to %s arrived %v (%s), client IP %v", tt.port, r.LB.TargetIP, r.LB.Arrived, r.LB.Outcome.Message, r.LB.ClientIP)
		}
		if !tt.clientIP && (r.LB.Return == nil || !r.LB.Returned) {
			t.Errorf("port %d: the target's reply does not come back to the node", tt.port)
		}
	}
}

// With client IP preservation a target answers the client's own address,
// and AWS takes the reply back through the node that forwarded the
// request: "the traffic must flow directly from the Network Load Balancer
// to the target".
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
// The reply is walked back to the node; srv-a's subnet ACL lets replies out
// only to the VPC, so the reply to an internet client is dropped there,
// while srv-b's, open to any address, lets it back. Opening srv-a's ACL
// mends the leg.
func TestNLBPreservedClientReply(t *testing.T) {
	const file = "testdata/nlb-preserved/nlb-preserved.net.hcl"
	n, diags := load.Paths([]string{file}, load.Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	check := func(n *model.Network, wantA bool) {
		t.Helper()
		a := New(dataplane.Compile(n))
		r, err := a.Trace(TraceQuery{From: "internet", To: "lb:web", Protocol: model.ProtoTCP, DstPort: 80, ICMPType: -1, ICMPCode: -1})
		if err != nil {
			t.Fatal(err)
		}
		leg := r.LB
		if leg == nil || !leg.Arrived || !leg.ClientIP || leg.Return == nil {
			t.Fatalf("leg %+v: want an arrived leg with preserved client IP and a walked reply", leg)
		}
		if leg.Returned != wantA {
			t.Errorf("srv-a's reply returned %v, want %v (%s)", leg.Returned, wantA, leg.ReturnOutcome.Message)
		}
		if !wantA && (leg.ReturnOutcome.Code != dataplane.CodeNACLEgressDeny || leg.Return.Final.Dst != r.Packet.Src) {
			t.Errorf("srv-a's reply ends %s addressed to %s, want NACL_EGRESS_DENY addressed to the client %s", leg.ReturnOutcome.Code, leg.Return.Final.Dst, r.Packet.Src)
		}
		// lb-target-unreachable's checks: srv-b (zone b's node) is fine either way.
		var b *model.LoadBalancer
		for _, x := range n.LoadBalancers {
			b = x
		}
		for _, c := range a.CheckTargets(b, r.Packet) {
			if c.HealthCheck {
				continue // from the node's address: its reply goes to the node
			}
			name := model.Target[*model.Instance](c.Target.Instance).Name
			if want := name == "srv-b" || wantA; c.Reachable != want {
				t.Errorf("check %s from %s: reachable %v, want %v (%s)", name, c.Node.Name, c.Reachable, want, c.ReturnOutcome.Message)
			}
		}
	}
	check(n, false)
	for _, acl := range n.NetworkACLs {
		for i := range acl.Rules {
			if acl.Name == "srv-a" && acl.Rules[i].Direction == model.Egress {
				acl.Rules[i].CIDR = netip.MustParsePrefix("0.0.0.0/0")
			}
		}
	}
	check(n, true)
}
