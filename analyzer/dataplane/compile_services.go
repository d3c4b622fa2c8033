package dataplane

import (
	"fmt"
	"net/netip"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// Services every instance reaches. The Amazon DNS server (Route 53
// Resolver) answers at the VPC's primary IPv4 block base +2, 169.254.169.253
// and fd00:ec2::253
// (https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html);
// the instance metadata service at 169.254.169.254 and fd00:ec2::254
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html);
// the Amazon Time Sync Service at 169.254.169.123 and fd00:ec2::123
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/set-time.html).
// Neither security groups nor network ACLs filter traffic to and from
// them, nor to the other link-local services (Windows license activation
// at 169.254.169.250-251, the ECS task metadata endpoint at 169.254.170.2):
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
// So an ENI reaches them before its security groups are evaluated, and the
// reply comes straight back to it. Other link-local addresses are not
// routed beyond the interface: a packet to one goes nowhere, and no
// filter is to blame.

// ServiceKind is one of the Amazon services every instance reaches.
type ServiceKind uint8

// The services.
const (
	ServiceDNS ServiceKind = iota
	ServiceMetadata
	ServiceTimeSync
	ServiceLinkLocal
	numServices
)

var serviceNames = [numServices]string{
	"the Amazon DNS server (Route 53 Resolver)",
	"the instance metadata service",
	"the Amazon Time Sync Service",
	"an Amazon link-local service (license activation, task metadata)",
}

func (k ServiceKind) String() string { return serviceNames[k] }

// serviceBlocks are the link-local addresses of each service; the DNS
// server's in-VPC address (base +2) is added per VPC.
var serviceBlocks = [numServices][]netip.Prefix{
	ServiceDNS:       {netip.MustParsePrefix("169.254.169.253/32"), netip.MustParsePrefix("fd00:ec2::253/128")},
	ServiceMetadata:  {netip.MustParsePrefix("169.254.169.254/32"), netip.MustParsePrefix("fd00:ec2::254/128")},
	ServiceTimeSync:  {netip.MustParsePrefix("169.254.169.123/32"), netip.MustParsePrefix("fd00:ec2::123/128")},
	ServiceLinkLocal: {netip.MustParsePrefix("169.254.169.250/31"), netip.MustParsePrefix("169.254.170.2/32")},
}

// linkLocal are the blocks not routed beyond an interface.
var linkLocal = []netip.Prefix{netip.MustParsePrefix("169.254.0.0/16"), netip.MustParsePrefix("fe80::/10")}

// Services is what one VPC's instances reach without filters: the node
// that dispatches to them, a delivered terminal per service, and the
// blocks that lead to each.
type Services struct {
	Node     NodeID
	Terminal [numServices]NodeID
	Blocks   [numServices][]netip.Prefix
	// Senders are the blocks every sender routes to Node: the services'
	// and the link-local blocks.
	Senders []netip.Prefix
}

// ServiceBlocks returns the addresses of the services of vpc v, by
// terminal (nil when v has none compiled).
func (d *Dataplane) ServiceBlocks(v *model.VPC) map[NodeID][]netip.Prefix {
	s, ok := d.Services[v]
	if !ok {
		return nil
	}
	out := map[NodeID][]netip.Prefix{}
	for k := range s.Terminal {
		out[s.Terminal[k]] = s.Blocks[k]
	}
	return out
}

// createServices makes each VPC's service node and terminals, and the node
// their replies start from, which hands each reply to the interface (or
// the hypothetical host of a free subnet address) it is for, unfiltered.
func (c *compiler) createServices() {
	c.linkLocalDrop = c.terminal(Outcome{Code: CodeNoRoute,
		Message: "a link-local address is not routed beyond the network interface, and no Amazon service answers at this one"}, false)
	for _, v := range c.net.VPCs {
		reply := c.dispatch(NodeDeliverIn, v, "vpc "+v.Name+" (amazon services)", FieldDst,
			Outcome{Code: CodeNoHost, Component: v, Message: fmt.Sprintf("no host in vpc %s has the reply's destination", v.Name), Range: v.Range})
		s := Services{Node: c.dispatch(NodeDeliverIn, v, "vpc "+v.Name+" (amazon services)", FieldDst, Outcome{})}
		v6 := len(v.IPv6CIDRs) > 0
		for k := ServiceKind(0); k < numServices; k++ {
			// The IPv6 addresses serve instances with IPv6 addresses only.
			for _, b := range serviceBlocks[k] {
				if b.Addr().Is4() || v6 {
					s.Blocks[k] = append(s.Blocks[k], b)
				}
			}
			if k == ServiceDNS && len(v.CIDRs) > 0 {
				base := v.CIDRs[0].Prefix.Masked().Addr()
				s.Blocks[k] = append([]netip.Prefix{netip.PrefixFrom(AddrFrom32(U32(base)+2), 32)}, s.Blocks[k]...)
			}
			t := c.terminal(Outcome{Code: CodeAccepted, Component: v, Range: v.Range,
				Message: fmt.Sprintf("delivered to %s of vpc %s (not filtered by security groups or network ACLs)", k, v.Name)}, true)
			s.Terminal[k] = c.replyFrom(t, reply)
			c.route(s.Node, s.Blocks[k], t, k.String(), v, v.Range)
		}
		s.Senders = append(s.Senders, s.Blocks[ServiceDNS][0], linkLocal[0])
		if v6 {
			s.Senders = append(s.Senders, netip.MustParsePrefix("fd00:ec2::/64"), linkLocal[1])
			c.route(s.Node, []netip.Prefix{linkLocal[1]}, c.linkLocalDrop, "link-local", v, v.Range)
		}
		c.route(s.Node, []netip.Prefix{linkLocal[0]}, c.linkLocalDrop, "link-local", v, v.Range)
		c.d.Services[v] = s
		c.serviceReply[v] = reply
	}
}

// fillServices routes every sender of a VPC (its ENIs, and each subnet's
// router for a hypothetical host) to the services, ahead of any filter,
// and the reply node to each subnet.
func (c *compiler) fillServices() {
	for _, v := range c.net.VPCs {
		s, ok := c.d.Services[v]
		if !ok {
			continue
		}
		reply := c.serviceReply[v]
		for _, sub := range v.Subnets {
			router, ok := c.d.Router[sub]
			if !ok {
				continue
			}
			for _, e := range sub.Interfaces {
				out, ok := c.d.ENIOut[e]
				if !ok {
					continue
				}
				c.serviceRoute(out, v, s, e, c.srcDstGuards(e))
			}
			c.serviceRoute(router, v, s, sub, nil)
			// The reply enters the subnet with no network ACL in the way;
			// the security groups there let replies through (stateful).
			if in, ok := c.subnet[sub]; ok {
				c.route(reply, SubnetPrefixes(sub), in, "reply from an amazon service to subnet "+sub.Name, sub, sub.Range)
			}
		}
	}
}

// serviceRoute adds, at node from, one route to the VPC's services for the
// blocks its table does not already route.
func (c *compiler) serviceRoute(from NodeID, v *model.VPC, s Services, via model.Object, guards []Guard) {
	var ps []netip.Prefix
	for _, p := range s.Senders {
		if !c.d.Nodes[from].Table.Has(p) {
			ps = append(ps, p)
		}
	}
	if len(ps) > 0 {
		e := c.route(from, ps, s.Node, "to the amazon services of vpc "+v.Name, via, hcl.Range{})
		c.d.Edges[e].Guards = guards
	}
}
