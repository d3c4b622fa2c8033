package model

import (
	"fmt"
	"strings"
)

// Kind names a type of object. The values are stable: they appear in the
// CLI's selectors (kind:name), in JSON output and in the native format.
type Kind string

// Object kinds.
const (
	KindVPC               Kind = "vpc"
	KindSubnet            Kind = "subnet"
	KindRouteTable        Kind = "route_table"
	KindSecurityGroup     Kind = "security_group"
	KindNetworkACL        Kind = "network_acl"
	KindInternetGateway   Kind = "internet_gateway"
	KindEgressOnlyIGW     Kind = "egress_only_internet_gateway"
	KindNATGateway        Kind = "nat_gateway"
	KindElasticIP         Kind = "elastic_ip"
	KindPeering           Kind = "peering_connection"
	KindTransitGateway    Kind = "transit_gateway"
	KindTGWRouteTable     Kind = "transit_gateway_route_table"
	KindTGWAttachment     Kind = "transit_gateway_attachment"
	KindVPNGateway        Kind = "vpn_gateway"
	KindCustomerGateway   Kind = "customer_gateway"
	KindVPNConnection     Kind = "vpn_connection"
	KindDXGateway         Kind = "dx_gateway"
	KindOnPrem            Kind = "on_prem"
	KindVPCEndpoint       Kind = "vpc_endpoint"
	KindPrefixList        Kind = "prefix_list"
	KindInstance          Kind = "instance"
	KindNetworkInterface  Kind = "network_interface"
	KindLoadBalancer      Kind = "load_balancer"
	KindLBListener        Kind = "lb_listener"
	KindTargetGroup       Kind = "lb_target_group"
	KindFirewall          Kind = "network_firewall"
	KindFirewallPolicy    Kind = "network_firewall_policy"
	KindFirewallRuleGroup Kind = "network_firewall_rule_group"
)

// Descriptor is what vpcheck tables about one kind of object: every fact
// about a kind that more than one place needs (the network's list of the
// kind, the references its objects hold, how routes, AWS ids, Terraform,
// the native format and snapshots name it) is written here once, and the
// code that needs it looks it up instead of switching on kinds.
type Descriptor struct {
	Kind Kind
	// Target is what a VPC route to an object of the kind sends traffic to;
	// "" when no VPC route can name one. See
	// https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html
	Target TargetKind
	// IDPrefixes are the prefixes of the kind's AWS ids, the part before
	// the dash and the hex digits (igw for igw-0abc…), the prefix of new
	// ids first. None for a kind whose ids are not prefixed (Direct Connect
	// gateways have UUIDs) or that AWS does not have (on-premises networks).
	// See https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html
	IDPrefixes []string
	// Terraform are the AWS provider's resource types whose instances are
	// objects of the kind (not those that only modify one, as aws_route).
	Terraform []string
	// Native is the kind's block type in the native format (docs/format.md),
	// which is also the root of a reference to one (vpc.main).
	Native string
	// Snapshot are the members of describe-* results (and the snapshot files
	// named after them, docs/snapshots.md) that list objects of the kind.
	Snapshot []string
	// Words is how messages spell the kind, when not its name with spaces
	// for underscores ("on-premises network" for on_prem).
	Words string

	list objectList
}

// IDPrefix is the prefix AWS gives new ids of the kind, or "" when none.
func (d *Descriptor) IDPrefix() string {
	if len(d.IDPrefixes) == 0 {
		return ""
	}
	return d.IDPrefixes[0]
}

// kindTable describes every kind, in the order inventories print them.
//
// Adding a leaf kind (one that carries no traffic of its own) touches six
// places, in this order:
//  1. model/kinds.go: the Kind constant and its descriptor here;
//  2. model/<area>.go: the object type (Meta, Kind, Base) and its refs
//     method, which lists the references it holds for Link;
//  3. model/network.go: the Network's list of the kind;
//  4. model/load/native: the block struct and its decoder in <area>.go, the
//     block in fileBlocks and its loop in decoder.file (native.go), and the
//     block in docs/format.md;
//  5. model/load/terraform/map_<area>.go: the mapping, registered for the
//     descriptor's Terraform types;
//  6. model/load/awsjson/<area>.go: the index and build functions, in the
//     handlers table (awsjson.go) under the descriptor's Snapshot members,
//     and the file in docs/snapshots.md.
//
// Tests in each loader check that it reads every block, resource type and
// snapshot member the table names. A kind that carries traffic needs its
// hops in the compiled data plane as well (analyzer).
var kindTable = []*Descriptor{
	{Kind: KindVPC, IDPrefixes: []string{"vpc"},
		Terraform: []string{"aws_vpc", "aws_default_vpc"}, Native: "vpc", Snapshot: []string{"Vpcs"},
		list: listOf[*VPC]{func(n *Network) *[]*VPC { return &n.VPCs }, nil}},
	{Kind: KindSubnet, IDPrefixes: []string{"subnet"},
		Terraform: []string{"aws_subnet", "aws_default_subnet"}, Native: "subnet", Snapshot: []string{"Subnets"},
		list: listOf[*Subnet]{func(n *Network) *[]*Subnet { return &n.Subnets }, (*Subnet).refs}},
	{Kind: KindRouteTable, IDPrefixes: []string{"rtb"},
		Terraform: []string{"aws_route_table", "aws_default_route_table"}, Native: "route_table", Snapshot: []string{"RouteTables"},
		list: listOf[*RouteTable]{func(n *Network) *[]*RouteTable { return &n.RouteTables }, (*RouteTable).refs}},
	{Kind: KindSecurityGroup, IDPrefixes: []string{"sg"},
		Terraform: []string{"aws_security_group", "aws_default_security_group"}, Native: "security_group", Snapshot: []string{"SecurityGroups"},
		list: listOf[*SecurityGroup]{func(n *Network) *[]*SecurityGroup { return &n.SecurityGroups }, (*SecurityGroup).refs}},
	{Kind: KindNetworkACL, IDPrefixes: []string{"acl"},
		Terraform: []string{"aws_network_acl", "aws_default_network_acl"}, Native: "network_acl", Snapshot: []string{"NetworkAcls"},
		list: listOf[*NetworkACL]{func(n *Network) *[]*NetworkACL { return &n.NetworkACLs }, (*NetworkACL).refs}},
	{Kind: KindInternetGateway, Target: TargetInternetGateway, IDPrefixes: []string{"igw"},
		Terraform: []string{"aws_internet_gateway"}, Native: "internet_gateway", Snapshot: []string{"InternetGateways"},
		list: listOf[*InternetGateway]{func(n *Network) *[]*InternetGateway { return &n.InternetGateways }, (*InternetGateway).refs}},
	{Kind: KindEgressOnlyIGW, Target: TargetEgressOnlyIGW, IDPrefixes: []string{"eigw"},
		Terraform: []string{"aws_egress_only_internet_gateway"}, Native: "egress_only_internet_gateway", Snapshot: []string{"EgressOnlyInternetGateways"},
		list: listOf[*EgressOnlyIGW]{func(n *Network) *[]*EgressOnlyIGW { return &n.EgressOnlyIGWs }, (*EgressOnlyIGW).refs}},
	{Kind: KindNATGateway, Target: TargetNATGateway, IDPrefixes: []string{"nat"},
		Terraform: []string{"aws_nat_gateway"}, Native: "nat_gateway", Snapshot: []string{"NatGateways"},
		list: listOf[*NATGateway]{func(n *Network) *[]*NATGateway { return &n.NATGateways }, (*NATGateway).refs}},
	// An Elastic IP is known by its allocation id.
	{Kind: KindElasticIP, IDPrefixes: []string{"eipalloc"},
		Terraform: []string{"aws_eip"}, Native: "elastic_ip", Snapshot: []string{"Addresses"},
		list: listOf[*ElasticIP]{func(n *Network) *[]*ElasticIP { return &n.ElasticIPs }, (*ElasticIP).refs}},
	{Kind: KindPeering, Target: TargetPeering, IDPrefixes: []string{"pcx"},
		Terraform: []string{"aws_vpc_peering_connection"}, Native: "peering_connection", Snapshot: []string{"VpcPeeringConnections"},
		list: listOf[*Peering]{func(n *Network) *[]*Peering { return &n.Peerings }, (*Peering).refs}},
	{Kind: KindTransitGateway, Target: TargetTransitGateway, IDPrefixes: []string{"tgw"},
		Terraform: []string{"aws_ec2_transit_gateway"}, Native: "transit_gateway", Snapshot: []string{"TransitGateways"},
		list: listOf[*TransitGateway]{func(n *Network) *[]*TransitGateway { return &n.TransitGateways }, (*TransitGateway).refs}},
	{Kind: KindTGWRouteTable, IDPrefixes: []string{"tgw-rtb"},
		Terraform: []string{"aws_ec2_transit_gateway_route_table"}, Native: "transit_gateway_route_table", Snapshot: []string{"TransitGatewayRouteTables"},
		list: listOf[*TGWRouteTable]{func(n *Network) *[]*TGWRouteTable { return &n.TGWRouteTables }, (*TGWRouteTable).refs}},
	{Kind: KindTGWAttachment, IDPrefixes: []string{"tgw-attach"},
		Terraform: []string{"aws_ec2_transit_gateway_vpc_attachment", "aws_ec2_transit_gateway_peering_attachment"},
		Native:    "transit_gateway_attachment",
		Snapshot:  []string{"TransitGatewayAttachments", "TransitGatewayVpcAttachments", "TransitGatewayPeeringAttachments"},
		list:      listOf[*TGWAttachment]{func(n *Network) *[]*TGWAttachment { return &n.TGWAttachments }, (*TGWAttachment).refs}},
	{Kind: KindVPNGateway, Target: TargetVPNGateway, IDPrefixes: []string{"vgw"},
		Terraform: []string{"aws_vpn_gateway"}, Native: "vpn_gateway", Snapshot: []string{"VpnGateways"},
		list: listOf[*VPNGateway]{func(n *Network) *[]*VPNGateway { return &n.VPNGateways }, (*VPNGateway).refs}},
	{Kind: KindCustomerGateway, IDPrefixes: []string{"cgw"},
		Terraform: []string{"aws_customer_gateway"}, Native: "customer_gateway", Snapshot: []string{"CustomerGateways"},
		list: listOf[*CustomerGateway]{func(n *Network) *[]*CustomerGateway { return &n.CustomerGateways }, nil}},
	{Kind: KindVPNConnection, IDPrefixes: []string{"vpn"},
		Terraform: []string{"aws_vpn_connection"}, Native: "vpn_connection", Snapshot: []string{"VpnConnections"},
		list: listOf[*VPNConnection]{func(n *Network) *[]*VPNConnection { return &n.VPNConnections }, (*VPNConnection).refs}},
	{Kind: KindDXGateway,
		Terraform: []string{"aws_dx_gateway"}, Native: "dx_gateway", Snapshot: []string{"directConnectGateways"},
		list: listOf[*DXGateway]{func(n *Network) *[]*DXGateway { return &n.DXGateways }, (*DXGateway).refs}},
	{Kind: KindOnPrem, Native: "on_prem", Words: "on-premises network",
		list: listOf[*OnPrem]{func(n *Network) *[]*OnPrem { return &n.OnPrem }, (*OnPrem).refs}},
	{Kind: KindVPCEndpoint, Target: TargetVPCEndpoint, IDPrefixes: []string{"vpce"},
		Terraform: []string{"aws_vpc_endpoint"}, Native: "vpc_endpoint", Snapshot: []string{"VpcEndpoints"},
		list: listOf[*VPCEndpoint]{func(n *Network) *[]*VPCEndpoint { return &n.Endpoints }, (*VPCEndpoint).refs}},
	{Kind: KindPrefixList, IDPrefixes: []string{"pl"},
		Terraform: []string{"aws_ec2_managed_prefix_list"}, Native: "prefix_list", Snapshot: []string{"PrefixLists", "ManagedPrefixLists"},
		list: listOf[*PrefixList]{func(n *Network) *[]*PrefixList { return &n.PrefixLists }, nil}},
	// describe-instances lists instances by reservation.
	{Kind: KindInstance, Target: TargetInstance, IDPrefixes: []string{"i"},
		Terraform: []string{"aws_instance"}, Native: "instance", Snapshot: []string{"Reservations"},
		list: listOf[*Instance]{func(n *Network) *[]*Instance { return &n.Instances }, (*Instance).refs}},
	{Kind: KindNetworkInterface, Target: TargetNetworkInterface, IDPrefixes: []string{"eni"},
		Terraform: []string{"aws_network_interface"}, Native: "network_interface", Snapshot: []string{"NetworkInterfaces"},
		list: listOf[*NetworkInterface]{func(n *Network) *[]*NetworkInterface { return &n.Interfaces }, (*NetworkInterface).refs}},
	// Elastic Load Balancing objects are known by their ARN (a Classic Load
	// Balancer by its name): no id prefix.
	{Kind: KindLoadBalancer,
		Terraform: []string{"aws_lb", "aws_alb", "aws_elb"}, Native: "load_balancer", Snapshot: []string{"LoadBalancers"},
		list: listOf[*LoadBalancer]{func(n *Network) *[]*LoadBalancer { return &n.LoadBalancers }, (*LoadBalancer).refs}},
	{Kind: KindLBListener,
		Terraform: []string{"aws_lb_listener", "aws_alb_listener"}, Native: "lb_listener", Snapshot: []string{"LoadBalancerListeners", "Listeners"},
		list: listOf[*LBListener]{func(n *Network) *[]*LBListener { return &n.LBListeners }, (*LBListener).refs}},
	{Kind: KindTargetGroup,
		Terraform: []string{"aws_lb_target_group", "aws_alb_target_group"}, Native: "lb_target_group", Snapshot: []string{"TargetGroups"},
		list: listOf[*TargetGroup]{func(n *Network) *[]*TargetGroup { return &n.TargetGroups }, (*TargetGroup).refs}},
	// Network Firewall objects are known by their ARN; a firewall's
	// endpoints are VPC endpoints (vpce-…), the route targets.
	{Kind: KindFirewall, Words: "network firewall",
		Terraform: []string{"aws_networkfirewall_firewall"}, Native: "network_firewall", Snapshot: []string{"Firewalls"},
		list: listOf[*Firewall]{func(n *Network) *[]*Firewall { return &n.Firewalls }, (*Firewall).refs}},
	{Kind: KindFirewallPolicy, Words: "firewall policy",
		Terraform: []string{"aws_networkfirewall_firewall_policy"}, Native: "network_firewall_policy", Snapshot: []string{"FirewallPolicies"},
		list: listOf[*FirewallPolicy]{func(n *Network) *[]*FirewallPolicy { return &n.FirewallPolicies }, (*FirewallPolicy).refs}},
	{Kind: KindFirewallRuleGroup, Words: "firewall rule group",
		Terraform: []string{"aws_networkfirewall_rule_group"}, Native: "network_firewall_rule_group", Snapshot: []string{"RuleGroups"},
		list: listOf[*FirewallRuleGroup]{func(n *Network) *[]*FirewallRuleGroup { return &n.FirewallGroups }, nil}},
}

// Kinds lists every kind in the order inventories print them.
var Kinds = func() []Kind {
	ks := make([]Kind, len(kindTable))
	for i, d := range kindTable {
		ks[i] = d.Kind
	}
	return ks
}()

// The table's lookups, built once from it (checkTable panics at init on a
// table that names a kind, prefix, type or member twice).
var (
	byKind      = map[Kind]*Descriptor{}
	byTarget    = map[TargetKind]*Descriptor{}
	byIDPrefix  = map[string]*Descriptor{}
	byTerraform = map[string]*Descriptor{}
	byNative    = map[string]*Descriptor{}
	bySnapshot  = map[string]*Descriptor{}
)

func init() { checkTable() }

func checkTable() {
	put := func(m map[string]*Descriptor, what, key string, d *Descriptor) {
		if prev, dup := m[key]; dup {
			panic(fmt.Sprintf("model: %s %q is tabled for %s and %s", what, key, prev.Kind, d.Kind))
		}
		m[key] = d
	}
	for _, d := range kindTable {
		if _, dup := byKind[d.Kind]; dup {
			panic(fmt.Sprintf("model: kind %s is tabled twice", d.Kind))
		}
		if k := d.list.kind(); k != d.Kind {
			panic(fmt.Sprintf("model: the descriptor of %s lists objects of kind %s", d.Kind, k))
		}
		byKind[d.Kind] = d
		if d.Target != "" {
			if prev, dup := byTarget[d.Target]; dup {
				panic(fmt.Sprintf("model: route target %s is tabled for %s and %s", d.Target, prev.Kind, d.Kind))
			}
			byTarget[d.Target] = d
		}
		for _, p := range d.IDPrefixes {
			put(byIDPrefix, "id prefix", p, d)
		}
		for _, t := range d.Terraform {
			put(byTerraform, "Terraform type", t, d)
		}
		if d.Native != "" {
			put(byNative, "native block", d.Native, d)
		}
		for _, s := range d.Snapshot {
			put(bySnapshot, "snapshot member", s, d)
		}
	}
}

// DescriptorOf returns the descriptor of kind k.
func DescriptorOf(k Kind) (*Descriptor, bool) {
	d, ok := byKind[k]
	return d, ok
}

// descriptor returns the descriptor of an object's kind; an object whose
// kind is not tabled is a programmer error.
func descriptor(o Object) *Descriptor {
	d, ok := byKind[o.Kind()]
	if !ok {
		panic(fmt.Sprintf("model: object of unknown kind %q", o.Kind()))
	}
	return d
}

// IDPrefix is the prefix AWS gives new ids of kind k (rtb for a route
// table), or "" when its ids have none.
func (k Kind) IDPrefix() string {
	if d, ok := byKind[k]; ok {
		return d.IDPrefix()
	}
	return ""
}

// Words is how messages spell kind k: "route table", "on-premises network".
func (k Kind) Words() string {
	if d, ok := byKind[k]; ok && d.Words != "" {
		return d.Words
	}
	return strings.ReplaceAll(string(k), "_", " ")
}

// RouteTarget is what a VPC route to an object of kind k sends traffic to.
func (k Kind) RouteTarget() (TargetKind, bool) {
	if d, ok := byKind[k]; ok && d.Target != "" {
		return d.Target, true
	}
	return "", false
}

// TargetKindOf maps a route target kind to the object kind it refers to, if any.
func TargetKindOf(t TargetKind) (Kind, bool) {
	if d, ok := byTarget[t]; ok {
		return d.Kind, true
	}
	return "", false
}

// RouteTargetKinds lists the kinds a VPC route may send traffic to, in
// table order.
func RouteTargetKinds() []Kind {
	var ks []Kind
	for _, d := range kindTable {
		if d.Target != "" {
			ks = append(ks, d.Kind)
		}
	}
	return ks
}

// KindOfID tells the kind of an AWS id by its prefix: the longest prefix of
// the table that the id starts with, followed by a dash (tgw-attach-0abc…
// is a transit gateway attachment, tgw-0abc… a transit gateway). An id
// whose prefix names no kind has none: it is never guessed.
func KindOfID(id string) (Kind, bool) {
	for i := strings.LastIndexByte(id, '-'); i > 0; i = strings.LastIndexByte(id[:i], '-') {
		if k, ok := KindOfIDPrefix(id[:i]); ok {
			return k, true
		}
	}
	return "", false
}

// KindOfIDPrefix returns the kind whose AWS ids have prefix p (igw), if any.
func KindOfIDPrefix(p string) (Kind, bool) {
	if d, ok := byIDPrefix[p]; ok {
		return d.Kind, true
	}
	return "", false
}

// RouteTargetOfID tells what a route whose target is written only as an id
// (a gateway id) sends traffic to, by the id's prefix: the route target of
// the kind the prefix names, else TargetUnsupported. An id of no modelled
// kind is not taken for an internet gateway: the answer for traffic it
// receives is then unknown rather than a guess.
func RouteTargetOfID(id string) TargetKind {
	if k, ok := KindOfID(id); ok {
		if t, ok := k.RouteTarget(); ok {
			return t
		}
	}
	return TargetUnsupported
}

// KindOfTerraform returns the kind of the objects a Terraform resource type
// creates, if it creates objects of a kind.
func KindOfTerraform(typ string) (Kind, bool) {
	if d, ok := byTerraform[typ]; ok {
		return d.Kind, true
	}
	return "", false
}

// KindOfNative returns the kind a native block type (or reference root) names.
func KindOfNative(block string) (Kind, bool) {
	if d, ok := byNative[block]; ok {
		return d.Kind, true
	}
	return "", false
}

// objectList is a kind's list in a Network, and the references its objects hold.
type objectList interface {
	kind() Kind
	add(n *Network, o Object)
	objects(n *Network) []Object
	refs(o Object, l refList) refList
}

// listOf is the objectList of the kind whose objects are Ts: field picks
// the Network's list, refs (nil when there are none) lists an object's references.
type listOf[T Object] struct {
	field  func(*Network) *[]T
	refsOf func(T, refList) refList
}

func (l listOf[T]) kind() Kind { var zero T; return zero.Kind() }

func (l listOf[T]) add(n *Network, o Object) {
	s := l.field(n)
	*s = append(*s, o.(T))
}

func (l listOf[T]) objects(n *Network) []Object { return objects(*l.field(n)) }

func (l listOf[T]) refs(o Object, r refList) refList {
	if l.refsOf == nil {
		return r
	}
	return l.refsOf(o.(T), r)
}

func objects[T Object](s []T) []Object {
	out := make([]Object, len(s))
	for i, o := range s {
		out[i] = o
	}
	return out
}
