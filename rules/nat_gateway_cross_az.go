package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// "If you have resources in multiple Availability Zones and they share one
// NAT gateway, and if the NAT gateway's Availability Zone is down, resources
// in the other Availability Zones lose internet access. To improve
// resiliency, create a NAT gateway in each Availability Zone."
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html

// NATGatewayCrossAZ reports subnets routed to a NAT gateway in another
// availability zone.
var NATGatewayCrossAZ = &Rule{
	ID:       "nat-gateway-cross-az",
	Severity: Warning,
	Run: func(p *Pass) error {
		using := subnetsUsing(p.Network)
		for _, t := range p.Network.RouteTables {
			for i := range t.Routes {
				r := &t.Routes[i]
				g := model.Target[*model.NATGateway](r.TargetRef)
				if g == nil || g.SubnetOf() == nil || g.SubnetOf().AZ == "" {
					continue
				}
				az := g.SubnetOf().AZ
				var others []string
				zones := map[string]bool{}
				for _, s := range using[t] {
					if s.AZ != "" && s.AZ != az && s != g.SubnetOf() {
						others = append(others, fmt.Sprintf("%s (%s)", s.Name, s.AZ))
						zones[s.AZ] = true
					}
				}
				if len(others) == 0 {
					continue
				}
				sort.Strings(others)
				zs := make([]string, 0, len(zones))
				for z := range zones {
					zs = append(zs, z)
				}
				sort.Strings(zs)
				p.Report(Finding{
					Message: fmt.Sprintf("route table %s sends subnet %s to nat gateway %s in %s",
						t.Name, strings.Join(others, ", "), g.Name, az),
					Range:    r.Range,
					Resource: routeResource(t, r),
					Related:  []Related{{Message: "nat gateway " + g.Name, Resource: Address(g), Range: g.Range}},
					Fix: fmt.Sprintf("Create a NAT gateway in %s and route that zone's subnets to it through their own route table; an outage of %s then no longer cuts them off, and no traffic crosses zones.",
						strings.Join(zs, " and "), az),
				})
			}
		}
		return nil
	},
}

// nat64 is the well-known prefix a NAT gateway translates for IPv6-only
// clients (NAT64 with DNS64): https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html
