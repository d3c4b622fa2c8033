package fastpath

import (
	"net/netip"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

func tcp(src, dst string, sport, dport uint16) packet.Packet {
	return packet.Packet{Proto: uint8(model.ProtoTCP), Src: netip.MustParseAddr(src), Dst: netip.MustParseAddr(dst), SrcPort: sport, DstPort: dport}
}

func TestFastPathDemo(t *testing.T) {
	d := enginetest.Load(t, "../testdata/demo.net.hcl")
	web, app := enginetest.ENIOf(t, d, "web-1"), enginetest.ENIOf(t, d, "app-1")
	webPub := d.PublicAddr[web]
	if !webPub.IsValid() || d.Assumed[webPub] == "" {
		t.Fatalf("web-1 should have an assumed public IP, got %v", webPub)
	}
	cases := []struct {
		name      string
		start     dataplane.NodeID
		p         packet.Packet
		want      dataplane.Code
		wantReply dataplane.Code
	}{
		{"web to app 8080", d.ENIOut[web], tcp("10.10.1.10", "10.10.2.10", 40000, 8080), dataplane.CodeAccepted, dataplane.CodeAccepted},
		{"web to app 22 denied by SG", d.ENIOut[web], tcp("10.10.1.10", "10.10.2.10", 40000, 22), dataplane.CodeSGEgressDeny, ""},
		{"app to internet via NAT", d.ENIOut[app], tcp("10.10.2.10", "8.8.8.8", 40000, 443), dataplane.CodeExitsNetwork, dataplane.CodeAccepted},
		{"internet to web public IP", d.Internet, tcp("198.51.100.7", webPub.String(), 50000, 443), dataplane.CodeAccepted, dataplane.CodeExitsNetwork},
		{"internet to web private IP leaves", d.Internet, tcp("198.51.100.7", "10.10.1.10", 50000, 443), dataplane.CodeExitsNetwork, ""},
		{"web to internet without SG egress", d.ENIOut[web], tcp("10.10.1.10", "8.8.8.8", 40000, 443), dataplane.CodeSGEgressDeny, ""},
		{"app to app subnet no host", d.ENIOut[app], tcp("10.10.2.10", "10.10.2.99", 40000, 443), dataplane.CodeNoHost, ""},
	}
	fp := New(d)
	for _, c := range cases {
		var s Sessions
		res := fp.Forward(c.start, c.p, &s, true)
		if res.Outcome.Code != c.want {
			t.Errorf("%s: got %s (%s), want %s", c.name, res.Outcome.Code, res.Outcome.Message, c.want)
			continue
		}
		if c.wantReply == "" {
			continue
		}
		from := d.Nodes[res.Node].ReplyFrom
		back := fp.Reply(from, res.Final.Reply(), &s, true)
		if back.Outcome.Code != c.wantReply {
			t.Errorf("%s: reply got %s (%s), want %s", c.name, back.Outcome.Code, back.Outcome.Message, c.wantReply)
		}
	}
}
