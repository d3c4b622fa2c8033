package analyzer

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

func TestTraceAddresses(t *testing.T) {
	d := enginetest.Load(t, "testdata/demo.net.hcl", "testdata/asymmetric.net.hcl")
	web := enginetest.ENIOf(t, d, "web-1")
	tests := []struct {
		name     string
		q        TraceQuery
		src, dst string
		arrived  bool
		returned bool
		code     dataplane.Code
	}{
		{"private from inside", TraceQuery{From: "web-1", To: "app-1", Protocol: model.ProtoTCP, DstPort: 8080}, "10.10.1.10", "10.10.2.10", true, true, dataplane.CodeAccepted},
		{"public from the internet", TraceQuery{From: "internet", To: "web-1", Protocol: model.ProtoTCP, DstPort: 443}, "198.51.100.10", d.PublicAddr[web].String(), true, true, dataplane.CodeAccepted},
		{"the internet as destination", TraceQuery{From: "app-1", To: "internet", Protocol: model.ProtoTCP, DstPort: 443}, "10.10.2.10", "203.0.113.10", true, true, dataplane.CodeExitsNetwork},
		{"given addresses", TraceQuery{From: "web-1", To: "app-1", Protocol: model.ProtoTCP, DstPort: 8080, SrcIP: netip.MustParseAddr("10.10.1.10"), DstIP: netip.MustParseAddr("10.10.2.10")}, "10.10.1.10", "10.10.2.10", true, true, dataplane.CodeAccepted},
		{"a subnet's first usable address", TraceQuery{From: "web-1", To: "10.10.2.0/24", Protocol: model.ProtoTCP, DstPort: 8080}, "10.10.1.10", "10.10.2.4", false, false, dataplane.CodeSGEgressDeny},
		{"the reply leaves through a NAT gateway", TraceQuery{From: "internet", To: "public-in-private", Protocol: model.ProtoTCP, DstPort: 443}, "198.51.100.10", "203.0.113.50", true, false, dataplane.CodeAccepted},
		{"icmp echo", TraceQuery{From: "web-1", To: "app-1", Protocol: model.ProtoICMP, ICMPType: -1, ICMPCode: -1}, "10.10.1.10", "10.10.2.10", false, false, dataplane.CodeSGEgressDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := New(d).Trace(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Packet.Src.String() != tt.src || tr.Packet.Dst.String() != tt.dst {
				t.Errorf("packet %s, want %s -> %s", tr.Packet, tt.src, tt.dst)
			}
			if tr.ForwardOutcome.Code != tt.code || tr.Arrived != tt.arrived || tr.Returned != tt.returned {
				t.Errorf("%s arrived=%v returned=%v, want %s %v %v (%s; %s)", tr.ForwardOutcome.Code, tr.Arrived, tr.Returned,
					tt.code, tt.arrived, tt.returned, tr.ForwardOutcome.Message, tr.ReturnOutcome.Message)
			}
			if tt.q.Protocol.HasPorts() && tr.Packet.SrcPort != DefaultSrcPort {
				t.Errorf("source port %d", tr.Packet.SrcPort)
			}
		})
	}
}

func TestTraceRejectsForeignAddresses(t *testing.T) {
	d := enginetest.Load(t, "testdata/demo.net.hcl")
	for _, q := range []TraceQuery{
		{From: "web-1", To: "app-1", Protocol: model.ProtoTCP, DstPort: 1, SrcIP: netip.MustParseAddr("10.10.2.10")},
		{From: "web-1", To: "app-1", Protocol: model.ProtoTCP, DstPort: 1, DstIP: netip.MustParseAddr("10.10.1.10")},
		{From: "internet", To: "web-1", Protocol: model.ProtoTCP, DstPort: 1, SrcIP: netip.MustParseAddr("10.1.2.3")},
	} {
		var sel *SelectorError
		if _, err := New(d).Trace(q); !errors.As(err, &sel) {
			t.Errorf("%+v: err = %v, want a SelectorError", q, err)
		}
	}
}

func TestFirstHost(t *testing.T) {
	for _, tt := range []struct {
		p      string
		subnet bool
		want   string
	}{
		{"10.0.0.0/24", true, "10.0.0.4"},
		{"10.0.0.0/24", false, "10.0.0.1"},
		{"10.0.0.7/32", false, "10.0.0.7"},
		{"10.0.0.0/31", true, "10.0.0.0"},
		{"2001:db8::/64", true, "2001:db8::4"},
	} {
		if got := firstHost(netip.MustParsePrefix(tt.p), tt.subnet); got.String() != tt.want {
			t.Errorf("firstHost(%s, %v) = %s, want %s", tt.p, tt.subnet, got, tt.want)
		}
	}
}

// TestTraceFromOutsideAddress: trace --from an outside address or block
// sends from that address (a block's first host), not from the
// documentation address that stands for "internet", and agrees with reach.
// A security group admits exactly the sources its rules name:
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
func TestTraceFromOutsideAddress(t *testing.T) {
	d := enginetest.Load(t, "testdata/cases/outside.net.hcl")
	an := New(d)
	for _, tt := range []struct {
		from, src string
		arrived   bool
		code      dataplane.Code
	}{
		{"8.8.8.8", "8.8.8.8", true, dataplane.CodeAccepted},
		{"8.8.8.0/24", "8.8.8.1", true, dataplane.CodeAccepted},
		{"198.51.100.0/24", "198.51.100.1", false, dataplane.CodeSGIngressDeny},
		{"internet", "198.51.100.10", false, dataplane.CodeSGIngressDeny},
	} {
		tr, err := an.Trace(TraceQuery{From: tt.from, To: "pub-1", Protocol: model.ProtoTCP, DstPort: 443})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Packet.Src.String() != tt.src || tr.Arrived != tt.arrived || tr.ForwardOutcome.Code != tt.code {
			t.Errorf("from %s: packet %s %s arrived=%v, want from %s %s arrived=%v", tt.from, tr.Packet, tr.ForwardOutcome.Code, tr.Arrived, tt.src, tt.code, tt.arrived)
		}
		a, err := an.Reach(Query{From: tt.from, To: "pub-1", Protocol: model.ProtoTCP, Ports: ports(443, 443)})
		if err != nil {
			t.Fatal(err)
		}
		// "internet" as a whole includes 8.8.8.0/24, so reach finds packets
		// that arrive where the documentation client's are denied.
		if tt.from != "internet" && a.Arrives != tt.arrived {
			t.Errorf("from %s: reach arrives=%v, trace arrived=%v", tt.from, a.Arrives, tr.Arrived)
		}
	}
}

// TestTraceInternetToPrivateAddress: the internet does not route a VPC's
// private addresses, so a packet to one leaves the network and does not
// arrive; a NAT gateway accepts no connection towards it:
// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html
func TestTraceInternetToPrivateAddress(t *testing.T) {
	for _, tt := range []struct{ net, to string }{
		{"testdata/cases/outside.net.hcl", "10.12.1.77"},
		{"testdata/cases/outside.net.hcl", "10.12.2.77"},
		{"testdata/cases/nat.net.hcl", "10.5.0.5"},
		{"testdata/cases/nat.net.hcl", "nat_gateway:nat"},
	} {
		an := New(enginetest.Load(t, tt.net))
		tr, err := an.Trace(TraceQuery{From: "internet", To: tt.to, Protocol: model.ProtoTCP, DstPort: 443})
		if err != nil {
			t.Fatal(err)
		}
		a, err := an.Reach(Query{From: "internet", To: tt.to, Protocol: model.ProtoTCP, Ports: ports(443, 443)})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Arrived || a.Arrives || a.Verdict != VerdictUnreachable {
			t.Errorf("internet -> %s: trace arrived=%v (%s), reach arrives=%v verdict=%s; want neither", tt.to, tr.Arrived, tr.ForwardOutcome.Code, a.Arrives, a.Verdict)
		}
	}
}

// TestTraceHypotheticalSourceGetsReplies: a trace from a free address of a
// subnet sends from a hypothetical host there (as reach does), and the
// reply that reaches that address is delivered to it: ACCEPTED, not
// NO_HOST. The VPC's local route delivers the reply inside the VPC:
// https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html
func TestTraceHypotheticalSourceGetsReplies(t *testing.T) {
	d := enginetest.Load(t, "testdata/cases/nacl.net.hcl")
	an := New(d)
	for _, from := range []string{"10.11.2.77", "subnet:open-b"} {
		tr, err := an.Trace(TraceQuery{From: from, To: "open-1", Protocol: model.ProtoTCP, DstPort: 443})
		if err != nil {
			t.Fatal(err)
		}
		if !tr.Arrived || !tr.Returned || tr.ReturnOutcome.Code != dataplane.CodeAccepted || tr.ReturnDisposition(d) != dataplane.Accepted {
			t.Errorf("from %s: arrived=%v returned=%v return %s %s (%s)", from, tr.Arrived, tr.Returned, tr.ReturnDisposition(d), tr.ReturnOutcome.Code, tr.ReturnOutcome.Message)
		}
		a, err := an.Reach(Query{From: from, To: "open-1", Protocol: model.ProtoTCP, Ports: ports(443, 443)})
		if err != nil {
			t.Fatal(err)
		}
		if a.Return != ReturnOK {
			t.Errorf("from %s: reach return %s, trace returned %v", from, a.Return, tr.Returned)
		}
	}
}

// TestTraceICMPNotAnswered: only an ICMP echo request is answered; an echo
// reply (or destination unreachable, time exceeded) gets no reply, so none
// is made up (RFC 792; ICMP in security group rules:
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
func TestTraceICMPNotAnswered(t *testing.T) {
	d := enginetest.Load(t, "testdata/cases/nacl.net.hcl")
	an := New(d)
	for _, tt := range []struct {
		typ   int
		reply bool
	}{{-1, true}, {int(packet.ICMPEchoReply), false}, {3, false}, {11, false}} {
		tr, err := an.Trace(TraceQuery{From: "open-1", To: "open-2", Protocol: model.ProtoICMP, ICMPType: tt.typ, ICMPCode: -1})
		if err != nil {
			t.Fatal(err)
		}
		if !tr.Arrived || !tr.Returned || (tr.Return != nil) != tt.reply {
			t.Errorf("icmp type %d: arrived=%v returned=%v reply traced=%v, want a reply traced: %v", tt.typ, tr.Arrived, tr.Returned, tr.Return != nil, tt.reply)
		}
		if !tt.reply && !hasNote(tr.Notes, "gets no reply") {
			t.Errorf("icmp type %d: notes %q do not say no reply is traced", tt.typ, tr.Notes)
		}
	}
}

// TestWitnessSourceAsTrace: reach's witness leaves from the address trace
// would send from (a block's first host; in a subnet, the first usable
// address, AWS reserving the first four:
// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
func TestWitnessSourceAsTrace(t *testing.T) {
	for _, c := range []struct{ net, from, to string }{
		{"example:tgw-hub", "on_prem:datacenter", "api-1"},
		{"testdata/cases/outside.net.hcl", "8.8.8.0/24", "pub-1"},
		{"testdata/cases/nacl.net.hcl", "subnet:open-b", "open-1"},
	} {
		an := New(enginetest.Load(t, c.net))
		tr, err := an.Trace(TraceQuery{From: c.from, To: c.to, Protocol: model.ProtoTCP, DstPort: 443})
		if err != nil {
			t.Fatal(err)
		}
		a, err := an.Reach(Query{From: c.from, To: c.to, Protocol: model.ProtoTCP, Ports: ports(443, 443)})
		if err != nil {
			t.Fatal(err)
		}
		if a.Witness == nil || a.Witness.Src != tr.Packet.Src {
			t.Errorf("%s -> %s: reach witness %v, trace sends from %s", c.from, c.to, a.Witness, tr.Packet.Src)
		}
	}
}
