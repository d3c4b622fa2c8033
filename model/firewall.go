package model

import (
	"net/netip"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// AWS Network Firewall. A firewall has an endpoint in each subnet it is
// mapped to (one per availability zone), a VPC endpoint whose vpce- id is a
// route target; its firewall policy decides each packet routed to an
// endpoint, which then continues by the endpoint subnet's route table. See
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-high-level-steps.html

// Firewall actions. Stateless rules and default actions take aws:pass,
// aws:drop or aws:forward_to_sfe; stateful rules pass, drop, reject or alert.
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/rule-action.html
const (
	FWPass    = "aws:pass"
	FWDrop    = "aws:drop"
	FWForward = "aws:forward_to_sfe"
)

// StandardStatelessAction reports whether a is one of the standard stateless
// actions (a custom action's name is not).
func StandardStatelessAction(a string) bool {
	return a == FWPass || a == FWDrop || a == FWForward
}

// Firewall is an AWS Network Firewall.
type Firewall struct {
	Meta
	VPC    Ref
	Policy Ref
	// Subnets are the subnet mappings: one endpoint in each.
	Subnets []Ref
	// Endpoints are the firewall's VPC endpoints (EndpointFirewall), one per
	// subnet mapping.
	Endpoints []Ref
}

func (*Firewall) Kind() Kind    { return KindFirewall }
func (f *Firewall) Base() *Meta { return &f.Meta }

func (f *Firewall) refs(l refList) refList {
	l = l.add(&f.VPC, &f.Policy)
	l = l.addAll(f.Subnets)
	return l.addAll(f.Endpoints)
}

// FirewallGroupRef is a rule group of a policy, with its priority (stateless
// groups, and stateful groups under strict order).
type FirewallGroupRef struct {
	Group    Ref
	Priority int
}

// FirewallPolicy is a firewall policy.
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-policies.html
type FirewallPolicy struct {
	Meta
	// StatelessDefault is the stateless default action for full packets.
	StatelessDefault string
	Stateless        []FirewallGroupRef
	Stateful         []FirewallGroupRef
	// StrictOrder: stateful rule groups are evaluated by priority, rules in
	// order, first match; otherwise the action order (pass, then drop and
	// reject, then alert) applies.
	// https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
	StrictOrder bool
	// StatefulDefault are the stateful default actions (strict order only):
	// aws:drop_strict, aws:drop_established, aws:alert_strict,
	// aws:alert_established. None ⇒ unmatched packets pass.
	StatefulDefault []string
}

func (*FirewallPolicy) Kind() Kind    { return KindFirewallPolicy }
func (p *FirewallPolicy) Base() *Meta { return &p.Meta }

func (p *FirewallPolicy) refs(l refList) refList {
	for i := range p.Stateless {
		l = l.add(&p.Stateless[i].Group)
	}
	for i := range p.Stateful {
		l = l.add(&p.Stateful[i].Group)
	}
	return l
}

// FirewallRuleGroup is a stateless or stateful rule group.
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/rule-groups.html
type FirewallRuleGroup struct {
	Meta
	Stateful  bool
	Stateless []StatelessRule
	Header    []StatefulRule
	// Unmodelled says what the group holds that vpcheck does not evaluate
	// (a Suricata rules string, a domain list): traffic it could decide is
	// unknown. "" when every rule is modelled.
	Unmodelled string
}

func (*FirewallRuleGroup) Kind() Kind    { return KindFirewallRuleGroup }
func (g *FirewallRuleGroup) Base() *Meta { return &g.Meta }

// StatelessRule is a stateless rule: a 5-tuple match and an action. Empty
// lists match anything.
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateless-rule-groups-standard.html
type StatelessRule struct {
	Priority     int
	Action       string
	Sources      []netip.Prefix
	Destinations []netip.Prefix
	SrcPorts     []PortRange
	DstPorts     []PortRange
	// Protocols are IP protocol numbers.
	Protocols []int
	Range     hcl.Range
}

// StatefulRule is a stateful 5-tuple ("header") rule. Protocol is IP, TCP,
// UDP, ICMP…; Source and Destination are nil for ANY; ports are nil for ANY.
// Direction ANY matches both ways (the reverse flow too).
// https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-basic.html
type StatefulRule struct {
	Action      string
	Protocol    Protocol
	Source      []netip.Prefix
	Destination []netip.Prefix
	SrcPorts    *PortRange
	DstPorts    *PortRange
	Any         bool
	// Unmodelled says what of the rule vpcheck does not evaluate (an
	// application protocol such as DNS or HTTP): what it matches is unknown.
	Unmodelled string
	Range      hcl.Range
}

// StatefulHeader reads a stateful 5-tuple rule as the API (Header) and the
// Terraform provider (header block) spell it: protocol IP, TCP, UDP or
// ICMP (another is an application protocol, which Suricata's protocol
// detection decides: not modelled); addresses "ANY" or a CIDR block, ports
// "ANY", a port or a range (a:b); anything else — a rule variable, an IP
// set reference, a port list — is not evaluated. "" reads as ANY.
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_Header.html
func StatefulHeader(action, protocol, source, sourcePort, destination, destinationPort, direction string, rng hcl.Range) StatefulRule {
	r := StatefulRule{Action: strings.ToUpper(action), Protocol: ProtoAll, Range: rng}
	switch strings.ToUpper(protocol) {
	case "IP":
	case "TCP", "UDP", "ICMP":
		r.Protocol, _ = ParseProtocol(strings.ToLower(protocol))
	default:
		r.Unmodelled = "protocol " + protocol
	}
	var bad []string
	prefix := func(name, s string) []netip.Prefix {
		if s == "" || strings.EqualFold(s, "ANY") {
			return nil
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			return []netip.Prefix{p.Masked()}
		}
		if a, err := netip.ParseAddr(s); err == nil {
			return []netip.Prefix{netip.PrefixFrom(a, a.BitLen())}
		}
		bad = append(bad, name+" "+s)
		return nil
	}
	ports := func(name, s string) *PortRange {
		if s == "" || strings.EqualFold(s, "ANY") {
			return nil
		}
		pr, err := ParsePortRange(strings.ReplaceAll(s, ":", "-"))
		if err != nil {
			bad = append(bad, name+" "+s)
			return nil
		}
		return &pr
	}
	r.Source = prefix("source", source)
	r.Destination = prefix("destination", destination)
	r.SrcPorts = ports("source_port", sourcePort)
	r.DstPorts = ports("destination_port", destinationPort)
	if len(bad) > 0 && r.Unmodelled == "" {
		r.Unmodelled = strings.Join(bad, ", ")
	}
	r.Any = strings.EqualFold(direction, "ANY")
	return r
}

// deriveFirewalls lists each firewall's endpoints that the input ties to
// it from the endpoint's side (the native format's vpc_endpoint.firewall)
// and not from the firewall's, so that every loader gives the same model.
func (n *Network) deriveFirewalls() {
	for _, e := range n.Endpoints {
		f := Target[*Firewall](e.Firewall)
		if e.Type != EndpointFirewall || f == nil {
			continue
		}
		listed := false
		for _, r := range f.Endpoints {
			listed = listed || Target[*VPCEndpoint](r) == e
		}
		if !listed {
			f.Endpoints = append(f.Endpoints, To(e))
		}
	}
}
