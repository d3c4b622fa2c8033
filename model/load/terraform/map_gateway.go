package terraform

import (
	"github.com/vpcheck/vpcheck/model"
)

// Internet and egress-only gateways, NAT gateways, Elastic IPs and VPC
// peering connections.

func init() {
	register("aws_internet_gateway", 1, mapInternetGateway)
	register("aws_internet_gateway_attachment", 3, mapInternetGatewayAttachment)
	register("aws_egress_only_internet_gateway", 1, mapEgressOnlyIGW)
	register("aws_eip", 2, mapEIP)
	register("aws_eip_association", 3, mapEIPAssociation)
	register("aws_nat_gateway", 2, mapNATGateway)
	register("aws_vpc_peering_connection", 1, mapPeering)
	register("aws_vpc_peering_connection_accepter", 3, mapPeeringAccepter)
}

func mapInternetGateway(m *mapper, r *resource) {
	rd := m.reader(r)
	m.add(&model.InternetGateway{Meta: m.meta(r), VPC: rd.ref(model.KindVPC, "vpc_id")})
}

func mapInternetGatewayAttachment(m *mapper, r *resource) {
	rd := m.reader(r)
	g := target[*model.InternetGateway](rd, "internet_gateway_id", "internet gateway")
	if g == nil {
		return
	}
	if ref := rd.ref(model.KindVPC, "vpc_id"); ref.Set() {
		g.VPC = ref
	}
}

func mapEgressOnlyIGW(m *mapper, r *resource) {
	rd := m.reader(r)
	m.add(&model.EgressOnlyIGW{Meta: m.meta(r), VPC: rd.ref(model.KindVPC, "vpc_id")})
}

// mapEIP maps an Elastic IP. Its address is allocated on apply (unless it is
// a BYOIP address given in address), so it is usually unknown; an EIP
// associated with an instance or ENI gives that ENI a public address of
// unknown value (see finishPublicIPs).
func mapEIP(m *mapper, r *resource) {
	rd := m.reader(r)
	e := &model.ElasticIP{Meta: m.meta(r), Interface: rd.ref(model.KindNetworkInterface, "network_interface"), Instance: rd.ref(model.KindInstance, "instance")}
	if a, ok := r.value.str("public_ip"); ok {
		if ip, err := model.ParseIP(a); err == nil {
			e.PublicIP = ip
		}
	}
	if a, ok := rd.addr("associate_with_private_ip"); ok {
		e.PrivateIP = a
	}
	m.add(e)
}

func mapEIPAssociation(m *mapper, r *resource) {
	rd := m.reader(r)
	var e *model.ElasticIP
	if rd.set("allocation_id") {
		e = target[*model.ElasticIP](rd, "allocation_id", "elastic IP")
	} else if ip, ok := rd.str("public_ip"); ok {
		for _, x := range m.net.ElasticIPs {
			if x.PublicIP.IsValid() && x.PublicIP.String() == ip {
				e = x
			}
		}
	}
	if e == nil {
		return
	}
	if ref := rd.ref(model.KindNetworkInterface, "network_interface_id"); ref.Set() {
		e.Interface = ref
	}
	if ref := rd.ref(model.KindInstance, "instance_id"); ref.Set() {
		e.Instance = ref
	}
	if a, ok := rd.addr("private_ip_address"); ok {
		e.PrivateIP = a
	}
}

// mapNATGateway maps a NAT gateway: public (the default) with its EIP, or
// private. See https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
func mapNATGateway(m *mapper, r *resource) {
	rd := m.reader(r)
	g := &model.NATGateway{Meta: m.meta(r), Subnet: rd.ref(model.KindSubnet, "subnet_id")}
	if t, ok := rd.str("connectivity_type"); ok && t == "private" {
		g.Private = true
	}
	if !g.Private {
		g.EIP = rd.ref(model.KindElasticIP, "allocation_id")
		if e := lookup[*model.ElasticIP](m, g.EIP.Key); e != nil {
			g.PublicIP = e.PublicIP
		}
	}
	if a, ok := r.value.str("private_ip"); ok {
		if ip, err := model.ParseIP(a); err == nil {
			g.PrivateIP = ip
		}
	}
	if id, ok := r.value.str("network_interface_id"); ok {
		g.Interface = model.Ref{Kind: model.KindNetworkInterface, Key: id, Range: r.rng}
		// The gateway's ENI is not an object of the input; the reference
		// names it for snapshots that list it, so it is dropped here.
		if lookup[*model.NetworkInterface](m, id) == nil {
			g.Interface = model.Ref{}
		}
	}
	m.add(g)
}

// mapPeering maps a peering connection. It carries traffic only once
// accepted: with auto_accept (same account and region), or by an
// aws_vpc_peering_connection_accepter with auto_accept; otherwise it stays
// pending-acceptance. See
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_peering_connection
// and https://docs.aws.amazon.com/vpc/latest/peering/accept-vpc-peering-connection.html
func mapPeering(m *mapper, r *resource) {
	rd := m.reader(r)
	p := &model.Peering{
		Meta:      m.meta(r),
		Requester: rd.ref(model.KindVPC, "vpc_id"),
		Accepter:  rd.ref(model.KindVPC, "peer_vpc_id"),
		State:     model.PeeringPending,
	}
	p.RequesterRegion = r.region
	p.AccepterRegion = r.region
	if s, ok := rd.str("peer_region"); ok && s != "" {
		p.AccepterRegion = s
	}
	if s, ok := r.value.str("peer_owner_id"); ok {
		p.AccepterAccount = s
	}
	if rd.boolean("auto_accept", false) {
		p.State = model.PeeringActive
	}
	if s, ok := r.value.str("accept_status"); ok && s == "active" {
		p.State = model.PeeringActive
	}
	m.add(p)
}

func mapPeeringAccepter(m *mapper, r *resource) {
	rd := m.reader(r)
	p := target[*model.Peering](rd, "vpc_peering_connection_id", "peering connection")
	if p == nil {
		return
	}
	if rd.boolean("auto_accept", false) {
		p.State = model.PeeringActive
	}
}
