package rules

import (
	"testing"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

// TestLBChecksReplayWithTrace replays the legs the load balancer rules
// judge (lb-target-unreachable, lb-no-target-in-zone) with trace, as a user
// would check a finding: a leg from the node's address, traced from the
// node to the target with the same packet, must end the same (arrived or
// not, the same code, the reply back or not); a leg the target sees from
// the client's address (client IP preservation), and a node without a
// target, traced from the client to the node on the listener, must give
// the same leg when trace's node picks that target. Load balancer nodes
// forward to targets in their own zone unless cross-zone is on, a Network
// Load Balancer keeping the client's address when it preserves client IPs:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
func TestLBChecksReplayWithTrace(t *testing.T) {
	fromNode, fromClient, failing := 0, 0, 0
	for _, net := range []string{"testdata/lb-target-unreachable/alb.net.hcl", "testdata/lb-target-unreachable/nlb.net.hcl",
		"testdata/lb-target-unreachable/health.net.hcl", "testdata/lb-target-unreachable/gwlb.net.hcl",
		"testdata/lb-no-target-in-zone/zones.net.hcl", "../analyzer/testdata/loadbalancer/loadbalancer.net.hcl"} {
		an := analyzerFor(t, net)
		d := an.Dataplane()
		for _, b := range d.Net.LoadBalancers {
			for _, c := range an.CheckTargets(b, packet.Packet{Src: an.RepresentativeClient(b)}) {
				if !c.Reachable {
					failing++
				}
				if c.Target != nil && !c.ClientIP {
					fromNode++
					replayFromNode(t, net, an, c)
					continue
				}
				if replayFromClient(t, net, an, b, c) {
					fromClient++
				}
			}
		}
	}
	t.Logf("replayed %d legs from the node, %d from the client; %d failing", fromNode, fromClient, failing)
	if fromNode == 0 || fromClient == 0 || failing == 0 {
		t.Errorf("too little replayed: %d legs from the node, %d from the client, %d failing", fromNode, fromClient, failing)
	}
}

// replayFromNode traces the leg's packet from the node to the target.
func replayFromNode(t *testing.T, net string, an *analyzer.Analyzer, c analyzer.TargetCheck) {
	t.Helper()
	p := c.Packet
	q := analyzer.TraceQuery{From: p.Src.String(), To: c.TargetIP.String(), Protocol: model.Protocol(p.Proto),
		DstPort: p.DstPort, SrcPort: p.SrcPort, SrcIP: p.Src, DstIP: p.Dst}
	tr, err := an.Trace(q)
	if err != nil {
		t.Errorf("%s: trace %s -> %s: %v", net, q.From, q.To, err)
		return
	}
	reachable := tr.Arrived && (tr.Return == nil || tr.Returned)
	if tr.Arrived != c.Arrived || reachable != c.Reachable || tr.ForwardOutcome.Code != c.Outcome.Code {
		t.Errorf("%s: leg %s of %s: the rule says arrived=%v reachable=%v (%s), trace says arrived=%v reachable=%v (%s)",
			net, p, model.Label(c.LoadBalancer), c.Arrived, c.Reachable, c.Outcome.Code, tr.Arrived, reachable, tr.ForwardOutcome.Code)
		return
	}
	if c.Arrived && !c.Reachable && tr.ReturnOutcome.Code != c.ReturnOutcome.Code {
		t.Errorf("%s: leg %s of %s: the reply ends %s for the rule, %s for trace", net, p, model.Label(c.LoadBalancer), c.ReturnOutcome.Code, tr.ReturnOutcome.Code)
	}
}

// replayFromClient traces the client's packet to the node on the
// listener's port and compares trace's leg with the check's when they are
// about the same target (trace's node picks the first it may forward to).
func replayFromClient(t *testing.T, net string, an *analyzer.Analyzer, b *model.LoadBalancer, c analyzer.TargetCheck) bool {
	t.Helper()
	d := an.Dataplane()
	node := dataplane.FirstV4(d.Addrs[c.Node])
	from := "internet"
	if b.Internal {
		from = an.RepresentativeClient(b).String()
	}
	src := an.RepresentativeClient(b)
	q := analyzer.TraceQuery{From: from, To: node.String(), Protocol: model.Protocol(c.Packet.Proto), DstPort: c.Listener.Port, SrcIP: src, DstIP: node}
	tr, err := an.Trace(q)
	if err != nil {
		t.Errorf("%s: trace %s -> %s: %v", net, q.From, q.To, err)
		return false
	}
	if tr.LB == nil {
		if tr.Arrived {
			t.Errorf("%s: trace %s -> %s:%d arrives at the node but makes no leg", net, q.From, q.To, q.DstPort)
		}
		return false // the client does not reach the node: nothing to compare
	}
	leg := tr.LB
	if leg.Target != c.Target || leg.Group != c.Group || c.HealthCheck {
		return false
	}
	if leg.Arrived != c.Arrived || leg.Outcome.Code != c.Outcome.Code || leg.Returned != c.Returned {
		t.Errorf("%s: %s: the rule's leg ends %s (arrived %v), trace's %s (arrived %v)", net, model.Label(b), c.Outcome.Code, c.Arrived, leg.Outcome.Code, leg.Arrived)
	}
	return true
}
