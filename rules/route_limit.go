package rules

import (
	"fmt"

	"github.com/vpcheck/vpcheck/model"
)

// Route quotas. VPC route tables: "Routes per route table (non-propagated
// routes): 50, adjustable up to 1,000 ... enforced separately for IPv4
// routes and IPv6 routes", and "BGP advertised routes per route table
// (propagated routes): 100, not adjustable"; a prefix list counts as its
// maximum number of entries (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html).
// Transit gateways: "Total combined routes (dynamic and static) across all
// route tables for a single transit gateway: 10,000" and "transit gateway
// route tables per transit gateway: 20", both adjustable
// (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html).
const (
	defaultStaticRoutes  = 50
	maxStaticRoutes      = 1000
	maxPropagatedRoutes  = 100
	defaultTGWRoutes     = 10000
	defaultTGWRouteTable = 20
)

// RouteLimit reports route tables and transit gateways over their route quotas.
var RouteLimit = &Rule{
	ID:       "route-limit",
	Severity: Warning,
	Run: func(p *Pass) error {
		for _, t := range p.Network.RouteTables {
			static := [2]int{}
			var lastStatic [2]*model.Route
			propagated := 0
			for i := range t.Routes {
				r := &t.Routes[i]
				if r.Target == model.TargetLocal {
					continue
				}
				switch r.Origin {
				case model.OriginStatic, model.OriginPrefixList:
				default:
					propagated++
					continue
				}
				n, v6 := 1, r.Dest.IsValid() && r.Dest.Addr().Is6()
				if pl := model.Target[*model.PrefixList](r.DestPrefixList); pl != nil {
					if pl.AWSManaged {
						// A gateway endpoint's service list.
						continue
					}
					n = max(1, pl.MaxEntries, len(pl.Entries))
					v6 = pl.Family == "IPv6"
				}
				f := 0
				if v6 {
					f = 1
				}
				static[f] += n
				lastStatic[f] = r
			}
			for f, n := range static {
				if n <= defaultStaticRoutes {
					continue
				}
				family := [2]string{"ipv4", "ipv6"}[f]
				finding := Finding{
					Message:  fmt.Sprintf("route table %s has %d static %s routes, more than the default quota of %d", t.Name, n, family, defaultStaticRoutes),
					Range:    lastStatic[f].Range,
					Resource: Address(t),
					Fix:      "Summarise routes (a shorter prefix, a transit gateway), or raise the quota (up to 1,000) before applying.",
				}
				if n > maxStaticRoutes {
					finding.Severity = Error
					finding.Message = fmt.Sprintf("route table %s has %d static %s routes, more than the %d aws allows", t.Name, n, family, maxStaticRoutes)
					finding.Fix = "Summarise routes or route through a transit gateway; no quota allows more than 1,000."
				}
				p.Report(finding)
			}
			if propagated > maxPropagatedRoutes {
				p.Report(Finding{
					Severity: Error,
					Message:  fmt.Sprintf("route table %s receives %d propagated routes, more than the %d aws accepts (not adjustable)", t.Name, propagated, maxPropagatedRoutes),
					Range:    t.Range,
					Resource: Address(t),
					Fix:      "Advertise summary routes (or a default route) from the customer gateways instead of every prefix.",
				})
			}
		}
		for _, g := range p.Network.TransitGateways {
			total := 0
			for _, t := range g.RouteTables {
				total += len(t.Routes)
			}
			if total > defaultTGWRoutes {
				p.Report(Finding{
					Message:  fmt.Sprintf("transit gateway %s has %d routes across its %d route tables, more than the default quota of %d", g.Name, total, len(g.RouteTables), defaultTGWRoutes),
					Range:    g.Range,
					Resource: Address(g),
					Fix:      "Summarise propagated prefixes, propagate attachments only to the tables that need them, or raise the quota.",
				})
			}
			if n := len(g.RouteTables); n > defaultTGWRouteTable {
				p.Report(Finding{
					Message:  fmt.Sprintf("transit gateway %s has %d route tables, more than the default quota of %d", g.Name, n, defaultTGWRouteTable),
					Range:    g.Range,
					Resource: Address(g),
					Fix:      "Raise the quota before applying, or merge route tables.",
				})
			}
		}
		return nil
	},
}
