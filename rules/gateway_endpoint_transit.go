package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// GatewayEndpointTransit reports routes that send a gateway endpoint's
// service prefix list out of the VPC. "Gateway endpoints ... do not allow
// access from on-premises networks, from peered VPCs in other AWS Regions,
// or through a transit gateway", and "endpoint connections cannot be
// extended out of a VPC": https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
// and https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
var GatewayEndpointTransit = &Rule{
	ID:       "gateway-endpoint-transit",
	Severity: Error,
	Run: func(p *Pass) error {
		endpoints := serviceListEndpoints(p.Network)
		for _, t := range p.Network.RouteTables {
			v := t.VPCOf()
			if v == nil {
				continue
			}
			for i := range t.Routes {
				r := &t.Routes[i]
				pl := model.Target[*model.PrefixList](r.DestPrefixList)
				if pl == nil || !isServiceList(pl, endpoints) {
					continue
				}
				var beyond string
				var far []*model.VPC
				switch o := r.TargetRef.Obj.(type) {
				case *model.Peering:
					if w := o.Other(v); w != nil {
						far = []*model.VPC{w}
						beyond = "vpc " + w.Name
					}
				case *model.TransitGateway:
					beyond = "the vpcs behind it"
				case *model.VPNGateway:
					beyond = "the on-premises network behind it"
				default:
					continue
				}
				svc := pl.Name
				if pl.AWSID != "" && pl.AWSID != pl.Name {
					svc += " (" + pl.AWSID + ")"
				}
				var expecting []string
				var related []Related
				for _, e := range endpoints[pl] {
					w := model.Target[*model.VPC](e.VPC)
					if w == v {
						continue
					}
					if len(far) > 0 && w != far[0] {
						continue
					}
					if w != nil {
						expecting = append(expecting, fmt.Sprintf("vpc %s's gateway endpoint %s", w.Name, e.Name))
					}
					related = append(related, Related{Message: "gateway endpoint " + e.Name, Resource: Address(e), Range: e.Range})
				}
				intent := ""
				if len(expecting) > 0 {
					intent = ", expecting " + strings.Join(expecting, " and ")
				}
				p.Report(Finding{
					Message: fmt.Sprintf("route table %s sends prefix list %s into %s%s: a gateway endpoint carries only traffic that starts in its own vpc, so %s drops it",
						t.Name, svc, routeTarget(r), intent, orDefault(beyond, "the far side")),
					Range:    r.Range,
					Resource: routeResource(t, r),
					Related:  related,
					Fix: fmt.Sprintf("Give vpc %s its own gateway endpoint for the service (gateway endpoints are free), or use an interface endpoint in the other VPC, which is reachable over %s.",
						v.Name, routeTarget(r)),
				})
			}
		}
		return nil
	},
}

// serviceListEndpoints maps each prefix list to the gateway endpoints that route to it.
func serviceListEndpoints(net *model.Network) map[*model.PrefixList][]*model.VPCEndpoint {
	out := map[*model.PrefixList][]*model.VPCEndpoint{}
	for _, e := range net.Endpoints {
		if e.Type != model.EndpointGateway {
			continue
		}
		if pl := model.Target[*model.PrefixList](e.PrefixList); pl != nil {
			out[pl] = append(out[pl], e)
		}
	}
	for _, es := range out {
		sort.Slice(es, func(i, j int) bool { return es[i].Name < es[j].Name })
	}
	return out
}

// isServiceList reports whether pl is an AWS service's prefix list (what a
// gateway endpoint routes to), rather than a customer list.
func isServiceList(pl *model.PrefixList, endpoints map[*model.PrefixList][]*model.VPCEndpoint) bool {
	return pl.AWSManaged || len(endpoints[pl]) > 0
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
