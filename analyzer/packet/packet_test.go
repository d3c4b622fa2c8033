package packet

import (
	"net/netip"
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

func TestPacketString(t *testing.T) {
	for _, c := range []struct {
		p    Packet
		want string
	}{
		{Packet{Proto: uint8(model.ProtoTCP), Src: netip.MustParseAddr("10.0.0.1"), Dst: netip.MustParseAddr("10.0.1.5"), SrcPort: 40000, DstPort: 443},
			"tcp 10.0.0.1:40000 -> 10.0.1.5:443"},
		{Packet{Proto: uint8(model.ProtoUDP), Src: netip.MustParseAddr("2001:db8::1"), Dst: netip.MustParseAddr("2001:db8::2"), SrcPort: 5353, DstPort: 53},
			"udp [2001:db8::1]:5353 -> [2001:db8::2]:53"},
		{Packet{Proto: uint8(model.ProtoICMP), Src: netip.MustParseAddr("10.0.0.1"), Dst: netip.MustParseAddr("10.0.1.5"), ICMPType: ICMPEchoRequest},
			"icmp 10.0.0.1 -> 10.0.1.5 type 8 code 0"},
		{Packet{Proto: 50, Src: netip.MustParseAddr("10.0.0.1"), Dst: netip.MustParseAddr("10.0.1.5")},
			"proto 50 10.0.0.1 -> 10.0.1.5"},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestReplyAnswersEcho(t *testing.T) {
	a, b := netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2")
	for _, c := range []struct {
		proto      model.Protocol
		icmp, want uint8
	}{
		{model.ProtoICMP, ICMPEchoRequest, ICMPEchoReply},
		{model.ProtoICMPv6, ICMPv6EchoRequest, ICMPv6EchoReply},
		{model.ProtoICMP, 3, 3},
	} {
		r := Packet{Proto: uint8(c.proto), Src: a, Dst: b, ICMPType: c.icmp}.Reply()
		if r.Src != b || r.Dst != a || r.ICMPType != c.want {
			t.Errorf("%s type %d: reply %v", c.proto, c.icmp, r)
		}
	}
	tcp := Packet{Proto: uint8(model.ProtoTCP), Src: a, Dst: b, SrcPort: 40000, DstPort: 443}.Reply()
	if tcp.SrcPort != 443 || tcp.DstPort != 40000 || tcp.Src != b {
		t.Errorf("tcp reply %v", tcp)
	}
}
