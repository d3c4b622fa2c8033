package dataplane

// Code is a stable explanation code for why a packet stops, in the spirit
// of AWS Reachability Analyzer's explanation codes. Codes appear in JSON
// output and scripts depend on them: never rename one.
type Code string

// Explanation codes. docs/codes.md documents each.
const (
	// Delivery.
	CodeAccepted     Code = "ACCEPTED"
	CodeExitsNetwork Code = "EXITS_NETWORK"

	// Routing.
	CodeNoRoute            Code = "NO_ROUTE"
	CodeBlackhole          Code = "BLACKHOLE"
	CodeUnsupportedTarget  Code = "UNSUPPORTED_TARGET"
	CodeNoSubnet           Code = "NO_SUBNET"
	CodeNoHost             Code = "NO_HOST"
	CodeLoop               Code = "LOOP"
	CodeIGWNoPublicIP      Code = "IGW_NO_PUBLIC_IP"
	CodeIGWDetached        Code = "IGW_NOT_ATTACHED"
	CodeEIGWIPv4           Code = "EIGW_IPV4"
	CodeEIGWInbound        Code = "EIGW_INBOUND"
	CodeNATInbound         Code = "NAT_INBOUND"
	CodeNATProtocol        Code = "NAT_PROTOCOL"
	CodeNATIPv6            Code = "NAT_IPV6"
	CodeNATNoPublic        Code = "NAT_NO_INTERNET"
	CodePeeringInactive    Code = "PEERING_INACTIVE"
	CodePeeringTransitive  Code = "PEERING_NOT_TRANSITIVE"
	CodePeeringEdgeToEdge  Code = "PEERING_EDGE_TO_EDGE"
	CodeTGWNoAttachment    Code = "TGW_NO_ATTACHMENT"
	CodeTGWAttachmentAZ    Code = "TGW_ATTACHMENT_AZ"
	CodeTGWNoAssociation   Code = "TGW_NO_ASSOCIATION"
	CodeTGWNoRoute         Code = "TGW_NO_ROUTE"
	CodeTGWBlackhole       Code = "TGW_BLACKHOLE"
	CodeTGWUnsupported     Code = "TGW_UNSUPPORTED_ATTACHMENT"
	CodeVGWDetached        Code = "VGW_NOT_ATTACHED"
	CodeVGWNoRoute         Code = "VGW_NO_ROUTE"
	CodeOnPremNoRoute      Code = "ONPREM_NO_ROUTE"
	CodeEndpointTransitive Code = "ENDPOINT_NOT_TRANSITIVE"
	CodeSrcDstCheck        Code = "SOURCE_DEST_CHECK"
	// CodeAsymmetric: a reply takes a path through a stateful device the
	// request did not cross (it would be translated or dropped there).
	CodeAsymmetric Code = "ASYMMETRIC_ROUTE"

	// Load balancers.
	// CodeLBNoListener: the packet reaches a load balancer node on a
	// protocol and port no listener has.
	CodeLBNoListener Code = "LB_NO_LISTENER"
	// CodeLBNoTarget: the listener has no target the node can forward to
	// (none registered, none in the node's zone with cross-zone off).
	CodeLBNoTarget Code = "LB_NO_TARGET"
	// CodeGWLBNoTarget: a Gateway Load Balancer endpoint's load balancer
	// has no appliance it can reach on GENEVE from its node in the
	// endpoint's zone (none registered, none in the zone with cross-zone
	// off, UDP 6081 refused, no route): the endpoint drops the packet.
	CodeGWLBNoTarget Code = "GWLB_NO_TARGET"
	// CodeGWLBUnmodelled: the packet crosses Gateway Load Balancer
	// appliances, whose own policy vpcheck does not model: an answer that
	// rests on them passing it is unknown.
	CodeGWLBUnmodelled Code = "GWLB_APPLIANCE_UNMODELLED"

	// Network Firewall.
	// CodeFirewallDrop: a Network Firewall policy drops the packet (a
	// stateless or stateful rule, or a default action).
	CodeFirewallDrop Code = "FIREWALL_DROP"
	// CodeFirewallUnmodelled: what a Network Firewall does with the packet
	// rests on rules vpcheck does not evaluate (Suricata rules, domain
	// lists): unknown.
	CodeFirewallUnmodelled Code = "FIREWALL_UNMODELLED"

	// Filtering.
	CodeSGEgressDeny    Code = "SG_EGRESS_DENY"
	CodeSGIngressDeny   Code = "SG_INGRESS_DENY"
	CodeNACLEgressDeny  Code = "NACL_EGRESS_DENY"
	CodeNACLIngressDeny Code = "NACL_INGRESS_DENY"
)
