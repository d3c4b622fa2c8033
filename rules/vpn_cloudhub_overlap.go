package rules

import (
	"fmt"
	"net/netip"
	"sort"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// VPNCloudHubOverlap reports on-premises sites behind one gateway whose
// address ranges overlap. A virtual private gateway with several VPN
// connections forms AWS VPN CloudHub, where "the sites must not have
// overlapping IP ranges": https://docs.aws.amazon.com/vpn/latest/s2svpn/VPN_CloudHub.html
// A transit gateway routes between its VPN and Direct Connect attachments
// the same way, one route per prefix.
var VPNCloudHubOverlap = &Rule{
	ID:       "vpn-cloudhub-overlap",
	Severity: Error,
	Requires: []*Analysis{Connectivity},
	Run: func(p *Pass) error {
		conn := connectivityOf(p)
		groups := conn.gatewaySites()
		gateways := make([]model.Object, 0, len(groups))
		for g, sites := range groups {
			if len(sites) > 1 {
				gateways = append(gateways, g)
			}
		}
		sort.Slice(gateways, func(i, j int) bool { return objectLess(gateways[i], gateways[j]) })
		type siteBlock struct {
			site     model.Object
			prefix   netip.Prefix
			rng      hcl.Range
			resource string
		}
		for _, g := range gateways {
			var ps []netip.Prefix
			var vs []siteBlock
			for _, site := range groups[g] {
				var blocks []model.Block
				switch s := site.(type) {
				case *model.OnPrem:
					blocks = s.CIDRs
				case *model.VPNConnection:
					blocks = s.StaticRoutes
				}
				for _, b := range blocks {
					if b.Prefix.Bits() == 0 {
						continue
					}
					ps = append(ps, b.Prefix)
					vs = append(vs, siteBlock{site, b.Prefix, blockRange(b, site.Base().Range), Address(site)})
				}
			}
			newPrefixIndex(ps, vs).pairs(func(a, b *indexEntry[siteBlock]) {
				x, y := a.value, b.value
				if x.site == y.site {
					return
				}
				if rangeLess(x.rng, y.rng) {
					x, y = y, x
				}
				p.Report(Finding{
					Message: fmt.Sprintf("%s %s overlaps %s %s, and both reach %s: only one of them can be routed for the overlap",
						name(x.site), x.prefix, name(y.site), y.prefix, name(g)),
					Range:    x.rng,
					Resource: x.resource,
					Related:  []Related{{Message: fmt.Sprintf("%s %s", name(y.site), y.prefix), Resource: y.resource, Range: y.rng}},
					Fix:      "Re-address one of the sites, or translate it (NAT) on its customer gateway; sites sharing a gateway must have disjoint ranges.",
				})
			})
		}
		return nil
	},
}
