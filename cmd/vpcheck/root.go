package main

import (
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vpcheck/vpcheck/report"
)

// IOStreams are where commands write; tests swap in buffers.
type IOStreams struct {
	Out    io.Writer
	ErrOut io.Writer
	// NoColor is set by --no-color; colour also needs a terminal (report.UseColor).
	NoColor bool
	// ErrTerminal says ErrOut is a terminal, where long runs show their
	// progress; Quiet is --quiet, which turns the progress off.
	ErrTerminal bool
	Quiet       bool
}

// errText is how text written to ErrOut looks: diagnostics go there.
func (s *IOStreams) errText() report.TextOptions {
	return report.TextOptions{Color: report.UseColor(s.ErrOut, s.NoColor)}
}

// NewCmdRoot builds the whole command tree.
func NewCmdRoot(streams *IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "vpcheck",
		Short: "Static analysis and reachability checks for AWS VPC networks",
		Long: `vpcheck reads network definitions — its own *.net.hcl files, Terraform
configurations and plans, AWS API snapshots — builds one model of the network,
and checks it without touching a cloud account: is anything misconfigured,
and which packets can get from A to B?

Every command also takes example:NAME in place of a path, to try vpcheck on
an embedded example network (see 'vpcheck examples').`,
		Version: describeVersion(resolveVersion(version, readBuildInfo), readBuildInfo),
		// Errors and usage are printed once, by exitCodeFor, which also
		// picks the exit code; cobra would print them on every error.
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	root.SetVersionTemplate("vpcheck {{.Version}}\n")
	root.PersistentFlags().BoolVar(&streams.NoColor, "no-color", false, "never colour output (also: NO_COLOR=1)")
	// Read by each command into its load options (loadOptions.withGlobals).
	root.PersistentFlags().StringArray("var-file", nil, "Terraform variable definitions file (repeatable)")
	root.PersistentFlags().StringArray("var", nil, "Terraform variable NAME=VALUE (repeatable)")
	root.PersistentFlags().BoolVarP(&streams.Quiet, "quiet", "q", false, "show no progress on stderr (it is only shown on a terminal, for text output, outside CI)")

	root.AddCommand(
		NewCmdValidate(streams, nil),
		NewCmdReach(streams, nil),
		NewCmdTrace(streams, nil),
		NewCmdReplay(streams, nil),
		NewCmdLint(streams, nil),
		NewCmdDiff(streams, nil),
		NewCmdGraph(streams, nil),
		NewCmdRules(streams, nil),
		NewCmdExplain(streams, nil),
		NewCmdExamples(streams, nil),
		NewCmdVersion(streams, nil),
	)
	// Added now rather than lazily by Execute, so that it is part of the
	// tree tests and classifyRunErrors see.
	root.InitDefaultCompletionCmd()
	classifyRunErrors(root)
	return root
}

// formatFlag is a --format value restricted to the formats a command offers
// (its entry in the registry report.Outputs), so a wrong one is a usage
// error at parse time.
type formatFlag struct {
	allowed []report.Format
	value   *report.Format
}

var _ pflag.Value = (*formatFlag)(nil)

func (f *formatFlag) String() string { return string(*f.value) }
func (f *formatFlag) Type() string   { return "format" }

func (f *formatFlag) Set(s string) error {
	v, err := report.ParseFormat(s, f.allowed)
	if err != nil {
		return err
	}
	*f.value = v
	return nil
}

// addFormatFlag adds --format to cmd with the formats of its output; the
// first is the default.
func addFormatFlag(cmd *cobra.Command, value *report.Format, out report.Offer) {
	allowed := out.Formats()
	*value = allowed[0]
	cmd.Flags().Var(&formatFlag{allowed: allowed, value: value}, "format", "output format: "+report.FormatList(allowed))
	names := make([]string, len(allowed))
	for i, f := range allowed {
		names[i] = string(f)
	}
	// Registration fails only for a flag that does not exist; it was just added.
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(names, cobra.ShellCompDirectiveNoFileComp))
}
