package rules

import (
	"fmt"

	"github.com/vpcheck/vpcheck/model"
)

// Block sizes AWS accepts. IPv4: "The allowed block size is between a /16
// netmask (65,536 IP addresses) and /28 netmask (16 IP addresses)", for VPCs
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html)
// and subnets (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
// IPv6: an Amazon-provided VPC block is a /56; with IPAM or BYOIP a VPC
// block is /44 to /60 and a subnet block /44 to /64, "in increments of /4".
const (
	minIPv4Bits = 16
	maxIPv4Bits = 28
)

// CIDRSize reports VPC and subnet blocks of a size AWS does not accept.
var CIDRSize = &Rule{
	ID:       "cidr-size",
	Severity: Error,
	Run: func(p *Pass) error {
		for _, v := range p.Network.VPCs {
			for _, b := range v.CIDRs {
				checkIPv4Size(p, "vpc "+v.Name, v, b)
			}
			for _, b := range v.IPv6CIDRs {
				checkIPv6Size(p, "vpc "+v.Name, v, b, 44, 60)
			}
		}
		for _, s := range p.Network.Subnets {
			if s.CIDR.Prefix.IsValid() {
				checkIPv4Size(p, "subnet "+s.Name, s, s.CIDR)
			}
			if s.IPv6CIDR.Prefix.IsValid() {
				checkIPv6Size(p, "subnet "+s.Name, s, s.IPv6CIDR, 44, 64)
			}
		}
		return nil
	},
}

func checkIPv4Size(p *Pass, what string, o model.Object, b model.Block) {
	bits := b.Prefix.Bits()
	if !b.Prefix.Addr().Is4() || (bits >= minIPv4Bits && bits <= maxIPv4Bits) {
		return
	}
	fix := fmt.Sprintf("Use blocks of /%d to /%d.", minIPv4Bits, maxIPv4Bits)
	if bits < minIPv4Bits {
		fix = fmt.Sprintf("Split %s into /16 blocks (a VPC takes up to five IPv4 blocks by default).", b.Prefix)
	}
	p.Report(Finding{
		Message:  fmt.Sprintf("%s block %s is a /%d; aws accepts ipv4 blocks from /%d to /%d", what, b.Prefix, bits, minIPv4Bits, maxIPv4Bits),
		Range:    blockRange(b, o.Base().Range),
		Resource: Address(o),
		Fix:      fix,
	})
}

func checkIPv6Size(p *Pass, what string, o model.Object, b model.Block, lo, hi int) {
	bits := b.Prefix.Bits()
	if !b.Prefix.Addr().Is6() || (bits >= lo && bits <= hi && bits%4 == 0) {
		return
	}
	p.Report(Finding{
		Message:  fmt.Sprintf("%s ipv6 block %s is a /%d; aws accepts /%d to /%d in steps of 4", what, b.Prefix, bits, lo, hi),
		Range:    blockRange(b, o.Base().Range),
		Resource: Address(o),
		Fix:      fmt.Sprintf("Use an IPv6 block of /%d to /%d in steps of 4 (a VPC's Amazon-provided block is a /56, a subnet's usually a /64).", lo, hi),
	})
}
