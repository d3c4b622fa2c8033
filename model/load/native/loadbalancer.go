package native

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

type loadBalancerBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	Type              *hcl.Attribute `hcl:"type,optional"`
	Internal          *hcl.Attribute `hcl:"internal,optional"`
	Subnets           *hcl.Attribute `hcl:"subnets,optional"`
	SecurityGroups    *hcl.Attribute `hcl:"security_groups,optional"`
	CrossZone         *hcl.Attribute `hcl:"cross_zone,optional"`
	DNSName           *hcl.Attribute `hcl:"dns_name,optional"`
	NetworkInterfaces *hcl.Attribute `hcl:"network_interfaces,optional"`
}

// loadBalancer decodes a load_balancer block: an Application (the
// default, as in the ELB API's CreateLoadBalancer), Network or Classic Load
// Balancer with a node in each subnet. Cross-zone load balancing defaults
// to AWS's default for the type (model.DefaultCrossZone); an Application
// Load Balancer always balances across zones. See
// https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
func (d *decoder) loadBalancer(b *loadBalancerBlock) {
	lb := &model.LoadBalancer{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags), Type: model.LBApplication, IPAddressType: "ipv4"}
	if t, ok := d.oneOf(b.Type, string(model.LBApplication), string(model.LBNetwork), string(model.LBClassic), string(model.LBGateway)); ok {
		lb.Type = model.LBType(t)
	}
	lb.Internal = d.flag(b.Internal, false)
	if d.require(b.Subnets, "subnets", "load_balancer", b.DefRange) {
		lb.Subnets = d.refs(b.Subnets, model.KindSubnet)
	}
	lb.SecurityGroups = d.refs(b.SecurityGroups, model.KindSecurityGroup)
	lb.CrossZone = d.flag(b.CrossZone, model.DefaultCrossZone(lb.Type))
	if lb.Type == model.LBApplication && b.CrossZone != nil && !lb.CrossZone {
		d.fail(b.CrossZone.Expr.Range(), "an application load balancer always balances across zones",
			"Cross-zone load balancing is always on for Application Load Balancers; remove cross_zone.")
	}
	if s, ok := d.str(b.DNSName); ok {
		lb.DNSName = s
	}
	lb.Interfaces = d.refs(b.NetworkInterfaces, model.KindNetworkInterface)
	d.net.Add(lb)
}

type lbListenerBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	LoadBalancer *hcl.Attribute `hcl:"load_balancer,optional"`
	Protocol     *hcl.Attribute `hcl:"protocol,optional"`
	Port         *hcl.Attribute `hcl:"port,optional"`
	Action       *hcl.Attribute `hcl:"action,optional"`
	TargetGroups *hcl.Attribute `hcl:"target_groups,optional"`
}

// lbListener decodes an lb_listener block: the protocol and port a load
// balancer accepts, and its default action (forward to target groups,
// else redirect or fixed-response, which answer at the load balancer).
func (d *decoder) lbListener(b *lbListenerBlock) {
	l := &model.LBListener{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags), Action: model.ActionForward}
	if d.require(b.LoadBalancer, "load_balancer", "lb_listener", b.DefRange) {
		l.LoadBalancer = d.ref(b.LoadBalancer, model.KindLoadBalancer)
	}
	if p, ok := d.oneOf(b.Protocol, "HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "QUIC", "TCP_QUIC", "SSL"); ok {
		l.Protocol = p
	}
	if d.require(b.Port, "port", "lb_listener", b.DefRange) {
		if n, ok := d.integer(b.Port, 1, 65535); ok {
			l.Port = uint16(n)
		}
	}
	if a, ok := d.oneOf(b.Action, model.ActionForward, model.ActionRedirect, model.ActionFixedResponse); ok {
		l.Action = a
	}
	d.onlyWith(l.Action == model.ActionForward, `to forward listeners (action = "forward")`, b.TargetGroups)
	l.TargetGroups = d.refs(b.TargetGroups, model.KindTargetGroup)
	d.net.Add(l)
}

type targetGroupBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	VPC              *hcl.Attribute `hcl:"vpc,optional"`
	TargetType       *hcl.Attribute `hcl:"target_type,optional"`
	Protocol         *hcl.Attribute `hcl:"protocol,optional"`
	Port             *hcl.Attribute `hcl:"port,optional"`
	PreserveClientIP *hcl.Attribute `hcl:"preserve_client_ip,optional"`
	HealthCheckPort  *hcl.Attribute `hcl:"health_check_port,optional"`
	Targets          *hcl.Attribute `hcl:"targets,optional"`
}

// targetGroup decodes an lb_target_group block. Targets are instances
// (target_type "instance", the default as in CreateTargetGroup), addresses
// ("ip") or application load balancers ("alb"), all on the group's port:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html
func (d *decoder) targetGroup(b *targetGroupBlock) {
	g := &model.TargetGroup{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags), TargetType: model.TargetTypeInstance}
	g.VPC = d.ref(b.VPC, model.KindVPC)
	if t, ok := d.oneOf(b.TargetType, model.TargetTypeInstance, model.TargetTypeIP, model.TargetTypeALB); ok {
		g.TargetType = t
	}
	if p, ok := d.oneOf(b.Protocol, "HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "QUIC", "TCP_QUIC", "GENEVE"); ok {
		g.Protocol = p
	}
	if d.require(b.Port, "port", "lb_target_group", b.DefRange) {
		if n, ok := d.integer(b.Port, 1, 65535); ok {
			g.Port = uint16(n)
		}
	}
	if b.PreserveClientIP != nil {
		v := d.flag(b.PreserveClientIP, false)
		g.PreserveClientIP = &v
	}
	if b.HealthCheckPort != nil {
		if n, ok := d.integer(b.HealthCheckPort, 1, 65535); ok {
			g.HealthCheckPort = uint16(n)
		}
	}
	switch g.TargetType {
	case model.TargetTypeIP:
		for _, e := range d.list(b.Targets) {
			if a, ok := d.ipExpr(elementOf(b.Targets), e); ok {
				g.Targets = append(g.Targets, model.LBTarget{IP: a, Range: e.Range()})
			}
		}
	case model.TargetTypeALB:
		for _, r := range d.refs(b.Targets, model.KindLoadBalancer) {
			g.Targets = append(g.Targets, model.LBTarget{LoadBalancer: r, Range: r.Range})
		}
	default:
		for _, r := range d.refs(b.Targets, model.KindInstance) {
			g.Targets = append(g.Targets, model.LBTarget{Instance: r, Range: r.Range})
		}
	}
	d.net.Add(g)
}
