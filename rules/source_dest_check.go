package rules

import (
	"fmt"

	"github.com/vpcheck/vpcheck/model"
)

// SourceDestCheck reports routes to an interface that drops what it is sent.
// "Each EC2 instance performs source/destination checks by default ... the
// instance must be the source or destination of any traffic it sends or
// receives. However, a NAT instance must be able to send and receive
// traffic when the source or destination is not itself. Therefore, you must
// disable source/destination checks": https://docs.aws.amazon.com/vpc/latest/userguide/work-with-nat-instances.html
// and https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html
var SourceDestCheck = &Rule{
	ID:       "source-dest-check",
	Severity: Error,
	Doc: Doc{
		Title: "a route targets an interface whose source/destination check is on",
		Text: `A route whose target is an instance or network interface (a NAT instance, a
firewall, a router appliance) sends it packets addressed to other hosts. With
the source/destination check enabled — the default — the interface drops
every packet whose destination is not its own address, so all traffic on the
route is lost (https://docs.aws.amazon.com/vpc/latest/userguide/work-with-nat-instances.html).

Fix: disable the check on the appliance's interface (source_dest_check =
false), or route to a managed target (NAT gateway, Gateway Load Balancer
endpoint).`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "dmz" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

instance "nat" {
  subnet     = subnet.dmz
  private_ip = "10.0.0.10"
}

route_table "private" {
  vpc = vpc.prod
  route {
    destination = "0.0.0.0/0"
    target      = instance.nat
  }
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "dmz" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

instance "nat" {
  subnet            = subnet.dmz
  private_ip        = "10.0.0.10"
  source_dest_check = false
}

route_table "private" {
  vpc = vpc.prod
  route {
    destination = "0.0.0.0/0"
    target      = instance.nat
  }
}`,
	},
	Run: func(p *Pass) error {
		for _, t := range p.Network.RouteTables {
			for i := range t.Routes {
				r := &t.Routes[i]
				var e *model.NetworkInterface
				what := ""
				switch o := r.TargetRef.Obj.(type) {
				case *model.NetworkInterface:
					e, what = o, name(o)
				case *model.Instance:
					e, what = o.Primary(), name(o)
					if e != nil && e.Name != o.Name+"/eth0" && e.Name != o.Name+"/eni0" {
						what = fmt.Sprintf("%s (its primary interface %s)", what, e.Name)
					}
				}
				if e == nil || !e.SourceDestCheck || (e.Type != model.ENIInstance && e.Type != model.ENIOther && e.Type != "") {
					continue
				}
				p.Report(Finding{
					Message:  fmt.Sprintf("route %s in route table %s targets %s, whose source/destination check is enabled: it drops every packet not addressed to itself", routeDest(r), t.Name, what),
					Range:    r.Range,
					Resource: routeResource(t, r),
					Related:  []Related{{Message: name(e), Resource: Address(e), Range: e.Range}},
					Fix:      fmt.Sprintf("Set source_dest_check = false on %s (the appliance must forward traffic for other hosts).", what),
				})
			}
		}
		return nil
	},
}
