package awsjson

import (
	"github.com/vpcheck/vpcheck/model"
)

// attachedVPC returns a reference to the VPC a gateway is attached to. An
// attached internet gateway reports its attachment state as "available" (the
// API's documented value) and other gateways "attached"; attaching,
// detaching and detached carry no traffic. See
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InternetGatewayAttachment.html
func attachedVPC(n node) model.Ref {
	for _, a := range n.objects("Attachments") {
		switch a.str("State") {
		case "available", "attached", "":
			return a.ref(model.KindVPC, "VpcId")
		}
	}
	return model.Ref{}
}

func (l *loader) indexInternetGateway(n node) {
	l.note(model.KindInternetGateway, n.str("InternetGatewayId"), "")
}

func (l *loader) buildInternetGateway(n node) {
	g := &model.InternetGateway{Meta: n.meta("InternetGatewayId"), VPC: attachedVPC(n)}
	l.add(g, n, "InternetGatewayId")
}

func (l *loader) indexEgressOnlyIGW(n node) {
	l.note(model.KindEgressOnlyIGW, n.str("EgressOnlyInternetGatewayId"), "")
}

func (l *loader) buildEgressOnlyIGW(n node) {
	g := &model.EgressOnlyIGW{Meta: n.meta("EgressOnlyInternetGatewayId"), VPC: attachedVPC(n)}
	l.add(g, n, "EgressOnlyInternetGatewayId")
}

// elasticIPID is the id an Elastic IP is known by: its allocation id, or its
// address for the EC2-Classic ones that have none.
func elasticIPID(n node) string {
	if id := n.str("AllocationId"); id != "" {
		return id
	}
	return n.str("PublicIp")
}

func (l *loader) indexAddress(n node) {
	l.note(model.KindElasticIP, elasticIPID(n), "")
}

// buildAddress reads describe-addresses. The ENI's own description already
// carries the public address it maps to; the Elastic IP adds which private
// address (the primary or a secondary one) it is associated with.
func (l *loader) buildAddress(n node) {
	id := elasticIPID(n)
	meta := n.meta("AllocationId")
	meta.AWSID = id
	if n.str("AllocationId") == "" {
		meta.Range = n.rangeOf("PublicIp")
	}
	e := &model.ElasticIP{
		Meta:      meta,
		PublicIP:  n.ip("PublicIp"),
		Interface: n.presentRef(model.KindNetworkInterface, "NetworkInterfaceId"),
		Instance:  n.presentRef(model.KindInstance, "InstanceId"),
		PrivateIP: n.ip("PrivateIpAddress"),
	}
	l.add(e, n, "AllocationId")
}

// NAT gateways that failed or were deleted no longer exist; pending,
// available and deleting ones are loaded. A pending gateway is about to carry
// traffic and a deleting one "may still be processing traffic", and a
// snapshot is analysed for what the network is configured to do. See
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NatGateway.html
func (l *loader) indexNATGateway(n node) {
	l.note(model.KindNATGateway, n.str("NatGatewayId"), n.str("State"), "failed", "deleted")
	for _, a := range n.objects("NatGatewayAddresses") {
		if id := a.str("NetworkInterfaceId"); id != "" {
			l.eniOwners[id] = n.str("NatGatewayId")
		}
	}
}

// buildNATGateway reads describe-nat-gateways. A gateway may have several
// addresses; the primary one (IsPrimary, else the first) is the gateway's
// own. See https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
func (l *loader) buildNATGateway(n node) {
	if l.isGone(n.str("NatGatewayId")) {
		return
	}
	g := &model.NATGateway{
		Meta:    n.meta("NatGatewayId"),
		Subnet:  n.ref(model.KindSubnet, "SubnetId"),
		Private: n.str("ConnectivityType") == "private",
	}
	addrs := n.objects("NatGatewayAddresses")
	var primary node
	for i, a := range addrs {
		if i == 0 || a.boolean("IsPrimary", false) {
			primary = a
		}
		if a.boolean("IsPrimary", false) {
			break
		}
	}
	if primary.v != nil {
		g.PrivateIP = primary.ip("PrivateIp")
		g.PublicIP = primary.ip("PublicIp")
		g.EIP = primary.presentRef(model.KindElasticIP, "AllocationId")
		g.Interface = primary.presentRef(model.KindNetworkInterface, "NetworkInterfaceId")
	}
	l.add(g, n, "NatGatewayId")
}

// Peering connections that were deleted, rejected, failed or expired no
// longer exist (AWS keeps listing them for a while); routes to them are
// blackholes. See https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-lifecycle
func (l *loader) indexPeering(n node) {
	l.note(model.KindPeering, n.str("VpcPeeringConnectionId"), n.state("Status"), "deleted", "rejected", "failed", "expired")
}

// buildPeering reads describe-vpc-peering-connections. The VPC on the far
// side belongs to another account or region when the snapshot does not hold
// it; that reference is External, so that it resolves when the other
// account's snapshot is loaded too and is left open otherwise.
func (l *loader) buildPeering(n node) {
	if l.isGone(n.str("VpcPeeringConnectionId")) {
		return
	}
	p := &model.Peering{Meta: n.meta("VpcPeeringConnectionId"), State: model.PeeringState(n.state("Status"))}
	side := func(key string) (model.Ref, string, string) {
		info, ok := n.object(key)
		if !ok {
			return model.Ref{}, "", ""
		}
		r := info.ref(model.KindVPC, "VpcId")
		r.External = r.Key != "" && !l.has(model.KindVPC, r.Key)
		return r, info.str("Region"), info.str("OwnerId")
	}
	p.Requester, p.RequesterRegion, p.RequesterAccount = side("RequesterVpcInfo")
	p.Accepter, p.AccepterRegion, p.AccepterAccount = side("AccepterVpcInfo")
	l.add(p, n, "VpcPeeringConnectionId")
}
