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
					Message:  fmt.Sprintf("route %s in route table %s targets %s, whose source/destination check is enabled: it drops every packet not addressed to itself", r.DestString(), t.Name, what),
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
