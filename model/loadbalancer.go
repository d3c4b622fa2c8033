package model

import (
	"net/netip"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// LBType is the kind of Elastic Load Balancing load balancer.
type LBType string

// Load balancer types. See
// https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
const (
	LBApplication LBType = "application"
	LBNetwork     LBType = "network"
	LBClassic     LBType = "classic"
	LBGateway     LBType = "gateway"
)

// LoadBalancer is an Application, Network or Classic Load Balancer: a node
// with an ENI in each of its subnets (one per zone) that accepts traffic on
// its listeners and forwards it to its target groups' targets.
type LoadBalancer struct {
	Meta
	Type LBType
	// Internal is the scheme "internal"; otherwise the load balancer is
	// internet-facing and its nodes have public addresses.
	Internal bool
	VPC      Ref
	// Subnets are the enabled subnets, at most one per zone; AWS places a
	// node (an ENI) in each.
	Subnets []Ref
	// NodeIPs and NodePublicIPs are the nodes' addresses in each subnet
	// when the input fixes them (subnet mappings with a private address or
	// an Elastic IP, a snapshot's LoadBalancerAddresses), parallel to
	// Subnets; an invalid address is one AWS assigns.
	NodeIPs, NodePublicIPs []netip.Addr
	// SecurityGroups apply to every node. Application and Classic Load
	// Balancers always have groups; a Network Load Balancer only when
	// created with them.
	SecurityGroups []Ref
	// CrossZone: each node forwards to the targets of every enabled zone;
	// otherwise only to those of its own zone.
	CrossZone bool
	// IPAddressType is "ipv4" or "dualstack".
	IPAddressType string
	// DNSName is the load balancer's DNS name (known in snapshots).
	DNSName string
	// Interfaces are the nodes' ENIs, one per subnet: listed in a snapshot,
	// else created by Link (their addresses are then assigned by AWS).
	Interfaces []Ref
	// Listeners are the load balancer's listeners (set by Link).
	Listeners []*LBListener `json:"-"`
}

func (*LoadBalancer) Kind() Kind    { return KindLoadBalancer }
func (b *LoadBalancer) Base() *Meta { return &b.Meta }

func (b *LoadBalancer) refs(l refList) refList {
	l = l.add(&b.VPC)
	l = l.addAll(b.Subnets)
	l = l.addAll(b.SecurityGroups)
	l = l.addAll(b.Interfaces)
	return l
}

// PreservesClientIP reports whether targets of group g, behind this load
// balancer, see the client's address as the source (else the node's).
// Application and Classic Load Balancers are proxies: targets always see
// the node's address. A Network Load Balancer keeps the client's address
// as the group's preserve_client_ip attribute says, or by default for
// instance targets, for ip targets with UDP (and TCP_UDP, QUIC) and not for
// ip targets with TCP or TLS:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
func (b *LoadBalancer) PreservesClientIP(g *TargetGroup) bool {
	if b.Type != LBNetwork {
		return false
	}
	proto := strings.ToUpper(g.Protocol)
	if proto == "UDP" || proto == "TCP_UDP" || proto == "QUIC" || proto == "TCP_QUIC" {
		return true
	}
	if g.PreserveClientIP != nil {
		return *g.PreserveClientIP
	}
	return g.TargetType != TargetTypeIP
}

// DefaultCrossZone is AWS's default for cross-zone load balancing of a new
// load balancer of type t: always on for Application Load Balancers, off
// for Network (and Gateway) Load Balancers, on for Classic Load Balancers
// created by the console or Terraform (aws_elb defaults it to true):
// https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing
func DefaultCrossZone(t LBType) bool {
	return t == LBApplication || t == LBClassic
}

// LBListener is a listener of a load balancer: a protocol and port it
// accepts, and its default action.
type LBListener struct {
	Meta
	LoadBalancer Ref
	// Protocol as AWS writes it: HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, QUIC…
	Protocol string
	Port     uint16
	// Action is the default action: forward, redirect or fixed-response
	// (the last two answer at the load balancer).
	Action string
	// TargetGroups are the groups a forward action sends to (weighted
	// forwards list several).
	TargetGroups []Ref
}

func (*LBListener) Kind() Kind    { return KindLBListener }
func (l *LBListener) Base() *Meta { return &l.Meta }

func (l *LBListener) refs(r refList) refList {
	r = r.add(&l.LoadBalancer)
	return r.addAll(l.TargetGroups)
}

// Listener actions.
const (
	ActionForward       = "forward"
	ActionRedirect      = "redirect"
	ActionFixedResponse = "fixed-response"
)

// Transport returns the IP protocols a listener protocol carries: TCP for
// HTTP, HTTPS, TCP and TLS, UDP for UDP, both for TCP_UDP; QUIC runs over UDP.
func Transport(listenerProto string) []Protocol {
	switch strings.ToUpper(listenerProto) {
	case "UDP", "QUIC":
		return []Protocol{ProtoUDP}
	case "TCP_UDP", "TCP_QUIC":
		return []Protocol{ProtoTCP, ProtoUDP}
	}
	return []Protocol{ProtoTCP}
}

// Target types of a target group. See
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-type
const (
	TargetTypeInstance = "instance"
	TargetTypeIP       = "ip"
	TargetTypeALB      = "alb"
	TargetTypeLambda   = "lambda"
)

// TargetGroup is a load balancer target group and its registered targets.
type TargetGroup struct {
	Meta
	VPC Ref
	// TargetType: instance, ip, alb or lambda.
	TargetType string
	Protocol   string
	// Port is the port targets receive traffic on unless a target says
	// otherwise.
	Port uint16
	// PreserveClientIP is the preserve_client_ip.enabled attribute, nil
	// when not set (the default then applies: PreservesClientIP).
	PreserveClientIP *bool
	// HealthCheckPort is the health check's port, 0 for the traffic port.
	HealthCheckPort uint16
	Targets         []LBTarget
	// UnknownTargets counts registered targets the input leaves unknown
	// (not known before apply): answers about them are unknown.
	UnknownTargets int
}

func (*TargetGroup) Kind() Kind    { return KindTargetGroup }
func (g *TargetGroup) Base() *Meta { return &g.Meta }

func (g *TargetGroup) refs(l refList) refList {
	l = l.add(&g.VPC)
	for i := range g.Targets {
		l = l.add(&g.Targets[i].Instance, &g.Targets[i].LoadBalancer)
	}
	return l
}

// LBTarget is one registered target: an instance, an IP address or an
// Application Load Balancer, with the port it receives traffic on.
type LBTarget struct {
	Instance     Ref
	IP           netip.Addr
	LoadBalancer Ref
	// Port, 0 for the group's port.
	Port uint16
	// Zone is the target's Availability Zone when the input says it ("all"
	// for an ip target outside the VPC).
	Zone  string
	Range hcl.Range
}

// PortIn returns the port the target receives traffic on in group g.
func (t *LBTarget) PortIn(g *TargetGroup) uint16 {
	if t.Port != 0 {
		return t.Port
	}
	return g.Port
}
