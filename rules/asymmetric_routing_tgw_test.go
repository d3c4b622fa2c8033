package rules

import (
	"net/netip"
	"testing"
	"time"
)

func TestMinusPrefixes(t *testing.T) {
	p := netip.MustParsePrefix("10.0.0.0/8")
	got := minus(p, []netip.Prefix{netip.MustParsePrefix("10.0.16.0/20"), netip.MustParsePrefix("192.168.0.0/16")})
	if len(got) != 12 {
		t.Fatalf("10/8 minus a /20 is 12 prefixes, got %d: %v", len(got), got)
	}
	for _, g := range got {
		if g.Overlaps(netip.MustParsePrefix("10.0.16.0/20")) || !p.Contains(g.Addr()) {
			t.Errorf("%s is not in 10/8 minus 10.0.16/20", g)
		}
	}
	if got := minus(p, []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0")}); len(got) != 0 {
		t.Errorf("10/8 minus 0/0: %v", got)
	}
	if got := minus(netip.MustParsePrefix("::/0"), []netip.Prefix{netip.MustParsePrefix("8000::/1")}); len(got) != 1 || got[0] != netip.MustParsePrefix("::/1") {
		t.Errorf("::/0 minus 8000::/1: %v", got)
	}
}

// TestTransitCandidatesPerTablePair: the candidates are per pair of route
// tables, not per pair of VPCs or subnets. The two-TGW fixture has two
// VPC tables (one candidate each way); the symmetric one none at the VPC
// level.
// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
func TestTransitCandidatesPerTablePair(t *testing.T) {
	for path, want := range map[string]int{
		"testdata/asymmetric-routing/two-tgw":           2,
		"testdata/asymmetric-routing/two-tgw-symmetric": 0,
		"testdata/asymmetric-routing/one-tgw-no-return": 1,
		// b's table routes nothing to the gateway: b is still a receiver.
		"testdata/asymmetric-routing/one-tgw-vpc-no-return": 1,
	} {
		if got := tgwCandidates(loadFixture(t, path)); len(got) != want {
			t.Errorf("%s: %d candidates, want %d: %v", path, len(got), want, got)
		}
	}
}

func TestTransitCandidatesGenerated(t *testing.T) {
	net := generated(t, 400)
	start := time.Now()
	got := tgwCandidates(net)
	// At most one candidate per VPC route table and transit gateway, plus
	// one per pair of transit gateway route tables: linear in the tables.
	bound := len(net.RouteTables)*len(net.TransitGateways) + len(net.TGWRouteTables)*len(net.TGWRouteTables)
	if len(got) > bound {
		t.Errorf("%d candidates on the generated network, more than %d: not linear in its tables", len(got), bound)
	}
	// Its public subnets answer other VPCs through the internet gateway
	// (their table has only 0.0.0.0/0 to it): those are candidates.
	if len(got) == 0 {
		t.Error("no candidate on the generated network, whose public subnets have no route back")
	}
	t.Logf("%d candidates on 400 VPCs in %v", len(got), time.Since(start))
}
