package rules

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// SubnetOutsideVPC reports subnets whose block does not lie inside one block
// of their VPC. "The CIDR block of a subnet must be a subset of the VPC CIDR
// block" — one block: a subnet cannot span two of the VPC's blocks.
// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
var SubnetOutsideVPC = &Rule{
	ID:       "subnet-outside-vpc",
	Severity: Error,
	Run: func(p *Pass) error {
		for _, s := range p.Network.Subnets {
			v := s.VPCOf()
			if v == nil {
				continue
			}
			checkSubnetBlock(p, s, v, s.CIDR, v.CIDRs, "")
			checkSubnetBlock(p, s, v, s.IPv6CIDR, v.IPv6CIDRs, "ipv6 ")
		}
		return nil
	},
}

func checkSubnetBlock(p *Pass, s *model.Subnet, v *model.VPC, b model.Block, vpcBlocks []model.Block, family string) {
	if !b.Prefix.IsValid() {
		return
	}
	var names []string
	for _, vb := range vpcBlocks {
		if model.Covers(vb.Prefix, b.Prefix) {
			return
		}
		names = append(names, vb.Prefix.String())
	}
	if len(names) == 0 {
		// The VPC's blocks of this family are not known: an
		// Amazon-provided IPv6 block or an IPAM allocation is assigned on
		// apply, and the loaders leave it out (with a notice). Nothing
		// can be judged.
		return
	}
	r := blockRange(b, s.Range)
	how := "is outside"
	for _, vb := range vpcBlocks {
		if vb.Prefix.Overlaps(b.Prefix) {
			how = "straddles the edge of"
		}
	}
	p.Report(Finding{
		Message:  fmt.Sprintf("subnet %s %s %s the %sblocks of vpc %s (%s)", s.Name, b.Prefix, how, family, v.Name, strings.Join(names, ", ")),
		Range:    r,
		Resource: Address(s),
		Related:  []Related{{Message: "vpc " + v.Name, Resource: Address(v), Range: v.Range}},
		Fix:      fmt.Sprintf("Choose a block inside one of %s, or associate the block the subnet was meant to come from with vpc %s.", strings.Join(names, ", "), v.Name),
	})
}

// blockRange is where a block is written, else its owner.
func blockRange(b model.Block, owner hcl.Range) hcl.Range {
	if b.Range.Filename != "" {
		return b.Range
	}
	return owner
}

// prefixSize is the number of addresses in an IPv4 block (0 for IPv6).
func prefixSize(p netip.Prefix) int {
	if !p.Addr().Is4() {
		return 0
	}
	return 1 << (32 - p.Bits())
}
