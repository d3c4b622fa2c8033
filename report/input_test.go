package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// inputErrorFixture is a lint run that ended on input errors: one with a
// place, one about no place (a path that does not exist), and a warning.
func inputErrorFixture(t *testing.T) *LintResult {
	t.Helper()
	f, _ := hclsyntax.ParseConfig([]byte("vpc \"a\" {\n  cidr_block = \n}\n"), "net/vpc.net.hcl", hcl.InitialPos)
	return &LintResult{
		Files: map[string]*hcl.File{"net/vpc.net.hcl": f},
		Diagnostics: hcl.Diagnostics{
			{Severity: hcl.DiagError, Summary: "Missing expression", Detail: "Expected the start of an expression.", Subject: rng("net/vpc.net.hcl", 2, 16).Ptr()},
			{Severity: hcl.DiagError, Summary: "cannot read no/such/dir", Detail: "no such file or directory"},
			{Severity: hcl.DiagWarning, Summary: "aws_lb is not modelled", Subject: rng("net/vpc.net.hcl", 1, 1).Ptr()},
		},
		ToolVersion: "v0.0.0-test",
	}
}

// TestLintInputErrorsGolden: an input error reaches every machine format,
// so a CI step reading the report sees why the run failed; text leaves it
// to stderr.
func TestLintInputErrorsGolden(t *testing.T) {
	for _, f := range LintOutput.Formats() {
		t.Run(string(f), func(t *testing.T) {
			var out bytes.Buffer
			if err := LintOutput.Write(&out, f, inputErrorFixture(t), TextOptions{}); err != nil {
				t.Fatal(err)
			}
			if f == FormatText {
				if out.Len() != 0 {
					t.Errorf("text output must leave diagnostics to stderr, got %q", out.String())
				}
				return
			}
			if !strings.Contains(out.String(), "Missing expression") || !strings.Contains(out.String(), "cannot read no/such/dir") {
				t.Errorf("an input error is missing:\n%s", out.String())
			}
			if f != FormatJSON && strings.Contains(out.String(), "aws_lb is not modelled") && f != FormatSARIF {
				t.Errorf("a warning fails nothing and is not reported as a failure:\n%s", out.String())
			}
			golden(t, "input-error."+string(f)+".golden", out.Bytes())
		})
	}
}

func TestLintInputErrorsSARIF(t *testing.T) {
	var out bytes.Buffer
	if err := WriteLintSARIF(&out, inputErrorFixture(t)); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct{ Level string }
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 2 {
		t.Fatalf("want 2 results, got %d:\n%s", len(run.Results), out.String())
	}
	for _, r := range run.Results {
		if r.RuleID != InputErrorRule || r.Level != "error" || run.Tool.Driver.Rules[r.RuleIndex].ID != InputErrorRule {
			t.Errorf("result %+v", r)
		}
	}
	// The error about no place is anchored at the input file: GitHub
	// refuses a log with a result that has no location.
	if loc := run.Results[0].Locations; len(loc) != 1 || loc[0].PhysicalLocation.ArtifactLocation.URI != "net/vpc.net.hcl" || loc[0].PhysicalLocation.Region.StartLine != 1 {
		t.Errorf("the missing path's anchor: %+v", loc)
	}
	loc := run.Results[1].Locations
	if len(loc) != 1 || loc[0].PhysicalLocation.ArtifactLocation.URI != "net/vpc.net.hcl" || loc[0].PhysicalLocation.Region.StartLine != 2 {
		t.Errorf("the syntax error's location: %+v", loc)
	}
	if inv := run.Invocations; len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 {
		t.Errorf("invocations: %+v", inv)
	}
}
