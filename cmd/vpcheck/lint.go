package main

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/report"
	"github.com/vpcheck/vpcheck/rules"
)

type lintOptions struct {
	IO     *IOStreams
	Paths  []string
	Format report.Format
	// FailOn is the lowest severity that fails the run: error, warning,
	// notice or none.
	FailOn string
	// Enable and Disable are rule IDs; they win over .vpcheck.hcl.
	Enable, Disable []string
	// Config is an explicit .vpcheck.hcl; empty means look for one.
	Config string
	Load   load.Options
}

// NewCmdLint builds `vpcheck lint`. runF replaces runLint in tests of flag
// parsing; nil runs the command.
func NewCmdLint(streams *IOStreams, runF func(*lintOptions) error) *cobra.Command {
	opts := &lintOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check a network against the rule catalog",
		Long: `Load network definitions and report what is wrong with the network: CIDR
overlaps, routes relying on transitive peering, reserved addresses, NAT gateway
placement and the rest of the catalog ('vpcheck rules' lists it, 'vpcheck
explain RULE' documents each rule).

A PATH is a file, a directory (default ".") or example:NAME. Configuration is
read from .vpcheck.hcl in the first PATH's directory or the nearest parent
(up to the repository root), or from --config:

  rule "unused-resource" { enabled = false }
  rule "nat-gateway-cross-az" { severity = "error" }
  ignore { rule = "cidr-overlap", resource = "vpc.legacy", reason = "retired in Q3" }
  assert "web-to-db" { from = "web-1", to = "db-1", protocol = "tcp", port = 5432 }

A finding is suppressed by a comment on its line or the line above:

  # vpcheck:ignore <rule-id> <reason>

Exit status: 0 when no finding is at or above --fail-on, 1 when one is, 2 for
a usage or input error, 3 for an internal error.`,
		Example: `  vpcheck lint
  vpcheck lint network/ --format sarif > vpcheck.sarif
  vpcheck lint example:peering-transit --fail-on warning
  vpcheck lint --disable unused-resource --format github`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return runLint(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.FailOn, "fail-on", "error", "exit 1 when a finding is at or above this severity: error, warning, notice or none")
	f.StringSliceVar(&opts.Enable, "enable", nil, "rule IDs to run even if .vpcheck.hcl disables them (comma-separated or repeated)")
	f.StringSliceVar(&opts.Disable, "disable", nil, "rule IDs not to run (comma-separated or repeated)")
	f.StringVar(&opts.Config, "config", "", "configuration file (default: "+rules.ConfigFileName+" found from the first PATH upward)")
	addFormatFlag(cmd, &opts.Format, report.LintFormats...)
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"error", "warning", "notice", "none"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("enable", completeRuleIDs)
	_ = cmd.RegisterFlagCompletionFunc("disable", completeRuleIDs)
	return cmd
}

// failThreshold reads --fail-on; ok is false for "none" (never fail).
func failThreshold(s string) (sev rules.Severity, ok bool, err error) {
	if s == "none" {
		return 0, false, nil
	}
	sev, err = rules.ParseSeverity(s)
	if err != nil {
		return 0, false, fmt.Errorf("--fail-on must be error, warning, notice or none, not %q", s)
	}
	return sev, true, nil
}

// checkRuleIDs returns a usage error for the first unknown rule ID.
func checkRuleIDs(flag string, ids []string) error {
	for _, id := range ids {
		if rules.Lookup(id) != nil {
			continue
		}
		msg := fmt.Sprintf("%s: unknown rule %q", flag, id)
		if similar := rules.Similar(id); len(similar) > 0 {
			msg += fmt.Sprintf("; did you mean %s?", strings.Join(similar[:min(3, len(similar))], ", "))
		}
		return usageError(fmt.Errorf("%s (see 'vpcheck rules')", msg))
	}
	return nil
}

func runLint(opts *lintOptions) error {
	threshold, failing, err := failThreshold(opts.FailOn)
	if err != nil {
		return usageError(err)
	}
	if err := checkRuleIDs("--enable", opts.Enable); err != nil {
		return err
	}
	if err := checkRuleIDs("--disable", opts.Disable); err != nil {
		return err
	}
	cfg, cfgFile, err := lintConfig(opts)
	if err != nil {
		return err
	}
	cfg.Enable, cfg.Disable = opts.Enable, opts.Disable

	opts.Load.Config = cfg.File
	prog := opts.IO.newProgress(opts.Format)
	net, err := loadNetworkShowing(opts.IO, opts.Paths, opts.Load, prog)
	if err != nil {
		return err
	}
	if cfgFile != nil {
		net.Files[cfg.File] = cfgFile
	}
	if prog != nil {
		objects := 0
		for _, n := range net.Counts() {
			objects += n
		}
		prog.phase("%d objects loaded; linting", objects)
		cfg.Progress = func(done, total int) {
			prog.step("%d objects loaded; linting: %d of %d rules done", objects, done, total)
		}
	}
	findings, diags, err := rules.Run(net, cfg)
	prog.done()
	if err != nil {
		return err
	}
	if len(diags) > 0 {
		if err := writeDiagnostics(opts.IO, net.Files, diags); err != nil {
			return err
		}
	}
	res := &report.LintResult{
		Findings:    findings,
		Rules:       cfg.Enabled(),
		Files:       net.Files,
		Diagnostics: diags,
		ToolVersion: resolveVersion(version, readBuildInfo),
	}
	text := report.TextOptions{Color: report.UseColor(opts.IO.Out, opts.IO.NoColor)}
	if err := report.WriteLint(opts.IO.Out, opts.Format, res, text); err != nil {
		return err
	}
	if failing {
		for _, f := range findings {
			if f.Severity >= threshold {
				return &exitError{code: exitFindings}
			}
		}
	}
	return nil
}

// lintConfig reads --config, else the .vpcheck.hcl that applies to the
// first path (none for example:NAME, which lives in no directory). Errors
// in it are input errors: reported with their place, exit status 2.
func lintConfig(opts *lintOptions) (*rules.Config, *hcl.File, error) {
	file := opts.Config
	if file == "" {
		start := "."
		if len(opts.Paths) > 0 {
			start = opts.Paths[0]
		}
		if strings.HasPrefix(start, load.ExamplePrefix) {
			return &rules.Config{}, nil, nil
		}
		found, ok, err := rules.FindConfig(start)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return &rules.Config{}, nil, nil
		}
		file = found
	}
	cfg, f, diags := rules.LoadConfig(file)
	if len(diags) > 0 {
		files := map[string]*hcl.File{}
		if f != nil {
			files[file] = f
		}
		if err := writeDiagnostics(opts.IO, files, diags); err != nil {
			return nil, nil, err
		}
	}
	if diags.HasErrors() {
		return nil, nil, inputError()
	}
	return cfg, f, nil
}

// completeRuleIDs offers rule IDs with their titles.
func completeRuleIDs(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, r := range rules.All() {
		if strings.HasPrefix(r.ID, toComplete) {
			out = append(out, cobra.CompletionWithDesc(r.ID, r.Doc.Title))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
