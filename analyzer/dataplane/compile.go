package dataplane

import (
	"fmt"
	"net/netip"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// Compile builds the data plane of a linked network. It never fails: parts
// of the network that cannot carry traffic (an unresolved reference, a
// detached gateway) become terminals that say why.
func Compile(net *model.Network) *Dataplane {
	c := &compiler{
		d: &Dataplane{
			Net:          net,
			ENIOut:       map[*model.NetworkInterface]NodeID{},
			ENIIn:        map[*model.NetworkInterface]NodeID{},
			Router:       map[*model.Subnet]NodeID{},
			OnPrem:       map[*model.OnPrem]NodeID{},
			Accept:       map[*model.NetworkInterface]NodeID{},
			Service:      map[*model.VPCEndpoint]NodeID{},
			NoHost:       map[*model.Subnet]NodeID{},
			sgFilters:    map[sgKey]*Filter{},
			naclFilters:  map[naclKey]*Filter{},
			lbFilters:    map[*model.LoadBalancer]*Filter{},
			fwFilters:    map[*model.FirewallPolicy][]*Filter{},
			VPNStatic:    map[NodeID]netip.Prefix{},
			Addrs:        map[*model.NetworkInterface][]netip.Addr{},
			PublicAddr:   map[*model.NetworkInterface]netip.Addr{},
			NATAddr:      map[*model.NATGateway]netip.Addr{},
			NATPublic:    map[*model.NATGateway]netip.Addr{},
			Hypothetical: map[*model.Subnet]HypotheticalHost{},
			Assumed:      map[netip.Addr]string{},
			Owner:        map[netip.Addr]model.Object{},
			PrefixLists:  map[*model.PrefixList][]netip.Prefix{},
			Services:     map[*model.VPC]Services{},
		},
		net:          net,
		deliver:      map[*model.Subnet]NodeID{},
		subnet:       map[*model.Subnet]NodeID{},
		deliverIn:    map[*model.VPC]NodeID{},
		igwOut:       map[*model.VPC]NodeID{},
		igwIn:        map[*model.VPC]NodeID{},
		eigwOut:      map[*model.VPC]NodeID{},
		eigwIn:       map[*model.VPC]NodeID{},
		natRouted:    map[*model.NATGateway]NodeID{},
		natAddressed: map[*model.NATGateway]NodeID{},
		peering:      map[peeringKey]NodeID{},
		tgwIn:        map[tgwKey]NodeID{},
		tgwTable:     map[tgwTableKey]NodeID{},
		vgw:          map[*model.VPNGateway]NodeID{},
		vpn:          map[*model.VPNConnection]NodeID{},
		dx:           map[*model.DXGateway]NodeID{},
		gwRouter:     map[*model.RouteTable]NodeID{},
		edgeTable:    map[model.Object]*model.RouteTable{},
		gwlbe:        map[*model.NetworkInterface]NodeID{},
		serviceReply: map[*model.VPC]NodeID{},
	}
	c.assignAddresses()
	c.natsIn = map[*model.Subnet][]*model.NATGateway{}
	for _, g := range net.NATGateways {
		c.natsIn[g.SubnetOf()] = append(c.natsIn[g.SubnetOf()], g)
	}
	// Most objects become a few nodes and edges: size the lists once (the
	// generated networks take about 4.2 nodes and 7.1 edges per object; a
	// list that outgrows its size is copied whole, and nodes and edges are
	// some 300 bytes each).
	objects := len(net.Interfaces) + len(net.Subnets) + len(net.NATGateways) + len(net.VPCs)
	// Each sender (ENI, subnet router) also gets a route to the Amazon
	// services, and each subnet one back from them (compile_services.go).
	c.d.Nodes = make([]Node, 0, 5*objects+int(numServices+2)*len(net.VPCs)+1)
	c.d.Edges = make([]Edge, 0, 8*objects+len(net.Interfaces)+2*len(net.Subnets)+int(numServices+2)*len(net.VPCs))
	c.createNodes()
	c.fillNodes()
	// Every subnet's network ACL filters exist, even where no edge crosses
	// them (a VPC of one subnet), for the rules that read them.
	for _, s := range net.Subnets {
		if _, ok := c.d.Router[s]; ok {
			c.naclFilter(s, NACLEgress)
			c.naclFilter(s, NACLIngress)
		}
	}
	var scratch freezeScratch
	for i := range c.d.Nodes {
		if t := c.d.Nodes[i].Table; t != nil {
			t.freeze(&scratch)
		}
	}
	// On the complete graph: whether each GWLB endpoint's appliances can
	// be reached (guards and marks only, no table changes).
	c.judgeGWLBs()
	return c.d
}

type (
	peeringKey struct {
		p    *model.Peering
		from *model.VPC
	}
	tgwKey struct {
		a  *model.TGWAttachment
		az string
	}
	tgwTableKey struct {
		t  *model.TGWRouteTable
		az string
	}
	sgKey struct {
		eni  *model.NetworkInterface
		kind FilterKind
	}
	naclKey struct {
		acl  *model.NetworkACL
		kind FilterKind
	}
)

type compiler struct {
	d   *Dataplane
	net *model.Network

	deliver, subnet         map[*model.Subnet]NodeID
	deliverIn               map[*model.VPC]NodeID
	igwOut, igwIn           map[*model.VPC]NodeID
	eigwOut, eigwIn         map[*model.VPC]NodeID
	natRouted, natAddressed map[*model.NATGateway]NodeID
	peering                 map[peeringKey]NodeID
	tgwIn                   map[tgwKey]NodeID
	tgwTable                map[tgwTableKey]NodeID
	vgw                     map[*model.VPNGateway]NodeID
	vpn                     map[*model.VPNConnection]NodeID
	dx                      map[*model.DXGateway]NodeID
	gwRouter                map[*model.RouteTable]NodeID
	// edgeTable is the route table a gateway is associated with (an edge
	// association; the last one listed), for gatewayIngress.
	edgeTable     map[model.Object]*model.RouteTable
	gwlbe         map[*model.NetworkInterface]NodeID
	gwlbHops      []gwlbHop
	natsIn        map[*model.Subnet][]*model.NATGateway
	serviceReply  map[*model.VPC]NodeID
	linkLocalDrop NodeID

	// nextPublic and nextPrefixBlock number the placeholder addresses and
	// blocks handed out so far.
	nextPublic, nextPrefixBlock uint32
}

func (c *compiler) node(n Node) NodeID {
	c.d.Nodes = append(c.d.Nodes, n)
	return NodeID(len(c.d.Nodes) - 1)
}

func (c *compiler) dispatch(kind NodeKind, comp model.Object, label string, field Field, miss Outcome) NodeID {
	return c.node(Node{Kind: kind, Component: comp, Label: label, Field: field, Table: &Table{}, Miss: miss})
}

// terminal makes an end-of-path node.
func (c *compiler) terminal(o Outcome, delivered bool) NodeID {
	return c.node(Node{Kind: NodeTerminal, Component: o.Component, Label: string(o.Code), Outcome: o, Delivered: delivered, ReplyFrom: -1})
}

// replyFrom records where replies to packets delivered at terminal t start.
func (c *compiler) replyFrom(t, from NodeID) NodeID {
	c.d.Nodes[t].ReplyFrom = from
	return t
}

// edge adds an edge and returns it for further decoration.
func (c *compiler) edge(from, to NodeID, via string, viaObj model.Object, r hcl.Range) EdgeID {
	c.d.Edges = append(c.d.Edges, Edge{From: from, To: to, Via: via, ViaObj: viaObj, Range: r})
	return EdgeID(len(c.d.Edges) - 1)
}

// route adds a table entry at node from for every prefix, through one new edge.
func (c *compiler) route(from NodeID, prefixes []netip.Prefix, to NodeID, via string, viaObj model.Object, r hcl.Range) EdgeID {
	e := c.edge(from, to, via, viaObj, r)
	for _, p := range prefixes {
		c.d.Nodes[from].Table.Add(p, e)
	}
	return e
}

// drop sends the prefixes at node from to a new terminal with outcome o.
func (c *compiler) drop(from NodeID, prefixes []netip.Prefix, o Outcome) {
	c.route(from, prefixes, c.terminal(o, false), string(o.Code), o.Component, o.Range)
}

func (c *compiler) createNodes() {
	d := c.d
	d.Internet = c.dispatch(NodeInternet, nil, "internet", FieldDst, Outcome{})
	for _, v := range c.net.VPCs {
		c.deliverIn[v] = c.dispatch(NodeDeliverIn, v, "vpc "+v.Name, FieldDst,
			Outcome{Code: CodeNoSubnet, Component: v, Message: fmt.Sprintf("no subnet of vpc %s holds the destination", v.Name), Range: v.Range})
		if g := v.InternetGateway; g != nil {
			c.igwOut[v] = c.dispatch(NodeIGWOut, g, "internet gateway "+g.Name, FieldSrc,
				Outcome{Code: CodeIGWNoPublicIP, Component: g, Message: fmt.Sprintf("internet gateway %s drops the packet: its source has no public IP", g.Name), Range: g.Range})
			c.igwIn[v] = c.dispatch(NodeIGWIn, g, "internet gateway "+g.Name, FieldDst,
				Outcome{Code: CodeNoRoute, Component: g, Message: fmt.Sprintf("internet gateway %s has no mapping for the destination", g.Name), Range: g.Range})
		}
		if g := v.EgressOnlyIGW; g != nil {
			c.eigwOut[v] = c.dispatch(NodeEIGWOut, g, "egress-only internet gateway "+g.Name, FieldDst, Outcome{})
			c.eigwIn[v] = c.dispatch(NodeEIGWIn, g, "egress-only internet gateway "+g.Name, FieldDst, Outcome{})
		}
	}
	for _, s := range c.net.Subnets {
		if s.VPCOf() == nil {
			continue
		}
		t := s.RouteTable
		miss := Outcome{Code: CodeNoRoute, Component: s, Message: fmt.Sprintf("subnet %s has no route table", s.Name), Range: s.Range}
		if t != nil {
			miss = Outcome{Code: CodeNoRoute, Component: t, Message: fmt.Sprintf("route table %s has no route for the destination", t.Name), Range: t.Range}
		}
		d.Router[s] = c.dispatch(NodeRouter, s, "subnet "+s.Name, FieldDst, miss)
		c.deliver[s] = c.dispatch(NodeDeliver, s, "subnet "+s.Name, FieldDst,
			Outcome{Code: CodeNoSubnet, Component: s.VPCOf(), Message: fmt.Sprintf("no subnet of vpc %s holds the destination", s.VPCOf().Name), Range: s.VPCOf().Range})
		c.subnet[s] = c.dispatch(NodeDeliver, s, "subnet "+s.Name, FieldDst,
			Outcome{Code: CodeNoHost, Component: s, Message: fmt.Sprintf("no host in subnet %s has the destination address", s.Name), Range: s.Range})
	}
	for _, e := range c.net.Interfaces {
		if e.SubnetOf() == nil || e.Type == model.ENINATGateway {
			continue
		}
		if e.Type == model.ENIGWLBEndpoint {
			c.gwlbe[e] = c.dispatch(NodeGWLBEndpoint, e, "gateway load balancer endpoint "+e.Name, FieldDst, Outcome{})
		}
		d.ENIOut[e] = c.dispatch(NodeENIOut, e, model.Label(c.displayOf(e)), FieldDst, Outcome{})
		d.ENIIn[e] = c.dispatch(NodeENIIn, e, model.Label(c.displayOf(e)), FieldDst,
			Outcome{Code: CodeSrcDstCheck, Component: e, Message: fmt.Sprintf("%s drops traffic not addressed to it: source/destination check is enabled", model.Label(c.displayOf(e))), Range: e.Range})
		d.Accept[e] = c.replyFrom(c.terminal(Outcome{Code: CodeAccepted, Component: c.displayOf(e), Message: "delivered to " + model.Label(c.displayOf(e)), Range: c.displayOf(e).Base().Range}, true), d.ENIOut[e])
	}
	c.createServices()
	for _, g := range c.net.NATGateways {
		if g.SubnetOf() == nil {
			continue
		}
		c.natRouted[g] = c.dispatch(NodeNATRouted, g, "nat gateway "+g.Name, FieldDst, Outcome{})
		c.natAddressed[g] = c.dispatch(NodeNATAddressed, g, "nat gateway "+g.Name, FieldDst, Outcome{})
	}
	for _, t := range c.net.RouteTables {
		for _, r := range t.Gateways {
			c.edgeTable[r.Obj] = t
		}
		if len(t.Gateways) > 0 && t.VPCOf() != nil {
			c.gwRouter[t] = c.dispatch(NodeGatewayRouter, t, "route table "+t.Name, FieldDst,
				Outcome{Code: CodeNoRoute, Component: t, Message: fmt.Sprintf("gateway route table %s has no route for the destination", t.Name), Range: t.Range})
		}
	}
	for _, g := range c.net.VPNGateways {
		c.vgw[g] = c.dispatch(NodeVGW, g, "vpn gateway "+g.Name, FieldDst,
			Outcome{Code: CodeVGWNoRoute, Component: g, Message: fmt.Sprintf("vpn gateway %s has no route for the destination", g.Name), Range: g.Range})
	}
	for _, v := range c.net.VPNConnections {
		c.vpn[v] = c.dispatch(NodeVPN, v, "vpn connection "+v.Name, FieldDst,
			Outcome{Code: CodeOnPremNoRoute, Component: v, Message: fmt.Sprintf("no on-premises network behind vpn connection %s holds the destination", v.Name), Range: v.Range})
	}
	for _, g := range c.net.DXGateways {
		c.dx[g] = c.dispatch(NodeDXGateway, g, "direct connect gateway "+g.Name, FieldDst,
			Outcome{Code: CodeOnPremNoRoute, Component: g, Message: fmt.Sprintf("no on-premises network behind direct connect gateway %s holds the destination", g.Name), Range: g.Range})
	}
	for _, o := range c.net.OnPrem {
		d.OnPrem[o] = c.dispatch(NodeOnPrem, o, "on-prem "+o.Name, FieldDst,
			Outcome{Code: CodeOnPremNoRoute, Component: o, Message: fmt.Sprintf("on-premises network %s has no route for the destination", o.Name), Range: o.Range})
	}
	for _, e := range c.net.Endpoints {
		if e.Type == model.EndpointGateway {
			d.Service[e] = c.terminal(Outcome{Code: CodeExitsNetwork, Component: e,
				Message: fmt.Sprintf("reaches %s through gateway endpoint %s", serviceName(e), e.Name), Range: e.Range}, true)
			// The service's replies come back through the endpoint into
			// the VPC, and are delivered like any arriving traffic.
			if v := model.Target[*model.VPC](e.VPC); v != nil {
				c.replyFrom(d.Service[e], c.deliverIn[v])
			}
		}
	}
}

func serviceName(e *model.VPCEndpoint) string {
	if e.Service != "" {
		return e.Service
	}
	return "the service"
}

func (c *compiler) displayOf(e *model.NetworkInterface) model.Object { return c.d.DisplayOf(e) }

func (c *compiler) fillNodes() {
	for _, e := range c.net.Interfaces {
		if _, ok := c.d.ENIOut[e]; ok {
			c.fillENI(e)
		}
	}
	for _, s := range c.net.Subnets {
		if _, ok := c.d.Router[s]; ok {
			c.fillRouter(c.d.Router[s], s, s.RouteTable)
			c.fillDeliver(s)
			c.fillSubnet(s)
		}
	}
	for t, id := range c.gwRouter {
		c.fillRouter(id, nil, t)
	}
	for _, v := range c.net.VPCs {
		c.fillDeliverIn(v)
		c.fillIGW(v)
		c.fillEIGW(v)
	}
	for _, g := range c.net.NATGateways {
		if _, ok := c.natRouted[g]; ok {
			c.fillNAT(g)
		}
	}
	for _, e := range c.net.Interfaces {
		if id, ok := c.gwlbe[e]; ok {
			if fw := firewallOf(e); fw != nil {
				c.fillFirewall(id, e, fw)
				continue
			}
			c.fillGWLBEndpoint(id, e)
		}
	}
	c.fillInternet()
	c.fillHybrid()
	c.fillServices()
}

// gatewayIngress is where the packets a gateway lets into its VPC go: the
// router of the route table associated with it, or else deliver (the VPC's
// local routing):
// https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
func (c *compiler) gatewayIngress(g model.Object, deliver NodeID) NodeID {
	if t, ok := c.edgeTable[g]; ok {
		if id, ok := c.gwRouter[t]; ok {
			return id
		}
	}
	return deliver
}
