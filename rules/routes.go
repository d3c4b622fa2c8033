package rules

import (
	"net/netip"
	"sort"

	"github.com/vpcheck/vpcheck/model"
)

// routeRegion is what one route of a table really carries: the addresses
// for which longest-prefix match picks it.
type routeRegion struct {
	Route  *model.Route
	Prefix netip.Prefix
	// Region is Prefix minus every more specific destination of the table.
	Region addrSet
}

// tgwRouteRegion is routeRegion for a transit gateway route table.
type tgwRouteRegion struct {
	Route  *model.TGWRoute
	Prefix netip.Prefix
	Region addrSet
}

// RouteRegions maps every VPC and transit gateway route table to the
// regions of its routes (longest-prefix match resolved once for all rules).
var RouteRegions = &Analysis{
	Name: "route-regions",
	Run: func(p *Pass) (any, error) {
		return routeRegionsOf(p.Network), nil
	},
}

func routeRegionsOf(net *model.Network) *routeRegions {
	out := &routeRegions{
		vpc: make(map[*model.RouteTable][]routeRegion, len(net.RouteTables)),
		tgw: make(map[*model.TGWRouteTable][]tgwRouteRegion, len(net.TGWRouteTables)),
	}
	for _, t := range net.RouteTables {
		out.vpc[t] = vpcRouteRegions(t)
	}
	for _, t := range net.TGWRouteTables {
		out.tgw[t] = tgwRouteRegions(t)
	}
	return out
}

type routeRegions struct {
	vpc map[*model.RouteTable][]routeRegion
	tgw map[*model.TGWRouteTable][]tgwRouteRegion
}

func regionsOf(p *Pass) *routeRegions { return mustResultOf[*routeRegions](p, RouteRegions) }

// routeDests returns a route's destination blocks: its CIDR, or the
// entries of its prefix list (none when an AWS-managed list's entries are
// not in the input).
func routeDests(r *model.Route) []netip.Prefix {
	if r.Dest.IsValid() {
		return []netip.Prefix{r.Dest}
	}
	if pl := model.Target[*model.PrefixList](r.DestPrefixList); pl != nil {
		return pl.Prefixes()
	}
	return nil
}

// vpcRouteRank orders routes of equal prefix in a VPC route table: a route
// that replaces the local route's target, the local route, then static,
// prefix-list and propagated routes in AWS's order.
// https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
func vpcRouteRank(r *model.Route) int {
	switch {
	case r.Target == model.TargetLocal:
		return 1
	case r.Origin == model.OriginStatic:
		return 0
	}
	return 2 + int(r.Origin)
}

// tgwRouteRank orders routes of equal prefix in a transit gateway route
// table: static, prefix list, then propagated from VPC, Direct Connect and
// VPN attachments. https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
func tgwRouteRank(r *model.TGWRoute) int {
	switch r.Origin {
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

type rankedPrefix struct {
	p     netip.Prefix
	rank  int
	index int
}

// winners keeps, for each distinct prefix, the best-ranked entry, and
// returns them sorted by address and then prefix length.
func winners(entries []rankedPrefix) []rankedPrefix {
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.p != b.p {
			if c := a.p.Addr().Compare(b.p.Addr()); c != 0 {
				return c < 0
			}
			return a.p.Bits() < b.p.Bits()
		}
		return a.rank < b.rank
	})
	out := entries[:0]
	for _, e := range entries {
		if n := len(out); n > 0 && out[n-1].p == e.p {
			continue
		}
		out = append(out, e)
	}
	return out
}

// regions computes, for prefixes sorted by address then length, each one's
// region: itself minus its maximal sub-prefixes in the list.
func regions(ps []rankedPrefix) []addrSet {
	children := make([][]netip.Prefix, len(ps))
	var stack []int
	for i, e := range ps {
		for len(stack) > 0 && !ps[stack[len(stack)-1]].p.Contains(e.p.Addr()) {
			stack = stack[:len(stack)-1]
		}
		if n := len(stack); n > 0 {
			parent := stack[n-1]
			children[parent] = append(children[parent], e.p)
		}
		stack = append(stack, i)
	}
	out := make([]addrSet, len(ps))
	for i, e := range ps {
		s := setOf(e.p)
		if len(children[i]) > 0 {
			s = s.minus(setOf(children[i]...))
		}
		out[i] = s
	}
	return out
}

func vpcRouteRegions(t *model.RouteTable) []routeRegion {
	var entries []rankedPrefix
	for i := range t.Routes {
		r := &t.Routes[i]
		for _, p := range routeDests(r) {
			entries = append(entries, rankedPrefix{p.Masked(), vpcRouteRank(r), i})
		}
	}
	entries = winners(entries)
	regs := regions(entries)
	out := make([]routeRegion, len(entries))
	for i, e := range entries {
		out[i] = routeRegion{Route: &t.Routes[e.index], Prefix: e.p, Region: regs[i]}
	}
	return out
}

func tgwRouteRegions(t *model.TGWRouteTable) []tgwRouteRegion {
	var entries []rankedPrefix
	for i := range t.Routes {
		r := &t.Routes[i]
		dests := []netip.Prefix{r.Dest}
		if !r.Dest.IsValid() {
			dests = nil
			if pl := model.Target[*model.PrefixList](r.DestPrefixList); pl != nil {
				dests = pl.Prefixes()
			}
		}
		for _, p := range dests {
			entries = append(entries, rankedPrefix{p.Masked(), tgwRouteRank(r), i})
		}
	}
	entries = winners(entries)
	regs := regions(entries)
	out := make([]tgwRouteRegion, len(entries))
	for i, e := range entries {
		out[i] = tgwRouteRegion{Route: &t.Routes[e.index], Prefix: e.p, Region: regs[i]}
	}
	return out
}

// lookupRoute returns the route of t that longest-prefix match picks for a.
func lookupRoute(rs []routeRegion, a netip.Addr) *routeRegion {
	for i := range rs {
		if rs[i].Region.contains(a) {
			return &rs[i]
		}
	}
	return nil
}

// vpcBlocks returns the set of every block of v.
func vpcBlocks(v *model.VPC) addrSet {
	return setOf(v.Prefixes()...)
}

// routeTarget names a route's target: "peering connection apps-shared", "local".
func routeTarget(r *model.Route) string {
	if r.TargetRef.Obj != nil {
		return name(r.TargetRef.Obj)
	}
	if r.TargetRef.Key != "" {
		return model.Kind(r.Target).Words() + " " + r.TargetRef.Key
	}
	return string(r.Target)
}

// routeResource is the address findings about a route name: the route's
// own resource (aws_route.x) when it has one, else its table.
func routeResource(t *model.RouteTable, r *model.Route) string {
	if r.Addr != "" {
		return r.Addr
	}
	return Address(t)
}
