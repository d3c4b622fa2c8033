package analyzer

import (
	"runtime"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/model"
)

// The budget on the generated 2,000-VPC network (README, "Benchmarks"):
// one reach query under 50 ms (Compile's, under
// 500 ms, is package dataplane's BenchmarkCompile2000). Run with
//
//	go test ./analyzer -run '^$' -bench 'BenchmarkReach2000' -benchmem -cpu 1
//
// cpu-ms/op is process CPU time (user plus system) per operation, the
// figure to read on a shared machine, where wall time also counts the
// other tenants; it includes the garbage collector's work.

// reportCPU reports process CPU time per operation since cpu0.
func reportCPU(b *testing.B, cpu0 int64, cpuOK bool) {
	if cpu1, ok := enginetest.ProcessCPU(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/1e6/float64(b.N), "cpu-ms/op")
	}
}

// tgwPair is a question that crosses a transit gateway in the generated
// network: from the app tier of a prod VPC to the app tier of a shared
// VPC on 443. Prod and shared attachments propagate to each other's
// transit gateway route tables, the private route tables send the address
// pool to the transit gateway, and group app admits 443 from the other
// VPCs (fixtures/generate/design.go), so the answer is reachable. Neither
// VPC is peered, so the transit gateway is the only way.
func tgwPairs(tb testing.TB, net *model.Network, n int) []Query {
	tb.Helper()
	var prod, shared []string
	for i, v := range net.VPCs {
		// VPCs 1, 2, 11, 12, … are peered (PeeringEvery 10).
		if i%10 == 0 || i%10 == 1 {
			continue
		}
		switch v.Tags["Segment"] {
		case "prod":
			prod = append(prod, v.Name)
		case "shared":
			shared = append(shared, v.Name)
		}
	}
	if len(prod) == 0 || len(shared) == 0 {
		tb.Fatalf("no prod and shared VPCs to ask between (%d prod, %d shared)", len(prod), len(shared))
	}
	port := model.PortRange{From: 443, To: 443}
	var qs []Query
	for i := 0; len(qs) < n; i++ {
		from, to := prod[(i*37)%len(prod)], shared[i%len(shared)]
		qs = append(qs, Query{From: from + "-app-1", To: to + "-app-1", Protocol: model.ProtoTCP, Ports: &port})
	}
	return qs
}

// BenchmarkReach2000 answers one reach question across a transit gateway,
// after the network is loaded and compiled. "fresh" builds the symbolic
// engine for each question, as `vpcheck reach` does: its BDD tables and
// the partitions, guards and filters it caches start empty. "warm" asks
// the same question again of one engine (everything cached: the cost of
// the walk itself). "warm-pairs" asks 64 different questions in turn of
// one engine, so each finds the transit gateway's tables cached but its
// own VPCs' not, as a rule that asks many questions of one network does.
func BenchmarkReach2000(b *testing.B) {
	net := enginetest.Linked(b, 2000)
	d := dataplane.Compile(net)
	qs := tgwPairs(b, net, 64)
	check := func(b *testing.B, a *Answer, err error) {
		if err != nil {
			b.Fatal(err)
		}
		if !a.Arrives || a.Return != ReturnOK {
			b.Fatalf("%s -> %s: reachable %v return %s, want reachable with replies ok; blocked by %v",
				a.From.Label, a.To.Label, a.Arrives, a.Return, a.BlockedBy)
		}
	}
	run := func(b *testing.B, next func(i int) (*Analyzer, Query)) {
		b.ReportAllocs()
		runtime.GC()
		cpu0, cpuOK := enginetest.ProcessCPU()
		b.ResetTimer()
		i := 0
		for b.Loop() {
			an, q := next(i)
			a, err := an.Reach(q)
			check(b, a, err)
			i++
		}
		reportCPU(b, cpu0, cpuOK)
	}
	// The fast path's compact graph is built once, as for one process's
	// question; only the symbolic engine starts fresh.
	fast := fastpath.New(d)
	fresh := func() *Analyzer {
		an := New(d)
		an.fastOnce.Do(func() { an.fast = fast })
		return an
	}
	b.Run("fresh", func(b *testing.B) {
		run(b, func(int) (*Analyzer, Query) { return fresh(), qs[0] })
	})
	b.Run("warm", func(b *testing.B) {
		an := fresh()
		a, err := an.Reach(qs[0])
		check(b, a, err)
		run(b, func(int) (*Analyzer, Query) { return an, qs[0] })
	})
	b.Run("warm-pairs", func(b *testing.B) {
		an := fresh()
		run(b, func(i int) (*Analyzer, Query) { return an, qs[i%len(qs)] })
	})
}
