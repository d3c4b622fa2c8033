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
	tcp := s.Proto(protoTCP)
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
		{"two protocols", s.Intersect(s.Union(tcp, s.Proto(protoUDP)), s.Intersect(s.DstPrefix(p("10.0.0.0/16")), s.DstPorts(53, 53))),
			"ipv4 tcp,udp 0.0.0.0/0 -> 10.0.0.0/16 dport 53\n"},
		{"ping", s.Intersect(s.Intersect(s.Proto(protoICMP), s.ICMPType(8)), s.DstPrefix(p("10.0.0.0/8"))),
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
			sg = s.Union(sg, s.Intersect(s.SrcPrefix(src), s.Intersect(s.Proto(protoTCP), s.DstPorts(port, port))))
		}
	}
	flows := s.Flows(sg)
	want := "ipv4 tcp 10.0.0.0/12,10.16.0.0/14 -> 0.0.0.0/0 dport 22,443\n"
	if got := flowLines(flows); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
