package dataplane_test

import (
	"runtime"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
)

// The budget on the generated 2,000-VPC network (README, "Benchmarks"):
// Compile under 500 ms. Run with
//
//	go test ./analyzer/dataplane -run '^$' -bench 'BenchmarkCompile2000' -benchmem -cpu 1
//
// cpu-ms/op is process CPU time (user plus system) per operation, the
// figure to read on a shared machine, where wall time also counts the
// other tenants; it includes the garbage collector's work.

// BenchmarkCompile2000 compiles the linked network: the forwarding graph
// with its tables, filters and rewrites. Loading and linking are outside
// the timer (fixtures/generate has their benchmarks).
func BenchmarkCompile2000(b *testing.B) {
	net := enginetest.Linked(b, 2000)
	b.ReportAllocs()
	runtime.GC()
	cpu0, cpuOK := enginetest.ProcessCPU()
	b.ResetTimer()
	for b.Loop() {
		dataplane.Compile(net)
	}
	if cpu1, ok := enginetest.ProcessCPU(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/1e6/float64(b.N), "cpu-ms/op")
	}
}
