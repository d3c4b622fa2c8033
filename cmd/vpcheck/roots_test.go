package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// twoRoots writes a repository with two Terraform root modules, dev and
// prod, calling one local module; they declare the same addresses, and
// prod's subnets overlap (a cidr-overlap error).
func twoRoots(t *testing.T) string {
	t.Helper()
	top := t.TempDir()
	module := `variable "cidr" {}
variable "subnets" {}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
}

resource "aws_subnet" "this" {
  count      = length(var.subnets)
  vpc_id     = aws_vpc.this.id
  cidr_block = var.subnets[count.index]
}
`
	for name, text := range map[string]string{
		".git/HEAD":            "ref: refs/heads/main\n",
		"modules/vpc/main.tf":  module,
		"dev/main.tf":          "module \"vpc\" {\n  source  = \"../modules/vpc\"\n  cidr    = \"10.0.0.0/16\"\n  subnets = [\"10.0.1.0/24\"]\n}\n",
		"prod/main.tf":         "module \"vpc\" {\n  source  = \"../modules/vpc\"\n  cidr    = local.cidr\n  subnets = [\"10.0.1.0/24\", \"10.0.1.128/25\"]\n}\n",
		"prod/locals.tf":       "locals {\n  cidr = \"10.0.0.0/16\"\n}\n",
		"prod/.terraform/x.tf": "this is not HCL {\n",
	} {
		p := filepath.Join(top, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return top
}

type lintDoc struct {
	Findings []struct {
		Rule, Severity, Resource, Root string
	}
	Diagnostics []struct{ Severity, Summary string }
}

func lintJSONOf(t *testing.T, out string) lintDoc {
	t.Helper()
	var doc lintDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return doc
}

// Two root modules in one run are two networks: no duplicate vpc, and each
// finding says which root it is in.
func TestLintTwoRootModules(t *testing.T) {
	top := twoRoots(t)
	dev, prod := filepath.Join(top, "dev"), filepath.Join(top, "prod")
	code, out, stderr := run(t, "lint", dev, prod, "--format", "json")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	doc := lintJSONOf(t, out)
	overlaps := 0
	for _, f := range doc.Findings {
		if f.Root != dev && f.Root != prod {
			t.Errorf("finding %+v carries no root", f)
		}
		if f.Rule == "cidr-overlap" {
			overlaps++
			if f.Root != prod {
				t.Errorf("the overlap is in prod: %+v", f)
			}
		}
	}
	if overlaps == 0 {
		t.Errorf("no cidr-overlap in prod:\n%s", out)
	}
	if strings.Contains(stderr, "duplicate") {
		t.Errorf("the roots were merged:\n%s", stderr)
	}
	// dev alone is clean.
	if code, _, stderr := run(t, "lint", dev); code != exitOK {
		t.Errorf("dev: exit %d\n%s", code, stderr)
	}
}

// --recursive finds dev and prod (not the module they call, not
// .terraform) and fails on prod's error.
func TestLintRecursive(t *testing.T) {
	top := twoRoots(t)
	code, out, stderr := run(t, "lint", "--recursive", top, "--format", "json")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	roots := map[string]bool{}
	for _, f := range lintJSONOf(t, out).Findings {
		roots[f.Root] = true
	}
	if !roots[filepath.Join(top, "prod")] {
		t.Errorf("roots %v", roots)
	}
	for r := range roots {
		if strings.Contains(r, "modules") {
			t.Errorf("a called module was analysed as a root: %v", roots)
		}
	}
	// Without --recursive the top holds no network of its own.
	code, _, stderr = run(t, "lint", top)
	if code != exitUsage || !strings.Contains(stderr, "no network definitions under "+top+"; use --recursive") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// What pre-commit passes: file names. They are mapped to the root module
// that holds them, which is analysed whole and once.
func TestLintFileArgumentsMapToTheirRoot(t *testing.T) {
	top := twoRoots(t)
	code, out, stderr := run(t, "lint", filepath.Join(top, "prod", "main.tf"), filepath.Join(top, "prod", "locals.tf"), "--format", "json")
	if code != exitFindings || strings.Contains(stderr, "undeclared") {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	doc := lintJSONOf(t, out)
	n := 0
	for _, f := range doc.Findings {
		if f.Root != "" {
			t.Errorf("one root: findings carry none, got %q", f.Root)
		}
		if f.Rule == "cidr-overlap" {
			n++
		}
	}
	if n == 0 {
		t.Errorf("no overlap:\n%s", out)
	}
	// A file of the shared module stands for both roots that call it.
	code, out, _ = run(t, "lint", filepath.Join(top, "modules", "vpc", "main.tf"), "--format", "json")
	roots := map[string]bool{}
	for _, f := range lintJSONOf(t, out).Findings {
		roots[f.Root] = true
	}
	if code != exitFindings || !roots[filepath.Join(top, "prod")] {
		t.Errorf("exit %d, roots %v", code, roots)
	}
}

// reach answers about one network: with two roots, selectors naming objects
// in both are ambiguous until --root picks one; selectors only one network
// has pick it.
func TestReachSeveralRoots(t *testing.T) {
	top := twoRoots(t)
	dev, prod := filepath.Join(top, "dev"), filepath.Join(top, "prod")
	both := []string{"reach", "--from", "module.vpc.aws_subnet.this[0]", "--to", "internet", dev, prod, "--expect", "unreachable"}
	code, _, stderr := run(t, both...)
	if code != exitUsage || !strings.Contains(stderr, "ambiguous") || !strings.Contains(stderr, "--root") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if code, _, stderr := run(t, append(both, "--root", prod)...); code != exitOK {
		t.Errorf("--root prod: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := run(t, append(both, "--root", "staging")...); code != exitUsage || !strings.Contains(stderr, "none of the networks") {
		t.Errorf("--root staging: exit %d\n%s", code, stderr)
	}
	// Only prod has a second subnet.
	code, out, stderr := run(t, "trace", "--from", "module.vpc.aws_subnet.this[1]", "--to", "module.vpc.aws_subnet.this[0]", "--protocol", "tcp", "--port", "22", dev, prod)
	if code == exitUsage {
		t.Errorf("the selector names an object of prod only: exit %d\n%s\n%s", code, out, stderr)
	}
	code, _, stderr = run(t, "reach", "--from", "nothing-1", "--to", "internet", dev, prod)
	if code != exitUsage || !strings.Contains(stderr, "none has both") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// validate --list names each object's root when there are several.
func TestValidateListSeveralRoots(t *testing.T) {
	top := twoRoots(t)
	code, out, stderr := run(t, "validate", "--list", "--recursive", top)
	if code != exitOK || !strings.HasPrefix(out, "ROOT") || !strings.Contains(out, filepath.Join(top, "prod")) {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
}
