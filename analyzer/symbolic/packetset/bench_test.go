package packetset

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// cpuMeter reports CPU nanoseconds per unit of work, b.ReportMetric style.
type cpuMeter struct {
	start int64
	ok    bool
}

func startCPU(b *testing.B) cpuMeter {
	b.ResetTimer()
	t, ok := processCPU()
	return cpuMeter{t, ok}
}

func (m cpuMeter) report(b *testing.B, units int, unit string) {
	b.StopTimer()
	if t, ok := processCPU(); ok && m.ok && units > 0 {
		b.ReportMetric(float64(t-m.start)/float64(units), "cpu-ns/"+unit)
	}
	if units > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(units), "ns/"+unit)
	}
}

// securityGroup is a union of n rules shaped like AWS security-group
// entries: a source CIDR (packet.IPv4, some packet.IPv6), and "all traffic", one TCP
// port, a UDP port range or ICMP echo.
func securityGroup(s *Space, r *rand.Rand, n int) Set {
	x := s.None()
	for range n {
		var src netip.Prefix
		if r.IntN(5) == 0 {
			src = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0, byte(r.IntN(16))}), 56)
		} else {
			src = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(64)), byte(r.IntN(256)), 0}), 16+r.IntN(9)).Masked()
		}
		var svc Set
		switch r.IntN(4) {
		case 0:
			svc = s.All()
		case 1:
			p := uint16([]int{22, 80, 443, 5432, 3306, 6379}[r.IntN(6)])
			svc = s.Intersect(s.Proto(protoTCP), s.DstPorts(p, p))
		case 2:
			lo := uint16(1024 + r.IntN(30000))
			svc = s.Intersect(s.Proto(protoUDP), s.DstPorts(lo, lo+uint16(r.IntN(1000))))
		default:
			svc = s.Intersect(s.Proto(protoICMP), s.ICMPType(8))
		}
		x = s.Union(x, s.Intersect(s.SrcPrefix(src), svc))
	}
	return x
}

func dstPrefixes(s *Space, r *rand.Rand, n int) []Set {
	var out []Set
	for range n {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(256)), byte(r.IntN(256)), 0}), 16+r.IntN(13)).Masked()
		out = append(out, s.DstPrefix(p))
	}
	return out
}

// BenchmarkSecurityGroup60 builds one 60-rule group per op, each with new
// random rules, in a space shared by 256 consecutive builds (as an engine
// compiling a network would share one).
func BenchmarkSecurityGroup60(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var s *Space
	nodes := 0
	m := startCPU(b)
	for i := 0; i < b.N; i++ {
		if i%256 == 0 {
			s = NewSpace()
		}
		nodes += s.NodeCount(securityGroup(s, r, 60))
	}
	m.report(b, b.N, "op")
	b.ReportMetric(float64(nodes)/float64(b.N), "nodes/group")
}

// BenchmarkIntersect100Prefixes intersects a 60-rule group with 100
// destination prefixes per op. Each op uses a group not intersected before,
// so the results are computed, not found in the cache; groups are built
// (untimed) 32 to a space, so the tables stay at a realistic size.
func BenchmarkIntersect100Prefixes(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var (
		s      *Space
		dsts   []Set
		groups []Set
	)
	m := startCPU(b)
	cpuSetup := int64(0)
	for i := 0; i < b.N; i++ {
		if i%32 == 0 {
			b.StopTimer()
			c0, _ := processCPU()
			s = NewSpace()
			dsts = dstPrefixes(s, r, 100)
			groups = groups[:0]
			for range 32 {
				groups = append(groups, securityGroup(s, r, 60))
			}
			c1, _ := processCPU()
			cpuSetup += c1 - c0
			b.StartTimer()
		}
		for _, d := range dsts {
			s.Intersect(groups[i%32], d)
		}
	}
	m.start += cpuSetup
	m.report(b, b.N*100, "intersect")
}

func BenchmarkContains(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	s := NewSpace()
	sg := securityGroup(s, r, 60)
	pr := program{{opUnion, rule{proto: -1, itype: -1, icode: -1, anyDport: true, anySport: true}}}
	pkts := probes(r, pr, 1024)
	for i := range pkts {
		// Half the probes inside the group so both outcomes are walked.
		if i%2 == 0 {
			if w, ok := s.Witness(sg, pkts[i]); ok {
				pkts[i] = w
			}
		}
	}
	m := startCPU(b)
	for i := 0; i < b.N; i++ {
		s.Contains(sg, pkts[i&1023])
	}
	m.report(b, b.N, "packet")
}

// BenchmarkReply replies to a 60-rule group narrowed to a destination /16,
// the shape of a forward reachability answer; sets are built (untimed) 32 to
// a space.
func BenchmarkReply(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	var (
		s    *Space
		sets []Set
	)
	m := startCPU(b)
	cpuSetup := int64(0)
	for i := 0; i < b.N; i++ {
		if i%32 == 0 {
			b.StopTimer()
			c0, _ := processCPU()
			s = NewSpace()
			sets = sets[:0]
			for range 32 {
				sets = append(sets, s.Intersect(securityGroup(s, r, 60), s.DstPrefix(netip.MustParsePrefix("10.20.0.0/16"))))
			}
			c1, _ := processCPU()
			cpuSetup += c1 - c0
			b.StartTimer()
		}
		s.Reply(sets[i%32])
	}
	m.start += cpuSetup
	m.report(b, b.N, "op")
}

func BenchmarkNewSpace(b *testing.B) {
	m := startCPU(b)
	for i := 0; i < b.N; i++ {
		NewSpace()
	}
	m.report(b, b.N, "op")
}
