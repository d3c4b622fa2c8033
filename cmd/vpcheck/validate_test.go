package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
)

func TestValidateFlags(t *testing.T) {
	tests := []struct {
		args       []string
		wantPaths  []string
		wantFormat report.Format
		wantErr    string
	}{
		{args: nil, wantPaths: []string{}, wantFormat: report.FormatText},
		{args: []string{"a", "example:b"}, wantPaths: []string{"a", "example:b"}, wantFormat: report.FormatText},
		{args: []string{"--format", "json", "dir"}, wantPaths: []string{"dir"}, wantFormat: report.FormatJSON},
		{args: []string{"--format=compact"}, wantErr: `invalid argument "compact" for "--format" flag`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var got *validateOptions
			cmd := NewCmdValidate(&IOStreams{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, func(o *validateOptions) error {
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
			if len(got.Paths) != len(tt.wantPaths) || strings.Join(got.Paths, ",") != strings.Join(tt.wantPaths, ",") {
				t.Errorf("paths %q, want %q", got.Paths, tt.wantPaths)
			}
			if got.Format != tt.wantFormat {
				t.Errorf("format %q, want %q", got.Format, tt.wantFormat)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestValidateSyntaxErrorIsInputError(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "main.tf", "resource \"aws_vpc\" \"main\" {\n  cidr_block = \n}\n")
	code, _, stderr := run(t, "validate", dir)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	place := regexp.MustCompile(regexp.QuoteMeta(filepath.Join(dir, "main.tf")) + `:2:\d+: error: `)
	if !place.MatchString(stderr) {
		t.Errorf("stderr lacks file:line:col: error:\n%s", stderr)
	}
	if !strings.Contains(stderr, "   2:   cidr_block =") {
		t.Errorf("stderr lacks the source snippet:\n%s", stderr)
	}
	if !strings.HasSuffix(stderr, "1 error, 0 warnings\n") {
		t.Errorf("stderr lacks the tally:\n%s", stderr)
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		t.Errorf("stderr looks like a crash:\n%s", stderr)
	}
}

func TestValidateSyntaxErrorJSON(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "main.tf", "resource \"aws_vpc\" \"main\" {\n  cidr_block = \n}\n")
	code, stdout, stderr := run(t, "validate", "--format", "json", dir)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if stderr != "" {
		t.Errorf("json mode should keep stderr empty, got:\n%s", stderr)
	}
	var doc struct {
		Diagnostics []report.Diagnostic `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, stdout)
	}
	if len(doc.Diagnostics) == 0 {
		t.Fatalf("no diagnostics:\n%s", stdout)
	}
	d := doc.Diagnostics[0]
	if d.Severity != "error" || d.Location == nil || d.Location.File != filepath.Join(dir, "main.tf") || d.Location.Line != 2 {
		t.Errorf("unexpected diagnostic %+v", d)
	}
}

func TestValidateIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b.tf", "resource \"x\" {\n")
	writeFile(t, dir, "a.tf", "variable {\n  = 1\n}\n")
	_, firstOut, firstErr := run(t, "validate", dir)
	for range 5 {
		_, out, errOut := run(t, "validate", dir)
		if out != firstOut || errOut != firstErr {
			t.Fatalf("output changed between runs:\n%s\n---\n%s", firstErr, errOut)
		}
	}
	if a, b := strings.Index(firstErr, "a.tf:"), strings.Index(firstErr, "b.tf:"); a < 0 || b < 0 || a > b {
		t.Errorf("diagnostics not in file order:\n%s", firstErr)
	}
}

func TestValidateUnknownExample(t *testing.T) {
	code, _, stderr := run(t, "validate", "example:no-such-network")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr, `no example named "no-such-network"`) {
		t.Errorf("stderr:\n%s", stderr)
	}
	for _, e := range fixtures.Examples() {
		if !strings.Contains(stderr, e.Name) {
			t.Errorf("stderr does not list example %s:\n%s", e.Name, stderr)
		}
	}
}

// An empty directory is an input error (a run in the wrong directory must
// not pass), and the JSON document still has every kind's count.
func TestValidateJSONEmptyDirectory(t *testing.T) {
	code, stdout, stderr := run(t, "validate", "--format", "json", t.TempDir())
	if code != exitUsage {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, stdout)
	}
	if keys := sortedKeys(doc); strings.Join(keys, ",") != "counts,diagnostics" {
		t.Errorf("top-level keys %v", keys)
	}
	var counts map[string]int
	if err := json.Unmarshal(doc["counts"], &counts); err != nil {
		t.Fatal(err)
	}
	if len(counts) != len(model.Kinds) {
		t.Errorf("counts has %d kinds, want all %d", len(counts), len(model.Kinds))
	}
	for _, k := range model.Kinds {
		if n, ok := counts[string(k)]; !ok || n != 0 {
			t.Errorf("counts[%s] = %d, %v", k, n, ok)
		}
	}
	if !strings.Contains(string(doc["diagnostics"]), "no network definitions under ") {
		t.Errorf("diagnostics %s", doc["diagnostics"])
	}
}

func TestValidateTextEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := run(t, "validate", dir)
	if code != exitUsage || !strings.Contains(stderr, "no network definitions under "+dir+"; use --recursive to search subdirectories") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	// A directory whose network objects are none (a root module of IAM
	// only) is not empty: it holds definitions.
	writeFile(t, dir, "main.tf", "variable \"x\" {}\n")
	if code, stdout, stderr := run(t, "validate", dir); code != exitOK || stdout != "no network objects found\n" {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
}

func TestWriteInventoryShowsOnlyPresentKinds(t *testing.T) {
	var out bytes.Buffer
	counts := map[model.Kind]int{model.KindSubnet: 4, model.KindVPC: 1, model.KindInstance: 0}
	if err := report.WriteInventory(&out, counts); err != nil {
		t.Fatal(err)
	}
	want := "KIND     COUNT\nvpc      1\nsubnet   4\n"
	if out.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", out.String(), want)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestValidateTGWAttachedTwice: AWS refuses a second attachment of one VPC
// to one transit gateway ("A transit gateway cannot have more than one VPC
// attachment to the same VPC":
// https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html),
// so a network that declares one is an input error, not a routing loop.
func TestValidateTGWAttachedTwice(t *testing.T) {
	code, _, stderr := run(t, "validate", "testdata/tgw-twice")
	if code != exitUsage || !strings.Contains(stderr, `testdata/tgw-twice/network.net.hcl:28:1: error: transit gateway "hub" has a second attachment to vpc "v"`) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// validate --list shows the names a selector accepts; each one listed is
// accepted by reach.
func TestValidateList(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "main.tf", `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
`)
	code, out, stderr := run(t, "validate", "--list", dir)
	if code != exitOK || !strings.HasPrefix(out, "KIND") || !strings.Contains(out, "aws_subnet.a") || !strings.Contains(out, "main.tf:5:1") {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, _ = run(t, "validate", "--list", "--format", "json", dir)
	var doc struct {
		Objects []struct {
			Kind, Name, Address string
			Implicit            bool
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != exitOK {
		t.Fatalf("exit %d: %v\n%s", code, err, out)
	}
	found := false
	for _, o := range doc.Objects {
		if o.Kind == "subnet" && o.Address == "aws_subnet.a" {
			found = true
		}
	}
	if !found {
		t.Errorf("objects %+v", doc.Objects)
	}
	// Every listed native name works as a selector.
	code, out, _ = run(t, "validate", "--list", "--format", "json", "example:three-tier-nacl")
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != exitOK {
		t.Fatal(err)
	}
	for _, o := range doc.Objects {
		if o.Kind != "instance" {
			continue
		}
		if code, _, stderr := run(t, "reach", "--from", o.Name, "--to", "internet", "example:three-tier-nacl", "--expect", "forward"); code == exitUsage {
			t.Errorf("reach does not accept listed %s %s:\n%s", o.Kind, o.Name, stderr)
		}
	}
}
