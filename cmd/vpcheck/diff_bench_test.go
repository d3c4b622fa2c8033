package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vpcheck/vpcheck/fixtures/generate"
)

// widenOneRule writes the generated network of n VPCs twice: as generated,
// and with one security group rule widened from 10.0.0.0/8 to the world
// (the first "from other VPCs" ingress rule of the middle VPC's app tier).
func widenOneRule(tb testing.TB, n int) (before, after string) {
	tb.Helper()
	var buf bytes.Buffer
	if err := generate.WriteNative(&buf, generate.Default(n)); err != nil {
		tb.Fatal(err)
	}
	text := buf.String()
	mark := `security_group "` + vpcName(n/2) + `-app" {`
	at := strings.Index(text, mark)
	old := `cidr_blocks = ["10.0.0.0/8"]`
	rel := strings.Index(text[at:], old)
	if at < 0 || rel < 0 {
		tb.Fatalf("generated network has no %s with %s", mark, old)
	}
	widened := text[:at+rel] + `cidr_blocks = ["0.0.0.0/0"]` + text[at+rel+len(old):]
	dir := tb.TempDir()
	before, after = filepath.Join(dir, "before"), filepath.Join(dir, "after")
	for p, s := range map[string]string{before: text, after: widened} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "network.net.hcl"), []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return before, after
}

func vpcName(i int) string {
	s := "0000" + strings.TrimLeft(strings.Repeat("0", 4), "0")
	n := []byte(s[len(s)-4:])
	for k := 3; k >= 0 && i > 0; k-- {
		n[k] = byte('0' + i%10)
		i /= 10
	}
	return "v" + string(n)
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
