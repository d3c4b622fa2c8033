package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model/load"
)

// hclRendering is what WriteDiagnosticsText wrote when hcl's writer drew
// the snippets.
func hclRendering(t *testing.T, files map[string]*hcl.File, diags hcl.Diagnostics, opts TextOptions) string {
	t.Helper()
	var buf, body bytes.Buffer
	w := hcl.NewDiagnosticTextWriter(&body, files, opts.Width, opts.Color)
	for _, d := range SortDiagnostics(diags) {
		body.Reset()
		if err := w.WriteDiagnostic(d); err != nil {
			t.Fatal(err)
		}
		buf.WriteString(compactLine(d, opts.Color))
		buf.WriteString("\n\n")
		buf.Write(withoutHCLHeader(body.Bytes(), d.Summary))
	}
	return buf.String()
}

// On inputs of ordinary lines, the snippets drawn here are hcl's own, to
// the byte, with and without colour: the bad-input corpus of the native
// format and broken Terraform and JSON.
func TestSnippetsAreHCLs(t *testing.T) {
	bad, _ := filepath.Glob("../model/load/native/testdata/bad/*.net.hcl")
	dir := t.TempDir()
	for name, src := range map[string]string{
		"main.tf":    "resource \"aws_vpc\" \"a\" {\n  cidr_block = var.nope\n}\n\nresource \"aws_subnet\" \"s\" {\n  vpc_id = aws_vpc.a.id\n  cidr_block = cidrsubnet(\"10.0.0.0/16\", 40, 0)\n}\n",
		"Vpcs.json":  "{\"Vpcs\": [\n  {\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/33\"},\r\n  {\"VpcId\": 5}\n]}\n",
		"other.json": "{\n  \"x\": 1\n}\n",
	} {
		writeFile(t, filepath.Join(dir, name), src)
	}
	for _, paths := range append([][]string{{dir}}, splitEach(bad)...) {
		net, diags := load.Paths(paths, load.Options{})
		if len(diags) == 0 || net == nil {
			continue
		}
		for _, color := range []bool{false, true} {
			opts := TextOptions{Color: color}
			var got bytes.Buffer
			if err := WriteDiagnosticsText(&got, net.Files, diags, opts); err != nil {
				t.Fatal(err)
			}
			if want := hclRendering(t, net.Files, diags, opts); got.String() != want {
				t.Errorf("%v (colour %v): rendering differs from hcl's\ngot:\n%s\nwant:\n%s", paths, color, got.String(), want)
			}
		}
	}
}

func splitEach(files []string) [][]string {
	out := make([][]string, len(files))
	for i, f := range files {
		out[i] = []string{f}
	}
	return out
}

// A long line is shown as a window around the column, not whole.
func TestSnippetWindowsALongLine(t *testing.T) {
	long := `{"Vpcs": [` + strings.Repeat(`{"VpcId": "vpc-a", "CidrBlock": "10.0.0.0/16"}, `, 100_000) + `{"VpcId": "vpc-b", "CidrBlock": "10.0.0.0/99"}]}`
	files := map[string]*hcl.File{"Vpcs.json": {Bytes: []byte(long)}}
	at := strings.Index(long, `"10.0.0.0/99"`)
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "bad CIDR", Subject: &hcl.Range{Filename: "Vpcs.json",
		Start: hcl.Pos{Line: 1, Column: at + 1, Byte: at}, End: hcl.Pos{Line: 1, Column: at + 14, Byte: at + 13}}}
	var out bytes.Buffer
	if err := WriteDiagnosticsText(&out, files, hcl.Diagnostics{d}, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if len(got) > 600 {
		t.Fatalf("%d bytes of output for one diagnostic:\n%.600s", len(got), got)
	}
	if !strings.Contains(got, "   1: …") || !strings.Contains(got, ansiHighlight+`"10.0.0.0/99"`+ansiReset) {
		t.Errorf("the window does not show the place:\n%q", got)
	}
}

// A window never splits a character.
func TestSnippetWindowKeepsCharactersWhole(t *testing.T) {
	line := strings.Repeat("é", 400)
	from, to := window([]byte(line), 0, len(line), 301)
	if s := line[from:to]; !strings.HasPrefix(s, "é") || !strings.HasSuffix(s, "é") {
		t.Errorf("window %d-%d splits a character: %q", from, to, s)
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
