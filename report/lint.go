package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/rules"
)

// ansiCyan marks notices, which are neither errors (red) nor warnings (yellow).
const ansiCyan = "\x1b[36m"

// LintResult is what a lint run has to say.
type LintResult struct {
	// Findings, sorted (rules.Run sorts them).
	Findings []rules.Finding
	// Rules are the rules that ran, in registry order (JUnit lists one
	// test case per rule and file; SARIF describes them).
	Rules []*rules.Rule
	// Files are the parsed inputs by name, for snippets and for the files
	// JUnit reports on.
	Files map[string]*hcl.File
	// Diagnostics are the input's diagnostics (the loaders' and the
	// configuration's) and warnings about the lint run itself (an ignore
	// with no reason). JSON carries all of them and SARIF its warnings as
	// notifications; every format reports the errors among them, which
	// end a run before any rule ran, as failures of rule input-error.
	Diagnostics hcl.Diagnostics
	// ToolVersion is vpcheck's version, for SARIF.
	ToolVersion string
	// Suppressed are findings a baseline accepts: they fail nothing, JSON
	// lists them with their reason and SARIF as suppressed results.
	Suppressed []Suppressed
}

// Suppressed is a finding that is not reported, and why.
type Suppressed struct {
	rules.Finding
	// Reason is SuppressedBaseline or SuppressedIgnore.
	Reason string
	// Justification says more: the baseline file, the ignore's reason.
	Justification string
	// InSource is true for an inline ignore comment (SARIF kind inSource).
	InSource bool
}

// Reasons a finding is suppressed.
const (
	// SuppressedBaseline: a baseline (lint --baseline) accepts it.
	SuppressedBaseline = "baseline"
	// SuppressedIgnore: an ignore comment or block suppresses it.
	SuppressedIgnore = "ignore"
)

// Tally counts findings by severity.
func (res *LintResult) Tally() (errors, warnings, notices int) {
	for _, f := range res.Findings {
		switch f.Severity {
		case rules.Error:
			errors++
		case rules.Warning:
			warnings++
		default:
			notices++
		}
	}
	return errors, warnings, notices
}

// WriteLintText writes findings the way tflint does: a count, then each
// finding with its place, the source line, the fix and a link to the
// rule's page. Nothing is written when there are no findings, so a clean
// pre-commit hook is silent.
func WriteLintText(w io.Writer, res *LintResult, opts TextOptions) error {
	if len(res.Findings) == 0 {
		return nil
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d issue(s) found:\n\n", len(res.Findings))
	lines := lineIndex{}
	for _, f := range res.Findings {
		label, code := "Notice", ansiCyan
		switch f.Severity {
		case rules.Error:
			label, code = "Error", ansiRed
		case rules.Warning:
			label, code = "Warning", ansiYellow
		}
		// Messages name objects, tags and files from the input: escaped.
		fmt.Fprintf(&b, "%s: %s (%s)\n\n", paint(label, ansiBold+code, opts.Color), Printable(f.Message), f.Rule)
		if f.Range.Filename != "" {
			fmt.Fprintf(&b, "  on %s line %d:\n", Printable(f.Range.Filename), f.Range.Start.Line)
			if line, ok := lines.line(res.Files, f.Range.Filename, f.Range.Start.Line); ok {
				fmt.Fprintf(&b, "  %d: %s\n", f.Range.Start.Line, printableInLine(snippetLine(line), "\t"))
			}
			b.WriteByte('\n')
		} else if f.Resource != "" {
			fmt.Fprintf(&b, "  on %s\n\n", Printable(f.Resource))
		}
		if f.Root != "" {
			fmt.Fprintf(&b, "  in %s\n\n", Printable(f.Root))
		}
		for _, r := range f.Related {
			if r.Range.Filename != "" {
				fmt.Fprintf(&b, "  related: %s line %d: %s\n", Printable(r.Range.Filename), r.Range.Start.Line, Printable(r.Message))
			} else {
				fmt.Fprintf(&b, "  related: %s\n", Printable(r.Message))
			}
		}
		if len(f.Related) > 0 {
			b.WriteByte('\n')
		}
		if f.Fix != "" {
			fmt.Fprintf(&b, "Fix: %s\n\n", Printable(f.Fix))
		}
		fmt.Fprintf(&b, "Reference: %s\n\n", rules.DocsURL(f.Rule))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// snippetLine cuts a source line longer than snippetWidth to its start,
// as diagnostics' snippets are cut: a finding on a 5 MB line of minified
// JSON shows the beginning of the line, not all of it.
func snippetLine(line string) string {
	if len(line) <= snippetWidth {
		return line
	}
	from, to := window([]byte(line), 0, len(line), 0)
	return line[from:to] + "…"
}

// lineIndex holds where each line of a file starts, built once per file:
// counting lines from the top for every finding or diagnostic was
// quadratic in large files.
type lineIndex map[string][]int

// starts returns the byte offsets at which the lines of file name begin.
func (x lineIndex) starts(name string, src []byte) []int {
	starts, ok := x[name]
	if !ok {
		starts = []int{0}
		for i, c := range src {
			if c == '\n' {
				starts = append(starts, i+1)
			}
		}
		x[name] = starts
	}
	return starts
}

// line returns line n (1-based) of a parsed input, without its newline.
func (x lineIndex) line(files map[string]*hcl.File, name string, n int) (string, bool) {
	f := files[name]
	if f == nil || n < 1 {
		return "", false
	}
	starts := x.starts(name, f.Bytes)
	if n > len(starts) || starts[n-1] > len(f.Bytes) {
		return "", false
	}
	src := f.Bytes[starts[n-1]:]
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return strings.TrimRight(string(src), "\r"), true
}

// WriteLintCompact writes one line per finding,
// "file:line:col: severity - message (rule)", the form editors jump to.
func WriteLintCompact(w io.Writer, res *LintResult) error {
	var b bytes.Buffer
	for _, f := range res.Findings {
		if loc := LocationOf(&f.Range); loc != nil {
			b.WriteString(loc.printable() + ": ")
		}
		fmt.Fprintf(&b, "%s - %s (%s)", f.Severity, Printable(f.Message), f.Rule)
		if f.Root != "" {
			// Two roots calling one module report at the same line.
			fmt.Fprintf(&b, " [%s]", Printable(f.Root))
		}
		b.WriteByte('\n')
	}
	for _, d := range inputErrors(res.Diagnostics) {
		if loc := LocationOf(d.Subject); loc != nil {
			b.WriteString(loc.printable() + ": ")
		}
		fmt.Fprintf(&b, "%s - %s (%s)\n", SeverityError, Printable(d.Summary), InputErrorRule)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// lintJSON is the `lint --format json` document (docs/architecture.md, "The CLI contract").
type lintJSON struct {
	Findings    []findingJSON `json:"findings"`
	Summary     summaryJSON   `json:"summary"`
	Diagnostics []Diagnostic  `json:"diagnostics"`
	// Suppressed are the findings a baseline accepts, with their reason.
	Suppressed []suppressedJSON `json:"suppressed"`
}

type suppressedJSON struct {
	findingJSON
	Reason        string `json:"reason"`
	Justification string `json:"justification,omitempty"`
}

type findingJSON struct {
	Rule     string        `json:"rule"`
	Severity string        `json:"severity"`
	Message  string        `json:"message"`
	Resource string        `json:"resource"`
	Location *Location     `json:"location,omitempty"`
	Related  []relatedJSON `json:"related"`
	Fix      string        `json:"fix,omitempty"`
	// Root names the finding's network when the run covered several.
	Root string `json:"root,omitempty"`
}

type relatedJSON struct {
	Message  string    `json:"message"`
	Resource string    `json:"resource,omitempty"`
	Location *Location `json:"location,omitempty"`
}

type summaryJSON struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Notice  int `json:"notice"`
}

// WriteLintJSON writes the findings as the lint JSON document of the CLI contract (docs/architecture.md).
func WriteLintJSON(w io.Writer, res *LintResult) error {
	doc := lintJSON{Findings: make([]findingJSON, 0, len(res.Findings)), Diagnostics: JSONDiagnostics(res.Diagnostics),
		Suppressed: make([]suppressedJSON, 0, len(res.Suppressed))}
	for _, f := range res.Findings {
		doc.Findings = append(doc.Findings, findingJSONOf(f))
	}
	for _, s := range res.Suppressed {
		doc.Suppressed = append(doc.Suppressed, suppressedJSON{findingJSONOf(s.Finding), s.Reason, s.Justification})
	}
	doc.Summary.Error, doc.Summary.Warning, doc.Summary.Notice = res.Tally()
	return WriteJSON(w, doc)
}

func findingJSONOf(f rules.Finding) findingJSON {
	fj := findingJSON{Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message, Resource: f.Resource,
		Location: LocationOf(&f.Range), Related: make([]relatedJSON, 0, len(f.Related)), Fix: f.Fix, Root: f.Root}
	for _, r := range f.Related {
		fj.Related = append(fj.Related, relatedJSON{Message: r.Message, Resource: r.Resource, Location: LocationOf(&r.Range)})
	}
	return fj
}

// WriteLintGitHub writes GitHub Actions workflow commands, one annotation
// per finding: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
func WriteLintGitHub(w io.Writer, res *LintResult) error {
	var b bytes.Buffer
	for _, f := range res.Findings {
		level := "notice"
		switch f.Severity {
		case rules.Error:
			level = "error"
		case rules.Warning:
			level = "warning"
		}
		var props []string
		if f.Range.Filename != "" {
			props = append(props,
				"file="+githubProperty(printableData(f.Range.Filename)),
				fmt.Sprintf("line=%d", f.Range.Start.Line),
				fmt.Sprintf("col=%d", f.Range.Start.Column))
			if f.Range.End.Line >= f.Range.Start.Line && f.Range.End.Line > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", f.Range.End.Line))
			}
		}
		title := "vpcheck " + f.Rule
		if f.Root != "" {
			title += " (" + printableData(f.Root) + ")"
		}
		props = append(props, "title="+githubProperty(title))
		// A workflow command is one line; GitHub's escapes (below) cover
		// only %, CR and LF, so the other control characters (ESC, BEL,
		// NUL, which the log viewer would act on) are written visibly first.
		msg := printableData(f.Message)
		if f.Fix != "" {
			msg += "\n" + printableData(f.Fix)
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", level, strings.Join(props, ","), githubData(msg))
	}
	for _, d := range inputErrors(res.Diagnostics) {
		var props []string
		if d.Subject != nil && d.Subject.Filename != "" {
			props = append(props,
				"file="+githubProperty(printableData(d.Subject.Filename)),
				fmt.Sprintf("line=%d", d.Subject.Start.Line),
				fmt.Sprintf("col=%d", d.Subject.Start.Column))
		}
		props = append(props, "title="+githubProperty("vpcheck "+InputErrorRule))
		fmt.Fprintf(&b, "::error %s::%s\n", strings.Join(props, ","), githubData(printableData(diagnosticText(d))))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// githubData escapes a workflow command's message: %, CR and LF.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command's property value: as data,
// plus ":" and ",", which separate properties.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
