package rules

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// CIDROverlap reports address blocks that collide where AWS routing needs
// them apart. AWS rejects or breaks each case:
//   - peering: "You cannot create a VPC peering connection between VPCs that
//     have matching or overlapping IPv4 or IPv6 CIDR blocks"
//     (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html);
//   - transit gateway: overlapping VPC blocks cannot both be routed, and
//     "transit gateway does not support routing between VPCs with identical
//     CIDRs" (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html);
//   - Direct Connect gateway: its VPCs "must not have overlapping CIDR
//     blocks" (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html);
//   - on premises: the local route covers the VPC's blocks and no route,
//     propagated or static, beats it for them
//     (https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html);
//   - subnets: "The CIDR block of a subnet can't overlap ... other subnets in
//     the VPC" (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html);
//   - routes more specific than local: "The destination must match the
//     entire IPv4 or IPv6 CIDR block of a subnet in your VPC. The target
//     must be a NAT gateway, network interface, or Gateway Load Balancer
//     endpoint" (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html);
//     a gateway route table allows only a network interface or Gateway Load
//     Balancer endpoint (https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html).
var CIDROverlap = &Rule{
	ID:       "cidr-overlap",
	Severity: Error,
	Requires: []*Analysis{Connectivity},
	Run: func(p *Pass) error {
		conn := connectivityOf(p)
		vpcOverlaps(p, conn)
		siteOverlaps(p, conn)
		subnetOverlaps(p)
		moreSpecificThanLocal(p)
		return nil
	},
}

// vpcBlock is one block of a VPC, as an index entry.
type vpcBlock struct {
	vpc   *model.VPC
	block model.Block
}

func (b vpcBlock) rng() hcl.Range {
	if b.block.Range.Filename != "" {
		return b.block.Range
	}
	return b.vpc.Range
}

func (b vpcBlock) resource() string {
	if b.block.Addr != "" {
		return b.block.Addr
	}
	return Address(b.vpc)
}

func vpcBlockIndex(net *model.Network) *prefixIndex[vpcBlock] {
	var ps []netip.Prefix
	var vs []vpcBlock
	for _, v := range net.VPCs {
		for _, b := range append(append([]model.Block(nil), v.CIDRs...), v.IPv6CIDRs...) {
			ps = append(ps, b.Prefix)
			vs = append(vs, vpcBlock{v, b})
		}
	}
	return newPrefixIndex(ps, vs)
}

// rangeLess orders source ranges by file, line and column.
func rangeLess(a, b hcl.Range) bool {
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	if a.Start.Line != b.Start.Line {
		return a.Start.Line < b.Start.Line
	}
	return a.Start.Column < b.Start.Column
}

// maxListed bounds how many other objects one message names.
const maxListed = 5

func vpcOverlaps(p *Pass, conn *connectivity) {
	ix := vpcBlockIndex(p.Network)
	type unconnected struct {
		at     vpcBlock
		others []vpcBlock
	}
	// Pairs come in index order, which is deterministic; keys keeps it.
	var keys []string
	notices := map[string]*unconnected{}
	ix.pairs(func(a, b *indexEntry[vpcBlock]) {
		x, y := a.value, b.value
		// Report on the block written later; point back at the other.
		if rangeLess(x.rng(), y.rng()) {
			x, y = y, x
		}
		if x.vpc == y.vpc {
			p.Report(Finding{
				Message: fmt.Sprintf("vpc %s blocks %s and %s overlap", x.vpc.Name, y.block.Prefix, x.block.Prefix),
				Range:   x.rng(), Resource: x.resource(),
				Related: []Related{{Message: "the other block", Resource: y.resource(), Range: y.rng()}},
				Fix:     "Remove the overlapping block: AWS does not associate a block that overlaps another block of the same VPC.",
			})
			return
		}
		if reason := conn.vpcReason(x.vpc, y.vpc); reason != "" {
			p.Report(Finding{
				Message: fmt.Sprintf("vpc %s %s overlaps vpc %s %s, and they are %s", x.vpc.Name, x.block.Prefix, y.vpc.Name, y.block.Prefix, reason),
				Range:   x.rng(), Resource: x.resource(),
				Related: []Related{{Message: fmt.Sprintf("vpc %s %s", y.vpc.Name, y.block.Prefix), Resource: y.resource(), Range: y.rng()}},
				Fix:     fmt.Sprintf("Re-address vpc %s or vpc %s so that their blocks are disjoint; connected VPCs cannot route to each other's overlapping addresses.", x.vpc.Name, y.vpc.Name),
			})
			return
		}
		if x.vpc.Default && y.vpc.Default {
			return
		}
		key := x.vpc.Name + "\x00" + x.block.Prefix.String()
		n := notices[key]
		if n == nil {
			n = &unconnected{at: x}
			notices[key] = n
			keys = append(keys, key)
		}
		n.others = append(n.others, y)
	})
	for _, key := range keys {
		n := notices[key]
		x := n.at
		var names []string
		var related []Related
		for i, y := range n.others {
			if i < maxListed {
				names = append(names, fmt.Sprintf("vpc %s %s", y.vpc.Name, y.block.Prefix))
				related = append(related, Related{Message: fmt.Sprintf("vpc %s %s", y.vpc.Name, y.block.Prefix), Resource: y.resource(), Range: y.rng()})
			}
		}
		list := strings.Join(names, ", ")
		if extra := len(n.others) - maxListed; extra > 0 {
			list += fmt.Sprintf(" and %d more", extra)
		}
		p.Report(Finding{
			Severity: Notice,
			Message:  fmt.Sprintf("vpc %s %s overlaps %s, which it is not connected to", x.vpc.Name, x.block.Prefix, list),
			Range:    x.rng(), Resource: x.resource(), Related: related,
			Fix: "Nothing breaks today; re-address before these VPCs are ever peered or attached to one transit gateway, which AWS will refuse.",
		})
	}
}

// siteOverlaps reports VPC blocks that overlap an on-premises network's
// own blocks, or a VPN static route equal to or inside them (a summary
// route that merely covers a VPC block is normal and never wins over the
// local route for it).
func siteOverlaps(p *Pass, conn *connectivity) {
	ix := vpcBlockIndex(p.Network)
	type clash struct {
		at      vpcBlock
		site    model.Object
		theirs  []string
		related []Related
	}
	var keys []string
	clashes := map[string]*clash{}
	add := func(at vpcBlock, site model.Object, what string, rel Related) {
		key := at.vpc.Name + "\x00" + at.block.Prefix.String() + "\x00" + string(site.Kind()) + "\x00" + site.Base().Name
		c := clashes[key]
		if c == nil {
			c = &clash{at: at, site: site}
			clashes[key] = c
			keys = append(keys, key)
		}
		for _, t := range c.theirs {
			if t == what {
				return
			}
		}
		c.theirs = append(c.theirs, what)
		c.related = append(c.related, rel)
	}
	for _, o := range p.Network.OnPrem {
		for _, b := range o.CIDRs {
			ix.overlapping(b.Prefix, func(e *indexEntry[vpcBlock]) {
				r := b.Range
				if r.Filename == "" {
					r = o.Range
				}
				add(e.value, o, b.Prefix.String(), Related{Message: fmt.Sprintf("%s block %s", name(o), b.Prefix), Resource: Address(o), Range: r})
			})
		}
	}
	siteOf := map[*model.VPNConnection]model.Object{}
	for _, o := range p.Network.OnPrem {
		for _, r := range o.Connections {
			if c, ok := r.Obj.(*model.VPNConnection); ok {
				if prev, ok := siteOf[c]; !ok || o.Name < prev.Base().Name {
					siteOf[c] = o
				}
			}
		}
	}
	for _, c := range p.Network.VPNConnections {
		site, ok := siteOf[c]
		if !ok {
			site = c
		}
		for _, b := range c.StaticRoutes {
			ix.overlapping(b.Prefix, func(e *indexEntry[vpcBlock]) {
				if !model.Covers(e.prefix, b.Prefix) {
					return
				}
				r := b.Range
				if r.Filename == "" {
					r = c.Range
				}
				add(e.value, site, "static route "+b.Prefix.String()+" of "+name(c),
					Related{Message: fmt.Sprintf("static route %s of %s", b.Prefix, name(c)), Resource: Address(c), Range: r})
			})
		}
	}
	for _, key := range keys {
		c := clashes[key]
		x := c.at
		related := append([]Related(nil), c.related...)
		for _, t := range x.vpc.RouteTables {
			for i := range t.Routes {
				r := &t.Routes[i]
				if r.Origin == model.OriginStatic || r.Origin == model.OriginPrefixList || !r.Dest.IsValid() || !x.block.Prefix.Overlaps(r.Dest) {
					continue
				}
				related = append(related, Related{
					Message:  fmt.Sprintf("propagated route %s → %s in route table %s, hidden by the local route", r.Dest, routeTarget(r), t.Name),
					Resource: routeResource(t, r), Range: r.Range,
				})
			}
		}
		theirs := strings.Join(c.theirs, ", ")
		if reason := conn.siteReason(c.site, x.vpc); reason != "" {
			p.Report(Finding{
				Message: fmt.Sprintf("vpc %s %s overlaps %s %s, %s: the local route wins, so traffic for those addresses never leaves the vpc",
					x.vpc.Name, x.block.Prefix, name(c.site), theirs, reason),
				Range: x.rng(), Resource: x.resource(), Related: related,
				Fix: fmt.Sprintf("Re-address the overlapping part of vpc %s (or the site) from a range the IP plan reserves for AWS; no route can send the VPC's own addresses elsewhere.", x.vpc.Name),
			})
			continue
		}
		p.Report(Finding{
			Severity: Notice,
			Message:  fmt.Sprintf("vpc %s %s overlaps %s %s, which does not reach it", x.vpc.Name, x.block.Prefix, name(c.site), theirs),
			Range:    x.rng(), Resource: x.resource(), Related: related,
			Fix: "Nothing breaks today; re-address before the site is connected to this VPC.",
		})
	}
}

// subnetOverlaps reports subnets of one VPC whose blocks overlap.
func subnetOverlaps(p *Pass) {
	type subnetBlock struct {
		s *model.Subnet
		b model.Block
	}
	for _, v := range p.Network.VPCs {
		var ps []netip.Prefix
		var vs []subnetBlock
		for _, s := range v.Subnets {
			for _, b := range []model.Block{s.CIDR, s.IPv6CIDR} {
				if b.Prefix.IsValid() {
					ps = append(ps, b.Prefix)
					vs = append(vs, subnetBlock{s, b})
				}
			}
		}
		rng := func(x subnetBlock) hcl.Range {
			if x.b.Range.Filename != "" {
				return x.b.Range
			}
			return x.s.Range
		}
		newPrefixIndex(ps, vs).pairs(func(a, b *indexEntry[subnetBlock]) {
			x, y := a.value, b.value
			if rangeLess(rng(x), rng(y)) {
				x, y = y, x
			}
			p.Report(Finding{
				Message: fmt.Sprintf("subnet %s %s overlaps subnet %s %s in vpc %s", x.s.Name, x.b.Prefix, y.s.Name, y.b.Prefix, v.Name),
				Range:   rng(x), Resource: Address(x.s),
				Related: []Related{{Message: fmt.Sprintf("subnet %s %s", y.s.Name, y.b.Prefix), Resource: Address(y.s), Range: rng(y)}},
				Fix:     "Give each subnet its own part of the VPC's blocks; AWS rejects a subnet that overlaps another.",
			})
		})
	}
}

// moreSpecificThanLocal reports routes for part (or all) of a VPC block that
// AWS does not accept next to the local route.
func moreSpecificThanLocal(p *Pass) {
	for _, t := range p.Network.RouteTables {
		v := t.VPCOf()
		if v == nil {
			continue
		}
		gatewayTable := len(t.Gateways) > 0
		isSubnetBlock := func(p netip.Prefix) bool {
			for _, s := range v.Subnets {
				if s.CIDR.Prefix == p || s.IPv6CIDR.Prefix == p {
					return true
				}
			}
			return false
		}
		for i := range t.Routes {
			r := &t.Routes[i]
			// A target vpcheck does not model (a Network Firewall endpoint,
			// say, which AWS accepts here like a gateway load balancer
			// endpoint) cannot be judged: never report AWS rejecting it.
			if r.Target == model.TargetLocal || r.Target == model.TargetUnsupported || r.Origin != model.OriginStatic || !r.Dest.IsValid() {
				continue
			}
			for _, b := range v.Prefixes() {
				if !model.Covers(b, r.Dest) {
					continue
				}
				targetOK := r.Target == model.TargetNetworkInterface || r.Target == model.TargetInstance ||
					r.Target == model.TargetVPCEndpoint && isGWLBEndpoint(r) ||
					r.Target == model.TargetNATGateway && !gatewayTable
				destOK := r.Dest == b || isSubnetBlock(r.Dest)
				if targetOK && destOK {
					break
				}
				allowed := "a nat gateway, network interface or gateway load balancer endpoint"
				if gatewayTable {
					allowed = "a network interface or gateway load balancer endpoint"
				}
				what := "more specific than"
				if r.Dest == b {
					what = "the same block as"
				}
				p.Report(Finding{
					Message: fmt.Sprintf("route %s → %s in route table %s is %s the local route %s of vpc %s: aws accepts only a whole subnet of the vpc routed to %s",
						r.Dest, routeTarget(r), t.Name, what, b, v.Name, allowed),
					Range: r.Range, Resource: routeResource(t, r),
					Fix: fmt.Sprintf("Remove the route, or make it a whole subnet's block routed to %s (middlebox insertion); traffic inside the VPC otherwise follows the local route.", allowed),
				})
				break
			}
		}
	}
}

// isGWLBEndpoint reports whether a route goes to a Gateway Load Balancer
// or Network Firewall endpoint, which AWS accepts as a middlebox target:
// https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html
func isGWLBEndpoint(r *model.Route) bool {
	e := model.Target[*model.VPCEndpoint](r.TargetRef)
	return e != nil && (e.Type == model.EndpointGatewayLB || e.Type == model.EndpointFirewall)
}
