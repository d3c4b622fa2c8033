package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/report"
	"github.com/vpcheck/vpcheck/rules"
)

type rulesOptions struct {
	IO     *IOStreams
	Format report.Format
}

// NewCmdRules builds `vpcheck rules`. runF replaces runRules in tests of
// flag parsing; nil runs the command.
func NewCmdRules(streams *IOStreams, runF func(*rulesOptions) error) *cobra.Command {
	opts := &rulesOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the lint rules",
		Long: `List every rule 'vpcheck lint' runs, with its default severity and what it
reports. 'vpcheck explain RULE' prints a rule's documentation.`,
		Example: `  vpcheck rules
  vpcheck rules --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runRules(opts)
		},
	}
	addFormatFlag(cmd, &opts.Format, report.FormatText, report.FormatJSON)
	return cmd
}

// ruleJSON is one rule in `rules --format json` and `explain --format json`.
type ruleJSON struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Text     string `json:"text,omitempty"`
	Bad      string `json:"bad,omitempty"`
	Good     string `json:"good,omitempty"`
}

func runRules(opts *rulesOptions) error {
	all := rules.All()
	if opts.Format == report.FormatJSON {
		doc := struct {
			Rules []ruleJSON `json:"rules"`
		}{Rules: make([]ruleJSON, 0, len(all))}
		for _, r := range all {
			doc.Rules = append(doc.Rules, ruleJSON{ID: r.ID, Severity: r.Severity.String(), Title: r.Doc.Title, URL: rules.DocsURL(r.ID)})
		}
		return report.WriteJSON(opts.IO.Out, doc)
	}
	rows := make([][]string, 0, len(all))
	for _, r := range all {
		rows = append(rows, []string{r.ID, r.Severity.String(), r.Doc.Title})
	}
	return report.WriteTable(opts.IO.Out, []string{"RULE", "SEVERITY", "TITLE"}, rows)
}

type explainOptions struct {
	IO     *IOStreams
	ID     string
	Format report.Format
}

// NewCmdExplain builds `vpcheck explain RULE-ID`.
func NewCmdExplain(streams *IOStreams, runF func(*explainOptions) error) *cobra.Command {
	opts := &explainOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "explain RULE-ID",
		Short: "Print a lint rule's documentation",
		Long: `Print what a rule reports and why, how to fix it, and an example it reports
and one it does not. 'vpcheck rules' lists the rule IDs.`,
		Example: `  vpcheck explain non-transitive-peering
  vpcheck explain cidr-overlap --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return errors.New("explain takes one rule ID; 'vpcheck rules' lists them")
			}
			return nil
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeRuleIDs(cmd, args, toComplete)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runExplain(opts)
		},
	}
	addFormatFlag(cmd, &opts.Format, report.FormatText, report.FormatJSON)
	return cmd
}

func runExplain(opts *explainOptions) error {
	r := rules.Lookup(opts.ID)
	if r == nil {
		msg := fmt.Sprintf("unknown rule %q", opts.ID)
		if similar := rules.Similar(opts.ID); len(similar) > 0 {
			msg += "; did you mean " + strings.Join(similar[:min(3, len(similar))], ", ") + "?"
		}
		return usageError(fmt.Errorf("%s ('vpcheck rules' lists every rule)", msg))
	}
	if opts.Format == report.FormatJSON {
		return report.WriteJSON(opts.IO.Out, ruleJSON{
			ID: r.ID, Severity: r.Severity.String(), Title: r.Doc.Title, URL: rules.DocsURL(r.ID),
			Text: strings.TrimSpace(r.Doc.Text), Bad: strings.TrimSpace(r.Doc.Bad), Good: strings.TrimSpace(r.Doc.Good),
		})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n\n%s\n\n%s\n\n", r.ID, r.Severity, r.Doc.Title, strings.TrimSpace(r.Doc.Text))
	b.WriteString("Reported:\n\n" + indent(strings.TrimSpace(r.Doc.Bad)) + "\n\n")
	b.WriteString("Not reported:\n\n" + indent(strings.TrimSpace(r.Doc.Good)) + "\n\n")
	b.WriteString("Suppress one finding: # vpcheck:ignore " + r.ID + " <reason>\n")
	b.WriteString("More: " + rules.DocsURL(r.ID) + "\n")
	_, err := fmt.Fprint(opts.IO.Out, b.String())
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
