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
	Doc: Doc{
		Title: "an internet-facing load balancer has a node in a private subnet",
		Text: `An internet-facing load balancer receives its clients through the internet
gateway of its VPC, and its nodes answer them the same way: each subnet it is
enabled in must be public, its route table sending internet traffic to the
internet gateway (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer).
A node in a private subnet takes connections it cannot answer.

Fix: enable the load balancer in the public subnets of those zones (its
targets can stay in private subnets), or make it internal.`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

internet_gateway "prod" {
  vpc = vpc.prod
}

subnet "private" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

load_balancer "web" {
  subnets = [subnet.private]
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

internet_gateway "prod" {
  vpc = vpc.prod
}

subnet "public" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

load_balancer "web" {
  subnets = [subnet.public]
}`,
	},
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
