package awsjson

import (
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/jsondoc"
)

func (l *loader) indexSecurityGroup(n node) {
	l.note(model.KindSecurityGroup, n.str("GroupId"), "")
}

// buildSecurityGroup reads describe-security-groups. Each permission groups
// several peers under one protocol and port range; the model keeps one rule
// per peer so that a finding can name the peer at fault. The VPC's default
// group is the one named "default", which cannot be renamed. See
// https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
func (l *loader) buildSecurityGroup(n node) {
	g := &model.SecurityGroup{
		Meta:    n.meta("GroupId"),
		VPC:     n.ref(model.KindVPC, "VpcId"),
		Default: n.str("GroupName") == "default",
	}
	for _, p := range n.objects("IpPermissions") {
		g.Rules = append(g.Rules, l.sgRules(g, n, p, model.Ingress)...)
	}
	for _, p := range n.objects("IpPermissionsEgress") {
		g.Rules = append(g.Rules, l.sgRules(g, n, p, model.Egress)...)
	}
	l.add(g, n, "GroupId")
}

// sgRules splits one IpPermission into a rule per peer. For tcp and udp
// FromPort-ToPort is the port range; for icmp and icmpv6 FromPort is the
// type and ToPort the code, -1 meaning any; other protocols have no ports.
// See https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
//
// A permission with a bad protocol or port range loads no rule, but its
// peers are still read, so that all its mistakes are reported at once.
func (l *loader) sgRules(g *model.SecurityGroup, group, p node, dir model.Direction) []model.SGRule {
	proto, ok := model.ProtoAll, false
	if pn, present := p.get("IpProtocol"); !present {
		p.errorf("no IpProtocol")
	} else if pr, err := model.ParseProtocol(pn.text()); err != nil {
		pn.errorf("%s", err)
	} else {
		proto, ok = pr, true
	}
	base := model.SGRule{Direction: dir, Protocol: proto, Ports: model.AllPorts, ICMP: model.AnyICMP}
	switch {
	case proto.HasPorts():
		ports, portsOK := portRange(p, "FromPort", "ToPort")
		base.Ports, ok = ports, ok && portsOK
	case proto.IsICMP():
		base.ICMP = icmpMatch(p, "FromPort", "ToPort")
	}
	out := l.sgPeers(g, group, p, base)
	if !ok {
		return nil
	}
	return out
}

// sgPeers makes a rule per peer of a permission from base.
func (l *loader) sgPeers(g *model.SecurityGroup, group, p node, base model.SGRule) []model.SGRule {
	var out []model.SGRule
	for _, r := range p.objects("IpRanges") {
		if b, ok := r.cidr("CidrIp"); ok {
			rule := base
			rule.PeerKind, rule.CIDR, rule.Description, rule.Range = model.PeerCIDR, b.Prefix, r.str("Description"), b.Range
			out = append(out, rule)
		}
	}
	for _, r := range p.objects("Ipv6Ranges") {
		if b, ok := r.cidr("CidrIpv6"); ok {
			rule := base
			rule.PeerKind, rule.CIDR, rule.Description, rule.Range = model.PeerCIDR, b.Prefix, r.str("Description"), b.Range
			out = append(out, rule)
		}
	}
	for _, r := range p.objects("PrefixListIds") {
		if ref := r.ref(model.KindPrefixList, "PrefixListId"); ref.Set() {
			rule := base
			rule.PeerKind, rule.Peer, rule.Description, rule.Range = model.PeerPrefixList, ref, r.str("Description"), ref.Range
			out = append(out, rule)
		}
	}
	for _, r := range p.objects("UserIdGroupPairs") {
		ref := r.ref(model.KindSecurityGroup, "GroupId")
		if !ref.Set() {
			r.warnf("security group pair without GroupId (an EC2-Classic group name?) is skipped")
			continue
		}
		// A group of another account, or of a peer VPC, is expected outside
		// this snapshot; it resolves when that snapshot is loaded too. See
		// https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html
		if !l.has(model.KindSecurityGroup, ref.Key) {
			owner := group.str("OwnerId")
			ref.External = (r.str("UserId") != "" && owner != "" && r.str("UserId") != owner) ||
				r.str("VpcPeeringConnectionId") != "" ||
				(r.str("VpcId") != "" && r.str("VpcId") != g.VPC.Key)
		}
		rule := base
		rule.PeerKind, rule.Peer, rule.Description, rule.Range = model.PeerSecurityGroup, ref, r.str("Description"), ref.Range
		out = append(out, rule)
	}
	return out
}

// portRange reads a port range from two members (model.AWSPortRange).
func portRange(n node, fromKey, toKey string) (model.PortRange, bool) {
	from, okFrom := n.integer(fromKey)
	to, okTo := n.integer(toKey)
	ports, err := model.AWSPortRange(from, to, okFrom, okTo)
	if err != nil {
		r := n
		if c, ok := n.get(fromKey); ok {
			r = c
		}
		r.errorf("%s", err)
		return model.PortRange{}, false
	}
	return ports, true
}

// icmpMatch reads an ICMP type and code from two members (model.AWSICMPMatch).
func icmpMatch(n node, typeKey, codeKey string) model.ICMPMatch {
	t, okType := n.integer(typeKey)
	c, okCode := n.integer(codeKey)
	return model.AWSICMPMatch(t, c, okType, okCode)
}

func (l *loader) indexNetworkACL(n node) {
	l.note(model.KindNetworkACL, n.str("NetworkAclId"), "")
}

// buildNetworkACL reads describe-network-acls. Each ACL lists AWS's own
// last rule, numbered "*" in the console and 32767 in the API (32768 for its
// IPv6 twin), which denies what no other rule matched and cannot be changed.
// It is left out: the engines apply that implicit deny to every ACL. See
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
func (l *loader) buildNetworkACL(n node) {
	a := &model.NetworkACL{
		Meta:    n.meta("NetworkAclId"),
		VPC:     n.ref(model.KindVPC, "VpcId"),
		Default: n.boolean("IsDefault", false),
	}
	for _, as := range n.objects("Associations") {
		if r := as.ref(model.KindSubnet, "SubnetId"); r.Set() {
			a.Subnets = append(a.Subnets, r)
		}
	}
	for _, e := range n.objects("Entries") {
		if r, ok := naclRule(a.AWSID, e); ok {
			a.Rules = append(a.Rules, r)
		}
	}
	l.add(a, n, "NetworkAclId")
}

// implicitDeny reports whether a rule is AWS's catch-all deny.
func implicitDeny(r model.NACLRule) bool {
	return r.Number >= 32767 && r.Action == model.Deny && r.Protocol == model.ProtoAll && r.CIDR.Bits() == 0
}

// naclRule reads one entry; ok is false for AWS's implicit deny and for
// entries too broken to load. Every member is checked, whatever the others
// hold, so that all of an entry's mistakes are reported at once (its
// number's too, which Validate checks only on the rules kept).
func naclRule(acl string, e node) (model.NACLRule, bool) {
	r := model.NACLRule{Ports: model.AllPorts, ICMP: model.AnyICMP, Range: e.rangeOf("RuleNumber")}
	ok := true
	num, hasNumber := e.integer("RuleNumber")
	if !hasNumber {
		if _, present := e.get("RuleNumber"); !present {
			e.errorf("no RuleNumber")
		}
		ok = false
	}
	r.Number = int(num)
	if e.boolean("Egress", false) {
		r.Direction = model.Egress
	}
	switch action := e.str("RuleAction"); action {
	case "allow":
		r.Action = model.Allow
	case "deny":
		r.Action = model.Deny
	default:
		c, _ := e.get("RuleAction")
		if c.v == nil {
			c = e
		}
		c.errorf("rule action %q is not allow or deny", action)
		ok = false
	}
	proto, protoOK := model.ProtoAll, false
	if pn, present := e.get("Protocol"); !present {
		e.errorf("no Protocol")
	} else if p, err := model.ParseProtocol(protocolText(pn)); err != nil {
		pn.errorf("%s", err)
	} else {
		proto, protoOK = p, true
	}
	ok = ok && protoOK
	r.Protocol = proto
	// A port range is checked even when the protocol is not known: it is
	// wrong for any protocol that has ports.
	switch {
	case proto.HasPorts() || !protoOK:
		if pr, present := e.object("PortRange"); present {
			ports, portsOK := portRange(pr, "From", "To")
			r.Ports, ok = ports, ok && portsOK
		}
	case proto.IsICMP():
		if tc, present := e.object("IcmpTypeCode"); present {
			r.ICMP = icmpMatch(tc, "Type", "Code")
		}
	}
	var block model.Block
	for _, key := range []string{"CidrBlock", "Ipv6CidrBlock"} {
		if c, present := e.get(key); present && c.text() != "" {
			b, cidrOK := c.cidrValue()
			if !cidrOK {
				ok = false
			} else if !block.Prefix.IsValid() {
				block = b
			}
		}
	}
	r.CIDR = block.Prefix
	if ok && implicitDeny(r) {
		return r, false
	}
	if !ok {
		if problem := model.NACLRuleNumberProblem(acl, r.Number); hasNumber && problem != "" {
			c, _ := e.get("RuleNumber")
			c.errorf("%s", problem)
		}
		return r, false
	}
	// A rule without a CIDR block is kept: Validate reports it at its line.
	return r, true
}

// protocolText accepts the protocol as the API's string ("6", "-1") or as a number.
func protocolText(n node) string {
	if n.v.Kind == jsondoc.Number {
		return n.v.Text
	}
	return n.text()
}
