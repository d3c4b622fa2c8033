package terraform

import (
	"github.com/vpcheck/vpcheck/model"
)

// VPC endpoints and managed prefix lists. An endpoint is a Gateway endpoint
// unless vpc_endpoint_type says otherwise (the provider's default). A
// gateway endpoint routes to the AWS-managed prefix list of its service;
// that list is added once per service (implicit, without entries: vpcheck
// does not know AWS's addresses). An interface endpoint with no security
// group gets the VPC's default one. See
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_endpoint,
// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html and
// https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html

func init() {
	register("aws_vpc_endpoint", 1, mapVPCEndpoint)
	register("aws_vpc_endpoint_route_table_association", 3, mapEndpointAssociation)
	register("aws_vpc_endpoint_subnet_association", 3, mapEndpointAssociation)
	register("aws_vpc_endpoint_security_group_association", 3, mapEndpointAssociation)
	register("aws_ec2_managed_prefix_list", 0, mapPrefixList)
	register("aws_ec2_managed_prefix_list_entry", 3, mapPrefixListEntry)
}

func mapVPCEndpoint(m *mapper, r *resource) {
	rd := m.reader(r)
	e := &model.VPCEndpoint{Meta: m.meta(r), VPC: rd.ref(model.KindVPC, "vpc_id"), Type: model.EndpointGateway}
	if t, ok := rd.str("vpc_endpoint_type"); ok && t != "" {
		e.Type = model.EndpointType(t)
	}
	if s, ok := rd.str("service_name"); ok {
		e.Service = s
	}
	switch e.Type {
	case model.EndpointGateway:
		e.RouteTables = rd.refs(model.KindRouteTable, "route_table_ids")
		if id, ok := r.value.str("prefix_list_id"); ok {
			e.PrefixList = m.servicePrefixList(id, e.Service, r)
		}
	default:
		e.Subnets = rd.refs(model.KindSubnet, "subnet_ids")
		e.SecurityGroups = rd.refs(model.KindSecurityGroup, "security_group_ids")
		if e.Type == model.EndpointInterface {
			m.finish = append(m.finish, func() {
				if len(e.SecurityGroups) == 0 {
					if ref, ok := m.defaultSecurityGroup(e.VPC.Key, r.rng); ok {
						e.SecurityGroups = []model.Ref{ref}
					}
				}
			})
		}
	}
	m.add(e)
}

// servicePrefixList returns a reference to the AWS-managed prefix list of a
// gateway endpoint's service, adding it on first use.
func (m *mapper) servicePrefixList(id, service string, r *resource) model.Ref {
	if p := lookup[*model.PrefixList](m, id); p != nil {
		return model.To(p)
	}
	if k, _ := model.KindOfID(id); k != model.KindPrefixList || service == "" {
		return model.Ref{Kind: model.KindPrefixList, Key: id, Range: r.rng}
	}
	family := "IPv4"
	p := &model.PrefixList{
		Meta:       model.Meta{Name: service, AWSID: id, Range: r.rng, Implicit: true},
		Family:     family,
		AWSManaged: true,
	}
	m.add(p)
	return model.To(p)
}

func mapEndpointAssociation(m *mapper, r *resource) {
	rd := m.reader(r)
	e := target[*model.VPCEndpoint](rd, "vpc_endpoint_id", "vpc endpoint")
	if e == nil {
		return
	}
	switch r.typ {
	case "aws_vpc_endpoint_route_table_association":
		if ref := rd.ref(model.KindRouteTable, "route_table_id"); ref.Set() {
			e.RouteTables = append(e.RouteTables, ref)
		}
	case "aws_vpc_endpoint_subnet_association":
		if ref := rd.ref(model.KindSubnet, "subnet_id"); ref.Set() {
			e.Subnets = append(e.Subnets, ref)
		}
	case "aws_vpc_endpoint_security_group_association":
		if ref := rd.ref(model.KindSecurityGroup, "security_group_id"); ref.Set() {
			e.SecurityGroups = append(e.SecurityGroups, ref)
		}
	}
}

func mapPrefixList(m *mapper, r *resource) {
	rd := m.reader(r)
	p := &model.PrefixList{Meta: m.meta(r), Family: "IPv4"}
	if f, ok := rd.str("address_family"); ok {
		p.Family = f
	}
	if n, ok := rd.num("max_entries"); ok {
		p.MaxEntries = int(n)
	}
	for _, b := range rd.blocks("entry") {
		if c, ok := b.prefix("cidr"); ok {
			p.Entries = append(p.Entries, model.Block{Prefix: c, Range: b.at("")})
		}
	}
	m.add(p)
}

func mapPrefixListEntry(m *mapper, r *resource) {
	rd := m.reader(r)
	p := target[*model.PrefixList](rd, "prefix_list_id", "prefix list")
	if p == nil {
		return
	}
	if c, ok := rd.prefix("cidr"); ok {
		p.Entries = append(p.Entries, model.Block{Prefix: c, Addr: r.addr, Range: r.rng})
	}
}
