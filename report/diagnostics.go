package report

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

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

// printable is String for text output: the file name escaped by Printable.
func (l Location) printable() string {
	l.File = Printable(l.File)
	return l.String()
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
// by its source snippet and hcl's rendering of the rest (the values of an
// expression's variables, the detail text). files are the parsed inputs by
// name (model.Network.Files); a diagnostic whose file is missing from it is
// shown without a snippet.
//
// The snippet is drawn here rather than by hcl's writer, which scans its
// file from the top for every diagnostic (quadratic on a large file with
// many of them) and prints a line whole, however long: a 5 MB line of
// minified JSON would be echoed for each diagnostic on it.
func WriteDiagnosticsText(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, opts TextOptions) error {
	var buf, body bytes.Buffer
	// hcl's writer gets no files: it then writes a placeholder where the
	// snippet goes, which the snippet drawn here replaces.
	hclWriter := hcl.NewDiagnosticTextWriter(&body, nil, opts.Width, opts.Color)
	lines := lineIndex{}
	for _, d := range SortDiagnostics(diags) {
		body.Reset()
		shown := printableDiagnostic(d)
		if err := hclWriter.WriteDiagnostic(shown); err != nil {
			return err
		}
		buf.WriteString(compactLine(d, opts.Color))
		buf.WriteString("\n\n")
		rendered := withoutHCLHeader(body.Bytes(), shown.Summary)
		if d.Subject != nil {
			// Without the file (a flow log, which is not kept) the
			// compact line above already says where: hcl's placeholder
			// would only say that there is nothing to show.
			if rest, ok := withoutPlaceholder(rendered, shown.Subject); ok {
				if f := files[d.Subject.Filename]; f != nil && f.Bytes != nil {
					writeSnippet(&buf, f, lines.starts(d.Subject.Filename, f.Bytes), d, opts.Color)
				}
				rendered = rest
			}
		}
		// What hcl's writer adds (the values of an expression's
		// variables) comes from the input too; its newlines are its own.
		buf.WriteString(printableKeeping(string(rendered), "\n"))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// printableDiagnostic returns a copy of d whose text from the input
// (summary, detail, file name) is escaped by Printable, for hcl's writer.
func printableDiagnostic(d *hcl.Diagnostic) *hcl.Diagnostic {
	c := *d
	c.Summary, c.Detail = Printable(d.Summary), Printable(d.Detail)
	if d.Subject != nil {
		r := *d.Subject
		r.Filename = Printable(r.Filename)
		c.Subject = &r
	}
	if d.Context != nil {
		r := *d.Context
		r.Filename = Printable(r.Filename)
		c.Context = &r
	}
	return &c
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

// withoutPlaceholder drops the "source code not available" lines hcl's
// writer puts where the snippet goes when it has no file; ok is false when
// they are not there (a change in hcl), and the snippet is then left out.
func withoutPlaceholder(rendered []byte, subject *hcl.Range) ([]byte, bool) {
	placeholder := fmt.Sprintf("  on %s line %d:\n  (source code not available)\n\n", subject.Filename, subject.Start.Line)
	return bytes.CutPrefix(rendered, []byte(placeholder))
}

// Snippet bounds: a line longer than snippetWidth bytes is shown as a
// window of that many around the place the diagnostic points at, and at
// most snippetLines lines are shown.
const (
	snippetWidth = 200
	snippetLines = 20
)

// writeSnippet writes the "on FILE line N, in BLOCK:" line and the source
// lines the diagnostic's subject and context cover, as hcl's writer does
// (the same lines, the same highlighting), each cut to a window.
func writeSnippet(b *bytes.Buffer, f *hcl.File, starts []int, d *hcl.Diagnostic, color bool) {
	subject := *d.Subject
	snip, highlight := subject, subject
	if d.Context != nil {
		snip = hcl.RangeOver(snip, *d.Context)
	}
	// An empty range is shown as the character it starts at.
	if snip.Empty() {
		snip.End.Byte++
	}
	if highlight.Empty() {
		highlight.End.Byte++
	}
	context := ""
	if cs, ok := f.Nav.(interface{ ContextString(int) string }); ok {
		if c := cs.ContextString(subject.Start.Byte); c != "" {
			context = ", in " + c
		}
	}
	fmt.Fprintf(b, "  on %s line %d%s:\n", Printable(subject.Filename), subject.Start.Line, Printable(context))
	src := f.Bytes
	shown := 0
	for i := max(lineOf(starts, snip.Start.Byte)-1, 0); i < len(starts) && starts[i] <= snip.End.Byte && shown < snippetLines; i++ {
		start, end := starts[i], len(src)
		if i+1 < len(starts) {
			end = starts[i+1] - 1
		}
		if end > start && src[end-1] == '\r' {
			end--
		}
		if !overlaps(start, end, snip.Start.Byte, snip.End.Byte) {
			continue
		}
		shown++
		hs, he := end, end
		if overlaps(start, end, highlight.Start.Byte, highlight.End.Byte) {
			hs, he = max(start, highlight.Start.Byte), min(end, highlight.End.Byte)
		}
		from, to := window(src, start, end, hs)
		hs, he = min(max(hs, from), to), min(max(he, from), to)
		fmt.Fprintf(b, "%4d: ", i+1)
		if from > start {
			b.WriteString("…")
		}
		// The source is the user's, and may hold any byte: escape it.
		b.WriteString(printableInLine(string(src[from:hs]), "\t"))
		if color && he > hs {
			b.WriteString(ansiHighlight)
		}
		b.WriteString(printableInLine(string(src[hs:he]), "\t"))
		if color && he > hs {
			b.WriteString(ansiReset)
		}
		b.WriteString(printableInLine(string(src[he:to]), "\t"))
		if to < end {
			b.WriteString("…")
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
}

// overlaps is hcl's Range.Overlaps on byte offsets: two non-empty ranges
// overlap when one holds an end of the other.
func overlaps(s1, e1, s2, e2 int) bool {
	if s1 >= e1 || s2 >= e2 {
		return false
	}
	in := func(x, s, e int) bool { return x >= s && x < e }
	return in(s2, s1, e1) || in(e2, s1, e1) || in(s1, s2, e2) || in(e1, s2, e2)
}

// lineOf returns the 1-based line that holds byte offset off.
func lineOf(starts []int, off int) int {
	return sort.Search(len(starts), func(i int) bool { return starts[i] > off })
}

// window returns the part of the line [start, end) to show: all of it when
// it is short, else snippetWidth bytes from a little before at, cut at
// character boundaries.
func window(src []byte, start, end, at int) (int, int) {
	if end-start <= snippetWidth {
		return start, end
	}
	from := max(start, min(at-snippetWidth/4, end-snippetWidth))
	to := min(end, from+snippetWidth)
	for from > start && !utf8.RuneStart(src[from]) {
		from--
	}
	for to < end && !utf8.RuneStart(src[to]) {
		to++
	}
	return from, to
}

func compactLine(d *hcl.Diagnostic, color bool) string {
	var b strings.Builder
	if loc := LocationOf(d.Subject); loc != nil {
		b.WriteString(paint(loc.printable(), ansiBold, color))
		b.WriteString(": ")
	}
	sev := SeverityOf(d.Severity)
	code := ansiRed
	if sev == SeverityWarning {
		code = ansiYellow
	}
	b.WriteString(paint(sev, code, color))
	b.WriteString(": ")
	b.WriteString(Printable(d.Summary))
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
