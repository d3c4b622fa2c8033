package awsjson

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// Elastic Load Balancing (elbv2) snapshots: describe-load-balancers
// (LoadBalancers), describe-listeners (Listeners, or Batfish's
// LoadBalancerListeners: [{LoadBalancerArn, Listeners}]),
// describe-target-groups (TargetGroups), describe-target-health (Batfish's
// LoadBalancerTargetHealth: [{TargetGroupArn, TargetHealthDescriptions}])
// and describe-load-balancer-attributes (Batfish's LoadBalancerAttributes:
// [{LoadBalancerArn, Attributes}]). Shapes:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html
// and the API_Describe* pages beside it. A load balancer's nodes are the
// ENIs NetworkInterfaces.json describes as "ELB app/NAME/ID" or "ELB
// net/NAME/ID", the end of its ARN; Link adds those missing.

func (l *loader) indexLoadBalancer(n node) {
	l.note(model.KindLoadBalancer, n.str("LoadBalancerArn"), n.state("State"), "failed")
}

func (l *loader) buildLoadBalancer(n node) {
	arn := n.str("LoadBalancerArn")
	if l.isGone(arn) {
		return
	}
	b := &model.LoadBalancer{Meta: n.meta("LoadBalancerArn"), Type: model.LBType(n.str("Type")), IPAddressType: n.str("IpAddressType"),
		Internal: n.str("Scheme") == "internal", VPC: n.ref(model.KindVPC, "VpcId"), DNSName: n.str("DNSName")}
	if b.Type == "" {
		b.Type = model.LBApplication
	}
	b.CrossZone = model.DefaultCrossZone(b.Type)
	for _, z := range n.objects("AvailabilityZones") {
		if r := z.ref(model.KindSubnet, "SubnetId"); r.Set() {
			b.Subnets = append(b.Subnets, r)
			// The node's addresses, used when NetworkInterfaces.json is
			// not collected.
			var priv, pub netip.Addr
			for _, a := range z.objects("LoadBalancerAddresses") {
				if ip := a.ip("PrivateIPv4Address"); ip.IsValid() && !priv.IsValid() {
					priv = ip
				}
				if ip := a.ip("IpAddress"); ip.IsValid() && !pub.IsValid() {
					pub = ip
				}
			}
			b.NodeIPs, b.NodePublicIPs = append(b.NodeIPs, priv), append(b.NodePublicIPs, pub)
		}
		l.noteRegion(n.f, regionOfAZ(z.str("ZoneName")))
	}
	for _, g := range n.strs("SecurityGroups") {
		b.SecurityGroups = append(b.SecurityGroups, g.refTo(model.KindSecurityGroup))
	}
	if !l.add(b, n, "LoadBalancerArn") {
		return
	}
	l.candidates[b] = n.str("LoadBalancerName")
	// The nodes' ENIs: their description ends with the ARN's resource part.
	if _, res, ok := strings.Cut(arn, ":loadbalancer/"); ok {
		for _, o := range l.net.OfKind(model.KindNetworkInterface) {
			e := o.(*model.NetworkInterface)
			if e.Type == model.ENILoadBalancer && l.eniDescriptions[e] == "ELB "+res {
				b.Interfaces = append(b.Interfaces, model.Ref{Kind: model.KindNetworkInterface, Key: e.AWSID, Range: b.Range})
			}
		}
	}
}

// buildLBAttributes reads cross-zone load balancing from the attributes.
func (l *loader) buildLBAttributes(n node) {
	b, ok := l.lookup(model.KindLoadBalancer, n.str("LoadBalancerArn")).(*model.LoadBalancer)
	if !ok {
		return
	}
	for _, a := range n.objects("Attributes") {
		if a.str("Key") == "load_balancing.cross_zone.enabled" && b.Type != model.LBApplication {
			b.CrossZone = a.str("Value") == "true"
		}
	}
}

// buildListenerSet reads Batfish's per-load-balancer listener lists.
func (l *loader) buildListenerSet(n node) {
	for _, li := range n.objects("Listeners") {
		l.buildListener(li)
	}
}

func (l *loader) buildListener(n node) {
	ln := &model.LBListener{Meta: n.meta("ListenerArn"), LoadBalancer: n.ref(model.KindLoadBalancer, "LoadBalancerArn"),
		Protocol: strings.ToUpper(n.str("Protocol"))}
	if p, ok := n.integer("Port"); ok && p > 0 && p < 65536 {
		ln.Port = uint16(p)
	}
	if !l.has(model.KindLoadBalancer, ln.LoadBalancer.Key) {
		return
	}
	for _, a := range n.objects("DefaultActions") {
		if ln.Action != "" {
			break
		}
		// Authentication actions come before the action that decides.
		if strings.HasPrefix(a.str("Type"), "authenticate-") {
			continue
		}
		ln.Action = a.str("Type")
		if ln.Action != model.ActionForward {
			continue
		}
		if r := a.ref(model.KindTargetGroup, "TargetGroupArn"); r.Set() {
			ln.TargetGroups = append(ln.TargetGroups, r)
		}
		if fc, ok := a.object("ForwardConfig"); ok {
			for _, tg := range fc.objects("TargetGroups") {
				if r := tg.ref(model.KindTargetGroup, "TargetGroupArn"); r.Set() && !hasKey(ln.TargetGroups, r.Key) {
					ln.TargetGroups = append(ln.TargetGroups, r)
				}
			}
		}
	}
	if ln.AWSID == "" {
		ln.AWSID = fmt.Sprintf("%s/%s:%d", ln.LoadBalancer.Key, ln.Protocol, ln.Port)
	}
	if l.add(ln, n, "ListenerArn") {
		lbName := l.candidates[l.lookup(model.KindLoadBalancer, ln.LoadBalancer.Key)]
		if lbName != "" {
			l.candidates[ln] = fmt.Sprintf("%s/%s:%d", lbName, ln.Protocol, ln.Port)
		}
	}
}

func hasKey(rs []model.Ref, key string) bool {
	for _, r := range rs {
		if r.Key == key {
			return true
		}
	}
	return false
}

func (l *loader) buildTargetGroup(n node) {
	g := &model.TargetGroup{Meta: n.meta("TargetGroupArn"), VPC: n.ref(model.KindVPC, "VpcId"),
		TargetType: n.str("TargetType"), Protocol: strings.ToUpper(n.str("Protocol"))}
	if g.TargetType == "" {
		g.TargetType = model.TargetTypeInstance
	}
	if p, ok := n.integer("Port"); ok && p > 0 && p < 65536 {
		g.Port = uint16(p)
	}
	if p, err := strconv.ParseUint(n.str("HealthCheckPort"), 10, 16); err == nil {
		g.HealthCheckPort = uint16(p)
	}
	if l.add(g, n, "TargetGroupArn") {
		l.candidates[g] = n.str("TargetGroupName")
	}
}

// buildTargetHealth registers a target group's targets (every target
// describe-target-health lists, whatever its health: vpcheck asks whether
// the network lets the load balancer reach it).
func (l *loader) buildTargetHealth(n node) {
	g, ok := l.lookup(model.KindTargetGroup, n.str("TargetGroupArn")).(*model.TargetGroup)
	if !ok {
		return
	}
	for _, d := range n.objects("TargetHealthDescriptions") {
		t, ok := d.object("Target")
		if !ok {
			continue
		}
		tg := model.LBTarget{Zone: t.str("AvailabilityZone"), Range: t.rangeOf("Id")}
		if p, ok := t.integer("Port"); ok && p > 0 && p < 65536 {
			tg.Port = uint16(p)
		}
		id := t.str("Id")
		switch g.TargetType {
		case model.TargetTypeIP:
			tg.IP = t.ip("Id")
			if !tg.IP.IsValid() {
				continue
			}
		case model.TargetTypeALB:
			tg.LoadBalancer = t.ref(model.KindLoadBalancer, "Id")
		case model.TargetTypeInstance:
			tg.Instance = t.presentRef(model.KindInstance, "Id")
			if !tg.Instance.Set() {
				g.UnknownTargets++
				t.warnf("target %s of target group %s is not in the snapshot (Reservations.json): traffic to it is unknown", id, g.AWSID)
				continue
			}
		default:
			g.UnknownTargets++
			continue
		}
		g.Targets = append(g.Targets, tg)
	}
}

// buildClassicLB records a Classic Load Balancer of describe-load-balancers
// (elb) as left out: its listeners and instances are not read from a
// snapshot yet, so traffic to it is unknown rather than dropped.
func (l *loader) buildClassicLB(n node) {
	l.net.Omitted = append(l.net.Omitted, model.Omission{Resource: n.str("LoadBalancerName"), Range: n.rangeOf("LoadBalancerName"),
		Reason: "classic load balancer " + n.str("LoadBalancerName") + " not modelled from snapshots: traffic to its listeners is unknown"})
	l.net.Incomplete = true
}

// buildServiceConfiguration reads describe-vpc-endpoint-service-configurations:
// a service of Gateway Load Balancers ties the Gateway Load Balancer
// endpoints of its name to the first of them; a service of Network Load
// Balancers (PrivateLink) is left out with its place.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ServiceConfiguration.html
func (l *loader) buildServiceConfiguration(n node) {
	name := n.str("ServiceName")
	if len(n.strs("NetworkLoadBalancerArns")) > 0 {
		l.net.Omitted = append(l.net.Omitted, model.Omission{Resource: n.str("ServiceId"), Range: n.rangeOf("ServiceName"),
			Reason: "endpoint service " + name + " of network load balancers not modelled: traffic from its consumers' endpoints to its load balancers is unknown"})
		l.net.Incomplete = true
	}
	gwlbs := n.strs("GatewayLoadBalancerArns")
	if name == "" || len(gwlbs) == 0 {
		return
	}
	for _, o := range l.net.OfKind(model.KindVPCEndpoint) {
		if e := o.(*model.VPCEndpoint); e.Type == model.EndpointGatewayLB && e.Service == name && !e.LoadBalancer.Set() {
			e.LoadBalancer = gwlbs[0].refTo(model.KindLoadBalancer)
		}
	}
}
