package model

// Refs returns pointers to every reference an object holds, so that Link can
// resolve them and rules can walk the graph without a switch of their own.
func Refs(o Object) []*Ref {
	var out []*Ref
	add := func(rs ...*Ref) { out = append(out, rs...) }
	addAll := func(rs []Ref) {
		for i := range rs {
			out = append(out, &rs[i])
		}
	}
	switch o := o.(type) {
	case *VPC:
	case *Subnet:
		add(&o.VPC)
	case *RouteTable:
		add(&o.VPC)
		addAll(o.Subnets)
		addAll(o.Gateways)
		addAll(o.PropagatingVGWs)
		for i := range o.Routes {
			add(&o.Routes[i].DestPrefixList, &o.Routes[i].TargetRef)
		}
	case *SecurityGroup:
		add(&o.VPC)
		for i := range o.Rules {
			add(&o.Rules[i].Peer)
		}
	case *NetworkACL:
		add(&o.VPC)
		addAll(o.Subnets)
	case *InternetGateway:
		add(&o.VPC)
	case *EgressOnlyIGW:
		add(&o.VPC)
	case *NATGateway:
		add(&o.Subnet, &o.EIP, &o.Interface)
	case *ElasticIP:
		add(&o.Interface, &o.Instance)
	case *Peering:
		add(&o.Requester, &o.Accepter)
	case *TransitGateway:
		add(&o.DefaultAssociation, &o.DefaultPropagation)
	case *TGWRouteTable:
		add(&o.TransitGateway)
		for i := range o.Routes {
			add(&o.Routes[i].DestPrefixList, &o.Routes[i].Attachment)
		}
	case *TGWAttachment:
		add(&o.TransitGateway, &o.VPC, &o.VPN, &o.DXGateway, &o.PeerTransitGateway, &o.Association)
		addAll(o.Subnets)
		addAll(o.Propagations)
	case *VPNGateway:
		add(&o.VPC)
	case *CustomerGateway:
	case *VPNConnection:
		add(&o.CustomerGateway, &o.VPNGateway, &o.TransitGateway)
	case *DXGateway:
		addAll(o.Associations)
	case *OnPrem:
		addAll(o.Connections)
	case *VPCEndpoint:
		add(&o.VPC, &o.PrefixList)
		addAll(o.RouteTables)
		addAll(o.Subnets)
		addAll(o.SecurityGroups)
		addAll(o.Interfaces)
	case *PrefixList:
	case *Instance:
		addAll(o.Interfaces)
	case *NetworkInterface:
		add(&o.Subnet, &o.Instance, &o.Owner)
		addAll(o.SecurityGroups)
	}
	return out
}
