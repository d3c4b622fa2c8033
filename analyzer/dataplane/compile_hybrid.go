package dataplane

import (
	"fmt"
	"net/netip"
	"sort"

	"github.com/vpcheck/vpcheck/model"
)

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
		c.drop(id, AllAddresses, Outcome{Code: CodeVGWDetached, Component: g, Message: fmt.Sprintf("vpn gateway %s is not attached to a vpc", g.Name), Range: g.Range})
		return
	}
	next := c.gatewayIngress(g, c.deliverIn[v])
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
		c.route(id, AllAddresses, c.d.Internet, "on-prem "+o.Name+" -> internet", o, o.Range)
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
