package graph

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
)

// Options tune Build.
type Options struct {
	// MaxInstances is the most instances of one subnet drawn one by one;
	// above it they become one group node with a count. 0 means
	// DefaultMaxInstances.
	MaxInstances int
	// Pinned objects are always drawn as nodes of their own, never in a
	// group (the ends of a drawn path, the focus).
	Pinned []model.Object
}

// DefaultMaxInstances is how many instances of a subnet are drawn one by
// one before they are counted in a group.
const DefaultMaxInstances = 3

// maxRouteLines is how many destinations an edge lists before "+N more".
const maxRouteLines = 4

// Build draws the compiled network d.
func Build(d *dataplane.Dataplane, opt Options) *Graph {
	if opt.MaxInstances <= 0 {
		opt.MaxInstances = DefaultMaxInstances
	}
	b := &builder{g: newGraph(), d: d, net: d.Net, pinned: map[model.Object]bool{}, routes: map[*Edge]int{}}
	for _, o := range opt.Pinned {
		b.pinned[o] = true
	}
	b.opt = opt
	b.build()
	return b.g
}

type builder struct {
	g      *Graph
	d      *dataplane.Dataplane
	net    *model.Network
	opt    Options
	pinned map[model.Object]bool
	// routes counts the destinations listed on each route edge, to cut
	// long lists.
	routes map[*Edge]int
	// attachOf is the attachment node of a (transit gateway, VPC) pair.
	attachOf map[[2]model.Object]string
	internet bool
}

// id is an element ID: the element kind and the object's name (control
// characters escaped, as everywhere else it is shown), unique because
// names are unique per kind once the network is linked.
func id(kind string, o model.Object) string { return kind + ":" + report.Printable(o.Base().Name) }

// name is an object's name as drawn.
func name(o model.Object) string { return report.Printable(o.Base().Name) }

func (b *builder) build() {
	b.attachOf = map[[2]model.Object]string{}
	for _, v := range b.net.VPCs {
		b.internet = b.internet || v.InternetGateway != nil || v.EgressOnlyIGW != nil
	}
	if b.internet {
		// First, so that layouts start from the outside world.
		b.g.addNode(&Node{ID: KindInternet, Kind: KindInternet, Label: []string{"internet"}, Details: []Detail{{"kind", "internet"}}})
	}
	b.vpcs()
	b.transit()
	b.hybrid()
	b.peerings()
	b.routeEdges()
	b.internetEdges()
}

// meta are the details every object has.
func meta(o model.Object, extra ...Detail) []Detail {
	m := o.Base()
	ds := []Detail{{"kind", string(o.Kind())}, {"name", report.Printable(m.Name)}}
	if m.AWSID != "" {
		ds = append(ds, Detail{"aws_id", report.Printable(m.AWSID)})
	}
	if m.TFAddr != "" {
		ds = append(ds, Detail{"terraform", report.Printable(m.TFAddr)})
	}
	if l := report.LocationOf(&m.Range); l != nil {
		ds = append(ds, Detail{"location", report.Printable(l.String())})
	}
	if m.Implicit {
		ds = append(ds, Detail{"implicit", "created by AWS, not in the input"})
	}
	return append(ds, extra...)
}

func blocks(bs []model.Block) string {
	parts := make([]string, len(bs))
	for i, x := range bs {
		parts[i] = x.Prefix.String()
	}
	return strings.Join(parts, ", ")
}

func (b *builder) vpcs() {
	g := b.g
	for _, v := range b.net.VPCs {
		label := []string{"vpc " + name(v)}
		if c := blocks(v.CIDRs); c != "" {
			label = append(label, c)
		}
		extra := []Detail{{"cidr", blocks(v.CIDRs)}}
		if len(v.IPv6CIDRs) > 0 {
			extra = append(extra, Detail{"ipv6_cidr", blocks(v.IPv6CIDRs)})
		}
		if v.Region != "" {
			extra = append(extra, Detail{"region", report.Printable(v.Region)})
		}
		if v.Account != "" {
			extra = append(extra, Detail{"account", report.Printable(v.Account)})
		}
		g.addCluster(&Cluster{ID: id(KindVPC, v), Kind: KindVPC, Label: label, Details: meta(v, extra...), obj: v})
	}
	for _, s := range b.net.Subnets {
		v := s.VPCOf()
		if v == nil {
			continue
		}
		access, egress := b.access(s)
		line := s.CIDR.Prefix.String()
		if s.AZ != "" {
			line += " · " + report.Printable(s.AZ)
		}
		extra := []Detail{{"cidr", s.CIDR.Prefix.String()}}
		if s.IPv6CIDR.Prefix.IsValid() {
			extra = append(extra, Detail{"ipv6_cidr", s.IPv6CIDR.Prefix.String()})
		}
		extra = append(extra, Detail{"zone", report.Printable(s.AZ)}, Detail{"access", access})
		if egress != "" {
			extra = append(extra, Detail{"egress", egress})
		}
		if s.RouteTable != nil {
			extra = append(extra, Detail{"route_table", name(s.RouteTable)})
		}
		if s.NetworkACL != nil {
			extra = append(extra, Detail{"network_acl", name(s.NetworkACL)})
		}
		g.addCluster(&Cluster{ID: id(KindSubnet, s), Kind: KindSubnet, Parent: id(KindVPC, v),
			Label: []string{"subnet " + name(s), line, access}, Details: meta(s, extra...), obj: s})
	}
	for _, v := range b.net.VPCs {
		vid := id(KindVPC, v)
		if gw := v.InternetGateway; gw != nil {
			g.addNode(&Node{ID: id(KindIGW, gw), Kind: KindIGW, Cluster: vid, Label: []string{"igw " + name(gw)}, Details: meta(gw), obj: gw})
		}
		if gw := v.EgressOnlyIGW; gw != nil {
			g.addNode(&Node{ID: id(KindEIGW, gw), Kind: KindEIGW, Cluster: vid, Label: []string{"eigw " + name(gw)}, Details: meta(gw), obj: gw})
		}
		for _, gw := range v.VPNGateways {
			g.addNode(&Node{ID: id(KindVGW, gw), Kind: KindVGW, Cluster: vid, Label: []string{"vgw " + name(gw)}, Details: meta(gw), obj: gw})
		}
		used := map[*model.RouteTable]bool{}
		for _, s := range v.Subnets {
			used[s.RouteTable] = true
		}
		for _, t := range v.RouteTables {
			if t.Implicit && !used[t] && len(t.Gateways) == 0 {
				continue // a main table AWS made and no subnet uses
			}
			label := []string{"rtb " + name(t)}
			if t.Main {
				label = append(label, "main")
			}
			g.addNode(&Node{ID: id(KindRouteTable, t), Kind: KindRouteTable, Cluster: vid, Label: label, Details: meta(t, routeDetails(t)...), obj: t})
		}
		for _, e := range v.Endpoints {
			b.endpoint(v, e)
		}
	}
	for _, n := range b.net.NATGateways {
		s := n.SubnetOf()
		if s == nil || !g.Has(id(KindSubnet, s)) {
			continue
		}
		second := "public"
		if n.Private {
			second = "private"
		}
		extra := []Detail{{"connectivity", second}}
		if a := b.d.NATAddr[n]; a.IsValid() {
			extra = append(extra, Detail{"private_ip", b.d.DisplayAddr(a)})
		}
		if a := b.d.NATPublic[n]; a.IsValid() {
			extra = append(extra, Detail{"public_ip", b.d.DisplayAddr(a)})
		}
		g.addNode(&Node{ID: id(KindNAT, n), Kind: KindNAT, Cluster: id(KindSubnet, s), Label: []string{"nat " + name(n), second}, Details: meta(n, extra...), obj: n})
	}
	b.loadBalancerNodes()
	b.hosts()
	b.listenerEdges()
}

// loadBalancerNodes draws a load balancer as its nodes: one in each enabled
// subnet, where AWS places its network interface
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html).
// The first node stands for the load balancer itself.
func (b *builder) loadBalancerNodes() {
	g := b.g
	for _, lb := range b.net.LoadBalancers {
		scheme := "internet-facing"
		if lb.Internal {
			scheme = "internal"
		}
		var listeners []string
		for _, l := range lb.Listeners {
			listeners = append(listeners, fmt.Sprintf("%s:%d %s", report.Printable(l.Protocol), l.Port, report.Printable(l.Action)))
		}
		extra := []Detail{{"type", string(lb.Type)}, {"scheme", scheme}}
		if len(listeners) > 0 {
			extra = append(extra, Detail{"listeners", strings.Join(listeners, ", ")})
		}
		if lb.DNSName != "" {
			extra = append(extra, Detail{"dns_name", report.Printable(lb.DNSName)})
		}
		first := true
		for _, e := range model.Targets[*model.NetworkInterface](lb.Interfaces) {
			s := e.SubnetOf()
			if s == nil || !g.Has(id(KindSubnet, s)) {
				continue
			}
			nid := id(KindLoadBalancer, lb) + "@" + name(s)
			ds := append(append([]Detail(nil), extra...), Detail{"addresses", b.addrs(e)})
			n := &Node{ID: nid, Kind: KindLoadBalancer, Cluster: id(KindSubnet, s),
				Label: []string{"lb " + name(lb), strings.ToLower(string(lb.Type)) + " " + scheme}, Details: meta(lb, ds...)}
			if first {
				n.obj = lb
				first = false
			}
			g.addNode(n)
			g.nodeOf[e] = nid
			g.elementOf[e] = nid
		}
	}
}

// listenerEdges joins each load balancer node to the targets its
// listeners forward to, labelled with the listener and the target port.
func (b *builder) listenerEdges() {
	g := b.g
	seen := map[[3]string]bool{}
	for _, lb := range b.net.LoadBalancers {
		var froms []string
		for _, e := range model.Targets[*model.NetworkInterface](lb.Interfaces) {
			if nid, ok := g.nodeOf[e]; ok {
				froms = append(froms, nid)
			}
		}
		for _, l := range lb.Listeners {
			for _, tg := range model.Targets[*model.TargetGroup](l.TargetGroups) {
				for i := range tg.Targets {
					t := &tg.Targets[i]
					to := ""
					switch {
					case t.Instance.Obj != nil:
						to = g.nodeOf[t.Instance.Obj]
					case t.LoadBalancer.Obj != nil:
						to = g.nodeOf[t.LoadBalancer.Obj]
					case t.IP.IsValid():
						if o, ok := b.d.Owner[t.IP]; ok {
							to = g.nodeOf[o]
						}
					}
					label := fmt.Sprintf("%s:%d → %d", report.Printable(l.Protocol), l.Port, t.PortIn(tg))
					for _, from := range froms {
						if to == "" || seen[[3]string{from, to, label}] {
							continue
						}
						seen[[3]string{from, to, label}] = true
						g.addEdge(from, to, EdgeListener, label)
					}
				}
			}
		}
	}
}

// routeDetails lists a route table's routes.
func routeDetails(t *model.RouteTable) []Detail {
	var ds []Detail
	if t.Main {
		ds = append(ds, Detail{"main", "true"})
	}
	for _, r := range t.Routes {
		target := string(r.Target)
		if r.TargetRef.Set() {
			target += " " + report.Printable(r.TargetRef.Key)
			if r.TargetRef.Obj != nil {
				target = model.Label(r.TargetRef.Obj)
			}
		}
		line := report.Printable(target)
		if r.Origin != model.OriginStatic {
			line += " (" + r.Origin.String() + ")"
		}
		ds = append(ds, Detail{"route " + report.Printable(r.DestString()), line})
	}
	return ds
}

// endpoint draws a VPC endpoint: in its subnet when it has one, else in
// the VPC.
func (b *builder) endpoint(v *model.VPC, e *model.VPCEndpoint) {
	in := id(KindVPC, v)
	subnets := model.Targets[*model.Subnet](e.Subnets)
	if len(subnets) == 1 && b.g.Has(id(KindSubnet, subnets[0])) {
		in = id(KindSubnet, subnets[0])
	}
	extra := []Detail{{"type", string(e.Type)}}
	if e.Service != "" {
		extra = append(extra, Detail{"service", report.Printable(e.Service)})
	}
	for _, s := range subnets {
		extra = append(extra, Detail{"subnet", name(s)})
	}
	label := []string{"vpce " + name(e), strings.ToLower(string(e.Type))}
	if e.Service != "" {
		svc := e.Service
		if i := strings.LastIndexByte(svc, '.'); i >= 0 {
			svc = svc[i+1:]
		}
		label[1] += " " + report.Printable(svc)
	}
	b.g.addNode(&Node{ID: id(KindEndpoint, e), Kind: KindEndpoint, Cluster: in, Label: label, Details: meta(e, extra...), obj: e})
}

// access says whether a subnet is public, as AWS defines it: "the subnet
// has a direct route to an internet gateway"; VPN-only when it has none
// but routes to a virtual private gateway; else private. It is read from
// the subnet's compiled router, so it is the data plane's routing that
// decides, not the look of the route table. egress names the gateways
// that give a private subnet outbound access (NAT, egress-only IGW).
// https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html
func (b *builder) access(s *model.Subnet) (access, egress string) {
	r, ok := b.d.Router[s]
	if !ok {
		return "private", ""
	}
	var igw, vgw, nat, eigw bool
	for _, e := range b.d.Nodes[r].Table.Entries {
		switch b.d.Nodes[b.d.Edges[e.Edge].To].Kind {
		case dataplane.NodeIGWOut:
			igw = true
		case dataplane.NodeVGW:
			vgw = true
		case dataplane.NodeNATRouted:
			nat = true
		case dataplane.NodeEIGWOut:
			eigw = true
		}
	}
	var out []string
	if nat {
		out = append(out, "nat")
	}
	if eigw {
		out = append(out, "egress-only igw")
	}
	switch {
	case igw:
		return "public", strings.Join(out, ", ")
	case vgw:
		return "vpn-only", strings.Join(out, ", ")
	}
	return "private", strings.Join(out, ", ")
}

// hosts draws the instances and other network interfaces of each subnet:
// one node each up to MaxInstances, else one group node with the count
// (pinned ones still drawn on their own).
func (b *builder) hosts() {
	g := b.g
	type host struct {
		obj model.Object
		eni *model.NetworkInterface
	}
	bySubnet := map[*model.Subnet][]host{}
	var order []*model.Subnet
	add := func(s *model.Subnet, h host) {
		if _, ok := bySubnet[s]; !ok {
			order = append(order, s)
		}
		bySubnet[s] = append(bySubnet[s], h)
	}
	for _, s := range b.net.Subnets {
		if !g.Has(id(KindSubnet, s)) {
			continue
		}
		for _, e := range s.Interfaces {
			switch e.Type {
			case model.ENINATGateway, model.ENIEndpoint, model.ENIGWLBEndpoint, model.ENITGW:
				continue // drawn as their owner
			}
			if _, drawn := g.nodeOf[e]; drawn {
				continue // a load balancer node
			}
			if inst := model.Target[*model.Instance](e.Instance); inst != nil {
				if e.DeviceIndex == 0 {
					add(s, host{inst, e})
				}
				continue
			}
			add(s, host{e, e})
		}
	}
	for _, s := range order {
		hs := bySubnet[s]
		sid := id(KindSubnet, s)
		var grouped []host
		for _, h := range hs {
			if len(hs) <= b.opt.MaxInstances || b.pinned[h.obj] {
				b.hostNode(sid, h.obj, h.eni)
			} else {
				grouped = append(grouped, h)
			}
		}
		if len(grouped) == 0 {
			continue
		}
		gid := KindInstances + ":" + report.Printable(s.Base().Name)
		label := []string{strconv.Itoa(len(grouped)) + " instances"}
		var names []string
		var ds []Detail
		for _, h := range grouped {
			if len(names) < 2 {
				names = append(names, name(h.obj))
			}
			ds = append(ds, Detail{string(h.obj.Kind()) + " " + name(h.obj), b.addrs(h.eni)})
		}
		more := ""
		if len(grouped) > len(names) {
			more = ", …"
		}
		label = append(label, strings.Join(names, ", ")+more)
		n := &Node{ID: gid, Kind: KindInstances, Cluster: sid, Label: label, Count: len(grouped), Details: ds}
		g.addNode(n)
		for _, h := range grouped {
			g.nodeOf[h.obj] = gid
			g.elementOf[h.obj] = gid
			g.nodeOf[h.eni] = gid
			g.elementOf[h.eni] = gid
		}
	}
	// Secondary interfaces of an instance are drawn as the instance.
	for _, e := range b.net.Interfaces {
		if inst := model.Target[*model.Instance](e.Instance); inst != nil {
			if nid, ok := g.nodeOf[inst]; ok {
				if _, ok := g.nodeOf[e]; !ok {
					g.nodeOf[e] = nid
					g.elementOf[e] = nid
				}
			}
		}
		if owner := e.Owner.Obj; owner != nil && e.Type != model.ENILoadBalancer {
			if nid, ok := g.nodeOf[owner]; ok {
				g.nodeOf[e] = nid
				g.elementOf[e] = nid
			}
		}
	}
	for _, n := range b.net.NATGateways {
		if nid, ok := g.nodeOf[n]; ok {
			if e := model.Target[*model.NetworkInterface](n.Interface); e != nil {
				g.nodeOf[e] = nid
				g.elementOf[e] = nid
			}
		}
	}
	for _, e := range b.net.Endpoints {
		if nid, ok := g.nodeOf[e]; ok {
			for _, eni := range model.Targets[*model.NetworkInterface](e.Interfaces) {
				g.nodeOf[eni] = nid
				g.elementOf[eni] = nid
			}
		}
	}
}

// addrs are an ENI's addresses as the data plane takes them.
func (b *builder) addrs(e *model.NetworkInterface) string {
	var parts []string
	for _, a := range b.d.Addrs[e] {
		parts = append(parts, b.d.DisplayAddr(a))
	}
	if a, ok := b.d.PublicAddr[e]; ok && a.IsValid() {
		parts = append(parts, "public "+b.d.DisplayAddr(a))
	}
	return strings.Join(parts, ", ")
}

func (b *builder) hostNode(sid string, o model.Object, e *model.NetworkInterface) {
	kind := KindInstance
	if o.Kind() == model.KindNetworkInterface {
		kind = KindInterface
	}
	label := []string{name(o)}
	if len(b.d.Addrs[e]) > 0 {
		label = append(label, b.d.DisplayAddr(b.d.Addrs[e][0]))
	}
	if !e.SourceDestCheck {
		// It forwards traffic not addressed to it: a firewall or NAT
		// instance, a route target.
		label = append(label, "appliance")
	}
	extra := []Detail{{"addresses", b.addrs(e)}}
	var sgs []string
	for _, sg := range model.Targets[*model.SecurityGroup](e.SecurityGroups) {
		sgs = append(sgs, name(sg))
	}
	if len(sgs) > 0 {
		extra = append(extra, Detail{"security_groups", strings.Join(sgs, ", ")})
	}
	if !e.SourceDestCheck {
		extra = append(extra, Detail{"source_dest_check", "false"})
	}
	n := &Node{ID: id(kind, o), Kind: kind, Cluster: sid, Label: label, Details: meta(o, extra...), obj: o}
	b.g.addNode(n)
	b.g.nodeOf[e] = n.ID
	b.g.elementOf[e] = n.ID
}

// transit draws each transit gateway as a cluster of its route tables and
// attachments, with the attachments' associations and propagations.
func (b *builder) transit() {
	g := b.g
	for _, t := range b.net.TransitGateways {
		label := []string{"tgw " + name(t)}
		var extra []Detail
		if t.ASN != 0 {
			label = append(label, "asn "+strconv.FormatInt(t.ASN, 10))
			extra = append(extra, Detail{"asn", strconv.FormatInt(t.ASN, 10)})
		}
		if t.Region != "" {
			extra = append(extra, Detail{"region", report.Printable(t.Region)})
		}
		g.addCluster(&Cluster{ID: id(KindTGW, t), Kind: KindTGW, Label: label, Details: meta(t, extra...), obj: t})
	}
	for _, rt := range b.net.TGWRouteTables {
		t := model.Target[*model.TransitGateway](rt.TransitGateway)
		if t == nil {
			continue
		}
		var ds []Detail
		for _, r := range rt.Routes {
			v := "blackhole"
			if a := model.Target[*model.TGWAttachment](r.Attachment); a != nil && !r.Blackhole {
				v = "attachment " + name(a)
			}
			if r.Origin != model.OriginStatic {
				v += " (" + r.Origin.String() + ")"
			}
			dest := r.Dest.String()
			if r.DestPrefixList.Set() {
				dest = "prefix list " + report.Printable(r.DestPrefixList.Key)
			}
			ds = append(ds, Detail{"route " + dest, v})
		}
		g.addNode(&Node{ID: id(KindTGWRouteTable, rt), Kind: KindTGWRouteTable, Cluster: id(KindTGW, t),
			Label: []string{"tgw-rtb " + name(rt)}, Details: meta(rt, ds...), obj: rt})
	}
	for _, a := range b.net.TGWAttachments {
		t := model.Target[*model.TransitGateway](a.TransitGateway)
		if t == nil {
			continue
		}
		extra := []Detail{{"type", string(a.Type)}}
		if a.ApplianceMode {
			extra = append(extra, Detail{"appliance_mode", "true"})
		}
		if !a.Available() {
			extra = append(extra, Detail{"state", report.Printable(a.State)})
		}
		for _, s := range model.Targets[*model.Subnet](a.Subnets) {
			extra = append(extra, Detail{"subnet", name(s)})
		}
		aid := id(KindTGWAttachment, a)
		g.addNode(&Node{ID: aid, Kind: KindTGWAttachment, Cluster: id(KindTGW, t),
			Label: []string{"attach " + name(a), string(a.Type)}, Details: meta(a, extra...), obj: a})
		if v := model.Target[*model.VPC](a.VPC); v != nil {
			b.attachOf[[2]model.Object{t, v}] = aid
			g.addEdge(id(KindVPC, v), aid, EdgeAttachment)
		}
		if p := model.Target[*model.TransitGateway](a.PeerTransitGateway); p != nil {
			g.addEdge(aid, id(KindTGW, p), EdgeAttachment)
		}
		if rt := model.Target[*model.TGWRouteTable](a.Association); rt != nil {
			g.addEdge(aid, id(KindTGWRouteTable, rt), EdgeAssociation)
		}
	}
	for _, rt := range b.net.TGWRouteTables {
		from := id(KindTGWRouteTable, rt)
		if !g.Has(from) {
			continue
		}
		for _, r := range rt.Routes {
			a := model.Target[*model.TGWAttachment](r.Attachment)
			if a == nil || r.Blackhole {
				continue
			}
			kind := EdgeRoute
			if r.Origin != model.OriginStatic && r.Origin != model.OriginPrefixList {
				kind = EdgePropagation
			}
			dest := r.Dest.String()
			if r.DestPrefixList.Set() {
				dest = "pl " + report.Printable(r.DestPrefixList.Key)
			}
			b.routeLine(g.addEdge(from, id(KindTGWAttachment, a), kind), dest)
		}
	}
}

// routeLine adds a destination to a route edge, up to maxRouteLines.
func (b *builder) routeLine(e *Edge, dest string) {
	if e == nil {
		return
	}
	// addEdge appended nothing (no label given); count and append here.
	n := b.routes[e]
	b.routes[e] = n + 1
	switch {
	case n < maxRouteLines:
		e.Label = append(e.Label, dest)
	case n == maxRouteLines:
		e.Label = append(e.Label, "+1 more")
	default:
		e.Label[len(e.Label)-1] = fmt.Sprintf("+%d more", n+1-maxRouteLines)
	}
}

// hybrid draws VPN connections, customer gateways, Direct Connect gateways
// and on-premises sites.
func (b *builder) hybrid() {
	g := b.g
	for _, c := range b.net.VPNConnections {
		extra := []Detail{}
		if c.StaticRoutesOnly {
			extra = append(extra, Detail{"routing", "static"})
		} else {
			extra = append(extra, Detail{"routing", "bgp"})
		}
		if len(c.StaticRoutes) > 0 {
			extra = append(extra, Detail{"static_routes", blocks(c.StaticRoutes)})
		}
		if cg := model.Target[*model.CustomerGateway](c.CustomerGateway); cg != nil {
			extra = append(extra, Detail{"customer_gateway", name(cg)})
			if cg.IP.IsValid() {
				extra = append(extra, Detail{"customer_gateway_ip", cg.IP.String()})
			}
		}
		vid := id(KindVPN, c)
		g.addNode(&Node{ID: vid, Kind: KindVPN, Label: []string{"vpn " + name(c)}, Details: meta(c, extra...), obj: c})
		if gw := model.Target[*model.VPNGateway](c.VPNGateway); gw != nil {
			g.addEdge(id(KindVGW, gw), vid, EdgeVPN)
		}
	}
	for _, dx := range b.net.DXGateways {
		extra := []Detail{}
		if dx.ASN != 0 {
			extra = append(extra, Detail{"asn", strconv.FormatInt(dx.ASN, 10)})
		}
		if len(dx.AllowedPrefixes) > 0 {
			extra = append(extra, Detail{"allowed_prefixes", blocks(dx.AllowedPrefixes)})
		}
		g.addNode(&Node{ID: id(KindDXGateway, dx), Kind: KindDXGateway, Label: []string{"dxgw " + name(dx)}, Details: meta(dx, extra...), obj: dx})
		for _, r := range dx.Associations {
			switch o := r.Obj.(type) {
			case *model.VPNGateway:
				g.addEdge(id(KindVGW, o), id(KindDXGateway, dx), EdgeAttachment)
			case *model.TransitGateway:
				g.addEdge(id(KindTGW, o), id(KindDXGateway, dx), EdgeAttachment)
			}
		}
	}
	// Transit gateway attachments of VPNs and Direct Connect gateways.
	for _, a := range b.net.TGWAttachments {
		aid := id(KindTGWAttachment, a)
		if !g.Has(aid) {
			continue
		}
		if c := model.Target[*model.VPNConnection](a.VPN); c != nil {
			g.addEdge(aid, id(KindVPN, c), EdgeVPN)
		}
		if dx := model.Target[*model.DXGateway](a.DXGateway); dx != nil {
			g.addEdge(aid, id(KindDXGateway, dx), EdgeAttachment)
		}
	}
	reached := map[model.Object]bool{}
	for _, o := range b.net.OnPrem {
		oid := id(KindOnPrem, o)
		label := []string{"on-prem " + name(o)}
		if c := blocks(o.CIDRs); c != "" {
			label = append(label, c)
		}
		extra := []Detail{{"cidr", blocks(o.CIDRs)}}
		if len(o.Advertises) > 0 {
			extra = append(extra, Detail{"advertises", blocks(o.Advertises)})
		}
		g.addNode(&Node{ID: oid, Kind: KindOnPrem, Label: label, Details: meta(o, extra...), obj: o})
		for _, r := range o.Connections {
			switch c := r.Obj.(type) {
			case *model.VPNConnection:
				g.addEdge(id(KindVPN, c), oid, EdgeVPN)
				reached[c] = true
			case *model.DXGateway:
				g.addEdge(id(KindDXGateway, c), oid, EdgeAttachment)
			}
		}
	}
	// A VPN connection no described site is behind ends at its customer
	// gateway.
	for _, c := range b.net.VPNConnections {
		cg := model.Target[*model.CustomerGateway](c.CustomerGateway)
		if reached[c] || cg == nil {
			continue
		}
		cid := id(KindCustomerGW, cg)
		if !g.Has(cid) {
			label := []string{"cgw " + name(cg)}
			if cg.IP.IsValid() {
				label = append(label, cg.IP.String())
			}
			g.addNode(&Node{ID: cid, Kind: KindCustomerGW, Label: label, Details: meta(cg), obj: cg})
		}
		g.addEdge(id(KindVPN, c), cid, EdgeVPN)
	}
}

// peerings draws each peering connection between its two VPCs; a VPC the
// input does not describe (another account's) is drawn as a plain node.
func (b *builder) peerings() {
	g := b.g
	for _, p := range b.net.Peerings {
		pid := id(KindPeering, p)
		label := []string{"pcx " + name(p)}
		if p.State != "" && p.State != model.PeeringActive {
			label = append(label, report.Printable(string(p.State)))
		}
		extra := []Detail{{"state", report.Printable(string(p.State))}}
		if p.RequesterRegion != p.AccepterRegion && p.AccepterRegion != "" {
			extra = append(extra, Detail{"regions", report.Printable(p.RequesterRegion + " → " + p.AccepterRegion)})
		}
		g.addNode(&Node{ID: pid, Kind: KindPeering, Label: label, Details: meta(p, extra...), obj: p})
		end := func(r model.Ref) string {
			if v := model.Target[*model.VPC](r); v != nil {
				return id(KindVPC, v)
			}
			if r.Key == "" {
				return ""
			}
			xid := KindExternalVPC + ":" + report.Printable(r.Key)
			if !g.Has(xid) {
				g.addNode(&Node{ID: xid, Kind: KindExternalVPC, Label: []string{"vpc " + report.Printable(r.Key), "not in the input"},
					Details: []Detail{{"kind", "vpc"}, {"name", report.Printable(r.Key)}}})
			}
			return xid
		}
		g.addEdge(end(p.Requester), pid, EdgePeering)
		g.addEdge(pid, end(p.Accepter), EdgePeering)
	}
}

// routeEdges draws subnet → route table associations and route table →
// target routes (the local route is implied by the VPC cluster).
func (b *builder) routeEdges() {
	g := b.g
	for _, s := range b.net.Subnets {
		if t := s.RouteTable; t != nil && g.Has(id(KindSubnet, s)) {
			g.addEdge(id(KindSubnet, s), id(KindRouteTable, t), EdgeAssociation)
		}
	}
	for _, t := range b.net.RouteTables {
		from := id(KindRouteTable, t)
		if !g.Has(from) {
			continue
		}
		for _, gw := range t.Gateways {
			if to := g.nodeOf[gw.Obj]; to != "" {
				g.addEdge(to, from, EdgeIngress)
			}
		}
		for _, r := range t.Routes {
			to := b.routeTarget(t, r)
			if to == "" || g.within(from, to) {
				continue
			}
			dest := b.d.DisplayPrefix(r.Dest)
			if r.DestPrefixList.Set() {
				dest = "pl " + report.Printable(r.DestPrefixList.Key)
			}
			kind := EdgeRoute
			if r.Origin != model.OriginStatic && r.Origin != model.OriginPrefixList {
				kind = EdgePropagation // learned from a VGW (BGP or VPN static routes)
			}
			b.routeLine(g.addEdge(from, to, kind), dest)
		}
	}
}

// routeTarget is the element a route sends to ("" for local, blackhole
// and what is not drawn).
func (b *builder) routeTarget(t *model.RouteTable, r model.Route) string {
	switch r.Target {
	case model.TargetLocal, model.TargetBlackhole, model.TargetUnsupported:
		return ""
	case model.TargetTransitGateway:
		tgw := model.Target[*model.TransitGateway](r.TargetRef)
		if tgw == nil {
			return ""
		}
		if a, ok := b.attachOf[[2]model.Object{tgw, t.VPCOf()}]; ok {
			return a
		}
		return id(KindTGW, tgw)
	}
	if r.TargetRef.Obj == nil {
		return ""
	}
	if n := b.g.nodeOf[r.TargetRef.Obj]; n != "" {
		return n
	}
	return ""
}

// internetEdges joins the gateways to the internet.
func (b *builder) internetEdges() {
	g := b.g
	if !b.internet {
		return
	}
	for _, v := range b.net.VPCs {
		if gw := v.InternetGateway; gw != nil {
			g.addEdge(id(KindIGW, gw), KindInternet, EdgeAttachment)
		}
		if gw := v.EgressOnlyIGW; gw != nil {
			g.addEdge(id(KindEIGW, gw), KindInternet, EdgeAttachment)
		}
	}
}
