package main

import (
	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/report"
)

type examplesOptions struct {
	IO     *IOStreams
	Format report.Format
}

// NewCmdExamples builds `vpcheck examples`. runF replaces runExamples in
// tests of flag parsing; nil runs the command.
func NewCmdExamples(streams *IOStreams, runF func(*examplesOptions) error) *cobra.Command {
	opts := &examplesOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "examples",
		Short: "List the embedded example networks",
		Long: `List the example networks built into vpcheck. Any command loads one when
given example:NAME in place of a path, so vpcheck can be tried with no files.`,
		Example: `  vpcheck examples
  vpcheck validate example:public-private`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runExamples(opts)
		},
	}
	addFormatFlag(cmd, &opts.Format, report.ExamplesOutput)
	return cmd
}

func runExamples(opts *examplesOptions) error {
	return report.ExamplesOutput.Write(opts.IO.Out, opts.Format, fixtures.Examples(), report.TextOptions{})
}
