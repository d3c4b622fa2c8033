package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rootsTree is a repository with two root modules calling one local
// module, a native network, and a downloaded module under .terraform that
// must never be taken for a root.
func rootsTree(t *testing.T) string {
	t.Helper()
	top := t.TempDir()
	for name, text := range map[string]string{
		".git/HEAD":                      "ref: refs/heads/main\n",
		"modules/vpc/main.tf":            "variable \"cidr\" {}\nresource \"aws_vpc\" \"this\" {\n  cidr_block = var.cidr\n}\n",
		"modules/vpc/subnets.tf":         "module \"inner\" {\n  source = \"./inner\"\n}\n",
		"modules/vpc/inner/main.tf":      "variable \"x\" {\n  default = 1\n}\n",
		"live/dev/main.tf":               "module \"vpc\" {\n  source = \"../../modules/vpc\"\n  cidr   = \"10.0.0.0/16\"\n}\n",
		"live/dev/variables.tf":          "variable \"region\" {\n  default = \"eu-west-1\"\n}\n",
		"live/prod/main.tf":              "module \"vpc\" {\n  source = \"../../modules/vpc\"\n  cidr   = \"10.1.0.0/16\"\n}\n",
		"live/prod/.terraform/m/main.tf": "resource \"aws_vpc\" \"x\" {\n  cidr_block = \"10.9.0.0/16\"\n}\n",
		"native/net.net.hcl":             "vpc \"a\" {\n  cidr_block = \"10.2.0.0/16\"\n}\n",
		"docs/README.md":                 "nothing here\n",
	} {
		p := filepath.Join(top, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Dir(p), filepath.Base(p), text)
	}
	return top
}

func rootNames(roots []Root, top string) string {
	var names []string
	for _, r := range roots {
		rel, err := filepath.Rel(top, r.Name)
		if err != nil {
			rel = r.Name
		}
		names = append(names, filepath.ToSlash(rel))
	}
	return strings.Join(names, " ")
}

func TestRootsRecursive(t *testing.T) {
	top := rootsTree(t)
	roots, diags := Roots([]string{top}, RootOptions{Recursive: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	// modules/vpc and modules/vpc/inner are called, .terraform is skipped.
	if got := rootNames(roots, top); got != "live/dev live/prod native" {
		t.Errorf("roots %q", got)
	}
	for _, r := range roots {
		if !r.Shallow {
			t.Errorf("root %s of a recursive search must be read without its subdirectories", r.Name)
		}
	}
}

func TestRootsOfFiles(t *testing.T) {
	top := rootsTree(t)
	at := func(p string) string { return filepath.Join(top, filepath.FromSlash(p)) }
	tests := []struct {
		files []string
		want  string
	}{
		// Two files of one root module: the root, once.
		{[]string{"live/dev/main.tf", "live/dev/variables.tf"}, "live/dev"},
		// A file of a module: every root module that calls it.
		{[]string{"modules/vpc/main.tf"}, "live/dev live/prod"},
		// Through a module that calls another.
		{[]string{"modules/vpc/inner/main.tf"}, "live/dev live/prod"},
		// A native file: the native files of its directory.
		{[]string{"native/net.net.hcl", "live/prod/main.tf"}, "native live/prod"},
	}
	for _, tt := range tests {
		var args []string
		for _, f := range tt.files {
			args = append(args, at(f))
		}
		roots, diags := Roots(args, RootOptions{})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		if got := rootNames(roots, top); got != tt.want {
			t.Errorf("%v: roots %q, want %q", tt.files, got, tt.want)
		}
	}
}

func TestRootsEmptyDirectory(t *testing.T) {
	top := rootsTree(t)
	// live/ holds root modules only in subdirectories: not one network.
	_, diags := Roots([]string{filepath.Join(top, "live")}, RootOptions{})
	if d := findDiag(diags, NoDefinitionsSummary); d == nil || !strings.Contains(d.Summary, "use --recursive") {
		t.Errorf("diagnostics %v", diags)
	}
	_, diags = Roots([]string{filepath.Join(top, "docs")}, RootOptions{Recursive: true})
	if !hasDiag(diags, NoDefinitionsSummary+filepath.Join(top, "docs")) {
		t.Errorf("recursive over nothing: %v", diags)
	}
}

// Two root modules declaring the same resources load as two networks, and
// a shallow root does not read its subdirectories.
func TestRootsLoadApart(t *testing.T) {
	top := rootsTree(t)
	roots, _ := Roots([]string{filepath.Join(top, "live", "dev"), filepath.Join(top, "live", "prod")}, RootOptions{})
	if len(roots) != 2 {
		t.Fatalf("roots %v", roots)
	}
	for _, r := range roots {
		net, diags := Paths(r.Paths, Options{Shallow: r.Shallow})
		if diags.HasErrors() || net == nil || len(net.VPCs) != 1 {
			t.Errorf("%s: %v", r.Name, diags)
		}
	}
	write(t, filepath.Join(top, "native"), "sub.net.hcl", "vpc \"b\" {\n  cidr_block = \"10.3.0.0/16\"\n}\n")
	if err := os.MkdirAll(filepath.Join(top, "native", "child"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(top, "native", "child"), "c.net.hcl", "vpc \"c\" {\n  cidr_block = \"10.4.0.0/16\"\n}\n")
	net, _ := Paths([]string{filepath.Join(top, "native")}, Options{Shallow: true})
	if net == nil || len(net.VPCs) != 2 {
		t.Errorf("shallow read: %v", net)
	}
}

// What a hook passes: changed files, some of them no network definition.
func TestRootsChanged(t *testing.T) {
	top := rootsTree(t)
	write(t, top, "package.json", `{"name": "x"}`)
	write(t, filepath.Join(top, "docs"), "policy.json", `{"Version": "2012-10-17", "Statement": []}`)
	args := []string{filepath.Join(top, "package.json"), filepath.Join(top, "docs", "policy.json"), filepath.Join(top, "docs", "README.md"), filepath.Join(top, "gone.tf")}
	roots, diags := Roots(args, RootOptions{Changed: true})
	if len(roots) != 0 || len(diags) != 0 {
		t.Errorf("nothing to analyse: roots %v, diagnostics %v", roots, diags)
	}
	roots, _ = Roots(append(args, filepath.Join(top, "live", "dev", "main.tf"), filepath.Join(top, "native", "net.net.hcl")), RootOptions{Changed: true})
	// A changed native file stands for its directory.
	if got := rootNames(roots, top); got != "live/dev native" {
		t.Errorf("roots %q", got)
	}
	// Without Changed, a file named is meant: it is loaded (and refused).
	roots, _ = Roots(args[:1], RootOptions{})
	if len(roots) != 1 {
		t.Errorf("roots %v", roots)
	}
}

// isNetworkJSON decides on the start of a large file when it can, and
// reads the rest when the start does not say.
func TestIsNetworkJSONLarge(t *testing.T) {
	dir := t.TempDir()
	pad := strings.Repeat("x", 2*jsonPrefix)
	write(t, dir, "snap.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Tags": [{"Key": "k", "Value": "`+pad+`"}]}]}`)
	write(t, dir, "plan.json", `{"format_version": "1.2", "variables": {"x": {"value": "`+pad+`"}}, "planned_values": {}}`)
	write(t, dir, "other.json", `{"name": "`+pad+`"}`)
	write(t, dir, "small.json", `{"Version": "2012-10-17"}`)
	for name, want := range map[string]bool{"snap.json": true, "plan.json": true, "other.json": false, "small.json": false} {
		if got := isNetworkJSON(filepath.Join(dir, name)); got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}
