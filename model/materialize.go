package model

import (
	"net/netip"
)

// materialize adds what AWS derives from the input so that engines read one
// uniform data plane whatever the input format: an AWS snapshot already
// lists these (and nothing is added twice), a native or Terraform definition
// only implies them.
func (n *Network) materialize() {
	n.addLocalRoutes()
	n.addEndpointRoutes()
	n.addEndpointInterfaces()
	n.addLoadBalancerInterfaces()
	n.addHybridAttachments()
	n.addVGWPropagatedRoutes()
	n.addTGWPropagatedRoutes()
}

// addLocalRoutes gives every route table a local route for each block of its
// VPC: "every route table contains a local route for communication within
// the VPC", https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html
func (n *Network) addLocalRoutes() {
	for _, t := range n.RouteTables {
		v := t.VPCOf()
		if v == nil {
			continue
		}
		have := map[netip.Prefix]bool{}
		for _, r := range t.Routes {
			if r.Target == TargetLocal {
				have[r.Dest] = true
			}
		}
		for _, b := range append(append([]Block(nil), v.CIDRs...), v.IPv6CIDRs...) {
			if !have[b.Prefix] && b.Prefix.IsValid() {
				t.Routes = append(t.Routes, Route{Dest: b.Prefix, Target: TargetLocal, Origin: OriginStatic, Range: t.Range})
			}
		}
	}
}

// addEndpointRoutes adds, in each route table of a gateway endpoint, the
// route to the service's prefix list that AWS adds when the table is
// associated: https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html#gateway-endpoint-routing
// A service list absent from the input becomes an AWS-managed prefix list
// with unknown entries.
func (n *Network) addEndpointRoutes() {
	for _, e := range n.Endpoints {
		if e.Type != EndpointGateway {
			continue
		}
		if Target[*PrefixList](e.PrefixList) == nil {
			pl := n.servicePrefixList(e)
			e.PrefixList = Ref{Kind: KindPrefixList, Key: pl.Name, Range: e.Range, Obj: pl}
		}
		for _, rr := range e.RouteTables {
			t := Target[*RouteTable](rr)
			if t == nil {
				continue
			}
			exists := false
			for _, r := range t.Routes {
				if r.DestPrefixList.Obj == e.PrefixList.Obj && r.TargetRef.Obj == Object(e) {
					exists = true
				}
			}
			if !exists {
				t.Routes = append(t.Routes, Route{DestPrefixList: e.PrefixList, Target: TargetVPCEndpoint,
					TargetRef: To(e), Origin: OriginPrefixList, Range: rr.Range})
			}
		}
	}
}

func (n *Network) servicePrefixList(e *VPCEndpoint) *PrefixList {
	name := e.Service
	if name == "" {
		name = e.Name + "/prefix-list"
	}
	for _, p := range n.PrefixLists {
		if p.Name == name {
			return p
		}
	}
	p := &PrefixList{Meta: Meta{Name: name, Range: e.Range, Implicit: true}, Family: "IPv4", AWSManaged: true}
	n.addIndexed(p)
	return p
}

// addEndpointInterfaces creates the ENI AWS places in each subnet of an
// interface or Gateway Load Balancer endpoint, when the input does not list
// them: https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
// Their private addresses are assigned by AWS and stay unknown.
func (n *Network) addEndpointInterfaces() {
	for _, e := range n.Endpoints {
		if e.Type == EndpointGateway || len(e.Interfaces) > 0 {
			continue
		}
		typ, sgs := ENIEndpoint, e.SecurityGroups
		if e.Type == EndpointGatewayLB || e.Type == EndpointFirewall {
			// GWLB endpoints take no security groups.
			typ, sgs = ENIGWLBEndpoint, nil
		}
		for _, sr := range e.Subnets {
			s := Target[*Subnet](sr)
			if s == nil {
				continue
			}
			eni := &NetworkInterface{
				Meta:            Meta{Name: e.Name + "/" + s.Name, Range: e.Range, Implicit: true},
				Subnet:          To(s),
				SecurityGroups:  append([]Ref(nil), sgs...),
				SourceDestCheck: true,
				Type:            typ,
				Owner:           To(e),
			}
			n.addIndexed(eni)
			e.Interfaces = append(e.Interfaces, To(eni))
		}
	}
}

// addHybridAttachments creates the transit gateway attachment AWS creates
// with a VPN connection to a transit gateway, or a Direct Connect gateway
// association with one, when the input does not list it; it is associated
// with and propagates to the transit gateway's default route tables:
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html
func (n *Network) addHybridAttachments() {
	has := map[Object]bool{}
	for _, a := range n.TGWAttachments {
		if a.VPN.Obj != nil {
			has[a.VPN.Obj] = true
		}
		if a.DXGateway.Obj != nil {
			has[a.DXGateway.Obj] = true
		}
	}
	add := func(tgw *TransitGateway, typ AttachmentType, name string, m Meta, set func(*TGWAttachment)) {
		a := &TGWAttachment{Meta: Meta{Name: name, Range: m.Range, Implicit: true}, TransitGateway: To(tgw), Type: typ,
			Association: tgw.DefaultAssociation}
		if tgw.DefaultPropagation.Set() {
			a.Propagations = []Ref{tgw.DefaultPropagation}
		}
		set(a)
		n.addIndexed(a)
	}
	for _, c := range n.VPNConnections {
		if tgw := Target[*TransitGateway](c.TransitGateway); tgw != nil && !has[c] {
			add(tgw, AttachVPN, c.Name+"/attachment", c.Meta, func(a *TGWAttachment) { a.VPN = To(c) })
		}
	}
	for _, g := range n.DXGateways {
		for _, r := range g.Associations {
			if tgw := Target[*TransitGateway](r); tgw != nil && !has[g] {
				add(tgw, AttachDXGateway, g.Name+"/"+tgw.Name, g.Meta, func(a *TGWAttachment) { a.DXGateway = To(g) })
			}
		}
	}
}

// Learned is a prefix a gateway learns from outside AWS and the origin that
// decides its preference.
type Learned struct {
	Prefix netip.Prefix
	Origin RouteOrigin
}

// LearnedVPN returns the prefixes a VPN connection brings: its static routes
// when it is static-only, else what the on-premises sites behind it announce
// over BGP.
func (n *Network) LearnedVPN(c *VPNConnection) []Learned {
	var out []Learned
	if c.StaticRoutesOnly {
		for _, b := range c.StaticRoutes {
			out = append(out, Learned{b.Prefix, OriginPropagatedVPNStatic})
		}
		return out
	}
	for _, o := range n.OnPrem {
		for _, r := range o.Connections {
			if r.Obj == Object(c) {
				for _, b := range o.Announced() {
					out = append(out, Learned{b.Prefix, OriginPropagatedVPNBGP})
				}
			}
		}
	}
	return out
}

// LearnedDX returns the prefixes on-premises sites announce over a Direct Connect gateway.
func (n *Network) LearnedDX(g *DXGateway) []Learned {
	var out []Learned
	for _, o := range n.OnPrem {
		for _, r := range o.Connections {
			if r.Obj == Object(g) {
				for _, b := range o.Announced() {
					out = append(out, Learned{b.Prefix, OriginPropagatedDX})
				}
			}
		}
	}
	return out
}

// addVGWPropagatedRoutes adds to each route table with propagation enabled
// the routes its virtual private gateways learn:
// https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html#vpn-route-table
func (n *Network) addVGWPropagatedRoutes() {
	for _, t := range n.RouteTables {
		for _, gr := range t.PropagatingVGWs {
			g := Target[*VPNGateway](gr)
			if g == nil {
				continue
			}
			var learned []Learned
			for _, c := range n.VPNConnections {
				if c.VPNGateway.Obj == Object(g) {
					learned = append(learned, n.LearnedVPN(c)...)
				}
			}
			for _, dx := range n.DXGateways {
				for _, r := range dx.Associations {
					if r.Obj == Object(g) {
						learned = append(learned, n.LearnedDX(dx)...)
					}
				}
			}
			for _, l := range learned {
				if !hasRoute(t.Routes, l.Prefix, g) {
					t.Routes = append(t.Routes, Route{Dest: l.Prefix, Target: TargetVPNGateway, TargetRef: To(g), Origin: l.Origin, Range: gr.Range})
				}
			}
		}
	}
}

func hasRoute(routes []Route, dest netip.Prefix, target Object) bool {
	for _, r := range routes {
		if r.Dest == dest && r.TargetRef.Obj == target {
			return true
		}
	}
	return false
}

// addTGWPropagatedRoutes adds to each transit gateway route table the routes
// of the attachments propagating to it: a VPC attachment its VPC's blocks, a
// VPN or Direct Connect gateway attachment what it learns. Peering
// attachments do not propagate. https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
func (n *Network) addTGWPropagatedRoutes() {
	// have holds, per table, the routes it already has by destination and
	// attachment, so that a table fed by thousands of attachments is not
	// scanned once per propagated prefix.
	type routeKey struct {
		dest       netip.Prefix
		attachment Object
	}
	have := map[*TGWRouteTable]map[routeKey]bool{}
	routesOf := func(t *TGWRouteTable) map[routeKey]bool {
		m, ok := have[t]
		if !ok {
			m = make(map[routeKey]bool, len(t.Routes))
			for _, r := range t.Routes {
				m[routeKey{r.Dest, r.Attachment.Obj}] = true
			}
			have[t] = m
		}
		return m
	}
	for _, a := range n.TGWAttachments {
		var learned []Learned
		switch a.Type {
		case AttachVPC:
			if v := Target[*VPC](a.VPC); v != nil {
				for _, p := range v.Prefixes() {
					learned = append(learned, Learned{p, OriginPropagatedVPC})
				}
			}
		case AttachVPN:
			if c := Target[*VPNConnection](a.VPN); c != nil {
				learned = n.LearnedVPN(c)
			}
		case AttachDXGateway:
			if g := Target[*DXGateway](a.DXGateway); g != nil {
				learned = n.LearnedDX(g)
			}
		}
		for _, pr := range a.Propagations {
			t := Target[*TGWRouteTable](pr)
			if t == nil {
				continue
			}
			routes := routesOf(t)
			for _, l := range learned {
				if k := (routeKey{l.Prefix, a}); !routes[k] {
					routes[k] = true
					t.Routes = append(t.Routes, TGWRoute{Dest: l.Prefix, Attachment: To(a), Origin: l.Origin, Range: pr.Range})
				}
			}
		}
	}
}
