package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vpcheck/vpcheck/model"
)

// AWS Network Firewall: aws_networkfirewall_rule_group,
// aws_networkfirewall_firewall_policy and aws_networkfirewall_firewall.
// Ids are ARNs (the provider's id equals arn). A firewall's endpoints are
// known only on apply (firewall_status[0].sync_states[*].attachment[0].
// endpoint_id): one VPC endpoint per subnet_mapping, with a placeholder id,
// and a route whose vpc_endpoint_id refers to the firewall goes to its
// endpoint in the zone of the route table's subnets (routeToFirewall). See
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/networkfirewall_firewall,
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/networkfirewall_firewall_policy
// and https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/networkfirewall_rule_group

func init() {
	register("aws_networkfirewall_rule_group", 0, mapFirewallRuleGroup)
	register("aws_networkfirewall_firewall_policy", 0, mapFirewallPolicy)
	register("aws_networkfirewall_firewall", 2, mapFirewall)
}

func mapFirewallRuleGroup(m *mapper, r *resource) {
	rd := m.reader(r)
	g := &model.FirewallRuleGroup{Meta: m.meta(r)}
	if n, ok := rd.str("name"); ok && n != "" {
		g.Name = n
	}
	t, _ := rd.str("type")
	g.Stateful = strings.EqualFold(t, "STATEFUL")
	for _, rg := range rd.blocks("rule_group") {
		for _, src := range rg.blocks("rules_source") {
			if s, ok := src.str("rules_string"); ok && s != "" || src.set("rules_string") {
				g.Unmodelled = "a Suricata rules string"
			}
			if len(src.blocks("rules_source_list")) > 0 {
				g.Unmodelled = "a domain list"
			}
			for _, sl := range src.blocks("stateless_rules_and_custom_actions") {
				for _, sr := range sl.blocks("stateless_rule") {
					g.Stateless = append(g.Stateless, statelessRule(sr)...)
				}
			}
			for _, sr := range src.blocks("stateful_rule") {
				g.Header = append(g.Header, statefulRule(sr)...)
			}
		}
	}
	if g.Unmodelled == "" && !rd.known("rule_group") {
		g.Unmodelled = "rules known only on apply"
	}
	// Each rule where it is written, so that a verdict names its line:
	// when the configuration's blocks are the rules read (none dynamic).
	if rs := nestedBlocks(r.body, "rule_group", "rules_source", "stateless_rules_and_custom_actions", "stateless_rule"); len(rs) == len(g.Stateless) {
		for i := range g.Stateless {
			g.Stateless[i].Range = rs[i]
		}
	}
	if rs := nestedBlocks(r.body, "rule_group", "rules_source", "stateful_rule"); len(rs) == len(g.Header) {
		for i := range g.Header {
			g.Header[i].Range = rs[i]
		}
	}
	m.add(g)
}

// nestedBlocks are where the blocks at path (block types, outermost first)
// are written in body, in order; nil when body is nil (a plan without
// configuration) or a block on the way is dynamic.
func nestedBlocks(body *hclsyntax.Body, path ...string) []hcl.Range {
	if body == nil {
		return nil
	}
	var out []hcl.Range
	for _, b := range body.Blocks {
		switch {
		case b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == path[0]:
			return nil
		case b.Type != path[0]:
		case len(path) == 1:
			out = append(out, b.DefRange())
		default:
			inner := nestedBlocks(b.Body, path[1:]...)
			if inner == nil && hasDynamic(b.Body, path[1:]) {
				return nil
			}
			out = append(out, inner...)
		}
	}
	return out
}

// hasDynamic reports whether a block along path is written as a dynamic block.
func hasDynamic(body *hclsyntax.Body, path []string) bool {
	for _, b := range body.Blocks {
		if b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == path[0] {
			return true
		}
		if b.Type == path[0] && len(path) > 1 && hasDynamic(b.Body, path[1:]) {
			return true
		}
	}
	return false
}

// statelessRule reads a stateless_rule block.
func statelessRule(sr reader) []model.StatelessRule {
	n, _ := sr.num("priority")
	r := model.StatelessRule{Priority: int(n), Range: sr.at("")}
	for _, def := range sr.blocks("rule_definition") {
		for _, a := range def.strs("actions") {
			if model.StandardStatelessAction(a) {
				r.Action = a
			}
		}
		for _, ma := range def.blocks("match_attributes") {
			for _, p := range ma.blocks("source") {
				r.Sources = append(r.Sources, p.prefixes("address_definition")...)
			}
			for _, p := range ma.blocks("destination") {
				r.Destinations = append(r.Destinations, p.prefixes("address_definition")...)
			}
			for _, p := range ma.blocks("source_port") {
				r.SrcPorts = append(r.SrcPorts, portRange(p))
			}
			for _, p := range ma.blocks("destination_port") {
				r.DstPorts = append(r.DstPorts, portRange(p))
			}
			for _, s := range ma.strs("protocols") {
				var p int
				if _, err := fmt.Sscan(s, &p); err == nil {
					r.Protocols = append(r.Protocols, p)
				}
			}
		}
	}
	return []model.StatelessRule{r}
}

func portRange(p reader) model.PortRange {
	from, _ := p.num("from_port")
	to, ok := p.num("to_port")
	if !ok {
		to = from
	}
	return model.PortRange{From: uint16(from), To: uint16(to)}
}

// statefulRule reads a stateful_rule block (its header).
func statefulRule(sr reader) []model.StatefulRule {
	action, _ := sr.str("action")
	var out []model.StatefulRule
	for _, h := range sr.blocks("header") {
		get := func(name string) string {
			s, _ := h.str(name)
			return s
		}
		out = append(out, model.StatefulHeader(action, get("protocol"), get("source"), get("source_port"),
			get("destination"), get("destination_port"), get("direction"), sr.at("")))
	}
	return out
}

func mapFirewallPolicy(m *mapper, r *resource) {
	rd := m.reader(r)
	p := &model.FirewallPolicy{Meta: m.meta(r), StatelessDefault: model.FWForward}
	if n, ok := rd.str("name"); ok && n != "" {
		p.Name = n
	}
	for _, fp := range rd.blocks("firewall_policy") {
		for _, a := range fp.strs("stateless_default_actions") {
			if model.StandardStatelessAction(a) {
				p.StatelessDefault = a
			}
		}
		for _, g := range fp.blocks("stateless_rule_group_reference") {
			n, _ := g.num("priority")
			p.Stateless = append(p.Stateless, model.FirewallGroupRef{Group: g.ref(model.KindFirewallRuleGroup, "resource_arn"), Priority: int(n)})
		}
		for _, g := range fp.blocks("stateful_rule_group_reference") {
			n, _ := g.num("priority")
			p.Stateful = append(p.Stateful, model.FirewallGroupRef{Group: g.ref(model.KindFirewallRuleGroup, "resource_arn"), Priority: int(n)})
		}
		for _, o := range fp.blocks("stateful_engine_options") {
			if s, _ := o.str("rule_order"); s == "STRICT_ORDER" {
				p.StrictOrder = true
			}
		}
		if p.StrictOrder {
			p.StatefulDefault = fp.strs("stateful_default_actions")
		}
	}
	m.add(p)
}

func mapFirewall(m *mapper, r *resource) {
	rd := m.reader(r)
	f := &model.Firewall{Meta: m.meta(r)}
	f.VPC = rd.ref(model.KindVPC, "vpc_id")
	f.Policy = rd.ref(model.KindFirewallPolicy, "firewall_policy_arn")
	m.add(f)
	if rd.set("transit_gateway_id") {
		// A firewall attached to a transit gateway has no VPC endpoints: the
		// transit gateway sends traffic to its attachment
		// (firewall_status[0].transit_gateway_attachment_sync_states), which
		// vpcheck does not model.
		// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_CreateFirewall.html (TransitGatewayId)
		m.omitted.omit(&m.diags, hcl.DiagWarning, r.addr, rd.at("transit_gateway_id"),
			fmt.Sprintf("%s is attached to a transit gateway (transit_gateway_id): vpcheck does not model a firewall's transit gateway attachment, so traffic the transit gateway sends to it is unknown", r.addr),
			"The firewall's policy and rule groups are read; what crosses its transit gateway attachment is reported as not modelled, never assumed to pass.")
	}
	for _, sm := range rd.blocks("subnet_mapping") {
		ref := sm.ref(model.KindSubnet, "subnet_id")
		if !ref.Set() {
			continue
		}
		zone := ""
		if s := lookup[*model.Subnet](m, ref.Key); s != nil {
			zone = s.AZ
		}
		e := &model.VPCEndpoint{Meta: model.Meta{Name: firewallEndpointName(r.addr, zone, ref.Key), TFAddr: r.addr, Range: sm.at("")},
			VPC: f.VPC, Type: model.EndpointFirewall, Service: "network-firewall",
			Subnets: []model.Ref{ref}, Firewall: model.Ref{Kind: model.KindFirewall, Key: f.AWSID, Range: sm.at(""), Obj: f}}
		// The id firewall_status[0].sync_states gives it (firewallStatus).
		e.AWSID = firewallEndpointID(r.addr, zone, ref.Key)
		m.add(e)
		f.Subnets = append(f.Subnets, ref)
		f.Endpoints = append(f.Endpoints, model.Ref{Kind: model.KindVPCEndpoint, Key: e.AWSID, Range: e.Range, Obj: e})
	}
	name := r.addr[strings.LastIndex(r.addr, r.typ+".")+len(r.typ)+1:]
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	m.firewalls = append(m.firewalls, firewallAt{addr: joinAddr(r.module, r.typ+"."+name), fw: f})
}

// firewallAt is a mapped firewall with its address in its module (without
// instance keys), as routes refer to it.
type firewallAt struct {
	addr string
	fw   *model.Firewall
}

// routeToFirewall reports whether the route's target argument refers to a
// mapped firewall (an endpoint id known only on apply), and if so defers
// choosing its endpoint until the route table's subnets are known: the
// endpoint in their zone. The route is kept unknown, with a warning, when
// the zone cannot be told (no subnet, subnets in several zones, an edge
// association) and the firewall has more than one endpoint.
func (m *mapper) routeToFirewall(rd reader, route *model.Route, attr string) bool {
	if rd.r.body == nil {
		return false
	}
	a, ok := rd.r.body.Attributes[attr]
	if !ok && rd.block != "" {
		for _, b := range rd.r.body.Blocks {
			if b.Type == rd.block {
				if x, ok := b.Body.Attributes[attr]; ok {
					a = x
				}
			}
		}
	}
	if a == nil {
		return false
	}
	if id, ok := rd.str(attr); ok && strings.HasPrefix(id, "vpce-") {
		// The expression evaluated to one of the firewall's endpoints
		// (firewallStatus): the route goes there.
		return false
	}
	fwAddr := ""
	for _, t := range a.Expr.Variables() {
		if t.RootName() != "aws_networkfirewall_firewall" {
			continue
		}
		if n, ok := attrStep(t, 1); ok {
			fwAddr = joinAddr(rd.r.module, "aws_networkfirewall_firewall."+n)
		}
	}
	if fwAddr == "" {
		return false
	}
	// Route tables may be mapped before firewalls: the firewall is looked
	// up once everything is mapped.
	route.Target = model.TargetUnsupported
	// Its value is known only on apply, but what it names is: the
	// resolution (or its own warning) replaces the unknown-value warning.
	names := m.unknowns[rd.r][:0:0]
	for _, n := range m.unknowns[rd.r] {
		if n != rd.qualified(attr) {
			names = append(names, n)
		}
	}
	m.unknowns[rd.r] = names
	if len(m.pendingFW) == 0 {
		m.finish = append(m.finish, m.finishFirewallRoutes)
	}
	m.pendingFW = append(m.pendingFW, pendingFW{owner: rd.r.addr, dest: route.DestString(), at: rd.at(attr), fwAddr: fwAddr, routeRange: route.Range, routeAddr: route.Addr})
	return true
}

type pendingFW struct {
	owner, dest, fwAddr string
	at, routeRange      hcl.Range
	routeAddr           string
}

// finishFirewallRoutes points each deferred route at the firewall
// endpoint in its route table's zone.
func (m *mapper) finishFirewallRoutes() {
	for _, p := range m.pendingFW {
		var fw *model.Firewall
		for _, f := range m.firewalls {
			if f.addr == p.fwAddr {
				fw = f.fw
			}
		}
		if fw == nil {
			m.omitted.omit(&m.diags, hcl.DiagWarning, p.owner, p.at,
				fmt.Sprintf("%s: the route to %s goes to an endpoint of %s, which this configuration does not create: traffic it matches is unknown", p.owner, p.dest, p.fwAddr), "")
			continue
		}
		for _, t := range m.net.RouteTables {
			for i := range t.Routes {
				rt := &t.Routes[i]
				if rt.Range != p.routeRange || rt.Addr != p.routeAddr || rt.DestString() != p.dest {
					continue
				}
				ep, why := m.firewallEndpoint(t, fw)
				if ep == nil {
					m.omitted.omit(&m.diags, hcl.DiagWarning, p.owner, p.at,
						fmt.Sprintf("%s: the route to %s goes to an endpoint of %s, but %s: traffic it matches is unknown", p.owner, p.dest, fw.TFAddr, why),
						"A firewall has one endpoint per zone and the route's zone decides which; vpcheck keeps the route with an unknown target rather than guess.")
					continue
				}
				rt.Target = model.TargetVPCEndpoint
				rt.TargetRef = model.Ref{Kind: model.KindVPCEndpoint, Key: ep.AWSID, Range: p.at, Obj: ep}
			}
		}
	}
}

// firewallEndpoint is the endpoint of fw in the zone of t's subnets.
func (m *mapper) firewallEndpoint(t *model.RouteTable, fw *model.Firewall) (*model.VPCEndpoint, string) {
	eps := model.Targets[*model.VPCEndpoint](fw.Endpoints)
	if len(eps) == 1 {
		return eps[0], ""
	}
	zones := map[string]bool{}
	for _, r := range t.Subnets {
		s := model.Target[*model.Subnet](r)
		if s == nil {
			s = lookup[*model.Subnet](m, r.Key)
		}
		if s != nil && s.AZ != "" {
			zones[s.AZ] = true
		}
	}
	if len(zones) != 1 {
		names := make([]string, 0, len(zones))
		for z := range zones {
			names = append(names, z)
		}
		sort.Strings(names)
		if len(names) == 0 {
			return nil, fmt.Sprintf("route table %s has no subnet whose zone would choose the endpoint", t.Name)
		}
		return nil, fmt.Sprintf("route table %s has subnets in several zones (%s)", t.Name, strings.Join(names, ", "))
	}
	for _, e := range eps {
		for _, r := range e.Subnets {
			s := lookup[*model.Subnet](m, r.Key)
			if s != nil && zones[s.AZ] {
				return e, ""
			}
		}
	}
	return nil, fmt.Sprintf("it has no endpoint in the zone of route table %s", t.Name)
}
