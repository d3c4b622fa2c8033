package crosscheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// corpusDir finds ../shared/corpus relative to the repository root, or
// skips the test: a fresh clone elsewhere does not have it.
func corpusDir(tb testing.TB, sub string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("repository root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "corpus", sub)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("corpus %s is absent; skipping", p)
	}
	return p
}

func errorsOf(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			b.WriteString(d.Error() + "\n")
		}
	}
	return b.String()
}

// The Terraform that built the Batfish NAT gateway snapshot answers the
// reachability questions of the corpus README as the snapshot does.
func TestBatfishNATGatewayReachMatchesSnapshot(t *testing.T) {
	dir := corpusDir(t, "batfish-aws/test-nat-gateway")
	tfNet, diags := load.Paths([]string{filepath.Join(dir, "nat-gateway-test.tf")}, load.Options{})
	if diags.HasErrors() {
		t.Fatalf("terraform errors:\n%s", errorsOf(diags))
	}
	snapNet, diags := load.Paths([]string{filepath.Join(dir, "aws_configs")}, load.Options{})
	if diags.HasErrors() {
		t.Fatalf("snapshot errors:\n%s", errorsOf(diags))
	}
	tfSym := analyzer.New(dataplane.Compile(tfNet))
	snapSym := analyzer.New(dataplane.Compile(snapNet))
	tcp80 := model.PortRange{From: 80, To: 80}
	for _, q := range []struct {
		tf, snapshot, to string
		proto            model.Protocol
		ports            *model.PortRange
	}{
		{"aws_instance.test1", "test1", "8.8.8.8", model.ProtoTCP, &tcp80},
		{"aws_instance.test20", "test20", "8.8.8.8", model.ProtoTCP, &tcp80},
		{"aws_instance.jump_host", "Jump Host", "8.8.8.8", model.ProtoTCP, &tcp80},
		{"aws_instance.test1", "test1", "8.8.8.8", model.Protocol(47), nil},
	} {
		tfAns, err := tfSym.Reach(analyzer.Query{From: q.tf, To: q.to, Protocol: q.proto, Ports: q.ports})
		if err != nil {
			t.Fatalf("%s: %v", q.tf, err)
		}
		snapAns, err := snapSym.Reach(analyzer.Query{From: q.snapshot, To: q.to, Protocol: q.proto, Ports: q.ports})
		if err != nil {
			t.Fatalf("%s: %v", q.snapshot, err)
		}
		if tfAns.Verdict != snapAns.Verdict || tfAns.Return != snapAns.Return {
			t.Errorf("%s -> %s (%s): terraform reachable=%v return=%s, snapshot reachable=%v return=%s",
				q.tf, q.to, q.proto, tfAns.Verdict, tfAns.Return, snapAns.Verdict, snapAns.Return)
		}
	}
}
