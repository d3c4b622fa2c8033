package model

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Protocol is an IP protocol number; ProtoAll (-1) matches every protocol.
type Protocol int16

// Protocols with names. AWS writes "-1" for all.
const (
	ProtoAll    Protocol = -1
	ProtoICMP   Protocol = 1
	ProtoTCP    Protocol = 6
	ProtoUDP    Protocol = 17
	ProtoICMPv6 Protocol = 58
)

// ParseProtocol accepts a name (tcp, udp, icmp, icmpv6, all, -1) or a number 0–255.
func ParseProtocol(s string) (Protocol, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "-1", "all", "any", "*":
		return ProtoAll, nil
	case "tcp":
		return ProtoTCP, nil
	case "udp":
		return ProtoUDP, nil
	case "icmp":
		return ProtoICMP, nil
	case "icmpv6", "icmp6", "ipv6-icmp":
		return ProtoICMPv6, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 255 {
		return 0, fmt.Errorf("protocol %q is not tcp, udp, icmp, icmpv6, all (-1) or a number 0-255", s)
	}
	return Protocol(n), nil
}

func (p Protocol) String() string {
	switch p {
	case ProtoAll:
		return "all"
	case ProtoTCP:
		return "tcp"
	case ProtoUDP:
		return "udp"
	case ProtoICMP:
		return "icmp"
	case ProtoICMPv6:
		return "icmpv6"
	}
	return strconv.Itoa(int(p))
}

// HasPorts reports whether rules of this protocol carry a port range.
func (p Protocol) HasPorts() bool { return p == ProtoTCP || p == ProtoUDP }

// IsICMP reports whether rules of this protocol carry an ICMP type and code.
func (p Protocol) IsICMP() bool { return p == ProtoICMP || p == ProtoICMPv6 }

// PortRange is an inclusive range of ports.
type PortRange struct{ From, To uint16 }

// AllPorts is 0–65535.
var AllPorts = PortRange{0, 65535}

// IsAll reports whether the range covers every port.
func (r PortRange) IsAll() bool { return r.From == 0 && r.To == 65535 }

// Contains reports whether port p is in the range.
func (r PortRange) Contains(p uint16) bool { return r.From <= p && p <= r.To }

func (r PortRange) String() string {
	switch {
	case r.IsAll():
		return "all"
	case r.From == r.To:
		return strconv.Itoa(int(r.From))
	}
	return fmt.Sprintf("%d-%d", r.From, r.To)
}

// ParsePortRange accepts "N", "N-M", "all" or "*".
func ParsePortRange(s string) (PortRange, error) {
	s = strings.TrimSpace(s)
	if s == "all" || s == "*" || s == "any" {
		return AllPorts, nil
	}
	lo, hi, ok := strings.Cut(s, "-")
	if !ok {
		hi = lo
	}
	a, err1 := strconv.Atoi(strings.TrimSpace(lo))
	b, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if err1 != nil || err2 != nil || a < 0 || b > 65535 || a > b {
		return PortRange{}, fmt.Errorf("port range %q is not N or N-M with 0 <= N <= M <= 65535", s)
	}
	return PortRange{uint16(a), uint16(b)}, nil
}

// ICMPMatch restricts ICMP type and code; -1 matches any.
type ICMPMatch struct{ Type, Code int16 }

// AnyICMP matches every ICMP message.
var AnyICMP = ICMPMatch{-1, -1}

// The EC2 API (FromPort, ToPort) and Terraform (from_port, to_port) write a
// rule's ports as two numbers, -1 meaning all, and an ICMP rule's type and
// code in the same two fields, -1 meaning any. See
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
// and https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkAclEntry.html

// AWSPortRange reads a tcp or udp port range written the AWS way: neither
// port given, or both -1, is every port; one given alone is that port.
func AWSPortRange(from, to int64, hasFrom, hasTo bool) (PortRange, error) {
	if (!hasFrom && !hasTo) || (from == -1 && to == -1) {
		return AllPorts, nil
	}
	if !hasFrom {
		from = to
	}
	if !hasTo {
		to = from
	}
	if from < 0 || to > 65535 || from > to {
		return PortRange{}, fmt.Errorf("port range %d-%d is not within 0-65535 with the first port not after the last", from, to)
	}
	return PortRange{From: uint16(from), To: uint16(to)}, nil
}

// AWSICMPMatch reads an ICMP type and code written the AWS way: one not
// given, -1, or outside 0-255 matches any.
func AWSICMPMatch(typ, code int64, hasType, hasCode bool) ICMPMatch {
	m := AnyICMP
	if hasType && typ >= 0 && typ <= 255 {
		m.Type = int16(typ)
	}
	if hasCode && code >= 0 && code <= 255 {
		m.Code = int16(code)
	}
	return m
}

// Direction is which way a rule filters.
type Direction int

// Directions.
const (
	Ingress Direction = iota
	Egress
)

func (d Direction) String() string {
	if d == Egress {
		return "egress"
	}
	return "ingress"
}

// PeerKind is what the other side of a security group rule is.
type PeerKind int

// Peer kinds.
const (
	PeerCIDR PeerKind = iota
	PeerPrefixList
	PeerSecurityGroup
)

// SGRule is one rule of a security group, with exactly one peer.
// AWS groups several peers under one permission; loaders split them so that
// every finding can name the single peer at fault.
type SGRule struct {
	Direction Direction
	Protocol  Protocol
	// Ports applies to tcp and udp.
	Ports PortRange
	// ICMP applies to icmp and icmpv6.
	ICMP     ICMPMatch
	PeerKind PeerKind
	// CIDR is the peer block (PeerCIDR).
	CIDR netip.Prefix
	// Peer is the prefix list or security group (the others).
	Peer        Ref
	Description string
	Addr        string
	Range       hcl.Range
}

// SecurityGroup is a stateful, allow-only filter on ENIs.
type SecurityGroup struct {
	Meta
	VPC   Ref
	Rules []SGRule
	// Default marks the VPC's default security group.
	Default bool

	// Derived by Link: the ENIs the group is attached to.
	Members []*NetworkInterface
}

func (*SecurityGroup) Kind() Kind    { return KindSecurityGroup }
func (g *SecurityGroup) Base() *Meta { return &g.Meta }

// refs lists the object's references (see Refs).
func (g *SecurityGroup) refs(l refList) refList {
	l = l.add(&g.VPC)
	for i := range g.Rules {
		l = l.add(&g.Rules[i].Peer)
	}
	return l
}

// NACLAction is what a NACL rule does to a matching packet.
type NACLAction int

// NACL actions.
const (
	Allow NACLAction = iota
	Deny
)

func (a NACLAction) String() string {
	if a == Deny {
		return "deny"
	}
	return "allow"
}

// NACLRule is one numbered rule of a network ACL.
type NACLRule struct {
	// Number orders evaluation (1–32766, lowest first; 32767 is the implicit deny).
	Number    int
	Direction Direction
	Action    NACLAction
	Protocol  Protocol
	Ports     PortRange
	ICMP      ICMPMatch
	CIDR      netip.Prefix
	Addr      string
	Range     hcl.Range
}

// NACLRuleNumberProblem says what is wrong with a network ACL rule number,
// "" when nothing: AWS numbers rules 1 to 32766 (32767 is its own last rule).
// Validate checks every rule a loader kept; a loader that drops a rule for
// another mistake checks its number with this, so that every mistake of
// the rule is reported at once. See
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
func NACLRuleNumberProblem(acl string, n int) string {
	if n < 1 || n > 32766 {
		return fmt.Sprintf("network ACL %q: rule number %d is outside 1-32766", acl, n)
	}
	return ""
}

// NetworkACL is a stateless subnet filter. See
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
type NetworkACL struct {
	Meta
	VPC Ref
	// Default marks the VPC's default ACL (used by subnets with no association).
	Default bool
	Subnets []Ref
	// Rules in any order; engines sort by number per direction.
	Rules []NACLRule
}

func (*NetworkACL) Kind() Kind    { return KindNetworkACL }
func (a *NetworkACL) Base() *Meta { return &a.Meta }

// refs lists the object's references (see Refs).
func (a *NetworkACL) refs(l refList) refList {
	l = l.add(&a.VPC)
	l = l.addAll(a.Subnets)
	return l
}
