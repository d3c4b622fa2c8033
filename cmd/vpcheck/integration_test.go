package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the root of this repository (where go.mod is).
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// command runs name in dir with env added and returns its exit code and
// combined output.
func command(t *testing.T, dir string, env []string, name string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String()
	}
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out.String())
	}
	return 0, out.String()
}

// TestPreCommitHooks runs this repository's hooks with the real pre-commit
// (`pre-commit try-repo`) on a repository made here: a clean run, then one
// that fails on a commit adding an overlap. pre-commit builds vpcheck from
// this repository with `go install`; the module cache is shared so that no
// download is needed (.ci/run's go mod download filled it).
func TestPreCommitHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds vpcheck through pre-commit")
	}
	for _, tool := range []string{"pre-commit", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	root := repoRoot(t)
	_, modcache := command(t, root, nil, "go", "env", "GOMODCACHE")
	env := []string{
		"PRE_COMMIT_HOME=" + t.TempDir(),
		"GOMODCACHE=" + strings.TrimSpace(modcache),
		"GOPROXY=off", "GOFLAGS=-buildvcs=false -mod=mod", "GOTOOLCHAIN=local",
		"GIT_AUTHOR_NAME=vpcheck test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=vpcheck test", "GIT_COMMITTER_EMAIL=test@example.com",
		"PRE_COMMIT_COLOR=never",
	}
	repo := t.TempDir()
	if code, out := command(t, repo, env, "git", "init", "-q", "."); code != 0 {
		t.Fatal(out)
	}
	for _, dir := range []string{"modules", "dev", "prod"} {
		if err := os.MkdirAll(filepath.Join(repo, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	module := "variable \"subnets\" {}\n\nresource \"aws_vpc\" \"this\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\n" +
		"resource \"aws_subnet\" \"this\" {\n  count      = length(var.subnets)\n  vpc_id     = aws_vpc.this.id\n  cidr_block = var.subnets[count.index]\n}\n"
	writeFile(t, filepath.Join(repo, "modules"), "main.tf", module)
	writeFile(t, filepath.Join(repo, "dev"), "main.tf", "module \"vpc\" {\n  source  = \"../modules\"\n  subnets = [\"10.0.1.0/24\"]\n}\n")
	writeFile(t, filepath.Join(repo, "dev"), "outputs.tf", "output \"vpc\" {\n  value = module.vpc\n}\n")
	writeFile(t, repo, "package.json", "{\"name\": \"not a network\"}\n")
	git := func(args ...string) {
		if code, out := command(t, repo, env, "git", args...); code != 0 {
			t.Fatalf("git %v: %s", args, out)
		}
	}
	git("add", "-A")

	// Every hook of the repository (vpcheck-lint, vpcheck-validate).
	code, out := command(t, repo, env, "pre-commit", "try-repo", root, "--all-files", "--verbose")
	if code != 0 || strings.Count(out, "Passed") != 2 || !strings.Contains(out, "vpcheck lint") || !strings.Contains(out, "vpcheck validate") {
		t.Fatalf("the hooks on a clean repository: exit %d\n%s", code, out)
	}

	// A commit that gives prod overlapping subnets through the module.
	writeFile(t, filepath.Join(repo, "prod"), "main.tf", "module \"vpc\" {\n  source  = \"../modules\"\n  subnets = [\"10.0.1.0/24\", \"10.0.1.128/25\"]\n}\n")
	git("add", "-A")
	code, out = command(t, repo, env, "pre-commit", "try-repo", root, "vpcheck-lint")
	if code != 1 || !strings.Contains(out, "Failed") || !strings.Contains(out, "(cidr-overlap)") {
		t.Errorf("vpcheck-lint on the overlap: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "undeclared") || strings.Contains(out, "package.json") {
		t.Errorf("the hook must lint whole roots and skip what is no network:\n%s", out)
	}
}
