package native

import (
	"net/netip"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

type firewallBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	VPC     *hcl.Attribute `hcl:"vpc,optional"`
	Policy  *hcl.Attribute `hcl:"policy,optional"`
	Subnets *hcl.Attribute `hcl:"subnets,optional"`
}

// firewall decodes a network_firewall block: an AWS Network Firewall, its
// policy and subnet mappings. Its endpoints are vpc_endpoint blocks of type
// NetworkFirewall naming it (one per subnet), which routes target. See
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-high-level-steps.html
func (d *decoder) firewall(b *firewallBlock) {
	f := &model.Firewall{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	if d.require(b.VPC, "vpc", "network_firewall", b.DefRange) {
		f.VPC = d.ref(b.VPC, model.KindVPC)
	}
	if d.require(b.Policy, "policy", "network_firewall", b.DefRange) {
		f.Policy = d.ref(b.Policy, model.KindFirewallPolicy)
	}
	if d.require(b.Subnets, "subnets", "network_firewall", b.DefRange) {
		f.Subnets = d.refs(b.Subnets, model.KindSubnet)
	}
	d.net.Add(f)
}

type firewallPolicyBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	StatelessDefault *hcl.Attribute `hcl:"stateless_default_action,optional"`
	Stateless        *hcl.Attribute `hcl:"stateless_rule_groups,optional"`
	Stateful         *hcl.Attribute `hcl:"stateful_rule_groups,optional"`
	RuleOrder        *hcl.Attribute `hcl:"rule_order,optional"`
	StatefulDefault  *hcl.Attribute `hcl:"stateful_default_actions,optional"`
}

// firewallPolicy decodes a network_firewall_policy block. Rule groups are
// listed in priority order. The stateless default action for full packets
// defaults to aws:forward_to_sfe, the rule order to DEFAULT_ACTION_ORDER.
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-policies.html
func (d *decoder) firewallPolicy(b *firewallPolicyBlock) {
	p := &model.FirewallPolicy{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags), StatelessDefault: model.FWForward}
	if s, ok := d.oneOf(b.StatelessDefault, model.FWPass, model.FWDrop, model.FWForward); ok {
		p.StatelessDefault = s
	}
	for i, r := range d.refs(b.Stateless, model.KindFirewallRuleGroup) {
		p.Stateless = append(p.Stateless, model.FirewallGroupRef{Group: r, Priority: i + 1})
	}
	for i, r := range d.refs(b.Stateful, model.KindFirewallRuleGroup) {
		p.Stateful = append(p.Stateful, model.FirewallGroupRef{Group: r, Priority: i + 1})
	}
	if s, ok := d.oneOf(b.RuleOrder, "DEFAULT_ACTION_ORDER", "STRICT_ORDER"); ok {
		p.StrictOrder = s == "STRICT_ORDER"
	}
	for _, e := range d.list(b.StatefulDefault) {
		if s, ok := d.strExpr(elementOf(b.StatefulDefault), e); ok {
			p.StatefulDefault = append(p.StatefulDefault, s)
		}
	}
	d.onlyWith(p.StrictOrder, "to policies with rule_order = \"STRICT_ORDER\"", b.StatefulDefault)
	d.net.Add(p)
}

type firewallRuleGroupBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	Type        *hcl.Attribute       `hcl:"type,optional"`
	RulesString *hcl.Attribute       `hcl:"rules_string,optional"`
	DomainList  *hcl.Attribute       `hcl:"domain_list,optional"`
	Stateless   []statelessRuleBlock `hcl:"stateless_rule,block"`
	Stateful    []statefulRuleBlock  `hcl:"stateful_rule,block"`
}

type statelessRuleBlock struct {
	DefRange     hcl.Range      `hcl:",def_range"`
	Priority     *hcl.Attribute `hcl:"priority,optional"`
	Action       *hcl.Attribute `hcl:"action,optional"`
	Sources      *hcl.Attribute `hcl:"sources,optional"`
	Destinations *hcl.Attribute `hcl:"destinations,optional"`
	SrcPorts     *hcl.Attribute `hcl:"source_ports,optional"`
	DstPorts     *hcl.Attribute `hcl:"destination_ports,optional"`
	Protocols    *hcl.Attribute `hcl:"protocols,optional"`
}

type statefulRuleBlock struct {
	DefRange    hcl.Range      `hcl:",def_range"`
	Action      *hcl.Attribute `hcl:"action,optional"`
	Protocol    *hcl.Attribute `hcl:"protocol,optional"`
	Source      *hcl.Attribute `hcl:"source,optional"`
	SrcPort     *hcl.Attribute `hcl:"source_port,optional"`
	Direction   *hcl.Attribute `hcl:"direction,optional"`
	Destination *hcl.Attribute `hcl:"destination,optional"`
	DstPort     *hcl.Attribute `hcl:"destination_port,optional"`
}

// firewallRuleGroup decodes a network_firewall_rule_group block: stateless
// rules (5-tuple match, priority, aws:pass/aws:drop/aws:forward_to_sfe) or
// stateful 5-tuple rules (pass/drop/reject/alert), in order. A rules string
// (Suricata) or a domain list is kept as unmodelled: what it could decide
// is unknown.
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/rule-groups.html
func (d *decoder) firewallRuleGroup(b *firewallRuleGroupBlock) {
	g := &model.FirewallRuleGroup{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	if d.require(b.Type, "type", "network_firewall_rule_group", b.DefRange) {
		t, _ := d.oneOf(b.Type, "STATELESS", "STATEFUL")
		g.Stateful = t == "STATEFUL"
	}
	d.onlyWith(g.Stateful, "to STATEFUL rule groups", b.RulesString, b.DomainList)
	switch {
	case b.RulesString != nil:
		g.Unmodelled = "a Suricata rules string"
	case b.DomainList != nil:
		g.Unmodelled = "a domain list"
	}
	if len(b.Stateless) > 0 && g.Stateful {
		d.fail(b.Stateless[0].DefRange, "stateless_rule blocks belong to STATELESS rule groups", "")
	}
	if len(b.Stateful) > 0 && !g.Stateful {
		d.fail(b.Stateful[0].DefRange, "stateful_rule blocks belong to STATEFUL rule groups", "")
	}
	for i := range b.Stateless {
		rb := &b.Stateless[i]
		r := model.StatelessRule{Range: rb.DefRange}
		if d.require(rb.Priority, "priority", "stateless_rule", rb.DefRange) {
			n, _ := d.integer(rb.Priority, 1, 65535)
			r.Priority = int(n)
		}
		if d.require(rb.Action, "action", "stateless_rule", rb.DefRange) {
			r.Action, _ = d.oneOf(rb.Action, model.FWPass, model.FWDrop, model.FWForward)
		}
		r.Sources, r.Destinations = blockPrefixes(d.cidrs(rb.Sources)), blockPrefixes(d.cidrs(rb.Destinations))
		if rb.SrcPorts != nil {
			if pr, ok := d.ports(rb.SrcPorts); ok {
				r.SrcPorts = []model.PortRange{pr}
			}
		}
		if rb.DstPorts != nil {
			if pr, ok := d.ports(rb.DstPorts); ok {
				r.DstPorts = []model.PortRange{pr}
			}
		}
		for _, e := range d.list(rb.Protocols) {
			if n, ok := d.intExpr(elementOf(rb.Protocols), e, 0, 255); ok {
				r.Protocols = append(r.Protocols, int(n))
			}
		}
		g.Stateless = append(g.Stateless, r)
	}
	for i := range b.Stateful {
		rb := &b.Stateful[i]
		r := model.StatefulRule{Range: rb.DefRange, Protocol: model.ProtoAll}
		if d.require(rb.Action, "action", "stateful_rule", rb.DefRange) {
			r.Action, _ = d.oneOf(rb.Action, "PASS", "DROP", "REJECT", "ALERT")
		}
		if s, ok := d.str(rb.Protocol); ok && !strings.EqualFold(s, "IP") {
			r.Protocol, _ = d.protocol(rb.Protocol)
		}
		r.Source = d.anyCIDR(rb.Source)
		r.Destination = d.anyCIDR(rb.Destination)
		r.SrcPorts = d.anyPorts(rb.SrcPort)
		r.DstPorts = d.anyPorts(rb.DstPort)
		if s, ok := d.oneOf(rb.Direction, "FORWARD", "ANY"); ok {
			r.Any = s == "ANY"
		}
		g.Header = append(g.Header, r)
	}
	d.net.Add(g)
}

// anyCIDR decodes "ANY" (nil) or a CIDR block.
func (d *decoder) anyCIDR(a *hcl.Attribute) []netip.Prefix {
	if s, ok := d.str(a); !ok || strings.EqualFold(s, "ANY") {
		return nil
	}
	if b, ok := d.cidr(a); ok {
		return []netip.Prefix{b.Prefix}
	}
	return nil
}

// anyPorts decodes "ANY" (nil) or a port or range.
func (d *decoder) anyPorts(a *hcl.Attribute) *model.PortRange {
	if a == nil {
		return nil
	}
	if s, ok := d.str(a); ok && strings.EqualFold(s, "ANY") {
		return nil
	}
	if r, ok := d.ports(a); ok {
		return &r
	}
	return nil
}

func blockPrefixes(bs []model.Block) []netip.Prefix {
	var out []netip.Prefix
	for _, b := range bs {
		out = append(out, b.Prefix)
	}
	return out
}
