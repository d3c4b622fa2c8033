package rules

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// randomPrefixes draws blocks inside 10.0.0.0/24 so that a 256-bit bitmap
// is the exact reference.
func randomPrefixes(r *rand.Rand, n int) []netip.Prefix {
	out := make([]netip.Prefix, n)
	for i := range out {
		bits := 24 + r.IntN(9)
		a := netip.AddrFrom4([4]byte{10, 0, 0, byte(r.IntN(256))})
		out[i] = netip.PrefixFrom(a, bits).Masked()
	}
	return out
}

func bitmap(ps []netip.Prefix) [256]bool {
	var m [256]bool
	for _, p := range ps {
		for i := range 256 {
			if p.Contains(netip.AddrFrom4([4]byte{10, 0, 0, byte(i)})) {
				m[i] = true
			}
		}
	}
	return m
}

func setBitmap(s addrSet) [256]bool {
	var m [256]bool
	for i := range 256 {
		m[i] = s.contains(netip.AddrFrom4([4]byte{10, 0, 0, byte(i)}))
	}
	return m
}

func TestAddrSetAgainstBitmap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 2000 {
		a, b := randomPrefixes(r, r.IntN(5)), randomPrefixes(r, r.IntN(5))
		sa, sb := setOf(a...), setOf(b...)
		ma, mb := bitmap(a), bitmap(b)
		var union, minus, inter [256]bool
		for i := range 256 {
			union[i] = ma[i] || mb[i]
			minus[i] = ma[i] && !mb[i]
			inter[i] = ma[i] && mb[i]
		}
		if setBitmap(sa) != ma {
			t.Fatalf("%d: setOf(%v) = %v", iter, a, sa)
		}
		if got := setBitmap(sa.union(sb)); got != union {
			t.Fatalf("%d: %v ∪ %v = %v", iter, a, b, sa.union(sb))
		}
		if got := setBitmap(sa.minus(sb)); got != minus {
			t.Fatalf("%d: %v − %v = %v", iter, a, b, sa.minus(sb))
		}
		if got := setBitmap(sa.intersect(sb)); got != inter {
			t.Fatalf("%d: %v ∩ %v = %v", iter, a, b, sa.intersect(sb))
		}
		if got := bitmap(sa.prefixes()); got != ma {
			t.Fatalf("%d: prefixes of %v = %v", iter, sa, sa.prefixes())
		}
		// The blocks are the fewest: no two of them merge into one.
		ps := sa.prefixes()
		for i := 1; i < len(ps); i++ {
			if ps[i-1].Bits() == ps[i].Bits() {
				parent := netip.PrefixFrom(ps[i-1].Addr(), ps[i-1].Bits()-1).Masked()
				if parent.Contains(ps[i].Addr()) && parent.Addr() == ps[i-1].Addr() {
					t.Fatalf("%d: %v and %v should be one block", iter, ps[i-1], ps[i])
				}
			}
		}
	}
}

func TestAddrSetFamiliesStayApart(t *testing.T) {
	s := setOf(netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0"))
	if len(s.s.Ranges()) != 2 {
		t.Fatalf("IPv4 and IPv6 everything must be two ranges: %v", s)
	}
	if got := s.String(); got != "0.0.0.0/0, ::/0" {
		t.Errorf("got %q", got)
	}
	rest := s.minus(setOf(netip.MustParsePrefix("10.0.0.0/8")))
	if rest.contains(netip.MustParseAddr("10.1.2.3")) || !rest.contains(netip.MustParseAddr("11.0.0.0")) ||
		!rest.contains(netip.MustParseAddr("2001:db8::1")) {
		t.Errorf("0/0 minus 10/8: %v", rest)
	}
	if got := rest.String(); got != "0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, 12.0.0.0/6, 16.0.0.0/4, 32.0.0.0/3, 64.0.0.0/2, 128.0.0.0/1, ::/0" {
		t.Errorf("got %q", got)
	}
}

func TestPrefixIndexAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := range 500 {
		ps := randomPrefixes(r, 1+r.IntN(12))
		vals := make([]int, len(ps))
		for i := range vals {
			vals[i] = i
		}
		ix := newPrefixIndex(ps, vals)
		// pairs: every overlapping pair exactly once.
		got := map[[2]int]int{}
		ix.pairs(func(a, b *indexEntry[int]) {
			x, y := a.value, b.value
			if x > y {
				x, y = y, x
			}
			got[[2]int{x, y}]++
		})
		for i := range ps {
			for j := i + 1; j < len(ps); j++ {
				n := got[[2]int{i, j}]
				if ps[i].Overlaps(ps[j]) != (n == 1) || n > 1 {
					t.Fatalf("%d: %v and %v overlap=%v, reported %d times", iter, ps[i], ps[j], ps[i].Overlaps(ps[j]), n)
				}
			}
		}
		// overlapping: exactly the entries that overlap a query.
		q := randomPrefixes(r, 1)[0]
		seen := map[int]bool{}
		ix.overlapping(q, func(e *indexEntry[int]) {
			if seen[e.value] {
				t.Fatalf("%d: %v reported twice for %v", iter, ps[e.value], q)
			}
			seen[e.value] = true
		})
		for i, p := range ps {
			if p.Overlaps(q) != seen[i] {
				t.Fatalf("%d: query %v: %v overlaps=%v, reported=%v", iter, q, p, p.Overlaps(q), seen[i])
			}
		}
	}
}
