package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// Security groups and network ACLs. Terraform semantics that differ from
// what AWS does on its own:
//   - AWS gives a new security group an allow-all egress rule; Terraform
//     removes it, so an aws_security_group allows exactly the rules declared
//     (inline or as rule resources). See
//     https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group
//   - aws_default_security_group and aws_default_network_acl remove every
//     rule of the VPC's default group / ACL and apply only the declared ones
//     (none declared: nothing allowed). See …/default_security_group and
//     …/default_network_acl.
//   - A custom network ACL denies everything it does not allow (the final
//     implicit deny is the engines'); a new one has no rules. See
//     https://docs.aws.amazon.com/vpc/latest/userguide/custom-network-acl.html

func init() {
	register("aws_security_group", 1, mapSecurityGroup)
	register("aws_default_security_group", 1, mapSecurityGroup)
	register("aws_security_group_rule", 3, mapSecurityGroupRule)
	register("aws_vpc_security_group_ingress_rule", 3, mapSecurityGroupRuleV2)
	register("aws_vpc_security_group_egress_rule", 3, mapSecurityGroupRuleV2)
	register("aws_network_acl", 1, mapNetworkACL)
	register("aws_default_network_acl", 1, mapNetworkACL)
	register("aws_network_acl_rule", 3, mapNetworkACLRule)
	register("aws_network_acl_association", 3, mapNetworkACLAssociation)
}

func mapSecurityGroup(m *mapper, r *resource) {
	rd := m.reader(r)
	g := &model.SecurityGroup{Meta: m.meta(r), VPC: rd.ref(model.KindVPC, "vpc_id"), Default: r.typ == "aws_default_security_group"}
	if !g.VPC.Set() && !rd.set("vpc_id") {
		// No vpc_id: the region's default VPC, which the input does not describe.
		m.noteUnknown(r, "vpc_id")
	}
	self := model.Ref{Kind: model.KindSecurityGroup, Key: g.AWSID, Range: r.rng, Obj: g}
	for _, dir := range []model.Direction{model.Ingress, model.Egress} {
		for _, b := range rd.blocks(dir.String()) {
			g.Rules = append(g.Rules, m.sgPermission(b, dir, self, b.at(""))...)
		}
	}
	m.add(g)
}

// sgPermission reads one permission — an inline ingress/egress block or an
// aws_security_group_rule — as one model rule per peer.
//
// A permission whose protocol or ports are wrong loads no rule, but its
// peers are still read, so that all its mistakes are reported at once.
func (m *mapper) sgPermission(rd reader, dir model.Direction, self model.Ref, rng hcl.Range) []model.SGRule {
	proto, ports, icmp, ok := m.protocolAndPorts(rd, "protocol", "from_port", "to_port")
	out := m.sgPeers(rd, dir, self, rng, proto, ports, icmp)
	if !ok {
		return nil
	}
	return out
}

// sgPeers makes one rule per peer of a permission.
func (m *mapper) sgPeers(rd reader, dir model.Direction, self model.Ref, rng hcl.Range, proto model.Protocol, ports model.PortRange, icmp model.ICMPMatch) []model.SGRule {
	base := model.SGRule{Direction: dir, Protocol: proto, Ports: ports, ICMP: icmp, Range: rng}
	if rd.block == "" {
		base.Addr = rd.r.addr
	}
	if d, ok := rd.str("description"); ok {
		base.Description = d
	}
	var out []model.SGRule
	for _, name := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
		for _, p := range rd.prefixes(name) {
			r := base
			r.PeerKind, r.CIDR = model.PeerCIDR, p
			out = append(out, r)
		}
	}
	for _, ref := range rd.refs(model.KindPrefixList, "prefix_list_ids") {
		r := base
		r.PeerKind, r.Peer = model.PeerPrefixList, ref
		out = append(out, r)
	}
	peers := rd.refs(model.KindSecurityGroup, "security_groups")
	if ref := rd.ref(model.KindSecurityGroup, "source_security_group_id"); ref.Set() {
		peers = append(peers, ref)
	}
	if rd.boolean("self", false) {
		peers = append(peers, self)
	}
	for _, ref := range peers {
		r := base
		r.PeerKind, r.Peer = model.PeerSecurityGroup, ref
		out = append(out, r)
	}
	return out
}

// protocolAndPorts reads a rule's protocol with its ports (tcp, udp) or ICMP
// type and code (icmp, icmpv6: from_port is the type, to_port the code), as
// model.AWSPortRange and AWSICMPMatch read them. All protocols (-1) match
// every port.
func (m *mapper) protocolAndPorts(rd reader, protoAttr, fromAttr, toAttr string) (model.Protocol, model.PortRange, model.ICMPMatch, bool) {
	ps, ok := rd.str(protoAttr)
	if !ok {
		if !rd.set(protoAttr) {
			m.errorf(rd.at(protoAttr), "%s: rule has no %s", rd.r.addr, protoAttr)
		}
		return 0, model.PortRange{}, model.ICMPMatch{}, false
	}
	proto, err := model.ParseProtocol(ps)
	if err != nil {
		m.errorf(rd.at(protoAttr), "%s: %v", rd.r.addr, err)
		return 0, model.PortRange{}, model.ICMPMatch{}, false
	}
	from, hasFrom := rd.num(fromAttr)
	to, hasTo := rd.num(toAttr)
	switch {
	case proto.HasPorts():
		ports, err := model.AWSPortRange(from, to, hasFrom, hasTo)
		if err != nil {
			m.errorf(rd.at(fromAttr), "%s: %v", rd.r.addr, err)
			return 0, model.PortRange{}, model.ICMPMatch{}, false
		}
		return proto, ports, model.AnyICMP, true
	case proto.IsICMP():
		return proto, model.AllPorts, model.AWSICMPMatch(from, to, hasFrom, hasTo), true
	}
	return proto, model.AllPorts, model.AnyICMP, true
}

func mapSecurityGroupRule(m *mapper, r *resource) {
	rd := m.reader(r)
	g := target[*model.SecurityGroup](rd, "security_group_id", "security group")
	if g == nil {
		return
	}
	dir := model.Ingress
	if t, _ := rd.str("type"); strings.EqualFold(t, "egress") {
		dir = model.Egress
	}
	self := model.Ref{Kind: model.KindSecurityGroup, Key: g.AWSID, Range: r.rng, Obj: g}
	g.Rules = append(g.Rules, m.sgPermission(rd, dir, self, r.rng)...)
}

// mapSecurityGroupRuleV2 reads aws_vpc_security_group_ingress_rule and
// _egress_rule: one peer each, ip_protocol "-1" for all traffic.
func mapSecurityGroupRuleV2(m *mapper, r *resource) {
	rd := m.reader(r)
	g := target[*model.SecurityGroup](rd, "security_group_id", "security group")
	if g == nil {
		return
	}
	dir := model.Ingress
	if r.typ == "aws_vpc_security_group_egress_rule" {
		dir = model.Egress
	}
	proto, ports, icmp, ok := m.protocolAndPorts(rd, "ip_protocol", "from_port", "to_port")
	if !ok {
		// The peer is still read, for its mistakes.
		for _, name := range []string{"cidr_ipv4", "cidr_ipv6"} {
			rd.prefix(name)
		}
		return
	}
	rule := model.SGRule{Direction: dir, Protocol: proto, Ports: ports, ICMP: icmp, Addr: r.addr, Range: r.rng}
	if d, ok := rd.str("description"); ok {
		rule.Description = d
	}
	switch {
	case rd.set("cidr_ipv4"), rd.set("cidr_ipv6"):
		for _, name := range []string{"cidr_ipv4", "cidr_ipv6"} {
			if p, ok := rd.prefix(name); ok {
				rule.PeerKind, rule.CIDR = model.PeerCIDR, p
				g.Rules = append(g.Rules, rule)
				return
			}
		}
	case rd.set("prefix_list_id"):
		if ref := rd.ref(model.KindPrefixList, "prefix_list_id"); ref.Set() {
			rule.PeerKind, rule.Peer = model.PeerPrefixList, ref
			g.Rules = append(g.Rules, rule)
		}
	case rd.set("referenced_security_group_id"):
		if ref := rd.ref(model.KindSecurityGroup, "referenced_security_group_id"); ref.Set() {
			rule.PeerKind, rule.Peer = model.PeerSecurityGroup, ref
			g.Rules = append(g.Rules, rule)
		}
	default:
		m.errorf(r.rng, "%s: rule has no cidr_ipv4, cidr_ipv6, prefix_list_id or referenced_security_group_id", r.addr)
	}
}

func mapNetworkACL(m *mapper, r *resource) {
	rd := m.reader(r)
	a := &model.NetworkACL{Meta: m.meta(r), VPC: rd.ref(model.KindVPC, "vpc_id"), Default: r.typ == "aws_default_network_acl"}
	if a.Default && !a.VPC.Set() {
		if imp, ok := m.reg.implicit[a.AWSID]; ok {
			a.VPC = model.Ref{Kind: model.KindVPC, Key: imp.owner, Range: rd.at("default_network_acl_id")}
		} else {
			m.noteUnknown(r, "vpc_id")
		}
	}
	a.Subnets = append(a.Subnets, rd.refs(model.KindSubnet, "subnet_ids")...)
	for _, dir := range []model.Direction{model.Ingress, model.Egress} {
		for _, b := range rd.blocks(dir.String()) {
			a.Rules = append(a.Rules, m.naclRules(a.Name, b, dir, "rule_no", "action")...)
		}
	}
	m.add(a)
}

// naclRules reads one NACL entry (an inline block or an aws_network_acl_rule):
// one model rule per address family given.
func (m *mapper) naclRules(acl string, rd reader, dir model.Direction, numberAttr, actionAttr string) []model.NACLRule {
	// Every attribute is checked, whatever the others hold, so that all of
	// the rule's mistakes are reported at once.
	num, numbered := rd.num(numberAttr)
	ok := numbered
	if !numbered && !rd.set(numberAttr) {
		m.errorf(rd.at(numberAttr), "%s: network ACL rule has no %s", rd.r.addr, numberAttr)
	}
	action := model.Allow
	if act, known := rd.str(actionAttr); !known {
		ok = false
	} else {
		switch strings.ToLower(act) {
		case "allow":
		case "deny":
			action = model.Deny
		default:
			m.errorf(rd.at(actionAttr), "%s: network ACL rule action %q is not allow or deny", rd.r.addr, act)
			ok = false
		}
	}
	proto, ports, _, matchOK := m.protocolAndPorts(rd, "protocol", "from_port", "to_port")
	ok = ok && matchOK
	icmp := model.AnyICMP
	if proto.IsICMP() {
		ports = model.AllPorts
		if t, ok := rd.num("icmp_type"); ok && t >= 0 {
			icmp.Type = int16(t)
		}
		if c, ok := rd.num("icmp_code"); ok && c >= 0 {
			icmp.Code = int16(c)
		}
	}
	base := model.NACLRule{Number: int(num), Direction: dir, Action: action, Protocol: proto, Ports: ports, ICMP: icmp, Range: rd.at("")}
	if rd.block == "" {
		base.Addr, base.Range = rd.r.addr, rd.r.rng
	}
	var out []model.NACLRule
	for _, name := range []string{"cidr_block", "ipv6_cidr_block"} {
		if p, good := rd.prefix(name); good {
			r := base
			r.CIDR = p
			out = append(out, r)
		} else if s, known := rd.str(name); known && s != "" {
			ok = false // reported by prefix
		}
	}
	if len(out) == 0 && !rd.set("cidr_block") && !rd.set("ipv6_cidr_block") {
		m.errorf(base.Range, "%s: network ACL rule %d has no cidr_block or ipv6_cidr_block", rd.r.addr, num)
	}
	if !ok {
		// Validate checks the numbers of the rules kept; this one is not.
		if problem := model.NACLRuleNumberProblem(acl, int(num)); numbered && problem != "" {
			m.errorf(rd.at(numberAttr), "%s", problem)
		}
		return nil
	}
	return out
}

func mapNetworkACLRule(m *mapper, r *resource) {
	rd := m.reader(r)
	a := target[*model.NetworkACL](rd, "network_acl_id", "network ACL")
	if a == nil {
		return
	}
	dir := model.Ingress
	if rd.boolean("egress", false) {
		dir = model.Egress
	}
	a.Rules = append(a.Rules, m.naclRules(a.Name, rd, dir, "rule_number", "rule_action")...)
}

func mapNetworkACLAssociation(m *mapper, r *resource) {
	rd := m.reader(r)
	a := target[*model.NetworkACL](rd, "network_acl_id", "network ACL")
	if a == nil {
		return
	}
	if ref := rd.ref(model.KindSubnet, "subnet_id"); ref.Set() {
		ref.Range = r.rng
		a.Subnets = append(a.Subnets, ref)
	}
}
