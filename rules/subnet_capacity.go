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
	Doc: Doc{
		Title: "a subnet has more addresses assigned than it holds",
		Text: `A subnet of /N holds 2^(32-N) IPv4 addresses, five of which AWS reserves
(https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html): a /28
has 11 usable addresses, a /24 251. Every address the network assigns counts
— each instance or network interface address, primary and secondary, one per
interface whose address is left to AWS, one per NAT gateway, interface
endpoint and transit gateway attachment interface in the subnet.

When more are needed than the subnet has, the last resources cannot be
created. Use a larger subnet, or spread the resources over more subnets.`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "tiny" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/28"
}

network_interface "pool" {
  subnet      = subnet.tiny
  private_ips = ["10.0.1.4", "10.0.1.5", "10.0.1.6", "10.0.1.7", "10.0.1.8", "10.0.1.9",
                 "10.0.1.10", "10.0.1.11", "10.0.1.12", "10.0.1.13", "10.0.1.14"]
}

instance "one-more" {
  subnet = subnet.tiny
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "small" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/27"
}

network_interface "pool" {
  subnet      = subnet.small
  private_ips = ["10.0.1.4", "10.0.1.5", "10.0.1.6", "10.0.1.7", "10.0.1.8", "10.0.1.9",
                 "10.0.1.10", "10.0.1.11", "10.0.1.12", "10.0.1.13", "10.0.1.14"]
}

instance "one-more" {
  subnet = subnet.small
}`,
	},
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
