package dataplane

import (
	"fmt"
	"net/netip"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

// FilterKind says which filter of AWS's a Filter is.
type FilterKind uint8

// Filters, in the order a packet meets them.
const (
	SGEgress FilterKind = iota
	NACLEgress
	NACLIngress
	SGIngress
	// LBListeners are a load balancer node's listeners: it accepts only
	// their protocols and ports (compile_lb.go).
	LBListeners
	// FirewallRules is a Network Firewall policy: what it drops ends
	// FIREWALL_DROP (compile_firewall.go).
	FirewallRules
	// FirewallUnmodelled denies what a Network Firewall policy decides by
	// something vpcheck does not evaluate (a Suricata rules string, a domain
	// list): FIREWALL_UNMODELLED, whose answers are unknown.
	FirewallUnmodelled
)

func (k FilterKind) String() string {
	return [...]string{"security group egress", "network ACL egress", "network ACL ingress", "security group ingress", "listeners", "firewall policy", "firewall policy"}[k]
}

// DenyCode is the explanation code of a packet this filter drops.
func (k FilterKind) DenyCode() Code {
	return [...]Code{CodeSGEgressDeny, CodeNACLEgressDeny, CodeNACLIngressDeny, CodeSGIngressDeny, CodeLBNoListener, CodeFirewallDrop, CodeFirewallUnmodelled}[k]
}

// Filter is a compiled security-group set (the union of the groups on one
// ENI, one direction) or network ACL (one direction).
type Filter struct {
	ID   int
	Kind FilterKind
	// Component is the ENI (security groups) or the network ACL.
	Component model.Object
	// Groups are the security groups whose rules are unioned (SG filters).
	Groups []*model.SecurityGroup
	// Stateful filters (security groups) let replies of allowed flows pass
	// without evaluation: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
	Stateful bool
	// ReplyOnly filters decide replies only (a forward packet passes them
	// unevaluated): a Network Firewall's verdict on the reply of a flow,
	// which depends on how the firewall treated the request
	// (compile_firewall.go). Never Stateful too.
	ReplyOnly bool
	// FirstMatch: rules are evaluated in order, the first match decides, and
	// an unmatched packet is denied (network ACLs:
	// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html).
	// Otherwise any allow rule admits the packet (security groups).
	FirstMatch bool
	Rules      []FilterRule
	Range      hcl.Range
}

// FilterRule is one compiled rule of a filter (a security group or network
// ACL rule).
type FilterRule struct {
	Deny  bool
	Proto model.Protocol
	Ports model.PortRange
	ICMP  model.ICMPMatch
	// Peers are the remote address blocks: source for ingress, destination for egress.
	Peers []netip.Prefix
	// Dsts, when not nil, are the destinations an ingress rule matches
	// besides its sources (firewall 5-tuple rules); nil matches any.
	Dsts []netip.Prefix
	// SrcPorts is the source port range a TCP or UDP rule matches when
	// MatchSrcPorts (firewall 5-tuple rules).
	SrcPorts      model.PortRange
	MatchSrcPorts bool
	// Number is the NACL rule number (0 for SG rules).
	Number int
	// Owner is the security group or network ACL the rule belongs to.
	Owner model.Object
	Desc  string
	Range hcl.Range
}

// Ingress reports whether the filter matches on the packet's source.
func (f *Filter) Ingress() bool {
	return f.Kind == SGIngress || f.Kind == NACLIngress || f.Kind == LBListeners || f.Kind == FirewallRules || f.Kind == FirewallUnmodelled
}

// Eval decides one packet: allowed, and the index of the deciding rule
// (-1 when the implicit default decided).
func (f *Filter) Eval(p *packet.Packet) (bool, int) {
	peer := p.Dst
	if f.Ingress() {
		peer = p.Src
	}
	for i := range f.Rules {
		r := &f.Rules[i]
		if !r.matches(p, peer) {
			continue
		}
		if f.FirstMatch {
			return !r.Deny, i
		}
		return true, i
	}
	return false, -1
}

func (r *FilterRule) matches(p *packet.Packet, peer netip.Addr) bool {
	if r.Proto != model.ProtoAll {
		if uint8(r.Proto) != p.Proto {
			return false
		}
		switch {
		case r.Proto.HasPorts():
			if p.DstPort < r.Ports.From || p.DstPort > r.Ports.To {
				return false
			}
			if r.MatchSrcPorts && (p.SrcPort < r.SrcPorts.From || p.SrcPort > r.SrcPorts.To) {
				return false
			}
		case r.Proto.IsICMP():
			if r.ICMP.Type >= 0 && int16(p.ICMPType) != r.ICMP.Type {
				return false
			}
			if r.ICMP.Code >= 0 && int16(p.ICMPCode) != r.ICMP.Code {
				return false
			}
		}
	}
	return contains(r.Peers, peer) && (r.Dsts == nil || contains(r.Dsts, p.Dst))
}

func contains(ps []netip.Prefix, a netip.Addr) bool {
	for _, pf := range ps {
		if pf.Contains(a) {
			return true
		}
	}
	return false
}

// Describe renders a rule for explanations: "rule 100 allow tcp 443 from 0.0.0.0/0".
func (r *FilterRule) Describe(ingress bool) string {
	action := "allow"
	if r.Deny {
		action = "deny"
	}
	what := r.Proto.String()
	switch {
	case r.Proto.HasPorts():
		what += " " + r.Ports.String()
	case r.Proto.IsICMP() && (r.ICMP.Type >= 0 || r.ICMP.Code >= 0):
		what += fmt.Sprintf(" type %d code %d", r.ICMP.Type, r.ICMP.Code)
	}
	dir := "to"
	if ingress {
		dir = "from"
	}
	peers := r.Desc
	if peers == "" && len(r.Peers) > 0 {
		peers = r.Peers[0].String()
		if len(r.Peers) > 1 {
			peers += fmt.Sprintf(" (+%d more)", len(r.Peers)-1)
		}
	}
	s := fmt.Sprintf("%s %s %s %s", action, what, dir, peers)
	if r.Number > 0 {
		s = fmt.Sprintf("rule %d %s", r.Number, s)
	}
	return s
}

// DescribeRule renders rule i with what it belongs to: "security group
// ingress web: allow tcp 443 from 0.0.0.0/0". A rule of no group or ACL (the
// allow-all of an interface AWS manages without security groups) is named
// after the filter's component instead.
func (f *Filter) DescribeRule(i int) string {
	r := &f.Rules[i]
	if f.Kind == FirewallRules || f.Kind == FirewallUnmodelled {
		return fmt.Sprintf("%s %s: %s", f.Kind, model.Label(f.Component), r.Desc)
	}
	if r.Owner == nil {
		return fmt.Sprintf("%s of %s: %s", f.Kind, model.Label(f.Component), r.Describe(f.Ingress()))
	}
	return fmt.Sprintf("%s %s: %s", f.Kind, model.Label(r.Owner), r.Describe(f.Ingress()))
}

// Denial is the outcome of a packet the filter dropped by rule (or by its
// implicit default when rule is -1).
func (f *Filter) Denial(rule int) Outcome {
	o := Outcome{Code: f.Kind.DenyCode(), Component: f.Component, Range: f.Range}
	switch {
	case rule >= 0:
		r := &f.Rules[rule]
		o.Range = r.Range
		o.Message = f.DescribeRule(rule)
	case f.Kind == LBListeners:
		o.Message = fmt.Sprintf("%s has no listener for the protocol and port: it drops the packet", model.Label(f.Component))
	case f.FirstMatch:
		o.Message = fmt.Sprintf("%s %s: no rule allows it (the final deny rule applies)", f.Kind, model.Label(f.Component))
	default:
		o.Message = fmt.Sprintf("%s of %s (%s): no rule allows it", f.Kind, model.Label(f.Component), groupNames(f.Groups))
	}
	return o
}

func groupNames(gs []*model.SecurityGroup) string {
	if len(gs) == 0 {
		return "no security group"
	}
	s := ""
	for i, g := range gs {
		if i > 0 {
			s += ", "
		}
		s += g.Name
	}
	return s
}
