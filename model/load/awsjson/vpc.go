package awsjson

import (
	"github.com/vpcheck/vpcheck/model"
)

func (l *loader) indexVPC(n node) {
	l.note(model.KindVPC, n.str("VpcId"), "")
}

// associated reports whether a CIDR block association is in force. A block
// being associated or disassociated does not route yet (or any more); see
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcCidrBlockState.html
func associated(a node, stateKey string) bool {
	s := a.state(stateKey)
	return s == "" || s == "associated"
}

// buildVPC reads describe-vpcs. The primary block is CidrBlock; the
// association set repeats it and adds the secondary blocks, including
// disassociated ones that no longer belong to the VPC. See
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
func (l *loader) buildVPC(n node) {
	v := &model.VPC{Meta: n.meta("VpcId"), Account: n.str("OwnerId"), Default: n.boolean("IsDefault", false)}
	primary := n.str("CidrBlock")
	assocs := n.objects("CidrBlockAssociationSet")
	if len(assocs) == 0 {
		if b, ok := n.cidr("CidrBlock"); ok {
			v.CIDRs = append(v.CIDRs, b)
		}
	}
	for _, a := range assocs {
		if !associated(a, "CidrBlockState") {
			continue
		}
		b, ok := a.cidr("CidrBlock")
		if !ok {
			continue
		}
		if b.Prefix.String() == primary && len(v.CIDRs) > 0 {
			v.CIDRs = append([]model.Block{b}, v.CIDRs...)
			continue
		}
		v.CIDRs = append(v.CIDRs, b)
	}
	if _, given := n.get("CidrBlock"); given && len(v.CIDRs) == 0 {
		if _, ok := n.cidr("CidrBlock"); !ok { // reported once: diag drops the repeat
			v.Rejected = append(v.Rejected, model.RejectedCIDR)
		}
	}
	for _, a := range n.objects("Ipv6CidrBlockAssociationSet") {
		if !associated(a, "Ipv6CidrBlockState") {
			continue
		}
		if b, ok := a.cidr("Ipv6CidrBlock"); ok {
			v.IPv6CIDRs = append(v.IPv6CIDRs, b)
		}
	}
	l.add(v, n, "VpcId")
}

func (l *loader) indexSubnet(n node) {
	l.note(model.KindSubnet, n.str("SubnetId"), "")
	l.noteRegion(n.f, regionOfAZ(n.str("AvailabilityZone")))
	l.noteRegion(n.f, regionOfARN(n.str("SubnetArn")))
}

// buildSubnet reads describe-subnets. An IPv6-only subnet has no CidrBlock.
func (l *loader) buildSubnet(n node) {
	s := &model.Subnet{
		Meta:                n.meta("SubnetId"),
		VPC:                 n.ref(model.KindVPC, "VpcId"),
		AZ:                  n.str("AvailabilityZone"),
		MapPublicIPOnLaunch: n.boolean("MapPublicIpOnLaunch", false),
	}
	if b, ok := n.cidr("CidrBlock"); ok {
		s.CIDR = b
	} else if _, given := n.get("CidrBlock"); given {
		s.Rejected = append(s.Rejected, model.RejectedCIDR)
	}
	for _, a := range n.objects("Ipv6CidrBlockAssociationSet") {
		if !associated(a, "Ipv6CidrBlockState") {
			continue
		}
		if b, ok := a.cidr("Ipv6CidrBlock"); ok && !s.IPv6CIDR.Prefix.IsValid() {
			s.IPv6CIDR = b
		}
	}
	l.add(s, n, "SubnetId")
}
