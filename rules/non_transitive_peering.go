package rules

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// NonTransitivePeering reports routes that send traffic into a peering
// connection for destinations outside the peer VPC. "VPC peering does not
// support transitive peering relationships", and "if VPC A has ... an
// internet gateway, a NAT device, a VPN connection, a gateway endpoint, or a
// Direct Connect connection, resources in VPC B can't use [it]" (edge to
// edge routing). https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
var NonTransitivePeering = &Rule{
	ID:       "non-transitive-peering",
	Severity: Error,
	Requires: []*Analysis{RouteRegions},
	Run: func(p *Pass) error {
		regs := regionsOf(p)
		endpoints := serviceListEndpoints(p.Network)
		owners := newOwnerIndex(p.Network)
		for _, t := range p.Network.RouteTables {
			v := t.VPCOf()
			if v == nil {
				continue
			}
			// The regions of one route may come from several prefix-list
			// entries; a route is reported once.
			residuals := map[*model.Route]addrSet{}
			var order []*model.Route
			for _, rr := range regs.vpc[t] {
				pc := model.Target[*model.Peering](rr.Route.TargetRef)
				if pc == nil {
					continue
				}
				if pl := model.Target[*model.PrefixList](rr.Route.DestPrefixList); pl != nil && isServiceList(pl, endpoints) {
					continue
				}
				w := pc.Other(v)
				if w == nil || len(w.CIDRs) == 0 {
					// The peer is outside the inputs, or its blocks are
					// assigned on apply (IPAM): nothing to compare with.
					continue
				}
				rest := rr.Region.minus(vpcBlocks(w))
				if rest.empty() {
					continue
				}
				if _, ok := residuals[rr.Route]; !ok {
					order = append(order, rr.Route)
				}
				residuals[rr.Route] = residuals[rr.Route].union(rest)
			}
			for _, r := range order {
				reportNonTransitive(p, regs, owners, t, v, r, residuals[r])
			}
		}
		return nil
	},
}

// ownerIndex finds what owns addresses: VPC blocks and on-premises blocks.
type ownerIndex struct {
	ix *prefixIndex[model.Object]
}

func newOwnerIndex(net *model.Network) *ownerIndex {
	var ps []netip.Prefix
	var os []model.Object
	for _, v := range net.VPCs {
		for _, p := range v.Prefixes() {
			ps = append(ps, p)
			os = append(os, v)
		}
	}
	for _, o := range net.OnPrem {
		for _, b := range o.CIDRs {
			ps = append(ps, b.Prefix)
			os = append(os, o)
		}
	}
	return &ownerIndex{newPrefixIndex(ps, os)}
}

// ownedPart is a part of an address set and who owns it.
type ownedPart struct {
	owner model.Object // nil for the internet
	part  addrSet
}

// owners splits s among the VPCs and sites that own parts of it, and the
// internet (public addresses nobody in the network owns). Addresses of
// skip are left out.
func (o *ownerIndex) owners(s addrSet, skip *model.VPC) []ownedPart {
	var out []ownedPart
	index := map[model.Object]int{}
	known := addrSet{}
	for _, p := range s.prefixes() {
		o.ix.overlapping(p, func(e *indexEntry[model.Object]) {
			known = known.union(setOf(e.prefix))
			if e.value == model.Object(skip) {
				return
			}
			part := setOf(e.prefix).intersect(setOf(p))
			if i, ok := index[e.value]; ok {
				out[i].part = out[i].part.union(part)
				return
			}
			index[e.value] = len(out)
			out = append(out, ownedPart{e.value, part})
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return objectLess(out[i].owner, out[j].owner) })
	if internet := s.minus(known).intersect(publicSpace()); !internet.empty() {
		out = append(out, ownedPart{nil, internet})
	}
	return out
}

// publicSpace is every address that may lie on the internet: all of IPv4
// and IPv6 but the private, shared, loopback, link-local, multicast and
// reserved ranges (RFC 6890 special-purpose registries, in short).
func publicSpace() addrSet {
	var special []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
		"192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
		"::/8", "fc00::/7", "fe80::/10", "ff00::/8",
	} {
		special = append(special, netip.MustParsePrefix(s))
	}
	return setOf(netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")).minus(setOf(special...))
}

func reportNonTransitive(p *Pass, regs *routeRegions, owners *ownerIndex, t *model.RouteTable, v *model.VPC, r *model.Route, rest addrSet) {
	pc := model.Target[*model.Peering](r.TargetRef)
	w := pc.Other(v)
	parts := owners.owners(rest, w)
	if len(parts) == 0 {
		// Addresses nobody in the network owns and not on the internet: a
		// summary route with nothing behind it beyond the peer.
		return
	}
	var what, via []string
	var related []Related
	intents := map[string]bool{}
	for i, part := range parts {
		if i < maxListed {
			if part.owner == nil {
				what = append(what, "the internet")
			} else {
				what = append(what, fmt.Sprintf("%s (%s)", name(part.owner), shortSet(part.part)))
				related = append(related, Related{Message: name(part.owner), Resource: Address(part.owner), Range: part.owner.Base().Range})
			}
		}
		// How the peer reaches it: the path the route hoped to borrow.
		addr, _ := part.part.bounds()
		for _, wt := range w.RouteTables {
			if hop := lookupRoute(regs.vpc[wt], addr); hop != nil && hop.Route.Target != model.TargetLocal {
				desc := routeTarget(hop.Route)
				if !intents[desc] {
					intents[desc] = true
					via = append(via, desc)
				}
			}
		}
	}
	if extra := len(parts) - maxListed; extra > 0 {
		what = append(what, fmt.Sprintf("%d more", extra))
	}
	sort.Strings(via)
	msg := fmt.Sprintf("route %s → %s in route table %s sends traffic for %s into vpc %s (%s), which does not forward traffic arriving over a peering",
		r.DestString(), routeTarget(r), t.Name, strings.Join(what, ", "), w.Name, strings.Join(prefixStrings(w.Prefixes()), ", "))
	if len(via) > 0 {
		msg += fmt.Sprintf("; vpc %s itself reaches it through %s", w.Name, strings.Join(via, ", "))
	}
	var fixes []string
	hasInternet, hasSite := false, false
	var vpcs []string
	for _, part := range parts {
		switch o := part.owner.(type) {
		case nil:
			hasInternet = true
		case *model.VPC:
			vpcs = append(vpcs, "vpc "+o.Name)
		case *model.OnPrem:
			hasSite = true
		}
	}
	if len(vpcs) > 0 {
		fixes = append(fixes, fmt.Sprintf("peer vpc %s directly with %s, or connect them through a transit gateway", v.Name, strings.Join(vpcs, " and ")))
	}
	if hasSite {
		fixes = append(fixes, fmt.Sprintf("give vpc %s its own vpn gateway or transit gateway attachment to the site", v.Name))
	}
	if hasInternet {
		fixes = append(fixes, fmt.Sprintf("give vpc %s its own internet or nat gateway, or reach a central egress vpc through a transit gateway", v.Name))
	}
	p.Report(Finding{
		Message:  msg,
		Range:    r.Range,
		Resource: routeResource(t, r),
		Related:  append(related, Related{Message: "peering connection " + pc.Name, Resource: Address(pc), Range: pc.Range}),
		Fix:      capitalize(strings.Join(fixes, "; ")) + ". Peering is not transitive.",
	})
}

// shortSet renders a set briefly: its blocks when there are few, else
// "P except Q" when it is most of one block P, else the first blocks and a
// count.
func shortSet(s addrSet) string {
	var parts []string
	for _, fam := range []addrSet{s.family(true), s.family(false)} {
		if fam.empty() {
			continue
		}
		ps := fam.prefixes()
		if len(ps) <= 3 {
			parts = append(parts, prefixStrings(ps)...)
			continue
		}
		span := model.CoverPrefix(fam.bounds())
		if missing := setOf(span).minus(fam).prefixes(); len(missing) <= 3 {
			parts = append(parts, span.String()+" except "+strings.Join(prefixStrings(missing), ", "))
			continue
		}
		parts = append(parts, strings.Join(prefixStrings(ps[:3]), ", ")+fmt.Sprintf(" and %d more blocks", len(ps)-3))
	}
	return strings.Join(parts, ", ")
}

func prefixStrings(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}
