package rules

import (
	"fmt"
	"strings"
)

// DocsURL is where a rule's page lives; text output links every finding to it.
func DocsURL(id string) string {
	return "https://github.com/vpcheck/vpcheck/blob/main/docs/rules/" + id + ".md"
}

// Markdown renders a rule's page, docs/rules/<id>.md. The pages are
// generated from the Doc values (go test ./rules -update) so that
// `vpcheck explain` and the website never disagree.
func Markdown(r *Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.ID)
	fmt.Fprintf(&b, "%s.\n\n", capitalize(r.Doc.Title))
	fmt.Fprintf(&b, "Default severity: **%s**.\n\n", r.Severity)
	b.WriteString(strings.TrimSpace(r.Doc.Text))
	b.WriteString("\n\n## Reported\n\n```hcl\n")
	b.WriteString(strings.TrimSpace(r.Doc.Bad))
	b.WriteString("\n```\n\n## Not reported\n\n```hcl\n")
	b.WriteString(strings.TrimSpace(r.Doc.Good))
	b.WriteString("\n```\n\n## Configuration\n\n```hcl\n")
	fmt.Fprintf(&b, "# .vpcheck.hcl\nrule %q {\n  enabled  = true\n  severity = %q\n}\n```\n\n", r.ID, r.Severity)
	fmt.Fprintf(&b, "Suppress one finding with a comment on (or directly above) its line:\n\n```hcl\n# vpcheck:ignore %s <reason>\n```\n", r.ID)
	return b.String()
}

// MarkdownIndex renders docs/rules/README.md, the catalog.
func MarkdownIndex() string {
	var b strings.Builder
	b.WriteString("# Rules\n\n")
	b.WriteString("Every rule `vpcheck lint` runs, with its default severity. `vpcheck rules` prints\n")
	b.WriteString("this list and `vpcheck explain <id>` a rule's page. These pages are generated from the\n")
	b.WriteString("rules' documentation in `rules/` (`go test ./rules -update`).\n\n")
	b.WriteString("| rule | severity | what it reports |\n|---|---|---|\n")
	for _, r := range registry {
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s |\n", r.ID, r.ID, r.Severity, r.Doc.Title)
	}
	return b.String()
}
