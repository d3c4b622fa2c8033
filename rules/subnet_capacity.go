package rules

import (
	"fmt"
)

// reservedPerSubnet is how many addresses of every subnet AWS keeps:
// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
const reservedPerSubnet = 5

// SubnetCapacity reports subnets with more IPv4 addresses in use than they hold.
var SubnetCapacity = &Rule{
	ID:       "subnet-capacity",
	Severity: Error,
	Requires: []*Analysis{Addresses},
	Run: func(p *Pass) error {
		plan := addressesOf(p)
		for _, s := range p.Network.Subnets {
			n, ok := plan.takers[s]
			if !ok || !s.CIDR.Prefix.Addr().Is4() {
				continue
			}
			usable := prefixSize(s.CIDR.Prefix) - reservedPerSubnet
			if n <= usable {
				continue
			}
			p.Report(Finding{
				Message: fmt.Sprintf("subnet %s %s has %d usable addresses but %d are assigned",
					s.Name, s.CIDR.Prefix, usable, n),
				Range:    blockRange(s.CIDR, s.Range),
				Resource: Address(s),
				Fix:      "Use a larger subnet block, or move some interfaces to another subnet.",
			})
		}
		return nil
	},
}
