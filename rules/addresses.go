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

func addressesOf(p *Pass) *addressPlan { return mustResultOf[*addressPlan](p, Addresses) }

// assignedAddr is one private address given to something in a subnet.
type assignedAddr struct {
	addr   netip.Addr
	subnet *model.Subnet
	// eni holds the address, or nat when the NAT gateway's interface is
	// not in the input.
	eni *model.NetworkInterface
	nat *model.NATGateway
}

// holder identifies who has the address, for collisions: the NAT gateway
// or endpoint that owns a managed interface, else the interface.
func (a assignedAddr) holder() model.Object {
	if a.nat != nil {
		return a.nat
	}
	if o := a.eni.Owner.Obj; o != nil {
		return o
	}
	return a.eni
}

// describe names the holder in messages ("instance web-1"), the resource
// findings point at and where it is written. It is computed only for the
// addresses a finding is about.
func (a assignedAddr) describe() (what, resource string, rng hcl.Range) {
	if a.nat != nil {
		return name(a.nat), Address(a.nat), a.nat.Range
	}
	_, what, resource, rng = holderOf(a.eni)
	return what, resource, rng
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
		if g, ok := e.Owner.Obj.(*model.NATGateway); ok {
			natWithENI[g] = true
		}
		v4 := 0
		for _, a := range e.PrivateIPs {
			plan.addrs = append(plan.addrs, assignedAddr{addr: a, subnet: s, eni: e})
			if a.Is4() {
				v4++
			}
		}
		for _, a := range e.IPv6s {
			plan.addrs = append(plan.addrs, assignedAddr{addr: a, subnet: s, eni: e})
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
			plan.addrs = append(plan.addrs, assignedAddr{addr: g.PrivateIP, subnet: s, nat: g})
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
