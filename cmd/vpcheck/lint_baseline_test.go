package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A team records today's findings, then only a new one fails: the old one
// is listed as suppressed with reason baseline, and once it is fixed its
// entry is reported as stale.
func TestLintBaseline(t *testing.T) {
	top := twoRoots(t)
	baseline := filepath.Join(top, ".vpcheck-baseline.json")
	code, _, stderr := run(t, "lint", "--recursive", top, "--write-baseline", baseline)
	if code != exitOK || !strings.Contains(stderr, "wrote 1 finding(s) to baseline") {
		t.Fatalf("--write-baseline: exit %d\n%s", code, stderr)
	}
	written, err := os.ReadFile(baseline)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(written), `"root":"prod"`) || strings.Contains(string(written), top) {
		t.Errorf("the baseline records roots relative to itself:\n%s", written)
	}

	// Nothing new: exit 0, the finding suppressed.
	code, out, stderr := run(t, "lint", "--recursive", top, "--baseline", baseline, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	doc := lintJSONOf(t, out)
	if len(doc.Findings) != 0 || !strings.Contains(out, `"reason": "baseline"`) {
		t.Errorf("findings %v\n%s", doc.Findings, out)
	}
	// The same baseline matches when the root is named another way.
	wd, _ := os.Getwd()
	t.Cleanup(func() { _ = os.Chdir(wd) })
	if err := os.Chdir(top); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := run(t, "lint", "./prod", "--baseline", ".vpcheck-baseline.json", "--format", "compact"); code != exitOK || out != "" {
		t.Errorf("exit %d\n%s", code, out)
	}

	// A new finding in dev fails, alone.
	writeFile(t, filepath.Join(top, "dev"), "main.tf", "module \"vpc\" {\n  source  = \"../modules/vpc\"\n  cidr    = \"10.0.0.0/16\"\n  subnets = [\"10.0.1.0/24\", \"10.0.1.0/26\"]\n}\n")
	code, out, _ = run(t, "lint", "-r", ".", "--baseline", ".vpcheck-baseline.json", "--format", "compact")
	if code != exitFindings || strings.Count(out, "\n") != 1 || !strings.Contains(out, "10.0.1.0/26") {
		t.Errorf("only the new finding: exit %d\n%s", code, out)
	}

	// prod fixed: its entry is stale, a warning on the entry's line.
	writeFile(t, filepath.Join(top, "prod"), "main.tf", "module \"vpc\" {\n  source  = \"../modules/vpc\"\n  cidr    = local.cidr\n  subnets = [\"10.0.1.0/24\"]\n}\n")
	code, out, _ = run(t, "lint", "prod", "--baseline", ".vpcheck-baseline.json", "--format", "compact")
	if code != exitOK || !strings.Contains(out, ".vpcheck-baseline.json:4:1: warning - baseline entry for cidr-overlap") {
		t.Errorf("stale entry: exit %d\n%s", code, out)
	}
	// An entry of a root this run did not look at is not stale.
	if code, out, _ := run(t, "lint", "dev", "--baseline", ".vpcheck-baseline.json", "--format", "compact", "--fail-on", "none"); code != exitOK || strings.Contains(out, "baseline entry") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestLintBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "b.json", "not json")
	code, out, _ := run(t, "lint", "example:public-private", "--baseline", bad, "--format", "sarif")
	if code != exitUsage || !strings.Contains(out, "input-error") || !strings.Contains(out, "is not a vpcheck baseline") {
		t.Errorf("exit %d\n%s", code, out)
	}
	code, _, stderr := run(t, "lint", "example:public-private", "--baseline", filepath.Join(dir, "missing.json"))
	if code != exitUsage || !strings.Contains(stderr, "missing.json") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}
