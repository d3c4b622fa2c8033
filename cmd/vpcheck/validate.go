package main

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/report"
)

type validateOptions struct {
	IO     *IOStreams
	Paths  []string
	Format report.Format
	Load   loadOptions
	// Recursive finds every root under the directory PATHs (see lint).
	Recursive bool
	// Changed says the PATHs are the files a commit changes (see lint).
	Changed bool
	// List prints every object with the names reach and trace accept.
	List bool
}

// NewCmdValidate builds `vpcheck validate`. runF replaces runValidate in
// tests of flag parsing; nil runs the command.
func NewCmdValidate(streams *IOStreams, runF func(*validateOptions) error) *cobra.Command {
	opts := &validateOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Load network definitions, report input errors and an inventory",
		Long: `Load network definitions and report every input error and warning with its
file:line:col and a source snippet, then how many objects of each kind were read.

A PATH is a file, a directory (default ".") or example:NAME. The format is
detected per file: *.net.hcl (native), *.tf (Terraform), *.json (Terraform plan
or AWS describe-* snapshot).

With --list, every object is listed instead of the counts: its kind, name,
Terraform address and AWS id, each of which --from and --to accept (kind:name
when a name is used by objects of two kinds).

Exit status: 0 when the input has no errors, 2 when it has (warnings alone
do not fail).`,
		Example: `  vpcheck validate
  vpcheck validate network/ snapshot.json
  vpcheck validate example:public-private --format json
  vpcheck validate --list example:three-tier-nacl`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Load.withGlobals(cmd)
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return runValidate(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.List, "list", false, "list every object with its kind, name, Terraform address and AWS id: the selectors reach and trace accept")
	cmd.Flags().BoolVar(&opts.Changed, "changed", false, "the PATHs are changed files, as pre-commit passes them: read the roots that hold them, skip files that are no network definition")
	cmd.Flags().BoolVarP(&opts.Recursive, "recursive", "r", false, "read every root module, snapshot and native directory under each directory PATH, each as a network of its own")
	addFormatFlag(cmd, &opts.Format, report.ValidateOutput)
	return cmd
}

func runValidate(opts *validateOptions) error {
	l, diags, err := loader{IO: opts.IO, Paths: opts.Paths, Load: opts.Load, Roots: load.RootOptions{Recursive: opts.Recursive, Changed: opts.Changed}}.read()
	if err != nil {
		return err
	}
	res := &report.ValidateResult{Networks: l.Networks, Counts: map[model.Kind]int{}, Diagnostics: diags, List: opts.List}
	for _, n := range l.Networks {
		for k, c := range n.Net.Counts() {
			res.Counts[k] += c
		}
	}
	// JSON carries the diagnostics; text leaves them to stderr.
	if opts.Format != report.FormatJSON && len(diags) > 0 {
		if err := writeDiagnostics(opts.IO, l.Files, diags); err != nil {
			return err
		}
	}
	if err := report.ValidateOutput.Write(opts.IO.Out, opts.Format, res, report.TextOptions{}); err != nil {
		return err
	}
	if diags.HasErrors() {
		return inputError()
	}
	return nil
}

// writeDiagnostics prints diagnostics and their tally to stderr, keeping
// stdout for the command's answer.
func writeDiagnostics(io *IOStreams, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	if err := report.WriteDiagnosticsText(io.ErrOut, files, diags, io.errText()); err != nil {
		return err
	}
	_, err := fmt.Fprintln(io.ErrOut, report.Tally(diags))
	return err
}

// completePaths offers the embedded examples as example:NAME; the shell
// completes file names as usual.
func completePaths(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, e := range fixtures.Examples() {
		name := load.ExamplePrefix + e.Name
		if strings.HasPrefix(name, toComplete) {
			out = append(out, cobra.CompletionWithDesc(name, e.Description))
		}
	}
	return out, cobra.ShellCompDirectiveDefault
}
