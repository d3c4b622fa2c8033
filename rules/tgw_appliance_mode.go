package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// TGWApplianceMode reports VPC attachments that lead to a stateful appliance
// in several zones without appliance mode: an appliance ENI, or inspection
// endpoints — Gateway Load Balancer or Network Firewall endpoints, one per
// zone — in more than one zone. "To ensure that traffic is
// routed symmetrically ... enable appliance mode support for the transit
// gateway attachment of the appliance VPC": without it the return traffic
// of a flow may enter through another zone's appliance, which has no state
// for it. https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
var TGWApplianceMode = &Rule{
	ID:       "tgw-appliance-mode",
	Severity: Warning,
	Run: func(p *Pass) error {
		for _, a := range p.Network.TGWAttachments {
			if a.Type != model.AttachVPC || a.ApplianceMode || !a.Available() {
				continue
			}
			subnets := model.Targets[*model.Subnet](a.Subnets)
			zones := map[string]bool{}
			var appliances []string
			seen := map[string]bool{}
			// Inspection endpoints (Gateway Load Balancer, Network
			// Firewall) are one per zone: only endpoints in two zones or
			// more split a flow's directions; one endpoint sees both.
			endpointZones := map[string]bool{}
			var endpoints []string
			for _, s := range subnets {
				if s.AZ != "" {
					zones[s.AZ] = true
				}
				if s.RouteTable == nil {
					continue
				}
				for i := range s.RouteTable.Routes {
					r := &s.RouteTable.Routes[i]
					if ep, what := inspectionEndpoint(r); ep != nil {
						if !seen[what] {
							seen[what] = true
							endpoints = append(endpoints, what)
							for _, z := range endpointZonesOf(ep) {
								endpointZones[z] = true
							}
						}
						continue
					}
					if what := statefulAppliance(r); what != "" && !seen[what] {
						seen[what] = true
						appliances = append(appliances, what)
					}
				}
			}
			if len(endpointZones) >= 2 {
				appliances = append(appliances, endpoints...)
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
	}
	return ""
}

// inspectionEndpoint is the Gateway Load Balancer or Network Firewall
// endpoint route r sends traffic to, and its name with what stands behind
// it ("gateway load balancer endpoint gwlbe-a of load balancer inspect").
func inspectionEndpoint(r *model.Route) (*model.VPCEndpoint, string) {
	ep, ok := r.TargetRef.Obj.(*model.VPCEndpoint)
	if !ok {
		return nil, ""
	}
	switch ep.Type {
	case model.EndpointGatewayLB:
		what := "gateway load balancer endpoint " + ep.Name
		if b := model.Target[*model.LoadBalancer](ep.LoadBalancer); b != nil {
			what += " (appliances of load balancer " + b.Name + ")"
		}
		return ep, what
	case model.EndpointFirewall:
		what := "network firewall endpoint " + ep.Name
		if fw := model.Target[*model.Firewall](ep.Firewall); fw != nil {
			what += " (firewall " + fw.Name + ")"
		}
		return ep, what
	}
	return nil, ""
}

// endpointZonesOf lists the zones of an endpoint's subnets (one each for
// Gateway Load Balancer and firewall endpoints).
func endpointZonesOf(ep *model.VPCEndpoint) []string {
	var out []string
	for _, s := range model.Targets[*model.Subnet](ep.Subnets) {
		if s.AZ != "" {
			out = append(out, s.AZ)
		}
	}
	for _, e := range model.Targets[*model.NetworkInterface](ep.Interfaces) {
		if z := model.Zone(e); z != "" {
			out = append(out, z)
		}
	}
	return out
}
