package main

import (
	"testing"
	"time"

	"github.com/vpcheck/vpcheck/fixtures/generate"
)

// widenOneRule writes the generated network of n VPCs twice, each in a
// directory of its own: as generated, and with one security group rule
// widened to the world (generate.WidenOneRule).
func widenOneRule(tb testing.TB, n int) (before, after string) {
	tb.Helper()
	before, after, err := generate.WriteWidenOneRule(tb.TempDir(), generate.Default(n))
	if err != nil {
		tb.Fatal(err)
	}
	return before, after
}

// BenchmarkDiffOneRule2000 is `vpcheck diff` on the 2,000-VPC network with
// one security group rule widened, against `vpcheck validate` of one side,
// whole commands (load included): ratio is diff/validate, the issue's
// budget being 3.
//
//	go test ./cmd/vpcheck -run '^$' -bench DiffOneRule -benchtime 1x
func BenchmarkDiffOneRule2000(b *testing.B) {
	vpcs := 2000
	if testing.Short() {
		vpcs = 200
	}
	before, after := widenOneRule(b, vpcs)
	var diffTime, validateTime time.Duration
	for b.Loop() {
		start := time.Now()
		if code, _, stderr := run(b, "validate", after); code != exitOK {
			b.Fatalf("validate: exit %d\n%s", code, stderr)
		}
		validateTime += time.Since(start)
		start = time.Now()
		if code, _, stderr := run(b, "diff", before, after, "--format", "json"); code > exitFindings {
			b.Fatalf("diff: exit %d\n%s", code, stderr)
		}
		diffTime += time.Since(start)
	}
	n := float64(b.N)
	b.ReportMetric(float64(validateTime.Milliseconds())/n, "validate-ms")
	b.ReportMetric(float64(diffTime.Milliseconds())/n, "diff-ms")
	b.ReportMetric(float64(diffTime)/float64(validateTime), "ratio")
}
