package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestGWLBGolden holds reach's and trace's whole documents across Gateway
// Load Balancer endpoints (analyzer/testdata/gwlb): through zone a's
// appliance the answer is unknown, never reachable (the appliance's own
// policy is not modelled); zone b's endpoint has no appliance reachable on
// GENEVE and drops (GWLB_NO_TARGET). Both exit 1. How GWLB forwards:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/introduction.html
// (go test ./cmd/vpcheck -update rewrites the goldens after review).
func TestGWLBGolden(t *testing.T) {
	net := filepath.Join("..", "..", "analyzer", "testdata", "gwlb", "gwlb.net.hcl")
	for name, args := range map[string][]string{
		"trace-web-a-443.json":   {"trace", "--from", "internet", "--to", "web-a", "--port", "443"},
		"trace-web-b-443.json":   {"trace", "--from", "internet", "--to", "web-b", "--port", "443"},
		"trace-web-a-22.json":    {"trace", "--from", "internet", "--to", "web-a", "--port", "22"},
		"reach-web-a-443.json":   {"reach", "--from", "internet", "--to", "web-a", "--protocol", "tcp", "--port", "443"},
		"reach-web-b-443.json":   {"reach", "--from", "internet", "--to", "web-b", "--protocol", "tcp", "--port", "443"},
		"reach-web-a-out.json":   {"reach", "--from", "web-a", "--to", "internet", "--protocol", "tcp", "--port", "443"},
		"reach-web-a-web-b.json": {"reach", "--from", "web-a", "--to", "web-b", "--protocol", "tcp", "--port", "443"},
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := run(t, append(append(args, "--format", "json"), net)...)
			want := exitFindings
			if name == "reach-web-a-web-b.json" {
				want = exitOK
			}
			if code != want {
				t.Fatalf("exit %d, want %d:\n%s\n%s", code, want, stderr, stdout)
			}
			path := filepath.Join("testdata", "gwlb", name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			golden, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./cmd/vpcheck -update creates it)", err)
			}
			if string(golden) != stdout {
				t.Errorf("%s differs (go test ./cmd/vpcheck -update rewrites it after review):\n%s", path, stdout)
			}
		})
	}
}
