package analyzer

import (
	"fmt"
	"net/netip"
	"sort"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// Compile builds the data plane of a linked network. It never fails: parts
// of the network that cannot carry traffic (an unresolved reference, a
// detached gateway) become terminals that say why.
func Compile(net *model.Network) *Dataplane {
	c := &compiler{
		d: &Dataplane{
			Net:         net,
			ENIOut:      map[*model.NetworkInterface]NodeID{},
			ENIIn:       map[*model.NetworkInterface]NodeID{},
			Router:      map[*model.Subnet]NodeID{},
			OnPrem:      map[*model.OnPrem]NodeID{},
			Accept:      map[*model.NetworkInterface]NodeID{},
			Service:     map[*model.VPCEndpoint]NodeID{},
			NoHost:      map[*model.Subnet]NodeID{},
			sgFilters:   map[sgKey]*Filter{},
			naclFilters: map[naclKey]*Filter{},
			VPNStatic:   map[NodeID]netip.Prefix{},
			Addrs:       map[*model.NetworkInterface][]netip.Addr{},
			PublicAddr:  map[*model.NetworkInterface]netip.Addr{},
			NATAddr:     map[*model.NATGateway]netip.Addr{},
			NATPublic:   map[*model.NATGateway]netip.Addr{},
			Assumed:     map[netip.Addr]string{},
			Owner:       map[netip.Addr]model.Object{},
			PrefixLists: map[*model.PrefixList][]netip.Prefix{},
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
		gwlbe:        map[*model.NetworkInterface]NodeID{},
	}
	c.assignAddresses()
	c.natsIn = map[*model.Subnet][]*model.NATGateway{}
	for _, g := range net.NATGateways {
		c.natsIn[g.SubnetOf()] = append(c.natsIn[g.SubnetOf()], g)
	}
	// Most objects become a few nodes and edges: size the lists once.
	objects := len(net.Interfaces) + len(net.Subnets) + len(net.NATGateways) + len(net.VPCs)
	c.d.Nodes = make([]Node, 0, 4*objects)
	c.d.Edges = make([]Edge, 0, 6*objects)
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
	for i := range c.d.Nodes {
		if t := c.d.Nodes[i].Table; t != nil {
			t.freeze()
		}
	}
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
	gwlbe                   map[*model.NetworkInterface]NodeID
	natsIn                  map[*model.Subnet][]*model.NATGateway

	// nextPublic and nextPrefixBlock number the placeholder addresses and
	// blocks handed out so far.
	nextPublic, nextPrefixBlock uint32
}

// Placeholder address space. Values unknown before deployment (a public IP
// assigned at launch, the entries of an AWS-managed prefix list) get
// addresses from the IPv4 block reserved for future use, 240.0.0.0/4, which
// no real network or internet host uses; answers name them, never show them bare.
var (
	placeholderPublic = netip.MustParseAddr("240.0.0.0")
	placeholderPL     = netip.MustParseAddr("241.0.0.0")
	// PlaceholderBlock contains every placeholder address.
	PlaceholderBlock = netip.MustParsePrefix("240.0.0.0/4")
)

// assume records an address vpcheck assumes, with its owner and why.
func (c *compiler) assume(a netip.Addr, owner model.Object, why string) {
	c.d.Assumed[a] = why
	c.d.Owner[a] = owner
}

func (c *compiler) newPublic(owner model.Object, why string) netip.Addr {
	c.nextPublic++
	b := placeholderPublic.As4()
	n := c.nextPublic
	a := netip.AddrFrom4([4]byte{b[0], byte(n >> 16), byte(n >> 8), byte(n)})
	c.assume(a, owner, why)
	return a
}

// assignAddresses fixes the private and public addresses of every ENI and
// NAT gateway, assuming addresses (and saying so) where the input leaves
// them to launch time.
func (c *compiler) assignAddresses() {
	used := map[netip.Addr]bool{}
	for _, e := range c.net.Interfaces {
		for _, a := range e.PrivateIPs {
			used[a] = true
		}
	}
	for _, g := range c.net.NATGateways {
		if g.PrivateIP.IsValid() {
			used[g.PrivateIP] = true
		}
	}
	for _, e := range c.net.Interfaces {
		addrs := append(append([]netip.Addr(nil), e.PrivateIPs...), e.IPv6s...)
		if len(e.PrivateIPs) == 0 {
			if s := e.SubnetOf(); s != nil {
				if a, ok := freeAddress(s.CIDR.Prefix, used); ok {
					used[a] = true
					addrs = append([]netip.Addr{a}, addrs...)
					c.assume(a, e, fmt.Sprintf("private IP of %s is assigned at launch; assumed %s in subnet %s", model.Label(e), a, s.Name))
				}
			}
		}
		c.d.Addrs[e] = addrs
		for _, a := range addrs {
			if _, ok := c.d.Owner[a]; !ok {
				c.d.Owner[a] = e
			}
		}
		switch e.PublicIPMode {
		case model.PublicIPKnown:
			c.d.PublicAddr[e] = e.PublicIP
			c.d.Owner[e.PublicIP] = c.d.DisplayOf(e)
		case model.PublicIPUnknown:
			c.d.PublicAddr[e] = c.newPublic(c.d.DisplayOf(e), fmt.Sprintf("public IP of %s, assigned at launch (unknown before deployment)", model.Label(c.d.DisplayOf(e))))
		}
	}
	for _, eip := range c.net.ElasticIPs {
		e := model.Target[*model.NetworkInterface](eip.Interface)
		if e == nil {
			if inst := model.Target[*model.Instance](eip.Instance); inst != nil {
				e = inst.Primary()
			}
		}
		if e == nil {
			continue
		}
		a := eip.PublicIP
		if !a.IsValid() {
			a = c.newPublic(c.d.DisplayOf(e), fmt.Sprintf("Elastic IP %s of %s, allocated on apply (unknown before deployment)", eip.Name, model.Label(c.d.DisplayOf(e))))
		}
		c.d.PublicAddr[e] = a
		c.d.Owner[a] = c.d.DisplayOf(e)
	}
	for _, g := range c.net.NATGateways {
		a := g.PrivateIP
		if !a.IsValid() {
			if ni := model.Target[*model.NetworkInterface](g.Interface); ni != nil && len(ni.PrivateIPs) > 0 {
				a = ni.PrivateIPs[0]
			} else if s := g.SubnetOf(); s != nil {
				if fa, ok := freeAddress(s.CIDR.Prefix, used); ok {
					a = fa
					used[a] = true
					c.assume(a, g, fmt.Sprintf("private IP of %s is assigned on creation; assumed %s in subnet %s", model.Label(g), a, s.Name))
				}
			}
		}
		if a.IsValid() {
			c.d.NATAddr[g] = a
			c.d.Owner[a] = g
		}
		if g.Private {
			continue
		}
		pub := g.PublicIP
		if !pub.IsValid() {
			if eip := model.Target[*model.ElasticIP](g.EIP); eip != nil && eip.PublicIP.IsValid() {
				pub = eip.PublicIP
			} else {
				pub = c.newPublic(g, fmt.Sprintf("Elastic IP of %s, allocated on apply (unknown before deployment)", model.Label(g)))
			}
		}
		c.d.NATPublic[g] = pub
		c.d.Owner[pub] = g
	}
}

// freeAddress picks the highest usable address of an IPv4 subnet that is
// not taken. AWS reserves the first four and the last address of every
// subnet: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
func freeAddress(p netip.Prefix, used map[netip.Addr]bool) (netip.Addr, bool) {
	if !p.IsValid() || !p.Addr().Is4() || p.Bits() > 29 {
		return netip.Addr{}, false
	}
	base := u32(p.Addr())
	size := uint32(1) << (32 - p.Bits())
	for off := size - 2; off >= 4; off-- {
		a := addrFrom32(base + off)
		if !used[a] {
			return a, true
		}
	}
	return netip.Addr{}, false
}

func addrFrom32(x uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)})
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

var (
	allV4   = netip.MustParsePrefix("0.0.0.0/0")
	allV6   = netip.MustParsePrefix("::/0")
	allAddr = []netip.Prefix{allV4, allV6}
)

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
	for _, g := range c.net.NATGateways {
		if g.SubnetOf() == nil {
			continue
		}
		c.natRouted[g] = c.dispatch(NodeNATRouted, g, "nat gateway "+g.Name, FieldDst, Outcome{})
		c.natAddressed[g] = c.dispatch(NodeNATAddressed, g, "nat gateway "+g.Name, FieldDst, Outcome{})
	}
	for _, t := range c.net.RouteTables {
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
			c.route(id, allAddr, c.d.Router[e.SubnetOf()], "inspected by the gateway load balancer behind "+e.Name+" (assumed to pass)", e, e.Range)
		}
	}
	c.fillInternet()
	c.fillHybrid()
}

// fillENI: a sending ENI hands the packet to its subnet's router after its
// security groups' egress rules; a receiving ENI accepts what is addressed
// to it and, when source/destination check is disabled, forwards the rest
// (an appliance): https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html#EIP_Disable_SrcDestCheck
func (c *compiler) fillENI(e *model.NetworkInterface) {
	s := e.SubnetOf()
	router := c.d.Router[s]
	out := c.route(c.d.ENIOut[e], allAddr, router, "sent by "+model.Label(c.displayOf(e)), e, e.Range)
	c.d.Edges[out].Filters = c.sgFilters(e, SGEgress)
	if e.SourceDestCheck {
		c.d.Edges[out].Guards = []Guard{{Src: HostPrefixes(c.d.Addrs[e]), Fail: Outcome{Code: CodeSrcDstCheck, Component: e,
			Message: fmt.Sprintf("%s drops traffic whose source is not its own address: source/destination check is enabled", model.Label(c.displayOf(e))), Range: e.Range}}}
	}
	in := c.d.ENIIn[e]
	c.route(in, HostPrefixes(c.d.Addrs[e]), c.d.Accept[e], "addressed to "+model.Label(c.displayOf(e)), e, e.Range)
	if !e.SourceDestCheck {
		fwd := c.route(in, allAddr, router, "forwarded by "+model.Label(c.displayOf(e))+" (source/destination check disabled)", e, e.Range)
		c.d.Edges[fwd].Filters = c.sgFilters(e, SGEgress)
	}
}

func HostPrefixes(addrs []netip.Addr) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(addrs))
	for _, a := range addrs {
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out
}

// fillDeliver: the local route delivers to the subnet holding the
// destination; leaving the source subnet and entering another passes both
// network ACLs, staying in the subnet passes none:
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
func (c *compiler) fillDeliver(s *model.Subnet) {
	v := s.VPCOf()
	id := c.deliver[s]
	for _, dst := range v.Subnets {
		if _, ok := c.subnet[dst]; !ok {
			continue
		}
		e := c.route(id, SubnetPrefixes(dst), c.subnet[dst], "local route to subnet "+dst.Name, dst, dst.Range)
		c.d.Edges[e].Filters = c.crossing(s, dst)
	}
	c.drop(id, v.Prefixes(), Outcome{Code: CodeNoSubnet, Component: v, Message: fmt.Sprintf("no subnet of vpc %s holds the destination", v.Name), Range: v.Range})
}

func SubnetPrefixes(s *model.Subnet) []netip.Prefix {
	var out []netip.Prefix
	if s.CIDR.Prefix.IsValid() {
		out = append(out, s.CIDR.Prefix)
	}
	if s.IPv6CIDR.Prefix.IsValid() {
		out = append(out, s.IPv6CIDR.Prefix)
	}
	return out
}

// crossing returns the network ACL filters a packet passes going from
// subnet from to subnet to (nil from: arriving from a gateway).
func (c *compiler) crossing(from, to *model.Subnet) []*Filter {
	if from == to {
		return nil
	}
	var fs []*Filter
	if from != nil {
		fs = append(fs, c.naclFilter(from, NACLEgress))
	}
	if to != nil {
		fs = append(fs, c.naclFilter(to, NACLIngress))
	}
	return compact(fs)
}

func compact(fs []*Filter) []*Filter {
	out := fs[:0]
	for _, f := range fs {
		if f != nil {
			out = append(out, f)
		}
	}
	return out
}

func (c *compiler) fillDeliverIn(v *model.VPC) {
	id := c.deliverIn[v]
	for _, dst := range v.Subnets {
		if _, ok := c.subnet[dst]; !ok {
			continue
		}
		e := c.route(id, SubnetPrefixes(dst), c.subnet[dst], "local route to subnet "+dst.Name, dst, dst.Range)
		c.d.Edges[e].Filters = c.crossing(nil, dst)
	}
	c.drop(id, v.Prefixes(), Outcome{Code: CodeNoSubnet, Component: v, Message: fmt.Sprintf("no subnet of vpc %s holds the destination", v.Name), Range: v.Range})
}

// fillSubnet: inside the destination subnet, the packet goes to the ENI or
// NAT gateway owning the address, through the ENI's security groups.
func (c *compiler) fillSubnet(s *model.Subnet) {
	id := c.subnet[s]
	for _, e := range s.Interfaces {
		if in, ok := c.d.ENIIn[e]; ok {
			ed := c.route(id, HostPrefixes(c.d.Addrs[e]), in, "to "+model.Label(c.displayOf(e)), e, e.Range)
			c.d.Edges[ed].Filters = c.sgFilters(e, SGIngress)
		}
	}
	for _, g := range c.natsIn[s] {
		if a, ok := c.d.NATAddr[g]; ok {
			c.route(id, HostPrefixes([]netip.Addr{a}), c.natAddressed[g], "to nat gateway "+g.Name, g, g.Range)
		}
	}
	t := c.terminal(Outcome{Code: CodeNoHost, Component: s, Message: fmt.Sprintf("no host in subnet %s has the destination address", s.Name), Range: s.Range}, false)
	c.d.NoHost[s] = t
	c.route(id, SubnetPrefixes(s), t, string(CodeNoHost), s, s.Range)
}

// rankedRoute is a route with its destination blocks resolved.
type rankedRoute struct {
	route    model.Route
	prefixes []netip.Prefix
}

// fillRouter compiles one route table at a router node. from is the subnet
// whose router this is (nil for a gateway route table); its availability
// zone decides transit gateway hops.
//
// Routes are matched by longest prefix; on equal prefixes static routes win
// over prefix-list routes, which win over propagated ones (Direct Connect,
// then VPN static, then VPN BGP):
// https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
func (c *compiler) fillRouter(id NodeID, from *model.Subnet, t *model.RouteTable) {
	if t == nil {
		return
	}
	routes := make([]rankedRoute, 0, len(t.Routes))
	for _, r := range t.Routes {
		ps := []netip.Prefix{r.Dest}
		if pl := model.Target[*model.PrefixList](r.DestPrefixList); pl != nil {
			ps = c.prefixListBlocks(pl)
		} else if !r.Dest.IsValid() {
			continue
		}
		routes = append(routes, rankedRoute{r, ps})
	}
	sort.SliceStable(routes, func(i, j int) bool { return routes[i].route.Origin < routes[j].route.Origin })
	for _, rr := range routes {
		var fresh []netip.Prefix
		for _, p := range rr.prefixes {
			if !c.d.Nodes[id].Table.Has(p) {
				fresh = append(fresh, p)
			}
		}
		if len(fresh) == 0 {
			continue
		}
		c.routeEdge(id, from, t, rr.route, fresh)
	}
}

func routeVia(t *model.RouteTable, r model.Route) string {
	dest := r.Dest.String()
	if r.DestPrefixList.Set() {
		dest = "prefix list " + r.DestPrefixList.Key
	}
	target := string(r.Target)
	if r.TargetRef.Obj != nil {
		target = model.Label(r.TargetRef.Obj)
	}
	return fmt.Sprintf("route table %s: %s -> %s", t.Name, dest, target)
}

// routeEdge adds the edge for one route at a router node.
func (c *compiler) routeEdge(id NodeID, from *model.Subnet, t *model.RouteTable, r model.Route, prefixes []netip.Prefix) {
	v := t.VPCOf()
	via := routeVia(t, r)
	rng := r.Range
	gone := func(what string) {
		c.drop(id, prefixes, Outcome{Code: CodeBlackhole, Component: t, Message: fmt.Sprintf("route table %s: the route's %s does not exist (blackhole)", t.Name, what), Range: rng})
	}
	add := func(to NodeID, filters []*Filter, guards ...Guard) {
		e := c.route(id, prefixes, to, via, t, rng)
		c.d.Edges[e].Filters = filters
		c.d.Edges[e].Guards = guards
	}
	leave := c.crossing(from, nil)
	switch r.Target {
	case model.TargetLocal:
		if from == nil {
			add(c.deliverIn[v], nil)
		} else {
			add(c.deliver[from], nil)
		}
	case model.TargetInternetGateway:
		g := model.Target[*model.InternetGateway](r.TargetRef)
		if g == nil {
			gone("internet gateway")
			return
		}
		if model.Target[*model.VPC](g.VPC) != v {
			c.drop(id, prefixes, Outcome{Code: CodeIGWDetached, Component: g, Message: fmt.Sprintf("internet gateway %s is not attached to vpc %s", g.Name, v.Name), Range: rng})
			return
		}
		add(c.igwOut[v], leave)
	case model.TargetEgressOnlyIGW:
		g := model.Target[*model.EgressOnlyIGW](r.TargetRef)
		if g == nil || model.Target[*model.VPC](g.VPC) != v {
			gone("egress-only internet gateway")
			return
		}
		add(c.eigwOut[v], leave)
	case model.TargetNATGateway:
		g := model.Target[*model.NATGateway](r.TargetRef)
		if _, ok := c.natRouted[g]; !ok {
			gone("nat gateway")
			return
		}
		add(c.natRouted[g], c.crossing(from, g.SubnetOf()))
	case model.TargetPeering:
		p := model.Target[*model.Peering](r.TargetRef)
		if p == nil || p.Other(v) == nil {
			gone("peering connection")
			return
		}
		add(c.peeringNode(p, v), leave)
	case model.TargetTransitGateway:
		g := model.Target[*model.TransitGateway](r.TargetRef)
		if g == nil {
			gone("transit gateway")
			return
		}
		c.tgwEdge(id, from, t, r, prefixes, g)
	case model.TargetVPNGateway:
		g := model.Target[*model.VPNGateway](r.TargetRef)
		if g == nil {
			gone("vpn gateway")
			return
		}
		if model.Target[*model.VPC](g.VPC) != v {
			c.drop(id, prefixes, Outcome{Code: CodeVGWDetached, Component: g, Message: fmt.Sprintf("vpn gateway %s is not attached to vpc %s", g.Name, v.Name), Range: rng})
			return
		}
		add(c.vgw[g], leave)
	case model.TargetVPCEndpoint:
		ep := model.Target[*model.VPCEndpoint](r.TargetRef)
		if ep == nil {
			gone("vpc endpoint")
			return
		}
		if ep.Type == model.EndpointGateway {
			// Gateway endpoints serve only traffic that originates in their
			// VPC: https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
			add(c.d.Service[ep], leave, Guard{Src: v.Prefixes(), Fail: Outcome{Code: CodeEndpointTransitive, Component: ep,
				Message: fmt.Sprintf("gateway endpoint %s only serves traffic from inside vpc %s", ep.Name, v.Name), Range: ep.Range}})
			return
		}
		eni := c.endpointENI(ep, from)
		if _, ok := c.gwlbe[eni]; !ok {
			gone("endpoint network interface")
			return
		}
		add(c.gwlbe[eni], c.crossing(from, eni.SubnetOf()))
	case model.TargetNetworkInterface, model.TargetInstance:
		eni := model.Target[*model.NetworkInterface](r.TargetRef)
		if inst := model.Target[*model.Instance](r.TargetRef); inst != nil {
			eni = inst.Primary()
		}
		if _, ok := c.d.ENIIn[eni]; !ok {
			gone("network interface")
			return
		}
		add(c.d.ENIIn[eni], append(c.crossing(from, eni.SubnetOf()), c.sgFilters(eni, SGIngress)...))
	case model.TargetBlackhole:
		c.drop(id, prefixes, Outcome{Code: CodeBlackhole, Component: t, Message: fmt.Sprintf("route table %s: %s is a blackhole route (its target no longer exists)", t.Name, routeDest(r)), Range: rng})
	default:
		c.drop(id, prefixes, Outcome{Code: CodeUnsupportedTarget, Component: t, Message: fmt.Sprintf("route table %s: %s goes to a target vpcheck does not model", t.Name, routeDest(r)), Range: rng})
	}
}

func routeDest(r model.Route) string {
	if r.DestPrefixList.Set() {
		return "prefix list " + r.DestPrefixList.Key
	}
	return r.Dest.String()
}

// endpointENI picks the GWLB endpoint ENI serving a subnet: the one in the
// same availability zone, else the first.
func (c *compiler) endpointENI(ep *model.VPCEndpoint, from *model.Subnet) *model.NetworkInterface {
	var first *model.NetworkInterface
	for _, e := range model.Targets[*model.NetworkInterface](ep.Interfaces) {
		if _, ok := c.gwlbe[e]; !ok {
			continue
		}
		if first == nil {
			first = e
		}
		if from != nil && e.SubnetOf() != nil && e.SubnetOf().AZ == from.AZ {
			return e
		}
	}
	return first
}

// prefixListBlocks returns a prefix list's entries; an AWS-managed list
// whose entries the input does not give gets a placeholder block.
func (c *compiler) prefixListBlocks(pl *model.PrefixList) []netip.Prefix {
	d := c.d
	if ps, ok := d.PrefixLists[pl]; ok {
		return ps
	}
	ps := pl.Prefixes()
	if len(ps) == 0 && pl.AWSManaged {
		c.nextPrefixBlock++
		b := placeholderPL.As4()
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{b[0], byte(c.nextPrefixBlock), 0, 0}), 16)
		c.assume(p.Addr(), pl, fmt.Sprintf("addresses of AWS-managed prefix list %s (its entries are AWS's)", pl.Name))
		ps = []netip.Prefix{p}
	}
	d.PrefixLists[pl] = ps
	return ps
}

func (c *compiler) fillIGW(v *model.VPC) {
	out, ok := c.igwOut[v]
	if !ok {
		return
	}
	g := v.InternetGateway
	// One-to-one NAT at the internet gateway: the ENI's private address is
	// exchanged for its public one on the way out and back in:
	// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
	next := c.deliverIn[v]
	for _, t := range c.net.RouteTables {
		for _, r := range t.Gateways {
			if r.Obj == model.Object(g) {
				next = c.gwRouter[t]
			}
		}
	}
	in := c.igwIn[v]
	for _, s := range v.Subnets {
		for _, e := range s.Interfaces {
			pub, ok := c.d.PublicAddr[e]
			priv := firstV4(c.d.Addrs[e])
			if !ok || !priv.IsValid() {
				continue
			}
			eo := c.route(out, HostPrefixes([]netip.Addr{priv}), c.d.Internet, fmt.Sprintf("internet gateway %s: %s -> %s", g.Name, priv, c.display(pub)), g, g.Range)
			c.d.Edges[eo].Xform = Xform{Kind: XformSetSrc, Addr: pub}
			ei := c.route(in, HostPrefixes([]netip.Addr{pub}), next, fmt.Sprintf("internet gateway %s: %s -> %s", g.Name, c.display(pub), priv), g, g.Range)
			c.d.Edges[ei].Xform = Xform{Kind: XformSetDst, Addr: priv}
		}
	}
	for _, n := range v.NATGateways {
		pub, ok := c.d.NATPublic[n]
		priv, ok2 := c.d.NATAddr[n]
		if !ok || !ok2 {
			continue
		}
		eo := c.route(out, HostPrefixes([]netip.Addr{priv}), c.d.Internet, fmt.Sprintf("internet gateway %s: %s -> %s", g.Name, priv, c.display(pub)), g, g.Range)
		c.d.Edges[eo].Xform = Xform{Kind: XformSetSrc, Addr: pub}
		ei := c.route(in, HostPrefixes([]netip.Addr{pub}), next, fmt.Sprintf("internet gateway %s: %s -> %s", g.Name, c.display(pub), priv), g, g.Range)
		c.d.Edges[ei].Xform = Xform{Kind: XformSetDst, Addr: priv}
	}
	// IPv6 addresses are public: no translation.
	for _, b := range v.IPv6CIDRs {
		c.route(out, []netip.Prefix{b.Prefix}, c.d.Internet, "internet gateway "+g.Name+" (IPv6)", g, g.Range)
		c.route(in, []netip.Prefix{b.Prefix}, next, "internet gateway "+g.Name+" (IPv6)", g, g.Range)
	}
}

func firstV4(addrs []netip.Addr) netip.Addr {
	for _, a := range addrs {
		if a.Is4() {
			return a
		}
	}
	return netip.Addr{}
}

// display renders an address, naming placeholders.
func (c *compiler) display(a netip.Addr) string { return c.d.DisplayAddr(a) }

// DisplayAddr renders an address, naming what a placeholder stands for.
func (d *Dataplane) DisplayAddr(a netip.Addr) string {
	if PlaceholderBlock.Contains(a) {
		if o, ok := d.Owner[a]; ok {
			if o.Kind() == model.KindPrefixList {
				return "<" + o.Base().Name + ">"
			}
			return "<public IP of " + model.Label(o) + ">"
		}
	}
	return a.String()
}

// DisplayPrefix renders a block, naming placeholder addresses and blocks.
func (d *Dataplane) DisplayPrefix(p netip.Prefix) string {
	if PlaceholderBlock.Contains(p.Addr()) {
		if p.IsSingleIP() {
			return d.DisplayAddr(p.Addr())
		}
		if o, ok := d.Owner[p.Addr()]; ok && o.Kind() == model.KindPrefixList {
			return "<" + o.Base().Name + ">"
		}
	}
	return p.String()
}

// fillEIGW: an egress-only internet gateway passes IPv6 out and lets only
// replies back in: https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
func (c *compiler) fillEIGW(v *model.VPC) {
	out, ok := c.eigwOut[v]
	if !ok {
		return
	}
	g := v.EgressOnlyIGW
	c.route(out, []netip.Prefix{allV6}, c.d.Internet, "egress-only internet gateway "+g.Name, g, g.Range)
	c.drop(out, []netip.Prefix{allV4}, Outcome{Code: CodeEIGWIPv4, Component: g, Message: fmt.Sprintf("egress-only internet gateway %s carries only IPv6", g.Name), Range: g.Range})
	in := c.eigwIn[v]
	e := c.route(in, []netip.Prefix{allV6}, c.deliverIn[v], "egress-only internet gateway "+g.Name+" (reply)", g, g.Range)
	c.d.Edges[e].Mode = ReplyOnly
	c.d.Edges[e].ModeFail = Outcome{Code: CodeEIGWInbound, Component: g, Message: fmt.Sprintf("egress-only internet gateway %s does not admit connections from the internet", g.Name), Range: g.Range}
}

// fillNAT: a NAT gateway rewrites the source of TCP, UDP and ICMP traffic
// to its own address and a port in 1024–65535, routes it with its subnet's
// table, and lets in only replies:
// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html
func (c *compiler) fillNAT(g *model.NATGateway) {
	s := g.SubnetOf()
	a, ok := c.d.NATAddr[g]
	routed := c.natRouted[g]
	if !ok {
		c.drop(routed, allAddr, Outcome{Code: CodeNoHost, Component: g, Message: fmt.Sprintf("nat gateway %s has no address", g.Name), Range: g.Range})
		return
	}
	e := c.route(routed, []netip.Prefix{allV4}, c.d.Router[s], "nat gateway "+g.Name+": source -> "+a.String(), g, g.Range)
	c.d.Edges[e].Guards = []Guard{{Protocols: []uint8{6, 17, 1}, Fail: Outcome{Code: CodeNATProtocol, Component: g,
		Message: fmt.Sprintf("nat gateway %s translates only TCP, UDP and ICMP", g.Name), Range: g.Range}}}
	c.d.Edges[e].Xform = Xform{Kind: XformSNAT, Addr: a, Ports: model.PortRange{From: 1024, To: 65535}, NAT: g}
	// A reply routed into a NAT gateway it did not come through would be
	// translated as a new connection: the client receives it from the
	// gateway's address and drops it.
	c.d.Edges[e].Mode = ForwardOnly
	c.d.Edges[e].ModeFail = Outcome{Code: CodeAsymmetric, Component: g, Range: g.Range,
		Message: fmt.Sprintf("the reply is routed to nat gateway %s, which the request did not cross: it would be translated and the client would drop it", g.Name)}
	c.drop(routed, []netip.Prefix{allV6}, Outcome{Code: CodeNATIPv6, Component: g, Message: fmt.Sprintf("nat gateway %s does not translate IPv6 (use an egress-only internet gateway)", g.Name), Range: g.Range})
	back := c.route(c.natAddressed[g], allAddr, c.d.Router[s], "nat gateway "+g.Name+": reply to the original client", g, g.Range)
	c.d.Edges[back].Mode = ReplyOnly
	c.d.Edges[back].ModeFail = Outcome{Code: CodeNATInbound, Component: g, Message: fmt.Sprintf("nat gateway %s does not accept connections initiated towards it", g.Name), Range: g.Range}
	c.d.Edges[back].Xform = Xform{Kind: XformUnNAT, NAT: g}
}

// peeringNode returns the node for traffic entering peering p from vpc from.
//
// A peering connection carries traffic only while active, only from
// addresses of the sending VPC (no edge-to-edge routing) and only to
// addresses of the peer (it is not transitive):
// https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
func (c *compiler) peeringNode(p *model.Peering, from *model.VPC) NodeID {
	k := peeringKey{p, from}
	if id, ok := c.peering[k]; ok {
		return id
	}
	to := p.Other(from)
	id := c.dispatch(NodePeering, p, "peering connection "+p.Name, FieldDst, Outcome{})
	c.peering[k] = id
	e := c.route(id, to.Prefixes(), c.deliverIn[to], fmt.Sprintf("peering connection %s: vpc %s -> vpc %s", p.Name, from.Name, to.Name), p, p.Range)
	var guards []Guard
	if p.State != "" && p.State != model.PeeringActive {
		guards = append(guards, Guard{Never: true, Fail: Outcome{Code: CodePeeringInactive, Component: p,
			Message: fmt.Sprintf("peering connection %s is %s, not active", p.Name, p.State), Range: p.Range}})
	}
	guards = append(guards, Guard{Src: from.Prefixes(), Fail: Outcome{Code: CodePeeringEdgeToEdge, Component: p,
		Message: fmt.Sprintf("peering connection %s carries only traffic from vpc %s's own addresses (no edge-to-edge routing)", p.Name, from.Name), Range: p.Range}})
	// A peer's gateway endpoint is not reachable through the peering:
	// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
	for _, ep := range to.Endpoints {
		if pl := model.Target[*model.PrefixList](ep.PrefixList); pl != nil && ep.Type == model.EndpointGateway {
			c.drop(id, c.prefixListBlocks(pl), Outcome{Code: CodeEndpointTransitive, Component: ep, Range: ep.Range,
				Message: fmt.Sprintf("gateway endpoint %s of vpc %s serves only traffic from inside vpc %s, not over peering connection %s", ep.Name, to.Name, to.Name, p.Name)})
		}
	}
	c.drop(id, allAddr, Outcome{Code: CodePeeringTransitive, Component: p,
		Message: fmt.Sprintf("peering connection %s is not transitive: the destination is not in vpc %s", p.Name, to.Name), Range: p.Range})
	c.d.Edges[e].Guards = guards
	return id
}
