package rules

import (
	"fmt"
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

// ReservedIP reports assigned private addresses AWS will not give out.
// "The first four IP addresses and the last IP address in each subnet CIDR
// block are not available for your use, and can't be assigned to a
// resource": the network address, the VPC router (+1), the DNS server (+2),
// future use (+3) and the last address. The same holds for IPv6 subnets.
// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
var ReservedIP = &Rule{
	ID:       "reserved-ip",
	Severity: Error,
	Doc: Doc{
		Title: "an assigned address is reserved, outside its subnet, or taken twice",
		Text: `Checks every private address the network assigns — instance and network
interface addresses (primary and secondary, IPv4 and IPv6), NAT gateway
addresses, interface endpoint addresses:

- the first four and the last address of every subnet are reserved by AWS
  (network, VPC router, DNS, future use, last) and cannot be assigned
  (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html);
- an address must lie inside its subnet's block;
- no two interfaces of a VPC may hold the same address.

AWS rejects each of these when the resource is created. Pick another address
inside the subnet, from +4 up to the second-to-last.`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

instance "app-1" {
  subnet     = subnet.app
  private_ip = "10.0.1.1"
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

instance "app-1" {
  subnet     = subnet.app
  private_ip = "10.0.1.10"
}`,
	},
	Requires: []*Analysis{Addresses},
	Run: func(p *Pass) error {
		plan := addressesOf(p)
		type key struct {
			vpc  *model.VPC
			addr netip.Addr
		}
		first := map[key]assignedAddr{}
		for _, a := range plan.addrs {
			block := a.subnet.CIDR.Prefix
			if a.addr.Is6() {
				block = a.subnet.IPv6CIDR.Prefix
			}
			switch {
			case !block.IsValid():
				p.Report(Finding{
					Message: fmt.Sprintf("%s has address %s but subnet %s has no %s block", a.what, a.addr, a.subnet.Name, familyName(a.addr)),
					Range:   a.rng, Resource: a.resource,
					Fix: fmt.Sprintf("Give subnet %s an %s block, or remove the address.", a.subnet.Name, familyName(a.addr)),
				})
				continue
			case !block.Contains(a.addr):
				p.Report(Finding{
					Message: fmt.Sprintf("%s address %s is outside its subnet %s %s", a.what, a.addr, a.subnet.Name, block),
					Range:   a.rng, Resource: a.resource,
					Related: []Related{{Message: "subnet " + a.subnet.Name, Resource: Address(a.subnet), Range: a.subnet.Range}},
					Fix:     fmt.Sprintf("Choose an address inside %s, or place the interface in the subnet that holds %s.", block, a.addr),
				})
				continue
			}
			if why := reservedReason(block, a.addr); why != "" {
				p.Report(Finding{
					Message: fmt.Sprintf("%s address %s is reserved in subnet %s %s (%s)", a.what, a.addr, a.subnet.Name, block, why),
					Range:   a.rng, Resource: a.resource,
					Related: []Related{{Message: "subnet " + a.subnet.Name, Resource: Address(a.subnet), Range: a.subnet.Range}},
					Fix:     fmt.Sprintf("AWS reserves the first four and the last address of every subnet; use an address from %s to %s.", block.Addr().Next().Next().Next().Next(), lastAddr(block).Prev()),
				})
				continue
			}
			k := key{a.subnet.VPCOf(), a.addr}
			prev, taken := first[k]
			if !taken {
				first[k] = a
				continue
			}
			if prev.holder == a.holder {
				if prev.what == a.what {
					p.Report(Finding{
						Message: fmt.Sprintf("%s lists address %s twice", a.what, a.addr),
						Range:   a.rng, Resource: a.resource,
						Fix: "List each address once.",
					})
				}
				continue
			}
			x, y := a, prev
			if rangeLess(x.rng, y.rng) {
				x, y = y, x
			}
			p.Report(Finding{
				Message: fmt.Sprintf("%s address %s is also assigned to %s", x.what, x.addr, y.what),
				Range:   x.rng, Resource: x.resource,
				Related: []Related{{Message: y.what, Resource: y.resource, Range: y.rng}},
				Fix:     "Give each interface its own address; AWS refuses an address already in use in the subnet.",
			})
		}
		return nil
	},
}

// reservedReason says why a is reserved in block, or "" when it is not.
func reservedReason(block netip.Prefix, a netip.Addr) string {
	base := block.Masked().Addr()
	switch a {
	case base:
		return "network address"
	case base.Next():
		return "vpc router"
	case base.Next().Next():
		return "dns server"
	case base.Next().Next().Next():
		return "reserved for future use"
	case lastAddr(block):
		return "last address"
	}
	return ""
}

func familyName(a netip.Addr) string {
	if a.Is4() {
		return "ipv4"
	}
	return "ipv6"
}
