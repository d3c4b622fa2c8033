package packetset

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

func TestContainsAgreesWithPredicate(t *testing.T) {
	s := NewSpace()
	r := rand.New(rand.NewPCG(1, 1))
	for i := range 400 {
		pr := randProgram(r, 1+r.IntN(8))
		x := pr.set(s)
		for _, p := range probes(r, pr, 200) {
			if got, want := s.Contains(x, p), pr.match(p); got != want {
				t.Fatalf("program %d %+v\npacket %v (%+v): Contains = %v, predicate = %v", i, pr, p, p, got, want)
			}
		}
	}
}

func TestCanonical(t *testing.T) {
	s := NewSpace()
	p := netip.MustParsePrefix
	// The same set built different ways is the same value.
	a := s.Union(s.DstPrefix(p("10.0.0.0/25")), s.DstPrefix(p("10.0.0.128/25")))
	if a != s.DstPrefix(p("10.0.0.0/24")) {
		t.Error("two /25 halves != their /24")
	}
	if s.Union(s.DstPrefix(p("0.0.0.0/0")), s.DstPrefix(p("::/0"))) != s.All() {
		t.Error("0.0.0.0/0 ∪ ::/0 != all")
	}
	if s.DstPrefix(p("0.0.0.0/0")) != s.IPv4() || s.SrcPrefix(p("::/0")) != s.IPv6() {
		t.Error("a /0 is not its whole family")
	}
	if s.Minus(s.IPv4(), s.DstPrefix(p("10.0.0.0/8"))) != s.Complement(s.Union(s.IPv6(), s.DstPrefix(p("10.0.0.0/8")))) {
		t.Error("minus and complement disagree")
	}
	ports := s.None()
	for port := 1000; port <= 2000; port++ {
		ports = s.Union(ports, s.DstPorts(uint16(port), uint16(port)))
	}
	if ports != s.DstPorts(1000, 2000) {
		t.Error("union of single ports != the range")
	}
	if s.DstPorts(10, 9) != s.None() {
		t.Error("an inverted range is not empty")
	}
	if !s.Subset(s.DstPrefix(p("10.1.2.0/24")), s.DstPrefix(p("10.0.0.0/8"))) ||
		s.Subset(s.DstPrefix(p("10.0.0.0/8")), s.DstPrefix(p("10.1.2.0/24"))) {
		t.Error("Subset wrong")
	}
	if !s.Overlaps(s.DstPrefix(p("10.0.0.0/8")), s.DstPrefix(p("10.1.0.0/16"))) ||
		s.Overlaps(s.DstPrefix(p("10.0.0.0/8")), s.DstPrefix(p("11.0.0.0/8"))) ||
		s.Overlaps(s.DstPrefix(p("10.0.0.0/8")), s.DstPrefix(p("::/0"))) {
		t.Error("Overlaps wrong")
	}
}

func TestSizes(t *testing.T) {
	s := NewSpace()
	for _, c := range []struct {
		name string
		set  Set
		want int
	}{
		{"ipv4 /24", s.DstPrefix(netip.MustParsePrefix("10.1.2.0/24")), 25},
		{"ipv6 /64", s.SrcPrefix(netip.MustParsePrefix("2001:db8::/64")), 65},
		{"ipv4 host", s.DstAddr(netip.MustParseAddr("10.1.2.3")), 33},
		{"one packet ipv4", s.Packet(packet.Packet{Proto: protoTCP, Src: netip.MustParseAddr("10.0.0.1"), Dst: netip.MustParseAddr("10.0.0.2")}), 1 + 32 + 32 + 8 + 16 + 16 + 8 + 8},
	} {
		if got := s.NodeCount(c.set); got != c.want {
			t.Errorf("%s: %d nodes, want %d", c.name, got, c.want)
		}
	}
	// A range is at most two comparator chains.
	r := rand.New(rand.NewPCG(2, 2))
	for range 1000 {
		lo, hi := uint16(r.IntN(65536)), uint16(r.IntN(65536))
		if n := s.NodeCount(s.DstPorts(min(lo, hi), max(lo, hi))); n > 32 {
			t.Fatalf("range %d-%d: %d nodes", min(lo, hi), max(lo, hi), n)
		}
	}
}

func TestPacketSingleton(t *testing.T) {
	s := NewSpace()
	r := rand.New(rand.NewPCG(3, 3))
	for range 300 {
		pr := randProgram(r, 1)
		for _, p := range probes(r, pr, 5) {
			x := s.Packet(p)
			if !s.Contains(x, p) {
				t.Fatalf("Packet(%v) does not contain it", p)
			}
			w, ok := s.Witness(x, packet.Packet{})
			if !ok || w != p {
				t.Fatalf("the only packet of Packet(%v) is %v", p, w)
			}
			q := p
			q.SrcPort++
			if s.Contains(x, q) {
				t.Fatalf("Packet(%v) contains %v", p, q)
			}
		}
	}
}

func TestContainsAllocatesNothing(t *testing.T) {
	s := NewSpace()
	x := s.Intersect(s.DstPrefix(netip.MustParsePrefix("10.0.0.0/8")), s.DstPorts(443, 443))
	p := packet.Packet{Proto: protoTCP, Src: netip.MustParseAddr("192.168.0.1"), Dst: netip.MustParseAddr("10.1.2.3"), DstPort: 443}
	if n := testing.AllocsPerRun(1000, func() { s.Contains(x, p) }); n != 0 {
		t.Fatalf("Contains allocates %v times", n)
	}
}

// reply is the concrete counterpart of Space.Reply.
func reply(p packet.Packet) packet.Packet {
	q := p
	q.Src, q.Dst = p.Dst, p.Src
	q.SrcPort, q.DstPort = p.DstPort, p.SrcPort
	switch {
	case p.Proto == protoICMP && p.ICMPType == packet.ICMPEchoRequest:
		q.ICMPType = packet.ICMPEchoReply
	case p.Proto == protoICMPv6 && p.ICMPType == packet.ICMPv6EchoRequest:
		q.ICMPType = packet.ICMPv6EchoReply
	}
	return q
}

func isEcho(p packet.Packet) bool {
	return p.Proto == protoICMP && (p.ICMPType == 0 || p.ICMPType == 8) ||
		p.Proto == protoICMPv6 && (p.ICMPType == 128 || p.ICMPType == 129)
}

func TestReply(t *testing.T) {
	s := NewSpace()
	r := rand.New(rand.NewPCG(4, 4))
	echo := s.Union(
		s.Intersect(s.Proto(protoICMP), s.Union(s.ICMPType(0), s.ICMPType(8))),
		s.Intersect(s.Proto(protoICMPv6), s.Union(s.ICMPType(128), s.ICMPType(129))))
	for range 300 {
		pr := randProgram(r, 1+r.IntN(6))
		x := pr.set(s)
		y := s.Reply(x)
		for _, p := range probes(r, pr, 100) {
			if s.Contains(x, p) && !s.Contains(y, reply(p)) {
				t.Fatalf("%v in set, its reply %v not in Reply(set)", p, reply(p))
			}
			// Without the echo mapping, membership is exactly preserved.
			if isEcho(p) {
				continue
			}
			if s.Contains(x, p) != s.Contains(y, reply(p)) {
				t.Fatalf("%v: in set %v, reply in Reply(set) %v", p, s.Contains(x, p), s.Contains(y, reply(p)))
			}
		}
		plain := s.Minus(x, echo)
		if s.Reply(s.Reply(plain)) != plain {
			t.Fatal("Reply(Reply(a)) != a for a set without echo packets")
		}
	}
	// The documented edge: an echo request's reply's reply is a reply.
	req := s.Intersect(s.Proto(protoICMP), s.ICMPType(8))
	want := s.Intersect(s.Proto(protoICMP), s.ICMPType(0))
	if got := s.Reply(s.Reply(req)); got != want {
		t.Fatal("Reply(Reply(echo request)) is not the echo replies")
	}
}

func TestRewrites(t *testing.T) {
	s := NewSpace()
	r := rand.New(rand.NewPCG(5, 5))
	pub := netip.MustParseAddr("203.0.113.7")
	pub6 := netip.MustParseAddr("2001:db8:ffff::1")
	for range 300 {
		pr := randProgram(r, 1+r.IntN(5))
		x := pr.set(s)
		snat := s.SetSrcIP(x, pub)
		dnat := s.SetDstIP(x, pub6)
		ports := s.SetSrcPorts(x, 1024, 65535)
		for _, p := range probes(r, pr, 60) {
			if !s.Contains(x, p) {
				continue
			}
			q := p
			q.Src = pub
			if want := p.Family() == packet.IPv4; s.Contains(snat, q) != want {
				t.Fatalf("SetSrcIP: %v -> %v: in result %v, want %v", p, q, !want, want)
			}
			// A packet's family is its destination's: an IPv4 packet given
			// an IPv6 destination is no packet of the result, which keeps
			// only IPv6 ones.
			q = p
			q.Dst = pub6
			if p.Family() == packet.IPv6 && !s.Contains(dnat, q) {
				t.Fatalf("SetDstIP: %v -> %v: not in result", p, q)
			}
			if p.Family() == packet.IPv4 && s.Overlaps(dnat, s.IPv4()) {
				t.Fatalf("SetDstIP to %s keeps IPv4 packets", pub6)
			}
			q = p
			q.SrcPort = uint16(1024 + r.IntN(65536-1024))
			if !s.Contains(ports, q) {
				t.Fatalf("SetSrcPorts: %v -> %v missing", p, q)
			}
		}
		// Only the rewritten value remains.
		if !s.Subset(snat, s.SrcAddr(pub)) || !s.Subset(dnat, s.DstAddr(pub6)) || !s.Subset(ports, s.SrcPorts(1024, 65535)) {
			t.Fatal("rewrite left other values")
		}
		// Forget all the fields, and only the family is left.
		all := s.Forget(x, FieldDstIP, FieldSrcIP, FieldProtocol, FieldDstPort, FieldSrcPort, FieldICMPType, FieldICMPCode)
		want := s.None()
		if s.Overlaps(x, s.IPv4()) {
			want = s.Union(want, s.IPv4())
		}
		if s.Overlaps(x, s.IPv6()) {
			want = s.Union(want, s.IPv6())
		}
		if all != want {
			t.Fatal("forgetting every field does not leave the families")
		}
	}
}

func TestWitness(t *testing.T) {
	s := NewSpace()
	r := rand.New(rand.NewPCG(6, 6))
	for range 500 {
		pr := randProgram(r, 1+r.IntN(6))
		x := pr.set(s)
		for _, pref := range probes(r, pr, 20) {
			w, ok := s.Witness(x, pref)
			if ok != !s.IsEmpty(x) {
				t.Fatalf("Witness ok = %v for a set that is empty: %v", ok, s.IsEmpty(x))
			}
			if !ok {
				break
			}
			if !s.Contains(x, w) {
				t.Fatalf("witness %v not in the set", w)
			}
			if s.Contains(x, pref) && w != pref {
				t.Fatalf("preferred %v is in the set, witness is %v", pref, w)
			}
			if w.Family() == packet.IPv4 && !(w.Src.Is4() && w.Dst.Is4()) || w.Family() == packet.IPv6 && !(w.Src.Is6() && w.Dst.Is6()) {
				t.Fatalf("witness %v mixes families", w)
			}
		}
	}
	// Closeness: the destination is kept and the port moved when only the
	// port is wrong.
	x := s.Intersect(s.DstPrefix(netip.MustParsePrefix("10.0.0.0/24")), s.DstPorts(443, 443))
	pref := packet.Packet{Proto: protoTCP, Src: netip.MustParseAddr("192.0.2.1"), Dst: netip.MustParseAddr("10.0.0.9"), SrcPort: 50000, DstPort: 80}
	w, _ := s.Witness(x, pref)
	want := pref
	want.DstPort = 443
	if w != want {
		t.Fatalf("witness %v, want %v", w, want)
	}
	// A family that cannot be kept gives the lowest addresses of the other.
	w, _ = s.Witness(s.DstPrefix(netip.MustParsePrefix("2001:db8::/32")), pref)
	if w.Dst != netip.MustParseAddr("2001:db8::") || w.Src != netip.IPv6Unspecified() || w.DstPort != 80 {
		t.Fatalf("cross-family witness %v", w)
	}
}

// TestSwapEndsMatchesReplace checks the split-based swap against the plain
// renaming it replaces.
func TestSwapEndsMatchesReplace(t *testing.T) {
	s := NewSpace()
	r := rand.New(rand.NewPCG(8, 8))
	for range 200 {
		x := randProgram(r, 1+r.IntN(6)).set(s)
		if got, want := s.swapEnds(x.n), s.f.Replace(x.n, s.swap); got != want {
			t.Fatal("swapEnds != Replace(swap)")
		}
	}
}

// Protocol numbers as sets take them.
const (
	protoICMP   = uint8(model.ProtoICMP)
	protoTCP    = uint8(model.ProtoTCP)
	protoUDP    = uint8(model.ProtoUDP)
	protoICMPv6 = uint8(model.ProtoICMPv6)
)
