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
// level. The generated network's VPCs (here 400) on one transit gateway all
// route back the way they came: the candidate search must find none there
// (it is what keeps asymmetric-routing linear).
// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
func TestTransitCandidatesPerTablePair(t *testing.T) {
	for path, want := range map[string]int{
		"testdata/asymmetric-routing/two-tgw":           2,
		"testdata/asymmetric-routing/two-tgw-symmetric": 0,
		"testdata/asymmetric-routing/one-tgw-no-return": 1,
	} {
		if got := tgwCandidates(loadFixture(t, path)); len(got) != want {
			t.Errorf("%s: %d candidates, want %d: %v", path, len(got), want, got)
		}
	}
}

func TestTransitCandidatesGenerated(t *testing.T) {
	net := generated(t, 400)
	start := time.Now()
	if got := tgwCandidates(net); len(got) != 0 {
		t.Errorf("%d candidates on the generated network, want none: %v", len(got), got[0])
	}
	t.Logf("candidates on 400 VPCs in %v", time.Since(start))
}
