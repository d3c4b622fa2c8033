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
			inside := block.IsValid() && block.Contains(a.addr)
			why := ""
			if inside {
				why = model.SubnetReserved(block, a.addr)
			}
			k := key{a.subnet.VPCOf(), a.addr}
			prev, taken := first[k]
			if inside && why == "" && !taken {
				first[k] = a
				continue
			}
			// Only addresses with a finding get their descriptions built.
			what, resource, rng := a.describe()
			switch {
			case !block.IsValid():
				p.Report(Finding{
					Message: fmt.Sprintf("%s has address %s but subnet %s has no %s block", what, a.addr, a.subnet.Name, familyName(a.addr)),
					Range:   rng, Resource: resource,
					Fix: fmt.Sprintf("Give subnet %s an %s block, or remove the address.", a.subnet.Name, familyName(a.addr)),
				})
			case !inside:
				p.Report(Finding{
					Message: fmt.Sprintf("%s address %s is outside its subnet %s %s", what, a.addr, a.subnet.Name, block),
					Range:   rng, Resource: resource,
					Related: []Related{{Message: "subnet " + a.subnet.Name, Resource: Address(a.subnet), Range: a.subnet.Range}},
					Fix:     fmt.Sprintf("Choose an address inside %s, or place the interface in the subnet that holds %s.", block, a.addr),
				})
			case why != "":
				p.Report(Finding{
					Message: fmt.Sprintf("%s address %s is reserved in subnet %s %s (%s)", what, a.addr, a.subnet.Name, block, why),
					Range:   rng, Resource: resource,
					Related: []Related{{Message: "subnet " + a.subnet.Name, Resource: Address(a.subnet), Range: a.subnet.Range}},
					Fix:     hostRangeFix(block),
				})
			case prev.holder() == a.holder():
				if prev.eni == a.eni && prev.nat == a.nat {
					p.Report(Finding{
						Message: fmt.Sprintf("%s lists address %s twice", what, a.addr),
						Range:   rng, Resource: resource,
						Fix: "List each address once.",
					})
				}
			default:
				pwhat, presource, prng := prev.describe()
				if rangeLess(rng, prng) {
					what, resource, rng, pwhat, presource, prng = pwhat, presource, prng, what, resource, rng
				}
				p.Report(Finding{
					Message: fmt.Sprintf("%s address %s is also assigned to %s", what, a.addr, pwhat),
					Range:   rng, Resource: resource,
					Related: []Related{{Message: pwhat, Resource: presource, Range: prng}},
					Fix:     "Give each interface its own address; AWS refuses an address already in use in the subnet.",
				})
			}
		}
		return nil
	},
}

func hostRangeFix(block netip.Prefix) string {
	lo, hi := model.SubnetHosts(block)
	return fmt.Sprintf("AWS reserves the first four and the last address of every subnet; use an address from %s to %s.", lo, hi)
}

func familyName(a netip.Addr) string {
	if a.Is4() {
		return "ipv4"
	}
	return "ipv6"
}
