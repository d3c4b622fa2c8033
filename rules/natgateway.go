package rules

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// NAT gateway rules. A public NAT gateway "must be created in a public
// subnet", i.e. one whose route table routes to an internet gateway, and
// needs an Elastic IP; it carries IPv4 only ("NAT gateways support ... IPv4
// to IPv4 ... and NAT64"); and "if you have resources in multiple
// Availability Zones and they share one NAT gateway, and if the NAT
// gateway's Availability Zone is down, resources in the other Availability
// Zones lose internet access. To improve resiliency, create a NAT gateway in
// each Availability Zone". https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
// and https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html

// NATGatewayPlacement reports public NAT gateways that cannot reach the internet.
var NATGatewayPlacement = &Rule{
	ID:       "nat-gateway-placement",
	Severity: Error,
	Doc: Doc{
		Title: "a public nat gateway cannot reach the internet",
		Text: `A public NAT gateway sends its traffic out through the internet gateway of its
VPC, using its own subnet's route table, from its Elastic IP
(https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html). It
therefore needs:

- an internet gateway attached to its VPC;
- a route to that internet gateway in its subnet's route table (it must sit
  in a public subnet, not in the private subnets it serves);
- an Elastic IP address.

Without any of these, every instance that routes its internet traffic to the
NAT gateway is cut off. Private NAT gateways (connectivity "private") need
none of this and are not checked.`,
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

elastic_ip "nat" {}

nat_gateway "nat" {
  subnet     = subnet.private
  elastic_ip = elastic_ip.nat
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

elastic_ip "nat" {}

nat_gateway "nat" {
  subnet     = subnet.public
  elastic_ip = elastic_ip.nat
}`,
	},
	Run: func(p *Pass) error {
		for _, g := range p.Network.NATGateways {
			s := g.SubnetOf()
			if g.Private || s == nil || s.VPCOf() == nil {
				continue
			}
			v := s.VPCOf()
			if !g.EIP.Set() && !g.PublicIP.IsValid() {
				p.Report(Finding{
					Message:  fmt.Sprintf("public nat gateway %s has no elastic ip", g.Name),
					Range:    g.Range,
					Resource: Address(g),
					Fix:      "Allocate an Elastic IP and associate it with the NAT gateway (elastic_ip, or allocation_id in Terraform); or make it a private NAT gateway.",
				})
			}
			igw := v.InternetGateway
			if igw == nil {
				p.Report(Finding{
					Message:  fmt.Sprintf("public nat gateway %s is in vpc %s, which has no internet gateway", g.Name, v.Name),
					Range:    g.Range,
					Resource: Address(g),
					Fix:      fmt.Sprintf("Attach an internet gateway to vpc %s and route its public subnet to it, or make the NAT gateway private.", v.Name),
				})
				continue
			}
			t := s.RouteTable
			if t == nil || routesTo(t, igw, true) {
				continue
			}
			p.Report(Finding{
				Message: fmt.Sprintf("public nat gateway %s is in subnet %s, whose route table %s has no route to internet gateway %s",
					g.Name, s.Name, t.Name, igw.Name),
				Range:    g.Range,
				Resource: Address(g),
				Related:  []Related{{Message: "route table " + t.Name, Resource: Address(t), Range: t.Range}},
				Fix:      fmt.Sprintf("Place the NAT gateway in a public subnet (one whose route table sends 0.0.0.0/0 to internet gateway %s), or add that route to route table %s.", igw.Name, t.Name),
			})
		}
		return nil
	},
}

// routesTo reports whether table t has a route to target (IPv4 routes only when v4).
func routesTo(t *model.RouteTable, target model.Object, v4 bool) bool {
	for i := range t.Routes {
		r := &t.Routes[i]
		if r.TargetRef.Obj != target {
			continue
		}
		if !v4 || !r.Dest.IsValid() || r.Dest.Addr().Is4() {
			return true
		}
	}
	return false
}

// subnetsUsing maps each route table to the subnets that use it (explicitly or as main).
func subnetsUsing(net *model.Network) map[*model.RouteTable][]*model.Subnet {
	out := map[*model.RouteTable][]*model.Subnet{}
	for _, s := range net.Subnets {
		if s.RouteTable != nil {
			out[s.RouteTable] = append(out[s.RouteTable], s)
		}
	}
	return out
}

// NATGatewayCrossAZ reports subnets routed to a NAT gateway in another
// availability zone.
var NATGatewayCrossAZ = &Rule{
	ID:       "nat-gateway-cross-az",
	Severity: Warning,
	Doc: Doc{
		Title: "a subnet sends internet traffic to a nat gateway in another availability zone",
		Text: `When subnets in several availability zones share one NAT gateway, an outage of
the NAT gateway's zone cuts the others off the internet, and every byte
crossing zones is charged as inter-AZ data transfer. AWS advises a NAT gateway
per availability zone, each zone's private subnets routed to their own
(https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html).

Reported on the route, naming the subnets whose zone differs from the NAT
gateway's. Fix: create a NAT gateway in each zone and give each zone's
subnets a route table that routes to it.`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "public-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
  az         = "us-east-1a"
}

subnet "app-b" {
  vpc        = vpc.prod
  cidr_block = "10.0.11.0/24"
  az         = "us-east-1b"
}

nat_gateway "a" {
  subnet       = subnet.public-a
  connectivity = "private"
}

route_table "app-b" {
  vpc     = vpc.prod
  subnets = [subnet.app-b]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.a
  }
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "public-b" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
  az         = "us-east-1b"
}

subnet "app-b" {
  vpc        = vpc.prod
  cidr_block = "10.0.11.0/24"
  az         = "us-east-1b"
}

nat_gateway "b" {
  subnet       = subnet.public-b
  connectivity = "private"
}

route_table "app-b" {
  vpc     = vpc.prod
  subnets = [subnet.app-b]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.b
  }
}`,
	},
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
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// NATIPv6 reports IPv6 routes to NAT gateways and dual-stack subnets whose
// internet route covers IPv4 only.
var NATIPv6 = &Rule{
	ID:       "nat-ipv6",
	Severity: Warning,
	Doc: Doc{
		Title: "ipv6 internet traffic is routed to a nat gateway, or has no route at all",
		Text: `A NAT gateway translates IPv4 (and, for NAT64, IPv6 traffic to 64:ff9b::/96);
it does not carry IPv6 to the internet. For outbound-only IPv6 AWS provides
the egress-only internet gateway
(https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html).

Reported:

- an IPv6 route other than 64:ff9b::/96 whose target is a NAT gateway
  (error: the traffic is dropped);
- a route table whose IPv4 default route goes to a NAT gateway but which has
  no ::/0 route, used by subnets with an IPv6 block (warning: their instances
  have IPv6 addresses but no IPv6 path to the internet, and dual-stack
  clients that prefer IPv6 time out).

Fix: add ::/0 → the VPC's egress-only internet gateway.`,
		Bad: `vpc "web" {
  cidr_block      = "10.0.0.0/16"
  ipv6_cidr_block = "2001:db8:1234:1a00::/56"
}

subnet "app" {
  vpc             = vpc.web
  cidr_block      = "10.0.10.0/24"
  ipv6_cidr_block = "2001:db8:1234:1a0a::/64"
}

nat_gateway "a" {
  subnet       = subnet.app
  connectivity = "private"
}

route_table "app" {
  vpc     = vpc.web
  subnets = [subnet.app]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.a
  }
}`,
		Good: `vpc "web" {
  cidr_block      = "10.0.0.0/16"
  ipv6_cidr_block = "2001:db8:1234:1a00::/56"
}

subnet "app" {
  vpc             = vpc.web
  cidr_block      = "10.0.10.0/24"
  ipv6_cidr_block = "2001:db8:1234:1a0a::/64"
}

nat_gateway "a" {
  subnet       = subnet.app
  connectivity = "private"
}

egress_only_internet_gateway "web" {
  vpc = vpc.web
}

route_table "app" {
  vpc     = vpc.web
  subnets = [subnet.app]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.a
  }
  route {
    destination = "::/0"
    target      = egress_only_internet_gateway.web
  }
}`,
	},
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
