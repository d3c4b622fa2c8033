package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
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
	// Baseline is a baseline file: only findings not in it fail the run.
	Baseline string
	// WriteBaseline is where to record the run's findings as a baseline.
	WriteBaseline string
	// Changed says the PATHs are the files a commit changes (pre-commit).
	Changed bool
	// Recursive finds every root module (and snapshot, and directory of
	// native files) under the directory PATHs.
	Recursive bool
	Load      loadOptions
	// configWarnings are the configuration's warnings, for the report.
	configWarnings hcl.Diagnostics
}

// lintConfigExample is the .vpcheck.hcl of lint's help (and the README's):
// TestLintConfigExampleParses holds it to the configuration's schema.
const lintConfigExample = `  rule "unused-resource" {
    enabled = false
  }

  rule "nat-gateway-cross-az" {
    severity = "error"
  }

  ignore {
    rule     = "cidr-overlap"
    resource = "module.legacy_vpc.*"
    reason   = "retired in Q3"
    expires  = "2027-03-31"
  }

  assert "web-to-db" {
    from     = "web-1"
    to       = "db-1"
    protocol = "tcp"
    port     = 5432
  }
`

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

A PATH is a file, a directory (default ".") or example:NAME. A directory is
one network: its *.tf files one Terraform root module, its native and
snapshot files one network. Several PATHs that are different roots are
separate networks, linted in one run (each finding names its root);
--recursive finds every root under a directory (directories with .tf files
no other calls as a module; .terraform/ is skipped). A file stands for its
root: a .tf file for the root module that holds it, so that
'vpcheck lint a.tf b.tf' (what pre-commit runs) lints that root once. A
directory with no network definitions is an input error. Configuration is
read from .vpcheck.hcl in the first PATH's directory or the nearest parent
(up to the repository root), or from --config:

` + lintConfigExample + `
A finding is suppressed by a comment on its line or the line above (above a
Terraform module block: everything the module creates), until a date if
exp: says so:

  # vpcheck:ignore <rule-id> <reason> [exp:YYYY-MM-DD]

A baseline accepts today's findings so that only new ones fail:
--write-baseline .vpcheck-baseline.json once, then --baseline
.vpcheck-baseline.json; baselined findings are listed as suppressed.

Exit status: 0 when no finding is at or above --fail-on, 1 when one is, 2 for
a usage or input error, 3 for an internal error.`,
		Example: `  vpcheck lint
  vpcheck lint --recursive . --baseline .vpcheck-baseline.json
  vpcheck lint network/ --format sarif > vpcheck.sarif
  vpcheck lint example:peering-transit --fail-on warning
  vpcheck lint --disable unused-resource --format github`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Load.withGlobals(cmd)
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
	f.StringVar(&opts.Baseline, "baseline", "", "report and fail only on findings not in this baseline file; list the others as suppressed")
	f.StringVar(&opts.WriteBaseline, "write-baseline", "", "record the findings in this baseline file (sorted JSON) and exit 0")
	f.BoolVar(&opts.Changed, "changed", false, "the PATHs are changed files, as pre-commit passes them: lint the roots that hold them, skip files that are no network definition (package.json, IAM policies)")
	f.BoolVarP(&opts.Recursive, "recursive", "r", false, "analyse every root module, snapshot and native directory under each directory PATH, each as a network of its own")
	f.StringVar(&opts.Config, "config", "", "configuration file (default: "+rules.ConfigFileName+" found from the first PATH upward)")
	addFormatFlag(cmd, &opts.Format, report.LintOutput)
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
	var baseline *rules.Baseline
	var baselineFile *hcl.File
	if opts.Baseline != "" {
		b, f, diags := rules.ReadBaseline(opts.Baseline)
		if diags.HasErrors() {
			return opts.inputFailure(map[string]*hcl.File{opts.Baseline: f}, diags)
		}
		baseline, baselineFile = b, f
	}
	prog := opts.IO.newProgress(opts.Format)
	l, err := loader{IO: opts.IO, Paths: opts.Paths, Load: opts.Load, Roots: load.RootOptions{Recursive: opts.Recursive, Changed: opts.Changed},
		Failed: opts.failed(cfg, cfgFile), Progress: prog}.networks()
	if err != nil {
		return err
	}
	if cfgFile != nil {
		l.Files[cfg.File] = cfgFile
	}
	if prog != nil {
		objects := 0
		for _, n := range l.Networks {
			for _, c := range n.Net.Counts() {
				objects += c
			}
		}
		prog.phase("%d objects loaded; linting", objects)
		cfg.Progress = func(done, total int) {
			prog.step("%d objects loaded; linting: %d of %d rules done", objects, done, total)
		}
	}
	findings, ignored, diags, err := rules.RunNetworksIgnored(l.Networks, cfg)
	prog.done()
	if err != nil {
		return err
	}
	if len(diags) > 0 {
		if err := writeDiagnostics(opts.IO, l.Files, diags); err != nil {
			return err
		}
	}
	var suppressed []report.Suppressed
	// With --write-baseline the run records everything it finds, so an
	// old --baseline beside it only matters when it is not written.
	if baseline != nil && opts.WriteBaseline == "" {
		l.Files[opts.Baseline] = baselineFile
		key := baselineRoot(opts.Baseline)
		fresh, accepted, stale := baseline.Apply(findings, key)
		if unusedIgnoreRuns(cfg) {
			// Entries of roots this run did not analyse are not stale.
			ran := map[string]bool{}
			for _, n := range l.Networks {
				ran[key(n.Root)] = true
			}
			for _, f := range stale {
				if ran[f.Root] {
					fresh = append(fresh, f)
				}
			}
			rules.SortFindings(fresh)
		}
		findings = fresh
		for _, f := range accepted {
			suppressed = append(suppressed, report.Suppressed{Finding: f, Reason: report.SuppressedBaseline, Justification: "in baseline " + opts.Baseline})
		}
		if len(accepted) > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "%d finding(s) in baseline %s not reported\n", len(accepted), opts.Baseline)
		}
	}
	if opts.WriteBaseline != "" {
		if err := writeBaseline(opts.WriteBaseline, findings); err != nil {
			return err
		}
		fmt.Fprintf(opts.IO.ErrOut, "wrote %d finding(s) to baseline %s\n", len(findings), opts.WriteBaseline)
		failing = false
	}
	for _, ig := range ignored {
		suppressed = append(suppressed, report.Suppressed{Finding: ig.Finding, Reason: report.SuppressedIgnore, Justification: ig.Reason, InSource: ig.InSource})
	}
	sortSuppressed(suppressed)
	if len(l.Networks) == 1 {
		// One network: its findings need not say which.
		for i := range findings {
			findings[i].Root = ""
		}
		for i := range suppressed {
			suppressed[i].Root = ""
		}
	}
	res := &report.LintResult{
		Findings:    findings,
		Rules:       cfg.Enabled(),
		Files:       l.Files,
		Diagnostics: append(append(append(hcl.Diagnostics(nil), opts.configWarnings...), l.Warnings...), diags...),
		ToolVersion: resolveVersion(version, readBuildInfo),
		Suppressed:  suppressed,
	}
	text := report.TextOptions{Color: report.UseColor(opts.IO.Out, opts.IO.NoColor)}
	if err := report.LintOutput.Write(opts.IO.Out, opts.Format, res, text); err != nil {
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

// inputFailure reports diagnostics that end the run: on stderr, and in the
// chosen machine format on stdout.
func (opts *lintOptions) inputFailure(files map[string]*hcl.File, diags hcl.Diagnostics) error {
	if err := writeDiagnostics(opts.IO, files, diags); err != nil {
		return err
	}
	if failed := opts.failed(nil, nil); failed != nil {
		if err := failed(files, diags); err != nil {
			return err
		}
	}
	return inputError()
}

// sortSuppressed orders suppressed findings as rules.SortFindings orders
// findings (place, rule, message, resource, root), then by reason.
func sortSuppressed(s []report.Suppressed) {
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		switch {
		case a.Range.Filename != b.Range.Filename:
			return a.Range.Filename < b.Range.Filename
		case a.Range.Start.Line != b.Range.Start.Line:
			return a.Range.Start.Line < b.Range.Start.Line
		case a.Range.Start.Column != b.Range.Start.Column:
			return a.Range.Start.Column < b.Range.Start.Column
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		case a.Message != b.Message:
			return a.Message < b.Message
		case a.Resource != b.Resource:
			return a.Resource < b.Resource
		case a.Root != b.Root:
			return a.Root < b.Root
		}
		return a.Reason < b.Reason
	})
}

// unusedIgnoreRuns says whether stale baseline entries are reported: they
// are findings of rule unused-ignore.
func unusedIgnoreRuns(cfg *rules.Config) bool {
	for _, r := range cfg.Enabled() {
		if r == rules.UnusedIgnore {
			return true
		}
	}
	return false
}

// baselineRoot maps a finding's root to the form a baseline records: a
// directory relative to the baseline file's, so that the entries match
// however the PATHs were spelled (dev, ./dev, /repo/dev).
func baselineRoot(file string) func(string) string {
	dir, err := filepath.Abs(filepath.Dir(file))
	return func(root string) string {
		if err != nil || root == "" {
			return root
		}
		parts := strings.Split(root, ",")
		for i, p := range parts {
			if strings.HasPrefix(p, load.ExamplePrefix) {
				continue
			}
			if abs, err := filepath.Abs(p); err == nil {
				if rel, err := filepath.Rel(dir, abs); err == nil {
					parts[i] = filepath.ToSlash(rel)
				}
			}
		}
		return strings.Join(parts, ",")
	}
}

// writeBaseline records findings in file.
func writeBaseline(file string, findings []rules.Finding) error {
	data, err := rules.NewBaseline(findings, baselineRoot(file)).Marshal()
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("writing the baseline: %w", err)}
	}
	return nil
}

// failed renders an input error as a lint report in the chosen format
// (no findings; the diagnostics as input-error failures), so a SARIF
// upload or JUnit step gets a report that says why the run failed.
func (opts *lintOptions) failed(cfg *rules.Config, cfgFile *hcl.File) failedInput {
	if opts.Format == report.FormatText {
		return nil
	}
	return func(files map[string]*hcl.File, diags hcl.Diagnostics) error {
		if cfgFile != nil {
			files[cfg.File] = cfgFile
		}
		all := append(hcl.Diagnostics(nil), opts.configWarnings...)
		res := &report.LintResult{
			Files:       files,
			Diagnostics: append(all, diags...),
			ToolVersion: resolveVersion(version, readBuildInfo),
		}
		return report.LintOutput.Write(opts.IO.Out, opts.Format, res, report.TextOptions{})
	}
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
		files := map[string]*hcl.File{}
		if f != nil {
			files[file] = f
		}
		if failed := opts.failed(nil, nil); failed != nil {
			if err := failed(files, diags); err != nil {
				return nil, nil, err
			}
		}
		return nil, nil, inputError()
	}
	opts.configWarnings = diags
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
