package report

import (
	"encoding/json"
	"encoding/xml"
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
	f.Add("##[set-output name=x]y")
	f.Add(" ::error::x")
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
		if runnerCommand(out) {
			t.Fatalf("Printable(%q) = %q holds a runner command", s, out)
		}
	})
}

func TestPrintableKeeping(t *testing.T) {
	for _, tc := range []struct{ in, keep, want string }{
		{"with x\n  ::error::y\n", "\n", "with x\n  \\x3a:error::y\n"},
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

// FuzzDiagnosticsText checks that whatever a file and a diagnostic hold,
// the text rendering carries no raw control character but newlines and the
// tabs of source lines, and never starts a line with "::".
func FuzzDiagnosticsText(f *testing.F) {
	f.Add([]byte("a = 1 # \x1b]0;x\x07\r::error::y\n"), "bad \x1b[2J\n::error::x", 0, 5)
	f.Add([]byte("\xff\xfe{\x00}\x00"), "x", 0, 1)
	f.Add([]byte(strings.Repeat("é\t", 300)+"\n"), "long", 2, 400)
	f.Fuzz(func(t *testing.T, src []byte, summary string, start, length int) {
		start = min(max(start, 0), len(src))
		end := min(start+max(length, 0), len(src))
		pos := func(off int) hcl.Pos {
			line, col := 1, 1
			for _, c := range src[:off] {
				if c == '\n' {
					line, col = line+1, 1
				} else {
					col++
				}
			}
			return hcl.Pos{Line: line, Column: col, Byte: off}
		}
		r := hcl.Range{Filename: "f\x1b.hcl", Start: pos(start), End: pos(end)}
		var b strings.Builder
		err := WriteDiagnosticsText(&b, map[string]*hcl.File{r.Filename: {Bytes: src}},
			hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: summary, Subject: &r}}, TextOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for i := 0; i < len(out); i++ {
			if c := out[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				t.Fatalf("raw byte %#x in\n%q", c, out)
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "::") {
				t.Fatalf("line %q", line)
			}
		}
	})
}

// The GitHub Actions runner reads "##[command]" anywhere in a line and
// "::command::" at the start of one (after blanks): neither survives
// Printable, whatever it is embedded in.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
func TestPrintableDefusesRunnerCommands(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a ##[set-output name=x]y", `a #\x23[set-output name=x]y`},
		{"###[x", `##\x23[x`},
		{"x ##vso[task.setvariable variable=a]b", `x #\x23vso[task.setvariable variable=a]b`},
		{"##[a##[b", `#\x23[a#\x23[b`},
		{"::error file=x::y", `\x3a:error file=x::y`},
		{"  ::stop-commands::t", `  \x3a:stop-commands::t`},
		{"x ::error::y", "x ::error::y"}, // not at the start of a line
		{"::/0", "::/0"},                 // IPv6 addresses are not commands
		{"::ffff:10.0.0.1", "::ffff:10.0.0.1"},
		{"::abcd:1 -> x", "::abcd:1 -> x"},
		{"::add-mask::x", `\x3a:add-mask::x`},
		{"::Error::x", `\x3a:Error::x`},
		{"## [", "## ["},
		{"\u00a0::x", "\u00a0\\x3a:x"},
		{"a\n::x", `a\n::x`}, // one line: the newline is written \n
	} {
		if got := Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if Printable(Printable(tc.in)) != Printable(tc.in) {
			t.Errorf("Printable is not idempotent on %q", tc.in)
		}
	}
}

func TestPrintableInLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"::/0", "::/0"},
		{"::error::x ##[y", `::error::x #\x23[y`},
		{"\t\x1b", "\t\\x1b"},
	} {
		if got := printableInLine(tc.in, "\t"); got != tc.want {
			t.Errorf("printableInLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Machine formats printed to a CI log carry no runner command either, and
// still decode to the same text.
func TestMachineFormatsDefuseRunnerCommands(t *testing.T) {
	msg := "vpc ##[set-output name=x]y ###[z ##vso[task.setvariable variable=a]b csi\u009b[2J é"
	var b strings.Builder
	if err := WriteJSON(&b, map[string]string{"m": msg}); err != nil {
		t.Fatal(err)
	}
	var back map[string]string
	if err := json.Unmarshal([]byte(b.String()), &back); err != nil || back["m"] != msg {
		t.Errorf("JSON %q decodes to %q (%v)", b.String(), back["m"], err)
	}
	jsonOut := b.String()
	b.Reset()
	type doc struct {
		XMLName xml.Name `xml:"d"`
		A       string   `xml:"a,attr"`
		Text    string   `xml:",chardata"`
	}
	if err := writeXML(&b, doc{A: msg, Text: msg}); err != nil {
		t.Fatal(err)
	}
	var x doc
	if err := xml.Unmarshal([]byte(b.String()), &x); err != nil || x.A != msg || x.Text != msg {
		t.Errorf("XML %q decodes to %+v (%v)", b.String(), x, err)
	}
	for _, out := range []string{jsonOut, b.String()} {
		if strings.Contains(out, "##[") || strings.Contains(out, "##vso[") || strings.ContainsRune(out, 0x9b) {
			t.Errorf("runner command in %q", out)
		}
	}
}
