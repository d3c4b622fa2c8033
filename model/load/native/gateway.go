package native

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

type internetGatewayBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	VPC *hcl.Attribute `hcl:"vpc,optional"`
}

// internetGateway decodes an internet_gateway block; without vpc it is detached.
func (d *decoder) internetGateway(b *internetGatewayBlock) {
	g := &model.InternetGateway{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	g.VPC = d.ref(b.VPC, model.KindVPC)
	d.net.Add(g)
}

type egressOnlyIGWBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	VPC *hcl.Attribute `hcl:"vpc,optional"`
}

// egressOnlyIGW decodes an egress_only_internet_gateway block: it is created
// in a VPC and cannot be detached.
func (d *decoder) egressOnlyIGW(b *egressOnlyIGWBlock) {
	g := &model.EgressOnlyIGW{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	if d.require(b.VPC, "vpc", "egress_only_internet_gateway", b.DefRange) {
		g.VPC = d.ref(b.VPC, model.KindVPC)
	}
	d.net.Add(g)
}

type natGatewayBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	Subnet           *hcl.Attribute `hcl:"subnet,optional"`
	Connectivity     *hcl.Attribute `hcl:"connectivity,optional"`
	PrivateIP        *hcl.Attribute `hcl:"private_ip,optional"`
	PublicIP         *hcl.Attribute `hcl:"public_ip,optional"`
	ElasticIP        *hcl.Attribute `hcl:"elastic_ip,optional"`
	NetworkInterface *hcl.Attribute `hcl:"network_interface,optional"`
}

// natGateway decodes a nat_gateway block. A private NAT gateway has no
// public address: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
// A missing subnet is reported by Network.Validate.
func (d *decoder) natGateway(b *natGatewayBlock) {
	g := &model.NATGateway{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	g.Subnet = d.ref(b.Subnet, model.KindSubnet)
	if c, ok := d.oneOf(b.Connectivity, "public", "private"); ok {
		g.Private = c == "private"
	}
	d.onlyWith(!g.Private, "to public NAT gateways (connectivity = \"public\")", b.PublicIP, b.ElasticIP)
	g.PrivateIP, _ = d.ipv4(b.PrivateIP)
	if !g.Private {
		g.PublicIP, _ = d.ipv4(b.PublicIP)
		g.EIP = d.ref(b.ElasticIP, model.KindElasticIP)
	}
	g.Interface = d.ref(b.NetworkInterface, model.KindNetworkInterface)
	d.net.Add(g)
}

type elasticIPBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	PublicIP         *hcl.Attribute `hcl:"public_ip,optional"`
	NetworkInterface *hcl.Attribute `hcl:"network_interface,optional"`
	Instance         *hcl.Attribute `hcl:"instance,optional"`
	PrivateIP        *hcl.Attribute `hcl:"private_ip,optional"`
}

func (d *decoder) elasticIP(b *elasticIPBlock) {
	e := &model.ElasticIP{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	e.PublicIP, _ = d.ipv4(b.PublicIP)
	switch d.exclusive(b.NetworkInterface, b.Instance) {
	case b.NetworkInterface:
		e.Interface = d.ref(b.NetworkInterface, model.KindNetworkInterface)
	case b.Instance:
		e.Instance = d.ref(b.Instance, model.KindInstance)
	}
	e.PrivateIP, _ = d.ipv4(b.PrivateIP)
	d.net.Add(e)
}

type peeringBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	Requester        *hcl.Attribute `hcl:"requester,optional"`
	Accepter         *hcl.Attribute `hcl:"accepter,optional"`
	Status           *hcl.Attribute `hcl:"status,optional"`
	RequesterRegion  *hcl.Attribute `hcl:"requester_region,optional"`
	AccepterRegion   *hcl.Attribute `hcl:"accepter_region,optional"`
	RequesterAccount *hcl.Attribute `hcl:"requester_account,optional"`
	AccepterAccount  *hcl.Attribute `hcl:"accepter_account,optional"`
}

// peeringStatuses are the status codes of a VPC peering connection; only
// active carries traffic. See
// https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-lifecycle
var peeringStatuses = []string{
	"active", "pending-acceptance", "initiating-request", "provisioning",
	"rejected", "failed", "expired", "deleting", "deleted",
}

func (d *decoder) peering(b *peeringBlock) {
	p := &model.Peering{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags), State: model.PeeringActive}
	if d.require(b.Requester, "requester", "peering_connection", b.DefRange) {
		p.Requester = external(d.ref(b.Requester, model.KindVPC))
	}
	if d.require(b.Accepter, "accepter", "peering_connection", b.DefRange) {
		p.Accepter = external(d.ref(b.Accepter, model.KindVPC))
	}
	if s, ok := d.oneOf(b.Status, peeringStatuses...); ok {
		p.State = model.PeeringState(s)
	}
	p.RequesterRegion, _ = d.str(b.RequesterRegion)
	p.AccepterRegion, _ = d.str(b.AccepterRegion)
	p.RequesterAccount, _ = d.str(b.RequesterAccount)
	p.AccepterAccount, _ = d.str(b.AccepterAccount)
	d.net.Add(p)
}
