package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// parse returns the file and diagnostics for src as Terraform would see it.
func parse(t *testing.T, name, src string) (map[string]*hcl.File, hcl.Diagnostics) {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(src), name, hcl.InitialPos)
	return map[string]*hcl.File{name: f}, diags
}

func TestWriteDiagnosticsTextShowsPlaceAndSnippet(t *testing.T) {
	files, diags := parse(t, "main.tf", "resource \"aws_vpc\" \"a\" {\n  cidr_block = \n}\n")
	if !diags.HasErrors() {
		t.Fatal("fixture must have a syntax error")
	}
	var out bytes.Buffer
	if err := WriteDiagnosticsText(&out, files, diags, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"main.tf:2:",                     // file:line:col header
		": error: ",                      // severity
		`on main.tf line 2, in resource`, // hcl's context line
		"   2:   cidr_block =",           // the snippet
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Error: ") {
		t.Errorf("hcl's own header should be replaced by the compact line:\n%s", got)
	}
	if strings.Contains(got, "\x1b[") {
		t.Errorf("colour without Color:\n%q", got)
	}
}

func TestWriteDiagnosticsTextColour(t *testing.T) {
	files, diags := parse(t, "main.tf", "resource \"x\" {\n")
	var out bytes.Buffer
	if err := WriteDiagnosticsText(&out, files, diags, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), ansiRed+"error"+ansiReset) {
		t.Errorf("no red severity:\n%q", out.String())
	}
	if strings.Contains(out.String(), "Error"+ansiReset+": ") {
		t.Errorf("hcl's coloured header was kept:\n%q", out.String())
	}
}

func TestWriteDiagnosticsTextWithoutSubject(t *testing.T) {
	diags := hcl.Diagnostics{{Severity: hcl.DiagWarning, Summary: "plan skipped", Detail: "Not read yet."}}
	var out bytes.Buffer
	if err := WriteDiagnosticsText(&out, nil, diags, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "warning: plan skipped\n\nNot read yet.\n\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestWriteDiagnosticsTextMissingFile(t *testing.T) {
	diags := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "bad", Subject: &hcl.Range{
		Filename: "gone.tf", Start: hcl.Pos{Line: 3, Column: 4, Byte: 20}, End: hcl.Pos{Line: 3, Column: 5, Byte: 21}}}}
	var out bytes.Buffer
	if err := WriteDiagnosticsText(&out, map[string]*hcl.File{}, diags, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "gone.tf:3:4: error: bad\n") {
		t.Errorf("got %q", out.String())
	}
}

func diag(sev hcl.DiagnosticSeverity, file string, line, col int, summary string) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: sev, Summary: summary}
	if file != "" {
		d.Subject = &hcl.Range{Filename: file, Start: hcl.Pos{Line: line, Column: col}, End: hcl.Pos{Line: line, Column: col + 1}}
	}
	return d
}

func TestSortDiagnosticsReadingOrder(t *testing.T) {
	diags := hcl.Diagnostics{
		diag(hcl.DiagError, "b.tf", 1, 1, "z"),
		diag(hcl.DiagError, "a.tf", 10, 1, "y"),
		diag(hcl.DiagWarning, "a.tf", 2, 5, "x"),
		diag(hcl.DiagError, "a.tf", 2, 5, "w"),
		diag(hcl.DiagError, "a.tf", 2, 1, "v"),
		diag(hcl.DiagError, "", 0, 0, "no place"),
	}
	var out bytes.Buffer
	if err := WriteDiagnosticsCompact(&out, diags, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"error: no place",
		"a.tf:2:1: error: v",
		"a.tf:2:5: error: w",
		"a.tf:2:5: warning: x",
		"a.tf:10:1: error: y",
		"b.tf:1:1: error: z",
	}, "\n") + "\n"
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
	if diags[0].Summary != "z" {
		t.Error("SortDiagnostics must not reorder its argument")
	}
}

func TestJSONDiagnosticsShape(t *testing.T) {
	diags := hcl.Diagnostics{
		diag(hcl.DiagWarning, "a.tf", 2, 3, "careful"),
		diag(hcl.DiagError, "", 0, 0, "no place"),
	}
	diags[0].Detail = "why"
	var out bytes.Buffer
	if err := WriteJSON(&out, JSONDiagnostics(diags)); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d diagnostics", len(got))
	}
	if _, ok := got[0]["location"]; ok {
		t.Errorf("a diagnostic about no place must have no location: %v", got[0])
	}
	if got[0]["detail"] != "" {
		t.Errorf("detail should be present even when empty: %v", got[0])
	}
	loc, _ := got[1]["location"].(map[string]any)
	if got[1]["severity"] != "warning" || got[1]["summary"] != "careful" || got[1]["detail"] != "why" ||
		loc["file"] != "a.tf" || loc["line"] != 2.0 || loc["column"] != 3.0 {
		t.Errorf("unexpected %v", got[1])
	}
}

func TestJSONDiagnosticsEmptyIsArray(t *testing.T) {
	var out bytes.Buffer
	if err := WriteJSON(&out, JSONDiagnostics(nil)); err != nil {
		t.Fatal(err)
	}
	if out.String() != "[]\n" {
		t.Errorf("got %q", out.String())
	}
}

func TestTally(t *testing.T) {
	diags := hcl.Diagnostics{diag(hcl.DiagError, "", 0, 0, "a"), diag(hcl.DiagError, "", 0, 0, "b"), diag(hcl.DiagWarning, "", 0, 0, "c")}
	if got := Tally(diags); got != "2 errors, 1 warning" {
		t.Errorf("got %q", got)
	}
	if got := Tally(nil); got != "0 errors, 0 warnings" {
		t.Errorf("got %q", got)
	}
}
