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
				att, served, known := attachmentZones(v, g)
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
				// The fix is on the attachment (a subnet in each zone), so
				// the finding is too; the route that needs it is related.
				p.Report(Finding{
					Message: fmt.Sprintf("transit gateway attachment %s of vpc %s has subnets only in %s, but route %s → transit gateway %s in route table %s is used by subnet %s",
						att.Name, v.Name, strings.Join(zones, ", "), r.DestString(), g.Name, t.Name, strings.Join(missing, ", ")),
					Range:    att.Range,
					Resource: Address(att),
					Related: []Related{{Message: fmt.Sprintf("route %s in route table %s", r.DestString(), t.Name),
						Resource: routeResource(t, r), Range: r.Range}},
					Facts: fmt.Sprintf("%s %s %s %s", Address(att), Address(t), r.DestString(), strings.Join(missing, ",")),
					Fix:   "Add a subnet in each of those availability zones to the transit gateway attachment; resources in a zone without one cannot reach the transit gateway.",
				})
			}
		}
		return nil
	},
}

// attachmentZones returns v's first available attachment to g and the
// zones its attachments to g serve; known is false when v has no such
// attachment or a subnet's zone is unknown.
func attachmentZones(v *model.VPC, g *model.TransitGateway) (*model.TGWAttachment, map[string]bool, bool) {
	zones := map[string]bool{}
	var first *model.TGWAttachment
	for _, a := range v.TransitAttachments {
		if model.Target[*model.TransitGateway](a.TransitGateway) != g || !a.Available() {
			continue
		}
		if first == nil {
			first = a
		}
		for _, s := range model.Targets[*model.Subnet](a.Subnets) {
			if s.AZ == "" {
				return nil, nil, false
			}
			zones[s.AZ] = true
		}
	}
	return first, zones, first != nil && len(zones) > 0
}
