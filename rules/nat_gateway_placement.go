package rules

import (
	"fmt"

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
			if t == nil || routesTo(t, igw, true) || defaultRouteUnknown(t) || viaFirewall(t, igw) {
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

// defaultRouteUnknown reports whether a table's IPv4 default route goes to
// a target vpcheck does not model (a Network Firewall endpoint in front of
// the internet gateway, in the distributed firewall pattern:
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-two-zone-igw.html):
// whether the subnet reaches the internet gateway is then unknown, and no
// finding says it does not.
func defaultRouteUnknown(t *model.RouteTable) bool {
	for i := range t.Routes {
		r := &t.Routes[i]
		if r.Target == model.TargetUnsupported && r.Dest.IsValid() && r.Dest.Addr().Is4() && r.Dest.Bits() == 0 {
			return true
		}
	}
	return false
}

// viaFirewall reports whether a table's IPv4 default route goes to a
// Network Firewall endpoint whose subnet routes to the internet gateway
// (the distributed firewall pattern:
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-two-zone-igw.html).
func viaFirewall(t *model.RouteTable, igw *model.InternetGateway) bool {
	for i := range t.Routes {
		r := &t.Routes[i]
		ep := model.Target[*model.VPCEndpoint](r.TargetRef)
		if r.Target != model.TargetVPCEndpoint || ep == nil || ep.Type != model.EndpointFirewall || !r.Dest.IsValid() || !r.Dest.Addr().Is4() || r.Dest.Bits() != 0 {
			continue
		}
		for _, s := range model.Targets[*model.Subnet](ep.Subnets) {
			if s.RouteTable != nil && routesTo(s.RouteTable, igw, true) {
				return true
			}
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
