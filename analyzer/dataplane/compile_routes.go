package dataplane

import (
	"fmt"
	"net/netip"
	"sort"

	"github.com/vpcheck/vpcheck/model"
)

// rankedRoute is a route with its destination blocks resolved.
type rankedRoute struct {
	route    model.Route
	prefixes []netip.Prefix
}

// fillRouter compiles one route table at a router node. from is the subnet
// whose router this is (nil for a gateway route table); its availability
// zone decides transit gateway hops.
//
// Routes are matched by longest prefix; on equal prefixes static routes win
// over prefix-list routes, which win over propagated ones (Direct Connect,
// then VPN static, then VPN BGP):
// https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
func (c *compiler) fillRouter(id NodeID, from *model.Subnet, t *model.RouteTable) {
	if t == nil {
		return
	}
	routes := make([]rankedRoute, 0, len(t.Routes))
	for _, r := range t.Routes {
		ps := []netip.Prefix{r.Dest}
		if pl := model.Target[*model.PrefixList](r.DestPrefixList); pl != nil {
			ps = c.prefixListBlocks(pl)
		} else if !r.Dest.IsValid() {
			continue
		}
		routes = append(routes, rankedRoute{r, ps})
	}
	sort.SliceStable(routes, func(i, j int) bool { return routes[i].route.Origin < routes[j].route.Origin })
	for _, rr := range routes {
		var fresh []netip.Prefix
		for _, p := range rr.prefixes {
			if !c.d.Nodes[id].Table.Has(p) {
				fresh = append(fresh, p)
			}
		}
		if len(fresh) == 0 {
			continue
		}
		c.routeEdge(id, from, t, rr.route, fresh)
	}
}

func routeVia(t *model.RouteTable, r model.Route) string {
	dest := r.Dest.String()
	if r.DestPrefixList.Set() {
		dest = "prefix list " + r.DestPrefixList.Key
	}
	target := string(r.Target)
	if r.TargetRef.Obj != nil {
		target = model.Label(r.TargetRef.Obj)
	}
	return fmt.Sprintf("route table %s: %s -> %s", t.Name, dest, target)
}

// routeEdge adds the edge for one route at a router node.
func (c *compiler) routeEdge(id NodeID, from *model.Subnet, t *model.RouteTable, r model.Route, prefixes []netip.Prefix) {
	v := t.VPCOf()
	via := routeVia(t, r)
	rng := r.Range
	gone := func(what string) {
		c.drop(id, prefixes, Outcome{Code: CodeBlackhole, Component: t, Message: fmt.Sprintf("route table %s: the route's %s does not exist (blackhole)", t.Name, what), Range: rng})
	}
	add := func(to NodeID, filters []*Filter, guards ...Guard) {
		e := c.route(id, prefixes, to, via, t, rng)
		c.d.Edges[e].Filters = filters
		c.d.Edges[e].Guards = guards
	}
	leave := c.crossing(from, nil)
	switch r.Target {
	case model.TargetLocal:
		if from == nil {
			add(c.deliverIn[v], nil)
		} else {
			add(c.deliver[from], nil)
		}
	case model.TargetInternetGateway:
		g := model.Target[*model.InternetGateway](r.TargetRef)
		if g == nil {
			gone("internet gateway")
			return
		}
		if model.Target[*model.VPC](g.VPC) != v {
			c.drop(id, prefixes, Outcome{Code: CodeIGWDetached, Component: g, Message: fmt.Sprintf("internet gateway %s is not attached to vpc %s", g.Name, v.Name), Range: rng})
			return
		}
		add(c.igwOut[v], leave)
	case model.TargetEgressOnlyIGW:
		g := model.Target[*model.EgressOnlyIGW](r.TargetRef)
		if g == nil || model.Target[*model.VPC](g.VPC) != v {
			gone("egress-only internet gateway")
			return
		}
		add(c.eigwOut[v], leave)
	case model.TargetNATGateway:
		g := model.Target[*model.NATGateway](r.TargetRef)
		if _, ok := c.natRouted[g]; !ok {
			gone("nat gateway")
			return
		}
		add(c.natRouted[g], c.crossing(from, g.SubnetOf()))
	case model.TargetPeering:
		p := model.Target[*model.Peering](r.TargetRef)
		if p == nil || p.Other(v) == nil {
			gone("peering connection")
			return
		}
		add(c.peeringNode(p, v), leave)
	case model.TargetTransitGateway:
		g := model.Target[*model.TransitGateway](r.TargetRef)
		if g == nil {
			gone("transit gateway")
			return
		}
		c.tgwEdge(id, from, t, r, prefixes, g)
	case model.TargetVPNGateway:
		g := model.Target[*model.VPNGateway](r.TargetRef)
		if g == nil {
			gone("vpn gateway")
			return
		}
		if model.Target[*model.VPC](g.VPC) != v {
			c.drop(id, prefixes, Outcome{Code: CodeVGWDetached, Component: g, Message: fmt.Sprintf("vpn gateway %s is not attached to vpc %s", g.Name, v.Name), Range: rng})
			return
		}
		add(c.vgw[g], leave)
	case model.TargetVPCEndpoint:
		ep := model.Target[*model.VPCEndpoint](r.TargetRef)
		if ep == nil {
			gone("vpc endpoint")
			return
		}
		if ep.Type == model.EndpointGateway {
			// Gateway endpoints serve only traffic that originates in their
			// VPC: https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
			add(c.d.Service[ep], leave, Guard{Src: v.Prefixes(), Fail: Outcome{Code: CodeEndpointTransitive, Component: ep,
				Message: fmt.Sprintf("gateway endpoint %s only serves traffic from inside vpc %s", ep.Name, v.Name), Range: ep.Range}})
			return
		}
		eni := c.endpointENI(ep, from)
		if _, ok := c.gwlbe[eni]; !ok {
			gone("endpoint network interface")
			return
		}
		add(c.gwlbe[eni], c.crossing(from, eni.SubnetOf()))
	case model.TargetNetworkInterface, model.TargetInstance:
		eni := model.Target[*model.NetworkInterface](r.TargetRef)
		if inst := model.Target[*model.Instance](r.TargetRef); inst != nil {
			eni = inst.Primary()
		}
		if _, ok := c.d.ENIIn[eni]; !ok {
			gone("network interface")
			return
		}
		add(c.d.ENIIn[eni], append(c.crossing(from, eni.SubnetOf()), c.sgFilters(eni, SGIngress)...))
	case model.TargetBlackhole:
		c.drop(id, prefixes, Outcome{Code: CodeBlackhole, Component: t, Message: fmt.Sprintf("route table %s: %s is a blackhole route (its target no longer exists)", t.Name, r.DestString()), Range: rng})
	default:
		c.drop(id, prefixes, Outcome{Code: CodeUnsupportedTarget, Component: t, Message: fmt.Sprintf("route table %s: %s goes to a target vpcheck does not model", t.Name, r.DestString()), Range: rng})
	}
}

// endpointENI picks the GWLB endpoint ENI serving a subnet: the one in the
// same availability zone, else the first.
func (c *compiler) endpointENI(ep *model.VPCEndpoint, from *model.Subnet) *model.NetworkInterface {
	var first *model.NetworkInterface
	for _, e := range model.Targets[*model.NetworkInterface](ep.Interfaces) {
		if _, ok := c.gwlbe[e]; !ok {
			continue
		}
		if first == nil {
			first = e
		}
		if from != nil && e.SubnetOf() != nil && e.SubnetOf().AZ == from.AZ {
			return e
		}
	}
	return first
}
