package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Resource types are mapped (mappings), known but not modelled
// (notModelled: each such resource is reported with what leaving it out
// affects), or known to be irrelevant to traffic (irrelevant: IAM, S3, KMS…).
// Any other aws_ or awscc_ type is reported once, as a type vpcheck does not
// know. When a later change models a type, it registers a mapping and
// removes the type's entry here; a test checks the two never overlap.
//
// A pattern is a type, or a type prefix ending in "*"; the longest pattern
// that matches a type decides.

// omittedType is a resource type vpcheck knows carries or filters traffic
// but does not model.
type omittedType struct {
	pattern string
	// what names the resource kind, e.g. "load balancer".
	what string
	// affects says what leaving it out makes unknown.
	affects string
	// when, if set, is an argument the resource must set to matter (a
	// Lambda function has network interfaces only with vpc_config).
	when string
}

var notModelled = []omittedType{
	// Listener rules send some requests to other target groups than the
	// default action's; the rest of Elastic Load Balancing is mapped.
	{pattern: "aws_lb_listener_rule", what: "load balancer listener rule", affects: "the target groups of the requests it matches are unknown"},
	{pattern: "aws_alb_listener_rule", what: "load balancer listener rule", affects: "the target groups of the requests it matches are unknown"},
	{pattern: "aws_lb_trust_store*", what: "load balancer trust store", affects: "which clients its listeners accept is unknown"},
	{pattern: "aws_elb_*", what: "classic load balancer setting", affects: "what its load balancer accepts and where it forwards is unknown"},
	// aws_networkfirewall_firewall, _firewall_policy and _rule_group are
	// mapped (map_firewall.go); the others (TLS inspection, resource
	// policies…) change nothing the data plane models.
	{pattern: "aws_networkfirewall_*", what: "Network Firewall resource", affects: "what it configures is not evaluated"},
	{pattern: "aws_ec2_client_vpn_*", what: "Client VPN", affects: "traffic of its clients into the network is unknown"},
	{pattern: "aws_vpclattice_*", what: "VPC Lattice", affects: "traffic through its service networks and services is unknown"},
	{pattern: "aws_networkmanager_*", what: "Cloud WAN / Network Manager", affects: "routes through its core network are unknown"},
	{pattern: "aws_globalaccelerator_*", what: "Global Accelerator", affects: "traffic from the internet through its accelerators to its endpoints is unknown"},
	{pattern: "aws_route53_resolver_*", what: "Route 53 Resolver endpoint, rule or DNS firewall", affects: "its network interfaces, and where it forwards or blocks DNS queries, are unknown"},
	{pattern: "aws_dx_*", what: "Direct Connect connection or virtual interface", affects: "the on-premises networks behind it are unknown (declare them as on_prem networks in .vpcheck.hcl)"},
	{pattern: "aws_ec2_traffic_mirror_*", what: "traffic mirroring", affects: "the copies of traffic it sends and their targets are unknown"},
	{pattern: "aws_ec2_transit_gateway_*", what: "transit gateway feature", affects: "routes and attachments it adds to the transit gateway are unknown"},
	{pattern: "aws_ec2_local_gateway_*", what: "Outposts local gateway", affects: "traffic to the local gateway is unknown"},
	{pattern: "aws_ec2_carrier_gateway", what: "Wavelength carrier gateway", affects: "traffic to the carrier network is unknown"},
	{pattern: "aws_ec2_instance_connect_endpoint", what: "EC2 Instance Connect endpoint", affects: "connections through it to instances are unknown"},
	{pattern: "aws_vpc_block_public_access_*", what: "VPC Block Public Access", affects: "which internet gateway traffic it blocks is unknown"},
	{pattern: "aws_vpc_route_server*", what: "VPC Route Server", affects: "the routes it installs are unknown"},
	{pattern: "aws_verifiedaccess_*", what: "Verified Access", affects: "traffic through its endpoints is unknown"},
	// Services that put network interfaces into the network's subnets.
	{pattern: "aws_autoscaling_group", what: "Auto Scaling group", affects: "the instances it launches, and their traffic, are unknown"},
	{pattern: "aws_db_instance", what: "RDS database", affects: "its network interfaces are not modelled: traffic to and from it is unknown"},
	{pattern: "aws_rds_cluster_instance", what: "RDS database", affects: "its network interfaces are not modelled: traffic to and from it is unknown"},
	{pattern: "aws_elasticache_cluster", what: "ElastiCache cluster", affects: "its network interfaces are not modelled: traffic to and from it is unknown"},
	{pattern: "aws_elasticache_replication_group", what: "ElastiCache cluster", affects: "its network interfaces are not modelled: traffic to and from it is unknown"},
	{pattern: "aws_efs_mount_target", what: "EFS mount target", affects: "its network interface is not modelled: traffic to and from it is unknown"},
	{pattern: "aws_eks_cluster", what: "EKS cluster", affects: "its network interfaces are not modelled: traffic to and from it is unknown"},
	{pattern: "aws_eks_node_group", what: "EKS node group", affects: "the instances it launches, and their traffic, are unknown"},
	{pattern: "aws_ecs_service", what: "ECS service", affects: "its tasks' network interfaces are not modelled: traffic to and from them is unknown", when: "network_configuration"},
	{pattern: "aws_lambda_function", what: "Lambda function in a VPC", affects: "its network interfaces are not modelled: traffic from it is unknown", when: "vpc_config"},
	// Cloud Control types vpcheck does not map (cloudcontrol.go maps the
	// networking core like its aws_ twins).
	{pattern: "awscc_ec2_*", what: "Cloud Control EC2 resource", affects: "what it adds to the network is unknown"},
	{pattern: "awscc_elasticloadbalancingv2_*", what: "load balancer", affects: "traffic to its listeners, and from it to its targets, is unknown"},
	{pattern: "awscc_networkfirewall_firewall", what: "Network Firewall", affects: "traffic routed to its endpoints is unknown (its rules are not evaluated)"},
	{pattern: "awscc_networkfirewall_*", what: "Network Firewall policy or rule group", affects: "the rules it holds are not evaluated"},
	{pattern: "awscc_vpclattice_*", what: "VPC Lattice", affects: "traffic through its service networks and services is unknown"},
	{pattern: "awscc_networkmanager_*", what: "Cloud WAN / Network Manager", affects: "routes through its core network are unknown"},
	{pattern: "awscc_globalaccelerator_*", what: "Global Accelerator", affects: "traffic from the internet through its accelerators to its endpoints is unknown"},
	{pattern: "awscc_route53resolver_*", what: "Route 53 Resolver endpoint, rule or DNS firewall", affects: "its network interfaces, and where it forwards or blocks DNS queries, are unknown"},
	{pattern: "awscc_directconnect_*", what: "Direct Connect", affects: "the on-premises networks behind it are unknown (declare them as on_prem networks in .vpcheck.hcl)"},
}

// irrelevant are resource types known to neither carry nor filter traffic.
var irrelevant = []string{
	"aws_iam_*", "aws_s3_*", "aws_kms_*", "aws_cloudwatch_*", "aws_ssm_*", "aws_secretsmanager_*",
	"aws_sns_*", "aws_sqs_*", "aws_route53_*", "aws_key_pair", "aws_flow_log", "aws_ram_*",
	"aws_organizations_*", "aws_acm_*", "aws_ecr_*", "aws_dynamodb_*", "aws_ebs_*", "aws_cloudtrail*",
	"aws_config_*", "aws_guardduty_*", "aws_securityhub_*", "aws_backup_*", "aws_ec2_tag",
	"aws_vpc_ipam*", "aws_vpc_dhcp_options*", "aws_vpc_endpoint_policy", "aws_vpc_peering_connection_options",
	"aws_db_subnet_group", "aws_elasticache_subnet_group", "aws_redshift_subnet_group", "aws_launch_template",
	"aws_networkfirewall_logging_configuration",
	"aws_lb_listener_certificate", "aws_alb_listener_certificate", "aws_lb_cookie_stickiness_policy",
	"aws_lb_ssl_negotiation_policy",
	"awscc_iam_*", "awscc_s3_*", "awscc_kms_*", "awscc_logs_*", "awscc_cloudwatch_*", "awscc_ssm_*",
	"awscc_secretsmanager_*", "awscc_ec2_key_pair", "awscc_ec2_flow_log", "awscc_ec2_ipam*", "awscc_ec2_dhcp_options",
}

// typeClass is what vpcheck knows about a resource type.
type typeClass int

const (
	classUnknown typeClass = iota
	classMapped
	classNotModelled
	classIrrelevant
)

// matchLen is the length of the part of typ that pattern matches, or -1.
func matchLen(pattern, typ string) int {
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		if strings.HasPrefix(typ, p) {
			return len(p)
		}
		return -1
	}
	if pattern == typ {
		return len(pattern) + 1 // an exact type beats any prefix
	}
	return -1
}

// classify says what vpcheck knows about typ; for a type not modelled it
// returns its entry.
func classify(typ string) (typeClass, omittedType) {
	if _, ok := mappings[typ]; ok {
		return classMapped, omittedType{}
	}
	if _, ok := cloudControl[typ]; ok {
		return classMapped, omittedType{}
	}
	best, class, entry := -1, classUnknown, omittedType{}
	for _, o := range notModelled {
		if n := matchLen(o.pattern, typ); n > best {
			best, class, entry = n, classNotModelled, o
		}
	}
	for _, p := range irrelevant {
		if n := matchLen(p, typ); n > best {
			best, class, entry = n, classIrrelevant, omittedType{}
		}
	}
	if class == classUnknown && !strings.HasPrefix(typ, "aws_") && !strings.HasPrefix(typ, "awscc_") {
		// Other providers' resources (random_id, null_resource, tls_…)
		// create nothing in AWS.
		class = classIrrelevant
	}
	return class, entry
}

// reportUnmodelled reports every resource the mapping leaves out: one
// warning per resource of a type known but not modelled (with what that
// affects), one per type for aws_ and awscc_ types vpcheck does not know.
func (m *mapper) reportUnmodelled(rs []*resource) {
	unknownTypes := map[string]*resource{}
	for _, r := range rs {
		class, o := classify(r.typ)
		switch class {
		case classNotModelled:
			if o.when != "" && !m.reader(r).set(o.when) {
				continue
			}
			m.omitted.omit(&m.diags, hcl.DiagWarning, r.addr, r.rng,
				fmt.Sprintf("%s: %s not modelled: %s", r.addr, o.what, o.affects),
				"vpcheck analyses the rest of the network. Findings and reachability answers that involve this resource are incomplete: a path through it is unknown, not reachable or unreachable.")
		case classUnknown:
			if _, seen := unknownTypes[r.typ]; !seen {
				unknownTypes[r.typ] = r
			}
		}
	}
	types := make([]string, 0, len(unknownTypes))
	for t := range unknownTypes {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		r := unknownTypes[t]
		m.warnf(r.rng, "vpcheck maps the resource types that make up a network and knows many that do not affect traffic; this one is neither. If it carries or filters traffic, answers that involve it are incomplete.",
			"resource type %s is not known to vpcheck (first at %s); its resources are not analysed", t, r.addr)
	}
}

// indexUnmodelled records the (placeholder) ids of the resources of types
// not modelled, so that a route whose target names one is known to go to
// something vpcheck does not model.
func (m *mapper) indexUnmodelled(rs []*resource) {
	m.unmodelledIDs = map[string]*resource{}
	for _, r := range rs {
		if class, _ := classify(r.typ); class != classNotModelled {
			continue
		}
		if id, ok := r.value.str("id"); ok && id != "" {
			m.unmodelledIDs[id] = r
		}
	}
}

// unmodelledRefs returns the resources of types not modelled that the
// argument name of rd refers to in the configuration (e.g. a route's
// vpc_endpoint_id taken from aws_networkfirewall_firewall.x.firewall_status),
// with their addresses ("type.name" in the resource's module), sorted.
func (m *mapper) unmodelledRefs(rd reader, name string) []unmodelledRef {
	if rd.r.body == nil {
		return nil
	}
	var exprs []hcl.Expression
	if rd.block == "" {
		if a, ok := rd.r.body.Attributes[name]; ok {
			exprs = append(exprs, a.Expr)
		}
	} else {
		// Every block of the type (static or dynamic) that sets the
		// argument: the instance's block cannot always be told apart.
		for _, b := range rd.r.body.Blocks {
			body := b.Body
			if b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == rd.block {
				for _, c := range b.Body.Blocks {
					if c.Type == "content" {
						body = c.Body
					}
				}
			} else if b.Type != rd.block {
				continue
			}
			if a, ok := body.Attributes[name]; ok {
				exprs = append(exprs, a.Expr)
			}
		}
	}
	seen := map[string]bool{}
	var out []unmodelledRef
	for _, e := range exprs {
		for _, t := range e.Variables() {
			typ := t.RootName()
			if class, _ := classify(typ); class != classNotModelled {
				continue
			}
			if n, ok := attrStep(t, 1); ok && !seen[typ+"."+n] {
				seen[typ+"."+n] = true
				out = append(out, unmodelledRef{addr: joinAddr(rd.r.module, typ+"."+n), typ: typ})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].addr < out[j].addr })
	return out
}

// unmodelledRef is a resource of a type not modelled, as referred to.
type unmodelledRef struct{ addr, typ string }

// unmodelledTarget reports whether a route's target argument goes to a
// resource of a type not modelled — by an id that names one, or by an
// expression that refers to one and is unknown before apply (the Network
// Firewall endpoint of aws_networkfirewall_firewall.x.firewall_status) —
// and if so reports the route: the traffic it matches goes somewhere
// vpcheck does not model, so answers about it are unknown.
func (m *mapper) unmodelledTarget(rd reader, dest, attr string) bool {
	var refs []unmodelledRef
	if v := rd.a[attr]; v != cty.NilVal && !v.IsWhollyKnown() {
		refs = m.unmodelledRefs(rd, attr)
	} else if id, ok := rd.a.str(attr); ok {
		if o := m.unmodelledIDs[id]; o != nil {
			refs = []unmodelledRef{{addr: o.addr, typ: o.typ}}
		}
	}
	if len(refs) == 0 {
		return false
	}
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = r.addr
	}
	_, o := classify(refs[0].typ)
	m.omitted.omit(&m.diags, hcl.DiagWarning, rd.r.addr, rd.at(attr),
		fmt.Sprintf("%s: the route to %s goes to %s (%s), which vpcheck does not model: traffic it matches is unknown", rd.r.addr, dest, strings.Join(names, ", "), o.what),
		"The route is kept with a target vpcheck does not model, so reachability through it is unknown rather than guessed; no finding judges the route as if AWS would reject it.")
	return true
}

// leftOutTarget reports whether a route's target is a resource left out
// (an instance whose subnet is unknown), and if so reports the route, whose
// traffic then goes somewhere unknown.
func (m *mapper) leftOutTarget(rd reader, dest, attr string) bool {
	id, ok := rd.a.str(attr)
	if !ok {
		return false
	}
	other, gone := m.leftOut[id]
	if !gone {
		return false
	}
	m.omitted.omit(&m.diags, hcl.DiagWarning, rd.r.addr, rd.at(attr),
		fmt.Sprintf("%s: the route to %s goes to %s, which is not analysed: traffic it matches is unknown", rd.r.addr, dest, other), "")
	return true
}
