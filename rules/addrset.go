package rules

import (
	"net/netip"
	"strings"

	"go4.org/netipx"

	"github.com/vpcheck/vpcheck/model"
)

// addrSet is an exact set of addresses, IPv4 and IPv6 together: a value
// wrapper around go4.org/netipx's IPSet, which keeps sorted, disjoint
// ranges and does the set arithmetic the rules need on destinations (which
// part of a route longest-prefix match gives it, what is left after the peer
// VPC's blocks). The zero value is the empty set; sets are immutable.
type addrSet struct{ s *netipx.IPSet }

// addrRange is an inclusive range of addresses of one family, for the
// product boxes of nacl-rule-shadowed and the prefix index, which narrow
// their ends in place.
type addrRange struct{ lo, hi netip.Addr }

func prefixRange(p netip.Prefix) addrRange {
	p = p.Masked()
	return addrRange{p.Addr(), model.LastAddr(p)}
}

func sameFamily(a, b netip.Addr) bool { return a.Is4() == b.Is4() }

// build turns a builder into a set. IPSet reports an error only for
// invalid prefixes or ranges, which setOf filters out.
func build(b *netipx.IPSetBuilder) addrSet {
	s, err := b.IPSet()
	if err != nil {
		panic("rules: " + err.Error())
	}
	if len(s.Ranges()) == 0 {
		return addrSet{}
	}
	return addrSet{s}
}

// setOf returns the set of addresses in ps (invalid prefixes are ignored).
func setOf(ps ...netip.Prefix) addrSet {
	var b netipx.IPSetBuilder
	for _, p := range ps {
		if p.IsValid() {
			b.AddPrefix(p.Masked())
		}
	}
	return build(&b)
}

func (s addrSet) empty() bool { return s.s == nil }

func (s addrSet) union(t addrSet) addrSet {
	switch {
	case s.empty():
		return t
	case t.empty():
		return s
	}
	var b netipx.IPSetBuilder
	b.AddSet(s.s)
	b.AddSet(t.s)
	return build(&b)
}

// minus returns the addresses of s not in t.
func (s addrSet) minus(t addrSet) addrSet {
	if s.empty() || t.empty() {
		return s
	}
	var b netipx.IPSetBuilder
	b.AddSet(s.s)
	b.RemoveSet(t.s)
	return build(&b)
}

// intersect returns the addresses in both s and t.
func (s addrSet) intersect(t addrSet) addrSet {
	if s.empty() || t.empty() {
		return addrSet{}
	}
	var b netipx.IPSetBuilder
	b.AddSet(s.s)
	b.Intersect(t.s)
	return build(&b)
}

func (s addrSet) contains(a netip.Addr) bool { return !s.empty() && s.s.Contains(a) }

// bounds returns the set's lowest and highest addresses; the set must not
// be empty.
func (s addrSet) bounds() (lo, hi netip.Addr) {
	rs := s.s.Ranges()
	return rs[0].From(), rs[len(rs)-1].To()
}

// prefixes returns the fewest CIDR blocks that make up the set, in order.
func (s addrSet) prefixes() []netip.Prefix {
	if s.empty() {
		return nil
	}
	return s.s.Prefixes()
}

// family returns the IPv4 (v4) or IPv6 part of the set.
func (s addrSet) family(v4 bool) addrSet {
	if s.empty() {
		return s
	}
	var b netipx.IPSetBuilder
	for _, r := range s.s.Ranges() {
		if r.From().Is4() == v4 {
			b.AddRange(r)
		}
	}
	return build(&b)
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
