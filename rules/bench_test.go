package rules

import (
	"testing"
	"time"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/fixtures/generate"
	"github.com/vpcheck/vpcheck/model"
)

// generated builds and links a generated network of n VPCs.
func generated(tb testing.TB, n int) *model.Network {
	tb.Helper()
	net := generate.Network(generate.Default(n))
	if diags := net.Link(); diags.HasErrors() {
		tb.Fatalf("generated network does not link: %v", diags)
	}
	if diags := net.Validate(); diags.HasErrors() {
		tb.Fatalf("generated network is invalid: %v", diags)
	}
	return net
}

// modelLevel configures a run of the rules that read only the model (not
// the symbolic engine, whose rules have their own benchmarks): the serial
// rules and route-dead-end, which explores on engines of its own.
func modelLevel() *Config {
	cfg := &Config{}
	for _, r := range registry {
		if needsSerial(r) || r == RouteDeadEnd {
			cfg.Disable = append(cfg.Disable, r.ID)
		}
	}
	return cfg
}

// BenchmarkLintGenerated2000 lints the generated 2,000-VPC network (8,000
// subnets, two transit gateway segments, a peering every tenth VPC) with
// every model-level rule; loading is not included.
func BenchmarkLintGenerated2000(b *testing.B) {
	net := generated(b, 2000)
	cfg := modelLevel()
	start, cpu := time.Now(), processCPU()
	for b.Loop() {
		if _, _, err := Run(net, cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/lint")
	b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/lint")
}

// TestGeneratedNetworkIsClean checks the model-level rules for false
// positives on the generator's well-built network: no error and no
// warning, but for the one the generator builds on purpose (one NAT gateway
// per VPC, in one zone, so the other zone's private subnet crosses zones:
// nat-gateway-cross-az).
func TestGeneratedNetworkIsClean(t *testing.T) {
	net := generated(t, 50)
	findings, _, err := Run(net, modelLevel())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if f.Severity >= Warning && f.Rule != NATGatewayCrossAZ.ID {
			t.Errorf("%s:%d: %s %s: %s", f.Range.Filename, f.Range.Start.Line, f.Severity, f.Rule, f.Message)
		}
	}
}

// BenchmarkPacketAnalyses2000 times the packet-level analyses on the
// generated 2,000-VPC network, each on a fresh compile: the exploration
// from the internet (exposures), the replies and peerings (asymmetries,
// given the exposures) and the network ACLs' ephemeral gaps.
func BenchmarkPacketAnalyses2000(b *testing.B) {
	net := generated(b, 2000)
	b.Run("compile", func(b *testing.B) {
		for b.Loop() {
			_ = analyzer.New(dataplane.Compile(net))
		}
	})
	b.Run("exposures", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			an := analyzer.New(dataplane.Compile(net))
			b.StartTimer()
			_ = exposures(an)
		}
	})
	b.Run("asymmetries", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			an := analyzer.New(dataplane.Compile(net))
			x := exposures(an)
			b.StartTimer()
			_ = asymmetries(an, x)
		}
	})
	b.Run("ephemeral", func(b *testing.B) {
		an := analyzer.New(dataplane.Compile(net))
		for b.Loop() {
			_ = ephemeralGaps(an)
		}
	})
}

// BenchmarkLint2000 runs every rule on the generated 2,000-VPC network,
// compile included, loading not.
func BenchmarkLint2000(b *testing.B) {
	net := generated(b, 2000)
	start, cpu := time.Now(), processCPU()
	for b.Loop() {
		if _, _, err := Run(net, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/lint")
	b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/lint")
}
