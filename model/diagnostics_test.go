package model

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func diagAt(sev hcl.DiagnosticSeverity, summary string, line int) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: sev, Summary: summary, Subject: &hcl.Range{Filename: "a.net.hcl",
		Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 2}}}
}

func TestCollectorKeepsTheFirstOfEachKind(t *testing.T) {
	var c Collector
	for i := range 2000 {
		c.Add(diagAt(hcl.DiagError, fmt.Sprintf("duplicate vpc %q", fmt.Sprint("v", i)), i+1))
	}
	c.Add(diagAt(hcl.DiagWarning, "something else", 1))
	got := c.Diagnostics()
	if len(got) != DiagnosticLimit+2 {
		t.Fatalf("got %d diagnostics, want %d", len(got), DiagnosticLimit+2)
	}
	last := got[len(got)-1]
	if last.Summary != `duplicate vpc "v100" (and 1899 more like this)` || last.Subject.Start.Line != 101 {
		t.Errorf("marker = %q at line %d", last.Summary, last.Subject.Start.Line)
	}
	if !strings.Contains(last.Detail, "first 100") {
		t.Errorf("marker detail %q", last.Detail)
	}
	if !c.HasErrors() {
		t.Error("HasErrors is false")
	}
}

// A collector fed another's output counts what that one left out.
func TestCollectorMergesCounts(t *testing.T) {
	var a, b, top Collector
	for i := range 150 {
		a.Add(diagAt(hcl.DiagError, fmt.Sprintf("unknown vpc %q", fmt.Sprint(i)), i+1))
	}
	for i := range 30 {
		b.Add(diagAt(hcl.DiagError, fmt.Sprintf("unknown vpc %q", fmt.Sprint("b", i)), i+1))
	}
	top.Add(a.Diagnostics()...)
	top.Add(b.Diagnostics()...)
	got := top.Diagnostics()
	if len(got) != DiagnosticLimit+1 {
		t.Fatalf("got %d diagnostics, want %d", len(got), DiagnosticLimit+1)
	}
	if s := got[len(got)-1].Summary; s != `unknown vpc "100" (and 79 more like this)` {
		t.Errorf("marker = %q", s)
	}
}

func TestCollectorOneOverTheLimitIsShownAsItIs(t *testing.T) {
	var c Collector
	for i := range DiagnosticLimit + 1 {
		c.Add(diagAt(hcl.DiagWarning, "same", i+1))
	}
	got := c.Diagnostics()
	if len(got) != DiagnosticLimit+1 || got[DiagnosticLimit].Summary != "same" {
		t.Fatalf("got %d, last %q", len(got), got[len(got)-1].Summary)
	}
}

func TestCollectorSyntaxErrorsPerFile(t *testing.T) {
	var c Collector
	var parse hcl.Diagnostics
	for i := range 150 {
		parse = append(parse, diagAt(hcl.DiagError, "Invalid character", i+1))
	}
	c.AddSyntax(parse)
	got := c.Diagnostics()
	if len(got) != SyntaxErrorLimit+1 {
		t.Fatalf("got %d diagnostics, want %d", len(got), SyntaxErrorLimit+1)
	}
	if s := got[SyntaxErrorLimit].Summary; s != "Invalid character (and 144 more syntax errors in this file)" {
		t.Errorf("marker = %q", s)
	}
}

func TestKindOf(t *testing.T) {
	for in, want := range map[string]string{
		`duplicate vpc "a"`: `duplicate vpc ""`,
		`network ACL "x\"y": rule number 40000 is outside 1-32766`: `network ACL "": rule number 0 is outside 0-0`,
		`Vpcs[12].CidrBlock: "10" is not a valid CIDR block`:       `Vpcs[0].CidrBlock: "" is not a valid CIDR block`,
		`Unsupported argument`:                                     `Unsupported argument`,
		`unterminated "quote`:                                      `unterminated ""`,
	} {
		if got := kindOf(in); got != want {
			t.Errorf("kindOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCollectorEmpty(t *testing.T) {
	var c Collector
	if c.Diagnostics() != nil || c.HasErrors() {
		t.Error("an empty collector has diagnostics")
	}
}
