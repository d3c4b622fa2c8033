package rules

import (
	"fmt"
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

// DefaultSGOpen reports default security groups that allow more than AWS's
// defaults, or that interfaces use. AWS advises against using the default
// group and Security Hub control EC2.2 asks that it restrict all traffic:
// https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
// and https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2
var DefaultSGOpen = &Rule{
	ID:       "default-sg-open",
	Severity: Warning,
	Run: func(p *Pass) error {
		for _, g := range p.Network.SecurityGroups {
			if !g.Default {
				continue
			}
			v := model.Target[*model.VPC](g.VPC)
			vpcName := "its vpc"
			if v != nil {
				vpcName = "vpc " + v.Name
			}
			if !g.Implicit {
				for i := range g.Rules {
					r := &g.Rules[i]
					if isDefaultSGRule(g, r) {
						continue
					}
					p.Report(Finding{
						Message:  fmt.Sprintf("default security group %s of %s has an extra %s rule: %s", g.Name, vpcName, r.Direction, describeSGRule(r)),
						Range:    r.Range,
						Resource: sgRuleResource(g, r),
						Fix:      "Move the rule to a dedicated security group attached to the resources that need it; keep the default group without rules.",
					})
				}
			}
			for _, e := range g.Members {
				if e.Owner.Obj != nil || e.Implicit && e.Instance.Obj == nil {
					// Managed interfaces (endpoints, NAT gateways) take the
					// groups their owner is given.
					continue
				}
				_, what, resource, rng := holderOf(e)
				p.Report(Finding{
					Severity: Notice,
					Message:  fmt.Sprintf("%s uses the default security group of %s", what, vpcName),
					Range:    rng,
					Resource: resource,
					Related:  []Related{{Message: "default security group " + g.Name, Resource: Address(g), Range: g.Range}},
					Fix:      "Give it a dedicated security group with only the rules it needs (in Terraform: vpc_security_group_ids).",
				})
			}
		}
		return nil
	},
}

var (
	allIPv4 = netip.MustParsePrefix("0.0.0.0/0")
	allIPv6 = netip.MustParsePrefix("::/0")
)

// isDefaultSGRule reports whether r is one of the rules AWS gives a default
// security group: all traffic in from the group itself, all traffic out.
func isDefaultSGRule(g *model.SecurityGroup, r *model.SGRule) bool {
	if r.Protocol != model.ProtoAll {
		return false
	}
	if r.Direction == model.Ingress {
		return r.PeerKind == model.PeerSecurityGroup && r.Peer.Obj == model.Object(g)
	}
	return r.PeerKind == model.PeerCIDR && (r.CIDR == allIPv4 || r.CIDR == allIPv6)
}

// describeSGRule is a rule in words: "tcp 22 from 0.0.0.0/0".
func describeSGRule(r *model.SGRule) string {
	var what string
	switch {
	case r.Protocol == model.ProtoAll:
		what = "all traffic"
	case r.Protocol.HasPorts():
		what = fmt.Sprintf("%s %s", r.Protocol, r.Ports)
	default:
		what = r.Protocol.String()
	}
	dir := "from"
	if r.Direction == model.Egress {
		dir = "to"
	}
	peer := r.CIDR.String()
	switch r.PeerKind {
	case model.PeerSecurityGroup:
		peer = "security group " + r.Peer.Key
		if r.Peer.Obj != nil {
			peer = name(r.Peer.Obj)
		}
	case model.PeerPrefixList:
		peer = "prefix list " + r.Peer.Key
	}
	return fmt.Sprintf("%s %s %s", what, dir, peer)
}

func sgRuleResource(g *model.SecurityGroup, r *model.SGRule) string {
	if r.Addr != "" {
		return r.Addr
	}
	return Address(g)
}
