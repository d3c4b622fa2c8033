package dataplane

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// AWS Network Firewall. A packet routed to a firewall endpoint is decided
// by the firewall's policy — the stateless rules by priority (pass, drop,
// or forward to the stateful engine), the stateless default action for
// full packets, then the stateful 5-tuple rules (strict order: by group
// priority and rule order, first match; default action order: pass rules,
// then drop and reject rules; alert rules decide nothing) and the stateful
// default action — and, when it passes, continues by the route table of
// the endpoint's subnet. See
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-rules-engines.html
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
//
// The policy compiles to one first-match decision list (pass, drop or
// unknown per 5-tuple match), put on the endpoint's edge as two filters
// both engines evaluate as they do network ACLs: FirewallRules denies what
// the list drops (FIREWALL_DROP), FirewallUnmodelled what the list leaves
// to a rule vpcheck does not evaluate (FIREWALL_UNMODELLED, unknown).

// firewallOf is the firewall whose endpoint ENI e is, nil for another ENI.
func firewallOf(e *model.NetworkInterface) *model.Firewall {
	ep := model.Target[*model.VPCEndpoint](e.Owner)
	if ep == nil || ep.Type != model.EndpointFirewall {
		return nil
	}
	return model.Target[*model.Firewall](ep.Firewall)
}

// fillFirewall routes what reaches firewall endpoint e (node id) through
// the firewall's policy to the endpoint subnet's router.
func (c *compiler) fillFirewall(id NodeID, e *model.NetworkInterface, fw *model.Firewall) {
	p := model.Target[*model.FirewallPolicy](fw.Policy)
	if p == nil {
		c.drop(id, AllAddresses, Outcome{Code: CodeFirewallUnmodelled, Component: fw, Range: fw.Range,
			Message: fmt.Sprintf("%s has no firewall policy in the input: what it does with the packet is unknown", model.Label(fw))})
		return
	}
	edge := c.route(id, AllAddresses, c.d.Router[e.SubnetOf()], fmt.Sprintf("inspected by %s (endpoint in subnet %s)", model.Label(fw), e.SubnetOf().Name), fw, e.Range)
	c.d.Edges[edge].Filters = append(c.d.Edges[edge].Filters, c.firewallFilters(p)...)
}

// fwAction is what a decision list entry does.
type fwAction uint8

const (
	fwPass fwAction = iota
	fwDrop
	fwUnknown
)

// fwItem is one entry of a policy's decision list: a 5-tuple match (nil
// address lists and ports match anything) and its action.
type fwItem struct {
	proto      model.Protocol
	srcs, dsts []netip.Prefix
	sports     *model.PortRange
	dports     *model.PortRange
	action     fwAction
	owner      model.Object
	desc       string
	rng        hcl.Range
}

// firewallFilters builds, once per policy, its filters: the stateless
// rules, which see every packet, replies too (a forward to the stateful
// engine passes there); the whole decision list, stateful, so that the
// replies of a flow it passed pass; and the unknown filter, stateful too.
func (c *compiler) firewallFilters(p *model.FirewallPolicy) []*Filter {
	if fs, ok := c.d.fwFilters[p]; ok {
		return fs
	}
	items, stateless := policyItems(p)
	id := c.nextFilterID()
	var fs []*Filter
	if stateless {
		sl := &Filter{ID: id, Kind: FirewallRules, Component: p, FirstMatch: true, Range: p.Range}
		for _, it := range statelessItems(p) {
			if it.action == fwForward {
				it.action = fwPass
				it.desc += " (to the stateful engine)"
			}
			if it.action != fwUnknown {
				sl.Rules = append(sl.Rules, filterRule(it, it.action == fwDrop))
			}
		}
		all := fwItem{proto: model.ProtoAll, owner: p, rng: p.Range, desc: "stateless default action " + p.StatelessDefault}
		sl.Rules = append(sl.Rules, filterRule(all, p.StatelessDefault == model.FWDrop))
		fs = append(fs, sl)
		id++
	}
	drop := &Filter{ID: id, Kind: FirewallRules, Component: p, FirstMatch: true, Stateful: true, Range: p.Range}
	unknown := &Filter{ID: id + 1, Kind: FirewallUnmodelled, Component: p, FirstMatch: true, Stateful: true, Range: p.Range}
	for _, it := range items {
		drop.Rules = append(drop.Rules, filterRule(it, it.action == fwDrop))
		unknown.Rules = append(unknown.Rules, filterRule(it, it.action == fwUnknown))
	}
	fs = append(fs, drop, unknown)
	c.d.fwFilters[p] = fs
	return fs
}

// filterRule is the filter rule of a decision list entry.
func filterRule(it fwItem, deny bool) FilterRule {
	r := FilterRule{Deny: deny, Proto: it.proto, Ports: model.AllPorts, ICMP: model.ICMPMatch{Type: -1, Code: -1},
		Peers: it.srcs, Dsts: it.dsts, Owner: it.owner, Desc: it.desc, Range: it.rng}
	if r.Peers == nil {
		r.Peers = AllAddresses
	}
	if it.dports != nil {
		r.Ports = *it.dports
	}
	if it.sports != nil {
		r.SrcPorts, r.MatchSrcPorts = *it.sports, true
	}
	return r
}

// policyItems is a policy's decision list, ending with a match-all entry,
// and whether stateless rules or default decide any packet by themselves.
func policyItems(p *model.FirewallPolicy) ([]fwItem, bool) {
	stateful := statefulItems(p)
	var out []fwItem
	stateless := false
	for _, it := range statelessItems(p) {
		if it.action != fwForward {
			stateless = true
			out = append(out, it)
			continue
		}
		for _, s := range stateful {
			if x, ok := intersect(it, s); ok {
				out = append(out, x)
			}
		}
	}
	all := fwItem{proto: model.ProtoAll, owner: p, rng: p.Range}
	switch p.StatelessDefault {
	case model.FWPass:
		stateless = true
		all.action, all.desc = fwPass, "stateless default action aws:pass"
		out = append(out, all)
	case model.FWDrop:
		stateless = true
		all.action, all.desc = fwDrop, "stateless default action aws:drop"
		out = append(out, all)
	case model.FWForward:
		out = append(out, stateful...)
	default:
		all.action, all.desc = fwUnknown, fmt.Sprintf("stateless default action %q is not one vpcheck evaluates", p.StatelessDefault)
		out = append(out, all)
	}
	return out, stateless
}

// fwForward marks a stateless entry that forwards to the stateful engine.
const fwForward fwAction = 255

// statelessItems are the policy's stateless rules by group priority, then
// rule priority, each protocol × port range its own entry.
func statelessItems(p *model.FirewallPolicy) []fwItem {
	groups := append([]model.FirewallGroupRef(nil), p.Stateless...)
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].Priority < groups[j].Priority })
	var out []fwItem
	for _, gr := range groups {
		g := model.Target[*model.FirewallRuleGroup](gr.Group)
		if g == nil {
			out = append(out, fwItem{proto: model.ProtoAll, action: fwUnknown, owner: p, rng: gr.Group.Range,
				desc: fmt.Sprintf("stateless rule group %s is not in the input", gr.Group.Key)})
			continue
		}
		rules := append([]model.StatelessRule(nil), g.Stateless...)
		sort.SliceStable(rules, func(i, j int) bool { return rules[i].Priority < rules[j].Priority })
		for _, r := range rules {
			action := fwUnknown
			switch r.Action {
			case model.FWPass:
				action = fwPass
			case model.FWDrop:
				action = fwDrop
			case model.FWForward:
				action = fwForward
			}
			desc := fmt.Sprintf("rule group %s, stateless rule priority %d, %s", g.Name, r.Priority, r.Action)
			protos := []model.Protocol{model.ProtoAll}
			if len(r.Protocols) > 0 {
				protos = protos[:0]
				for _, n := range r.Protocols {
					protos = append(protos, model.Protocol(n))
				}
			}
			sports, dports := rangesOrAny(r.SrcPorts), rangesOrAny(r.DstPorts)
			for _, pr := range protos {
				for _, sp := range sports {
					for _, dp := range dports {
						it := fwItem{proto: pr, srcs: r.Sources, dsts: r.Destinations, sports: sp, dports: dp,
							action: action, owner: g, desc: desc, rng: r.Range}
						if (sp != nil || dp != nil) && !pr.HasPorts() {
							// Ports apply only to TCP and UDP: a rule with ports
							// matches no packet of another protocol.
							continue
						}
						out = append(out, it)
					}
				}
			}
		}
	}
	return out
}

func rangesOrAny(rs []model.PortRange) []*model.PortRange {
	if len(rs) == 0 {
		return []*model.PortRange{nil}
	}
	out := make([]*model.PortRange, len(rs))
	for i := range rs {
		out[i] = &rs[i]
	}
	return out
}

// statefulItems is the stateful engine's decision list, ending with the
// stateful default action as a match-all entry.
func statefulItems(p *model.FirewallPolicy) []fwItem {
	groups := append([]model.FirewallGroupRef(nil), p.Stateful...)
	if p.StrictOrder {
		sort.SliceStable(groups, func(i, j int) bool { return groups[i].Priority < groups[j].Priority })
	}
	all := fwItem{proto: model.ProtoAll, owner: p, rng: p.Range}
	var pass, drop, out []fwItem
	unknownSeen := false
	for _, gr := range groups {
		g := model.Target[*model.FirewallRuleGroup](gr.Group)
		var why string
		switch {
		case g == nil:
			why = fmt.Sprintf("stateful rule group %s is not in the input", gr.Group.Key)
		case g.Unmodelled != "":
			why = fmt.Sprintf("rule group %s holds %s, which vpcheck does not evaluate", g.Name, g.Unmodelled)
		}
		if why != "" {
			u := all
			u.action, u.desc = fwUnknown, why
			if g != nil {
				u.owner, u.rng = g, g.Range
			}
			if p.StrictOrder {
				// Everything not decided before this group is unknown.
				return append(out, u)
			}
			if !unknownSeen {
				unknownSeen = true
				drop = append([]fwItem{u}, drop...)
			}
			continue
		}
		for i, r := range g.Header {
			for _, it := range headerItems(g, i, r) {
				switch {
				case p.StrictOrder:
					out = append(out, it)
				case it.action == fwPass:
					pass = append(pass, it)
				default:
					drop = append(drop, it)
				}
			}
		}
	}
	if !p.StrictOrder {
		// Action order: every pass rule first; an unmodelled group could
		// hold pass rules too, so it comes before every drop rule.
		out = append(pass, drop...)
		all.action, all.desc = fwPass, "no stateful rule matches (default action order: pass)"
		return append(out, all)
	}
	all.action, all.desc = fwPass, "no stateful rule matches and no stateful default action drops"
	for _, a := range p.StatefulDefault {
		switch a {
		case "aws:drop_strict", "aws:drop_established":
			all.action, all.desc = fwDrop, "stateful default action "+a
		case "aws:alert_strict", "aws:alert_established":
		default:
			all.action, all.desc = fwUnknown, fmt.Sprintf("stateful default action %q is not one vpcheck evaluates", a)
		}
		if all.action != fwPass {
			break
		}
	}
	return append(out, all)
}

// headerItems are the entries of a stateful 5-tuple rule: the rule, and
// with direction ANY its reverse too. Alert rules decide nothing and give
// none.
func headerItems(g *model.FirewallRuleGroup, i int, r model.StatefulRule) []fwItem {
	action := fwUnknown
	switch strings.ToUpper(r.Action) {
	case "PASS":
		action = fwPass
	case "DROP", "REJECT":
		action = fwDrop
	case "ALERT":
		return nil
	}
	desc := fmt.Sprintf("rule group %s, stateful rule %d, %s", g.Name, i+1, strings.ToLower(r.Action))
	it := fwItem{proto: r.Protocol, srcs: r.Source, dsts: r.Destination, sports: r.SrcPorts, dports: r.DstPorts,
		action: action, owner: g, desc: desc, rng: r.Range}
	if (r.SrcPorts != nil || r.DstPorts != nil) && !r.Protocol.HasPorts() {
		// Ports on a rule of every protocol (IP) or ICMP: how Suricata reads
		// them is not modelled.
		it.proto, it.srcs, it.dsts, it.sports, it.dports = model.ProtoAll, r.Source, r.Destination, nil, nil
		it.action, it.desc = fwUnknown, desc+" (ports on a rule without ports: not evaluated)"
	}
	if r.Unmodelled != "" {
		it.proto, it.sports, it.dports = model.ProtoAll, nil, nil
		it.action, it.desc = fwUnknown, desc+" ("+r.Unmodelled+": not evaluated)"
	}
	out := []fwItem{it}
	if r.Any {
		rev := it
		rev.srcs, rev.dsts, rev.sports, rev.dports = it.dsts, it.srcs, it.dports, it.sports
		rev.desc = desc + " (reverse direction)"
		out = append(out, rev)
	}
	return out
}

// intersect is the entry matching what both a and b match, with b's action.
func intersect(a, b fwItem) (fwItem, bool) {
	x := b
	switch {
	case a.proto == model.ProtoAll:
	case b.proto == model.ProtoAll:
		x.proto = a.proto
	case a.proto != b.proto:
		return x, false
	}
	var ok bool
	if x.srcs, ok = intersectPrefixes(a.srcs, b.srcs); !ok {
		return x, false
	}
	if x.dsts, ok = intersectPrefixes(a.dsts, b.dsts); !ok {
		return x, false
	}
	if x.sports, ok = intersectPorts(a.sports, b.sports); !ok {
		return x, false
	}
	if x.dports, ok = intersectPorts(a.dports, b.dports); !ok {
		return x, false
	}
	if (x.sports != nil || x.dports != nil) && !x.proto.HasPorts() {
		return x, false
	}
	x.desc = a.desc + ", then " + b.desc
	return x, true
}

// intersectPrefixes intersects address lists (nil: any); false when empty.
func intersectPrefixes(a, b []netip.Prefix) ([]netip.Prefix, bool) {
	if a == nil {
		return b, true
	}
	if b == nil {
		return a, true
	}
	var out []netip.Prefix
	for _, p := range a {
		for _, q := range b {
			if p.Overlaps(q) {
				if p.Bits() >= q.Bits() {
					out = append(out, p)
				} else {
					out = append(out, q)
				}
			}
		}
	}
	return out, len(out) > 0
}

// intersectPorts intersects port ranges (nil: any); false when empty.
func intersectPorts(a, b *model.PortRange) (*model.PortRange, bool) {
	if a == nil {
		return b, true
	}
	if b == nil {
		return a, true
	}
	r := model.PortRange{From: max(a.From, b.From), To: min(a.To, b.To)}
	return &r, r.From <= r.To
}
