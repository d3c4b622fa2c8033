package rules

import (
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/model"
)

// TestRouteDeadEndWitnessesReplay replays each route-dead-end finding's
// witness on the fast path: a packet the route carries (or a reply of a
// subnet it reaches) must end undelivered, dropped for a routing reason
// the rule reports. A transit gateway routes by the route table associated
// with the attachment the packet enters
// (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html); a
// peering needs a route on each side
// (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html).
func TestRouteDeadEndWitnessesReplay(t *testing.T) {
	replayed := 0
	for _, net := range []string{"testdata/route-dead-end/tgw.net.hcl", "testdata/route-dead-end/peering.net.hcl"} {
		an := analyzerFor(t, net)
		p := &Pass{Network: an.Dataplane().Net}
		v, err := RouteRegions.Run(p)
		if err != nil {
			t.Fatal(err)
		}
		regs := v.(*routeRegions)
		using := subnetsUsing(p.Network)
		infra := attachmentOnlySubnets(p.Network)
		cache := map[dataplane.NodeID]*tgwFate{}
		sym := an.Symbolic()
		for _, tb := range p.Network.RouteTables {
			if len(using[tb]) == 0 {
				continue
			}
			for _, rr := range regs.vpc[tb] {
				r := rr.Route
				if r.Target != model.TargetTransitGateway && r.Target != model.TargetPeering || rr.Region.empty() {
					continue
				}
				f, w, ok := deadEnd(sym, infra, cache, tb, using[tb], r, rr.Region)
				if !ok {
					continue
				}
				if w == nil {
					t.Errorf("%s: %s: no witness", net, f.Message)
					continue
				}
				var sess fastpath.Sessions
				res := an.FastPath().Forward(w.Start, w.Packet, &sess, false)
				if o := res.Explained(); res.Delivered || o.Code != w.Code {
					t.Errorf("%s: %s: witness %s ends %s (delivered %v) on the fast path, want %s", net, f.Message, w.Packet, o.Code, res.Delivered, w.Code)
				}
				replayed++
			}
		}
	}
	if replayed < 2 {
		t.Errorf("%d route-dead-end witnesses replayed, want both fixtures' findings", replayed)
	}
}
