package fastpath

import (
	"math/rand/v2"
	"net/netip"
	"runtime"
	"sort"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// The fast path's budget is 100 ns per hop decision on one core (README,
// "Benchmarks"). Run with
//
//	go test ./analyzer/fastpath -run '^$' -bench 'BenchmarkFastPath' -benchmem -cpu 1
//
// ns/hop is the time of one walk divided by the hops it took (each hop is a
// table lookup plus the edge's mode, guards, filters and rewrite); the walk
// does not record, so allocs/op must be 0. cpu-ns/hop is the same in
// process CPU time, the figure to read on a loaded machine, where wall time
// counts the other tenants.

// benchFlow is one packet and where it starts, with the hops its walk takes.
type benchFlow struct {
	start dataplane.NodeID
	p     packet.Packet
	hops  int
}

// benchFlows builds a workload over d: from every ENI to other ENIs'
// private and public addresses and to the internet, from the internet to
// every public address, from every on-premises site to every ENI, on a mix
// of ports (most denied somewhere, some delivered). limit flows are drawn,
// at random with a fixed seed.
func benchFlows(fp *Engine, limit int) []benchFlow { return benchTraffic(fp, limit, -1) }

// benchTraffic is benchFlows with about the given share of flows that the
// network delivers, as in the traffic a network actually carries (-1: as
// drawn).
func benchTraffic(fp *Engine, limit int, delivered float64) []benchFlow {
	d := fp.d
	r := rand.New(rand.NewPCG(1, 2))
	type host struct {
		out  dataplane.NodeID
		priv netip.Addr
		pub  netip.Addr
	}
	var hosts []host
	for e, out := range d.ENIOut {
		h := host{out: out, priv: dataplane.FirstV4(d.Addrs[e])}
		if !h.priv.IsValid() {
			continue
		}
		h.pub = d.PublicAddr[e]
		hosts = append(hosts, h)
	}
	sort.Slice(hosts, func(i, j int) bool { return hosts[i].out < hosts[j].out })
	var sites []dataplane.NodeID
	var siteAddr []netip.Addr
	for o, id := range d.OnPrem {
		if len(o.CIDRs) > 0 {
			sites = append(sites, id)
			siteAddr = append(siteAddr, o.CIDRs[0].Prefix.Addr().Next())
		}
	}
	if len(hosts) == 0 {
		return nil
	}
	// Ports the network's rules name (so that many flows get far), and a few
	// that most networks deny.
	ports := []uint16{22, 3389, 9999}
	seen := map[uint16]bool{}
	for i := range d.Edges {
		for _, f := range d.Edges[i].Filters {
			for _, r := range f.Rules {
				if r.Proto.HasPorts() && !seen[r.Ports.From] {
					seen[r.Ports.From] = true
					ports = append(ports, r.Ports.From)
				}
			}
		}
	}
	sort.Slice(ports[3:], func(i, j int) bool { return ports[3+i] < ports[3+j] })
	internet := netip.MustParseAddr("198.51.100.10")
	var out []benchFlow
	add := func(start dataplane.NodeID, src, dst netip.Addr) {
		proto := uint8(model.ProtoTCP)
		if r.IntN(8) == 0 {
			proto = uint8(model.ProtoUDP)
		}
		f := benchFlow{start: start, p: packet.Packet{Proto: proto, Src: src, Dst: dst,
			SrcPort: uint16(32768 + r.IntN(28232)), DstPort: ports[r.IntN(len(ports))]}}
		if delivered >= 0 {
			var s Sessions
			if fp.Forward(f.start, f.p, &s, false).Delivered != (r.Float64() < delivered) {
				return
			}
		}
		out = append(out, f)
	}
	for len(out) < limit {
		a, b := hosts[r.IntN(len(hosts))], hosts[r.IntN(len(hosts))]
		switch k := r.IntN(10); {
		case k < 5:
			add(a.out, a.priv, b.priv)
		case k < 6 && b.pub.IsValid():
			add(a.out, a.priv, b.pub)
		case k < 7:
			add(a.out, a.priv, internet)
		case k < 9 && b.pub.IsValid():
			add(d.Internet, internet, b.pub)
		case len(sites) > 0:
			i := r.IntN(len(sites))
			add(sites[i], siteAddr[i], b.priv)
		default:
			add(a.out, a.priv, b.priv)
		}
	}
	for i := range out {
		var s Sessions
		out[i].hops = len(fp.Forward(out[i].start, out[i].p, &s, true).Hops)
	}
	return out
}

func benchmarkFastPath(b *testing.B, fp *Engine, flows []benchFlow) {
	if len(flows) == 0 {
		b.Skip("no flows")
	}
	hops := 0
	for _, f := range flows {
		hops += f.hops
	}
	b.ReportAllocs()
	runtime.GC()
	cpu0, cpuOK := enginetest.ProcessCPU()
	b.ResetTimer()
	walked, i := 0, 0
	for b.Loop() {
		f := &flows[i]
		var s Sessions
		fp.Forward(f.start, f.p, &s, false)
		walked += f.hops
		i++
		if i == len(flows) {
			i = 0
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(walked), "ns/hop")
	if cpu1, ok := enginetest.ProcessCPU(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(walked), "cpu-ns/hop")
	}
	b.ReportMetric(float64(hops)/float64(len(flows)), "hops/walk")
}

// BenchmarkFastPathExamples walks a workload over every embedded example.
func BenchmarkFastPathExamples(b *testing.B) {
	for _, ex := range fixtures.Examples() {
		b.Run(ex.Name, func(b *testing.B) {
			fp := New(enginetest.Load(b, load.ExamplePrefix+ex.Name))
			benchmarkFastPath(b, fp, benchFlows(fp, 4096))
		})
	}
}

// BenchmarkFastPath2000VPCs walks workloads over the generated network of
// the seed scale: 2,000 VPCs of four subnets, transit gateways and
// peerings. Each draws its flows across the whole network, so most walks
// start where the cache holds nothing of the graph:
//
//   - traffic: 65,536 flows, 90% of them flows the network delivers — the
//     traffic a network carries, whose walks go on through the VPC;
//   - random: 65,536 packets as drawn, most denied at their first hop,
//     so that nearly every hop is a walk's first: the worst case;
//   - cached: 256 flows as drawn, whose part of the graph stays in cache:
//     the cost of the decisions themselves.
func BenchmarkFastPath2000VPCs(b *testing.B) {
	fp := New(enginetest.Generated(b, 2000))
	b.Run("traffic", func(b *testing.B) { benchmarkFastPath(b, fp, benchTraffic(fp, 1<<16, 0.9)) })
	b.Run("random", func(b *testing.B) { benchmarkFastPath(b, fp, benchFlows(fp, 1<<16)) })
	b.Run("cached", func(b *testing.B) { benchmarkFastPath(b, fp, benchFlows(fp, 256)) })
}
