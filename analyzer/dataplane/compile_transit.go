package dataplane

import (
	"fmt"
	"net/netip"
	"sort"

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
		c.drop(id, AllAddresses, Outcome{Code: CodeTGWNoAssociation, Component: a,
			Message: fmt.Sprintf("transit gateway attachment %s is associated with no route table", a.Name), Range: a.Range})
		return id
	}
	c.route(id, AllAddresses, c.tgwTableNode(rt, az), "associated with transit gateway route table "+rt.Name, a, a.Range)
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
