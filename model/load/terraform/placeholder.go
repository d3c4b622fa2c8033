package terraform

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/vpcheck/vpcheck/model"
)

// Resources that do not exist yet have no AWS ids. vpcheck gives each one a
// stable placeholder in AWS's own style, "<prefix>-" followed by 17 hex
// digits of the SHA-256 of the resource address (vpc-0c1f…, subnet-9a3e…),
// so that aws_vpc.main.id evaluates to the id the model object carries in
// Meta.AWSID and references resolve to the right object. The same address
// always gives the same id, whether it comes from a configuration or a plan.

// idPrefixes are the id prefixes of the resource types that create no
// object of a model kind (those have their kind's, see idPrefix).
var idPrefixes = map[string]string{
	// A Connect attachment is a transit gateway attachment vpcheck does not map.
	"aws_ec2_transit_gateway_connect":     model.KindTGWAttachment.IDPrefix(),
	"aws_route_table_association":         "rtbassoc",
	"aws_network_acl_association":         "aclassoc",
	"aws_eip_association":                 "eipassoc",
	"aws_vpc_ipv4_cidr_block_association": "vpc-cidr-assoc",
	"aws_vpc_ipv6_cidr_block_association": "vpc-cidr-assoc",
	"aws_vpc_security_group_ingress_rule": "sgr",
	"aws_vpc_security_group_egress_rule":  "sgr",
	"aws_security_group_rule":             "sgrule",
	"aws_network_acl_rule":                "nacl",
	"aws_route":                           "r",
	"aws_vpn_gateway_attachment":          "vpn-attachment",
	"aws_vpc_endpoint_service":            "vpce-svc",
}

// placeholderID returns the stable placeholder id of the object at addr.
func placeholderID(prefix, addr string) string {
	sum := sha256.Sum256([]byte(addr))
	return prefix + "-" + hex.EncodeToString(sum[:])[:17]
}

// isPlaceholder reports whether id is one completeManaged made up for the
// resource of type typ at addr (it gives its own id to a resource that
// refers to an existing object, such as an accepter).
func isPlaceholder(typ, addr, id string) bool {
	return id == placeholderID(idPrefix(typ), addr) || typ == "aws_dx_gateway" && id == placeholderUUID(addr)
}

// placeholderOf returns the stable placeholder id of an object of kind k
// known as addr.
func placeholderOf(k model.Kind, addr string) string {
	return placeholderID(k.IDPrefix(), addr)
}

// placeholderUUID is a placeholder for ids AWS writes as UUIDs (Direct
// Connect gateways).
func placeholderUUID(addr string) string {
	h := hex.EncodeToString(func() []byte { s := sha256.Sum256([]byte(addr)); return s[:16] }())
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// placeholderIPv6Block is the /56 used for a VPC whose IPv6 block Amazon
// assigns on apply: inside the documentation prefix 2001:db8::/32 (RFC 3849)
// so it can never be mistaken for a real block, different per VPC.
func placeholderIPv6Block(addr string) netip.Prefix {
	sum := sha256.Sum256([]byte(addr))
	var b [16]byte
	b[0], b[1], b[2], b[3] = 0x20, 0x01, 0x0d, 0xb8
	b[4], b[5], b[6] = sum[0], sum[1], sum[2]
	return netip.PrefixFrom(netip.AddrFrom16(b), 56)
}

// idPrefix is the prefix of the ids of typ's resources: that of the kind of
// object they create, else the one AWS uses, else one made from the type.
func idPrefix(typ string) string {
	if k, ok := model.KindOfTerraform(typ); ok && k.IDPrefix() != "" {
		return k.IDPrefix()
	}
	if p, ok := idPrefixes[typ]; ok {
		return p
	}
	return strings.ReplaceAll(strings.TrimPrefix(typ, "aws_"), "_", "-")
}

// implicitRole names an object AWS creates along with another one.
type implicitRole int

const (
	roleMainRouteTable implicitRole = iota + 1
	roleDefaultNetworkACL
	roleDefaultSecurityGroup
	roleTGWDefaultRouteTable
)

// implicitObject is an object AWS creates with its owner (a VPC's main route
// table, default network ACL and default security group; a transit
// gateway's default route table), known by its (placeholder) id.
type implicitObject struct {
	owner string // the VPC or transit gateway id
	role  implicitRole
}

// vpcDefaults are the ids of the objects AWS creates with a VPC.
type vpcDefaults struct {
	mainRouteTable, networkACL, securityGroup string
}

// idRegistry records the ids that tie resources together beyond their own
// attributes: a VPC's implicit objects and the region's default VPC. It is
// filled as resources are evaluated (or read from a plan) and read by the
// mapping.
type idRegistry struct {
	vpcs       map[string]vpcDefaults
	implicit   map[string]implicitObject
	defaultVPC map[string]string // region → id of the aws_default_vpc
	tgwDefault map[string]string // transit gateway id → default route table id
	subnetAZ   map[string]string // subnet id → availability zone, when known
}

func newIDRegistry() *idRegistry {
	return &idRegistry{vpcs: map[string]vpcDefaults{}, implicit: map[string]implicitObject{}, defaultVPC: map[string]string{}, tgwDefault: map[string]string{}, subnetAZ: map[string]string{}}
}

// attrs is a resource's attribute values during evaluation.
type attrs map[string]cty.Value

// missing reports whether an attribute is absent or null (so a computed
// value may be filled in). Unknown values are not missing: they already say
// what is known.
func (a attrs) missing(name string) bool {
	v, ok := a[name]
	return !ok || (v.IsKnown() && v.IsNull())
}

func (a attrs) setIfMissing(name string, v cty.Value) {
	if a.missing(name) {
		a[name] = v
	}
}

// str returns a known, non-null string attribute.
func (a attrs) str(name string) (string, bool) {
	v, ok := a[name]
	if !ok || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

func (a attrs) isTrue(name string) bool {
	v, ok := a[name]
	if !ok || !v.IsKnown() || v.IsNull() {
		return false
	}
	if v.Type() == cty.String {
		return v.AsString() == "true"
	}
	return v.Type() == cty.Bool && v.True()
}

// completeManaged fills in the attributes of a managed resource that AWS
// computes, with placeholders where the value identifies an object and
// unknowns elsewhere, and records the ids that tie objects together. It
// returns notes about placeholders that stand for values AWS assigns.
func completeManaged(typ, addr, region string, a attrs, reg *idRegistry) []string {
	var notes []string
	unknown := cty.UnknownVal(cty.String)
	id := placeholderID(idPrefix(typ), addr)
	switch typ {
	case "aws_dx_gateway":
		id = placeholderUUID(addr)
	case "aws_default_route_table":
		if v, ok := a.str("default_route_table_id"); ok {
			id = v
			if imp, ok := reg.implicit[v]; ok {
				a.setIfMissing("vpc_id", cty.StringVal(imp.owner))
			}
		}
	case "aws_default_network_acl":
		if v, ok := a.str("default_network_acl_id"); ok {
			id = v
			if imp, ok := reg.implicit[v]; ok {
				a.setIfMissing("vpc_id", cty.StringVal(imp.owner))
			}
		}
	case "aws_default_security_group":
		if a.missing("vpc_id") {
			if v, ok := reg.defaultVPC[region]; ok {
				a["vpc_id"] = cty.StringVal(v)
			}
		}
		if v, ok := a.str("vpc_id"); ok {
			if d, ok := reg.vpcs[v]; ok {
				id = d.securityGroup
			}
		}
	case "aws_vpc_peering_connection_accepter":
		if v, ok := a.str("vpc_peering_connection_id"); ok {
			id = v
		}
	case "aws_ec2_transit_gateway_peering_attachment_accepter", "aws_ec2_transit_gateway_vpc_attachment_accepter":
		if v, ok := a.str("transit_gateway_attachment_id"); ok {
			id = v
		}
	}
	a.setIfMissing("id", cty.StringVal(id))
	if v, ok := a.str("id"); ok {
		id = v
	}
	switch typ {
	case "aws_lb", "aws_alb", "aws_lb_target_group", "aws_alb_target_group", "aws_lb_listener", "aws_alb_listener",
		"aws_networkfirewall_firewall", "aws_networkfirewall_firewall_policy", "aws_networkfirewall_rule_group":
		// Elastic Load Balancing and Network Firewall ids are ARNs: the provider's id and arn
		// attributes are equal.
		a.setIfMissing("arn", a["id"])
	case "aws_elb":
		// A Classic Load Balancer's id is its name.
		if n, ok := a.str("name"); ok {
			a["id"] = cty.StringVal(n)
			id = n
		}
	}
	a.setIfMissing("arn", unknown)
	a.setIfMissing("owner_id", unknown)
	if t, ok := a["tags"]; ok {
		a.setIfMissing("tags_all", t)
	}

	switch typ {
	case "aws_vpc", "aws_default_vpc":
		if typ == "aws_default_vpc" {
			// Every default VPC has the block 172.31.0.0/16. See
			// https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc-components.html
			a.setIfMissing("cidr_block", cty.StringVal("172.31.0.0/16"))
			if region != "" {
				reg.defaultVPC[region] = id
			}
		}
		if a.missing("cidr_block") {
			if _, ok := a["ipv4_ipam_pool_id"]; ok && !a.missing("ipv4_ipam_pool_id") {
				a["cidr_block"] = unknown
			}
		}
		if a.isTrue("assign_generated_ipv6_cidr_block") && a.missing("ipv6_cidr_block") {
			p := placeholderIPv6Block(addr)
			a["ipv6_cidr_block"] = cty.StringVal(p.String())
			notes = append(notes, fmt.Sprintf("Amazon assigns the IPv6 block of %s on apply; vpcheck uses the placeholder %s (in the documentation prefix 2001:db8::/32) and everything derived from it.", addr, p))
		}
		if a.missing("ipv6_cidr_block") && !a.missing("ipv6_ipam_pool_id") {
			a["ipv6_cidr_block"] = unknown
		}
		d := vpcDefaults{
			mainRouteTable: placeholderOf(model.KindRouteTable, addr+"#main"),
			networkACL:     placeholderOf(model.KindNetworkACL, addr+"#default-acl"),
			securityGroup:  placeholderOf(model.KindSecurityGroup, addr+"#default-sg"),
		}
		a.setIfMissing("default_route_table_id", cty.StringVal(d.mainRouteTable))
		a.setIfMissing("main_route_table_id", a["default_route_table_id"])
		a.setIfMissing("default_network_acl_id", cty.StringVal(d.networkACL))
		a.setIfMissing("default_security_group_id", cty.StringVal(d.securityGroup))
		// The ids may be real ones (from a plan of an existing VPC).
		if v, ok := a.str("default_route_table_id"); ok {
			d.mainRouteTable = v
		}
		if v, ok := a.str("main_route_table_id"); ok {
			d.mainRouteTable = v
		}
		if v, ok := a.str("default_network_acl_id"); ok {
			d.networkACL = v
		}
		if v, ok := a.str("default_security_group_id"); ok {
			d.securityGroup = v
		}
		reg.vpcs[id] = d
		reg.implicit[d.mainRouteTable] = implicitObject{owner: id, role: roleMainRouteTable}
		reg.implicit[d.networkACL] = implicitObject{owner: id, role: roleDefaultNetworkACL}
		reg.implicit[d.securityGroup] = implicitObject{owner: id, role: roleDefaultSecurityGroup}
		a.setIfMissing("ipv6_association_id", unknown)
		a.setIfMissing("dhcp_options_id", unknown)
	case "aws_subnet":
		if z, ok := a.str("availability_zone"); ok {
			reg.subnetAZ[id] = z
		}
		a.setIfMissing("availability_zone", unknown)
		a.setIfMissing("availability_zone_id", unknown)
		a.setIfMissing("map_public_ip_on_launch", cty.False)
		a.setIfMissing("ipv6_cidr_block_association_id", unknown)
	case "aws_networkfirewall_firewall":
		if a.missing("firewall_status") {
			if v, ok := firewallStatus(addr, a, reg); ok {
				a["firewall_status"] = v
			}
		}
	case "aws_default_subnet":
		a.setIfMissing("cidr_block", unknown)
		if v, ok := reg.defaultVPC[region]; ok {
			a.setIfMissing("vpc_id", cty.StringVal(v))
		}
		a.setIfMissing("vpc_id", unknown)
		// Default subnets give instances public addresses. See
		// https://docs.aws.amazon.com/vpc/latest/userguide/default-subnet.html
		a.setIfMissing("map_public_ip_on_launch", cty.True)
	case "aws_security_group":
		if a.missing("vpc_id") {
			if v, ok := reg.defaultVPC[region]; ok {
				a["vpc_id"] = cty.StringVal(v)
			} else {
				a["vpc_id"] = unknown
			}
		}
		a.setIfMissing("name", unknown)
	case "aws_eip":
		a.setIfMissing("allocation_id", cty.StringVal(id))
		if v, ok := a.str("address"); ok {
			a.setIfMissing("public_ip", cty.StringVal(v))
		}
		a.setIfMissing("public_ip", unknown)
		a.setIfMissing("private_ip", unknown)
		a.setIfMissing("association_id", unknown)
		a.setIfMissing("public_dns", unknown)
		a.setIfMissing("domain", cty.StringVal("vpc"))
	case "aws_nat_gateway":
		a.setIfMissing("network_interface_id", cty.StringVal(placeholderOf(model.KindNetworkInterface, addr+"#eni")))
		a.setIfMissing("private_ip", unknown)
		a.setIfMissing("public_ip", unknown)
		a.setIfMissing("connectivity_type", cty.StringVal("public"))
	case "aws_instance":
		a.setIfMissing("primary_network_interface_id", cty.StringVal(placeholderOf(model.KindNetworkInterface, addr+"#eni0")))
		a.setIfMissing("private_ip", unknown)
		a.setIfMissing("public_ip", unknown)
		a.setIfMissing("private_dns", unknown)
		a.setIfMissing("public_dns", unknown)
		a.setIfMissing("subnet_id", unknown)
		a.setIfMissing("availability_zone", unknown)
	case "aws_network_interface":
		if v, ok := a["private_ips"]; ok && v.IsKnown() && !v.IsNull() && v.CanIterateElements() && v.LengthInt() > 0 {
			it := v.ElementIterator()
			it.Next()
			_, first := it.Element()
			a.setIfMissing("private_ip", first)
		}
		a.setIfMissing("private_ip", unknown)
		a.setIfMissing("private_ips", cty.UnknownVal(cty.Set(cty.String)))
		a.setIfMissing("mac_address", unknown)
	case "aws_ec2_transit_gateway":
		rt := placeholderOf(model.KindTGWRouteTable, addr+"#default")
		enabled := false
		for _, opt := range []string{"default_route_table_association", "default_route_table_propagation"} {
			if v, ok := a.str(opt); !ok || v != "disable" {
				enabled = true
				a.setIfMissing(strings.TrimPrefix(opt, "default_route_table_")+"_default_route_table_id", cty.StringVal(rt))
			}
		}
		if v, ok := a.str("association_default_route_table_id"); ok {
			rt = v
		} else if v, ok := a.str("propagation_default_route_table_id"); ok {
			rt = v
		}
		if enabled {
			reg.tgwDefault[id] = rt
			reg.implicit[rt] = implicitObject{owner: id, role: roleTGWDefaultRouteTable}
		}
		a.setIfMissing("amazon_side_asn", cty.NumberIntVal(64512))
	case "aws_vpn_connection":
		if !a.missing("transit_gateway_id") {
			a.setIfMissing("transit_gateway_attachment_id", cty.StringVal(placeholderOf(model.KindTGWAttachment, addr+"#attachment")))
		}
		for _, n := range []string{"tunnel1_address", "tunnel2_address", "customer_gateway_configuration", "tunnel1_cgw_inside_address", "tunnel2_cgw_inside_address", "tunnel1_vgw_inside_address", "tunnel2_vgw_inside_address"} {
			a.setIfMissing(n, unknown)
		}
	case "aws_vpc_endpoint":
		a.setIfMissing("vpc_endpoint_type", cty.StringVal("Gateway"))
		if t, _ := a.str("vpc_endpoint_type"); t == "Gateway" {
			if s, ok := a.str("service_name"); ok {
				a.setIfMissing("prefix_list_id", cty.StringVal(servicePrefixListID(s)))
			}
		}
		a.setIfMissing("prefix_list_id", unknown)
		a.setIfMissing("network_interface_ids", cty.UnknownVal(cty.Set(cty.String)))
		a.setIfMissing("cidr_blocks", cty.UnknownVal(cty.List(cty.String)))
		a.setIfMissing("dns_entry", cty.DynamicVal)
	case "aws_vpc_endpoint_service":
		// The service's name is AWS's: com.amazonaws.vpce.<region>.<id>.
		// https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html
		if region != "" {
			a.setIfMissing("service_name", cty.StringVal("com.amazonaws.vpce."+region+"."+id))
		}
		a.setIfMissing("service_name", unknown)
	case "aws_vpc_peering_connection":
		a.setIfMissing("accept_status", unknown)
	case "aws_vpc_peering_connection_accepter":
		a.setIfMissing("vpc_id", unknown)
		a.setIfMissing("peer_vpc_id", unknown)
		a.setIfMissing("accept_status", unknown)
	}
	return notes
}

// servicePrefixListID is the placeholder id of the AWS-managed prefix list
// of a gateway endpoint service (com.amazonaws.<region>.s3): one per service.
func servicePrefixListID(service string) string {
	return placeholderOf(model.KindPrefixList, "service:"+service)
}

// firewallStatus is the firewall_status a firewall will have: one sync
// state per subnet mapping, its zone and an attachment whose endpoint_id is
// the placeholder id of the endpoint mapFirewall makes in that subnet, so
// that routes to firewall_status[0].sync_states endpoints — whichever way
// they pick one (a for expression keyed by zone, filtered by subnet_id) —
// evaluate to that endpoint. See the attribute reference of
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/networkfirewall_firewall
// False when a subnet mapping is not known.
func firewallStatus(addr string, a attrs, reg *idRegistry) (cty.Value, bool) {
	sm, ok := a["subnet_mapping"]
	if !ok || !sm.IsWhollyKnown() || sm.IsNull() || !sm.CanIterateElements() || sm.LengthInt() == 0 {
		return cty.NilVal, false
	}
	var states []cty.Value
	for it := sm.ElementIterator(); it.Next(); {
		_, m := it.Element()
		if !m.Type().IsObjectType() || !m.Type().HasAttribute("subnet_id") {
			return cty.NilVal, false
		}
		sv := m.GetAttr("subnet_id")
		if sv.IsNull() || sv.Type() != cty.String {
			return cty.NilVal, false
		}
		subnet := sv.AsString()
		zone := cty.UnknownVal(cty.String)
		if z := reg.subnetAZ[subnet]; z != "" {
			zone = cty.StringVal(z)
		}
		att := cty.ObjectVal(map[string]cty.Value{
			"endpoint_id":    cty.StringVal(firewallEndpointID(addr, reg.subnetAZ[subnet], subnet)),
			"subnet_id":      sv,
			"status":         cty.UnknownVal(cty.String),
			"status_message": cty.UnknownVal(cty.String),
		})
		states = append(states, cty.ObjectVal(map[string]cty.Value{
			"availability_zone": zone,
			"attachment":        cty.ListVal([]cty.Value{att}),
		}))
	}
	status := cty.ObjectVal(map[string]cty.Value{
		"sync_states":                            cty.SetVal(states),
		"transit_gateway_attachment_sync_states": cty.ListValEmpty(cty.DynamicPseudoType),
	})
	return cty.ListVal([]cty.Value{status}), true
}

// firewallEndpointName is the name of a firewall's endpoint in a subnet:
// the firewall's address and the subnet's zone (its id when the zone is not
// known). firewallEndpointID is its placeholder id.
func firewallEndpointName(addr, zone, subnet string) string {
	if zone == "" {
		zone = subnet
	}
	return addr + "/" + zone
}

func firewallEndpointID(addr, zone, subnet string) string {
	return placeholderID("vpce", firewallEndpointName(addr, zone, subnet))
}
