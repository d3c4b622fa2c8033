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
// replies of a flow it passed pass; the unknown filter, stateful too; and,
// when stateless rules let some packets bypass the stateful engine, the
// reply filters (replyItems).
func (c *compiler) firewallFilters(p *model.FirewallPolicy) []*Filter {
	if fs, ok := c.d.fwFilters[p]; ok {
		return fs
	}
	items, stateless := policyItems(p)
	id := c.nextFilterID()
	next := func(kind FilterKind) *Filter {
		f := &Filter{ID: id, Kind: kind, Component: p, FirstMatch: true, Range: p.Range}
		id++
		return f
	}
	var fs []*Filter
	if stateless {
		sl := next(FirewallRules)
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
	}
	drop, unknown := next(FirewallRules), next(FirewallUnmodelled)
	drop.Stateful, unknown.Stateful = true, true
	for _, it := range items {
		drop.Rules = append(drop.Rules, filterRule(it, it.action == fwDrop))
		unknown.Rules = append(unknown.Rules, filterRule(it, it.action == fwUnknown))
	}
	fs = append(fs, drop, unknown)
	if replies, ok := replyItems(p); ok {
		rdrop, runknown := next(FirewallRules), next(FirewallUnmodelled)
		rdrop.ReplyOnly, runknown.ReplyOnly = true, true
		for _, it := range replies {
			rdrop.Rules = append(rdrop.Rules, filterRule(it, it.action == fwDrop))
			runknown.Rules = append(runknown.Rules, filterRule(it, it.action == fwUnknown))
		}
		fs = append(fs, rdrop, runknown)
	}
	c.d.fwFilters[p] = fs
	return fs
}

// replyItems is the decision list for the replies of the flows the policy
// passed, and false when every packet goes to the stateful engine (then
// the stateful engine passes every reply of a flow it passed, and the
// stateful filters say so). The stateless engine sees each packet on its
// own, a reply too; a reply it forwards to the stateful engine belongs to
// a flow that engine passed when the request was forwarded too, and
// otherwise meets the stateful engine with no state for its flow: its
// rules decide the reply as a packet of its own, and what rests on the
// state of the connection (aws:drop_established) is unknown. See
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-policy-processing.html
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateless-rule-groups-standard.html
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-best-practices.html
//
// A reply's request is the reply with its addresses and ports swapped
// (wherever an address translation happens, it happens on the same side
// of the firewall both ways), so the request's stateless verdict is a
// 5-tuple match on the reply too.
func replyItems(p *model.FirewallPolicy) ([]fwItem, bool) {
	seq := statelessSequence(p)
	bypass := false
	for _, it := range seq {
		bypass = bypass || it.action != fwForward
	}
	if !bypass {
		return nil, false
	}
	fresh := statefulList(p, true)
	var out []fwItem
	for _, s := range seq {
		if s.action != fwForward {
			// Decided by the stateless filter, both ways (unknown here:
			// what the stateless engine does with it is not known).
			it := s
			if it.action != fwUnknown {
				it.action = fwPass
			}
			it.desc = "reply: " + s.desc
			out = append(out, it)
			continue
		}
		for _, t := range seq {
			x, ok := intersect(s, swapped(t))
			if !ok {
				continue
			}
			x.owner, x.rng = s.owner, s.rng
			switch t.action {
			case fwForward:
				x.action = fwPass
				x.desc = fmt.Sprintf("reply: %s; its request went to the stateful engine too (%s): reply of a flow it passed", s.desc, t.desc)
				out = append(out, x)
			case fwPass:
				for _, f := range fresh {
					y, ok := intersect(x, f)
					if !ok {
						continue
					}
					y.desc = fmt.Sprintf("reply: %s; its request skipped the stateful engine (%s), which sees the reply with no state for its flow: %s", s.desc, t.desc, f.desc)
					out = append(out, y)
				}
			default:
				// The request was dropped, or its fate is unknown: there is
				// no reply of a passed flow here.
				x.action = fwPass
				x.desc = "reply: " + s.desc
				out = append(out, x)
			}
		}
	}
	return out, true
}

// statelessSequence is the stateless engine's list: the stateless rules
// (statelessItems), then the stateless default action for everything.
func statelessSequence(p *model.FirewallPolicy) []fwItem {
	all := fwItem{proto: model.ProtoAll, owner: p, rng: p.Range, desc: "stateless default action " + p.StatelessDefault}
	switch p.StatelessDefault {
	case model.FWPass:
		all.action = fwPass
	case model.FWDrop:
		all.action = fwDrop
	case model.FWForward:
		all.action = fwForward
	default:
		all.action, all.desc = fwUnknown, fmt.Sprintf("stateless default action %q is not one vpcheck evaluates", p.StatelessDefault)
	}
	return append(statelessItems(p), all)
}

// swapped is the match of the reverse direction: sources and destinations,
// source and destination ports exchanged.
func swapped(it fwItem) fwItem {
	it.srcs, it.dsts, it.sports, it.dports = it.dsts, it.srcs, it.dports, it.sports
	return it
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
	stateful := statefulList(p, false)
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

// statefulList is the stateful engine's decision list, ending with the
// stateful default action as a match-all entry. fresh: for a packet of a
// flow the engine holds no state for (a reply whose request bypassed it),
// whose aws:drop_established default — which drops the packets of
// established connections — is unknown.
func statefulList(p *model.FirewallPolicy, fresh bool) []fwItem {
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
		case "aws:drop_strict":
			all.action, all.desc = fwDrop, "stateful default action "+a
		case "aws:drop_established":
			all.action, all.desc = fwDrop, "stateful default action "+a
			if fresh {
				all.action, all.desc = fwUnknown, "stateful default action "+a+" on a packet of a flow with no state: not evaluated"
			}
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
