package rules

import (
	"fmt"
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

// VPC block quotas: "IPv4 CIDR blocks per VPC: 5, adjustable up to 50; this
// primary CIDR block and all secondary CIDR blocks count toward this
// quota", and likewise 5 IPv6 blocks.
// https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
const (
	defaultBlocksPerVPC = 5
	maxBlocksPerVPC     = 50
)

var (
	rfc1918A    = netip.MustParsePrefix("10.0.0.0/8")
	rfc1918B    = netip.MustParsePrefix("172.16.0.0/12")
	rfc1918C    = netip.MustParsePrefix("192.168.0.0/16")
	benchmark   = netip.MustParsePrefix("198.19.0.0/16")
	defaultVPC  = netip.MustParsePrefix("172.31.0.0/16")
	classicLink = netip.MustParsePrefix("10.0.0.0/15")
	classicLow  = netip.MustParsePrefix("10.0.0.0/16")
)

// secondaryRestrictions returns the ranges a secondary block may not come
// from, given the primary block, per the "IPv4 CIDR block association
// restrictions" table of
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
func secondaryRestrictions(primary netip.Prefix) []netip.Prefix {
	switch {
	case model.Covers(classicLink, primary):
		// "If your primary CIDR falls within the 10.0.0.0/15 range, you
		// cannot add a CIDR block from the 10.0.0.0/16 range."
		return []netip.Prefix{rfc1918B, rfc1918C, benchmark, classicLow}
	case model.Covers(rfc1918A, primary):
		return []netip.Prefix{rfc1918B, rfc1918C, benchmark}
	case model.Covers(rfc1918B, primary):
		return []netip.Prefix{rfc1918A, rfc1918C, defaultVPC, benchmark}
	case model.Covers(rfc1918C, primary):
		return []netip.Prefix{rfc1918A, rfc1918B, benchmark}
	case model.Covers(benchmark, primary):
		return []netip.Prefix{rfc1918A, rfc1918B, rfc1918C}
	}
	// Publicly routable blocks and 100.64.0.0/10.
	return []netip.Prefix{rfc1918A, rfc1918B, rfc1918C, benchmark}
}

// VPCCIDRLimit reports VPCs with more blocks than the quota allows and
// secondary blocks the primary block's range rules out.
var VPCCIDRLimit = &Rule{
	ID:       "vpc-cidr-limit",
	Severity: Error,
	Run: func(p *Pass) error {
		for _, v := range p.Network.VPCs {
			for _, family := range []struct {
				name   string
				blocks []model.Block
			}{{"ipv4", v.CIDRs}, {"ipv6", v.IPv6CIDRs}} {
				n := len(family.blocks)
				if n <= defaultBlocksPerVPC {
					continue
				}
				f := Finding{
					Severity: Warning,
					Message: fmt.Sprintf("vpc %s has %d %s blocks, more than the default quota of %d per vpc",
						v.Name, n, family.name, defaultBlocksPerVPC),
					Range:    blockRange(family.blocks[defaultBlocksPerVPC], v.Range),
					Resource: Address(v),
					Fix:      fmt.Sprintf("Request a quota increase (up to %d) before applying, or consolidate blocks.", maxBlocksPerVPC),
				}
				if n > maxBlocksPerVPC {
					f.Severity = Error
					f.Message = fmt.Sprintf("vpc %s has %d %s blocks, more than the %d aws allows at most", v.Name, n, family.name, maxBlocksPerVPC)
					f.Range = blockRange(family.blocks[maxBlocksPerVPC], v.Range)
					f.Fix = "Split the address space over several VPCs."
				}
				p.Report(f)
			}
			if len(v.CIDRs) < 2 || !v.CIDRs[0].Prefix.Addr().Is4() {
				continue
			}
			primary := v.CIDRs[0].Prefix
			for _, b := range v.CIDRs[1:] {
				for _, r := range secondaryRestrictions(primary) {
					if !r.Overlaps(b.Prefix) {
						continue
					}
					p.Report(Finding{
						Message: fmt.Sprintf("vpc %s secondary block %s is in %s, which aws does not associate with a vpc whose primary block is %s",
							v.Name, b.Prefix, r, primary),
						Range:    blockRange(b, v.Range),
						Resource: Address(v),
						Related:  []Related{{Message: "primary block " + primary.String(), Resource: Address(v), Range: blockRange(v.CIDRs[0], v.Range)}},
						Fix:      fmt.Sprintf("Choose the secondary block from the primary's range (%s) or from 100.64.0.0/10, or create a separate VPC.", rangeOfPrimary(primary)),
					})
					break
				}
			}
		}
		return nil
	},
}

func rangeOfPrimary(p netip.Prefix) string {
	for _, r := range []netip.Prefix{rfc1918A, rfc1918B, rfc1918C, benchmark} {
		if model.Covers(r, p) {
			return r.String()
		}
	}
	return "public space"
}
