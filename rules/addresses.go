package rules

import (
	"net/netip"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// Addresses lists every private address the input assigns and every
// interface that takes an address from a subnet, for the addressing rules.
var Addresses = &Analysis{
	Name: "addresses",
	Run: func(p *Pass) (any, error) {
		return collectAddresses(p.Network), nil
	},
}

func addressesOf(p *Pass) *addressPlan {
	v, err := p.ResultOf(Addresses)
	if err != nil {
		panic(err) // Addresses cannot fail
	}
	return v.(*addressPlan)
}

// assignedAddr is one private address given to something in a subnet.
type assignedAddr struct {
	addr   netip.Addr
	subnet *model.Subnet
	// holder identifies who has the address, for collisions: the NAT
	// gateway or endpoint that owns a managed interface, else the interface.
	holder model.Object
	// what names the holder in messages ("instance web-1").
	what     string
	resource string
	rng      hcl.Range
}

// addressPlan is what the input assigns.
type addressPlan struct {
	addrs []assignedAddr
	// takers counts, per subnet, the IPv4 addresses in use: every address
	// assigned, and one for every interface whose address is left to AWS.
	takers map[*model.Subnet]int
}

// holderOf names who holds an interface's addresses.
func holderOf(e *model.NetworkInterface) (holder model.Object, what, resource string, rng hcl.Range) {
	if o := e.Owner.Obj; o != nil {
		return o, name(o), Address(o), e.Range
	}
	if inst := model.Target[*model.Instance](e.Instance); inst != nil {
		if e.DeviceIndex == 0 {
			return e, name(inst), Address(inst), e.Range
		}
		return e, name(e) + " of " + name(inst), Address(e), e.Range
	}
	return e, name(e), Address(e), e.Range
}

func collectAddresses(net *model.Network) *addressPlan {
	plan := &addressPlan{takers: map[*model.Subnet]int{}}
	natWithENI := map[*model.NATGateway]bool{}
	for _, e := range net.Interfaces {
		s := e.SubnetOf()
		if s == nil {
			continue
		}
		holder, what, resource, rng := holderOf(e)
		if g, ok := holder.(*model.NATGateway); ok {
			natWithENI[g] = true
		}
		v4 := 0
		for _, a := range e.PrivateIPs {
			plan.addrs = append(plan.addrs, assignedAddr{a, s, holder, what, resource, rng})
			if a.Is4() {
				v4++
			}
		}
		for _, a := range e.IPv6s {
			plan.addrs = append(plan.addrs, assignedAddr{a, s, holder, what, resource, rng})
		}
		if s.CIDR.Prefix.IsValid() {
			plan.takers[s] += max(1, v4)
		}
	}
	for _, g := range net.NATGateways {
		s := g.SubnetOf()
		if s == nil || natWithENI[g] {
			continue
		}
		if e := model.Target[*model.NetworkInterface](g.Interface); e != nil {
			continue
		}
		if g.PrivateIP.IsValid() {
			plan.addrs = append(plan.addrs, assignedAddr{g.PrivateIP, s, g, name(g), Address(g), g.Range})
		}
		plan.takers[s]++
	}
	// A transit gateway VPC attachment places an interface in each of its
	// subnets: https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
	for _, a := range net.TGWAttachments {
		for _, s := range model.Targets[*model.Subnet](a.Subnets) {
			plan.takers[s]++
		}
	}
	return plan
}
