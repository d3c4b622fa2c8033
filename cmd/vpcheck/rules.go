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
	addFormatFlag(cmd, &opts.Format, report.RulesOutput)
	return cmd
}

func runRules(opts *rulesOptions) error {
	return report.RulesOutput.Write(opts.IO.Out, opts.Format, rules.All(), report.TextOptions{})
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
	addFormatFlag(cmd, &opts.Format, report.ExplainOutput)
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
	return report.ExplainOutput.Write(opts.IO.Out, opts.Format, r, report.TextOptions{})
}
