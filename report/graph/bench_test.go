package graph

import (
	"io"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/fixtures/generate"
)

// The 2,000-VPC generated network (fixtures/generate): building the
// picture model and writing it as dot, the whole of `vpcheck graph` after
// load and compile. Run with
//
//	go test ./report/graph -run '^$' -bench . -benchmem
func BenchmarkBuild2000(b *testing.B) {
	d := generated(b, 2000)
	b.ResetTimer()
	for b.Loop() {
		Build(d, Options{})
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N)/2, "ms/1kVPC")
}

func BenchmarkDot2000(b *testing.B) {
	g := Build(generated(b, 2000), Options{})
	b.ResetTimer()
	for b.Loop() {
		if err := g.WriteDot(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFocus2000(b *testing.B) {
	g := Build(generated(b, 2000), Options{})
	b.ResetTimer()
	for b.Loop() {
		g.Focus(g.Clusters[0].ID, 1)
	}
}

func generated(b *testing.B, vpcs int) *dataplane.Dataplane {
	b.Helper()
	net := generate.Network(generate.Default(vpcs))
	if diags := net.Link(); diags.HasErrors() {
		b.Fatal(diags)
	}
	return dataplane.Compile(net)
}

// BenchmarkSVG2000 lays the whole 2,000-VPC picture out (a grid, above
// layout.DefaultMaxLayered nodes) and writes its SVG.
func BenchmarkSVG2000(b *testing.B) {
	g := Build(generated(b, 2000), Options{})
	b.ResetTimer()
	for b.Loop() {
		if err := WriteSVG(io.Discard, g); err != nil {
			b.Fatal(err)
		}
	}
}
