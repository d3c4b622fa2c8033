package rules

import (
	"fmt"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
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
	Doc: Doc{
		Title: "a load balancer zone has no target to forward to",
		Text: `DNS spreads a load balancer's clients over the nodes of all its enabled
zones. With cross-zone load balancing off — the default of Network Load
Balancers — a node forwards only to targets registered in its own zone, so a
zone with no target fails every connection its node takes
(https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing).
A target group with no target at all fails in every zone.

Fix: register a target in every enabled zone, remove the zone's subnet from
the load balancer, or turn cross-zone load balancing on.`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
  az         = "eu-west-1a"
}

subnet "b" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
  az         = "eu-west-1b"
}

load_balancer "api" {
  type     = "network"
  internal = true
  subnets  = [subnet.a, subnet.b]
}

lb_listener "tcp" {
  load_balancer = load_balancer.api
  protocol      = "TCP"
  port          = 80
  target_groups = [lb_target_group.app]
}

lb_target_group "app" {
  vpc      = vpc.prod
  protocol = "TCP"
  port     = 80
  targets  = [instance.app-a]
}

instance "app-a" {
  subnet = subnet.a
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "a" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
  az         = "eu-west-1a"
}

subnet "b" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
  az         = "eu-west-1b"
}

load_balancer "api" {
  type       = "network"
  internal   = true
  subnets    = [subnet.a, subnet.b]
  cross_zone = true
}

lb_listener "tcp" {
  load_balancer = load_balancer.api
  protocol      = "TCP"
  port          = 80
  target_groups = [lb_target_group.app]
}

lb_target_group "app" {
  vpc      = vpc.prod
  protocol = "TCP"
  port     = 80
  targets  = [instance.app-a]
}

instance "app-a" {
  subnet = subnet.a
}`,
	},
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
