package dataplane

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// naiveLookup is longest prefix match by definition: the longest entry
// containing a, the first of equal ones.
func naiveLookup(entries []TableEntry, a netip.Addr) EdgeID {
	best, bits := NoEdge, -1
	for _, e := range entries {
		if e.Prefix.Addr().Is4() == a.Is4() && e.Prefix.Contains(a) && e.Prefix.Bits() > bits {
			best, bits = e.Edge, e.Prefix.Bits()
		}
	}
	return best
}

// TestTableLookup compares the flattened lookup with the definition on
// random tables of both families and sizes on both sides of linearMax, at
// every prefix's first and last address and its neighbours, and at random.
func TestTableLookup(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for round := range 400 {
		var tab Table
		n := 1 + r.IntN(4)
		if round%2 == 1 {
			n = 1 + r.IntN(300)
		}
		v6 := round%3 == 2
		for i := range n {
			var p netip.Prefix
			if v6 {
				var b [16]byte
				b[0] = 0x20
				b[1] = byte(r.IntN(4))
				for j := 2; j < 16; j++ {
					b[j] = byte(r.IntN(256))
				}
				p = netip.PrefixFrom(netip.AddrFrom16(b), []int{0, 8, 16, 48, 56, 64, 96, 127, 128}[r.IntN(9)])
			} else {
				a := netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(256)), byte(r.IntN(256))})
				p = netip.PrefixFrom(a, []int{0, 8, 14, 16, 20, 24, 28, 31, 32}[r.IntN(9)])
			}
			tab.Add(p, EdgeID(i))
		}
		if round%5 == 0 {
			tab.Add(netip.MustParsePrefix("255.255.255.255/32"), 900)
			tab.Add(netip.MustParsePrefix("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"), 901)
			tab.Add(netip.MustParsePrefix("0.0.0.0/32"), 902)
		}
		tab.Freeze()
		var probes []netip.Addr
		for _, e := range tab.Entries {
			s := spanOf(e.Prefix, 0)
			first, last := e.Prefix.Addr(), addrOf(s.last, e.Prefix.Addr().Is4())
			probes = append(probes, first, last, first.Prev(), last.Next())
		}
		for range 200 {
			if v6 {
				var b [16]byte
				b[0], b[1] = 0x20, byte(r.IntN(4))
				for j := 2; j < 16; j++ {
					b[j] = byte(r.IntN(256))
				}
				probes = append(probes, netip.AddrFrom16(b))
			} else {
				probes = append(probes, netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(256)), byte(r.IntN(256))}))
			}
		}
		probes = append(probes, netip.MustParseAddr("0.0.0.0"), netip.MustParseAddr("255.255.255.255"), netip.MustParseAddr("::"), netip.MustParseAddr("8.8.8.8"))
		for _, a := range probes {
			if !a.IsValid() {
				continue
			}
			if got, want := tab.Lookup(a), naiveLookup(tab.Entries, a); got != want {
				t.Fatalf("round %d: Lookup(%s) = %d, want %d; table %v", round, a, got, want, tab.Entries)
			}
		}
	}
}

func addrOf(x U128, v4 bool) netip.Addr {
	if v4 {
		return AddrFrom32(uint32(x.Lo))
	}
	var b [16]byte
	for i := range 8 {
		b[i] = byte(x.Hi >> (56 - 8*i))
		b[8+i] = byte(x.Lo >> (56 - 8*i))
	}
	return netip.AddrFrom16(b)
}

// TestTableEqualPrefixFirstWins: of two entries for one prefix, Add keeps
// the first, which carries the compiler's tie-break.
func TestTableEqualPrefixFirstWins(t *testing.T) {
	var tab Table
	p := netip.MustParsePrefix("10.0.0.0/16")
	if !tab.Add(p, 1) || tab.Add(netip.MustParsePrefix("10.0.9.9/16"), 2) {
		t.Fatal("Add should keep only the first entry of a prefix")
	}
	tab.Freeze()
	if got := tab.Lookup(netip.MustParseAddr("10.0.3.4")); got != 1 {
		t.Fatalf("got %d, want 1", got)
	}
	if got := tab.Lookup(netip.MustParseAddr("10.1.0.0")); got != NoEdge {
		t.Fatalf("got %d, want no edge", got)
	}
}

func TestTableLookupAllocs(t *testing.T) {
	var tab Table
	for i := range 100 {
		tab.Add(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 16), EdgeID(i))
	}
	tab.Add(netip.MustParsePrefix("2001:db8::/32"), 5)
	tab.Freeze()
	a4, a6 := netip.MustParseAddr("10.42.1.1"), netip.MustParseAddr("2001:db8::1")
	if n := testing.AllocsPerRun(100, func() { tab.Lookup(a4); tab.Lookup(a6) }); n != 0 {
		t.Fatalf("Lookup allocates %v times", n)
	}
}
