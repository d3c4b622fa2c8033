package analyzer

import (
	"fmt"
	"net/netip"
	"sort"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// tgwEdge compiles a route to a transit gateway. The VPC must have an
// attachment to it, and the attachment must have a subnet in the sending
// subnet's availability zone: https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
// On the way to the attachment both the sending subnet's outbound and the
// attachment subnet's inbound network ACL rules apply, even when they are
// the same subnet: https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html
func (c *compiler) tgwEdge(id NodeID, from *model.Subnet, t *model.RouteTable, r model.Route, prefixes []netip.Prefix, g *model.TransitGateway) {
	v := t.VPCOf()
	var att *model.TGWAttachment
	for _, a := range v.TransitAttachments {
		if model.Target[*model.TransitGateway](a.TransitGateway) == g && a.Type == model.AttachVPC && a.Available() {
			att = a
		}
	}
	if att == nil {
		c.drop(id, prefixes, Outcome{Code: CodeTGWNoAttachment, Component: g,
			Message: fmt.Sprintf("vpc %s has no available attachment to transit gateway %s", v.Name, g.Name), Range: r.Range})
		return
	}
	if from == nil {
		c.drop(id, prefixes, Outcome{Code: CodeUnsupportedTarget, Component: t,
			Message: fmt.Sprintf("gateway route table %s cannot route to a transit gateway", t.Name), Range: r.Range})
		return
	}
	var in *model.Subnet
	for _, s := range model.Targets[*model.Subnet](att.Subnets) {
		if s.AZ == from.AZ {
			in = s
		}
	}
	if in == nil {
		c.drop(id, prefixes, Outcome{Code: CodeTGWAttachmentAZ, Component: att,
			Message: fmt.Sprintf("transit gateway attachment %s has no subnet in %s, the zone of subnet %s", att.Name, from.AZ, from.Name), Range: att.Range})
		return
	}
	e := c.route(id, prefixes, c.tgwInNode(att, from.AZ), routeVia(t, r), t, r.Range)
	c.d.Edges[e].Filters = compact([]*Filter{c.naclFilter(from, NACLEgress), c.naclFilter(in, NACLIngress)})
}

// tgwInNode is traffic entering a transit gateway through attachment a in
// zone az ("" for VPN, Direct Connect and peering attachments): it is
// routed by the one route table the attachment is associated with.
func (c *compiler) tgwInNode(a *model.TGWAttachment, az string) NodeID {
	k := tgwKey{a, az}
	if id, ok := c.tgwIn[k]; ok {
		return id
	}
	id := c.dispatch(NodeTGWIn, a, "transit gateway attachment "+a.Name, FieldDst, Outcome{})
	c.tgwIn[k] = id
	rt := model.Target[*model.TGWRouteTable](a.Association)
	if rt == nil {
		c.drop(id, allAddr, Outcome{Code: CodeTGWNoAssociation, Component: a,
			Message: fmt.Sprintf("transit gateway attachment %s is associated with no route table", a.Name), Range: a.Range})
		return id
	}
	c.route(id, allAddr, c.tgwTableNode(rt, az), "associated with transit gateway route table "+rt.Name, a, a.Range)
	return id
}

// tgwRank orders transit gateway routes of equal prefix: static, then
// prefix-list, then propagated from VPCs, Direct Connect, VPN:
// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-route-evaluation-overview
func tgwRank(o model.RouteOrigin) int {
	switch o {
	case model.OriginStatic:
		return 0
	case model.OriginPrefixList:
		return 1
	case model.OriginPropagatedVPC:
		return 2
	case model.OriginPropagatedDX:
		return 3
	case model.OriginPropagatedVPNStatic:
		return 4
	}
	return 5
}

func (c *compiler) tgwTableNode(rt *model.TGWRouteTable, az string) NodeID {
	k := tgwTableKey{rt, az}
	if id, ok := c.tgwTable[k]; ok {
		return id
	}
	id := c.dispatch(NodeTGWTable, rt, "transit gateway route table "+rt.Name, FieldDst,
		Outcome{Code: CodeTGWNoRoute, Component: rt, Message: fmt.Sprintf("transit gateway route table %s has no route for the destination", rt.Name), Range: rt.Range})
	c.tgwTable[k] = id
	routes := append([]model.TGWRoute(nil), rt.Routes...)
	sort.SliceStable(routes, func(i, j int) bool { return tgwRank(routes[i].Origin) < tgwRank(routes[j].Origin) })
	for _, r := range routes {
		ps := []netip.Prefix{r.Dest}
		if pl := model.Target[*model.PrefixList](r.DestPrefixList); pl != nil {
			ps = c.prefixListBlocks(pl)
		} else if !r.Dest.IsValid() {
			continue
		}
		var fresh []netip.Prefix
		for _, p := range ps {
			if !c.d.Nodes[id].Table.Has(p) {
				fresh = append(fresh, p)
			}
		}
		if len(fresh) == 0 {
			continue
		}
		dest := r.Dest.String()
		if r.DestPrefixList.Set() {
			dest = "prefix list " + r.DestPrefixList.Key
		}
		b := model.Target[*model.TGWAttachment](r.Attachment)
		if r.Blackhole || b == nil {
			c.drop(id, fresh, Outcome{Code: CodeTGWBlackhole, Component: rt,
				Message: fmt.Sprintf("transit gateway route table %s: %s is a blackhole route", rt.Name, dest), Range: r.Range})
			continue
		}
		via := fmt.Sprintf("transit gateway route table %s: %s -> attachment %s (%s)", rt.Name, dest, b.Name, r.Origin)
		if !b.Available() {
			c.drop(id, fresh, Outcome{Code: CodeTGWUnsupported, Component: b,
				Message: fmt.Sprintf("transit gateway attachment %s is %s", b.Name, b.State), Range: b.Range})
			continue
		}
		to, ok := c.attachmentExit(b, az)
		if !ok {
			c.drop(id, fresh, Outcome{Code: CodeTGWUnsupported, Component: b,
				Message: fmt.Sprintf("transit gateway attachment %s (%s) leads nowhere vpcheck can follow", b.Name, b.Type), Range: b.Range})
			continue
		}
		c.route(id, fresh, to, via, rt, r.Range)
	}
	return id
}

// attachmentExit is where traffic leaving a transit gateway through
// attachment b goes. Into a VPC it emerges in the attachment's subnet of
// the same zone when there is one (else the first zone), and is routed by
// that subnet's route table.
func (c *compiler) attachmentExit(b *model.TGWAttachment, az string) (NodeID, bool) {
	switch b.Type {
	case model.AttachVPC:
		subnets := model.Targets[*model.Subnet](b.Subnets)
		sort.SliceStable(subnets, func(i, j int) bool { return subnets[i].AZ < subnets[j].AZ })
		for _, s := range subnets {
			if s.AZ == az {
				return c.d.Router[s], true
			}
		}
		if len(subnets) > 0 {
			if id, ok := c.d.Router[subnets[0]]; ok {
				return id, true
			}
		}
	case model.AttachVPN:
		if v := model.Target[*model.VPNConnection](b.VPN); v != nil {
			return c.vpn[v], true
		}
	case model.AttachDXGateway:
		if g := model.Target[*model.DXGateway](b.DXGateway); g != nil {
			return c.dx[g], true
		}
	case model.AttachPeering:
		this := model.Target[*model.TransitGateway](b.TransitGateway)
		peer := model.Target[*model.TransitGateway](b.PeerTransitGateway)
		for _, a := range c.net.TGWAttachments {
			if a.Type == model.AttachPeering && model.Target[*model.TransitGateway](a.TransitGateway) == peer &&
				model.Target[*model.TransitGateway](a.PeerTransitGateway) == this {
				return c.tgwInNode(a, ""), true
			}
		}
	}
	return 0, false
}

// fillHybrid compiles virtual private gateways, VPN connections, Direct
// Connect gateways and on-premises sites.
func (c *compiler) fillHybrid() {
	for _, g := range c.net.VPNGateways {
		c.fillVGW(g)
	}
	for _, v := range c.net.VPNConnections {
		c.fillSites(c.vpn[v], v)
	}
	for _, g := range c.net.DXGateways {
		c.fillSites(c.dx[g], g)
	}
	for _, o := range c.net.OnPrem {
		c.fillOnPrem(o)
	}
}

// vgwLearned returns what a VGW learns from its VPN connections and Direct
// Connect gateways, most preferred origin first, with where each goes.
func (c *compiler) vgwLearned(g *model.VPNGateway) []learnedVia {
	var out []learnedVia
	for _, v := range c.net.VPNConnections {
		if model.Target[*model.VPNGateway](v.VPNGateway) == g {
			for _, l := range c.net.LearnedVPN(v) {
				out = append(out, learnedVia{l, c.vpn[v], v})
			}
		}
	}
	for _, dx := range c.net.DXGateways {
		for _, r := range dx.Associations {
			if r.Obj == model.Object(g) {
				for _, l := range c.net.LearnedDX(dx) {
					out = append(out, learnedVia{l, c.dx[dx], dx})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Origin < out[j].Origin })
	return out
}

type learnedVia struct {
	model.Learned
	to  NodeID
	via model.Object
}

// fillVGW: a virtual private gateway delivers its VPC's addresses into the
// VPC (through a gateway route table when one is associated with it) and
// sends what it learned to the VPN connection or Direct Connect gateway
// that announced it — between VPN sites too (VPN CloudHub:
// https://docs.aws.amazon.com/vpn/latest/s2svpn/VPN_CloudHub.html).
func (c *compiler) fillVGW(g *model.VPNGateway) {
	id := c.vgw[g]
	v := model.Target[*model.VPC](g.VPC)
	if v == nil {
		c.drop(id, allAddr, Outcome{Code: CodeVGWDetached, Component: g, Message: fmt.Sprintf("vpn gateway %s is not attached to a vpc", g.Name), Range: g.Range})
		return
	}
	next := c.deliverIn[v]
	for _, t := range c.net.RouteTables {
		for _, r := range t.Gateways {
			if r.Obj == model.Object(g) {
				next = c.gwRouter[t]
			}
		}
	}
	c.route(id, v.Prefixes(), next, fmt.Sprintf("vpn gateway %s -> vpc %s", g.Name, v.Name), g, g.Range)
	for _, l := range c.vgwLearned(g) {
		if !c.d.Nodes[id].Table.Has(l.Prefix) {
			c.route(id, []netip.Prefix{l.Prefix}, l.to, fmt.Sprintf("vpn gateway %s: %s -> %s (%s)", g.Name, l.Prefix, model.Label(l.via), l.Origin), g, g.Range)
		}
	}
}

// fillSites: a VPN connection or Direct Connect gateway hands traffic to the
// on-premises site announcing the destination. A static-only VPN whose
// sites the input does not describe ends at an anonymous site.
func (c *compiler) fillSites(id NodeID, conn model.Object) {
	for _, o := range c.net.OnPrem {
		for _, r := range o.Connections {
			if r.Obj != conn {
				continue
			}
			for _, b := range o.Announced() {
				if !c.d.Nodes[id].Table.Has(b.Prefix) {
					c.route(id, []netip.Prefix{b.Prefix}, c.d.OnPrem[o], fmt.Sprintf("%s -> on-prem %s", model.Label(conn), o.Name), conn, conn.Base().Range)
				}
			}
		}
	}
	if v, ok := conn.(*model.VPNConnection); ok {
		for _, b := range v.StaticRoutes {
			if !c.d.Nodes[id].Table.Has(b.Prefix) {
				t := c.terminal(Outcome{Code: CodeExitsNetwork, Component: v,
					Message: fmt.Sprintf("leaves AWS over vpn connection %s towards %s", v.Name, b.Prefix), Range: b.Range}, true)
				c.d.VPNStatic[t] = b.Prefix
				c.route(id, []netip.Prefix{b.Prefix}, t, fmt.Sprintf("vpn connection %s: static route %s", v.Name, b.Prefix), v, b.Range)
			}
		}
	}
}

// fillOnPrem: an on-premises site keeps its own addresses, sends what AWS
// announces to it over each of its connections back into AWS, and — when it
// says so — everything else to the internet.
func (c *compiler) fillOnPrem(o *model.OnPrem) {
	id := c.d.OnPrem[o]
	var own []netip.Prefix
	for _, b := range o.CIDRs {
		own = append(own, b.Prefix)
	}
	c.route(id, own, c.replyFrom(c.terminal(Outcome{Code: CodeExitsNetwork, Component: o, Message: "arrives at on-prem " + o.Name, Range: o.Range}, true), id),
		"on-prem "+o.Name, o, o.Range)
	for _, r := range o.Connections {
		switch conn := r.Obj.(type) {
		case *model.VPNConnection:
			if g := model.Target[*model.VPNGateway](conn.VPNGateway); g != nil {
				c.announce(id, c.vgwAnnounced(g, conn), c.vgw[g], o, conn)
			}
			if g := model.Target[*model.TransitGateway](conn.TransitGateway); g != nil {
				for _, a := range c.net.TGWAttachments {
					if a.VPN.Obj == model.Object(conn) {
						c.announce(id, c.tgwAnnounced(a), c.tgwInNode(a, ""), o, conn)
					}
				}
			}
		case *model.DXGateway:
			for _, ar := range conn.Associations {
				switch gw := ar.Obj.(type) {
				case *model.VPNGateway:
					ps := blocks(conn.AllowedPrefixes)
					if len(ps) == 0 {
						if v := model.Target[*model.VPC](gw.VPC); v != nil {
							ps = v.Prefixes()
						}
					}
					c.announce(id, ps, c.vgw[gw], o, conn)
				case *model.TransitGateway:
					for _, a := range c.net.TGWAttachments {
						if a.DXGateway.Obj == model.Object(conn) && model.Target[*model.TransitGateway](a.TransitGateway) == gw {
							c.announce(id, blocks(conn.AllowedPrefixes), c.tgwInNode(a, ""), o, conn)
						}
					}
				}
			}
		}
	}
	if o.RoutesToInternet {
		c.route(id, allAddr, c.d.Internet, "on-prem "+o.Name+" -> internet", o, o.Range)
	}
}

func blocks(bs []model.Block) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(bs))
	for _, b := range bs {
		out = append(out, b.Prefix)
	}
	return out
}

func (c *compiler) announce(id NodeID, ps []netip.Prefix, to NodeID, o *model.OnPrem, conn model.Object) {
	var fresh []netip.Prefix
	for _, p := range ps {
		if p.IsValid() && !c.d.Nodes[id].Table.Has(p) {
			fresh = append(fresh, p)
		}
	}
	if len(fresh) > 0 {
		c.route(id, fresh, to, fmt.Sprintf("on-prem %s -> %s", o.Name, model.Label(conn)), conn, conn.Base().Range)
	}
}

// vgwAnnounced is what a VGW announces over one VPN connection: its VPC's
// blocks and, CloudHub, what it learned from its other connections.
func (c *compiler) vgwAnnounced(g *model.VPNGateway, conn *model.VPNConnection) []netip.Prefix {
	var ps []netip.Prefix
	if v := model.Target[*model.VPC](g.VPC); v != nil {
		ps = v.Prefixes()
	}
	for _, l := range c.vgwLearned(g) {
		if l.via != model.Object(conn) {
			ps = append(ps, l.Prefix)
		}
	}
	return ps
}

// tgwAnnounced is what a transit gateway announces over a VPN or Direct
// Connect attachment: the routes of the route table it is associated with.
func (c *compiler) tgwAnnounced(a *model.TGWAttachment) []netip.Prefix {
	rt := model.Target[*model.TGWRouteTable](a.Association)
	if rt == nil {
		return nil
	}
	var ps []netip.Prefix
	for _, r := range rt.Routes {
		if !r.Blackhole && r.Dest.IsValid() && r.Attachment.Obj != model.Object(a) {
			ps = append(ps, r.Dest)
		}
	}
	return ps
}

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
	c.route(id, allAddr, c.replyFrom(c.terminal(Outcome{Code: CodeExitsNetwork, Message: "leaves the network to the internet"}, true), id), "internet", nil, hcl.Range{})
}
