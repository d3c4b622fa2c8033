package packetset

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"
)

// matchBySubtraction is Match the plain way: each prefix, longest first,
// takes its block minus the blocks before it.
func matchBySubtraction(s *Space, f Field, ps []netip.Prefix, labels []int, numLabels int) LongestMatch {
	out := LongestMatch{ByLabel: make([]Set, numLabels), Reached: make([]bool, len(ps))}
	covered := s.None()
	for i, p := range ps {
		block := s.DstPrefix(p)
		if f == FieldSrcIP {
			block = s.SrcPrefix(p)
		}
		m := s.Minus(block, covered)
		covered = s.Union(covered, block)
		out.Reached[i] = !s.IsEmpty(m)
		out.ByLabel[labels[i]] = s.Union(out.ByLabel[labels[i]], m)
	}
	out.Miss = s.Complement(covered)
	return out
}

// randomTable draws nested, overlapping and repeated prefixes of both
// families from a few addresses, ordered as dataplane.Table.Freeze orders
// them (IPv4 first, then longest first, stably).
func randomTable(r *rand.Rand) ([]netip.Prefix, []int, int) {
	n := r.IntN(12)
	numLabels := 1 + r.IntN(4)
	ps := make([]netip.Prefix, n)
	labels := make([]int, n)
	for i := range ps {
		var a netip.Addr
		var bits int
		if r.IntN(4) == 0 {
			a = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(r.IntN(3)), 0, 0, byte(r.IntN(2) * 0x80)})
			bits = []int{0, 16, 32, 48, 56, 64, 128}[r.IntN(7)]
		} else {
			a = netip.AddrFrom4([4]byte{10, byte(r.IntN(3)), byte(r.IntN(2) * 0x80), byte(r.IntN(3))})
			bits = []int{0, 8, 15, 16, 17, 24, 25, 32}[r.IntN(8)]
		}
		ps[i] = netip.PrefixFrom(a, bits).Masked()
		labels[i] = r.IntN(numLabels)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		a, b := ps[x], ps[y]
		if a.Addr().Is4() != b.Addr().Is4() {
			if a.Addr().Is4() {
				return -1
			}
			return 1
		}
		return b.Bits() - a.Bits()
	})
	sortedPs, sortedLabels := make([]netip.Prefix, n), make([]int, n)
	for i, j := range order {
		sortedPs[i], sortedLabels[i] = ps[j], labels[j]
	}
	return sortedPs, sortedLabels, numLabels
}

func TestMatchAgreesWithSubtraction(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	s := NewSpace()
	for iter := range 3000 {
		ps, labels, numLabels := randomTable(r)
		f := FieldDstIP
		if iter%2 == 1 {
			f = FieldSrcIP
		}
		got := s.Match(f, ps, labels, numLabels)
		want := matchBySubtraction(s, f, ps, labels, numLabels)
		if !slices.Equal(got.ByLabel, want.ByLabel) || got.Miss != want.Miss || !slices.Equal(got.Reached, want.Reached) {
			t.Fatalf("table %v labels %v on %v: Match gives %+v, subtraction %+v", ps, labels, f, got, want)
		}
	}
}

func TestMatchEmptyTable(t *testing.T) {
	s := NewSpace()
	got := s.Match(FieldDstIP, nil, nil, 0)
	if got.Miss != s.All() || len(got.ByLabel) != 0 || len(got.Reached) != 0 {
		t.Errorf("an empty table gives %+v, want every packet missed", got)
	}
}
