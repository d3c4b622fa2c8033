package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The scenario pairs under testdata/diff: each directory holds before/ and
// after/ (or one plan.json) and the golden answers want.txt, want.json and
// want.md, refreshed with -update.
func TestDiffScenarios(t *testing.T) {
	dirs, err := filepath.Glob("testdata/diff/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 8 {
		t.Fatalf("%d scenarios, want at least 8", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			args := []string{"diff", filepath.Join(dir, "before"), filepath.Join(dir, "after")}
			if _, err := os.Stat(filepath.Join(dir, "plan.json")); err == nil {
				args = []string{"diff", "--plan", filepath.Join(dir, "plan.json")}
			}
			for _, f := range []struct{ format, file string }{{"text", "want.txt"}, {"json", "want.json"}, {"markdown", "want.md"}} {
				code, stdout, stderr := run(t, append(args, "--format", f.format)...)
				if code > exitFindings {
					t.Fatalf("%s: exit %d\n%s", f.format, code, stderr)
				}
				got := fmt.Sprintf("exit %d\n%s", code, stdout)
				if f.format == "json" {
					var doc map[string]any
					if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
						t.Fatalf("json: %v", err)
					}
					for _, k := range []string{"before", "after", "summary", "reachability", "findings", "assertions", "flows", "diagnostics"} {
						if _, ok := doc[k]; !ok {
							t.Errorf("json lacks %q", k)
						}
					}
				}
				golden(t, filepath.Join(dir, f.file), got)
			}
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/vpcheck -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test ./cmd/vpcheck -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// The exit status says whether anything gating changed, and --fail-on
// chooses what gates.
func TestDiffExitStatus(t *testing.T) {
	sg := []string{"diff", "testdata/diff/sg-world-open/before", "testdata/diff/sg-world-open/after"}
	for _, c := range []struct {
		failOn string
		want   int
	}{
		{"", exitFindings},
		{"none", exitOK},
		{"lost", exitOK},
		{"exposure", exitFindings},
		{"gained", exitFindings},
		{"assertions,flows", exitOK},
		{"any", exitFindings},
	} {
		args := sg
		if c.failOn != "" {
			args = append(append([]string{}, sg...), "--fail-on", c.failOn)
		}
		if code, _, stderr := run(t, args...); code != c.want {
			t.Errorf("--fail-on %q: exit %d, want %d\n%s", c.failOn, code, c.want, stderr)
		}
	}
	cosmetic := []string{"diff", "testdata/diff/cosmetic-rewrite/before", "testdata/diff/cosmetic-rewrite/after", "--fail-on", "any"}
	if code, stdout, _ := run(t, cosmetic...); code != exitOK || !strings.Contains(stdout, "no change") {
		t.Errorf("cosmetic rewrite: exit %d\n%s", code, stdout)
	}
	if code, _, _ := run(t, "diff", "testdata/diff/sg-world-open/before", "testdata/diff/nope"); code != exitUsage {
		t.Errorf("missing AFTER: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := run(t, "diff", "testdata/diff/sg-world-open/before", "testdata/diff/sg-world-open/after", "--fail-on", "bogus"); code != exitUsage {
		t.Errorf("unknown --fail-on: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := run(t, "diff", "only-one"); code != exitUsage {
		t.Errorf("one argument: exit %d, want %d", code, exitUsage)
	}
}

// SARIF carries only what the change introduces, each result with a
// partial fingerprint.
func TestDiffSARIF(t *testing.T) {
	code, stdout, stderr := run(t, "diff", "testdata/diff/sg-world-open/before", "testdata/diff/sg-world-open/after", "--format", "sarif")
	if code != exitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID              string            `json:"ruleId"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, r := range log.Runs[0].Results {
		rules[r.RuleID] = true
		if len(r.PartialFingerprints) == 0 {
			t.Errorf("%s: no partialFingerprints", r.RuleID)
		}
	}
	if !rules["sg-world-exposed"] || !rules["diff-new-exposure"] || len(log.Runs[0].Results) != 2 {
		t.Errorf("results: %v", log.Runs[0].Results)
	}
}

// git:REF[:PATH] reads the path as committed, without touching the working
// tree: the scenario's BEFORE is committed, AFTER is in the working tree.
func TestDiffGitRef(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	gitIn := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	copyDir(t, "testdata/diff/sg-world-open/before", filepath.Join(repo, "net"))
	gitIn("init", "-q")
	gitIn("add", ".")
	gitIn("commit", "-qm", "before")
	if err := os.RemoveAll(filepath.Join(repo, "net")); err != nil {
		t.Fatal(err)
	}
	copyDir(t, "testdata/diff/sg-world-open/after", filepath.Join(repo, "net"))
	t.Chdir(repo)
	code, stdout, stderr := run(t, "diff", "git:HEAD:net", "net", "--format", "json")
	if code != exitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc struct {
		Before struct {
			Kind, Ref string
		}
		Summary struct {
			Gained int `json:"gained"`
		}
		Findings struct {
			New []struct {
				Location struct{ File string }
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Before.Kind != "git" || doc.Before.Ref != "HEAD" || doc.Summary.Gained != 1 || len(doc.Findings.New) != 1 {
		t.Errorf("git side: %s", stdout)
	}
	// The committed tree as a whole, against itself: nothing changes.
	if code, stdout, _ := run(t, "diff", "git:HEAD", "git:HEAD"); code != exitOK || !strings.Contains(stdout, "no change") {
		t.Errorf("git:HEAD against itself: exit %d\n%s", code, stdout)
	}
	if code, _, _ := run(t, "diff", "git:no-such-ref:net", "net"); code != exitUsage {
		t.Errorf("unknown ref: exit %d, want %d", code, exitUsage)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Recorded flows BEFORE carries and AFTER drops: app-1's calls to the
// internet once its route to the NAT gateway is gone.
func TestDiffFlowLog(t *testing.T) {
	log := writeLog(t, publicPrivateLog)
	args := []string{"diff", "testdata/diff/route-removed/before", "testdata/diff/route-removed/after", "--flow-log", log, "--format", "json", "--fail-on", "flows"}
	code, stdout, stderr := run(t, args...)
	if code != exitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc struct {
		Flows []struct {
			Client, Server string
			Port           int
		}
		Gating []string
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Flows) != 1 || doc.Flows[0].Client != "10.0.10.10" || doc.Flows[0].Server != "198.51.100.80" || doc.Flows[0].Port != 443 {
		t.Errorf("flows: %+v", doc.Flows)
	}
	if len(doc.Gating) != 1 || doc.Gating[0] != "flows" {
		t.Errorf("gating: %v", doc.Gating)
	}
}

// Assertions of AFTER's .vpcheck.hcl are evaluated on both sides: one that
// held and now fails is a change.
func TestDiffAssertions(t *testing.T) {
	after := filepath.Join(t.TempDir(), "after")
	copyDir(t, "testdata/diff/route-removed/after", after)
	cfg := `assert "app-egress" {
  from     = "app-1"
  to       = "198.51.100.80"
  protocol = "tcp"
  port     = 443
}
assert "web-to-app" {
  from     = "web-1"
  to       = "app-1"
  protocol = "tcp"
  port     = 8080
}
`
	if err := os.WriteFile(filepath.Join(after, ".vpcheck.hcl"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "diff", "testdata/diff/route-removed/before", after, "--format", "json", "--fail-on", "assertions")
	if code != exitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc struct {
		Assertions []struct {
			Name, Status string
			New          bool
		}
		Summary struct {
			Assertions int `json:"assertions"`
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(doc.Assertions)
	if got != "[{app-egress fails true} {web-to-app holds false}]" || doc.Summary.Assertions != 1 {
		t.Errorf("assertions: %s (summary %d)", got, doc.Summary.Assertions)
	}
}
