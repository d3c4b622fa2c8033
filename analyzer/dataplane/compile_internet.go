package dataplane

import (
	"fmt"
	"net/netip"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// fillInternet: the internet delivers public addresses of the network to
// their VPC's internet gateway (IPv6 blocks too, or to an egress-only
// gateway, which admits only replies); everything else leaves the network.
func (c *compiler) fillInternet() {
	id := c.d.Internet
	type pub struct {
		addr netip.Addr
		vpc  *model.VPC
		obj  model.Object
	}
	var pubs []pub
	for _, e := range c.net.Interfaces {
		if a, ok := c.d.PublicAddr[e]; ok && e.SubnetOf() != nil && e.SubnetOf().VPCOf() != nil {
			pubs = append(pubs, pub{a, e.SubnetOf().VPCOf(), c.displayOf(e)})
		}
	}
	for _, g := range c.net.NATGateways {
		if a, ok := c.d.NATPublic[g]; ok && g.SubnetOf() != nil && g.SubnetOf().VPCOf() != nil {
			pubs = append(pubs, pub{a, g.SubnetOf().VPCOf(), g})
		}
	}
	for _, s := range c.net.Subnets {
		if h, ok := c.d.Hypothetical[s]; ok && h.Public.IsValid() && s.VPCOf() != nil {
			pubs = append(pubs, pub{h.Public, s.VPCOf(), s})
		}
	}
	for _, p := range pubs {
		host := HostPrefixes([]netip.Addr{p.addr})
		if in, ok := c.igwIn[p.vpc]; ok {
			c.route(id, host, in, fmt.Sprintf("internet -> %s (public IP of %s)", c.display(p.addr), model.Label(p.obj)), p.vpc.InternetGateway, p.vpc.InternetGateway.Range)
			continue
		}
		c.drop(id, host, Outcome{Code: CodeIGWDetached, Component: p.vpc,
			Message: fmt.Sprintf("%s has a public IP but vpc %s has no internet gateway", model.Label(p.obj), p.vpc.Name), Range: p.vpc.Range})
	}
	for _, v := range c.net.VPCs {
		for _, b := range v.IPv6CIDRs {
			if in, ok := c.igwIn[v]; ok {
				c.route(id, []netip.Prefix{b.Prefix}, in, "internet -> vpc "+v.Name+" (IPv6)", v.InternetGateway, v.InternetGateway.Range)
			} else if in, ok := c.eigwIn[v]; ok {
				c.route(id, []netip.Prefix{b.Prefix}, in, "internet -> vpc "+v.Name+" (IPv6)", v.EgressOnlyIGW, v.EgressOnlyIGW.Range)
			}
		}
	}
	c.route(id, AllAddresses, c.replyFrom(c.terminal(Outcome{Code: CodeExitsNetwork, Message: "leaves the network to the internet"}, true), id), "internet", nil, hcl.Range{})
}
