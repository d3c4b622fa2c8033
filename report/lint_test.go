package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vpcheck/vpcheck/rules"
)

// update rewrites the golden files: go test ./report -update.
var update = flag.Bool("update", false, "rewrite golden files")

const lintSource = `vpc "a" {
  cidr_block = "10.0.0.0/16"
}

vpc "b" {
  cidr_block = "10.0.0.0/16"
}
`

func rng(file string, line, col int) hcl.Range {
	return hcl.Range{Filename: file, Start: hcl.Pos{Line: line, Column: col}, End: hcl.Pos{Line: line, Column: col + 10}}
}

// lintFixture is a small lint result with every kind of finding the
// formats must handle: severities, related places, a fix, a finding about
// no place, and text that needs escaping in XML, JSON and workflow commands.
func lintFixture(t *testing.T) *LintResult {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(lintSource), "net/vpc.net.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	findings := []rules.Finding{
		{
			Rule: "cidr-overlap", Severity: rules.Error,
			Message:  "vpc b 10.0.0.0/16 overlaps vpc a 10.0.0.0/16, and they are peered through peering connection a-b",
			Range:    rng("net/vpc.net.hcl", 6, 16),
			Resource: "vpc.b",
			Related:  []rules.Related{{Message: "vpc a 10.0.0.0/16", Resource: "vpc.a", Range: rng("net/vpc.net.hcl", 2, 16)}},
			Fix:      "Re-address vpc a or vpc b so that their blocks are disjoint.",
		},
		{
			Rule: "nat-ipv6", Severity: rules.Warning,
			Message:  `route table "x" & <y>: 100% of ipv6, a, b`,
			Range:    rng("net/vpc.net.hcl", 5, 1),
			Resource: "route_table.x",
			Fix:      "Add a route ::/0 → egress_only_internet_gateway web.\nThen re-run.",
		},
		{
			Rule: "unused-resource", Severity: rules.Notice,
			Message:  "security group legacy is attached to nothing and referenced by no rule",
			Resource: "security_group.legacy",
		},
	}
	return &LintResult{
		Findings:    findings,
		Rules:       []*rules.Rule{rules.Lookup("cidr-overlap"), rules.Lookup("nat-ipv6"), rules.Lookup("unused-resource")},
		Files:       map[string]*hcl.File{"net/vpc.net.hcl": f},
		Diagnostics: hcl.Diagnostics{{Severity: hcl.DiagWarning, Summary: "vpcheck:ignore without a reason", Subject: rng("net/vpc.net.hcl", 1, 1).Ptr()}},
		ToolVersion: "v0.0.0-test",
		Suppressed: []Suppressed{{
			Finding: rules.Finding{Rule: "cidr-overlap", Severity: rules.Error, Message: "vpc a 10.0.0.0/16 overlaps vpc c 10.0.0.0/16",
				Range: rng("net/vpc.net.hcl", 2, 16), Resource: "vpc.a"},
			Reason: SuppressedBaseline, Justification: "in baseline .vpcheck-baseline.json",
		}},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./report -update creates it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (go test ./report -update rewrites it after review):\n--- want\n%s--- got\n%s", path, want, got)
	}
}

func TestLintFormatsGolden(t *testing.T) {
	for _, f := range LintOutput.Formats() {
		t.Run(string(f), func(t *testing.T) {
			var out bytes.Buffer
			if err := LintOutput.Write(&out, f, lintFixture(t), TextOptions{}); err != nil {
				t.Fatal(err)
			}
			golden(t, "lint."+string(f)+".golden", out.Bytes())
			// The same input gives the same bytes.
			var again bytes.Buffer
			if err := LintOutput.Write(&again, f, lintFixture(t), TextOptions{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out.Bytes(), again.Bytes()) {
				t.Error("output is not deterministic")
			}
		})
	}
}

func TestLintTextEmptyIsSilent(t *testing.T) {
	var out bytes.Buffer
	if err := WriteLintText(&out, &LintResult{}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("a clean run must print nothing, got %q", out.String())
	}
}

func TestLintTextColour(t *testing.T) {
	var out bytes.Buffer
	if err := WriteLintText(&out, lintFixture(t), TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), ansiBold+ansiRed+"Error"+ansiReset) {
		t.Errorf("no red Error label:\n%q", out.String())
	}
}

func TestLintJSONShape(t *testing.T) {
	var out bytes.Buffer
	if err := WriteLintJSON(&out, lintFixture(t)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []struct {
			Rule, Severity, Message, Resource string
			Location                          *struct {
				File         string
				Line, Column int
			}
			Related []struct{ Message, Resource string }
		}
		Summary     map[string]int
		Diagnostics []map[string]any
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 3 || doc.Summary["error"] != 1 || doc.Summary["warning"] != 1 || doc.Summary["notice"] != 1 {
		t.Fatalf("unexpected document: %s", out.String())
	}
	f := doc.Findings[0]
	if f.Rule != "cidr-overlap" || f.Severity != "error" || f.Resource != "vpc.b" || f.Location == nil ||
		f.Location.File != "net/vpc.net.hcl" || f.Location.Line != 6 || f.Location.Column != 16 || len(f.Related) != 1 {
		t.Errorf("first finding: %+v", f)
	}
	if doc.Findings[2].Location != nil {
		t.Error("a finding about no place must have no location")
	}
	if len(doc.Diagnostics) != 1 {
		t.Errorf("diagnostics: %v", doc.Diagnostics)
	}
	var empty bytes.Buffer
	if err := WriteLintJSON(&empty, &LintResult{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(empty.String(), `"findings": []`) || !strings.Contains(empty.String(), `"diagnostics": []`) {
		t.Errorf("empty lists must be [] not null:\n%s", empty.String())
	}
}

// TestLintSARIFRequiredProperties checks what the SARIF 2.1.0 schema
// requires of the parts vpcheck writes.
func TestLintSARIFRequiredProperties(t *testing.T) {
	var out bytes.Buffer
	if err := WriteLintSARIF(&out, lintFixture(t)); err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log["version"] != "2.1.0" || log["$schema"] == nil {
		t.Fatalf("version/$schema: %v", log)
	}
	runs, _ := log["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("runs: %v", log["runs"])
	}
	run := runs[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	if driver["name"] != "vpcheck" {
		t.Errorf("driver name: %v", driver["name"])
	}
	ruleIDs := map[string]int{}
	for i, r := range driver["rules"].([]any) {
		ruleIDs[r.(map[string]any)["id"].(string)] = i
	}
	results := run["results"].([]any)
	// Three findings and one a baseline accepts, suppressed.
	if len(results) != 4 {
		t.Fatalf("results: %d", len(results))
	}
	if s, _ := results[3].(map[string]any)["suppressions"].([]any); len(s) != 1 || s[0].(map[string]any)["kind"] != "external" {
		t.Errorf("the baselined result is not suppressed: %v", results[3])
	}
	levels := map[string]bool{"error": true, "warning": true, "note": true, "none": true}
	for _, x := range results {
		r := x.(map[string]any)
		msg, _ := r["message"].(map[string]any)
		if msg == nil || msg["text"] == "" {
			t.Errorf("result without message text: %v", r)
		}
		if !levels[r["level"].(string)] {
			t.Errorf("bad level %v", r["level"])
		}
		id := r["ruleId"].(string)
		if idx, ok := ruleIDs[id]; !ok || int(r["ruleIndex"].(float64)) != idx {
			t.Errorf("ruleIndex of %s does not point at its rule", id)
		}
		// GitHub refuses the whole log when a result has no location.
		if len(r["locations"].([]any)) == 0 {
			t.Errorf("result without a location: %v", r)
		}
		for _, l := range r["locations"].([]any) {
			region := l.(map[string]any)["physicalLocation"].(map[string]any)["region"].(map[string]any)
			if region["startLine"].(float64) < 1 {
				t.Errorf("startLine must be >= 1: %v", region)
			}
		}
	}
}

func TestLintXMLWellFormed(t *testing.T) {
	for _, f := range []Format{FormatJUnit, FormatCheckstyle} {
		var out bytes.Buffer
		if err := LintOutput.Write(&out, f, lintFixture(t), TextOptions{}); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(&out)
		for {
			_, err := dec.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s is not well-formed XML: %v", f, err)
				}
				break
			}
		}
	}
	var out bytes.Buffer
	if err := WriteLintJUnit(&out, lintFixture(t)); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// One test case per rule per file: the network file and the findings
	// about no file, 3 rules each; cidr-overlap and nat-ipv6 fail in the
	// first, unused-resource in the second.
	if doc.Tests != 6 || doc.Failures != 3 || len(doc.Suites) != 2 {
		t.Errorf("tests=%d failures=%d suites=%d", doc.Tests, doc.Failures, len(doc.Suites))
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got := githubData("a%b\nc\r"); got != "a%25b%0Ac%0D" {
		t.Errorf("data: %q", got)
	}
	if got := githubProperty("C:\\x,y"); got != "C%3A\\x%2Cy" {
		t.Errorf("property: %q", got)
	}
}
