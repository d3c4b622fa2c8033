package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// TGWApplianceMode reports VPC attachments that lead to a stateful appliance
// in several zones without appliance mode. "To ensure that traffic is
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
