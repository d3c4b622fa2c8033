package rules

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// TestPacketBoxMinusAgainstBruteForce checks box subtraction point by point
// in a small universe: 8 addresses × 4 protocols × 4 ports × 2 ICMP types ×
// 2 ICMP codes.
func TestPacketBoxMinusAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	addr := func(i int) netip.Addr { return netip.AddrFrom4([4]byte{10, 0, 0, byte(i)}) }
	span := func(n int) [2]int {
		a, b := r.IntN(n), r.IntN(n)
		return [2]int{min(a, b), max(a, b)}
	}
	randomBox := func() packetBox {
		a := span(8)
		return packetBox{addr: addrRange{addr(a[0]), addr(a[1])}, dims: [4][2]int{span(4), span(4), span(2), span(2)}}
	}
	in := func(b packetBox, a, d0, d1, d2, d3 int) bool {
		x := addr(a)
		if x.Less(b.addr.lo) || b.addr.hi.Less(x) {
			return false
		}
		for i, v := range []int{d0, d1, d2, d3} {
			if v < b.dims[i][0] || v > b.dims[i][1] {
				return false
			}
		}
		return true
	}
	for iter := range 3000 {
		a, b := randomBox(), randomBox()
		pieces := a.minus(b)
		if !a.intersects(b) {
			continue
		}
		for x := range 8 {
			for d0 := range 4 {
				for d1 := range 4 {
					for d2 := range 2 {
						for d3 := range 2 {
							want := in(a, x, d0, d1, d2, d3) && !in(b, x, d0, d1, d2, d3)
							n := 0
							for _, p := range pieces {
								if in(p, x, d0, d1, d2, d3) {
									n++
								}
							}
							if (n == 1) != want || n > 1 {
								t.Fatalf("%d: %+v minus %+v: point (%d,%d,%d,%d,%d) in %d pieces, want in=%v", iter, a, b, x, d0, d1, d2, d3, n, want)
							}
						}
					}
				}
			}
		}
	}
}
