package graph

import (
	"fmt"
	"io"

	"github.com/vpcheck/vpcheck/report"
)

// The formats `vpcheck graph` writes.
const (
	FormatDot     report.Format = "dot"
	FormatMermaid report.Format = "mermaid"
	FormatHTML    report.Format = "html"
	FormatJSON    report.Format = report.FormatJSON
)

// Formats are the graph formats, the default first.
var Formats = []report.Format{FormatDot, FormatMermaid, FormatHTML, FormatJSON}

// writers is the format registry: one writer per format.
var writers = map[report.Format]func(w io.Writer, g *Graph, title string) error{
	FormatDot:     func(w io.Writer, g *Graph, _ string) error { return WriteDot(w, g) },
	FormatMermaid: func(w io.Writer, g *Graph, _ string) error { return WriteMermaid(w, g) },
	FormatHTML:    WriteHTML,
	FormatJSON:    func(w io.Writer, g *Graph, _ string) error { return WriteJSON(w, g) },
}

// Write renders g in format f; title heads the HTML page.
func Write(w io.Writer, f report.Format, g *Graph, title string) error {
	wr, ok := writers[f]
	if !ok {
		return fmt.Errorf("graph: unknown format %q", f)
	}
	return wr(w, g, title)
}
