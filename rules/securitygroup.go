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
	Doc: Doc{
		Title: "a default security group has extra rules, or is used",
		Text: `Every VPC has a default security group, which AWS creates with one inbound rule
(all traffic from members of the group itself) and one outbound rule (all
traffic to anywhere), and which every instance or interface launched without
a security group joins
(https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
Because resources end up in it by omission, rules added to it open every
such resource at once.

Reported: each rule of a default security group beyond AWS's defaults
(warning), and each instance or network interface that uses a default
security group (notice; in Terraform an instance without
vpc_security_group_ids does). Fix: move the rules to a dedicated group and
give each resource the groups it needs; best practice (Security Hub EC2.2)
is to leave the default group with no rules at all.`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

security_group "prod-default" {
  vpc     = vpc.prod
  default = true

  ingress {
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

security_group "prod-default" {
  vpc     = vpc.prod
  default = true
}

security_group "ssh" {
  vpc = vpc.prod

  ingress {
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["192.0.2.0/24"]
  }
}`,
	},
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

// Security group quotas: "Inbound or outbound rules per security group: 60
// ... enforced separately for IPv4 rules and IPv6 rules"; "Security groups
// per network interface: 5 (adjustable up to 16)"; a referenced prefix list
// counts as its maximum number of entries; and rules per group times groups
// per interface cannot exceed 1,000.
// https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
const (
	defaultRulesPerSG  = 60
	maxRulesPerENI     = 1000
	defaultSGsPerENI   = 5
	maxSGsPerInterface = 16
)

// SGLimits reports security groups and interfaces over AWS's quotas.
var SGLimits = &Rule{
	ID:       "sg-limits",
	Severity: Warning,
	Doc: Doc{
		Title: "a security group has more rules, or an interface more groups, than the quota",
		Text: `Security groups have quotas
(https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html):

- 60 inbound and 60 outbound rules per group, counted separately for IPv4
  and IPv6; a rule that references a prefix list counts as the list's
  maximum number of entries, a rule that references a security group counts
  once (vpcheck counts it as IPv4);
- 5 security groups per network interface, adjustable up to 16.

Past the default quota AWS refuses the rule or the association unless the
quota was raised (warning); past what any quota allows (more than 16 groups,
or more than 1,000 rules of one kind) it always refuses (error). Fix:
consolidate rules with prefix lists or security group references, or split
the groups.`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

security_group "a" { vpc = vpc.prod }
security_group "b" { vpc = vpc.prod }
security_group "c" { vpc = vpc.prod }
security_group "d" { vpc = vpc.prod }
security_group "e" { vpc = vpc.prod }
security_group "f" { vpc = vpc.prod }

instance "app-1" {
  subnet          = subnet.app
  security_groups = [security_group.a, security_group.b, security_group.c,
                     security_group.d, security_group.e, security_group.f]
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

security_group "a" { vpc = vpc.prod }
security_group "b" { vpc = vpc.prod }

instance "app-1" {
  subnet          = subnet.app
  security_groups = [security_group.a, security_group.b]
}`,
	},
	Run: func(p *Pass) error {
		for _, g := range p.Network.SecurityGroups {
			type key struct {
				dir model.Direction
				v6  bool
			}
			counts := map[key]int{}
			last := map[key]*model.SGRule{}
			for i := range g.Rules {
				r := &g.Rules[i]
				k := key{dir: r.Direction}
				n := 1
				switch r.PeerKind {
				case model.PeerCIDR:
					k.v6 = r.CIDR.Addr().Is6()
				case model.PeerPrefixList:
					if pl := model.Target[*model.PrefixList](r.Peer); pl != nil {
						k.v6 = pl.Family == "IPv6"
						n = max(1, pl.MaxEntries, len(pl.Entries))
					}
				}
				counts[k] += n
				last[k] = r
			}
			for _, k := range []key{{model.Ingress, false}, {model.Ingress, true}, {model.Egress, false}, {model.Egress, true}} {
				n := counts[k]
				if n <= defaultRulesPerSG {
					continue
				}
				family := "ipv4"
				if k.v6 {
					family = "ipv6"
				}
				f := Finding{
					Message: fmt.Sprintf("security group %s has %d %s %s rules, more than the default quota of %d",
						g.Name, n, family, k.dir, defaultRulesPerSG),
					Range:    last[k].Range,
					Resource: Address(g),
					Fix:      "Consolidate rules (a prefix list or a security group reference covers many blocks), split the group, or raise the quota before applying.",
				}
				if n > maxRulesPerENI {
					f.Severity = Error
					f.Message = fmt.Sprintf("security group %s has %d %s %s rules, more than aws allows with any quota (%d)", g.Name, n, family, k.dir, maxRulesPerENI)
				}
				p.Report(f)
			}
		}
		for _, e := range p.Network.Interfaces {
			n := len(e.SecurityGroups)
			if n <= defaultSGsPerENI {
				continue
			}
			_, what, resource, rng := holderOf(e)
			f := Finding{
				Message:  fmt.Sprintf("%s has %d security groups, more than the default quota of %d per network interface", what, n, defaultSGsPerENI),
				Range:    rng,
				Resource: resource,
				Fix:      fmt.Sprintf("Merge security groups, or raise the quota (up to %d) before applying.", maxSGsPerInterface),
			}
			if n > maxSGsPerInterface {
				f.Severity = Error
				f.Message = fmt.Sprintf("%s has %d security groups, more than the %d aws allows per network interface", what, n, maxSGsPerInterface)
				f.Fix = "Merge security groups; no quota allows more than 16 per interface."
			}
			p.Report(f)
		}
		return nil
	},
}
