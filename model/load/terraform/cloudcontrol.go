package terraform

import (
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Cloud Control (awscc_) resources are CloudFormation types with snake-cased
// property names; AWS's own modules (aws-ia) build networks from them. Each
// networking type here is mapped as its aws_ twin: its attributes are renamed
// to the twin's (ipv_6_cidr_block → ipv6_cidr_block, group_id →
// security_group_id), the shapes that differ are converted (tags as a list of
// key/value objects, a network ACL entry's port_range), and the twin's
// placeholders and mapping do the rest. The read-only attributes other
// resources refer to (awscc_ec2_vpc.x.vpc_id, .default_security_group) are
// set from the twin's. Property meanings: the awscc provider's resource pages
// (registry.terraform.io/providers/hashicorp/awscc/latest/docs/resources/ec2_vpc,
// …/ec2_subnet, …/ec2_route, …) and the CloudFormation reference they are
// generated from
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/AWS_EC2.html).

// ccType describes one Cloud Control type mapped like an aws_ twin.
type ccType struct {
	twin string
	// twinFor picks the twin from the arguments, when it depends on them
	// (a gateway attachment of an internet or a VPN gateway).
	twinFor func(a attrs) string
	// rename maps Cloud Control names to the twin's; a read-only alias of
	// the id is renamed to "id".
	rename map[string]string
	// convert sets in twin what renaming cannot express.
	convert func(cc, twin attrs)
}

var cloudControl = map[string]ccType{
	"awscc_ec2_vpc": {twin: "aws_vpc", rename: map[string]string{
		"vpc_id": "id", "default_network_acl": "default_network_acl_id", "default_security_group": "default_security_group_id",
		"ipv_4_ipam_pool_id": "ipv4_ipam_pool_id", "ipv_4_netmask_length": "ipv4_netmask_length",
	}},
	"awscc_ec2_vpc_cidr_block": {twinFor: vpcCIDRTwin, rename: map[string]string{
		"ipv_6_cidr_block": "ipv6_cidr_block", "ipv_4_ipam_pool_id": "ipv4_ipam_pool_id", "ipv_6_ipam_pool_id": "ipv6_ipam_pool_id",
	}},
	"awscc_ec2_subnet": {twin: "aws_subnet", rename: map[string]string{
		"subnet_id": "id", "ipv_6_cidr_block": "ipv6_cidr_block", "assign_ipv_6_address_on_creation": "assign_ipv6_address_on_creation",
		"ipv_6_native": "ipv6_native", "enable_dns_64": "enable_dns64",
	}},
	"awscc_ec2_route_table":                    {twin: "aws_route_table", rename: map[string]string{"route_table_id": "id"}},
	"awscc_ec2_subnet_route_table_association": {twin: "aws_route_table_association", rename: map[string]string{"subnet_route_table_association_id": "id"}},
	// cidr_block is the route's read-only destination.
	"awscc_ec2_route": {twin: "aws_route", rename: map[string]string{
		"destination_ipv_6_cidr_block": "destination_ipv6_cidr_block", "cidr_block": "destination_cidr_block",
	}},
	"awscc_ec2_internet_gateway":             {twin: "aws_internet_gateway", rename: map[string]string{"internet_gateway_id": "id"}},
	"awscc_ec2_egress_only_internet_gateway": {twin: "aws_egress_only_internet_gateway"},
	"awscc_ec2_vpc_gateway_attachment":       {twinFor: gatewayAttachmentTwin},
	"awscc_ec2_nat_gateway": {twin: "aws_nat_gateway", rename: map[string]string{
		"nat_gateway_id": "id", "private_ip_address": "private_ip",
	}},
	"awscc_ec2_eip": {twin: "aws_eip", rename: map[string]string{"instance_id": "instance"}},
	"awscc_ec2_security_group": {twin: "aws_security_group", convert: securityGroupRules, rename: map[string]string{
		"group_id": "id", "group_name": "name", "group_description": "description",
	}},
	"awscc_ec2_security_group_ingress": {twin: "aws_vpc_security_group_ingress_rule", rename: map[string]string{
		"security_group_ingress_id": "id", "group_id": "security_group_id", "cidr_ip": "cidr_ipv4", "cidr_ipv_6": "cidr_ipv6",
		"source_security_group_id": "referenced_security_group_id", "source_prefix_list_id": "prefix_list_id",
	}},
	"awscc_ec2_security_group_egress": {twin: "aws_vpc_security_group_egress_rule", rename: map[string]string{
		"group_id": "security_group_id", "cidr_ip": "cidr_ipv4", "cidr_ipv_6": "cidr_ipv6",
		"destination_security_group_id": "referenced_security_group_id", "destination_prefix_list_id": "prefix_list_id",
	}},
	"awscc_ec2_network_acl":                    {twin: "aws_network_acl"},
	"awscc_ec2_network_acl_entry":              {twin: "aws_network_acl_rule", convert: naclEntry, rename: map[string]string{"ipv_6_cidr_block": "ipv6_cidr_block"}},
	"awscc_ec2_subnet_network_acl_association": {twin: "aws_network_acl_association", rename: map[string]string{"association_id": "id"}},
	"awscc_ec2_vpc_endpoint":                   {twin: "aws_vpc_endpoint", rename: map[string]string{"vpc_endpoint_id": "id"}},
	"awscc_ec2_vpc_peering_connection":         {twin: "aws_vpc_peering_connection", convert: peeringAccept},
	"awscc_ec2_transit_gateway":                {twin: "aws_ec2_transit_gateway", rename: map[string]string{"transit_gateway_id": "id"}},
	"awscc_ec2_transit_gateway_attachment":     {twin: "aws_ec2_transit_gateway_vpc_attachment", convert: attachmentOptions},
	"awscc_ec2_transit_gateway_vpc_attachment": {twin: "aws_ec2_transit_gateway_vpc_attachment", convert: attachmentOptions, rename: map[string]string{
		"transit_gateway_vpc_attachment_id": "id",
	}},
	"awscc_ec2_transit_gateway_peering_attachment": {twin: "aws_ec2_transit_gateway_peering_attachment", rename: map[string]string{
		"transit_gateway_attachment_id": "id",
	}},
	"awscc_ec2_transit_gateway_route_table": {twin: "aws_ec2_transit_gateway_route_table", rename: map[string]string{
		"transit_gateway_route_table_id": "id",
	}},
	"awscc_ec2_transit_gateway_route":                   {twin: "aws_ec2_transit_gateway_route"},
	"awscc_ec2_transit_gateway_route_table_association": {twin: "aws_ec2_transit_gateway_route_table_association"},
	"awscc_ec2_transit_gateway_route_table_propagation": {twin: "aws_ec2_transit_gateway_route_table_propagation"},
}

// twinType is the aws_ type a Cloud Control resource maps as.
func (c ccType) twinType(a attrs) string {
	if c.twinFor != nil {
		return c.twinFor(a)
	}
	return c.twin
}

// toTwin returns the resource's attributes as its twin names them.
func (c ccType) toTwin(a attrs) attrs {
	twin := make(attrs, len(a))
	for k, v := range a {
		if k == "tags" {
			twin[k] = tagMap(v)
			continue
		}
		if n, ok := c.rename[k]; ok {
			k = n
		}
		twin[k] = v
	}
	if c.convert != nil {
		c.convert(a, twin)
	}
	return twin
}

// fromTwin sets what the twin's placeholders computed (the id and its
// aliases, an EIP's allocation_id…) where the resource lacks it, under the
// resource's own names.
func (c ccType) fromTwin(twin, a attrs) {
	renamed := map[string]bool{}
	for ccName, twinName := range c.rename {
		renamed[twinName] = true
		if v, ok := twin[twinName]; ok {
			a.setIfMissing(ccName, v)
		}
	}
	for k, v := range twin {
		if !renamed[k] || k == "id" {
			a.setIfMissing(k, v)
		}
	}
}

// completeResource fills in what AWS computes for a managed resource (see
// completeManaged): a Cloud Control resource through its twin.
func completeResource(typ, addr, region string, a attrs, reg *idRegistry) []string {
	c, ok := cloudControl[typ]
	if !ok {
		return completeManaged(typ, addr, region, a, reg)
	}
	twin := c.toTwin(a)
	notes := completeManaged(c.twinType(a), addr, region, twin, reg)
	c.fromTwin(twin, a)
	return notes
}

// twinOf is the resource as its twin, for the mapping. Completing the twin
// again gives the same placeholders (they depend on the address only) and
// the computed attributes the mapping reads (a gateway endpoint's prefix
// list).
func (c ccType) twinOf(r *resource, reg *idRegistry) *resource {
	t := *r
	t.typ = c.twinType(r.value)
	t.value = c.toTwin(r.value)
	completeManaged(t.typ, t.addr, t.region, t.value, reg)
	return &t
}

func vpcCIDRTwin(a attrs) string {
	if !a.missing("cidr_block") || !a.missing("ipv_4_ipam_pool_id") {
		return "aws_vpc_ipv4_cidr_block_association"
	}
	return "aws_vpc_ipv6_cidr_block_association"
}

func gatewayAttachmentTwin(a attrs) string {
	if !a.missing("vpn_gateway_id") {
		return "aws_vpn_gateway_attachment"
	}
	return "aws_internet_gateway_attachment"
}

// tagMap turns Cloud Control tags, a list of {key, value}, into the map
// aws_ resources have.
func tagMap(v cty.Value) cty.Value {
	if !v.IsWhollyKnown() || v.IsNull() || !(v.Type().IsListType() || v.Type().IsTupleType() || v.Type().IsSetType()) {
		return v
	}
	m := map[string]cty.Value{}
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() || !(e.Type().IsObjectType() || e.Type().IsMapType()) {
			continue
		}
		kv := e.AsValueMap()
		k, err1 := convert.Convert(kv["key"], cty.String)
		val, err2 := convert.Convert(kv["value"], cty.String)
		if err1 != nil || err2 != nil || k.IsNull() || val.IsNull() {
			continue
		}
		m[k.AsString()] = val
	}
	if len(m) == 0 {
		return cty.MapValEmpty(cty.String)
	}
	return cty.MapVal(m)
}

// securityGroupRules turns a security group's inline rules into the twin's
// ingress and egress blocks. Unlike aws_security_group (Terraform removes
// the rule), a group created through CloudFormation without egress rules
// gets AWS's allow-all egress rules for IPv4 and IPv6: "When you create a
// security group, if you do not add egress rules, we add egress rules that
// allow all outbound IPv4 and IPv6 traffic"
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html).
// Rules added later as awscc_ec2_security_group_egress resources add to them.
func securityGroupRules(cc, twin attrs) {
	delete(twin, "security_group_ingress")
	delete(twin, "security_group_egress")
	if v, ok := cc["security_group_ingress"]; ok {
		twin["ingress"] = ccRules(v, "source_security_group_id", "source_prefix_list_id")
	}
	egress, ok := cc["security_group_egress"]
	if !ok || (egress.IsKnown() && (egress.IsNull() || egress.LengthInt() == 0)) {
		twin["egress"] = cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
			"protocol":         cty.StringVal("-1"),
			"cidr_blocks":      cty.TupleVal([]cty.Value{cty.StringVal("0.0.0.0/0")}),
			"ipv6_cidr_blocks": cty.TupleVal([]cty.Value{cty.StringVal("::/0")}),
			"description":      cty.StringVal("allow-all egress AWS adds to a group created without egress rules"),
		})})
		return
	}
	twin["egress"] = ccRules(egress, "destination_security_group_id", "destination_prefix_list_id")
}

// ccRules converts a list of Cloud Control rules (cidr_ip, ip_protocol, …)
// into aws_security_group blocks (cidr_blocks, protocol, …).
func ccRules(v cty.Value, groupAttr, prefixListAttr string) cty.Value {
	if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
		return v
	}
	var out []cty.Value
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if !e.IsKnown() || e.IsNull() || !(e.Type().IsObjectType() || e.Type().IsMapType()) {
			out = append(out, e)
			continue
		}
		r := e.AsValueMap()
		rule := map[string]cty.Value{}
		one := func(from, to string) {
			if x, ok := r[from]; ok && (!x.IsKnown() || !x.IsNull()) {
				rule[to] = cty.TupleVal([]cty.Value{x})
			}
		}
		for from, to := range map[string]string{"ip_protocol": "protocol", "from_port": "from_port", "to_port": "to_port", "description": "description"} {
			if x, ok := r[from]; ok {
				rule[to] = x
			}
		}
		one("cidr_ip", "cidr_blocks")
		one("cidr_ipv_6", "ipv6_cidr_blocks")
		one(groupAttr, "security_groups")
		one(prefixListAttr, "prefix_list_ids")
		out = append(out, cty.ObjectVal(rule))
	}
	if len(out) == 0 {
		return cty.EmptyTupleVal
	}
	return cty.TupleVal(out)
}

// naclEntry moves a network ACL entry's port_range {from, to} and icmp
// {type, code} to the twin's from_port, to_port, icmp_type and icmp_code.
func naclEntry(cc, twin attrs) {
	nested := func(block string, names map[string]string) {
		delete(twin, block)
		v, ok := cc[block]
		if !ok || v.IsNull() {
			return
		}
		if !v.IsKnown() {
			for _, to := range names {
				twin[to] = cty.DynamicVal
			}
			return
		}
		if !(v.Type().IsObjectType() || v.Type().IsMapType()) {
			return
		}
		m := v.AsValueMap()
		for from, to := range names {
			if x, ok := m[from]; ok {
				twin[to] = x
			}
		}
	}
	nested("port_range", map[string]string{"from": "from_port", "to": "to_port"})
	nested("icmp", map[string]string{"type": "icmp_type", "code": "icmp_code"})
}

// peeringAccept: CloudFormation accepts a peering between VPCs of one
// account by itself, and one with another account through the peer's role
// (PeerRoleArn). See
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpcpeeringconnection.html
func peeringAccept(cc, twin attrs) {
	if cc.missing("peer_owner_id") || !cc.missing("peer_role_arn") {
		twin["auto_accept"] = cty.True
	}
}

// attachmentOptions moves a VPC attachment's options.appliance_mode_support
// to the twin's argument.
func attachmentOptions(cc, twin attrs) {
	delete(twin, "options")
	v, ok := cc["options"]
	if !ok || v.IsNull() || !v.IsKnown() || !(v.Type().IsObjectType() || v.Type().IsMapType()) {
		return
	}
	if x, ok := v.AsValueMap()["appliance_mode_support"]; ok {
		twin["appliance_mode_support"] = x
	}
}
