package rules

import (
	"fmt"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/model"
)

// AsymmetricRouting reports flows whose replies do not come back the way
// the requests went: no route back (a route on one side only), a reply
// routed into a NAT gateway the request did not cross, or request and reply
// crossing different inspection appliances.
var AsymmetricRouting = &Rule{
	ID:       "asymmetric-routing",
	Severity: Error,
	Requires: []*Analysis{Dataplane, Asymmetries},
	// The flows from the internet (Exposures), from on-premises sites and
	// between peered and attached VPCs, from the hosts' own addresses, and
	// their replies; the peerings and transit gateways are read from the model.
	Locality: &impact.Explorations{Internet: true, OnPrem: true, Inside: true, Replies: true, Kinds: routingKinds},
	Run: func(p *Pass) error {
		for _, a := range asymmetriesOf(p) {
			f := Finding{Message: a.Message, Range: a.Range, Fix: asymmetryFix(a), Resource: addressOf(a.Component)}
			if a.Kind == AsymmetryTransitGateway {
				// Both directions arrive: a risk, not a broken flow.
				f.Severity = Warning
			}
			// Both paths, so the difference is visible.
			f.Related = append(f.Related,
				Related{Message: "request path: " + strings.Join(a.Forward, " → "), Range: a.ForwardRange, Resource: addressOf(a.Destination)},
				Related{Message: "reply path: " + strings.Join(a.Reply, " → "), Range: a.Range, Resource: f.Resource})
			p.Report(f)
		}
		return nil
	},
}

func asymmetryFix(a Asymmetry) string {
	switch a.Kind {
	case AsymmetryNoRoute:
		return "add the route back (or enable route propagation) in the table named, towards the gateway the requests came through"
	case AsymmetryStateful:
		return fmt.Sprintf("route replies to %s through the gateway the requests came through, or move the host to a subnet whose default route is the internet gateway", a.Source)
	}
	if a.Kind == AsymmetryTransitGateway {
		return "route the replies through the transit gateway the requests came through: give the table named a route for the requests' source towards it (or send the requests the replies' way)"
	}
	return "route requests and replies through the same appliance: add the subnet to the gateway route table, or route the subnet's replies the same way"
}

func addressOf(o model.Object) string {
	if o == nil {
		return ""
	}
	return Address(o)
}
