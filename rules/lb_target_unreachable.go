package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/model"
)

// LBTargetUnreachable reports registered targets a load balancer node
// cannot reach on the target port. The verdict is the fast path's, on the
// node's leg to the target: the node's own security groups (egress), the
// network ACLs between, routes, and the target's security groups, which see
// the node's address or, where a Network Load Balancer preserves client
// IPs, the client's:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html#target-security-groups
// and https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
var LBTargetUnreachable = &Rule{
	ID:       "lb-target-unreachable",
	Severity: Error,
	Requires: []*Analysis{Dataplane, LBTargetChecks},
	// From each load balancer's nodes to its targets, and back.
	Locality: &impact.Explorations{Inside: true, Replies: true, Kinds: lbKinds},
	Run: func(p *Pass) error {
		checks := lbTargetChecksOf(p)
		for _, b := range p.Network.LoadBalancers {
			// One finding per target and reason, naming the nodes.
			type key struct {
				t      *model.LBTarget
				health bool
				code   string
				msg    string
			}
			nodes := map[key][]string{}
			first := map[key]analyzer.TargetCheck{}
			var order []key
			for _, c := range checks[b] {
				if c.Target == nil || c.Reachable {
					continue
				}
				code, msg := string(c.Outcome.Code), c.Outcome.Message
				if c.Arrived {
					code, msg = string(c.ReturnOutcome.Code), "its reply does not come back: "+c.ReturnOutcome.Message
				}
				if code == "" {
					continue // unknown: something on the way is not modelled
				}
				k := key{c.Target, c.HealthCheck, code, msg}
				if _, ok := first[k]; !ok {
					first[k] = c
					order = append(order, k)
				}
				nodes[k] = append(nodes[k], c.Node.SubnetOf().Name)
			}
			for _, k := range order {
				c := first[k]
				subnets := dedupe(nodes[k])
				sort.Strings(subnets)
				source := fmt.Sprintf("the node's address %s", c.Packet.Src)
				if c.ClientIP {
					source = fmt.Sprintf("the client's address (client IP preservation; for a client at %s)", c.Packet.Src)
				}
				rng := c.Outcome.Range
				if c.Arrived {
					rng = c.ReturnOutcome.Range
				}
				msg := fmt.Sprintf("%s cannot reach target %s of target group %s on %s %d from its node in subnet %s: %s (%s); the target sees %s",
					name(b), targetName(c), c.Group.Name, model.Protocol(c.Packet.Proto), c.Packet.DstPort, strings.Join(subnets, ", "), k.msg, k.code, source)
				if c.HealthCheck {
					msg = fmt.Sprintf("the health checks of %s cannot reach target %s of target group %s on tcp %d from its node in subnet %s: %s (%s); the target is marked unhealthy and gets no traffic",
						name(b), targetName(c), c.Group.Name, c.Packet.DstPort, strings.Join(subnets, ", "), k.msg, k.code)
				}
				p.Report(Finding{
					Message:  msg,
					Range:    c.Target.Range,
					Resource: Address(c.Group),
					Related:  []Related{{Message: "what blocks it", Range: rng}, {Message: name(b), Resource: Address(b), Range: b.Range}},
					Fix:      "Allow the target port from the source the target sees (security groups and network ACLs on both sides, replies included), or change where the target is registered.",
				})
			}
		}
		return nil
	},
}

// targetName names a registered target: the instance or load balancer, or
// the address, with the port.
func targetName(c analyzer.TargetCheck) string {
	t := c.Target
	port := t.PortIn(c.Group)
	switch {
	case t.Instance.Obj != nil:
		return fmt.Sprintf("%s (%s:%d)", name(t.Instance.Obj), c.TargetIP, port)
	case t.LoadBalancer.Obj != nil:
		return fmt.Sprintf("%s (%s:%d)", name(t.LoadBalancer.Obj), c.TargetIP, port)
	}
	return fmt.Sprintf("%s:%d", c.TargetIP, port)
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
