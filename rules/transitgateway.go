package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// TGWAttachmentAZ reports subnets routed to a transit gateway from an
// availability zone where the VPC's attachment has no subnet. "When you
// attach a VPC to a transit gateway, any resources in Availability Zones
// where there is no transit gateway attachment cannot reach the transit
// gateway." https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
var TGWAttachmentAZ = &Rule{
	ID:       "tgw-attachment-az",
	Severity: Error,
	Doc: Doc{
		Title: "a subnet routes to a transit gateway from a zone its attachment does not serve",
		Text: `A transit gateway VPC attachment has one subnet per availability zone it
serves; resources in a zone where the attachment has no subnet cannot reach
the transit gateway, and the transit gateway cannot deliver to them
(https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html).

Reported on a route to a transit gateway, naming the subnets using that route
table whose zone the VPC's attachment does not cover. Fix: add a subnet in
that zone to the attachment (a small dedicated /28 per zone is the usual
practice).`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "tgw-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/28"
  az         = "us-east-1a"
}

subnet "app-b" {
  vpc        = vpc.prod
  cidr_block = "10.0.11.0/24"
  az         = "us-east-1b"
}

transit_gateway "hub" {}

transit_gateway_attachment "prod" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.prod
  subnets         = [subnet.tgw-a]
}

route_table "app-b" {
  vpc     = vpc.prod
  subnets = [subnet.app-b]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "tgw-a" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/28"
  az         = "us-east-1a"
}

subnet "tgw-b" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.16/28"
  az         = "us-east-1b"
}

subnet "app-b" {
  vpc        = vpc.prod
  cidr_block = "10.0.11.0/24"
  az         = "us-east-1b"
}

transit_gateway "hub" {}

transit_gateway_attachment "prod" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.prod
  subnets         = [subnet.tgw-a, subnet.tgw-b]
}

route_table "app-b" {
  vpc     = vpc.prod
  subnets = [subnet.app-b]
  route {
    destination = "10.0.0.0/8"
    target      = transit_gateway.hub
  }
}`,
	},
	Run: func(p *Pass) error {
		using := subnetsUsing(p.Network)
		for _, t := range p.Network.RouteTables {
			v := t.VPCOf()
			if v == nil {
				continue
			}
			for i := range t.Routes {
				r := &t.Routes[i]
				g := model.Target[*model.TransitGateway](r.TargetRef)
				if g == nil {
					continue
				}
				served, known := attachmentZones(v, g)
				if !known {
					continue
				}
				var missing []string
				for _, s := range using[t] {
					if s.AZ != "" && !served[s.AZ] {
						missing = append(missing, fmt.Sprintf("%s (%s)", s.Name, s.AZ))
					}
				}
				if len(missing) == 0 {
					continue
				}
				sort.Strings(missing)
				zones := make([]string, 0, len(served))
				for z := range served {
					zones = append(zones, z)
				}
				sort.Strings(zones)
				p.Report(Finding{
					Message: fmt.Sprintf("route %s → transit gateway %s in route table %s is used by subnet %s, but vpc %s's attachment has subnets only in %s",
						routeDest(r), g.Name, t.Name, strings.Join(missing, ", "), v.Name, strings.Join(zones, ", ")),
					Range:    r.Range,
					Resource: routeResource(t, r),
					Fix:      "Add a subnet in each of those availability zones to the transit gateway attachment; resources in a zone without one cannot reach the transit gateway.",
				})
			}
		}
		return nil
	},
}

// attachmentZones returns the zones v's available attachments to g serve;
// known is false when v has no such attachment or a subnet's zone is unknown.
func attachmentZones(v *model.VPC, g *model.TransitGateway) (map[string]bool, bool) {
	zones := map[string]bool{}
	found := false
	for _, a := range v.TransitAttachments {
		if model.Target[*model.TransitGateway](a.TransitGateway) != g || !a.Available() {
			continue
		}
		found = true
		for _, s := range model.Targets[*model.Subnet](a.Subnets) {
			if s.AZ == "" {
				return nil, false
			}
			zones[s.AZ] = true
		}
	}
	return zones, found && len(zones) > 0
}

// TGWApplianceMode reports VPC attachments that lead to a stateful appliance
// in several zones without appliance mode. "To ensure that traffic is
// routed symmetrically ... enable appliance mode support for the transit
// gateway attachment of the appliance VPC": without it the return traffic
// of a flow may enter through another zone's appliance, which has no state
// for it. https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
var TGWApplianceMode = &Rule{
	ID:       "tgw-appliance-mode",
	Severity: Warning,
	Doc: Doc{
		Title: "traffic from a transit gateway reaches stateful appliances in several zones without appliance mode",
		Text: `A transit gateway keeps a flow in the availability zone it entered, choosing
the zone per direction. When a VPC attachment delivers traffic to a stateful
appliance (a firewall interface with the source/destination check off, a
Gateway Load Balancer endpoint) and the attachment spans several zones, the
request and its reply can pass through appliances in different zones; the
second one has no state for the flow and drops it. Appliance mode makes the
transit gateway use one zone for both directions
(https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html).

Reported on the attachment when its subnets' route tables send traffic to
such an appliance and appliance mode is off. NAT gateways do not need it:
replies return to them through their own address. Fix: set appliance_mode =
true on the attachment (ApplianceModeSupport=enable).`,
		Bad: `vpc "inspection" {
  cidr_block = "10.9.0.0/16"
}

subnet "tgw-a" {
  vpc        = vpc.inspection
  cidr_block = "10.9.0.0/28"
  az         = "us-east-1a"
}

subnet "tgw-b" {
  vpc        = vpc.inspection
  cidr_block = "10.9.0.16/28"
  az         = "us-east-1b"
}

network_interface "fw" {
  subnet            = subnet.tgw-a
  private_ips       = ["10.9.0.10"]
  source_dest_check = false
}

route_table "tgw" {
  vpc     = vpc.inspection
  subnets = [subnet.tgw-a, subnet.tgw-b]
  route {
    destination = "0.0.0.0/0"
    target      = network_interface.fw
  }
}

transit_gateway "hub" {}

transit_gateway_attachment "inspection" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.inspection
  subnets         = [subnet.tgw-a, subnet.tgw-b]
}`,
		Good: `vpc "inspection" {
  cidr_block = "10.9.0.0/16"
}

subnet "tgw-a" {
  vpc        = vpc.inspection
  cidr_block = "10.9.0.0/28"
  az         = "us-east-1a"
}

subnet "tgw-b" {
  vpc        = vpc.inspection
  cidr_block = "10.9.0.16/28"
  az         = "us-east-1b"
}

network_interface "fw" {
  subnet            = subnet.tgw-a
  private_ips       = ["10.9.0.10"]
  source_dest_check = false
}

route_table "tgw" {
  vpc     = vpc.inspection
  subnets = [subnet.tgw-a, subnet.tgw-b]
  route {
    destination = "0.0.0.0/0"
    target      = network_interface.fw
  }
}

transit_gateway "hub" {}

transit_gateway_attachment "inspection" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.inspection
  subnets         = [subnet.tgw-a, subnet.tgw-b]
  appliance_mode  = true
}`,
	},
	Run: func(p *Pass) error {
		for _, a := range p.Network.TGWAttachments {
			if a.Type != model.AttachVPC || a.ApplianceMode || !a.Available() {
				continue
			}
			subnets := model.Targets[*model.Subnet](a.Subnets)
			zones := map[string]bool{}
			var appliances []string
			seen := map[string]bool{}
			for _, s := range subnets {
				if s.AZ != "" {
					zones[s.AZ] = true
				}
				if s.RouteTable == nil {
					continue
				}
				for i := range s.RouteTable.Routes {
					r := &s.RouteTable.Routes[i]
					if what := statefulAppliance(r); what != "" && !seen[what] {
						seen[what] = true
						appliances = append(appliances, what)
					}
				}
			}
			if len(zones) < 2 || len(appliances) == 0 {
				continue
			}
			zs := make([]string, 0, len(zones))
			for z := range zones {
				zs = append(zs, z)
			}
			sort.Strings(zs)
			sort.Strings(appliances)
			tgw := a.TransitGateway.Key
			if g := model.Target[*model.TransitGateway](a.TransitGateway); g != nil {
				tgw = g.Name
			}
			p.Report(Finding{
				Message: fmt.Sprintf("transit gateway attachment %s delivers traffic from transit gateway %s to %s in %d availability zones (%s) without appliance mode: a reply may come back through another zone's appliance, which drops it",
					a.Name, tgw, strings.Join(appliances, ", "), len(zs), strings.Join(zs, ", ")),
				Range:    a.Range,
				Resource: Address(a),
				Fix:      "Enable appliance mode on the attachment (appliance_mode = true; ApplianceModeSupport=enable) so both directions of a flow use one zone.",
			})
		}
		return nil
	},
}

// statefulAppliance names the stateful appliance route r sends traffic to, or "".
func statefulAppliance(r *model.Route) string {
	switch o := r.TargetRef.Obj.(type) {
	case *model.NetworkInterface:
		if !o.SourceDestCheck {
			return name(o)
		}
	case *model.Instance:
		if e := o.Primary(); e != nil && !e.SourceDestCheck {
			return name(o)
		}
	case *model.VPCEndpoint:
		if o.Type == model.EndpointGatewayLB {
			return "gateway load balancer endpoint " + o.Name
		}
	}
	return ""
}
