package native

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

type securityGroupBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	VPC     *hcl.Attribute `hcl:"vpc,optional"`
	Default *hcl.Attribute `hcl:"default,optional"`
	Ingress []sgRuleBlock  `hcl:"ingress,block"`
	Egress  []sgRuleBlock  `hcl:"egress,block"`
}

type sgRuleBlock struct {
	DefRange hcl.Range `hcl:",def_range"`

	Protocol       *hcl.Attribute `hcl:"protocol,optional"`
	Ports          *hcl.Attribute `hcl:"ports,optional"`
	ICMPType       *hcl.Attribute `hcl:"icmp_type,optional"`
	ICMPCode       *hcl.Attribute `hcl:"icmp_code,optional"`
	CIDRBlocks     *hcl.Attribute `hcl:"cidr_blocks,optional"`
	SecurityGroups *hcl.Attribute `hcl:"security_groups,optional"`
	PrefixLists    *hcl.Attribute `hcl:"prefix_lists,optional"`
	Self           *hcl.Attribute `hcl:"self,optional"`
	Description    *hcl.Attribute `hcl:"description,optional"`
}

// securityGroup decodes a security_group block. Only the rules written are
// rules: AWS adds an allow-all egress rule to a group created through its
// API, but this format, like Terraform's aws_security_group, implies none.
// See https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
func (d *decoder) securityGroup(b *securityGroupBlock) {
	g := &model.SecurityGroup{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	if d.require(b.VPC, "vpc", "security_group", b.DefRange) {
		g.VPC = d.ref(b.VPC, model.KindVPC)
	}
	g.Default = d.flag(b.Default, false)
	for i := range b.Ingress {
		g.Rules = append(g.Rules, d.sgRules(g, model.Ingress, &b.Ingress[i])...)
	}
	for i := range b.Egress {
		g.Rules = append(g.Rules, d.sgRules(g, model.Egress, &b.Egress[i])...)
	}
	d.net.Add(g)
}

// sgRules splits one ingress/egress block (one AWS permission) into one rule
// per peer, all sharing the block's range.
func (d *decoder) sgRules(g *model.SecurityGroup, dir model.Direction, b *sgRuleBlock) []model.SGRule {
	block := dir.String()
	// Rules are kept even when their protocol or ports are wrong (the
	// error is reported): Validate then still checks what it checks.
	match, _ := d.match(block, b.DefRange, b.Protocol, b.Ports, b.ICMPType, b.ICMPCode)
	base := model.SGRule{Direction: dir, Protocol: match.Protocol, Ports: match.Ports, ICMP: match.ICMP, Range: b.DefRange}
	base.Description, _ = d.str(b.Description)

	var rules []model.SGRule
	for _, c := range d.cidrs(b.CIDRBlocks) {
		r := base
		r.PeerKind, r.CIDR = model.PeerCIDR, c.Prefix
		rules = append(rules, r)
	}
	for _, ref := range d.refs(b.SecurityGroups, model.KindSecurityGroup) {
		r := base
		r.PeerKind, r.Peer = model.PeerSecurityGroup, external(ref)
		rules = append(rules, r)
	}
	for _, ref := range d.refs(b.PrefixLists, model.KindPrefixList) {
		r := base
		r.PeerKind, r.Peer = model.PeerPrefixList, ref
		rules = append(rules, r)
	}
	if d.flag(b.Self, false) {
		r := base
		r.PeerKind = model.PeerSecurityGroup
		r.Peer = model.Ref{Kind: model.KindSecurityGroup, Key: g.Name, Range: b.Self.Range, Obj: g}
		rules = append(rules, r)
	}
	if b.CIDRBlocks == nil && b.SecurityGroups == nil && b.PrefixLists == nil && b.Self == nil {
		d.fail(b.DefRange, fmt.Sprintf("%s rule has no peer", block),
			"Name at least one of cidr_blocks, security_groups, prefix_lists or self = true.")
	}
	return rules
}

// match is what a rule matches besides its peer.
type match struct {
	Protocol model.Protocol
	Ports    model.PortRange
	ICMP     model.ICMPMatch
}

// match decodes protocol, ports and ICMP type/code, which AWS security
// groups and network ACLs share: ports for TCP and UDP only, type and code
// for ICMP only. See
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
func (d *decoder) match(block string, def hcl.Range, protocol, ports, icmpType, icmpCode *hcl.Attribute) (match, bool) {
	m := match{Ports: model.AllPorts, ICMP: model.AnyICMP}
	ok := d.require(protocol, "protocol", block, def)
	p, known := d.protocol(protocol)
	ok = ok && known
	m.Protocol = p
	// Ports and ICMP fields are checked even when the protocol is wrong, so
	// that one run reports every mistake of the rule.
	switch {
	case ports != nil && known && !p.HasPorts():
		d.fail(ports.NameRange, fmt.Sprintf("ports applies only to tcp and udp, not to protocol %s", p),
			"Remove ports: a rule for this protocol matches every packet of it.")
		ok = false
	case ports != nil:
		r, good := d.ports(ports)
		m.Ports, ok = r, ok && good
	case known && p.HasPorts():
		d.fail(def, fmt.Sprintf("missing required attribute \"ports\" for protocol %s", p),
			`Write ports = 443, ports = "1024-65535" or ports = "all".`)
		ok = false
	}
	for _, f := range []struct {
		attr *hcl.Attribute
		into *int16
	}{{icmpType, &m.ICMP.Type}, {icmpCode, &m.ICMP.Code}} {
		switch {
		case f.attr == nil:
		case known && !p.IsICMP():
			d.fail(f.attr.NameRange, fmt.Sprintf("%s applies only to icmp and icmpv6, not to protocol %s", f.attr.Name, p), "")
			ok = false
		default:
			n, good := d.integer(f.attr, -1, 255)
			*f.into, ok = int16(n), ok && good
		}
	}
	return m, ok
}

type networkACLBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	VPC     *hcl.Attribute  `hcl:"vpc,optional"`
	Default *hcl.Attribute  `hcl:"default,optional"`
	Subnets *hcl.Attribute  `hcl:"subnets,optional"`
	Ingress []naclRuleBlock `hcl:"ingress,block"`
	Egress  []naclRuleBlock `hcl:"egress,block"`
}

type naclRuleBlock struct {
	DefRange hcl.Range `hcl:",def_range"`

	Rule      *hcl.Attribute `hcl:"rule,optional"`
	Action    *hcl.Attribute `hcl:"action,optional"`
	Protocol  *hcl.Attribute `hcl:"protocol,optional"`
	Ports     *hcl.Attribute `hcl:"ports,optional"`
	ICMPType  *hcl.Attribute `hcl:"icmp_type,optional"`
	ICMPCode  *hcl.Attribute `hcl:"icmp_code,optional"`
	CIDRBlock *hcl.Attribute `hcl:"cidr_block,optional"`
}

// networkACL decodes a network_acl block. A custom ACL with no rules denies
// all traffic, as in AWS:
// https://docs.aws.amazon.com/vpc/latest/userguide/custom-network-acl.html
func (d *decoder) networkACL(b *networkACLBlock) {
	a := &model.NetworkACL{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	if d.require(b.VPC, "vpc", "network_acl", b.DefRange) {
		a.VPC = d.ref(b.VPC, model.KindVPC)
	}
	a.Default = d.flag(b.Default, false)
	a.Subnets = d.refs(b.Subnets, model.KindSubnet)
	for i := range b.Ingress {
		if r, ok := d.naclRule(a.Name, model.Ingress, &b.Ingress[i]); ok {
			a.Rules = append(a.Rules, r)
		}
	}
	for i := range b.Egress {
		if r, ok := d.naclRule(a.Name, model.Egress, &b.Egress[i]); ok {
			a.Rules = append(a.Rules, r)
		}
	}
	d.net.Add(a)
}

// naclRule decodes one numbered rule. The number's range (1–32766) and its
// uniqueness are checked by Network.Validate for every input format. A rule
// is kept unless its CIDR block is missing or wrong (reported here), so that
// Validate does not report that a second time; the number of a rule not
// kept is checked here, so that all the rule's mistakes are reported.
func (d *decoder) naclRule(acl string, dir model.Direction, b *naclRuleBlock) (model.NACLRule, bool) {
	block := dir.String()
	r := model.NACLRule{Direction: dir, Range: b.DefRange}
	numbered := false
	if d.require(b.Rule, "rule", block, b.DefRange) {
		var n int64
		n, numbered = d.integer(b.Rule, -1<<31, 1<<31-1)
		r.Number = int(n)
	}
	if d.require(b.Action, "action", block, b.DefRange) {
		if action, _ := d.oneOf(b.Action, "allow", "deny"); action == "deny" {
			r.Action = model.Deny
		}
	}
	m, _ := d.match(block, b.DefRange, b.Protocol, b.Ports, b.ICMPType, b.ICMPCode)
	r.Protocol, r.Ports, r.ICMP = m.Protocol, m.Ports, m.ICMP
	ok := d.require(b.CIDRBlock, "cidr_block", block, b.DefRange)
	if ok {
		var c model.Block
		c, ok = d.cidr(b.CIDRBlock)
		r.CIDR = c.Prefix
	}
	if problem := model.NACLRuleNumberProblem(acl, r.Number); !ok && numbered && problem != "" {
		d.fail(b.DefRange, problem, "")
	}
	return r, ok
}
