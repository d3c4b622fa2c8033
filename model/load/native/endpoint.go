package native

import (
	"fmt"
	"net/netip"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

type endpointBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	VPC               *hcl.Attribute `hcl:"vpc,optional"`
	Type              *hcl.Attribute `hcl:"type,optional"`
	Service           *hcl.Attribute `hcl:"service,optional"`
	RouteTables       *hcl.Attribute `hcl:"route_tables,optional"`
	PrefixList        *hcl.Attribute `hcl:"prefix_list,optional"`
	Subnets           *hcl.Attribute `hcl:"subnets,optional"`
	SecurityGroups    *hcl.Attribute `hcl:"security_groups,optional"`
	PrivateIPs        *hcl.Attribute `hcl:"private_ips,optional"`
	NetworkInterfaces *hcl.Attribute `hcl:"network_interfaces,optional"`
	LoadBalancer      *hcl.Attribute `hcl:"load_balancer,optional"`
	Firewall          *hcl.Attribute `hcl:"firewall,optional"`
}

// endpoint decodes a vpc_endpoint block. The type defaults to Gateway, as in
// the EC2 API (CreateVpcEndpoint, VpcEndpointType). Gateway endpoints take
// route tables; interface and Gateway Load Balancer endpoints take subnets,
// and only interface endpoints take security groups. See
// https://docs.aws.amazon.com/vpc/latest/privatelink/concepts.html
func (d *decoder) endpoint(b *endpointBlock) {
	e := &model.VPCEndpoint{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags), Type: model.EndpointGateway}
	if d.require(b.VPC, "vpc", "vpc_endpoint", b.DefRange) {
		e.VPC = d.ref(b.VPC, model.KindVPC)
	}
	if t, ok := d.oneOf(b.Type, string(model.EndpointGateway), string(model.EndpointInterface), string(model.EndpointGatewayLB), string(model.EndpointFirewall)); ok {
		e.Type = model.EndpointType(t)
	}
	// A firewall endpoint names its firewall, not a service.
	if e.Type != model.EndpointFirewall && d.require(b.Service, "service", "vpc_endpoint", b.DefRange) {
		e.Service, _ = d.str(b.Service)
	}
	gateway := e.Type == model.EndpointGateway
	d.onlyWith(gateway, `to Gateway endpoints`, b.RouteTables, b.PrefixList)
	d.onlyWith(!gateway, `to Interface and GatewayLoadBalancer endpoints`, b.Subnets, b.PrivateIPs, b.NetworkInterfaces)
	d.onlyWith(e.Type == model.EndpointInterface, `to Interface endpoints`, b.SecurityGroups)
	d.onlyWith(e.Type == model.EndpointGatewayLB, `to GatewayLoadBalancer endpoints`, b.LoadBalancer)
	e.LoadBalancer = d.ref(b.LoadBalancer, model.KindLoadBalancer)
	// A Network Firewall endpoint is the firewall's, in one of its subnets.
	d.onlyWith(e.Type == model.EndpointFirewall, `to NetworkFirewall endpoints`, b.Firewall)
	if e.Type == model.EndpointFirewall && d.require(b.Firewall, "firewall", "vpc_endpoint", b.DefRange) {
		e.Firewall = d.ref(b.Firewall, model.KindFirewall)
		e.Service = "network-firewall"
	}
	if gateway {
		e.RouteTables = d.refs(b.RouteTables, model.KindRouteTable)
		e.PrefixList = d.ref(b.PrefixList, model.KindPrefixList)
	} else {
		e.Subnets = d.refs(b.Subnets, model.KindSubnet)
		if e.Type == model.EndpointInterface {
			e.SecurityGroups = d.refs(b.SecurityGroups, model.KindSecurityGroup)
		}
		switch d.exclusive(b.PrivateIPs, b.NetworkInterfaces) {
		case b.NetworkInterfaces:
			e.Interfaces = d.refs(b.NetworkInterfaces, model.KindNetworkInterface)
		case b.PrivateIPs:
			d.endpointInterfaces(e, b.PrivateIPs)
		}
	}
	d.net.Add(e)
}

// endpointInterfaces creates the endpoint's ENIs when the input gives their
// addresses (one per subnet, in order); otherwise Link creates them with
// unknown addresses. They are named as Link names them: endpoint/subnet.
func (d *decoder) endpointInterfaces(e *model.VPCEndpoint, a *hcl.Attribute) {
	ips := d.ips(a, 0)
	if len(ips) != len(e.Subnets) {
		d.fail(a.Expr.Range(), fmt.Sprintf("private_ips has %d addresses for %d subnets", len(ips), len(e.Subnets)),
			"An endpoint has one network interface per subnet; give one address per subnet, in the order of subnets.")
		return
	}
	typ := model.ENIEndpoint
	if e.Type == model.EndpointGatewayLB || e.Type == model.EndpointFirewall {
		typ = model.ENIGWLBEndpoint
	}
	for i, s := range e.Subnets {
		eni := &model.NetworkInterface{
			Meta:            model.Meta{Name: e.Name + "/" + s.Key, Range: e.Range},
			Subnet:          s,
			PrivateIPs:      []netip.Addr{ips[i]},
			SecurityGroups:  append([]model.Ref(nil), e.SecurityGroups...),
			SourceDestCheck: true,
			Type:            typ,
			Owner:           model.Ref{Kind: model.KindVPCEndpoint, Key: e.Name, Range: e.Range, Obj: e},
		}
		d.net.Add(eni)
		e.Interfaces = append(e.Interfaces, model.Ref{Kind: model.KindNetworkInterface, Key: eni.Name, Range: e.Range, Obj: eni})
	}
}

type prefixListBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	Entries    *hcl.Attribute `hcl:"entries,optional"`
	AWSManaged *hcl.Attribute `hcl:"aws_managed,optional"`
	MaxEntries *hcl.Attribute `hcl:"max_entries,optional"`
	Family     *hcl.Attribute `hcl:"family,optional"`
}

// prefixList decodes a prefix_list block. A list holds one address family
// and at most max_entries entries: https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html
func (d *decoder) prefixList(b *prefixListBlock) {
	p := &model.PrefixList{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	p.Entries = d.cidrs(b.Entries)
	p.AWSManaged = d.flag(b.AWSManaged, false)
	if n, ok := d.integer(b.MaxEntries, 1, 1000); ok {
		p.MaxEntries = int(n)
		if len(p.Entries) > p.MaxEntries {
			d.fail(b.Entries.Range, fmt.Sprintf("prefix list %q has %d entries, more than max_entries = %d", p.Name, len(p.Entries), p.MaxEntries), "")
		}
	}
	p.Family = "IPv4"
	if f, ok := d.oneOf(b.Family, "IPv4", "IPv6"); ok {
		p.Family = f
	} else if b.Family == nil && len(p.Entries) > 0 && p.Entries[0].Prefix.Addr().Is6() {
		p.Family = "IPv6"
	}
	for _, e := range p.Entries {
		if e.Prefix.Addr().Is6() != (p.Family == "IPv6") {
			d.fail(e.Range, fmt.Sprintf("prefix list %q is %s; %s is not", p.Name, p.Family, e.Prefix),
				"A prefix list holds one address family; put the other family's blocks in a list of their own.")
		}
	}
	d.net.Add(p)
}
