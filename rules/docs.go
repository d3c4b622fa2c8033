package rules

import (
	"embed"
	"fmt"
	"strings"
)

// sources holds each rule's documentation as written: rules/docs/<id>.md,
// a title line, the text, and the "Reported" and "Not reported" examples
// as hcl code blocks. Markdown turns it into the published page.
//
//go:embed docs/*.md
var sources embed.FS

// loadDocs fills in every registered rule's Doc from its embedded file. A
// rule without a file, or a file that does not follow the layout, is a
// programmer error caught by the first test run.
func loadDocs(rs []*Rule) {
	for _, r := range rs {
		src, err := sources.ReadFile("docs/" + r.ID + ".md")
		if err != nil {
			panic(fmt.Sprintf("rules: rule %s has no rules/docs/%s.md", r.ID, r.ID))
		}
		d, err := parseDoc(string(src))
		if err != nil {
			panic(fmt.Sprintf("rules: rules/docs/%s.md: %v", r.ID, err))
		}
		r.Doc = d
	}
}

// parseDoc reads the layout loadDocs expects:
//
//	# title
//
//	text…
//
//	## Reported
//
//	```hcl
//	bad example
//	```
//
//	## Not reported
//
//	```hcl
//	good example
//	```
func parseDoc(src string) (Doc, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	title, rest, ok := strings.Cut(src, "\n")
	if !strings.HasPrefix(title, "# ") || !ok {
		return Doc{}, fmt.Errorf("the first line must be \"# title\"")
	}
	text, rest, ok := strings.Cut(rest, "\n## Reported\n")
	if !ok {
		return Doc{}, fmt.Errorf("no \"## Reported\" section")
	}
	badPart, goodPart, ok := strings.Cut(rest, "\n## Not reported\n")
	if !ok {
		return Doc{}, fmt.Errorf("no \"## Not reported\" section after \"## Reported\"")
	}
	bad, err := codeBlock(badPart)
	if err != nil {
		return Doc{}, fmt.Errorf("## Reported: %w", err)
	}
	good, err := codeBlock(goodPart)
	if err != nil {
		return Doc{}, fmt.Errorf("## Not reported: %w", err)
	}
	return Doc{
		Title: strings.TrimSpace(strings.TrimPrefix(title, "# ")),
		Text:  strings.TrimSpace(text),
		Bad:   bad,
		Good:  good,
	}, nil
}

// codeBlock returns the body of the one ```hcl block a section holds.
func codeBlock(section string) (string, error) {
	s := strings.TrimSpace(section)
	if !strings.HasPrefix(s, "```hcl\n") || !strings.HasSuffix(s, "\n```") {
		return "", fmt.Errorf("the section must hold exactly one ```hcl code block")
	}
	body := strings.TrimSuffix(strings.TrimPrefix(s, "```hcl\n"), "\n```")
	if strings.Contains(body, "\n```") {
		return "", fmt.Errorf("the section holds more than one code block")
	}
	return body, nil
}

// DocsURL is where a rule's page lives; text output links every finding to it.
func DocsURL(id string) string {
	return "https://github.com/vpcheck/vpcheck/blob/main/docs/rules/" + id + ".md"
}

// Markdown renders a rule's page, docs/rules/<id>.md. The pages are
// generated from rules/docs/<id>.md (go test ./rules -update) so that
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
