package rules

import (
	"fmt"
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

// PMTUDBlackhole reports instances whose path MTU drops on the way to a
// peer while the ICMP message that says so cannot come back. Inside a VPC
// the MTU is 9001; traffic through an internet gateway or over a
// Site-to-Site VPN is limited to 1500
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/network_mtu.html).
// A device where the MTU drops discards a larger packet that may not be
// fragmented and returns "Destination Unreachable: Fragmentation Needed"
// (ICMP type 3 code 4; ICMPv6 "Packet Too Big", type 2); the network ACLs
// must allow it in and the instance's security groups must admit it
// (https://docs.aws.amazon.com/vpc/latest/userguide/path_mtu_discovery.html).
// Both verdicts are the fast path's: the packet to the peer, then the
// ICMP message from the peer's side to the address the peer sees.
// The drop to 8500 at a transit gateway is checked from every source
// address, the message's own not being documented (pmtudTransit); the
// drop over inter-Region peering is not checked, no page saying whether
// a message is returned (rules/docs/pmtud-blackhole.md).
var PMTUDBlackhole = &Rule{
	ID: "pmtud-blackhole",
	// A notice: AWS recommends admitting the message (the network ACL rule
	// is a must only where MTUs differ), and whether large packets are
	// sent depends on the instances' own MTU.
	Severity: Notice,
	Requires: []*Analysis{Dataplane},
	// Each instance's flow to the internet and to each site, and the ICMP
	// error those send back (a new flow from outside).
	Locality: &impact.Explorations{Internet: true, OnPrem: true, Inside: true, Replies: true, Kinds: []model.Kind{model.KindInstance, model.KindNetworkInterface, model.KindOnPrem}},
	Run: func(p *Pass) error {
		an := analyzerOf(p)
		d := an.Dataplane()
		type key struct {
			component model.Object
			via       string
		}
		seen := map[key]bool{}
		for _, inst := range p.Network.Instances {
			for _, e := range model.Targets[*model.NetworkInterface](inst.Interfaces) {
				if _, ok := d.ENIOut[e]; !ok {
					continue
				}
				for _, c := range pmtudChecks(an, e) {
					k := key{c.blocker.Component, c.via}
					if c.blocker.Component == nil || seen[k] {
						continue
					}
					seen[k] = true
					fixFrom := c.peer
					if c.fixFrom != "" {
						fixFrom = c.fixFrom
					}
					p.Report(Finding{
						Message: fmt.Sprintf("path mtu discovery from %s to %s cannot work: the mtu drops from 9001 to %d at %s, and icmp %s from %s does not come back (%s: %s): large packets stall",
							name(d.DisplayOf(e)), c.peer, c.mtu, c.via, c.icmp, c.from, c.blocker.Code, c.blocker.Message),
						Range:    c.blocker.Range,
						Resource: Address(c.blocker.Component),
						Related:  []Related{{Message: name(d.DisplayOf(e)), Resource: Address(d.DisplayOf(e)), Range: d.DisplayOf(e).Base().Range}},
						Fix:      fmt.Sprintf("Allow icmp %s inbound from %s in the network ACL and the security groups of %s.", c.icmp, fixFrom, name(d.DisplayOf(e))),
					})
				}
			}
		}
		return nil
	},
}

// pmtudCheck is one blocked ICMP message back to a sender.
type pmtudCheck struct {
	peer, via, icmp, from string
	fixFrom               string
	mtu                   int
	blocker               dataplane.Outcome
}

// Where the walks go: the documentation addresses trace uses for servers on
// the internet, and the first host of an on-premises site's first block.
var (
	pmtudInternet4 = netip.MustParseAddr("203.0.113.10")
	pmtudInternet6 = netip.MustParseAddr("2001:db8:eeee::10")
)

// pmtudChecks walks, from ENI e, a TCP packet to the internet (IPv4 and
// IPv6) and to each on-premises site behind a VPN, and where the walk
// crosses an internet gateway or a VPN connection (and no NAT gateway,
// which translates the ICMP message of a session back itself), the ICMP
// message from the peer to the address it saw. The walks are the fast
// path's from the compiled nodes themselves: resolving selectors per
// interface would cost a scan of the network each time.
func pmtudChecks(an *analyzer.Analyzer, e *model.NetworkInterface) []pmtudCheck {
	d := an.Dataplane()
	fp := an.FastPath()
	start, ok := d.ENIOut[e]
	if !ok {
		return nil
	}
	var src4 netip.Addr
	for _, a := range d.Addrs[e] {
		if a.Is4() {
			src4 = a
			break
		}
	}
	var out []pmtudCheck
	try := func(src, dst netip.Addr, arrive, peerStart dataplane.NodeID, peer string, proto model.Protocol, icmpType uint8, crosses dataplane.NodeKind) {
		if !src.IsValid() || !dst.IsValid() || arrive < 0 || peerStart < 0 {
			return
		}
		var sess fastpath.Sessions
		fwd := fp.Forward(start, packet.Packet{Proto: uint8(model.ProtoTCP), Src: src, Dst: dst, SrcPort: 49152, DstPort: 443}, &sess, true)
		if !fwd.Delivered || fwd.Node != arrive {
			return
		}
		via := ""
		for _, h := range fwd.Hops {
			n := &d.Nodes[h.Node]
			switch n.Kind {
			case dataplane.NodeNATRouted:
				return
			case crosses:
				via = model.Label(n.Component)
			}
		}
		if via == "" {
			return
		}
		fin := fwd.Final
		var code uint8 = 4
		icmp := "type 3 code 4 (fragmentation needed)"
		if proto == model.ProtoICMPv6 {
			code, icmp = 0, "type 2 (packet too big)"
		}
		var none fastpath.Sessions
		bk := fp.Forward(peerStart, packet.Packet{Proto: uint8(proto), Src: fin.Dst, Dst: fin.Src, ICMPType: icmpType, ICMPCode: code}, &none, true)
		if bk.Delivered {
			return
		}
		o := bk.Explained()
		switch o.Code {
		case dataplane.CodeNACLIngressDeny, dataplane.CodeSGIngressDeny:
			out = append(out, pmtudCheck{peer: peer, via: via, icmp: icmp, from: d.DisplayAddr(fin.Dst), mtu: 1500, blocker: o})
		}
	}
	out = append(out, pmtudTransit(an, e, start, src4)...)
	internet := d.InternetTerminal()
	try(src4, pmtudInternet4, internet, d.Internet, "the internet", model.ProtoICMP, 3, dataplane.NodeIGWOut)
	if len(e.IPv6s) > 0 {
		try(e.IPv6s[0], pmtudInternet6, internet, d.Internet, "the internet", model.ProtoICMPv6, 2, dataplane.NodeIGWOut)
	}
	for _, site := range d.Net.OnPrem {
		id, ok := d.OnPrem[site]
		if !ok || len(site.CIDRs) == 0 {
			continue
		}
		b := site.CIDRs[0].Prefix.Masked()
		dst := b.Addr()
		if !b.IsSingleIP() {
			dst = dst.Next()
		}
		try(src4, dst, d.SiteTerminal(id), id, name(site), model.ProtoICMP, 3, dataplane.NodeVPN)
	}
	return out
}

// pmtudTransit checks, once per transit gateway that ENI e's route table
// routes to, the drop to 8500 bytes at the transit gateway
// (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html),
// which since November 2024 answers larger packets arriving on a VPC
// attachment with ICMP type 3 code 4 (ICMPv6 type 2) to the sender
// (https://aws.amazon.com/blogs/networking-and-content-delivery/performance-and-metrics-enhancements-for-aws-transit-gateway-and-aws-cloud-wan/).
// No page says from which address, so the verdict must hold for every
// source: the fast path walks a TCP packet to the first host of the route's
// block and, when it crosses the transit gateway's attachment, the symbolic
// engine explores the ICMP message from any source to the sender's address,
// entering the VPC where the transit gateway does (the attachment's subnet
// in the sender's zone). Reported only when no packet of that set is
// delivered and a network ACL or security group denies it: a rule that
// admits the message from some sources is taken to admit it, since the
// transit gateway's address may be among them (conservative).
func pmtudTransit(an *analyzer.Analyzer, e *model.NetworkInterface, start dataplane.NodeID, src4 netip.Addr) []pmtudCheck {
	sub := e.SubnetOf()
	if sub == nil || sub.RouteTable == nil {
		return nil
	}
	d := an.Dataplane()
	fp := an.FastPath()
	var out []pmtudCheck
	done := map[*model.TransitGateway]bool{}
	for _, r := range sub.RouteTable.Routes {
		g := model.Target[*model.TransitGateway](r.TargetRef)
		if r.Target != model.TargetTransitGateway || g == nil || done[g] || !r.Dest.IsValid() {
			continue
		}
		src, proto, icmp, match := src4, model.ProtoICMP, "type 3 code 4 (fragmentation needed)", model.ICMPMatch{Type: 3, Code: 4}
		if r.Dest.Addr().Is6() {
			if len(e.IPv6s) == 0 {
				continue
			}
			src, proto, icmp, match = e.IPv6s[0], model.ProtoICMPv6, "type 2 (packet too big)", model.ICMPMatch{Type: 2, Code: 0}
		}
		if !src.IsValid() {
			continue
		}
		b := r.Dest.Masked()
		dst := b.Addr()
		if !b.IsSingleIP() {
			dst = dst.Next()
		}
		var sess fastpath.Sessions
		fwd := fp.Forward(start, packet.Packet{Proto: uint8(model.ProtoTCP), Src: src, Dst: dst, SrcPort: 49152, DstPort: 443}, &sess, true)
		var att *model.TGWAttachment
		for _, h := range fwd.Hops {
			n := &d.Nodes[h.Node]
			if n.Kind == dataplane.NodeNATRouted {
				break
			}
			if a, ok := n.Component.(*model.TGWAttachment); ok && n.Kind == dataplane.NodeTGWIn && model.Target[*model.TransitGateway](a.TransitGateway) == g {
				att = a
				break
			}
		}
		if att == nil {
			continue
		}
		done[g] = true
		entry := dataplane.NodeID(-1)
		for _, s := range model.Targets[*model.Subnet](att.Subnets) {
			if id, ok := d.Router[s]; ok && s.AZ == sub.AZ {
				entry = id
			}
		}
		if entry < 0 {
			continue
		}
		sym := an.Symbolic()
		ops := sym.Space()
		set := ops.Intersect(sym.Match(proto, model.PortRange{}, match),
			ops.Prefixes(dataplane.FieldDst, dataplane.HostPrefixes([]netip.Addr{src})))
		var blocker *dataplane.Outcome
		delivered := false
		for _, l := range sym.Explore(entry, set, false) {
			if l.Delivered {
				delivered = true
				break
			}
			if blocker == nil && (l.Outcome.Code == dataplane.CodeNACLIngressDeny || l.Outcome.Code == dataplane.CodeSGIngressDeny) {
				o := l.Outcome
				blocker = &o
			}
		}
		if delivered || blocker == nil {
			continue
		}
		out = append(out, pmtudCheck{peer: "destinations behind transit gateway " + g.Name, via: "transit gateway " + g.Name,
			icmp: icmp, from: "any source address", fixFrom: "any address", mtu: 8500, blocker: *blocker})
	}
	return out
}
