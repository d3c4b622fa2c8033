package analyzer

import (
	"net/netip"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

func loadDataplane(t testing.TB, paths ...string) *Dataplane {
	t.Helper()
	net, diags := load.Paths(paths, load.Options{})
	if diags.HasErrors() {
		t.Fatalf("load %v: %s", paths, diags.Error())
	}
	return Compile(net)
}

func eniOf(t testing.TB, d *Dataplane, instance string) *model.NetworkInterface {
	t.Helper()
	for _, o := range d.Net.Lookup(model.KindInstance, instance) {
		return o.(*model.Instance).Primary()
	}
	t.Fatalf("no instance %s", instance)
	return nil
}

func tcp(src, dst string, sport, dport uint16) packet.Packet {
	return packet.Packet{Proto: 6, Src: netip.MustParseAddr(src), Dst: netip.MustParseAddr(dst), SrcPort: sport, DstPort: dport}
}

func TestFastPathDemo(t *testing.T) {
	d := loadDataplane(t, "testdata/demo.net.hcl")
	web, app := eniOf(t, d, "web-1"), eniOf(t, d, "app-1")
	webPub := d.PublicAddr[web]
	if !webPub.IsValid() || d.Assumed[webPub] == "" {
		t.Fatalf("web-1 should have an assumed public IP, got %v", webPub)
	}
	cases := []struct {
		name      string
		start     NodeID
		p         packet.Packet
		want      Code
		wantReply Code
	}{
		{"web to app 8080", d.ENIOut[web], tcp("10.10.1.10", "10.10.2.10", 40000, 8080), CodeAccepted, CodeAccepted},
		{"web to app 22 denied by SG", d.ENIOut[web], tcp("10.10.1.10", "10.10.2.10", 40000, 22), CodeSGEgressDeny, ""},
		{"app to internet via NAT", d.ENIOut[app], tcp("10.10.2.10", "8.8.8.8", 40000, 443), CodeExitsNetwork, CodeAccepted},
		{"internet to web public IP", d.Internet, tcp("198.51.100.7", webPub.String(), 50000, 443), CodeAccepted, CodeExitsNetwork},
		{"internet to web private IP leaves", d.Internet, tcp("198.51.100.7", "10.10.1.10", 50000, 443), CodeExitsNetwork, ""},
		{"web to internet without SG egress", d.ENIOut[web], tcp("10.10.1.10", "8.8.8.8", 40000, 443), CodeSGEgressDeny, ""},
		{"app to app subnet no host", d.ENIOut[app], tcp("10.10.2.10", "10.10.2.99", 40000, 443), CodeNoHost, ""},
	}
	fp := NewFastPath(d)
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
