package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/rules"
)

// What the commands about vpcheck itself write: rules, explain, examples
// and version.

// RuleJSON is one rule in `rules --format json` and `explain --format json`.
type RuleJSON struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Text     string `json:"text,omitempty"`
	Bad      string `json:"bad,omitempty"`
	Good     string `json:"good,omitempty"`
}

// rulesDocument is the `rules --format json` document.
func rulesDocument(all []*rules.Rule) any {
	doc := struct {
		Rules []RuleJSON `json:"rules"`
	}{Rules: make([]RuleJSON, 0, len(all))}
	for _, r := range all {
		doc.Rules = append(doc.Rules, RuleJSON{ID: r.ID, Severity: r.Severity.String(), Title: r.Doc.Title, URL: rules.DocsURL(r.ID)})
	}
	return doc
}

// WriteRulesText lists the rules as a table.
func WriteRulesText(w io.Writer, all []*rules.Rule) error {
	rows := make([][]string, 0, len(all))
	for _, r := range all {
		rows = append(rows, []string{r.ID, r.Severity.String(), r.Doc.Title})
	}
	return WriteTable(w, []string{"RULE", "SEVERITY", "TITLE"}, rows)
}

// explainDocument is the `explain --format json` document.
func explainDocument(r *rules.Rule) any {
	return RuleJSON{
		ID: r.ID, Severity: r.Severity.String(), Title: r.Doc.Title, URL: rules.DocsURL(r.ID),
		Text: strings.TrimSpace(r.Doc.Text), Bad: strings.TrimSpace(r.Doc.Bad), Good: strings.TrimSpace(r.Doc.Good),
	}
}

// WriteExplainText prints a rule's documentation.
func WriteExplainText(w io.Writer, r *rules.Rule) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n\n%s\n\n%s\n\n", r.ID, r.Severity, r.Doc.Title, strings.TrimSpace(r.Doc.Text))
	b.WriteString("Reported:\n\n" + indent(strings.TrimSpace(r.Doc.Bad)) + "\n\n")
	b.WriteString("Not reported:\n\n" + indent(strings.TrimSpace(r.Doc.Good)) + "\n\n")
	b.WriteString("Suppress one finding: # vpcheck:ignore " + r.ID + " <reason>\n")
	b.WriteString("More: " + rules.DocsURL(r.ID) + "\n")
	_, err := fmt.Fprint(w, b.String())
	return err
}

// indent shifts every non-empty line right by four spaces.
func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n")
}

// examplesDocument is the `examples --format json` document.
func examplesDocument(list []fixtures.Example) any {
	return struct {
		Examples []fixtures.Example `json:"examples"`
	}{append([]fixtures.Example{}, list...)}
}

// WriteExamplesText lists the embedded examples as a table.
func WriteExamplesText(w io.Writer, list []fixtures.Example) error {
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no embedded examples")
		return err
	}
	rows := make([][]string, len(list))
	for i, e := range list {
		rows[i] = []string{e.Name, e.Description}
	}
	return WriteTable(w, []string{"NAME", "DESCRIPTION"}, rows)
}

// VersionJSON is the `version --format json` document; the Go version helps
// when a bug report comes in.
type VersionJSON struct {
	Version string `json:"version"`
	Commit  string `json:"commit,omitempty"`
	Date    string `json:"date,omitempty"`
	// Modified says the binary was built from a work tree with uncommitted changes.
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
	// Described is the version as text shows it, with the commit and date.
	Described string `json:"-"`
}

// WriteVersionText prints the version line.
func WriteVersionText(w io.Writer, v VersionJSON) error {
	_, err := fmt.Fprintf(w, "vpcheck %s\n", v.Described)
	return err
}
