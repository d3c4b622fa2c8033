package report

import (
	"bytes"
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// WriteTable writes rows under header as a borderless, left-aligned table
// (the kubectl look: easy to read, easy to grep and cut). Every command's
// tables go through here so they look alike.
func WriteTable(w io.Writer, header []string, rows [][]string) error {
	var buf bytes.Buffer
	table := tablewriter.NewTable(&buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenRows: tw.Off, BetweenColumns: tw.Off},
				Lines:      tw.Lines{ShowHeaderLine: tw.Off},
			},
		})),
		tablewriter.WithPadding(tw.Padding{Left: "", Right: "   ", Overwrite: true}),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	table.Header(toAny(header)...)
	for _, r := range rows {
		if err := table.Append(toAny(r)...); err != nil {
			return err
		}
	}
	if err := table.Render(); err != nil {
		return err
	}
	// The renderer pads every cell to its column's width, the last one too;
	// trailing blanks only get in the way of diffs and golden files.
	var out bytes.Buffer
	for line := range bytes.Lines(buf.Bytes()) {
		out.Write(bytes.TrimRight(line, " \n"))
		out.WriteByte('\n')
	}
	_, err := w.Write(out.Bytes())
	return err
}

// toAny converts a row's cells, escaped: they are names, messages and
// places from the input.
func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = Printable(v)
	}
	return out
}
