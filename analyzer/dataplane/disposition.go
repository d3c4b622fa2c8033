package dataplane

// Disposition is what happened to a packet in the coarse taxonomy the CLI
// contract fixes for trace and replay output (docs/codes.md; after
// Batfish's flow dispositions).
// The explanation Code says precisely why; the disposition is what scripts
// branch on.
type Disposition string

// Dispositions.
const (
	Accepted            Disposition = "ACCEPTED"
	DeniedOut           Disposition = "DENIED_OUT"
	DeniedIn            Disposition = "DENIED_IN"
	NoRoute             Disposition = "NO_ROUTE"
	Blackhole           Disposition = "BLACKHOLE"
	NeighborUnreachable Disposition = "NEIGHBOR_UNREACHABLE"
	ExitsNetwork        Disposition = "EXITS_NETWORK"
	Loop                Disposition = "LOOP"
	Unsupported         Disposition = "UNSUPPORTED"
)

// dispositions maps every explanation code onto the taxonomy: filters and
// stateful gateways refusing a packet deny it on the way out of the sender
// or into the receiver; everything that leaves a packet with no usable next
// hop — no route, a route AWS will not use (non-transitive peering, an
// endpoint or gateway that does not carry this traffic) — is NO_ROUTE;
// blackhole routes are BLACKHOLE; an address with no host behind it is
// NEIGHBOR_UNREACHABLE; what vpcheck does not model is UNSUPPORTED.
var dispositions = map[Code]Disposition{
	CodeAccepted:     Accepted,
	CodeExitsNetwork: ExitsNetwork,

	CodeSGEgressDeny:    DeniedOut,
	CodeNACLEgressDeny:  DeniedOut,
	CodeSGIngressDeny:   DeniedIn,
	CodeNACLIngressDeny: DeniedIn,
	// NAT and egress-only internet gateways admit only replies from outside.
	CodeNATInbound:  DeniedIn,
	CodeEIGWInbound: DeniedIn,
	// A load balancer drops what no listener accepts (Batfish: DENIED_IN).
	CodeLBNoListener: DeniedIn,
	CodeLBNoTarget:   NoRoute,
	CodeGWLBNoTarget: NoRoute,
	// Decided by where the check happens: see DispositionOf.
	CodeSrcDstCheck: DeniedOut,

	CodeNoRoute:            NoRoute,
	CodeTGWNoRoute:         NoRoute,
	CodeVGWNoRoute:         NoRoute,
	CodeOnPremNoRoute:      NoRoute,
	CodeNoSubnet:           NoRoute,
	CodePeeringInactive:    NoRoute,
	CodePeeringTransitive:  NoRoute,
	CodePeeringEdgeToEdge:  NoRoute,
	CodeEndpointTransitive: NoRoute,
	CodeTGWNoAttachment:    NoRoute,
	CodeTGWAttachmentAZ:    NoRoute,
	CodeTGWNoAssociation:   NoRoute,
	CodeIGWNoPublicIP:      NoRoute,
	CodeIGWDetached:        NoRoute,
	CodeVGWDetached:        NoRoute,
	CodeEIGWIPv4:           NoRoute,
	CodeNATIPv6:            NoRoute,
	CodeNATProtocol:        NoRoute,
	CodeNATNoPublic:        NoRoute,
	// A reply that comes back through another path than the request's
	// reaches the client from the wrong address or not at all: there is no
	// route back that works.
	CodeAsymmetric: NoRoute,

	CodeBlackhole:    Blackhole,
	CodeTGWBlackhole: Blackhole,

	CodeNoHost: NeighborUnreachable,
	CodeLoop:   Loop,

	CodeUnsupportedTarget: Unsupported,
	CodeTGWUnsupported:    Unsupported,

	CodeFirewallDrop:       DeniedIn,
	CodeFirewallUnmodelled: Unsupported,
	CodeGWLBUnmodelled:     Unsupported,
}

// DispositionOf is the disposition of a path that ended with code at a node
// of kind at. A source/destination check drops a packet on the way out of
// an ENI that did not send it, or on the way in of one it is not for.
func DispositionOf(code Code, at NodeKind) Disposition {
	if code == CodeSrcDstCheck && at == NodeENIIn {
		return DeniedIn
	}
	if d, ok := dispositions[code]; ok {
		return d
	}
	return Unsupported
}

// Unmodelled reports whether a path ending with code crossed something
// vpcheck does not model (a route target, a transit gateway attachment):
// where its packets go from there is unknown, so an answer that rests on
// it is "unknown", never "unreachable" (docs/architecture.md, "How a
// packet moves").
func (c Code) Unmodelled() bool {
	return c == CodeUnsupportedTarget || c == CodeTGWUnsupported || c == CodeFirewallUnmodelled || c == CodeGWLBUnmodelled
}
