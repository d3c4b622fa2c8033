package analyzer

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/model/load/flowlog"
)

func TestFlowOrientation(t *testing.T) {
	tests := []struct {
		proto           uint8
		sport, dport    uint16
		flags           int
		wantReply, sure bool
	}{
		{6, 49152, 443, -1, false, true},
		{6, 443, 49152, -1, true, true},
		{6, 443, 49152, 2, false, true}, // the flags know better than the ports
		{6, 40000, 443, 18, true, true},
		{6, 40000, 443, 19, true, true},
		{6, 8080, 5432, -1, false, false},
		{6, 5432, 8080, -1, true, false},
		{17, 53, 33000, -1, true, true},
		{1, 0, 0, -1, false, false},
	}
	for _, tt := range tests {
		reply, sure := flowOrientation(tt.proto, tt.sport, tt.dport, tt.flags)
		if reply != tt.wantReply || sure != tt.sure {
			t.Errorf("%d %d->%d flags %d: reply=%v sure=%v, want %v %v", tt.proto, tt.sport, tt.dport, tt.flags, reply, sure, tt.wantReply, tt.sure)
		}
	}
}

// demoLog is flow log text for testdata/demo.net.hcl: web-1 (10.10.1.10,
// eni web-1/eth0) talks to app-1 (10.10.2.10) on 8080, the internet talks
// to web-1 on 443, app-1 goes out through the NAT gateway.
const demoLog = `version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
2 1 web-1/eth0 10.10.1.10 10.10.2.10 40001 8080 6 5 500 1 2 ACCEPT OK
2 1 app-1/eth0 10.10.1.10 10.10.2.10 40001 8080 6 5 500 1 2 ACCEPT OK
2 1 app-1/eth0 10.10.2.10 10.10.1.10 8080 40001 6 5 500 1 2 ACCEPT OK
2 1 web-1/eth0 198.51.100.7 10.10.1.10 50000 443 6 5 500 1 2 ACCEPT OK
2 1 web-1/eth0 10.10.1.10 198.51.100.7 443 50000 6 5 500 1 2 ACCEPT OK
2 1 app-1/eth0 10.10.2.10 8.8.8.8 40002 443 6 5 500 1 2 ACCEPT OK
2 1 web-1/eth0 10.10.1.10 10.10.2.10 40003 22 6 5 500 1 2 REJECT OK
2 1 web-1/eth0 - - - - - - - 1 2 - NODATA
2 1 web-1/eth0 - - - - - - - 1 2 - SKIPDATA

2 1 web-1/eth0 10.99.0.1 10.10.1.10 40004 443 6 5 500 1 2 ACCEPT OK
`

func TestReplayDemo(t *testing.T) {
	d := enginetest.Load(t, "testdata/demo.net.hcl")
	r := New(d).NewReplayer()
	diags, err := r.ReadFrom("demo.log", strings.NewReader(demoLog))
	if err != nil || diags.HasErrors() {
		t.Fatalf("%v %v", err, diags)
	}
	st := r.Stats()
	want := ReplayStats{Records: 10, NoData: 1, SkipData: 1, Rejected: 1, Unmapped: 1, Replayed: 6, Passing: 6}
	if st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	if u := r.Unmapped(); len(u) != 1 || !strings.Contains(u[0].Reason, "private address in no subnet") {
		t.Errorf("unmapped %+v", u)
	}
	if len(r.Drops()) != 0 {
		t.Errorf("drops %+v", r.Drops())
	}
}

// TestReplayAfterChange replays the demo's traffic on the network with
// app-1's security group closed: the web-to-app flow is dropped, the rest
// passes.
func TestReplayAfterChange(t *testing.T) {
	d := enginetest.Load(t, "testdata/demo.net.hcl")
	d.SGFilter(enginetest.ENIOf(t, d, "app-1"), dataplane.SGIngress).Rules = nil
	r := New(d).NewReplayer()
	if diags, err := r.ReadFrom("demo.log", strings.NewReader(demoLog)); err != nil || diags.HasErrors() {
		t.Fatalf("%v %v", err, diags)
	}
	drops := r.Drops()
	if len(drops) != 1 {
		t.Fatalf("drops %+v", drops)
	}
	f := drops[0]
	if f.Records != 3 || f.Client.String() != "10.10.1.10" || f.Server.String() != "10.10.2.10" || f.ServerPort != 8080 || f.Reply ||
		f.Disposition != dataplane.DeniedIn || f.Outcome.Code != dataplane.CodeSGIngressDeny || f.Interface != "web-1/eth0" {
		t.Errorf("drop %+v", f)
	}
	if st := r.Stats(); st.Dropped != 3 || st.Passing != 3 {
		t.Errorf("stats %+v", st)
	}
}

func TestReplayDiagnostics(t *testing.T) {
	d := enginetest.Load(t, "testdata/demo.net.hcl")
	r := New(d).NewReplayer()
	text := "2 1 eni 10.10.1.10 10.10.2.10 1 2 6 1 1 1 1 ACCEPT OK\nnot a record\n2 1 eni 10.10.1.10 10.10.2.10 1 2 6 1 1 1 1 ACCEPT OK\n"
	diags, err := r.ReadFrom("x.log", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 1 || diags[0].Subject.Start.Line != 2 || diags[0].Subject.Filename != "x.log" {
		t.Fatalf("diags %v", diags)
	}
	if r.Stats().Records != 2 {
		t.Errorf("records %d", r.Stats().Records)
	}
}

func TestReplayGzip(t *testing.T) {
	d := enginetest.Load(t, "testdata/demo.net.hcl")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(demoLog))
	zw.Close()
	r := New(d).NewReplayer()
	if diags, err := r.ReadFrom("demo.log.gz", &buf); err != nil || diags.HasErrors() {
		t.Fatalf("%v %v", err, diags)
	}
	if r.Stats().Records != 10 {
		t.Errorf("stats %+v", r.Stats())
	}
}

// TestReplayAgreesWithTrace: on every example, synthetic records of flows
// between hosts replay to the verdict Trace gives the same flow.
func TestReplayAgreesWithTrace(t *testing.T) {
	for _, name := range []string{"public-private", "tgw-hub", "three-tier-nacl", "sg-exposed", "peering-transit"} {
		d := enginetest.Load(t, "example:"+name)
		recs := syntheticFlowLog(d, 2000, 3)
		r := New(d).NewReplayer()
		if diags, err := r.ReadFrom(name, bytes.NewReader(recs)); err != nil || diags.HasErrors() {
			t.Fatalf("%s: %v %v", name, err, diags)
		}
		st := r.Stats()
		if st.Replayed == 0 || st.Passing == 0 {
			t.Errorf("%s: %+v", name, st)
		}
		for _, f := range r.Drops() {
			q := TraceQuery{From: f.Client.String(), To: f.Server.String(), Protocol: model.Protocol(f.Proto), DstPort: f.ServerPort, SrcPort: f.ClientPort,
				ICMPType: -1, ICMPCode: -1}
			if e, ok := d.Owner[f.Server].(*model.NetworkInterface); ok && d.Owner[f.Client] == nil {
				if pub, ok := d.PublicAddr[e]; ok {
					// From the internet, to the public IP, as the replay does.
					q.To = pub.String()
				}
			}
			tr, err := New(d).Trace(q)
			if err != nil {
				t.Errorf("%s: trace %+v: %v", name, f, err)
				continue
			}
			if tr.Arrived && tr.Returned {
				t.Errorf("%s: replay drops %s -> %s %d (%s), trace passes it", name, f.Client, f.Server, f.ServerPort, f.Outcome.Message)
			}
		}
		t.Logf("%s: %+v, %d groups", name, st, len(r.Drops()))
	}
}

// syntheticFlowLog writes n version-2 records of flows between the
// network's hosts and to and from the internet, on the ports its rules
// name, as both ends' ENIs would log them (request and reply). Most are
// flows the network carries, as in a real log; passing sets the share.
func syntheticFlowLog(d *dataplane.Dataplane, n int, seed uint64) []byte {
	return syntheticFlowLogPassing(d, n, seed, -1)
}

// syntheticFlowLogPassing is syntheticFlowLog with about the given share
// of flows the network carries (-1: as drawn).
func syntheticFlowLogPassing(d *dataplane.Dataplane, n int, seed uint64, passing float64) []byte {
	replay := New(d).NewReplayer()
	r := rand.New(rand.NewPCG(seed, 99))
	type host struct {
		id   string
		addr netip.Addr
	}
	var hosts []host
	for e := range d.ENIOut {
		if a := dataplane.FirstV4(d.Addrs[e]); a.IsValid() {
			id := e.AWSID
			if id == "" {
				id = e.Name
			}
			hosts = append(hosts, host{id, a})
		}
	}
	sort.Slice(hosts, func(i, j int) bool { return hosts[i].id < hosts[j].id })
	ports := []uint16{22, 80, 443}
	seen := map[uint16]bool{}
	for i := range d.Edges {
		for _, f := range d.Edges[i].Filters {
			for _, rl := range f.Rules {
				if rl.Proto.HasPorts() && !seen[rl.Ports.From] && rl.Ports.From >= 1 && rl.Ports.From < 32768 {
					seen[rl.Ports.From] = true
					ports = append(ports, rl.Ports.From)
				}
			}
		}
	}
	sort.Slice(ports, func(i, j int) bool { return ports[i] < ports[j] })
	internet := []netip.Addr{netip.MustParseAddr("198.51.100.7"), netip.MustParseAddr("203.0.113.99")}
	var b bytes.Buffer
	b.WriteString("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n")
	for i := 0; i < n; {
		c, s := hosts[r.IntN(len(hosts))], hosts[r.IntN(len(hosts))]
		client, server := c.addr, s.addr
		switch r.IntN(6) {
		case 0:
			server = internet[r.IntN(len(internet))]
			s.id = ""
		case 1:
			client = internet[r.IntN(len(internet))]
			c.id = ""
		}
		sport, dport := uint16(32768+r.IntN(28000)), ports[r.IntN(len(ports))]
		proto := int(model.ProtoTCP)
		if r.IntN(10) == 0 {
			proto = int(model.ProtoUDP)
		}
		action := "ACCEPT"
		if passing >= 0 {
			p := packet.Packet{Proto: uint8(proto), Src: client, Dst: server, SrcPort: sport, DstPort: dport}
			out, reason := replay.replayFlow(p, replay.host(p.Src), replay.host(p.Dst))
			if reason != "" || out.ok != (r.Float64() < passing) {
				continue
			}
		}
		for _, id := range []string{c.id, s.id} {
			if id == "" || i >= n {
				continue
			}
			fmt.Fprintf(&b, "2 123456789012 %s %s %s %d %d %d 10 840 1700000000 1700000060 %s OK\n", id, client, server, sport, dport, proto, action)
			fmt.Fprintf(&b, "2 123456789012 %s %s %s %d %d %d 10 840 1700000000 1700000060 %s OK\n", id, server, client, dport, sport, proto, action)
			i += 2
		}
	}
	return b.Bytes()
}

// BenchmarkReplay replays synthetic flow logs, parsing included, on one
// core:
//
//	go test ./analyzer -run '^$' -bench BenchmarkReplay -benchmem -cpu 1
//
// records/s is the figure the target (at least 1,000,000) is about;
// cpu-records/s the same in process CPU time, for loaded machines.
func BenchmarkReplay(b *testing.B) {
	for _, c := range []struct {
		name string
		d    func(testing.TB) *dataplane.Dataplane
	}{
		{"tgw-hub", func(tb testing.TB) *dataplane.Dataplane { return enginetest.Load(tb, "example:tgw-hub") }},
		{"2000VPCs", func(tb testing.TB) *dataplane.Dataplane { return enginetest.Generated(tb, 2000) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			d := c.d(b)
			text := syntheticFlowLogPassing(d, 200_000, 1, 0.95)
			records := bytes.Count(text, []byte("\n")) - 1
			r := New(d).NewReplayer()
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			runtime.GC()
			cpu0, cpuOK := enginetest.ProcessCPU()
			b.ResetTimer()
			n := 0
			for b.Loop() {
				if _, err := r.ReadFrom("bench.log", bytes.NewReader(text)); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(n*records)/b.Elapsed().Seconds(), "records/s")
			if cpu1, ok := enginetest.ProcessCPU(); ok && cpuOK {
				b.ReportMetric(float64(n*records)/(float64(cpu1-cpu0)/1e9), "cpu-records/s")
			}
		})
	}
}

// TestPortClassesAreExact: two client ports of one class replay to the same
// outcome, so the replay may keep one verdict per class.
func TestPortClassesAreExact(t *testing.T) {
	for _, name := range []string{"public-private", "tgw-hub", "three-tier-nacl", "ipv6-dualstack", "hybrid-vgw"} {
		d := enginetest.Load(t, "example:"+name)
		a := newAgreement(name, d)
		r := New(d).NewReplayer()
		rnd := rand.New(rand.NewPCG(11, 12))
		for range 20_000 {
			start := a.Starts[rnd.IntN(len(a.Starts))]
			p := a.Draw(rnd, start)
			if !model.Protocol(p.Proto).HasPorts() {
				continue
			}
			q := p
			// Another port of the same class: a neighbour, or anywhere in it.
			q.SrcPort = uint16(rnd.IntN(65536))
			if r.portClass(q.SrcPort) != r.portClass(p.SrcPort) {
				q.SrcPort = p.SrcPort + 1
				if p.SrcPort == 65535 || r.portClass(q.SrcPort) != r.portClass(p.SrcPort) {
					continue
				}
			}
			op, rp := r.replayFlow(p, r.host(p.Src), r.host(p.Dst))
			oq, rq := r.replayFlow(q, r.host(q.Src), r.host(q.Dst))
			if rp != rq || op.ok != oq.ok || op.reply != oq.reply || op.res.Outcome.Code != oq.res.Outcome.Code || op.res.Node != oq.res.Node {
				t.Fatalf("%s: %s and %s (client ports of class %d) replay differently: %+v %q / %+v %q", name, p, q,
					r.portClass(p.SrcPort), op.res.Outcome, rp, oq.res.Outcome, rq)
			}
		}
	}
}

func TestReplayCustomFormat(t *testing.T) {
	d := enginetest.Load(t, "testdata/demo.net.hcl")
	text := "${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${action} ${tcp-flags} ${flow-direction}\n" +
		"10.10.1.10 10.10.2.10 40001 8080 6 ACCEPT 2 egress\n" +
		"10.10.2.10 10.10.1.10 8080 40001 6 ACCEPT 18 ingress\n" +
		"version srcaddr dstaddr srcport dstport protocol action\n" +
		"5 10.10.1.10 10.10.2.10 40002 22 6 ACCEPT\n"
	r := New(d).NewReplayer()
	if diags, err := r.ReadFrom("custom.log", strings.NewReader(text)); err != nil || diags.HasErrors() {
		t.Fatalf("%v %v", err, diags)
	}
	if st := r.Stats(); st.Records != 3 || st.Passing != 2 || st.Dropped != 1 {
		t.Errorf("%+v", st)
	}
}

func TestReplayDoesNotAllocate(t *testing.T) {
	d := enginetest.Load(t, "testdata/demo.net.hcl")
	r := New(d).NewReplayer()
	rec := flowlog.Record{Interface: []byte("eni-0a1b2c3d"), Src: netip.MustParseAddr("10.10.1.10"), Dst: netip.MustParseAddr("10.10.2.10"),
		SrcPort: 40001, DstPort: 8080, Proto: uint8(model.ProtoTCP), Action: flowlog.ActionAccept, TCPFlags: -1}
	if n := testing.AllocsPerRun(100, func() { r.Replay(&rec) }); n != 0 {
		t.Errorf("replaying a record allocates %v times", n)
	}
	if st := r.Stats(); st.Passing == 0 {
		t.Errorf("%+v", st)
	}
}

// TestReplayOverlappingVPCs: where two VPCs share addresses, the logging
// ENI says which VPC a flow was in.
func TestReplayOverlappingVPCs(t *testing.T) {
	net, diags := load.Paths([]string{"testdata/overlap.net.hcl"}, load.Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	d := dataplane.Compile(net)
	text := "2 1 blue-2/eth0 10.20.1.20 10.20.1.10 40000 22 6 1 1 1 1 ACCEPT OK\n" +
		"2 1 blue-1/eth0 10.20.1.20 10.20.1.10 40000 22 6 1 1 1 1 ACCEPT OK\n" +
		"2 1 green-2/eth0 10.20.1.20 10.20.1.10 40001 443 6 1 1 1 1 ACCEPT OK\n" +
		"2 1 green-1/eth0 10.20.1.20 10.20.1.10 40001 443 6 1 1 1 1 ACCEPT OK\n" +
		// SSH in green is denied: this record cannot have happened there.
		"2 1 green-1/eth0 10.20.1.20 10.20.1.10 40002 22 6 1 1 1 1 ACCEPT OK\n"
	r := New(d).NewReplayer()
	if diags, err := r.ReadFrom("overlap.log", strings.NewReader(text)); err != nil || diags.HasErrors() {
		t.Fatalf("%v %v", err, diags)
	}
	if st := r.Stats(); st.Passing != 4 || st.Dropped != 1 {
		t.Errorf("%+v %+v", st, r.Drops())
	}
	if drops := r.Drops(); len(drops) != 1 || drops[0].Outcome.Code != dataplane.CodeSGIngressDeny || drops[0].ServerPort != 22 {
		t.Errorf("%+v", drops)
	}
}
