package rules

import (
	"fmt"

	"github.com/vpcheck/vpcheck/model"
)

// LBInternetFacingPrivateSubnets reports internet-facing load balancers
// with a node in a subnet whose route table has no IPv4 route to the VPC's
// internet gateway: "if you have an internet-facing load balancer, you must
// select public subnets", and the node's replies to internet clients have
// no way out:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer
var LBInternetFacingPrivateSubnets = &Rule{
	ID:       "lb-internet-facing-private-subnets",
	Severity: Error,
	Run: func(p *Pass) error {
		for _, b := range p.Network.LoadBalancers {
			if b.Internal {
				continue
			}
			for _, r := range b.Subnets {
				s := model.Target[*model.Subnet](r)
				if s == nil || s.VPCOf() == nil {
					continue
				}
				g := s.VPCOf().InternetGateway
				if g != nil && s.RouteTable != nil && routesTo(s.RouteTable, g, true) {
					continue
				}
				why := fmt.Sprintf("vpc %s has no internet gateway", s.VPCOf().Name)
				if g != nil {
					why = fmt.Sprintf("its route table has no route to internet gateway %s", g.Name)
					if s.RouteTable != nil {
						why = fmt.Sprintf("route table %s has no route to internet gateway %s", s.RouteTable.Name, g.Name)
					}
				}
				p.Report(Finding{
					Message:  fmt.Sprintf("internet-facing %s has a node in subnet %s, which is not public: %s", name(b), s.Name, why),
					Range:    r.Range,
					Resource: Address(b),
					Related:  []Related{{Message: name(s), Resource: Address(s), Range: s.Range}},
					Fix:      fmt.Sprintf("Enable %s in a public subnet of zone %s instead, or make it internal.", name(b), s.AZ),
				})
			}
		}
		return nil
	},
}
