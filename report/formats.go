package report

import (
	"fmt"
	"io"

	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/rules"
)

// Output is the formats of one command's --format, the default first, each
// with its renderer of the command's result T. Outputs holds every
// command's: it is the one format registry, from which cmd/vpcheck derives
// --format's help, completion and validation (docs/architecture.md, "Add
// an output format").
type Output[T any] struct {
	command   string
	renderers []Renderer[T]
}

// Renderer writes a result of type T in one format.
type Renderer[T any] struct {
	Format Format
	Write  func(w io.Writer, v T, opts TextOptions) error
}

// Offer is what the registry says of a command's output, whatever its
// result type: the command and its formats.
type Offer interface {
	Command() string
	Formats() []Format
}

// Command is the name of the command that writes this output.
func (o *Output[T]) Command() string { return o.command }

// Formats are the command's formats in help order; the first is the default.
func (o *Output[T]) Formats() []Format {
	out := make([]Format, len(o.renderers))
	for i, r := range o.renderers {
		out[i] = r.Format
	}
	return out
}

// Write renders v in format f.
func (o *Output[T]) Write(w io.Writer, f Format, v T, opts TextOptions) error {
	for _, r := range o.renderers {
		if r.Format == f {
			return r.Write(w, v, opts)
		}
	}
	return fmt.Errorf("%s: unknown format %q", o.command, f)
}

// Outputs is the format registry: every command that takes --format, by
// name.
var Outputs = map[string]Offer{
	ValidateOutput.command: ValidateOutput,
	LintOutput.command:     LintOutput,
	ReachOutput.command:    ReachOutput,
	TraceOutput.command:    TraceOutput,
	ReplayOutput.command:   ReplayOutput,
	DiffOutput.command:     DiffOutput,
	GraphOutput.command:    GraphOutput,
	RulesOutput.command:    RulesOutput,
	ExplainOutput.command:  ExplainOutput,
	ExamplesOutput.command: ExamplesOutput,
	VersionOutput.command:  VersionOutput,
}

// Format names.
const (
	// FormatText is for people at a terminal (every command's default but
	// graph's).
	FormatText Format = "text"
	// FormatJSON is the contract for tools.
	FormatJSON Format = "json"
	// FormatCompact is one line per diagnostic or finding (editors, grep).
	FormatCompact Format = "compact"
	// FormatSARIF, FormatJUnit, FormatCheckstyle, FormatGitHub and
	// FormatGitLab are what CI systems read.
	FormatSARIF      Format = "sarif"
	FormatJUnit      Format = "junit"
	FormatCheckstyle Format = "checkstyle"
	FormatGitHub     Format = "github"
	// FormatGitLab is GitLab's Code Quality report, the JSON array the
	// merge request widget reads from a job's artifacts:reports:codequality
	// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
	// description, check_name, fingerprint, severity and location.path
	// with location.lines.begin.
	FormatGitLab Format = "gitlab"
	// FormatMarkdown is a pull-request comment (diff).
	FormatMarkdown Format = "markdown"
	// FormatDot (Graphviz), FormatMermaid and FormatHTML draw the network
	// (graph).
	FormatDot     Format = "dot"
	FormatMermaid Format = "mermaid"
	FormatHTML    Format = "html"
)

// jsonOf renders a result as the JSON document doc makes of it.
func jsonOf[T any](doc func(T) any) Renderer[T] {
	return Renderer[T]{FormatJSON, func(w io.Writer, v T, _ TextOptions) error { return WriteJSON(w, doc(v)) }}
}

// plain adapts a writer that takes no text options.
func plain[T any](f Format, write func(io.Writer, T) error) Renderer[T] {
	return Renderer[T]{f, func(w io.Writer, v T, _ TextOptions) error { return write(w, v) }}
}

// The outputs of the commands, in the order of their help's format list.
var (
	ValidateOutput = &Output[*ValidateResult]{"validate", []Renderer[*ValidateResult]{
		plain(FormatText, WriteValidateText),
		jsonOf(func(r *ValidateResult) any { return r.Document() }),
	}}
	LintOutput = &Output[*LintResult]{"lint", []Renderer[*LintResult]{
		{FormatText, WriteLintText},
		plain(FormatCompact, WriteLintCompact),
		plain(FormatJSON, WriteLintJSON),
		plain(FormatSARIF, WriteLintSARIF),
		plain(FormatJUnit, WriteLintJUnit),
		plain(FormatCheckstyle, WriteLintCheckstyle),
		plain(FormatGitHub, WriteLintGitHub),
		plain(FormatGitLab, WriteLintGitLab),
	}}
	ReachOutput = &Output[ReachJSON]{"reach", []Renderer[ReachJSON]{
		plain(FormatText, WriteReachText),
		jsonOf(func(doc ReachJSON) any { return doc }),
	}}
	TraceOutput = &Output[TraceReport]{"trace", []Renderer[TraceReport]{
		plain(FormatText, func(w io.Writer, r TraceReport) error {
			return WriteTraceText(w, r.Dataplane, r.Trace, TraceDocument(r.Dataplane, r.Trace))
		}),
		jsonOf(func(r TraceReport) any { return TraceDocument(r.Dataplane, r.Trace) }),
	}}
	ReplayOutput = &Output[ReplayJSON]{"replay", []Renderer[ReplayJSON]{
		plain(FormatText, WriteReplayText),
		jsonOf(func(doc ReplayJSON) any { return doc }),
	}}
	DiffOutput = &Output[*DiffResult]{"diff", []Renderer[*DiffResult]{
		{FormatText, func(w io.Writer, r *DiffResult, opts TextOptions) error {
			doc := r.Document()
			return WriteDiffText(w, &doc, opts)
		}},
		jsonOf(func(r *DiffResult) any { return r.Document() }),
		plain(FormatMarkdown, func(w io.Writer, r *DiffResult) error {
			doc := r.Document()
			return WriteDiffMarkdown(w, &doc)
		}),
		plain(FormatSARIF, func(w io.Writer, r *DiffResult) error {
			doc := r.Document()
			return WriteDiffSARIF(w, r, &doc)
		}),
	}}
	GraphOutput = &Output[Picture]{"graph", []Renderer[Picture]{
		plain(FormatDot, func(w io.Writer, p Picture) error { return p.Drawing.WriteDot(w) }),
		plain(FormatMermaid, func(w io.Writer, p Picture) error { return p.Drawing.WriteMermaid(w) }),
		plain(FormatHTML, func(w io.Writer, p Picture) error { return p.Drawing.WriteHTML(w, p.Title) }),
		plain(FormatJSON, func(w io.Writer, p Picture) error { return p.Drawing.WriteJSON(w) }),
	}}

	RulesOutput = &Output[[]*rules.Rule]{"rules", []Renderer[[]*rules.Rule]{
		plain(FormatText, WriteRulesText),
		jsonOf(rulesDocument),
	}}
	ExplainOutput = &Output[*rules.Rule]{"explain", []Renderer[*rules.Rule]{
		plain(FormatText, WriteExplainText),
		jsonOf(explainDocument),
	}}
	ExamplesOutput = &Output[[]fixtures.Example]{"examples", []Renderer[[]fixtures.Example]{
		plain(FormatText, WriteExamplesText),
		jsonOf(examplesDocument),
	}}
	VersionOutput = &Output[VersionJSON]{"version", []Renderer[VersionJSON]{
		plain(FormatText, WriteVersionText),
		jsonOf(func(v VersionJSON) any { return v }),
	}}
)

// Picture is what graph renders: a drawing of the network (report/graph's
// Graph, which this package cannot import) and the HTML page's title.
type Picture struct {
	Drawing Drawing
	Title   string
}

// Drawing is a picture of the network in each of graph's formats.
type Drawing interface {
	WriteDot(w io.Writer) error
	WriteMermaid(w io.Writer) error
	WriteHTML(w io.Writer, title string) error
	WriteJSON(w io.Writer) error
}
