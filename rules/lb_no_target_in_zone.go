package rules

import (
	"fmt"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/model"
)

// LBNoTargetInZone reports load balancer nodes with no target to forward
// to: with cross-zone load balancing off (a Network Load Balancer's
// default), "each load balancer node distributes traffic across the
// registered targets in its Availability Zone only", so clients that DNS
// sends to that zone's node fail:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing
var LBNoTargetInZone = &Rule{
	ID:       "lb-no-target-in-zone",
	Severity: Warning,
	Requires: []*Analysis{Dataplane, LBTargetChecks},
	// From each load balancer's nodes to its targets, and back.
	Locality: &impact.Explorations{Inside: true, Replies: true, Kinds: lbKinds},
	Run: func(p *Pass) error {
		checks := lbTargetChecksOf(p)
		for _, b := range p.Network.LoadBalancers {
			seen := map[string]bool{}
			for _, c := range checks[b] {
				if c.Target != nil || c.Outcome.Code != dataplane.CodeLBNoTarget || c.Group == nil {
					continue
				}
				zone := model.Zone(c.Node)
				k := c.Group.Name + "\x00" + zone
				if seen[k] {
					continue
				}
				seen[k] = true
				msg := fmt.Sprintf("%s has no target of target group %s in zone %s (its node in subnet %s) and cross-zone load balancing is off: connections that reach that node fail",
					name(b), c.Group.Name, zone, c.Node.SubnetOf().Name)
				if len(c.Group.Targets) == 0 {
					msg = fmt.Sprintf("target group %s of %s has no registered target: every connection to listener %s fails", c.Group.Name, name(b), c.Listener.Name)
				}
				p.Report(Finding{
					Message:  msg,
					Range:    b.Range,
					Resource: Address(b),
					Related:  []Related{{Message: name(c.Group), Resource: Address(c.Group), Range: c.Group.Range}},
					Fix:      "Register a target in every enabled zone, drop the zone's subnet from the load balancer, or enable cross-zone load balancing.",
				})
			}
		}
		return nil
	},
}
