package rules

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// A NAT gateway carries IPv4 only ("NAT gateways support ... IPv4 to IPv4
// ... and NAT64"): IPv6 goes out through an egress-only internet gateway.
// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// NATIPv6 reports IPv6 routes to NAT gateways and dual-stack subnets whose
// internet route covers IPv4 only.
var NATIPv6 = &Rule{
	ID:       "nat-ipv6",
	Severity: Warning,
	Run: func(p *Pass) error {
		using := subnetsUsing(p.Network)
		for _, t := range p.Network.RouteTables {
			var natDefault *model.Route
			hasV6Default := false
			for i := range t.Routes {
				r := &t.Routes[i]
				if !r.Dest.IsValid() {
					continue
				}
				if r.Dest.Addr().Is6() && r.Dest.Bits() == 0 {
					hasV6Default = true
				}
				if r.Target != model.TargetNATGateway {
					continue
				}
				if r.Dest.Addr().Is4() {
					if r.Dest.Bits() == 0 {
						natDefault = r
					}
					continue
				}
				if model.Covers(nat64, r.Dest) {
					continue
				}
				p.Report(Finding{
					Severity: Error,
					Message:  fmt.Sprintf("route %s → %s in route table %s sends ipv6 traffic to a nat gateway, which carries only ipv4 (and nat64 to %s)", r.Dest, routeTarget(r), t.Name, nat64),
					Range:    r.Range,
					Resource: routeResource(t, r),
					Fix:      "Route IPv6 internet traffic to an egress-only internet gateway (outbound only) or an internet gateway.",
				})
			}
			if natDefault == nil || hasV6Default {
				continue
			}
			var dual []string
			for _, s := range using[t] {
				if s.IPv6CIDR.Prefix.IsValid() {
					dual = append(dual, fmt.Sprintf("%s (%s)", s.Name, s.IPv6CIDR.Prefix))
				}
			}
			if len(dual) == 0 {
				continue
			}
			sort.Strings(dual)
			fix := "Add a route ::/0 → an egress-only internet gateway of the VPC."
			if v := t.VPCOf(); v != nil && v.EgressOnlyIGW != nil {
				fix = fmt.Sprintf("Add a route ::/0 → egress_only_internet_gateway %s.", v.EgressOnlyIGW.Name)
			}
			p.Report(Finding{
				Message: fmt.Sprintf("route table %s sends ipv4 internet traffic to %s but has no ::/0 route, and subnet %s has an ipv6 block: a nat gateway does not carry ipv6",
					t.Name, routeTarget(natDefault), strings.Join(dual, ", ")),
				Range:    t.Range,
				Resource: Address(t),
				Related:  []Related{{Message: "the ipv4 default route", Resource: routeResource(t, natDefault), Range: natDefault.Range}},
				Fix:      fix,
			})
		}
		return nil
	},
}
