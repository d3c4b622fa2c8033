package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/report"
	"github.com/vpcheck/vpcheck/rules"
)

type validateOptions struct {
	IO     *IOStreams
	Paths  []string
	Format report.Format
	// Load carries loader settings; --var-file and --var will fill
	// Load.Terraform when the Terraform loader reads variables.
	Load load.Options
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
	addFormatFlag(cmd, &opts.Format, report.FormatText, report.FormatJSON)
	return cmd
}

// validateJSON is the `validate --format json` document (docs/architecture.md,
// "The CLI contract").
type validateJSON struct {
	Counts      map[string]int      `json:"counts"`
	Diagnostics []report.Diagnostic `json:"diagnostics"`
	// Objects is filled by --list.
	Objects []objectJSON `json:"objects,omitempty"`
}

// objectJSON is one object of `validate --list --format json`: the names a
// selector may use for it.
type objectJSON struct {
	Kind     string           `json:"kind"`
	Name     string           `json:"name"`
	Address  string           `json:"address,omitempty"`
	AWSID    string           `json:"aws_id,omitempty"`
	Root     string           `json:"root,omitempty"`
	Implicit bool             `json:"implicit,omitempty"`
	Location *report.Location `json:"location,omitempty"`
}

// listObjects lists the objects of each network, kinds in model.Kinds
// order and each kind in input order; root is set when there are several.
func listObjects(nets []rules.Network) []objectJSON {
	out := []objectJSON{}
	for _, n := range nets {
		root := ""
		if len(nets) > 1 {
			root = n.Root
		}
		for _, o := range n.Net.Objects() {
			m := o.Base()
			out = append(out, objectJSON{Kind: string(o.Kind()), Name: m.Name, Address: m.TFAddr, AWSID: m.AWSID,
				Root: root, Implicit: m.Implicit, Location: report.LocationOf(&m.Range)})
		}
	}
	return out
}

// writeObjects prints the --list table.
func writeObjects(io *IOStreams, objects []objectJSON) error {
	if len(objects) == 0 {
		_, err := fmt.Fprintln(io.Out, "no network objects found")
		return err
	}
	header := []string{"KIND", "NAME", "ADDRESS", "AWS ID", "DEFINED AT"}
	withRoot := len(objects) > 0 && objects[0].Root != ""
	if withRoot {
		header = append([]string{"ROOT"}, header...)
	}
	rows := make([][]string, 0, len(objects))
	for _, o := range objects {
		at := ""
		if o.Location != nil {
			at = o.Location.String()
		}
		if o.Implicit {
			// Created by AWS with its VPC: the place is the VPC's.
			at += " (implicit)"
		}
		row := []string{o.Kind, o.Name, dash(o.Address), dash(o.AWSID), at}
		if withRoot {
			row = append([]string{o.Root}, row...)
		}
		rows = append(rows, row)
	}
	return report.WriteTable(io.Out, header, rows)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runValidate(opts *validateOptions) error {
	lopts, err := opts.IO.withVars(opts.Load)
	if err != nil {
		return usageError(err)
	}
	lopts = withConfig(lopts, opts.Paths)
	roots, diags := load.Roots(opts.Paths, load.RootOptions{Recursive: opts.Recursive, Changed: opts.Changed})
	files := map[string]*hcl.File{}
	counts := map[model.Kind]int{}
	var nets []rules.Network
	for _, root := range roots {
		ropts := lopts
		ropts.Shallow = root.Shallow
		net, d := load.Paths(root.Paths, ropts)
		diags = append(diags, d...)
		if net == nil {
			continue
		}
		for name, f := range net.Files {
			files[name] = f
		}
		for k, n := range net.Counts() {
			counts[k] += n
		}
		nets = append(nets, rules.Network{Root: root.Name, Net: net})
	}

	switch opts.Format {
	case report.FormatJSON:
		doc := validateJSON{Counts: map[string]int{}, Diagnostics: report.JSONDiagnostics(diags)}
		for _, k := range model.Kinds {
			doc.Counts[string(k)] = counts[k]
		}
		if opts.List {
			doc.Objects = listObjects(nets)
		}
		if err := report.WriteJSON(opts.IO.Out, doc); err != nil {
			return err
		}
	default:
		if len(diags) > 0 {
			if err := writeDiagnostics(opts.IO, files, diags); err != nil {
				return err
			}
		}
		if opts.List {
			err = writeObjects(opts.IO, listObjects(nets))
		} else {
			err = writeInventory(opts.IO, counts)
		}
		if err != nil {
			return err
		}
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

// writeInventory prints the kinds the input has, in model.Kinds order.
func writeInventory(io *IOStreams, counts map[model.Kind]int) error {
	var rows [][]string
	for _, k := range model.Kinds {
		if counts[k] > 0 {
			rows = append(rows, []string{string(k), strconv.Itoa(counts[k])})
		}
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintln(io.Out, "no network objects found")
		return err
	}
	return report.WriteTable(io.Out, []string{"KIND", "COUNT"}, rows)
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
