package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/report"
	"github.com/vpcheck/vpcheck/rules"
)

// update rewrites the golden files: go test ./cmd/vpcheck -update.
var update = flag.Bool("update", false, "rewrite golden files")

func TestLintFlags(t *testing.T) {
	tests := []struct {
		args    []string
		check   func(*lintOptions) bool
		wantErr string
	}{
		{args: nil, check: func(o *lintOptions) bool {
			return o.Format == report.FormatText && o.FailOn == "error" && len(o.Enable) == 0 && o.Config == ""
		}},
		{args: []string{"--format", "sarif", "dir"}, check: func(o *lintOptions) bool {
			return o.Format == report.FormatSARIF && len(o.Paths) == 1 && o.Paths[0] == "dir"
		}},
		{args: []string{"--disable", "a,b", "--disable", "c", "--enable", "d", "--fail-on", "none", "--config", "x.hcl"}, check: func(o *lintOptions) bool {
			return strings.Join(o.Disable, " ") == "a b c" && strings.Join(o.Enable, " ") == "d" && o.FailOn == "none" && o.Config == "x.hcl"
		}},
		{args: []string{"--format", "xml"}, wantErr: `invalid argument "xml" for "--format" flag`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var got *lintOptions
			cmd := NewCmdLint(&IOStreams{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, func(o *lintOptions) error {
				got = o
				return nil
			})
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(got) {
				t.Errorf("unexpected options %+v", got)
			}
		})
	}
}

func TestLintExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"clean example", []string{"lint", "example:public-private"}, exitOK},
		{"errors fail by default", []string{"lint", "example:peering-transit"}, exitFindings},
		{"fail-on none never fails", []string{"lint", "example:peering-transit", "--fail-on", "none"}, exitOK},
		{"the failing rule disabled", []string{"lint", "example:peering-transit", "--disable", "non-transitive-peering"}, exitOK},
		{"a warning passes by default", []string{"lint", "example:ipv6-dualstack", "--disable", "asymmetric-routing,sg-world-exposed"}, exitOK},
		{"a warning fails at warning", []string{"lint", "example:ipv6-dualstack", "--disable", "asymmetric-routing,sg-world-exposed", "--fail-on", "warning"}, exitFindings},
		{"bad fail-on", []string{"lint", "example:public-private", "--fail-on", "fatal"}, exitUsage},
		{"unknown rule", []string{"lint", "example:public-private", "--disable", "cidr-overlaps"}, exitUsage},
		{"missing path", []string{"lint", "no/such/dir"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
		})
	}
}

func TestLintUnknownRuleSuggests(t *testing.T) {
	code, _, stderr := run(t, "lint", "example:public-private", "--enable", "cidr-overlaps")
	if code != exitUsage || !strings.Contains(stderr, `unknown rule "cidr-overlaps"`) || !strings.Contains(stderr, "cidr-overlap") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestLintFailOnNotice(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "net.net.hcl", "vpc \"prod\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nsecurity_group \"legacy\" {\n  vpc = vpc.prod\n}\n")
	if code, out, _ := run(t, "lint", dir); code != exitOK || !strings.Contains(out, "Notice: security group legacy") {
		t.Errorf("a notice must not fail by default: exit %d\n%s", code, out)
	}
	if code, _, _ := run(t, "lint", dir, "--fail-on", "notice"); code != exitFindings {
		t.Errorf("--fail-on notice: exit %d, want 1", code)
	}
}

// TestLintEveryFormat runs every format on an example: each must succeed,
// and the machine formats must parse.
func TestLintEveryFormat(t *testing.T) {
	for _, f := range report.LintOutput.Formats() {
		t.Run(string(f), func(t *testing.T) {
			code, out, stderr := run(t, "lint", "example:peering-transit", "--format", string(f))
			if code != exitFindings {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			switch f {
			case report.FormatJSON, report.FormatSARIF:
				var v map[string]any
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Errorf("not JSON: %v\n%s", err, out)
				}
			case report.FormatCompact:
				if !strings.Contains(out, "example:peering-transit/apps.net.hcl:25:3: error - route 10.30.0.0/16") {
					t.Errorf("compact:\n%s", out)
				}
			case report.FormatGitHub:
				if !strings.HasPrefix(out, "::error file=example%3Apeering-transit/apps.net.hcl,line=25,col=3,") {
					t.Errorf("github:\n%s", out)
				}
			case report.FormatGitLab:
				var issues []map[string]any
				if err := json.Unmarshal([]byte(out), &issues); err != nil || len(issues) == 0 {
					t.Errorf("gitlab: %v\n%s", err, out)
				}
			}
		})
	}
}

func TestLintJSONGolden(t *testing.T) {
	_, out, _ := run(t, "lint", "example:peering-transit", "--format", "json")
	path := filepath.Join("testdata", "lint-peering-transit.json.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/vpcheck -update creates it)", err)
	}
	if string(want) != out {
		t.Errorf("%s differs (go test ./cmd/vpcheck -update rewrites it after review):\n%s", path, out)
	}
	// Byte-identical on every run.
	if _, again, _ := run(t, "lint", "example:peering-transit", "--format", "json"); again != out {
		t.Error("lint output is not deterministic")
	}
}

// repo makes a repository root (a .git directory) with a network two
// levels down, for configuration discovery.
func repo(t *testing.T) (root, netDir string) {
	t.Helper()
	root = t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	netDir = filepath.Join(root, "infra", "network")
	if err := os.MkdirAll(netDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, netDir, "net.net.hcl", `vpc "a" {
  cidr_block = "10.0.0.0/16"
}

vpc "b" {
  cidr_block = "10.0.0.0/16"
}

peering_connection "a-b" {
  requester = vpc.a
  accepter  = vpc.b
}
`)
	return root, netDir
}

func TestLintConfigDiscovery(t *testing.T) {
	root, netDir := repo(t)
	if code, _, _ := run(t, "lint", netDir); code != exitFindings {
		t.Fatalf("without configuration the overlap must fail: exit %d", code)
	}
	// Found at the repository root, from a path two levels down.
	writeFile(t, root, rules.ConfigFileName, `rule "cidr-overlap" {
  severity = "warning"
}
`)
	code, out, stderr := run(t, "lint", netDir, "--format", "compact")
	if code != exitOK || !strings.Contains(out, "warning - vpc b 10.0.0.0/16 overlaps vpc a") {
		t.Errorf("severity override from the root's config: exit %d\n%s%s", code, out, stderr)
	}
	// A closer one wins.
	writeFile(t, filepath.Join(root, "infra"), rules.ConfigFileName, `rule "cidr-overlap" {
  enabled = false
}
`)
	if code, out, _ := run(t, "lint", filepath.Join(netDir, "net.net.hcl"), "--format", "compact"); code != exitOK || out != "" {
		t.Errorf("the nearest config disables the rule: exit %d\n%s", code, out)
	}
	// --enable wins over the file.
	if code, _, _ := run(t, "lint", netDir, "--enable", "cidr-overlap"); code != exitFindings {
		t.Errorf("--enable must override the config: exit %d", code)
	}
	// --config names another file.
	other := writeFile(t, t.TempDir(), "lint.hcl", "")
	if code, _, _ := run(t, "lint", netDir, "--config", other); code != exitFindings {
		t.Errorf("--config must replace discovery: exit %d", code)
	}
}

func TestLintConfigStopsAtRepositoryRoot(t *testing.T) {
	outer := t.TempDir()
	writeFile(t, outer, rules.ConfigFileName, `rule "cidr-overlap" {
  enabled = false
}
`)
	root := filepath.Join(outer, "repo")
	if err := os.MkdirAll(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	netDir := filepath.Join(root, "net")
	if err := os.Mkdir(netDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, netDir, "net.net.hcl", "vpc \"a\" {\n  cidr_blocks = [\"10.0.0.0/16\", \"10.0.0.0/17\"]\n}\n")
	if code, _, _ := run(t, "lint", netDir); code != exitFindings {
		t.Errorf("a config outside the repository must not apply: exit %d", code)
	}
}

func TestLintConfigErrorsAreInputErrors(t *testing.T) {
	root, netDir := repo(t)
	writeFile(t, root, rules.ConfigFileName, `rule "cidr-overlaps" {
  enabled = false
}

ignore {
  rule = "cidr-overlap"
}

rule "nat-ipv6" {
  severity = "fatal"
}
`)
	code, _, stderr := run(t, "lint", netDir)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	for _, want := range []string{
		rules.ConfigFileName + `:1:1: error: unknown rule "cidr-overlaps"`,
		`Did you mean "cidr-overlap"?`,
		":5:1: error: ignore block has no reason",
		":10:14: error: invalid severity",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestLintIgnores(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "net.net.hcl", `vpc "a" {
  cidr_block = "10.0.0.0/16"
}

# vpcheck:ignore cidr-overlap being renumbered in Q3
vpc "b" {
  cidr_block = "10.0.0.0/16"
}

peering_connection "a-b" {
  requester = vpc.a
  accepter  = vpc.b
}

vpc "c" {
  cidr_block = "10.0.0.0/24" # vpcheck:ignore cidr-overlap
}

vpc "d" {
  cidr_block = "10.9.0.0/16" # vpcheck:ignore cidr-overlap nothing here
}
`)
	code, out, stderr := run(t, "lint", dir, "--format", "compact")
	if strings.Contains(out, "vpc b 10.0.0.0/16 overlaps") {
		t.Errorf("the ignore above vpc b must suppress its overlap:\n%s", out)
	}
	if !strings.Contains(out, "vpc c 10.0.0.0/24 overlaps") {
		t.Errorf("an ignore without a reason suppresses nothing:\n%s", out)
	}
	if !strings.Contains(stderr, "vpcheck:ignore without a reason") {
		t.Errorf("an ignore without a reason is a warning:\n%s", stderr)
	}
	if !strings.Contains(out, "net.net.hcl:20:30: warning - inline ignore for cidr-overlap suppresses nothing") {
		t.Errorf("the ignore on vpc d matches nothing and must be reported:\n%s", out)
	}
	if code != exitOK {
		t.Errorf("exit %d: only notices and warnings remain", code)
	}
	// What an ignore suppressed is listed, with the ignore's reason.
	_, out, _ = run(t, "lint", dir, "--format", "json")
	if !strings.Contains(out, `"reason": "ignore"`) || !strings.Contains(out, `"justification": "being renumbered in Q3"`) {
		t.Errorf("json does not list the suppressed finding:\n%s", out)
	}
	_, out, _ = run(t, "lint", dir, "--format", "sarif")
	if !strings.Contains(out, `"kind": "inSource"`) {
		t.Errorf("sarif does not mark the suppressed result:\n%s", out)
	}
	// A config ignore by resource.
	writeFile(t, dir, rules.ConfigFileName, `ignore {
  rule     = "cidr-overlap"
  resource = "vpc.c"
  reason   = "lab VPC"
}
`)
	_, out, _ = run(t, "lint", dir, "--format", "compact")
	if strings.Contains(out, "vpc c 10.0.0.0/24 overlaps") {
		t.Errorf("the config ignore must suppress vpc c:\n%s", out)
	}
}

func TestRulesCommand(t *testing.T) {
	code, out, _ := run(t, "rules")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, r := range rules.All() {
		if !strings.Contains(out, r.ID) {
			t.Errorf("rules lacks %s", r.ID)
		}
	}
	if !strings.HasPrefix(out, "RULE") {
		t.Errorf("no header:\n%s", out)
	}
	code, out, _ = run(t, "rules", "--format", "json")
	var doc struct {
		Rules []struct{ ID, Severity, Title, URL string }
	}
	if code != exitOK || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Rules) != len(rules.All()) {
		t.Fatalf("exit %d, json:\n%s", code, out)
	}
	if doc.Rules[0].URL != rules.DocsURL(doc.Rules[0].ID) {
		t.Errorf("url: %+v", doc.Rules[0])
	}
}

func TestExplainCommand(t *testing.T) {
	code, out, _ := run(t, "explain", "cidr-overlap")
	if code != exitOK || !strings.HasPrefix(out, "cidr-overlap (error)\n") ||
		!strings.Contains(out, "Reported:") || !strings.Contains(out, "Not reported:") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, _, stderr := run(t, "explain", "non-transitive")
	if code != exitUsage || !strings.Contains(stderr, `unknown rule "non-transitive"`) || !strings.Contains(stderr, "non-transitive-peering") {
		t.Errorf("unknown id: exit %d\n%s", code, stderr)
	}
	if code, _, _ := run(t, "explain"); code != exitUsage {
		t.Errorf("no id: exit %d", code)
	}
	code, out, _ = run(t, "explain", "reserved-ip", "--format", "json")
	var r map[string]string
	if code != exitOK || json.Unmarshal([]byte(out), &r) != nil || r["id"] != "reserved-ip" || r["bad"] == "" {
		t.Errorf("json: exit %d\n%s", code, out)
	}
}

// TestLintInputErrorInMachineFormats: an input error is written on stdout
// in the chosen format, so that a SARIF upload or a JUnit report step gets
// the failure, and the exit status stays 2.
func TestLintInputErrorInMachineFormats(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "net.net.hcl", "vpc \"prod\" {\n  cidr_block = \n}\n")
	for _, f := range report.LintOutput.Formats() {
		t.Run(string(f), func(t *testing.T) {
			code, out, stderr := run(t, "lint", dir, "--format", string(f))
			if code != exitUsage {
				t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stderr, "net.net.hcl:2:16") {
				t.Errorf("stderr must keep the diagnostic:\n%s", stderr)
			}
			if f == report.FormatText {
				if out != "" {
					t.Errorf("text: stdout %q", out)
				}
				return
			}
			if !strings.Contains(out, "net.net.hcl") {
				t.Errorf("%s: the input error is not on stdout:\n%s", f, out)
			}
			switch f {
			case report.FormatJSON:
				var doc struct {
					Findings    []any
					Diagnostics []struct{ Severity, Summary string }
				}
				// The syntax error alone: the vpc's missing block is not
				// reported again as a warning (issue 13, one mistake once).
				if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Findings) != 0 || len(doc.Diagnostics) != 1 || doc.Diagnostics[0].Severity != "error" {
					t.Errorf("json: %v\n%s", err, out)
				}
			case report.FormatSARIF:
				if !strings.Contains(out, `"ruleId": "input-error"`) || !strings.Contains(out, `"startLine": 2`) {
					t.Errorf("sarif:\n%s", out)
				}
			case report.FormatGitHub:
				if !strings.HasPrefix(out, "::error file=") {
					t.Errorf("github:\n%s", out)
				}
			case report.FormatJUnit:
				if !strings.Contains(out, `name="input-error"`) || !strings.Contains(out, "<failure") {
					t.Errorf("junit:\n%s", out)
				}
			}
		})
	}
}

// TestLintInputErrorMissingPathJSON: a path that does not exist is an input
// error with no place; JSON still reports it.
func TestLintInputErrorMissingPathJSON(t *testing.T) {
	code, out, _ := run(t, "lint", "no/such/dir", "--format", "json")
	if code != exitUsage || !strings.Contains(out, "cannot read no/such/dir") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestLintConfigErrorInJSON: an error in .vpcheck.hcl is an input error too.
func TestLintConfigErrorInJSON(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "net.net.hcl", "vpc \"prod\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n")
	cfg := writeFile(t, dir, "bad.hcl", "rule \"no-such-rule\" { enabled = false }\n")
	code, out, _ := run(t, "lint", dir, "--config", cfg, "--format", "sarif")
	if code != exitUsage || !strings.Contains(out, "input-error") || !strings.Contains(out, "no-such-rule") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestLintJSONCarriesLoadWarnings: what the loader warns about (a file it
// did not load) is in lint's JSON diagnostics, not only on stderr.
func TestLintJSONCarriesLoadWarnings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "net.net.hcl", "vpc \"prod\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n")
	writeFile(t, dir, "package.json", "{\"name\": \"x\"}\n")
	code, out, _ := run(t, "lint", dir, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, out)
	}
	var doc struct {
		Diagnostics []struct {
			Severity, Summary string
			Location          *report.Location
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Diagnostics) != 1 || doc.Diagnostics[0].Severity != "warning" || doc.Diagnostics[0].Location == nil ||
		!strings.HasSuffix(doc.Diagnostics[0].Location.File, "package.json") {
		t.Errorf("diagnostics: %+v", doc.Diagnostics)
	}
}

func TestReachInputErrorJSON(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "net.net.hcl", "vpc \"prod\" {\n  cidr_block = \n}\n")
	code, out, _ := run(t, "reach", "--from", "a", "--to", "b", dir, "--format", "json")
	if code != exitUsage || !strings.Contains(out, `"diagnostics"`) || !strings.Contains(out, "net.net.hcl") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// Ignores users can write: a comment above a module block in prod covers
// what that module creates in prod only; a config ignore takes globs.
func TestLintIgnoresModuleAndGlob(t *testing.T) {
	top := twoRoots(t)
	dev, prod := filepath.Join(top, "dev"), filepath.Join(top, "prod")
	writeFile(t, dev, "main.tf", "module \"vpc\" {\n  source  = \"../modules/vpc\"\n  cidr    = \"10.0.0.0/16\"\n  subnets = [\"10.0.1.0/24\", \"10.0.1.0/26\"]\n}\n")
	writeFile(t, prod, "main.tf", "# vpcheck:ignore cidr-overlap renumbered in the IPAM move exp:2999-12-31\nmodule \"vpc\" {\n  source  = \"../modules/vpc\"\n  cidr    = local.cidr\n  subnets = [\"10.0.1.0/24\", \"10.0.1.128/25\"]\n}\n")
	code, out, stderr := run(t, "lint", dev, prod, "--format", "json")
	doc := lintJSONOf(t, out)
	if code != exitFindings || len(doc.Findings) != 1 || doc.Findings[0].Root != dev {
		t.Errorf("only dev's overlap remains: exit %d %+v\n%s", code, doc.Findings, stderr)
	}
	cfg := writeFile(t, top, "vpcheck.hcl", "ignore {\n  rule     = \"cidr-overlap\"\n  resource = \"module.vpc.aws_subnet.this[*]\"\n  reason   = \"both\"\n}\n")
	if code, out, _ := run(t, "lint", dev, prod, "--config", cfg, "--format", "compact"); code != exitOK || strings.Contains(out, "cidr-overlap") {
		t.Errorf("the glob suppresses both: exit %d\n%s", code, out)
	}
}

// TestLintConfigExampleParses: the configuration lint's help shows is a
// .vpcheck.hcl that loads without a diagnostic, and it is in the help.
func TestLintConfigExampleParses(t *testing.T) {
	cfg, _, diags := rules.ParseConfig([]byte(lintConfigExample), rules.ConfigFileName)
	if len(diags) > 0 {
		t.Fatalf("the help's configuration does not parse:\n%v", diags)
	}
	if len(cfg.Rules) != 2 || len(cfg.Ignores) != 1 || len(cfg.Assertions) != 1 || cfg.Ignores[0].Expires.IsZero() {
		t.Errorf("configuration %+v", cfg)
	}
	code, out, _ := run(t, "lint", "--help")
	if code != exitOK || !strings.Contains(out, lintConfigExample) {
		t.Errorf("lint --help does not show the example:\n%s", out)
	}
}

// TestReadmeConfigParses: the .vpcheck.hcl the README documents loads
// without a diagnostic.
func TestReadmeConfigParses(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	i := strings.Index(text, "## Configuration: `.vpcheck.hcl`")
	if i < 0 {
		t.Fatal("the README does not document .vpcheck.hcl")
	}
	block, ok := strings.CutPrefix(text[strings.Index(text[i:], "```hcl\n")+i:], "```hcl\n")
	if !ok {
		t.Fatal("no hcl block")
	}
	block, _, ok = strings.Cut(block, "```")
	if !ok {
		t.Fatal("the hcl block does not end")
	}
	if _, _, diags := rules.ParseConfig([]byte(block), rules.ConfigFileName); len(diags) > 0 {
		t.Errorf("the README's .vpcheck.hcl does not parse:\n%v\n%s", diags, block)
	}
}

// TestReadmeQuickStartIsReal: the output the README's quick start shows is
// what the commands print (a block ending in "..." is the start of it).
func TestReadmeQuickStartIsReal(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start, end := strings.Index(text, "## Quick start"), strings.Index(text, "## Install")
	if start < 0 || end < start {
		t.Fatal("no quick start")
	}
	quick := text[start:end]
	blocks := strings.Split(quick, "```\n")
	// blocks[1] is the set-up, blocks[3] lint's output, then each reach
	// block starts with its command.
	setup := strings.Split(strings.TrimSpace(blocks[1]), "\n")
	if len(setup) != 2 || !strings.HasPrefix(setup[0], "go run ./cmd/vpcheck lint example:") || setup[1] != "go test ./..." {
		t.Fatalf("set-up commands %q", setup)
	}
	checked := 0
	check := func(args []string, want string) {
		t.Helper()
		_, out, _ := run(t, args...)
		if prefix, ok := strings.CutSuffix(want, "...\n"); ok {
			if !strings.HasPrefix(out, prefix) {
				t.Errorf("%v: the README shows\n%s\nbut it prints\n%s", args, want, out)
			}
		} else if out != want {
			t.Errorf("%v: the README shows\n%s\nbut it prints\n%s", args, want, out)
		}
		checked++
	}
	check(strings.Fields(strings.TrimPrefix(setup[0], "go run ./cmd/vpcheck ")), blocks[3])
	for i := 5; i < len(blocks); i += 2 {
		cmd, out, ok := strings.Cut(blocks[i], "\n")
		if !ok || !strings.HasPrefix(cmd, "$ go run ./cmd/vpcheck ") {
			continue
		}
		check(strings.Fields(strings.TrimPrefix(cmd, "$ go run ./cmd/vpcheck ")), out)
	}
	if checked < 3 {
		t.Errorf("checked %d outputs, want lint's and two of reach", checked)
	}
}
