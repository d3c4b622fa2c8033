package dataplane

import (
	"net/netip"
	"sort"

	"github.com/vpcheck/vpcheck/model"
)

// SGFilter returns the security-group filter of an ENI of the graph (one
// with a node in ENIOut) in one direction, nil for other interfaces.
func (d *Dataplane) SGFilter(e *model.NetworkInterface, kind FilterKind) *Filter {
	return d.sgFilters[sgKey{e, kind}]
}

// NACLFilter returns the network ACL filter of a subnet of the graph (one
// with a node in Router) in one direction, nil when it has no network ACL.
func (d *Dataplane) NACLFilter(s *model.Subnet, kind FilterKind) *Filter {
	if s.NetworkACL == nil {
		return nil
	}
	return d.ACLFilter(s.NetworkACL, kind)
}

// ACLFilter returns the filter of a network ACL of a subnet of the graph in
// one direction.
func (d *Dataplane) ACLFilter(acl *model.NetworkACL, kind FilterKind) *Filter {
	return d.naclFilters[naclKey{acl, kind}]
}

// sgFilters is the one security-group filter of an ENI in one direction,
// as an edge's filter list: the union of the rules of every group on the
// ENI. An ENI with no group has the VPC's default group, as AWS assigns at
// launch: https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
func (c *compiler) sgFilters(e *model.NetworkInterface, kind FilterKind) []*Filter {
	return []*Filter{c.sgFilter(e, kind)}
}

// sgFilter builds, once, sgFilters' one filter.
func (c *compiler) sgFilter(e *model.NetworkInterface, kind FilterKind) *Filter {
	d := c.d
	k := sgKey{e, kind}
	if f, ok := d.sgFilters[k]; ok {
		return f
	}
	groups := model.Targets[*model.SecurityGroup](e.SecurityGroups)
	takesGroups := e.Type == "" || e.Type == model.ENIInstance || e.Type == model.ENIEndpoint
	if len(groups) == 0 && !takesGroups && len(e.SecurityGroups) == 0 {
		// Interfaces AWS manages without security groups (Gateway Load
		// Balancer endpoints, …) filter nothing.
		f := &Filter{ID: c.nextFilterID(), Kind: kind, Component: d.DisplayOf(e), Stateful: true, Range: e.Range,
			Rules: []FilterRule{{Proto: model.ProtoAll, Peers: AllAddresses, Desc: "any address (no security group)", Range: e.Range}}}
		d.sgFilters[k] = f
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
	f := &Filter{ID: c.nextFilterID(), Kind: kind, Component: d.DisplayOf(e), Groups: groups, Stateful: true, Range: e.Range}
	for _, g := range groups {
		for _, r := range g.Rules {
			if r.Direction != dir {
				continue
			}
			cr := FilterRule{Proto: r.Protocol, Ports: r.Ports, ICMP: r.ICMP, Owner: g, Range: r.Range}
			switch r.PeerKind {
			case model.PeerCIDR:
				cr.Peers = []netip.Prefix{r.CIDR}
			case model.PeerPrefixList:
				if pl := model.Target[*model.PrefixList](r.Peer); pl != nil {
					cr.Peers = c.prefixListBlocks(pl)
					cr.Desc = "prefix list " + pl.Name
				}
			case model.PeerSecurityGroup:
				// A group reference admits the private addresses of the
				// group's members, never public ones:
				// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
				if peer := model.Target[*model.SecurityGroup](r.Peer); peer != nil {
					for _, m := range peer.Members {
						cr.Peers = append(cr.Peers, HostPrefixes(d.Addrs[m])...)
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
	d.sgFilters[k] = f
	return f
}

// naclFilter builds, once, the network ACL filter of a subnet in one
// direction (nil when it has no network ACL).
func (c *compiler) naclFilter(s *model.Subnet, kind FilterKind) *Filter {
	if s.NetworkACL == nil {
		return nil
	}
	return c.aclFilter(s.NetworkACL, kind)
}

// aclFilter builds, once, a network ACL's filter in one direction. Rules
// are evaluated from the lowest number; the first match decides and an
// unmatched packet is denied by the final "*" rule:
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
func (c *compiler) aclFilter(acl *model.NetworkACL, kind FilterKind) *Filter {
	d := c.d
	k := naclKey{acl, kind}
	if f, ok := d.naclFilters[k]; ok {
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
	f := &Filter{ID: c.nextFilterID(), Kind: kind, Component: acl, FirstMatch: true, Range: acl.Range}
	for _, r := range rules {
		f.Rules = append(f.Rules, FilterRule{Deny: r.Action == model.Deny, Proto: r.Protocol, Ports: r.Ports, ICMP: r.ICMP,
			Peers: []netip.Prefix{r.CIDR}, Number: r.Number, Owner: acl, Range: r.Range})
	}
	d.naclFilters[k] = f
	return f
}
