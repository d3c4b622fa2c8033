package rules

import (
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
)

// TestRoutingLoopWitnessesReplay: every loop routing-loop reports is the
// symbolic engine's; its witness packet, traced on the fast path, loops
// too. A loop AWS cannot deliver out of wastes every packet until its TTL
// runs out (https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html).
func TestRoutingLoopWitnessesReplay(t *testing.T) {
	witnesses := 0
	for _, net := range []string{"testdata/routing-loop/loops.net.hcl", "testdata/routing-loop/silent.net.hcl"} {
		an := analyzerFor(t, net)
		p := &Pass{Network: an.Dataplane().Net}
		v, err := RouteRegions.Run(p)
		if err != nil {
			t.Fatal(err)
		}
		g := buildLoopGraph(p.Network, v.(*routeRegions))
		for _, scc := range g.cycles() {
			l := g.findLoop(scc)
			if l == nil {
				continue
			}
			ok, w := confirmLoop(an, g, l)
			if !ok || w == nil {
				continue
			}
			witnesses++
			var sess fastpath.Sessions
			if r := an.FastPath().Forward(w.Start, w.Packet, &sess, false); r.Outcome.Code != dataplane.CodeLoop {
				t.Errorf("%s: loop for %s: witness %s ends %s on the fast path, not in a loop", net, l.addrs, w.Packet, r.Outcome.Code)
			}
		}
	}
	if witnesses < 2 {
		t.Errorf("%d loop witnesses replayed, want the two of loops.net.hcl", witnesses)
	}
}
