package terraform

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// Elastic Load Balancing: aws_lb (aws_alb) with its listeners, target
// groups and target group attachments, and the Classic Load Balancer
// aws_elb with its inline listeners and instances. A load balancer's id is
// its ARN (the provider's arn attribute equals its id). Defaults follow the
// provider: load_balancer_type application, internal false, an NLB's
// enable_cross_zone_load_balancing false (an ALB always balances across
// zones), aws_elb's cross_zone_load_balancing true, a target group's
// target_type instance. See
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb,
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_target_group
// and https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elb

func init() {
	register("aws_lb_target_group", 1, mapTargetGroup)
	register("aws_alb_target_group", 1, mapTargetGroup)
	register("aws_lb", 2, mapLoadBalancer)
	register("aws_alb", 2, mapLoadBalancer)
	register("aws_elb", 2, mapClassicLB)
	register("aws_lb_listener", 3, mapListener)
	register("aws_alb_listener", 3, mapListener)
	register("aws_lb_target_group_attachment", 3, mapTargetAttachment)
	register("aws_alb_target_group_attachment", 3, mapTargetAttachment)
	register("aws_vpc_endpoint_service", 3, mapEndpointService)
}

// mapEndpointService ties the Gateway Load Balancer endpoints of a
// service to its Gateway Load Balancer. A service of Network Load
// Balancers (PrivateLink to an interface endpoint) is not followed: traffic
// to such endpoints ends at their interfaces, and the service says so.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_endpoint_service
func mapEndpointService(m *mapper, r *resource) {
	rd := m.reader(r)
	name, _ := rd.str("service_name")
	gwlbs := rd.strs("gateway_load_balancer_arns")
	if len(rd.strs("network_load_balancer_arns")) > 0 {
		m.omitted.omit(&m.diags, hcl.DiagWarning, r.addr, r.rng,
			r.addr+": endpoint service of network load balancers not modelled: traffic from its consumers' endpoints to its load balancers is unknown", "")
	}
	if name == "" || len(gwlbs) == 0 {
		return
	}
	for _, e := range m.net.Endpoints {
		if e.Type == model.EndpointGatewayLB && e.Service == name && !e.LoadBalancer.Set() {
			e.LoadBalancer = m.refTo(model.KindLoadBalancer, gwlbs[0], rd.at("gateway_load_balancer_arns"))
		}
	}
}

func mapLoadBalancer(m *mapper, r *resource) {
	rd := m.reader(r)
	b := &model.LoadBalancer{Meta: m.meta(r), Type: model.LBApplication, IPAddressType: "ipv4"}
	if t, ok := rd.str("load_balancer_type"); ok && t != "" {
		b.Type = model.LBType(t)
	}
	if n, ok := rd.str("name"); ok && n != "" {
		b.Name = n
	}
	b.Internal = rd.boolean("internal", false)
	if t, ok := rd.str("ip_address_type"); ok && t != "" {
		b.IPAddressType = t
	}
	b.Subnets = rd.refs(model.KindSubnet, "subnets")
	b.NodeIPs = make([]netip.Addr, len(b.Subnets))
	b.NodePublicIPs = make([]netip.Addr, len(b.Subnets))
	for _, sm := range rd.blocks("subnet_mapping") {
		ref := sm.ref(model.KindSubnet, "subnet_id")
		if !ref.Set() || hasRef(b.Subnets, ref.Key) {
			continue
		}
		b.Subnets = append(b.Subnets, ref)
		ip, _ := sm.addr("private_ipv4_address")
		b.NodeIPs = append(b.NodeIPs, ip)
		var pub netip.Addr
		if id, ok := sm.str("allocation_id"); ok && id != "" {
			if eip := lookup[*model.ElasticIP](m, id); eip != nil {
				pub = eip.PublicIP
			}
		}
		b.NodePublicIPs = append(b.NodePublicIPs, pub)
	}
	b.SecurityGroups = rd.refs(model.KindSecurityGroup, "security_groups")
	b.CrossZone = b.Type == model.LBApplication || rd.boolean("enable_cross_zone_load_balancing", false)
	b.VPC = m.lbVPC(b.Subnets)
	m.add(b)
}

// lbVPC is the VPC of a load balancer's subnets.
func (m *mapper) lbVPC(subnets []model.Ref) model.Ref {
	if len(subnets) == 0 {
		return model.Ref{}
	}
	if v := m.vpcOfSubnet(subnets[0].Key); v != "" {
		return model.Ref{Kind: model.KindVPC, Key: v, Range: subnets[0].Range}
	}
	return model.Ref{}
}

func hasRef(rs []model.Ref, key string) bool {
	for _, r := range rs {
		if r.Key == key {
			return true
		}
	}
	return false
}

// mapClassicLB maps a Classic Load Balancer: each listener block becomes a
// listener forwarding to an implicit instance target group on its
// instance_port, holding the load balancer's instances.
func mapClassicLB(m *mapper, r *resource) {
	rd := m.reader(r)
	b := &model.LoadBalancer{Meta: m.meta(r), Type: model.LBClassic, IPAddressType: "ipv4"}
	if n, ok := rd.str("name"); ok && n != "" {
		b.Name = n
	}
	b.Internal = rd.boolean("internal", false)
	b.Subnets = rd.refs(model.KindSubnet, "subnets")
	b.SecurityGroups = rd.refs(model.KindSecurityGroup, "security_groups")
	b.CrossZone = rd.boolean("cross_zone_load_balancing", true)
	b.VPC = m.lbVPC(b.Subnets)
	m.add(b)
	instances := rd.refs(model.KindInstance, "instances")
	for _, lb := range rd.blocks("listener") {
		port, _ := lb.num("lb_port")
		iport, _ := lb.num("instance_port")
		proto, _ := lb.str("lb_protocol")
		iproto, _ := lb.str("instance_protocol")
		at := lb.at("")
		g := &model.TargetGroup{Meta: model.Meta{Name: b.Name + "/" + strconv.Itoa(int(iport)), Range: at, Implicit: true},
			VPC: b.VPC, TargetType: model.TargetTypeInstance, Protocol: strings.ToUpper(iproto), Port: uint16(iport)}
		for _, inst := range instances {
			g.Targets = append(g.Targets, model.LBTarget{Instance: inst, Range: inst.Range})
		}
		m.add(g)
		l := &model.LBListener{Meta: model.Meta{Name: b.Name + "/" + strconv.Itoa(int(port)), Range: at, Implicit: true},
			LoadBalancer: model.To(b), Protocol: strings.ToUpper(proto), Port: uint16(port), Action: model.ActionForward,
			TargetGroups: []model.Ref{model.To(g)}}
		m.add(l)
	}
}

func mapTargetGroup(m *mapper, r *resource) {
	rd := m.reader(r)
	g := &model.TargetGroup{Meta: m.meta(r), VPC: rd.ref(model.KindVPC, "vpc_id"), TargetType: model.TargetTypeInstance}
	if n, ok := rd.str("name"); ok && n != "" {
		g.Name = n
	}
	if t, ok := rd.str("target_type"); ok && t != "" {
		g.TargetType = t
	}
	if p, ok := rd.str("protocol"); ok {
		g.Protocol = strings.ToUpper(p)
	}
	if n, ok := rd.num("port"); ok {
		g.Port = uint16(n)
	}
	if s, ok := rd.str("preserve_client_ip"); ok && s != "" {
		v := s == "true"
		g.PreserveClientIP = &v
	}
	for _, hc := range rd.blocks("health_check") {
		if p, ok := hc.str("port"); ok && p != "" && p != "traffic-port" {
			if n, err := strconv.ParseUint(p, 10, 16); err == nil {
				g.HealthCheckPort = uint16(n)
			}
		}
	}
	m.add(g)
}

func mapListener(m *mapper, r *resource) {
	rd := m.reader(r)
	b := target[*model.LoadBalancer](rd, "load_balancer_arn", "load balancer")
	if b == nil {
		return
	}
	l := &model.LBListener{Meta: m.meta(r), LoadBalancer: model.To(b)}
	if p, ok := rd.str("protocol"); ok {
		l.Protocol = strings.ToUpper(p)
	}
	if l.Protocol == "" {
		l.Protocol = "HTTP"
		if b.Type == model.LBNetwork {
			l.Protocol = "TCP"
		}
	}
	if n, ok := rd.num("port"); ok {
		l.Port = uint16(n)
	}
	for _, a := range rd.blocks("default_action") {
		t, _ := a.str("type")
		if l.Action != "" {
			break
		}
		// Authentication actions come before the action that decides.
		if strings.HasPrefix(t, "authenticate-") {
			continue
		}
		l.Action = t
		if t != model.ActionForward {
			continue
		}
		if ref := a.ref(model.KindTargetGroup, "target_group_arn"); ref.Set() {
			l.TargetGroups = append(l.TargetGroups, ref)
		}
		for _, f := range a.blocks("forward") {
			for _, tg := range f.blocks("target_group") {
				if ref := tg.ref(model.KindTargetGroup, "arn"); ref.Set() && !hasRef(l.TargetGroups, ref.Key) {
					l.TargetGroups = append(l.TargetGroups, ref)
				}
			}
		}
	}
	m.add(l)
}

func mapTargetAttachment(m *mapper, r *resource) {
	rd := m.reader(r)
	g := target[*model.TargetGroup](rd, "target_group_arn", "target group")
	if g == nil {
		return
	}
	t := model.LBTarget{Range: r.rng}
	if n, ok := rd.num("port"); ok {
		t.Port = uint16(n)
	}
	if z, ok := rd.str("availability_zone"); ok {
		t.Zone = z
	}
	id, ok := rd.str("target_id")
	if !ok || id == "" {
		// A target not known before apply (an address read by a data
		// source) is left out, and the group says some targets are unknown.
		g.UnknownTargets++
		m.omitted.omit(&m.diags, hcl.DiagWarning, r.addr, r.rng, r.addr+": the target is not known before apply: traffic from the load balancer to it is unknown", "")
		return
	}
	switch g.TargetType {
	case model.TargetTypeIP:
		a, ok := rd.parseAddr("target_id", id)
		if !ok {
			return
		}
		t.IP = a
	case model.TargetTypeALB:
		t.LoadBalancer = m.refTo(model.KindLoadBalancer, id, rd.at("target_id"))
	case model.TargetTypeInstance:
		t.Instance = m.refTo(model.KindInstance, id, rd.at("target_id"))
	default:
		m.omitted.omit(&m.diags, hcl.DiagWarning, r.addr, r.rng, r.addr+": "+g.TargetType+" target not modelled: traffic to it is unknown", "")
		return
	}
	g.Targets = append(g.Targets, t)
}
