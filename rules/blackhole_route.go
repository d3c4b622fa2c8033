package rules

import (
	"fmt"

	"github.com/vpcheck/vpcheck/model"
)

// BlackholeRoute reports routes that drop their traffic because the target
// is gone or cannot carry it. A VPC route whose target was deleted is in
// state "blackhole" (https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-route-priority.html
// and the route states of https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html).
// A transit gateway blackhole route is a deliberate drop
// (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html) and is
// not reported.
var BlackholeRoute = &Rule{
	ID:       "blackhole-route",
	Severity: Error,
	Run: func(p *Pass) error {
		for _, t := range p.Network.RouteTables {
			v := t.VPCOf()
			if v == nil {
				continue
			}
			for i := range t.Routes {
				r := &t.Routes[i]
				why := deadTarget(v, r)
				if why == "" {
					continue
				}
				p.Report(Finding{
					Message:  fmt.Sprintf("route %s → %s in route table %s drops its traffic: %s", r.DestString(), routeTarget(r), t.Name, why),
					Range:    r.Range,
					Resource: routeResource(t, r),
					Fix:      "Point the route at the target that replaced the old one, or delete the route.",
				})
			}
		}
		for _, t := range p.Network.TGWRouteTables {
			g := model.Target[*model.TransitGateway](t.TransitGateway)
			for i := range t.Routes {
				r := &t.Routes[i]
				a := model.Target[*model.TGWAttachment](r.Attachment)
				if r.Blackhole || a == nil {
					continue
				}
				var why string
				switch {
				case !a.Available():
					why = fmt.Sprintf("attachment %s is %s, not available", a.Name, a.State)
				case g != nil && model.Target[*model.TransitGateway](a.TransitGateway) != g:
					why = fmt.Sprintf("attachment %s belongs to another transit gateway", a.Name)
				default:
					continue
				}
				dest := r.Dest.String()
				if !r.Dest.IsValid() {
					dest = "prefix list " + r.DestPrefixList.Key
				}
				res := r.Addr
				if res == "" {
					res = Address(t)
				}
				p.Report(Finding{
					Message:  fmt.Sprintf("route %s → attachment %s in transit gateway route table %s drops its traffic: %s", dest, a.Name, t.Name, why),
					Range:    r.Range,
					Resource: res,
					Fix:      "Route to an available attachment, or make the drop explicit with blackhole = true.",
				})
			}
		}
		return nil
	},
}

// deadTarget says why route r of a table of vpc v cannot deliver, or "".
func deadTarget(v *model.VPC, r *model.Route) string {
	if r.Target == model.TargetBlackhole {
		return "its target no longer exists (route state blackhole)"
	}
	switch o := r.TargetRef.Obj.(type) {
	case *model.InternetGateway:
		return gatewayElsewhere(v, o.VPC, "internet gateway "+o.Name)
	case *model.EgressOnlyIGW:
		return gatewayElsewhere(v, o.VPC, "egress-only internet gateway "+o.Name)
	case *model.VPNGateway:
		return gatewayElsewhere(v, o.VPC, "vpn gateway "+o.Name)
	case *model.NATGateway:
		if s := o.SubnetOf(); s != nil && s.VPCOf() != nil && s.VPCOf() != v {
			return fmt.Sprintf("nat gateway %s is in vpc %s", o.Name, s.VPCOf().Name)
		}
	case *model.VPCEndpoint:
		if w := model.Target[*model.VPC](o.VPC); w != nil && w != v {
			return fmt.Sprintf("vpc endpoint %s is in vpc %s", o.Name, w.Name)
		}
	case *model.NetworkInterface:
		if s := o.SubnetOf(); s != nil && s.VPCOf() != nil && s.VPCOf() != v {
			return fmt.Sprintf("network interface %s is in vpc %s", o.Name, s.VPCOf().Name)
		}
	case *model.Instance:
		if o.State == "terminated" {
			return fmt.Sprintf("instance %s is terminated", o.Name)
		}
		if e := o.Primary(); e != nil && e.SubnetOf() != nil && e.SubnetOf().VPCOf() != nil && e.SubnetOf().VPCOf() != v {
			return fmt.Sprintf("instance %s is in vpc %s", o.Name, e.SubnetOf().VPCOf().Name)
		}
	case *model.Peering:
		req, acc := model.Target[*model.VPC](o.Requester), model.Target[*model.VPC](o.Accepter)
		if req != v && acc != v && (req != nil || !o.Requester.External) && (acc != nil || !o.Accepter.External) {
			return fmt.Sprintf("peering connection %s does not connect vpc %s", o.Name, v.Name)
		}
		if o.State != "" && o.State != model.PeeringActive {
			return fmt.Sprintf("peering connection %s is %s, not active", o.Name, o.State)
		}
	case *model.TransitGateway:
		for _, a := range v.TransitAttachments {
			if model.Target[*model.TransitGateway](a.TransitGateway) == o && a.Available() {
				return ""
			}
		}
		return fmt.Sprintf("vpc %s has no available attachment to transit gateway %s", v.Name, o.Name)
	}
	return ""
}

func gatewayElsewhere(v *model.VPC, ref model.Ref, what string) string {
	attached := model.Target[*model.VPC](ref)
	switch {
	case !ref.Set():
		return what + " is not attached to any vpc"
	case attached != nil && attached != v:
		return what + " is attached to vpc " + attached.Name
	}
	return ""
}
