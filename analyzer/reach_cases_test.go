package analyzer

import (
	"fmt"
	"net/netip"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/model"
)

// The reach cases: each answer is derived by hand from the AWS
// documentation page in its doc field (the page that states the behaviour
// the case turns on), never from what the engine says. Networks are the
// embedded examples (whose EXPECTED.md gives the same answers) and the
// small purpose-written ones in testdata/cases, each a few objects that
// isolate one fact.
//
// A case the engine gets wrong stays in the table, marked bug (the whole
// case is skipped) or detailBug (the verdict is checked, the detail —
// return status, code or component — is skipped), so that the suite is
// green and the fix turns the case on by deleting one line.

// runEngineBugs runs the cases marked as engine bugs instead of skipping
// them, to see which a fix turned on: VPCHECK_ENGINE_BUGS=1 go test ./analyzer -run TestReachCases
var runEngineBugs = os.Getenv("VPCHECK_ENGINE_BUGS") != ""

// AWS documentation pages the cases cite.
const (
	docRoutePriority   = "https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html"
	docRouteTables     = "https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html"
	docMiddlebox       = "https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html#route-tables-appliance-routing"
	docIngressRouting  = "https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html"
	docSrcDstCheck     = "https://docs.aws.amazon.com/vpc/latest/userguide/work-with-nat-instances.html#EIP_Disable_SrcDestCheck"
	docIGW             = "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html"
	docNATBasics       = "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html"
	docPeeringBasics   = "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html"
	docPeeringRouting  = "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html"
	docTGWAttachments  = "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html"
	docTGWRouteOrder   = "https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-route-evaluation-overview"
	docTGWRouteTables  = "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html"
	docTGWIsolated     = "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-isolated-shared.html"
	docVPNRouting      = "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html"
	docVPNRoutePrio    = "https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html"
	docCloudHub        = "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPN_CloudHub.html"
	docDXGateway       = "https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html"
	docGatewayEndpoint = "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html"
	docInterfaceEP     = "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html"
	docSGRules         = "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"
	docSGs             = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html"
	docDefaultSG       = "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html"
	docNACLs           = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html"
	docNACLRules       = "https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html"
	docNACLEphemeral   = "https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html"
	docEIGW            = "https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html"
	docIPv6            = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html"
	docPublicIP        = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html#vpc-public-ipv4-addresses"
	docSubnetSizing    = "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html"
)

// reachCase is one question and its hand-derived answer.
type reachCase struct {
	name string
	// doc is the AWS documentation page the answer is derived from.
	doc string
	// net is the network: example:NAME or files under testdata/cases.
	net      string
	from, to string
	proto    model.Protocol
	port     string // destination ports, "" for all
	srcPort  string // client source ports, "" for the default 1024-65535

	reachable bool
	// ret is the return status of a reachable answer.
	ret string
	// code and component: the first blocker of an unreachable answer, or
	// the first reply blocker of a reachable one whose return is not ok.
	// Component "" is not checked.
	code      dataplane.Code
	component string
	// codeAmong: code need only be among the blockers (queries over every
	// protocol, where an earlier filter stops some of the packets first).
	codeAmong bool
	// via are components (model.Label) the witness must pass, in order.
	via []string
	// note must be a substring of one of the answer's notes.
	note string
	// check makes further assertions on a reachable answer's witness.
	check func(t *testing.T, d *dataplane.Dataplane, a *Answer)

	// bug skips the whole case: the engine is wrong (see the report).
	bug string
	// detailBug checks only the verdict (reachable or not) and skips the
	// rest: the engine gets the verdict right and the detail wrong.
	detailBug string
}

var reachCases = []reachCase{
	// Longest prefix match and AWS's order on equal prefixes: static,
	// prefix list, propagated (testdata/cases/lpm.net.hcl).
	{name: "lpm/static beats propagated on equal prefix", doc: docRoutePriority, net: "lpm",
		from: "lpm-1", to: "172.16.1.10", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeBlackhole, component: "lpm"},
	{name: "lpm/longer propagated prefix beats static", doc: docRoutePriority, net: "lpm",
		from: "lpm-1", to: "172.16.5.10", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"vpn_gateway lpm", "on_prem branch"}},
	{name: "lpm/prefix list beats propagated on equal prefix", doc: docRoutePriority, net: "lpm",
		from: "lpm-1", to: "172.17.1.10", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"network_interface inspector/eth0", "vpn_gateway lpm", "on_prem branch"}},
	{name: "lpm/static beats prefix list on equal prefix", doc: docRoutePriority, net: "lpm",
		from: "lpm-1", to: "172.18.1.10", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeBlackhole, component: "lpm"},
	{name: "lpm/an owned but unannounced block has no route", doc: docRoutePriority, net: "lpm",
		from: "lpm-1", to: "172.19.1.10", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNoRoute, component: "lpm"},
	// A virtual private gateway prefers Direct Connect, then static VPN,
	// then BGP VPN routes for one prefix.
	{name: "vgw/direct connect preferred over vpn bgp", doc: docVPNRoutePrio, net: "example:hybrid-vgw",
		from: "app-1", to: "172.20.5.10", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"vpn_gateway corp", "dx_gateway corp-dx", "on_prem dc1"}},
	{name: "vgw/static vpn preferred over bgp vpn", doc: docVPNRoutePrio, net: "vpn",
		from: "prop-1", to: "172.20.1.10", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"vpn_gateway v", "vpn_connection dc-static", "on_prem dc"}},
	// The local route always wins over a propagated route for the same block.
	{name: "vgw/local route hides a propagated equal block", doc: docVPNRoutePrio, net: "example:onprem-overlap",
		from: "app-1", to: "10.44.100.10", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNoSubnet, component: "payments"},
	{name: "vgw/reply to a site whose block is also the vpc's takes the local route", doc: docVPNRoutePrio, net: "example:onprem-overlap",
		from: "10.44.100.10", to: "app-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnBlocked, code: dataplane.CodeNoSubnet, component: "payments"},
	{name: "vgw/a site never sends its own block to aws", doc: docVPNRouting, net: "example:onprem-overlap",
		from: "on_prem:dc", to: "batch-1", proto: model.ProtoAll,
		code: dataplane.CodeOnPremNoRoute, component: "dc"},

	// Main versus explicit association (testdata/cases/association.net.hcl).
	{name: "association/subnet without association uses the main table", doc: docRouteTables, net: "association",
		from: "implicit-1", to: "198.51.100.80", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"internet_gateway assoc", "internet"}},
	{name: "association/explicit table without internet route", doc: docRouteTables, net: "association",
		from: "isolated-1", to: "198.51.100.80", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNoRoute, component: "isolated"},
	{name: "association/inbound arrives, reply has no route", doc: docRouteTables, net: "association",
		from: "198.51.100.80", to: "isolated-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnBlocked, code: dataplane.CodeNoRoute, component: "isolated"},

	// Routes more specific than local to an appliance ENI.
	{name: "middlebox/more specific than local through an appliance", doc: docMiddlebox, net: "middlebox",
		from: "client-1", to: "server-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"network_interface client-1/eth0", "network_interface fw-1/eth0", "network_interface server-1/eth0"}},
	{name: "middlebox/appliance with source/destination check on drops", doc: docSrcDstCheck, net: "middlebox",
		from: "client-2", to: "server-2", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeSrcDstCheck, component: "fw-2/eth0"},
	{name: "middlebox/internet ingress routing through a firewall", doc: docIngressRouting, net: "example:inspection-vpc",
		from: "198.51.100.80", to: "web-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"internet_gateway edge", "route_table igw-ingress", "network_interface fw-1-eth0", "network_interface web-1/eth0"}},
	{name: "middlebox/the firewall's group stops ssh first", doc: docSGRules, net: "example:inspection-vpc",
		from: "198.51.100.80", to: "web-1", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeSGIngressDeny, component: "fw-1"},
	{name: "middlebox/east-west inside the vpc is not inspected", doc: docRouteTables, net: "example:inspection-vpc",
		from: "web-1", to: "10.60.11.10", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"network_interface web-1/eth0", "network_interface web-2/eth0"}},
	{name: "middlebox/to another instance, also over its public ip", doc: docIngressRouting, net: "example:inspection-vpc",
		from: "web-1", to: "web-2", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK},

	// Internet gateway: a public IP is needed and translated both ways.
	{name: "igw/inbound to a public ip is translated to the private one", doc: docIGW, net: "example:sg-exposed",
		from: "198.51.100.80", to: "bastion-1", proto: model.ProtoTCP, port: "22",
		reachable: true, ret: ReturnOK, via: []string{"internet", "internet_gateway ops", "network_interface bastion-1/eth0"},
		check: witnessArrives("", "10.90.0.10")},
	{name: "igw/outbound leaves with the public ip", doc: docIGW, net: "example:sg-exposed",
		from: "bastion-1", to: "198.51.100.80", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"internet_gateway ops", "internet"},
		check: witnessArrives("198.51.100.90", "198.51.100.80")},
	{name: "igw/no public ip, route exists", doc: docIGW, net: "example:sg-exposed",
		from: "legacy-1", to: "198.51.100.80", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeIGWNoPublicIP, component: "ops"},
	{name: "igw/the internet cannot address a host without a public ip", doc: docIGW, net: "example:sg-exposed",
		from: "198.51.100.80", to: "legacy-1", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeIGWNoPublicIP, component: "legacy-1"},
	{name: "igw/a private address is not routed from the internet", doc: docIGW, net: "example:sg-exposed",
		from: "198.51.100.80", to: "10.90.0.10", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeNoRoute},
	{name: "igw/security group denies the other port", doc: docSGRules, net: "example:sg-exposed",
		from: "198.51.100.80", to: "bastion-1", proto: model.ProtoTCP, port: "3389",
		code: dataplane.CodeSGIngressDeny, component: "bastion-1"},
	{name: "igw/from the internet selector, replies come back", doc: docIGW, net: "example:sg-exposed",
		from: "internet", to: "bastion-1", proto: model.ProtoTCP, port: "22",
		reachable: true, ret: ReturnOK},
	{name: "igw/network acl denies ssh before the group", doc: docNACLRules, net: "example:public-private",
		from: "198.51.100.80", to: "web-1", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeNACLIngressDeny, component: "public"},

	// NAT gateway.
	{name: "nat/outbound through the gateway of the zone, source rewritten", doc: docNATBasics, net: "example:public-private",
		from: "app-1", to: "198.51.100.80", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"nat_gateway nat-a", "internet_gateway prod", "internet"},
		check: witnessNATed("203.0.113.21")},
	{name: "nat/the other zone uses its own gateway", doc: docNATBasics, net: "example:public-private",
		from: "app-2", to: "198.51.100.80", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"nat_gateway nat-b", "internet"},
		check: witnessNATed("203.0.113.22")},
	{name: "nat/connections towards the gateway are refused", doc: docNATBasics, net: "example:public-private",
		from: "198.51.100.80", to: "203.0.113.21", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNATInbound, component: "nat-a"},
	{name: "nat/udp is translated", doc: docNATBasics, net: "nat",
		from: "worker", to: "198.51.100.80", proto: model.ProtoUDP, port: "53",
		reachable: true, ret: ReturnOK, check: witnessNATed("203.0.113.31")},
	{name: "nat/icmp is translated", doc: docNATBasics, net: "nat",
		from: "worker", to: "198.51.100.80", proto: model.ProtoICMP,
		reachable: true, ret: ReturnOK, via: []string{"nat_gateway nat", "internet"}},
	{name: "nat/other ip protocols are dropped", doc: docNATBasics, net: "nat",
		from: "worker", to: "198.51.100.80", proto: model.Protocol(50),
		code: dataplane.CodeNATProtocol, component: "nat"},
	{name: "nat/no ipv6", doc: docNATBasics, net: "nat",
		from: "worker", to: "2001:db8:ffff::80", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNATIPv6, component: "nat"},
	{name: "nat/inbound to its elastic ip is refused", doc: docNATBasics, net: "nat",
		from: "198.51.100.80", to: "203.0.113.31", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNATInbound, component: "nat"},
	// Nothing outside a VPC routes to its private addresses, and a NAT
	// gateway accepts no connection initiated towards it: a packet counts
	// as arrived only when it is delivered to its destination, never when
	// it leaves the network (EXITS_NETWORK).
	{name: "nat/internet to the gateway's private address", doc: docNATBasics, net: "nat",
		from: "internet", to: "10.5.0.5", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNoRoute},
	{name: "nat/internet to the gateway, both addresses", doc: docNATBasics, net: "nat",
		from: "internet", to: "nat_gateway:nat", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNATInbound, component: "nat"},
	{name: "internet/to a free private address of a subnet with hosts", doc: docIGW, net: "outside",
		from: "internet", to: "10.12.1.77", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNoRoute},
	{name: "internet/to an address of a subnet without hosts", doc: docIGW, net: "outside",
		from: "internet", to: "10.12.2.77", proto: model.ProtoAll,
		code: dataplane.CodeNoRoute},
	{name: "internet/to a subnet without hosts", doc: docIGW, net: "outside",
		from: "8.8.8.8", to: "subnet:empty", proto: model.ProtoAll,
		code: dataplane.CodeIGWNoPublicIP},

	// Subnets without a host, in a network that has hosts, are endpoints:
	// a hypothetical host with no security group restriction, with a
	// public IP where the subnet maps them on launch
	// (testdata/cases/hostless.net.hcl).
	{name: "hostless/internet to a public subnet without hosts", doc: docPublicIP, net: "hostless",
		from: "internet", to: "subnet:spare", proto: model.ProtoTCP, port: "22",
		reachable: true, ret: ReturnOK, via: []string{"internet_gateway hl"}},
	{name: "hostless/its public ip from the internet", doc: docIGW, net: "hostless",
		from: "8.8.8.8", to: "subnet:spare", proto: model.ProtoUDP, port: "53",
		reachable: true, ret: ReturnOK},
	{name: "hostless/a private subnet without hosts from the internet", doc: docIGW, net: "hostless",
		from: "internet", to: "subnet:data", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeIGWNoPublicIP},
	{name: "hostless/an instance to a private subnet without hosts", doc: docRouteTables, net: "hostless",
		from: "web-1", to: "subnet:data", proto: model.ProtoTCP, port: "5432",
		reachable: true, ret: ReturnOK},
	{name: "hostless/between subnets without hosts", doc: docRouteTables, net: "hostless",
		from: "subnet:data", to: "subnet:spare", proto: model.ProtoTCP, port: "22",
		reachable: true, ret: ReturnOK},
	{name: "hostless/the network acl still filters", doc: docNACLRules, net: "hostless",
		from: "internet", to: "subnet:closed", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeNACLIngressDeny, component: "closed"},
	{name: "hostless/the instance's own security group still filters", doc: docSGs, net: "hostless",
		from: "subnet:spare", to: "web-1", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeSGIngressDeny},

	// Amazon services every instance reaches: neither security groups nor
	// network ACLs filter them (testdata/cases/services.net.hcl).
	{name: "services/dns at the vpc base +2", doc: docSGs, net: "services",
		from: "locked-1", to: "10.13.0.2", proto: model.ProtoUDP, port: "53",
		reachable: true, ret: ReturnOK},
	{name: "services/dns at 169.254.169.253", doc: docNACLs, net: "services",
		from: "locked-1", to: "169.254.169.253", proto: model.ProtoTCP, port: "53",
		reachable: true, ret: ReturnOK},
	{name: "services/instance metadata", doc: docSGs, net: "services",
		from: "locked-1", to: "169.254.169.254", proto: model.ProtoTCP, port: "80",
		reachable: true, ret: ReturnOK},
	{name: "services/time sync", doc: docSGs, net: "services",
		from: "locked-1", to: "169.254.169.123", proto: model.ProtoUDP, port: "123",
		reachable: true, ret: ReturnOK},
	{name: "services/from a hypothetical host", doc: docSGs, net: "services",
		from: "subnet:free", to: "169.254.169.254", proto: model.ProtoTCP, port: "80",
		reachable: true, ret: ReturnOK},
	{name: "services/other link-local addresses go nowhere, unfiltered", doc: docSGs, net: "services",
		from: "locked-1", to: "169.254.1.1", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeNoRoute},
	{name: "services/everything else is filtered", doc: docSGs, net: "services",
		from: "locked-1", to: "10.13.2.10", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGEgressDeny},

	// VPC peering.
	{name: "peering/direct peer", doc: docPeeringBasics, net: "example:peering-transit",
		from: "app-1", to: "tools-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"peering_connection apps-shared"}},
	{name: "peering/not transitive", doc: docPeeringBasics, net: "example:peering-transit",
		from: "app-1", to: "db-1", proto: model.ProtoTCP, port: "5432",
		code: dataplane.CodePeeringTransitive, component: "apps-shared"},
	{name: "peering/not transitive for any packet", doc: docPeeringBasics, net: "example:peering-transit",
		from: "app-1", to: "db-1", proto: model.ProtoAll,
		code: dataplane.CodePeeringTransitive, component: "apps-shared", codeAmong: true},
	{name: "peering/the group stops ssh", doc: docSGRules, net: "example:peering-transit",
		from: "app-1", to: "tools-1", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeSGEgressDeny, component: "app-1"},
	{name: "peering/reply needs a route on the other side", doc: docPeeringRouting, net: "peering",
		from: "pa-1", to: "pb-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnBlocked, code: dataplane.CodeNoRoute, component: "pb", via: []string{"peering_connection pa-pb"}},
	{name: "peering/pending acceptance carries nothing", doc: docPeeringBasics, net: "peering",
		from: "pa-1", to: "pc-1", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodePeeringInactive, component: "pa-pc"},
	{name: "peering/no edge to edge from a transit gateway", doc: docPeeringBasics, net: "peering",
		from: "pd-1", to: "pb-1", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodePeeringEdgeToEdge, component: "pa-pb"},

	// Transit gateway.
	{name: "tgw/segmentation by blackhole", doc: docTGWIsolated, net: "example:tgw-hub",
		from: "dev-1", to: "api-1", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeTGWBlackhole, component: "dev"},
	{name: "tgw/segmentation holds for every packet", doc: docTGWIsolated, net: "example:tgw-hub",
		from: "dev-1", to: "api-1", proto: model.ProtoAll,
		code: dataplane.CodeTGWBlackhole, component: "dev", codeAmong: true},
	{name: "tgw/propagated routes to shared services", doc: docTGWRouteTables, net: "example:tgw-hub",
		from: "api-1", to: "artifacts-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"transit_gateway_attachment prod", "transit_gateway_route_table prod", "network_interface artifacts-1/eth0"}},
	{name: "tgw/static default route to central egress", doc: docTGWRouteTables, net: "example:tgw-hub",
		from: "api-1", to: "198.51.100.80", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"transit_gateway_route_table prod", "nat_gateway egress-a", "internet_gateway egress"},
		check: witnessNATed("203.0.113.41")},
	{name: "tgw/egress in the zone of the sender", doc: docTGWAttachments, net: "example:tgw-hub",
		from: "api-2", to: "198.51.100.80", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"nat_gateway egress-b"}, check: witnessNATed("203.0.113.42")},
	{name: "tgw/vpn site reaches a spoke, longer propagated route back", doc: docTGWRouteOrder, net: "example:tgw-hub",
		from: "on_prem:datacenter", to: "dev-1", proto: model.ProtoTCP, port: "22",
		reachable: true, ret: ReturnOK, via: []string{"transit_gateway_route_table onprem", "network_interface dev-1/eth0"}},
	{name: "tgw/static blackhole beats propagated on equal prefix", doc: docTGWRouteOrder, net: "tgw",
		from: "tb-1", to: "te-1", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeTGWBlackhole, component: "main"},
	{name: "tgw/attached vpcs reach each other", doc: docTGWAttachments, net: "tgw",
		from: "ta-1", to: "tb-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"transit_gateway_attachment ta", "transit_gateway_route_table main"}},
	{name: "tgw/no attachment subnet in the sender's zone", doc: docTGWAttachments, net: "tgw",
		from: "ta-2", to: "tb-1", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeTGWAttachmentAZ, component: "ta"},
	{name: "tgw/arrives in another zone, reply cannot leave", doc: docTGWAttachments, net: "tgw",
		from: "tb-1", to: "ta-2", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnBlocked, code: dataplane.CodeTGWAttachmentAZ, component: "ta"},
	{name: "tgw/attachment associated with no route table", doc: docTGWRouteTables, net: "tgw",
		from: "tc-1", to: "tb-1", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeTGWNoAssociation, component: "tc"},
	{name: "tgw/route to a gateway the vpc is not attached to", doc: docTGWAttachments, net: "tgw",
		from: "td-1", to: "tb-1", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeTGWNoAttachment, component: "hub"},
	{name: "tgw/no route in the transit gateway table", doc: docTGWRouteTables, net: "tgw",
		from: "tb-1", to: "10.99.0.10", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeTGWNoRoute, component: "main"},

	// Virtual private gateway, VPN, CloudHub, Direct Connect gateway.
	{name: "vpn/static routes, propagated", doc: docVPNRouting, net: "vpn",
		from: "prop-1", to: "on_prem:office", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"vpn_gateway v", "vpn_connection office", "on_prem office"}},
	{name: "vpn/bgp routes, propagated", doc: docVPNRouting, net: "vpn",
		from: "prop-1", to: "172.21.1.10", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"vpn_connection lab", "on_prem lab"}},
	{name: "vpn/propagation off, no route", doc: docVPNRouting, net: "vpn",
		from: "noprop-1", to: "172.21.1.10", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNoRoute, component: "v-noprop"},
	{name: "vpn/static route in the subnet table", doc: docVPNRouting, net: "vpn",
		from: "static-1", to: "192.168.1.10", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"vpn_connection office"}},
	{name: "vpn/site reaches a subnet without propagation, reply has no route", doc: docVPNRouting, net: "vpn",
		from: "on_prem:lab", to: "noprop-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnBlocked, code: dataplane.CodeNoRoute, component: "v-noprop"},
	{name: "vpn/cloudhub between two sites", doc: docCloudHub, net: "vpn",
		from: "on_prem:dc", to: "on_prem:lab", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"on_prem dc", "vpn_gateway v", "vpn_connection lab", "on_prem lab"}},
	{name: "vpn/data centre to a table without propagation", doc: docVPNRouting, net: "example:hybrid-vgw",
		from: "on_prem:dc1", to: "db-1", proto: model.ProtoTCP, port: "5432",
		reachable: true, ret: ReturnBlocked, code: dataplane.CodeNoRoute, component: "db"},
	{name: "dx/site reaches the vpc over direct connect", doc: docDXGateway, net: "example:hybrid-vgw",
		from: "on_prem:dc1", to: "app-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"on_prem dc1", "vpn_gateway corp", "network_interface app-1/eth0"}},
	{name: "dx/each vpc reaches the site", doc: docDXGateway, net: "dxgw",
		from: "dx1-1", to: "172.30.1.10", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"vpn_gateway dx1", "dx_gateway shared", "on_prem colo"}},
	{name: "dx/no transit between the gateways of one direct connect gateway", doc: docDXGateway, net: "dxgw",
		from: "dx1-1", to: "dx2-1", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeVGWNoRoute, component: "dx1"},

	// VPC endpoints.
	{name: "endpoint/gateway endpoint serves its own vpc", doc: docGatewayEndpoint, net: "example:endpoints",
		from: "worker-1", to: "52.216.8.10", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK},
	{name: "endpoint/gateway endpoint is not reachable over a peering", doc: docGatewayEndpoint, net: "example:endpoints",
		from: "notebook-1", to: "52.216.8.10", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeEndpointTransitive, component: "s3"},
	{name: "endpoint/interface endpoint over a peering", doc: docInterfaceEP, net: "example:endpoints",
		from: "notebook-1", to: "10.70.1.100", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"peering_connection analytics-data", "network_interface ssm/private-a"}},
	{name: "endpoint/interface endpoint in the other zone", doc: docInterfaceEP, net: "example:endpoints",
		from: "worker-2", to: "10.70.1.100", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK},
	{name: "endpoint/no route and no rule to the internet", doc: docSGRules, net: "example:endpoints",
		from: "worker-1", to: "198.51.100.80", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeSGEgressDeny, component: "worker-1"},

	// Security groups.
	{name: "sg/stateful: the reply needs no rule", doc: docSGs, net: "example:public-private",
		from: "web-1", to: "app-1", proto: model.ProtoTCP, port: "8080",
		reachable: true, ret: ReturnOK},
	{name: "sg/stateful: a group with no outbound rule answers", doc: docSGs, net: "sg",
		from: "client-1", to: "10.9.1.20", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK},
	{name: "sg/group reference does not match a public source", doc: docSGRules, net: "sg",
		from: "client-1", to: "198.51.100.22", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeSGIngressDeny, component: "server-1"},
	{name: "sg/group reference admits only members", doc: docSGRules, net: "sg",
		from: "stranger-1", to: "server-1", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeSGIngressDeny, component: "server-1"},
	{name: "sg/egress rule missing", doc: docSGRules, net: "example:public-private",
		from: "app-1", to: "198.51.100.80", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGEgressDeny, component: "app-1"},
	{name: "sg/default group admits its own members", doc: docDefaultSG, net: "sg",
		from: "plain-1", to: "plain-2", proto: model.ProtoTCP, port: "5432",
		reachable: true, ret: ReturnOK},
	{name: "sg/default group refuses non-members", doc: docDefaultSG, net: "sg",
		from: "client-1", to: "plain-1", proto: model.ProtoTCP, port: "5432",
		code: dataplane.CodeSGIngressDeny, component: "plain-1"},

	// Network ACLs.
	{name: "nacl/default acl allows all", doc: docNACLs, net: "nacl",
		from: "open-1", to: "open-2", proto: model.ProtoTCP, port: "5432",
		reachable: true, ret: ReturnOK},
	{name: "nacl/custom acl without rules denies inbound", doc: docNACLs, net: "nacl",
		from: "open-1", to: "locked-1", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNACLIngressDeny, component: "locked"},
	{name: "nacl/custom acl without rules denies outbound", doc: docNACLs, net: "nacl",
		from: "locked-1", to: "open-1", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNACLEgressDeny, component: "locked"},
	{name: "nacl/not evaluated inside one subnet", doc: docNACLs, net: "nacl",
		from: "locked-1", to: "locked-2", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK},
	{name: "nacl/stateless: replies fully denied", doc: docNACLEphemeral, net: "nacl",
		from: "open-1", to: "oneway-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnBlocked, code: dataplane.CodeNACLEgressDeny, component: "oneway"},
	{name: "nacl/stateless: a client port the rule covers", doc: docNACLEphemeral, net: "nacl",
		from: "open-1", to: "oneway-1", proto: model.ProtoTCP, port: "443", srcPort: "443",
		reachable: true, ret: ReturnOK},
	{name: "nacl/first match: no inbound rule for ssh", doc: docNACLRules, net: "nacl",
		from: "open-1", to: "oneway-1", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeNACLIngressDeny, component: "oneway"},
	{name: "nacl/stateless: replies partly denied", doc: docNACLEphemeral, net: "example:three-tier-nacl",
		from: "alb-a", to: "app-1", proto: model.ProtoTCP, port: "8080",
		reachable: true, ret: ReturnPartial, code: dataplane.CodeNACLEgressDeny, component: "app"},
	{name: "nacl/stateless: a linux client's ports pass", doc: docNACLEphemeral, net: "example:three-tier-nacl",
		from: "alb-a", to: "app-1", proto: model.ProtoTCP, port: "8080", srcPort: "40000",
		reachable: true, ret: ReturnOK},
	{name: "nacl/stateless: db replies cut to part of the linux range", doc: docNACLEphemeral, net: "example:three-tier-nacl",
		from: "app-1", to: "db-1", proto: model.ProtoTCP, port: "5432", srcPort: "32768-60999",
		reachable: true, ret: ReturnPartial, code: dataplane.CodeNACLEgressDeny, component: "db"},

	// Addresses unknown before deployment are symbolic, and said so.
	{name: "unknown/public ip assigned at launch", doc: docPublicIP, net: "example:public-private",
		from: "198.51.100.80", to: "web-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, note: "assigned at launch", check: witnessToPlaceholder},
	{name: "unknown/from the internet selector", doc: docIGW, net: "example:public-private",
		from: "internet", to: "web-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, note: "assigned at launch"},

	// IPv6: dual stack, egress-only internet gateway.
	{name: "ipv6/inbound over the internet gateway, no translation", doc: docIPv6, net: "example:ipv6-dualstack",
		from: "2001:db8:ffff::80", to: "2001:db8:1234:1a00::10", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"internet_gateway web"}, check: witnessArrives("", "2001:db8:1234:1a00::10")},
	{name: "ipv6/dual stack: ipv4 through the same gateway", doc: docIGW, net: "example:ipv6-dualstack",
		from: "198.51.100.80", to: "web-1", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK},
	{name: "ipv6/egress-only gateway out", doc: docEIGW, net: "example:ipv6-dualstack",
		from: "app-1", to: "2001:db8:ffff::80", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"egress_only_internet_gateway web", "internet"}},
	{name: "ipv6/no ipv6 route", doc: docIPv6, net: "example:ipv6-dualstack",
		from: "app-2", to: "2001:db8:ffff::80", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNoRoute, component: "private-b"},
	// The VPC also has an internet gateway, which delivers inbound IPv6 to
	// any of the VPC's addresses: the subnet's egress-only default route
	// governs only what it sends (its replies leave through it).
	{name: "ipv6/internet gateway delivers to an egress-only subnet", doc: docEIGW, net: "example:ipv6-dualstack",
		from: "2001:db8:ffff::80", to: "2001:db8:1234:1a0a::10", proto: model.ProtoTCP, port: "22",
		reachable: true, ret: ReturnOK},
	{name: "ipv6/egress-only gateway refuses inbound", doc: docEIGW, net: "eigw",
		from: "2001:db8:ffff::80", to: "v6-1", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeEIGWInbound, component: "ev"},
	{name: "ipv6/egress-only gateway carries replies", doc: docEIGW, net: "eigw",
		from: "v6-1", to: "2001:db8:ffff::80", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK, via: []string{"egress_only_internet_gateway ev"}},
	{name: "ipv6/egress-only gateway carries no ipv4", doc: docEIGW, net: "eigw",
		from: "v6-1", to: "198.51.100.80", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeEIGWIPv4, component: "ev"},
	{name: "ipv6/from the internet selector", doc: docIPv6, net: "example:ipv6-dualstack",
		from: "internet", to: "2001:db8:1234:1a00::10", proto: model.ProtoTCP, port: "443",
		reachable: true, ret: ReturnOK},

	// Addressing.
	{name: "addressing/in the vpc block, in no subnet", doc: docSubnetSizing, net: "example:onprem-overlap",
		from: "batch-1", to: "10.44.100.10", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNoSubnet, component: "payments"},
	{name: "addressing/in a subnet, no interface", doc: docSubnetSizing, net: "example:onprem-overlap",
		from: "app-1", to: "10.44.8.20", proto: model.ProtoTCP, port: "443",
		code: dataplane.CodeNoHost, component: "batch-a"},
}

// witnessArrives checks the witness's header as it arrives (after every
// rewrite on the way); "" leaves a field unchecked.
func witnessArrives(src, dst string) func(*testing.T, *dataplane.Dataplane, *Answer) {
	return func(t *testing.T, d *dataplane.Dataplane, a *Answer) {
		t.Helper()
		got := a.WitnessTrace.Final
		if src != "" && got.Src != netip.MustParseAddr(src) {
			t.Errorf("witness arrives from %s, want %s", got.Src, src)
		}
		if dst != "" && got.Dst != netip.MustParseAddr(dst) {
			t.Errorf("witness arrives at %s, want %s", got.Dst, dst)
		}
	}
}

// witnessNATed checks that the witness left with the NAT gateway's address
// and, for TCP and UDP, a port in 1024-65535
// (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html).
func witnessNATed(public string) func(*testing.T, *dataplane.Dataplane, *Answer) {
	return func(t *testing.T, d *dataplane.Dataplane, a *Answer) {
		t.Helper()
		got := a.WitnessTrace.Final
		if got.Src != netip.MustParseAddr(public) {
			t.Errorf("witness leaves from %s, want the NAT gateway's %s", got.Src, public)
		}
		if model.Protocol(got.Proto).HasPorts() && got.SrcPort < 1024 {
			t.Errorf("witness leaves from port %d, want 1024-65535", got.SrcPort)
		}
	}
}

// witnessToPlaceholder checks that an unknown public IP is a named
// placeholder, never shown as a bare address.
func witnessToPlaceholder(t *testing.T, d *dataplane.Dataplane, a *Answer) {
	t.Helper()
	if !dataplane.PlaceholderBlock.Contains(a.Witness.Dst) {
		t.Errorf("witness destination %s is not a placeholder", a.Witness.Dst)
	}
	if s := d.DisplayAddr(a.Witness.Dst); !strings.HasPrefix(s, "<public IP of ") {
		t.Errorf("placeholder shown as %q", s)
	}
}

// caseNetworks compiles each network once for the whole table.
var caseNetworks sync.Map // string -> *caseNetwork

type caseNetwork struct {
	once sync.Once
	d    *dataplane.Dataplane
	an   *Analyzer
}

// caseNetwork returns the compiled network of a case: an embedded example,
// or testdata/cases/NAME.net.hcl.
func networkOfCase(t *testing.T, name string) (*dataplane.Dataplane, *Analyzer) {
	t.Helper()
	v, _ := caseNetworks.LoadOrStore(name, &caseNetwork{})
	n := v.(*caseNetwork)
	n.once.Do(func() {
		path := name
		if !strings.HasPrefix(name, "example:") {
			path = "testdata/cases/" + name + ".net.hcl"
		}
		n.d = enginetest.Load(t, path)
		n.an = New(n.d)
	})
	if n.d == nil {
		t.Fatalf("network %s did not load", name)
	}
	return n.d, n.an
}

func (c *reachCase) query(t *testing.T) Query {
	t.Helper()
	q := Query{From: c.from, To: c.to, Protocol: c.proto}
	if c.port != "" {
		r, err := model.ParsePortRange(c.port)
		if err != nil {
			t.Fatalf("port %q: %v", c.port, err)
		}
		q.Ports = &r
	}
	if c.srcPort != "" {
		r, err := model.ParsePortRange(c.srcPort)
		if err != nil {
			t.Fatalf("src port %q: %v", c.srcPort, err)
		}
		q.SrcPorts = &r
	}
	return q
}

// hopLabels names the component of each node a trace passes.
func hopLabels(d *dataplane.Dataplane, hops []fastpath.Hop) []string {
	out := make([]string, 0, len(hops))
	for _, h := range hops {
		n := d.Nodes[h.Node]
		if n.Component != nil {
			out = append(out, model.Label(n.Component))
		} else {
			out = append(out, n.Label)
		}
	}
	return out
}

// inOrder reports whether want is a subsequence of got.
func inOrder(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

func blockerName(b Blocker) string {
	if b.Component == nil {
		return ""
	}
	return b.Component.Base().Name
}

func describeBlockers(bs []Blocker) string {
	var parts []string
	for _, b := range bs {
		parts = append(parts, fmt.Sprintf("%s@%s", b.Code, blockerName(b)))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func TestReachCases(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range reachCases {
		if seen[c.name] {
			t.Fatalf("two cases named %q", c.name)
		}
		seen[c.name] = true
		if c.doc == "" {
			t.Errorf("%s: no documentation page", c.name)
		}
		t.Run(c.name, func(t *testing.T) {
			if c.bug != "" && !runEngineBugs {
				t.Skip("engine bug: " + c.bug)
			}
			d, an := networkOfCase(t, c.net)
			a, err := an.Reach(c.query(t))
			if err != nil {
				t.Fatalf("%s -> %s: %v", c.from, c.to, err)
			}
			if a.Arrives != c.reachable {
				t.Fatalf("%s -> %s: reachable=%v, want %v (blocked by %s; return %s)", c.from, c.to, a.Arrives, c.reachable, describeBlockers(a.BlockedBy), a.Return)
			}
			if c.reachable {
				checkWitness(t, d, c, a)
			} else if a.Witness != nil {
				t.Errorf("unreachable answer has a witness %s", a.Witness)
			}
			if c.note != "" && !hasNote(a.Notes, c.note) {
				t.Errorf("notes %q do not say %q", a.Notes, c.note)
			}
			if c.detailBug != "" && !runEngineBugs {
				t.Skip("engine bug: " + c.detailBug)
			}
			checkDetail(t, c, a)
		})
	}
	if len(reachCases) < 40 {
		t.Errorf("%d reach cases, want at least 40", len(reachCases))
	}
}

func checkWitness(t *testing.T, d *dataplane.Dataplane, c reachCase, a *Answer) {
	t.Helper()
	if a.Witness == nil || a.WitnessTrace == nil {
		t.Fatalf("reachable answer has no witness")
	}
	if !a.WitnessTrace.Delivered {
		t.Fatalf("witness %s is not delivered on the fast path: %s", a.Witness, a.WitnessTrace.Outcome.Code)
	}
	if len(a.BlockedBy) > 0 {
		t.Errorf("reachable answer lists blockers %s", describeBlockers(a.BlockedBy))
	}
	if len(c.via) > 0 {
		if got := hopLabels(d, a.WitnessTrace.Hops); !inOrder(got, c.via) {
			t.Errorf("witness path %q does not pass %q in order", got, c.via)
		}
	}
	if c.check != nil {
		c.check(t, d, a)
	}
}

func checkDetail(t *testing.T, c reachCase, a *Answer) {
	t.Helper()
	blockers := a.BlockedBy
	if c.reachable {
		if a.Return != c.ret {
			t.Errorf("return %s, want %s (replies blocked by %s)", a.Return, c.ret, describeBlockers(a.ReturnBlockedBy))
		}
		if c.ret == ReturnOK || c.ret == ReturnNA {
			return
		}
		blockers = a.ReturnBlockedBy
	}
	if len(blockers) == 0 {
		t.Fatalf("no blocker, want %s at %s", c.code, c.component)
	}
	if c.codeAmong {
		for _, b := range blockers {
			if b.Code == c.code && (c.component == "" || blockerName(b) == c.component) {
				return
			}
		}
		t.Errorf("blocked by %s, want %s at %s among them", describeBlockers(blockers), c.code, c.component)
		return
	}
	if b := blockers[0]; b.Code != c.code || (c.component != "" && blockerName(b) != c.component) {
		t.Errorf("first blocker %s@%s, want %s@%s (all: %s)", b.Code, blockerName(b), c.code, c.component, describeBlockers(blockers))
	}
}

func hasNote(notes []string, s string) bool {
	for _, n := range notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}
