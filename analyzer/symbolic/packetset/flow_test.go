package packetset

import (
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
)

func TestFlowsRoundTrip(t *testing.T) {
	s := NewSpace()
	r := rand.New(rand.NewPCG(7, 7))
	for i := range 300 {
		pr := randProgram(r, 1+r.IntN(6))
		x := pr.set(s)
		flows := s.Flows(x)
		u := s.None()
		for j, fl := range flows {
			y := s.FlowSet(fl)
			if s.IsEmpty(y) {
				t.Fatalf("program %d: flow %v is empty", i, fl)
			}
			if s.Overlaps(u, y) {
				t.Fatalf("program %d: flow %d (%v) overlaps an earlier one", i, j, fl)
			}
			u = s.Union(u, y)
		}
		if u != x {
			t.Fatalf("program %d: union of %d flows != set\n%s", i, len(flows), flowLines(flows))
		}
		// Deterministic: a fresh space, the set built in another order.
		s2 := NewSpace()
		_ = s2.Reply(s2.DstPrefix(netip.MustParsePrefix("10.9.9.0/24"))) // disturb node numbering
		if got := flowLines(s2.Flows(s2.Union(s2.None(), pr.set(s2)))); got != flowLines(flows) {
			t.Fatalf("program %d: flows depend on the space's history:\n%s\nvs\n%s", i, got, flowLines(flows))
		}
	}
}

func flowLines(fs []Flow) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestFlowsText(t *testing.T) {
	s := NewSpace()
	p := netip.MustParsePrefix
	tcp := s.Proto(ProtoTCP)
	web := s.Intersect(s.Intersect(tcp, s.SrcPrefix(p("10.0.1.0/24"))), s.DstPrefix(p("10.1.2.10/32")))
	for _, c := range []struct {
		name string
		set  Set
		want string
	}{
		{"empty", s.None(), ""},
		{"all", s.All(), "ipv4 all 0.0.0.0/0 -> 0.0.0.0/0\nipv6 all ::/0 -> ::/0\n"},
		{"https", s.Intersect(web, s.DstPorts(443, 443)), "ipv4 tcp 10.0.1.0/24 -> 10.1.2.10/32 dport 443\n"},
		{"two ports merge", s.Intersect(web, s.Union(s.DstPorts(443, 443), s.DstPorts(8443, 8443))),
			"ipv4 tcp 10.0.1.0/24 -> 10.1.2.10/32 dport 443,8443\n"},
		{"adjacent ranges merge", s.Intersect(web, s.Union(s.DstPorts(1000, 1999), s.DstPorts(2000, 2999))),
			"ipv4 tcp 10.0.1.0/24 -> 10.1.2.10/32 dport 1000-2999\n"},
		{"sources merge", s.Intersect(s.Union(s.SrcPrefix(p("10.0.1.0/24")), s.SrcPrefix(p("10.0.3.0/24"))), s.Intersect(tcp, s.DstPorts(22, 22))),
			"ipv4 tcp 10.0.1.0/24,10.0.3.0/24 -> 0.0.0.0/0 dport 22\n"},
		{"two protocols", s.Intersect(s.Union(tcp, s.Proto(ProtoUDP)), s.Intersect(s.DstPrefix(p("10.0.0.0/16")), s.DstPorts(53, 53))),
			"ipv4 tcp,udp 0.0.0.0/0 -> 10.0.0.0/16 dport 53\n"},
		{"ping", s.Intersect(s.Intersect(s.Proto(ProtoICMP), s.ICMPType(8)), s.DstPrefix(p("10.0.0.0/8"))),
			"ipv4 icmp 0.0.0.0/0 -> 10.0.0.0/8 type 8\n"},
		{"ipv6 any proto", s.DstPrefix(p("2001:db8::/64")), "ipv6 all ::/0 -> 2001:db8::/64\n"},
		{"hole", s.Minus(s.DstPrefix(p("10.0.0.0/30")), s.DstAddr(netip.MustParseAddr("10.0.0.1"))),
			"ipv4 all 0.0.0.0/0 -> 10.0.0.0/32,10.0.0.2/31\n"},
	} {
		if got := flowLines(s.Flows(c.set)); got != c.want {
			t.Errorf("%s:\ngot  %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestFlowsSecurityGroup checks that a realistic rule set summarises to about
// as many flows as it has distinct (protocol, ports) groups, not one per
// rule or per bit.
func TestFlowsSecurityGroup(t *testing.T) {
	s := NewSpace()
	sg := s.None()
	for i := range 20 {
		src := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 16)
		for _, port := range []uint16{22, 443} {
			sg = s.Union(sg, s.Intersect(s.SrcPrefix(src), s.Intersect(s.Proto(ProtoTCP), s.DstPorts(port, port))))
		}
	}
	flows := s.Flows(sg)
	want := "ipv4 tcp 10.0.0.0/12,10.16.0.0/14 -> 0.0.0.0/0 dport 22,443\n"
	if got := flowLines(flows); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestPacketString(t *testing.T) {
	for _, c := range []struct {
		p    Packet
		want string
	}{
		{Packet{Family: IPv4, Proto: 6, Src: netip.MustParseAddr("10.0.0.1"), Dst: netip.MustParseAddr("10.0.1.5"), SrcPort: 40000, DstPort: 443},
			"tcp 10.0.0.1:40000 -> 10.0.1.5:443"},
		{Packet{Family: IPv6, Proto: 17, Src: netip.MustParseAddr("2001:db8::1"), Dst: netip.MustParseAddr("2001:db8::2"), SrcPort: 5353, DstPort: 53},
			"udp [2001:db8::1]:5353 -> [2001:db8::2]:53"},
		{Packet{Family: IPv4, Proto: 1, Src: netip.MustParseAddr("10.0.0.1"), Dst: netip.MustParseAddr("10.0.1.5"), ICMPType: 8},
			"icmp 10.0.0.1 -> 10.0.1.5 type 8 code 0"},
		{Packet{Family: IPv4, Proto: 50, Src: netip.MustParseAddr("10.0.0.1"), Dst: netip.MustParseAddr("10.0.1.5")},
			"proto 50 10.0.0.1 -> 10.0.1.5"},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
