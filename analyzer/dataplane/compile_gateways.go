package dataplane

import (
	"fmt"
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

func (c *compiler) fillIGW(v *model.VPC) {
	out, ok := c.igwOut[v]
	if !ok {
		return
	}
	g := v.InternetGateway
	// One-to-one NAT at the internet gateway: the ENI's private address is
	// exchanged for its public one on the way out and back in:
	// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
	next := c.gatewayIngress(g, c.deliverIn[v])
	in := c.igwIn[v]
	for _, s := range v.Subnets {
		for _, e := range s.Interfaces {
			pub, ok := c.d.PublicAddr[e]
			priv := FirstV4(c.d.Addrs[e])
			if !ok || !priv.IsValid() {
				continue
			}
			eo := c.route(out, HostPrefixes([]netip.Addr{priv}), c.d.Internet, fmt.Sprintf("internet gateway %s: %s -> %s", g.Name, priv, c.display(pub)), g, g.Range)
			c.d.Edges[eo].Xform = Xform{Kind: XformSetSrc, Addr: pub}
			ei := c.route(in, HostPrefixes([]netip.Addr{pub}), next, fmt.Sprintf("internet gateway %s: %s -> %s", g.Name, c.display(pub), priv), g, g.Range)
			c.d.Edges[ei].Xform = Xform{Kind: XformSetDst, Addr: priv}
		}
	}
	for _, s := range v.Subnets {
		h, ok := c.d.Hypothetical[s]
		if !ok || !h.Public.IsValid() {
			continue
		}
		eo := c.route(out, HostPrefixes([]netip.Addr{h.Private}), c.d.Internet, fmt.Sprintf("internet gateway %s: %s -> %s", g.Name, h.Private, c.display(h.Public)), g, g.Range)
		c.d.Edges[eo].Xform = Xform{Kind: XformSetSrc, Addr: h.Public}
		ei := c.route(in, HostPrefixes([]netip.Addr{h.Public}), next, fmt.Sprintf("internet gateway %s: %s -> %s", g.Name, c.display(h.Public), h.Private), g, g.Range)
		c.d.Edges[ei].Xform = Xform{Kind: XformSetDst, Addr: h.Private}
	}
	for _, n := range v.NATGateways {
		pub, ok := c.d.NATPublic[n]
		priv, ok2 := c.d.NATAddr[n]
		if !ok || !ok2 {
			continue
		}
		eo := c.route(out, HostPrefixes([]netip.Addr{priv}), c.d.Internet, fmt.Sprintf("internet gateway %s: %s -> %s", g.Name, priv, c.display(pub)), g, g.Range)
		c.d.Edges[eo].Xform = Xform{Kind: XformSetSrc, Addr: pub}
		ei := c.route(in, HostPrefixes([]netip.Addr{pub}), next, fmt.Sprintf("internet gateway %s: %s -> %s", g.Name, c.display(pub), priv), g, g.Range)
		c.d.Edges[ei].Xform = Xform{Kind: XformSetDst, Addr: priv}
	}
	// IPv6 addresses are public: no translation.
	for _, b := range v.IPv6CIDRs {
		c.route(out, []netip.Prefix{b.Prefix}, c.d.Internet, "internet gateway "+g.Name+" (IPv6)", g, g.Range)
		c.route(in, []netip.Prefix{b.Prefix}, next, "internet gateway "+g.Name+" (IPv6)", g, g.Range)
	}
}

// fillEIGW: an egress-only internet gateway passes IPv6 out and lets only
// replies back in: https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
func (c *compiler) fillEIGW(v *model.VPC) {
	out, ok := c.eigwOut[v]
	if !ok {
		return
	}
	g := v.EgressOnlyIGW
	c.route(out, []netip.Prefix{AllIPv6}, c.d.Internet, "egress-only internet gateway "+g.Name, g, g.Range)
	c.drop(out, []netip.Prefix{AllIPv4}, Outcome{Code: CodeEIGWIPv4, Component: g, Message: fmt.Sprintf("egress-only internet gateway %s carries only IPv6", g.Name), Range: g.Range})
	in := c.eigwIn[v]
	e := c.route(in, []netip.Prefix{AllIPv6}, c.deliverIn[v], "egress-only internet gateway "+g.Name+" (reply)", g, g.Range)
	c.d.Edges[e].Mode = ModeReplyOnly
	c.d.Edges[e].ModeFail = &Outcome{Code: CodeEIGWInbound, Component: g, Message: fmt.Sprintf("egress-only internet gateway %s does not admit connections from the internet", g.Name), Range: g.Range}
}

// fillNAT: a NAT gateway rewrites the source of TCP, UDP and ICMP traffic
// to its own address and a port in 1024–65535, routes it with its subnet's
// table, and lets in only replies:
// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html
func (c *compiler) fillNAT(g *model.NATGateway) {
	s := g.SubnetOf()
	a, ok := c.d.NATAddr[g]
	routed := c.natRouted[g]
	if !ok {
		c.drop(routed, AllAddresses, Outcome{Code: CodeNoHost, Component: g, Message: fmt.Sprintf("nat gateway %s has no address", g.Name), Range: g.Range})
		return
	}
	e := c.route(routed, []netip.Prefix{AllIPv4}, c.d.Router[s], "nat gateway "+g.Name+": source -> "+a.String(), g, g.Range)
	c.d.Edges[e].Guards = []Guard{{Protocols: []uint8{uint8(model.ProtoTCP), uint8(model.ProtoUDP), uint8(model.ProtoICMP)}, Fail: Outcome{Code: CodeNATProtocol, Component: g,
		Message: fmt.Sprintf("nat gateway %s translates only TCP, UDP and ICMP", g.Name), Range: g.Range}}}
	c.d.Edges[e].Xform = Xform{Kind: XformSNAT, Addr: a, Ports: model.PortRange{From: 1024, To: 65535}, NAT: g}
	// A reply routed into a NAT gateway it did not come through would be
	// translated as a new connection: the client receives it from the
	// gateway's address and drops it.
	c.d.Edges[e].Mode = ModeForwardOnly
	c.d.Edges[e].ModeFail = &Outcome{Code: CodeAsymmetric, Component: g, Range: g.Range,
		Message: fmt.Sprintf("the reply is routed to nat gateway %s, which the request did not cross: it would be translated and the client would drop it", g.Name)}
	c.drop(routed, []netip.Prefix{AllIPv6}, Outcome{Code: CodeNATIPv6, Component: g, Message: fmt.Sprintf("nat gateway %s does not translate IPv6 (use an egress-only internet gateway)", g.Name), Range: g.Range})
	back := c.route(c.natAddressed[g], AllAddresses, c.d.Router[s], "nat gateway "+g.Name+": reply to the original client", g, g.Range)
	c.d.Edges[back].Mode = ModeReplyOnly
	c.d.Edges[back].ModeFail = &Outcome{Code: CodeNATInbound, Component: g, Message: fmt.Sprintf("nat gateway %s does not accept connections initiated towards it", g.Name), Range: g.Range}
	c.d.Edges[back].Xform = Xform{Kind: XformUnNAT, NAT: g}
}

// peeringNode returns the node for traffic entering peering p from vpc from.
//
// A peering connection carries traffic only while active, only from
// addresses of the sending VPC (no edge-to-edge routing) and only to
// addresses of the peer (it is not transitive):
// https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
func (c *compiler) peeringNode(p *model.Peering, from *model.VPC) NodeID {
	k := peeringKey{p, from}
	if id, ok := c.peering[k]; ok {
		return id
	}
	to := p.Other(from)
	id := c.dispatch(NodePeering, p, "peering connection "+p.Name, FieldDst, Outcome{})
	c.peering[k] = id
	e := c.route(id, to.Prefixes(), c.deliverIn[to], fmt.Sprintf("peering connection %s: vpc %s -> vpc %s", p.Name, from.Name, to.Name), p, p.Range)
	var guards []Guard
	if p.State != "" && p.State != model.PeeringActive {
		guards = append(guards, Guard{Never: true, Fail: Outcome{Code: CodePeeringInactive, Component: p,
			Message: fmt.Sprintf("peering connection %s is %s, not active", p.Name, p.State), Range: p.Range}})
	}
	guards = append(guards, Guard{Src: from.Prefixes(), Fail: Outcome{Code: CodePeeringEdgeToEdge, Component: p,
		Message: fmt.Sprintf("peering connection %s carries only traffic from vpc %s's own addresses (no edge-to-edge routing)", p.Name, from.Name), Range: p.Range}})
	// A peer's gateway endpoint is not reachable through the peering:
	// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
	for _, ep := range to.Endpoints {
		if pl := model.Target[*model.PrefixList](ep.PrefixList); pl != nil && ep.Type == model.EndpointGateway {
			c.drop(id, c.prefixListBlocks(pl), Outcome{Code: CodeEndpointTransitive, Component: ep, Range: ep.Range,
				Message: fmt.Sprintf("gateway endpoint %s of vpc %s serves only traffic from inside vpc %s, not over peering connection %s", ep.Name, to.Name, to.Name, p.Name)})
		}
	}
	c.drop(id, AllAddresses, Outcome{Code: CodePeeringTransitive, Component: p,
		Message: fmt.Sprintf("peering connection %s is not transitive: the destination is not in vpc %s", p.Name, to.Name), Range: p.Range})
	c.d.Edges[e].Guards = guards
	return id
}
