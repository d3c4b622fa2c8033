package report

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// TextOptions say how text output looks on the stream it goes to.
type TextOptions struct {
	// Color enables ANSI colour; decide it with UseColor.
	Color bool
	// Width wraps detail text and truncates snippets at this many columns;
	// 0 leaves lines as they are (the deterministic choice for pipes).
	Width uint
}

// Location is a place in an input file, as JSON output shows it. Lines and
// columns count from 1, columns in characters (hcl's convention).
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// LocationOf returns where r starts, or nil when r names no file (the
// diagnostic or finding is about no particular place).
func LocationOf(r *hcl.Range) *Location {
	if r == nil || r.Filename == "" {
		return nil
	}
	return &Location{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

// String is the file:line:col form editors and terminals recognise.
func (l Location) String() string {
	return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column)
}

// Diagnostic is one input diagnostic in JSON output. Detail is always
// present (possibly empty) so tools need not test for it; Location is left
// out when the diagnostic is about no particular place.
type Diagnostic struct {
	Severity string    `json:"severity"`
	Summary  string    `json:"summary"`
	Detail   string    `json:"detail"`
	Location *Location `json:"location,omitempty"`
}

// Severity names as JSON and compact output spell them.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// SeverityOf names an hcl severity. hcl.DiagInvalid never reaches here from
// a correct loader; calling it an error keeps a buggy one from passing.
func SeverityOf(s hcl.DiagnosticSeverity) string {
	if s == hcl.DiagWarning {
		return SeverityWarning
	}
	return SeverityError
}

// SortDiagnostics returns a copy of diags in reading order: by file, line,
// column, then summary. Diagnostics about no place come first (they are
// usually why nothing else could be read, e.g. a path that does not exist).
// The sort is stable, so equal keys keep the loaders' order.
func SortDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	out := append(hcl.Diagnostics(nil), diags...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := sortKey(out[i]), sortKey(out[j])
		if a.file != b.file {
			return a.file < b.file
		}
		if a.line != b.line {
			return a.line < b.line
		}
		if a.column != b.column {
			return a.column < b.column
		}
		return out[i].Summary < out[j].Summary
	})
	return out
}

type diagKey struct {
	file         string
	line, column int
}

func sortKey(d *hcl.Diagnostic) diagKey {
	if d.Subject == nil {
		return diagKey{}
	}
	return diagKey{d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column}
}

// JSONDiagnostics converts diags, sorted, for a JSON document. The result is
// never nil, so an empty list encodes as [] rather than null.
func JSONDiagnostics(diags hcl.Diagnostics) []Diagnostic {
	out := make([]Diagnostic, 0, len(diags))
	for _, d := range SortDiagnostics(diags) {
		out = append(out, Diagnostic{
			Severity: SeverityOf(d.Severity),
			Summary:  d.Summary,
			Detail:   d.Detail,
			Location: LocationOf(d.Subject),
		})
	}
	return out
}

// WriteDiagnosticsCompact writes one line per diagnostic,
// "file:line:col: error: summary" (or "error: summary" when it has no place),
// the form compilers use and editors jump to.
func WriteDiagnosticsCompact(w io.Writer, diags hcl.Diagnostics, opts TextOptions) error {
	var buf bytes.Buffer
	for _, d := range SortDiagnostics(diags) {
		buf.WriteString(compactLine(d, opts.Color))
		buf.WriteByte('\n')
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// WriteDiagnosticsText writes each diagnostic as its compact line followed
// by hcl's rendering of the source snippet and the detail text. files are
// the parsed inputs by name (model.Network.Files); a diagnostic whose file
// is missing from it is shown without a snippet.
func WriteDiagnosticsText(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, opts TextOptions) error {
	var buf, body bytes.Buffer
	hclWriter := hcl.NewDiagnosticTextWriter(&body, files, opts.Width, opts.Color)
	for _, d := range SortDiagnostics(diags) {
		body.Reset()
		if err := hclWriter.WriteDiagnostic(d); err != nil {
			return err
		}
		buf.WriteString(compactLine(d, opts.Color))
		buf.WriteString("\n\n")
		buf.Write(withoutHCLHeader(body.Bytes(), d.Summary))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// withoutHCLHeader drops the "Error: summary" line hcl's writer starts with,
// since our compact line above already says it with the file:line:col that
// hcl's own header lacks. Should hcl change its header, nothing is lost: the
// rendering is kept whole.
func withoutHCLHeader(rendered []byte, summary string) []byte {
	marker := []byte(": " + summary + "\n\n")
	if i := bytes.Index(rendered, marker); i >= 0 {
		return rendered[i+len(marker):]
	}
	return rendered
}

func compactLine(d *hcl.Diagnostic, color bool) string {
	var b strings.Builder
	if loc := LocationOf(d.Subject); loc != nil {
		b.WriteString(paint(loc.String(), ansiBold, color))
		b.WriteString(": ")
	}
	sev := SeverityOf(d.Severity)
	code := ansiRed
	if sev == SeverityWarning {
		code = ansiYellow
	}
	b.WriteString(paint(sev, code, color))
	b.WriteString(": ")
	b.WriteString(d.Summary)
	return b.String()
}

func paint(s, code string, color bool) string {
	if !color {
		return s
	}
	return code + s + ansiReset
}

// Tally counts diagnostics by severity for a closing line: "2 errors, 1 warning".
func Tally(diags hcl.Diagnostics) string {
	var errs, warns int
	for _, d := range diags {
		if SeverityOf(d.Severity) == SeverityWarning {
			warns++
		} else {
			errs++
		}
	}
	return plural(errs, "error") + ", " + plural(warns, "warning")
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
