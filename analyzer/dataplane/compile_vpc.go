package dataplane

import (
	"fmt"
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

// fillENI: a sending ENI hands the packet to its subnet's router after its
// security groups' egress rules; a receiving ENI accepts what is addressed
// to it and, when source/destination check is disabled, forwards the rest
// (an appliance): https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html#EIP_Disable_SrcDestCheck
func (c *compiler) fillENI(e *model.NetworkInterface) {
	s := e.SubnetOf()
	router := c.d.Router[s]
	out := c.route(c.d.ENIOut[e], AllAddresses, router, "sent by "+model.Label(c.displayOf(e)), e, e.Range)
	c.d.Edges[out].Filters = c.sgFilters(e, SGEgress)
	if !lbNodeSends(e) {
		c.d.Edges[out].Guards = c.srcDstGuards(e)
	}
	in := c.d.ENIIn[e]
	acc := c.route(in, HostPrefixes(c.d.Addrs[e]), c.d.Accept[e], "addressed to "+model.Label(c.displayOf(e)), e, e.Range)
	c.acceptAtLB(e, acc)
	if !e.SourceDestCheck {
		fwd := c.route(in, AllAddresses, router, "forwarded by "+model.Label(c.displayOf(e))+" (source/destination check disabled)", e, e.Range)
		c.d.Edges[fwd].Filters = c.sgFilters(e, SGEgress)
	}
}

// srcDstGuards: an ENI with source/destination check enabled sends only
// from its own addresses.
func (c *compiler) srcDstGuards(e *model.NetworkInterface) []Guard {
	if !e.SourceDestCheck {
		return nil
	}
	return []Guard{{Src: HostPrefixes(c.d.Addrs[e]), Fail: Outcome{Code: CodeSrcDstCheck, Component: e,
		Message: fmt.Sprintf("%s drops traffic whose source is not its own address: source/destination check is enabled", model.Label(c.displayOf(e))), Range: e.Range}}}
}

// fillDeliver: the local route delivers to the subnet holding the
// destination; leaving the source subnet and entering another passes both
// network ACLs, staying in the subnet passes none:
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
func (c *compiler) fillDeliver(s *model.Subnet) {
	v := s.VPCOf()
	id := c.deliver[s]
	for _, dst := range v.Subnets {
		if _, ok := c.subnet[dst]; !ok {
			continue
		}
		e := c.route(id, SubnetPrefixes(dst), c.subnet[dst], "local route to subnet "+dst.Name, dst, dst.Range)
		c.d.Edges[e].Filters = c.crossing(s, dst)
	}
	c.drop(id, v.Prefixes(), Outcome{Code: CodeNoSubnet, Component: v, Message: fmt.Sprintf("no subnet of vpc %s holds the destination", v.Name), Range: v.Range})
}

// crossing returns the network ACL filters a packet passes going from
// subnet from to subnet to (nil from: arriving from a gateway).
func (c *compiler) crossing(from, to *model.Subnet) []*Filter {
	if from == to {
		return nil
	}
	var fs []*Filter
	if from != nil {
		fs = append(fs, c.naclFilter(from, NACLEgress))
	}
	if to != nil {
		fs = append(fs, c.naclFilter(to, NACLIngress))
	}
	return compact(fs)
}

func compact(fs []*Filter) []*Filter {
	out := fs[:0]
	for _, f := range fs {
		if f != nil {
			out = append(out, f)
		}
	}
	return out
}

func (c *compiler) fillDeliverIn(v *model.VPC) {
	id := c.deliverIn[v]
	for _, dst := range v.Subnets {
		if _, ok := c.subnet[dst]; !ok {
			continue
		}
		e := c.route(id, SubnetPrefixes(dst), c.subnet[dst], "local route to subnet "+dst.Name, dst, dst.Range)
		c.d.Edges[e].Filters = c.crossing(nil, dst)
	}
	c.drop(id, v.Prefixes(), Outcome{Code: CodeNoSubnet, Component: v, Message: fmt.Sprintf("no subnet of vpc %s holds the destination", v.Name), Range: v.Range})
}

// fillSubnet: inside the destination subnet, the packet goes to the ENI or
// NAT gateway owning the address, through the ENI's security groups.
func (c *compiler) fillSubnet(s *model.Subnet) {
	id := c.subnet[s]
	for _, e := range s.Interfaces {
		if in, ok := c.d.ENIIn[e]; ok {
			ed := c.route(id, HostPrefixes(c.d.Addrs[e]), in, "to "+model.Label(c.displayOf(e)), e, e.Range)
			c.d.Edges[ed].Filters = c.sgFilters(e, SGIngress)
		}
	}
	for _, g := range c.natsIn[s] {
		if a, ok := c.d.NATAddr[g]; ok {
			c.route(id, HostPrefixes([]netip.Addr{a}), c.natAddressed[g], "to nat gateway "+g.Name, g, g.Range)
		}
	}
	if h, ok := c.d.Hypothetical[s]; ok {
		if r, ok := c.d.Router[s]; ok {
			msg := fmt.Sprintf("delivered to the hypothetical host %s of subnet %s", h.Private, s.Name)
			h.Terminal = c.replyFrom(c.terminal(Outcome{Code: CodeAccepted, Component: s, Message: msg, Range: s.Range}, true), r)
			c.d.Hypothetical[s] = h
			c.route(id, HostPrefixes([]netip.Addr{h.Private}), h.Terminal, "to the hypothetical host "+h.Private.String(), s, s.Range)
		}
	}
	t := c.terminal(Outcome{Code: CodeNoHost, Component: s, Message: fmt.Sprintf("no host in subnet %s has the destination address", s.Name), Range: s.Range}, false)
	c.d.NoHost[s] = t
	c.route(id, SubnetPrefixes(s), t, string(CodeNoHost), s, s.Range)
}
