package rules

import (
	"net/netip"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// addrSet is an exact set of addresses: sorted, disjoint, non-adjacent
// inclusive ranges. IPv4 ranges sort before IPv6 ones (netip's order) and a
// range never mixes the two.
//
// The rules need set arithmetic on destinations (which part of a route does
// longest-prefix match give it, what is left after the peer VPC's blocks)
// and do it at the scale of every route of 15,000 VPCs. Ranges of
// netip.Addr (comparable values, no allocation per address) keep that
// linear; ipaddress-go's sequential ranges offer the same operations on
// heavier values.
type addrSet []addrRange

type addrRange struct{ lo, hi netip.Addr }

func prefixRange(p netip.Prefix) addrRange {
	p = p.Masked()
	return addrRange{p.Addr(), model.LastAddr(p)}
}

// setOf returns the set of addresses in ps.
func setOf(ps ...netip.Prefix) addrSet {
	rs := make([]addrRange, 0, len(ps))
	for _, p := range ps {
		if p.IsValid() {
			rs = append(rs, prefixRange(p))
		}
	}
	return normalize(rs)
}

func normalize(rs []addrRange) addrSet {
	sort.Slice(rs, func(i, j int) bool { return rs[i].lo.Less(rs[j].lo) })
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 && sameFamily(out[n-1].hi, r.lo) {
			last := &out[n-1]
			// Overlapping or adjacent ranges merge.
			if !last.hi.Less(r.lo) || last.hi.Next() == r.lo {
				if last.hi.Less(r.hi) {
					last.hi = r.hi
				}
				continue
			}
		}
		out = append(out, r)
	}
	return addrSet(out)
}

func sameFamily(a, b netip.Addr) bool { return a.Is4() == b.Is4() }

func (s addrSet) empty() bool { return len(s) == 0 }

func (s addrSet) union(t addrSet) addrSet {
	rs := make([]addrRange, 0, len(s)+len(t))
	rs = append(append(rs, s...), t...)
	return normalize(rs)
}

// minus returns the addresses of s not in t.
func (s addrSet) minus(t addrSet) addrSet {
	var out []addrRange
	j := 0
	for _, r := range s {
		lo := r.lo
		done := false
		for j < len(t) && t[j].hi.Less(lo) {
			j++
		}
		for k := j; k < len(t) && !r.hi.Less(t[k].lo); k++ {
			c := t[k]
			if lo.Less(c.lo) {
				out = append(out, addrRange{lo, c.lo.Prev()})
			}
			if !c.hi.Less(r.hi) {
				done = true
				break
			}
			lo = c.hi.Next()
		}
		if !done {
			out = append(out, addrRange{lo, r.hi})
		}
	}
	return addrSet(out)
}

// intersect returns the addresses in both s and t.
func (s addrSet) intersect(t addrSet) addrSet {
	var out []addrRange
	i, j := 0, 0
	for i < len(s) && j < len(t) {
		lo, hi := maxAddr(s[i].lo, t[j].lo), minAddr(s[i].hi, t[j].hi)
		if !hi.Less(lo) {
			out = append(out, addrRange{lo, hi})
		}
		if s[i].hi.Less(t[j].hi) {
			i++
		} else {
			j++
		}
	}
	return addrSet(out)
}

func (s addrSet) contains(a netip.Addr) bool {
	i := sort.Search(len(s), func(i int) bool { return !s[i].hi.Less(a) })
	return i < len(s) && !a.Less(s[i].lo)
}

func maxAddr(a, b netip.Addr) netip.Addr {
	if a.Less(b) {
		return b
	}
	return a
}

func minAddr(a, b netip.Addr) netip.Addr {
	if a.Less(b) {
		return a
	}
	return b
}

// prefixes returns the fewest CIDR blocks that make up the set, in order.
func (s addrSet) prefixes() []netip.Prefix {
	var out []netip.Prefix
	for _, r := range s {
		out = append(out, model.RangePrefixes(r.lo, r.hi)...)
	}
	return out
}

// family returns the IPv4 (v4) or IPv6 part of the set.
func (s addrSet) family(v4 bool) addrSet {
	var out addrSet
	for _, r := range s {
		if r.lo.Is4() == v4 {
			out = append(out, r)
		}
	}
	return out
}

// String lists the set's blocks: "10.0.0.0/16, 10.2.0.0/15".
func (s addrSet) String() string {
	ps := s.prefixes()
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return strings.Join(parts, ", ")
}
