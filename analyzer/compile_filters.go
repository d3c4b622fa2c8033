package analyzer

import (
	"net/netip"
	"sort"

	"github.com/vpcheck/vpcheck/model"
)

// SGFilters returns the security-group filter of an ENI in one direction:
// the union of the rules of every group on the ENI. An ENI with no group
// has the VPC's default group, as AWS assigns at launch:
// https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
func (d *Dataplane) SGFilters(e *model.NetworkInterface, kind FilterKind) []*Filter {
	return []*Filter{d.SGFilter(e, kind)}
}

// SGFilter is SGFilters' one filter.
func (d *Dataplane) SGFilter(e *model.NetworkInterface, kind FilterKind) *Filter {
	k := sgKey{e, kind}
	if f, ok := d.sgFilter[k]; ok {
		return f
	}
	groups := model.Targets[*model.SecurityGroup](e.SecurityGroups)
	takesGroups := e.Type == "" || e.Type == model.ENIInstance || e.Type == model.ENIEndpoint
	if len(groups) == 0 && !takesGroups && len(e.SecurityGroups) == 0 {
		// Interfaces AWS manages without security groups (Gateway Load
		// Balancer endpoints, …) filter nothing.
		f := &Filter{ID: len(d.sgFilter) + len(d.naclFilter), Kind: kind, Component: d.displayOf(e), Stateful: true, Range: e.Range,
			Rules: []Rule{{Proto: model.ProtoAll, Peers: allAddr, Desc: "no security group", Range: e.Range}}}
		d.sgFilter[k] = f
		return f
	}
	if len(groups) == 0 && e.SubnetOf() != nil && e.SubnetOf().VPCOf() != nil {
		for _, g := range e.SubnetOf().VPCOf().SecurityGroups {
			if g.Default {
				groups = []*model.SecurityGroup{g}
			}
		}
	}
	dir := model.Ingress
	if kind == SGEgress {
		dir = model.Egress
	}
	f := &Filter{ID: len(d.sgFilter) + len(d.naclFilter), Kind: kind, Component: d.displayOf(e), Groups: groups, Stateful: true, Range: e.Range}
	for _, g := range groups {
		for _, r := range g.Rules {
			if r.Direction != dir {
				continue
			}
			cr := Rule{Proto: r.Protocol, Ports: r.Ports, ICMP: r.ICMP, Owner: g, Range: r.Range}
			switch r.PeerKind {
			case model.PeerCIDR:
				cr.Peers = []netip.Prefix{r.CIDR}
			case model.PeerPrefixList:
				if pl := model.Target[*model.PrefixList](r.Peer); pl != nil {
					cr.Peers = d.prefixListBlocks(pl)
					cr.Desc = "prefix list " + pl.Name
				}
			case model.PeerSecurityGroup:
				// A group reference admits the private addresses of the
				// group's members, never public ones:
				// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
				if peer := model.Target[*model.SecurityGroup](r.Peer); peer != nil {
					for _, m := range peer.Members {
						cr.Peers = append(cr.Peers, hostPrefixes(d.Addrs[m])...)
					}
					cr.Desc = "security group " + peer.Name
				}
			}
			if len(cr.Peers) > 0 {
				f.Rules = append(f.Rules, cr)
			}
		}
	}
	if len(groups) > 0 {
		f.Range = groups[0].Range
	}
	d.sgFilter[k] = f
	return f
}

// NACLFilter returns the network ACL filter of a subnet in one direction.
// Rules are evaluated from the lowest number; the first match decides and
// an unmatched packet is denied by the final "*" rule:
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
func (d *Dataplane) NACLFilter(s *model.Subnet, kind FilterKind) *Filter {
	if s.NetworkACL == nil {
		return nil
	}
	return d.ACLFilter(s.NetworkACL, kind)
}

// ACLFilter returns a network ACL's filter in one direction.
func (d *Dataplane) ACLFilter(acl *model.NetworkACL, kind FilterKind) *Filter {
	k := naclKey{acl, kind}
	if f, ok := d.naclFilter[k]; ok {
		return f
	}
	dir := model.Ingress
	if kind == NACLEgress {
		dir = model.Egress
	}
	var rules []model.NACLRule
	for _, r := range acl.Rules {
		if r.Direction == dir {
			rules = append(rules, r)
		}
	}
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].Number < rules[j].Number })
	f := &Filter{ID: len(d.sgFilter) + len(d.naclFilter), Kind: kind, Component: acl, FirstMatch: true, Range: acl.Range}
	for _, r := range rules {
		f.Rules = append(f.Rules, Rule{Deny: r.Action == model.Deny, Proto: r.Protocol, Ports: r.Ports, ICMP: r.ICMP,
			Peers: []netip.Prefix{r.CIDR}, Number: r.Number, Owner: acl, Range: r.Range})
	}
	d.naclFilter[k] = f
	return f
}
