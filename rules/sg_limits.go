package rules

import (
	"fmt"

	"github.com/vpcheck/vpcheck/model"
)

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
