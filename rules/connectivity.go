package rules

import (
	"sort"

	"github.com/vpcheck/vpcheck/model"
)

// Connectivity says which VPCs and on-premises sites can exchange traffic at
// all — are peered, share a transit gateway (or transit gateways peered with
// each other), or share a Direct Connect gateway — which is when AWS requires
// their address blocks not to overlap.
var Connectivity = &Analysis{
	Name: "connectivity",
	Run: func(p *Pass) (any, error) {
		return newConnectivity(p.Network), nil
	},
}

func connectivityOf(p *Pass) *connectivity { return mustResultOf[*connectivity](p, Connectivity) }

type connectivity struct {
	peers map[*model.VPC]map[*model.VPC]*model.Peering
	// tgws maps a VPC to the transit gateways it is attached to; domain
	// maps each transit gateway to a representative of the transit
	// gateways peered with it.
	tgws   map[*model.VPC][]*model.TransitGateway
	domain map[*model.TransitGateway]*model.TransitGateway
	// dxgws maps a VPC to the Direct Connect gateways associated with its
	// virtual private gateway.
	dxgws map[*model.VPC][]*model.DXGateway
	// siteVGWs and siteTGWs are the gateways each on-premises site (or VPN
	// connection without a described site) reaches AWS through.
	siteVGWs map[model.Object][]*model.VPNGateway
	siteTGWs map[model.Object][]*model.TransitGateway
}

func newConnectivity(net *model.Network) *connectivity {
	c := &connectivity{
		peers:    map[*model.VPC]map[*model.VPC]*model.Peering{},
		tgws:     map[*model.VPC][]*model.TransitGateway{},
		domain:   map[*model.TransitGateway]*model.TransitGateway{},
		dxgws:    map[*model.VPC][]*model.DXGateway{},
		siteVGWs: map[model.Object][]*model.VPNGateway{},
		siteTGWs: map[model.Object][]*model.TransitGateway{},
	}
	for _, p := range net.Peerings {
		a, b := model.Target[*model.VPC](p.Requester), model.Target[*model.VPC](p.Accepter)
		if a == nil || b == nil || a == b {
			continue
		}
		for _, pair := range [][2]*model.VPC{{a, b}, {b, a}} {
			if c.peers[pair[0]] == nil {
				c.peers[pair[0]] = map[*model.VPC]*model.Peering{}
			}
			if _, ok := c.peers[pair[0]][pair[1]]; !ok {
				c.peers[pair[0]][pair[1]] = p
			}
		}
	}

	// Transit gateways peered with each other form one routing domain.
	for _, g := range net.TransitGateways {
		c.domain[g] = g
	}
	var find func(g *model.TransitGateway) *model.TransitGateway
	find = func(g *model.TransitGateway) *model.TransitGateway {
		if c.domain[g] == g || c.domain[g] == nil {
			return g
		}
		r := find(c.domain[g])
		c.domain[g] = r
		return r
	}
	for _, a := range net.TGWAttachments {
		g := model.Target[*model.TransitGateway](a.TransitGateway)
		if g == nil {
			continue
		}
		switch a.Type {
		case model.AttachPeering:
			if peer := model.Target[*model.TransitGateway](a.PeerTransitGateway); peer != nil {
				ra, rb := find(g), find(peer)
				// The representative with the earlier name wins, so the
				// result does not depend on input order.
				if rb.Name < ra.Name {
					ra, rb = rb, ra
				}
				c.domain[rb] = ra
			}
		case model.AttachVPC:
			if v := model.Target[*model.VPC](a.VPC); v != nil {
				c.tgws[v] = append(c.tgws[v], g)
			}
		}
	}
	for g := range c.domain {
		c.domain[g] = find(g)
	}

	vgwVPC := map[*model.VPNGateway]*model.VPC{}
	for _, g := range net.VPNGateways {
		if v := model.Target[*model.VPC](g.VPC); v != nil {
			vgwVPC[g] = v
		}
	}
	dxVGWs := map[*model.DXGateway][]*model.VPNGateway{}
	dxTGWs := map[*model.DXGateway][]*model.TransitGateway{}
	for _, dx := range net.DXGateways {
		for _, r := range dx.Associations {
			switch o := r.Obj.(type) {
			case *model.VPNGateway:
				dxVGWs[dx] = append(dxVGWs[dx], o)
				if v := vgwVPC[o]; v != nil {
					c.dxgws[v] = append(c.dxgws[v], dx)
				}
			case *model.TransitGateway:
				dxTGWs[dx] = append(dxTGWs[dx], o)
			}
		}
	}
	// A site reaches AWS through the gateways of its connections; a VPN
	// connection no site names is a site of its own.
	named := map[*model.VPNConnection]bool{}
	addConn := func(site model.Object, conn model.Object) {
		switch conn := conn.(type) {
		case *model.VPNConnection:
			if g := model.Target[*model.VPNGateway](conn.VPNGateway); g != nil {
				c.siteVGWs[site] = append(c.siteVGWs[site], g)
			}
			if g := model.Target[*model.TransitGateway](conn.TransitGateway); g != nil {
				c.siteTGWs[site] = append(c.siteTGWs[site], g)
			}
		case *model.DXGateway:
			c.siteVGWs[site] = append(c.siteVGWs[site], dxVGWs[conn]...)
			c.siteTGWs[site] = append(c.siteTGWs[site], dxTGWs[conn]...)
		}
	}
	for _, o := range net.OnPrem {
		for _, r := range o.Connections {
			if vc, ok := r.Obj.(*model.VPNConnection); ok {
				named[vc] = true
			}
			if r.Obj != nil {
				addConn(o, r.Obj)
			}
		}
	}
	for _, vc := range net.VPNConnections {
		if !named[vc] {
			addConn(vc, vc)
		}
	}
	return c
}

// vpcReason says how two VPCs are connected, or "" when they are not.
func (c *connectivity) vpcReason(a, b *model.VPC) string {
	if p := c.peers[a][b]; p != nil {
		return "peered through " + name(p)
	}
	for _, ga := range c.tgws[a] {
		for _, gb := range c.tgws[b] {
			if c.domain[ga] == c.domain[gb] {
				if ga == gb {
					return "both attached to " + name(ga)
				}
				return "attached to peered transit gateways " + ga.Name + " and " + gb.Name
			}
		}
	}
	for _, da := range c.dxgws[a] {
		for _, db := range c.dxgws[b] {
			if da == db {
				return "both associated with " + name(da)
			}
		}
	}
	return ""
}

// siteReason says how an on-premises site (or VPN connection) reaches VPC
// v, or "" when it does not.
func (c *connectivity) siteReason(site model.Object, v *model.VPC) string {
	for _, g := range c.siteVGWs[site] {
		if model.Target[*model.VPC](g.VPC) == v {
			return "reached through " + name(g)
		}
	}
	for _, gs := range c.siteTGWs[site] {
		for _, gv := range c.tgws[v] {
			if c.domain[gs] == c.domain[gv] {
				return "reached through " + name(gs)
			}
		}
	}
	return ""
}

// gatewaySites groups sites by the gateway they reach AWS through: the
// virtual private gateway or transit gateway whose CloudHub they share.
func (c *connectivity) gatewaySites() map[model.Object][]model.Object {
	out := map[model.Object][]model.Object{}
	add := func(g model.Object, site model.Object) {
		for _, s := range out[g] {
			if s == site {
				return
			}
		}
		out[g] = append(out[g], site)
	}
	sites := make([]model.Object, 0, len(c.siteVGWs)+len(c.siteTGWs))
	seen := map[model.Object]bool{}
	for s := range c.siteVGWs {
		if !seen[s] {
			seen[s] = true
			sites = append(sites, s)
		}
	}
	for s := range c.siteTGWs {
		if !seen[s] {
			seen[s] = true
			sites = append(sites, s)
		}
	}
	sort.Slice(sites, func(i, j int) bool { return objectLess(sites[i], sites[j]) })
	for _, s := range sites {
		for _, g := range c.siteVGWs[s] {
			add(g, s)
		}
		for _, g := range c.siteTGWs[s] {
			add(g, s)
		}
	}
	return out
}

// objectLess orders objects by kind then name, for deterministic output.
func objectLess(a, b model.Object) bool {
	if a.Kind() != b.Kind() {
		return a.Kind() < b.Kind()
	}
	return a.Base().Name < b.Base().Name
}
