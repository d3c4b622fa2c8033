package report

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"web-a", "web-a"},
		{"café", "café"},
		{"\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"x\n::error file=x,line=1::INJECTED", `x\n::error file=x,line=1::INJECTED`},
		{"a\tb\r", `a\tb\r`},
		{"nul\x00del\x7f", `nul\x00del\x7f`},
		{"c1\u009b", `c1\u009b`},
		{"rtl\u202egnp.exe", `rtl\u202egnp.exe`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"sep\u2028x", `sep\u2028x`},
	} {
		if got := Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzPrintable(f *testing.F) {
	f.Add("\x1b[2J")
	f.Add("a\nb")
	f.Fuzz(func(t *testing.T, s string) {
		out := Printable(s)
		for i := 0; i < len(out); i++ {
			if c := out[i]; c < 0x20 || c == 0x7f {
				t.Fatalf("Printable(%q) = %q keeps control byte %#x", s, out, c)
			}
		}
		if Printable(out) != out {
			t.Fatalf("Printable is not idempotent on %q", out)
		}
	})
}

func TestPrintableKeeping(t *testing.T) {
	for _, tc := range []struct{ in, keep, want string }{
		{"a\tb\x1b", "\t", "a\tb\\x1b"},
		{"a\r\nb\x07\x00", "\r\n", "a\r\nb\\x07\\x00"},
		{"a\nb", "", `a\nb`},
		{"é\u009b\t", "\t", "é\\u009b\t"},
	} {
		if got := printableKeeping(tc.in, tc.keep); got != tc.want {
			t.Errorf("printableKeeping(%q, %q) = %q, want %q", tc.in, tc.keep, got, tc.want)
		}
	}
}

// Diagnostics, their snippets and the text around them never carry a raw
// control character from the input: not in the summary, the detail, the
// file name or the source line.
func TestDiagnosticsTextEscapes(t *testing.T) {
	src := []byte("a = \"x\" # \x1b]0;title\x07\r::error::x\x00\tend\nb = 1\n")
	name := "in\x1b[2J.hcl"
	files := map[string]*hcl.File{name: {Bytes: src}}
	r := hcl.Range{Filename: name, Start: hcl.Pos{Line: 1, Column: 5, Byte: 4}, End: hcl.Pos{Line: 1, Column: 8, Byte: 7}}
	diags := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "bad name \"n\x1b[31m\n::error::forged\"",
		Detail: "detail\r\n::warning::forged\x07", Subject: &r}}
	for _, color := range []bool{false, true} {
		var b strings.Builder
		if err := WriteDiagnosticsText(&b, files, diags, TextOptions{Color: color}); err != nil {
			t.Fatal(err)
		}
		if err := WriteDiagnosticsCompact(&b, diags, TextOptions{Color: color}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, want := range []string{`in\x1b[2J.hcl:1:5`, `\x1b]0;title\x07\r::error::x\x00` + "\tend", `n\x1b[31m\n::error::forged`, `detail\r\n::warning::forged\x07`} {
			if !strings.Contains(out, want) {
				t.Errorf("color %v: %q not in\n%s", color, want, out)
			}
		}
		out = strings.NewReplacer(ansiBold, "", ansiRed, "", ansiReset, "", ansiHighlight, "").Replace(out)
		for i := 0; i < len(out); i++ {
			if c := out[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				t.Fatalf("color %v: raw byte %#x in\n%s", color, c, out)
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "::") {
				t.Errorf("color %v: forged line %q", color, line)
			}
		}
	}
}

// A diagnostic whose file is not at hand (a flow log) has no snippet and
// no placeholder saying so: its compact line says where.
func TestDiagnosticsTextWithoutFile(t *testing.T) {
	r := hcl.Range{Filename: "flow.log", Start: hcl.Pos{Line: 4, Column: 1, Byte: 90}, End: hcl.Pos{Line: 4, Column: 2, Byte: 91}}
	var b strings.Builder
	if err := WriteDiagnosticsText(&b, nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "malformed flow log record", Detail: "why", Subject: &r}}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "flow.log:4:1: error: malformed flow log record\n\nwhy\n\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
