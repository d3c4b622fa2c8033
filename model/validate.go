package model

import (
	"fmt"
	"net/netip"

	"github.com/hashicorp/hcl/v2"
)

// Validate checks what a loader cannot be trusted to have checked and that
// needs no engine: address families in the right fields, required
// relations present, NACL rule numbers in range and unique, no duplicate
// route destinations. Run it after Link. AWS-semantic problems (a subnet
// outside its VPC, a block of the wrong size) are lint rules, not errors
// here: the network is still analysable.
func (n *Network) Validate() hcl.Diagnostics {
	var diags Collector
	errf := func(r hcl.Range, summary string, args ...any) {
		diags.Add(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf(summary, args...), Subject: rangePtr(r)})
	}
	for _, v := range n.VPCs {
		if len(v.CIDRs) == 0 && !v.Rejects(RejectedCIDR) {
			// Terraform may leave the block to apply time (IPAM): the VPC
			// is still analysable, its addresses are not.
			diags.Add(&hcl.Diagnostic{Severity: hcl.DiagWarning, Subject: rangePtr(v.Range),
				Summary: fmt.Sprintf("vpc %q has no known IPv4 CIDR block", v.Name),
				Detail:  "Every VPC has one; when it is allocated at apply time (IPAM), vpcheck cannot analyse traffic to the VPC's addresses."})
		}
		for _, b := range v.CIDRs {
			if !b.Prefix.Addr().Is4() {
				errf(b.Range, "vpc %q: %s is not an IPv4 block; IPv6 blocks go in ipv6_cidr_blocks", v.Name, b.Prefix)
			}
		}
		for _, b := range v.IPv6CIDRs {
			if !b.Prefix.Addr().Is6() {
				errf(b.Range, "vpc %q: %s is not an IPv6 block", v.Name, b.Prefix)
			}
		}
	}
	for _, s := range n.Subnets {
		if !s.VPC.Set() {
			errf(s.Range, "subnet %q has no vpc", s.Name)
		}
		if !s.CIDR.Prefix.IsValid() && !s.IPv6CIDR.Prefix.IsValid() && !s.Rejects(RejectedCIDR) {
			errf(s.Range, "subnet %q has no CIDR block", s.Name)
		}
		if s.CIDR.Prefix.IsValid() && !s.CIDR.Prefix.Addr().Is4() {
			errf(s.CIDR.Range, "subnet %q: %s is not an IPv4 block; use ipv6_cidr_block", s.Name, s.CIDR.Prefix)
		}
		if s.IPv6CIDR.Prefix.IsValid() && !s.IPv6CIDR.Prefix.Addr().Is6() {
			errf(s.IPv6CIDR.Range, "subnet %q: %s is not an IPv6 block", s.Name, s.IPv6CIDR.Prefix)
		}
	}
	for _, t := range n.RouteTables {
		seen := map[string]hcl.Range{}
		for _, r := range t.Routes {
			key := r.Dest.String()
			if r.DestPrefixList.Set() {
				key = "pl:" + r.DestPrefixList.Key
			}
			if !r.Dest.IsValid() && !r.DestPrefixList.Set() {
				errf(r.Range, "route in route table %q has no destination", t.Name)
				continue
			}
			if prev, ok := seen[key]; ok && r.Origin == OriginStatic {
				errf(r.Range, "route table %q has two routes to %s (the other at %s)", t.Name, r.DestString(), prev.String())
				continue
			}
			if r.Origin == OriginStatic {
				seen[key] = r.Range
			}
			if k, ok := TargetKindOf(r.Target); ok && !r.TargetRef.Set() {
				errf(r.Range, "route to %s in route table %q names no %s", r.DestString(), t.Name, k)
			}
		}
	}
	for _, a := range n.NetworkACLs {
		seen := map[[2]int]bool{}
		for _, r := range a.Rules {
			if problem := NACLRuleNumberProblem(a.Name, r.Number); problem != "" {
				errf(r.Range, "%s", problem)
			}
			k := [2]int{int(r.Direction), r.Number}
			if seen[k] && !a.Implicit {
				errf(r.Range, "network ACL %q has two %s rules numbered %d", a.Name, r.Direction, r.Number)
			}
			seen[k] = true
			if !r.CIDR.IsValid() {
				errf(r.Range, "network ACL %q rule %d has no CIDR block", a.Name, r.Number)
			}
		}
	}
	for _, g := range n.SecurityGroups {
		for _, r := range g.Rules {
			if r.PeerKind == PeerCIDR && !r.CIDR.IsValid() {
				errf(r.Range, "security group %q has a rule with no source or destination", g.Name)
			}
		}
	}
	for _, g := range n.NATGateways {
		if !g.Subnet.Set() {
			errf(g.Range, "nat gateway %q has no subnet", g.Name)
		}
	}
	for _, e := range n.Interfaces {
		if !e.Subnet.Set() {
			errf(e.Range, "network interface %q has no subnet", e.Name)
		}
	}
	// "A transit gateway cannot have more than one VPC attachment to the
	// same VPC": https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html
	type tgwVPC struct{ tgw, vpc Object }
	attached := map[tgwVPC]*TGWAttachment{}
	for _, a := range n.TGWAttachments {
		if a.Type != AttachVPC || !a.Available() || a.TransitGateway.Obj == nil || a.VPC.Obj == nil {
			continue
		}
		k := tgwVPC{a.TransitGateway.Obj, a.VPC.Obj}
		if prev, ok := attached[k]; ok {
			errf(a.Range, "transit gateway %q has a second attachment to vpc %q (the other is %q at %s): a transit gateway cannot attach one VPC twice",
				a.TransitGateway.Obj.Base().Name, a.VPC.Obj.Base().Name, prev.Name, prev.Range.String())
			continue
		}
		attached[k] = a
	}
	for _, a := range n.TGWAttachments {
		if !a.TransitGateway.Set() {
			errf(a.Range, "transit gateway attachment %q names no transit gateway", a.Name)
		}
		if a.Type == AttachVPC && (!a.VPC.Set() || len(a.Subnets) == 0) {
			errf(a.Range, "transit gateway VPC attachment %q needs a vpc and at least one subnet", a.Name)
		}
	}
	for _, c := range n.VPNConnections {
		if c.VPNGateway.Set() == c.TransitGateway.Set() {
			errf(c.Range, "vpn connection %q must end at exactly one of a vpn gateway or a transit gateway", c.Name)
		}
	}
	return diags.Diagnostics()
}

// IsIPv4 reports whether the prefix is an IPv4 block.
func IsIPv4(p netip.Prefix) bool { return p.Addr().Is4() }
