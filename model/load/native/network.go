package native

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

type vpcBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	CIDRBlock      *hcl.Attribute `hcl:"cidr_block,optional"`
	CIDRBlocks     *hcl.Attribute `hcl:"cidr_blocks,optional"`
	IPv6CIDRBlock  *hcl.Attribute `hcl:"ipv6_cidr_block,optional"`
	IPv6CIDRBlocks *hcl.Attribute `hcl:"ipv6_cidr_blocks,optional"`
	Region         *hcl.Attribute `hcl:"region,optional"`
	Account        *hcl.Attribute `hcl:"account,optional"`
	Default        *hcl.Attribute `hcl:"default,optional"`
}

// vpc decodes a vpc block. The address family of each block is checked by
// Network.Validate, which names the attribute to use instead.
func (d *decoder) vpc(b *vpcBlock) {
	v := &model.VPC{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	switch d.exclusive(b.CIDRBlock, b.CIDRBlocks) {
	case b.CIDRBlock:
		if blk, ok := d.cidr(b.CIDRBlock); ok {
			v.CIDRs = []model.Block{blk}
		}
	case b.CIDRBlocks:
		v.CIDRs = d.cidrs(b.CIDRBlocks)
	}
	switch d.exclusive(b.IPv6CIDRBlock, b.IPv6CIDRBlocks) {
	case b.IPv6CIDRBlock:
		if blk, ok := d.cidr(b.IPv6CIDRBlock); ok {
			v.IPv6CIDRs = []model.Block{blk}
		}
	case b.IPv6CIDRBlocks:
		v.IPv6CIDRs = d.cidrs(b.IPv6CIDRBlocks)
	}
	if len(v.CIDRs) == 0 && (b.CIDRBlock != nil || b.CIDRBlocks != nil) {
		v.Rejected = append(v.Rejected, model.RejectedCIDR)
	}
	v.Region, _ = d.str(b.Region)
	v.Account, _ = d.str(b.Account)
	v.Default = d.flag(b.Default, false)
	d.net.Add(v)
}

type subnetBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	VPC              *hcl.Attribute `hcl:"vpc,optional"`
	CIDRBlock        *hcl.Attribute `hcl:"cidr_block,optional"`
	IPv6CIDRBlock    *hcl.Attribute `hcl:"ipv6_cidr_block,optional"`
	AZ               *hcl.Attribute `hcl:"az,optional"`
	PublicIPOnLaunch *hcl.Attribute `hcl:"public_ip_on_launch,optional"`
}

// subnet decodes a subnet block. A missing vpc or CIDR block is reported by
// Network.Validate, for every input format alike.
func (d *decoder) subnet(b *subnetBlock) {
	s := &model.Subnet{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	s.VPC = d.ref(b.VPC, model.KindVPC)
	var ok bool
	if s.CIDR, ok = d.cidr(b.CIDRBlock); !ok && b.CIDRBlock != nil {
		s.Rejected = append(s.Rejected, model.RejectedCIDR)
	}
	s.IPv6CIDR, _ = d.cidr(b.IPv6CIDRBlock)
	s.AZ, _ = d.str(b.AZ)
	s.MapPublicIPOnLaunch = d.flag(b.PublicIPOnLaunch, false)
	d.net.Add(s)
}
