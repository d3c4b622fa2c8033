package report

import (
	"fmt"
	"io"
	"strings"
)

// mermaidLimit is how many changed paths a diagram shows; past it the
// comment lists them in tables only.
const mermaidLimit = 6

// detailsLimit is how many rows a table shows before the rest is collapsed.
const detailsLimit = 10

// WriteDiffMarkdown writes a diff as a pull-request comment: a summary
// table, gained and lost tables, new and fixed findings with links to
// file#Lline, long lists collapsed, and a mermaid diagram of the changed
// paths when there are only a handful.
func WriteDiffMarkdown(w io.Writer, doc *DiffDocument) error {
	var b strings.Builder
	b.WriteString("### vpcheck diff\n\n")
	if doc.Summary.Changes == 0 {
		b.WriteString("No change to the network: `" + mdCode(doc.Before.Spec) + "` and `" + mdCode(doc.After.Spec) + "` differ only in how they are written.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	verdict := "✅ nothing gating"
	if len(doc.Gating) > 0 {
		verdict = "❌ fails on: " + strings.Join(doc.Gating, ", ")
	}
	fmt.Fprintf(&b, "`%s` → `%s`: %s\n\n", mdCode(doc.Before.Spec), mdCode(doc.After.Spec), verdict)
	b.WriteString("| | count |\n|---|---:|\n")
	fmt.Fprintf(&b, "| objects changed | %d |\n| reachability gained | %d |\n| reachability lost | %d |\n| new findings | %d |\n| fixed findings | %d |\n",
		doc.Summary.Changes, doc.Summary.Gained, doc.Summary.Lost, doc.Summary.NewFindings, doc.Summary.FixedFindings)
	if doc.Summary.Assertions > 0 {
		fmt.Fprintf(&b, "| assertions now failing | %d |\n", doc.Summary.Assertions)
	}
	if doc.Summary.Flows > 0 {
		fmt.Fprintf(&b, "| recorded flows dropped | %d |\n", doc.Summary.Flows)
	}
	changes := func(title string, cs []ChangeJSON) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n#### %s\n\n", title)
		rows := make([]string, len(cs))
		for i, c := range cs {
			var causes []string
			for _, k := range c.Causes {
				causes = append(causes, fmt.Sprintf("%s %s in `%s`%s", strings.ReplaceAll(k.Kind, "_", " "), k.Change, mdCode(k.Resource), mdLink(k.Location)))
			}
			rows[i] = fmt.Sprintf("| %s | %s | %s | `%s` | %s |\n", md(endpointText(c.From)), md(endpointText(c.To)), md(packetsText(c.Packets)), mdCode(packetText(c.Example)), strings.Join(causes, "<br>"))
		}
		table(&b, "| from | to | packets | example | cause |\n|---|---|---|---|---|\n", rows)
	}
	changes("Reachability gained", doc.Reachability.Gained)
	changes("Reachability lost", doc.Reachability.Lost)
	findings := func(title string, fs []DiffFindingJSON) {
		if len(fs) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n#### %s\n\n", title)
		rows := make([]string, len(fs))
		for i, f := range fs {
			rows[i] = fmt.Sprintf("| %s | `%s` | %s | %s |\n", f.Severity, mdCode(f.Rule), md(f.Message), mdLink(f.Location))
		}
		table(&b, "| severity | rule | finding | where |\n|---|---|---|---|\n", rows)
	}
	findings("New findings", doc.Findings.New)
	findings("Fixed findings", doc.Findings.Fixed)
	var failing []string
	for _, a := range doc.Assertions {
		if a.New {
			failing = append(failing, fmt.Sprintf("| `%s` | %s | %s |\n", mdCode(a.Name), md(a.Message), mdLink(a.Location)))
		}
	}
	if len(failing) > 0 {
		b.WriteString("\n#### Assertions now failing\n\n")
		table(&b, "| assertion | message | where |\n|---|---|---|\n", failing)
	}
	if len(doc.Flows) > 0 {
		b.WriteString("\n#### Recorded flows AFTER would drop\n\n")
		rows := make([]string, len(doc.Flows))
		for i, f := range doc.Flows {
			rows[i] = fmt.Sprintf("| %s | %s | %s %d | %d | %s |\n", md(f.Client), md(f.Server), f.Protocol, f.Port, f.Records, md(f.Reason))
		}
		table(&b, "| client | server | protocol | records | reason |\n|---|---|---|---:|---|\n", rows)
	}
	n := len(doc.Reachability.Gained) + len(doc.Reachability.Lost)
	if n > 0 && n <= mermaidLimit {
		b.WriteString("\n```mermaid\nflowchart LR\n")
		ids := map[string]string{}
		id := func(e EndpointJSON) string {
			k := e.Kind + " " + e.Name
			if x, ok := ids[k]; ok {
				return x
			}
			x := fmt.Sprintf("n%d", len(ids))
			ids[k] = x
			fmt.Fprintf(&b, "  %s[\"%s\"]\n", x, mermaidText(endpointText(e)))
			return x
		}
		for _, c := range doc.Reachability.Gained {
			from, to := id(c.From), id(c.To)
			fmt.Fprintf(&b, "  %s -->|\"+ %s\"| %s\n", from, mermaidText(packetsText(c.Packets)), to)
		}
		for _, c := range doc.Reachability.Lost {
			from, to := id(c.From), id(c.To)
			fmt.Fprintf(&b, "  %s -.->|\"- %s\"| %s\n", from, mermaidText(packetsText(c.Packets)), to)
		}
		b.WriteString("```\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// table writes a header and rows, collapsing rows past detailsLimit.
func table(b *strings.Builder, header string, rows []string) {
	b.WriteString(header)
	for i, r := range rows {
		if i == detailsLimit {
			fmt.Fprintf(b, "\n<details><summary>%d more</summary>\n\n%s", len(rows)-detailsLimit, header)
		}
		b.WriteString(r)
	}
	if len(rows) > detailsLimit {
		b.WriteString("\n</details>\n")
	}
}

// md escapes text for a markdown table cell.
func md(s string) string {
	s = Printable(s)
	r := strings.NewReplacer("|", "\\|", "<", "&lt;", ">", "&gt;", "`", "'", "\n", " ")
	return r.Replace(s)
}

// mdCode escapes text for a code span in a table cell, where entities are
// shown as written: only the pipe and the backtick need care.
func mdCode(s string) string {
	return strings.NewReplacer("|", "\\|", "`", "'", "\n", " ").Replace(Printable(s))
}

func mdLink(l *Location) string {
	if l == nil {
		return ""
	}
	f := strings.ReplaceAll(l.File, "\\", "/")
	return fmt.Sprintf(" [%s:%d](%s#L%d)", md(f), l.Line, strings.ReplaceAll(f, " ", "%20"), l.Line)
}

func mermaidText(s string) string {
	return strings.NewReplacer("\"", "'", "|", "/", "\n", " ").Replace(Printable(s))
}
