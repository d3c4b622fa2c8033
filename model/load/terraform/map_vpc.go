package terraform

import (
	"github.com/vpcheck/vpcheck/model"
)

// VPCs, their extra address blocks and subnets. See
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc
// and https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html

func init() {
	register("aws_vpc", 0, mapVPC)
	register("aws_default_vpc", 0, mapVPC)
	register("aws_vpc_ipv4_cidr_block_association", 3, mapVPCCIDRAssociation)
	register("aws_vpc_ipv6_cidr_block_association", 3, mapVPCCIDRAssociation)
	register("aws_subnet", 1, mapSubnet)
	register("aws_default_subnet", 1, mapSubnet)
}

func mapVPC(m *mapper, r *resource) {
	rd := m.reader(r)
	v := &model.VPC{Meta: m.meta(r), Region: r.region, Default: r.typ == "aws_default_vpc"}
	if p, ok := rd.prefix("cidr_block"); ok {
		v.CIDRs = append(v.CIDRs, model.Block{Prefix: p, Range: rd.at("cidr_block")})
	} else if rd.known("cidr_block") {
		v.Rejected = append(v.Rejected, model.RejectedCIDR)
	}
	if p, ok := rd.prefix("ipv6_cidr_block"); ok {
		v.IPv6CIDRs = append(v.IPv6CIDRs, model.Block{Prefix: p, Range: rd.at("ipv6_cidr_block")})
	}
	if s, ok := r.value.str("owner_id"); ok {
		v.Account = s
	}
	m.add(v)
}

// mapVPCCIDRAssociation adds a secondary block to its VPC.
func mapVPCCIDRAssociation(m *mapper, r *resource) {
	rd := m.reader(r)
	v := target[*model.VPC](rd, "vpc_id", "vpc")
	if v == nil {
		return
	}
	if p, ok := rd.prefix("cidr_block"); ok {
		v.CIDRs = append(v.CIDRs, model.Block{Prefix: p, Addr: r.addr, Range: rd.at("cidr_block")})
	} else if r.typ == "aws_vpc_ipv4_cidr_block_association" && !rd.set("cidr_block") && rd.set("ipv4_ipam_pool_id") {
		m.noteUnknown(r, "cidr_block")
	}
	if p, ok := rd.prefix("ipv6_cidr_block"); ok {
		v.IPv6CIDRs = append(v.IPv6CIDRs, model.Block{Prefix: p, Addr: r.addr, Range: rd.at("ipv6_cidr_block")})
	} else if r.typ == "aws_vpc_ipv6_cidr_block_association" && !rd.set("ipv6_cidr_block") {
		// An Amazon-provided or IPAM block: assigned on apply.
		m.noteUnknown(r, "ipv6_cidr_block")
	}
}

func mapSubnet(m *mapper, r *resource) {
	rd := m.reader(r)
	s := &model.Subnet{Meta: m.meta(r), VPC: rd.ref(model.KindVPC, "vpc_id")}
	if p, ok := rd.prefix("cidr_block"); ok {
		s.CIDR = model.Block{Prefix: p, Range: rd.at("cidr_block")}
	} else if rd.known("cidr_block") {
		s.Rejected = append(s.Rejected, model.RejectedCIDR)
	}
	if p, ok := rd.prefix("ipv6_cidr_block"); ok {
		s.IPv6CIDR = model.Block{Prefix: p, Range: rd.at("ipv6_cidr_block")}
	}
	// The zone is informative (several rules compare zones); when AWS picks
	// it, it stays empty without a notice.
	if az, ok := r.value.str("availability_zone"); ok {
		s.AZ = az
	} else if id, ok := r.value.str("availability_zone_id"); ok {
		s.AZ = id
	}
	s.MapPublicIPOnLaunch = rd.boolean("map_public_ip_on_launch", r.typ == "aws_default_subnet")
	m.add(s)
}
