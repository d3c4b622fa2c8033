package main

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/report"
	"github.com/vpcheck/vpcheck/rules"
)

type diffOptions struct {
	IO            *IOStreams
	Before, After string
	Plan          string
	FlowLogs      []string
	Format        report.Format
	FailOn        []string
	Config        string
	Load          loadOptions
}

// Gates --fail-on takes.
const (
	gateNewFindings = "new-findings"
	gateExposure    = "exposure"
	gateGained      = "gained"
	gateLost        = "lost"
	gateAssertions  = "assertions"
	gateFlows       = "flows"
	gateAny         = "any"
	gateNone        = "none"
)

var diffGates = []string{gateNewFindings, gateExposure, gateGained, gateLost, gateAssertions, gateFlows, gateAny, gateNone}

// NewCmdDiff builds `vpcheck diff`.
func NewCmdDiff(streams *IOStreams, runF func(*diffOptions) error) *cobra.Command {
	opts := &diffOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "diff BEFORE AFTER | --plan plan.json",
		Short: "What a change does: reachability gained and lost, findings new and fixed",
		Long: `Compare two versions of a network and report what the change does: the
packets that arrive (and are answered) after it and not before, the flows that
worked and now fail, the findings it introduces and fixes, and the
.vpcheck.hcl assertions it breaks.

BEFORE and AFTER are each a PATH (file, directory, example:NAME) or
git:REF[:PATH], the path as committed at a git ref, read with git archive (the
working tree is not touched). With --plan, one 'terraform show -json' plan
gives both: before is its prior_state, after its planned_values.

Objects are matched by identity (Terraform address, AWS id, name), never by
file or line, so reordering blocks, moving resources between files and changing
tags or descriptions change nothing. Only endpoint pairs whose paths can cross
a changed object are recomputed.

Exit status: 0 when nothing in --fail-on changed, 1 when something did, 2 for
a usage or input error (either side), 3 for an internal error.`,
		Example: `  vpcheck diff git:origin/main .
  vpcheck diff --format markdown git:origin/main:network network > comment.md
  vpcheck diff --plan plan.json --fail-on exposure,lost
  vpcheck diff example:public-private network/ --flow-log flowlogs/`,
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.Plan != "" {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(2)(cmd, args)
		},
		ValidArgsFunction: completePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Load.withGlobals(cmd)
			if len(args) == 2 {
				opts.Before, opts.After = args[0], args[1]
			}
			if runF != nil {
				return runF(opts)
			}
			return runDiff(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Plan, "plan", "", "a terraform show -json plan: before = prior_state, after = planned_values")
	f.StringArrayVar(&opts.FlowLogs, "flow-log", nil, "VPC flow log file or directory: report recorded flows BEFORE carries and AFTER drops (repeatable)")
	f.StringSliceVar(&opts.FailOn, "fail-on", []string{gateNewFindings, gateExposure, gateLost}, "what fails the run: "+strings.Join(diffGates, ", "))
	f.StringVar(&opts.Config, "config", "", "configuration file (default: "+rules.ConfigFileName+" found from AFTER upward)")
	addFormatFlag(cmd, &opts.Format, report.DiffOutput)
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions(diffGates, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// diffSide is one loaded side.
type diffSide struct {
	input report.DiffInput
	net   *model.Network
	// rename maps a loaded file name to the name the user knows.
	rename func(string) string
}

func runDiff(opts *diffOptions) error {
	gates, err := parseGates(opts.FailOn)
	if err != nil {
		return usageError(err)
	}
	lopts, err := opts.Load.resolve()
	if err != nil {
		return usageError(err)
	}
	afterPath := opts.After
	if opts.Plan != "" {
		afterPath = opts.Plan
	}
	cfg, cfgFile, err := lintConfig(&lintOptions{IO: opts.IO, Config: opts.Config, Paths: configStart(afterPath)})
	if err != nil {
		return err
	}
	lopts.Config = cfg.File

	var before, after *diffSide
	var cleanup []func()
	defer func() {
		for _, c := range cleanup {
			c()
		}
	}()
	var diags hcl.Diagnostics
	files := map[string]*hcl.File{}
	prog := opts.IO.newProgress(opts.Format)
	defer prog.done()
	if opts.Plan != "" {
		prog.phase("loading %s", report.Printable(opts.Plan))
	} else {
		prog.phase("loading %s and %s", report.Printable(opts.Before), report.Printable(opts.After))
	}
	if opts.Plan != "" {
		before, after, diags, err = loadPlanSides(opts.Plan, lopts)
	} else {
		var d hcl.Diagnostics
		before, d, err = loadSide(opts.Before, lopts, &cleanup)
		diags = append(diags, d...)
		if err == nil {
			after, d, err = loadSide(opts.After, lopts, &cleanup)
			diags = append(diags, d...)
		}
	}
	if err != nil {
		return usageError(err)
	}
	for _, s := range []*diffSide{before, after} {
		if s != nil && s.net != nil {
			for name, f := range s.net.Files {
				files[s.rename(name)] = f
			}
		}
	}
	if len(diags) > 0 {
		prog.done()
		if err := writeDiagnostics(opts.IO, files, diags); err != nil {
			return err
		}
	}
	if diags.HasErrors() || before == nil || after == nil || before.net == nil || after.net == nil {
		return inputError()
	}
	if cfgFile != nil {
		after.net.Files[cfg.File] = cfgFile
	}
	before.input.Counts, after.input.Counts = countsOf(before.net), countsOf(after.net)

	prog.phase("comparing")
	res, err := impact.CompareWith(before.net, after.net, func(done, total int) {
		prog.step("comparing reachability: %d of %d sources", done, total)
	})
	if err != nil {
		return &exitError{code: exitInternal, err: fmt.Errorf("internal error: %w", err)}
	}
	out := &report.DiffResult{Before: before.input, After: after.input, Impact: res, ToolVersion: resolveVersion(version, readBuildInfo)}
	if res.Changed {
		prog.phase("comparing findings")
		var lintDiags hcl.Diagnostics
		out.NewFindings, out.FixedFindings, out.Assertions, out.Lint, lintDiags, err = diffFindings(res, before.net, after.net, cfg)
		if err != nil {
			return err
		}
		out.Diagnostics = append(out.Diagnostics, lintDiags...)
		if len(opts.FlowLogs) > 0 {
			flows, fdiags, err := diffFlows(res, opts.FlowLogs, opts.IO)
			if err != nil {
				return err
			}
			out.Flows = flows
			out.Diagnostics = append(out.Diagnostics, fdiags...)
		}
	}
	prog.done()
	renameAll(out, before, after)
	out.Gating = gating(gates, out)
	text := report.TextOptions{Color: report.UseColor(opts.IO.Out, opts.IO.NoColor)}
	if err := report.DiffOutput.Write(opts.IO.Out, opts.Format, out, text); err != nil {
		return err
	}
	if len(out.Gating) > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}

// configStart is where .vpcheck.hcl is looked for: AFTER's directory (the
// working directory for a git: side or an example).
func configStart(after string) []string {
	if strings.HasPrefix(after, gitPrefix) {
		return []string{"."}
	}
	return []string{after}
}

func parseGates(list []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, g := range list {
		g = strings.TrimSpace(g)
		ok := false
		for _, x := range diffGates {
			ok = ok || x == g
		}
		if !ok {
			return nil, fmt.Errorf("--fail-on: unknown %q; choose from %s", g, strings.Join(diffGates, ", "))
		}
		out[g] = true
	}
	if out[gateNone] {
		return map[string]bool{}, nil
	}
	if out[gateAny] {
		for _, x := range diffGates {
			out[x] = true
		}
	}
	return out, nil
}

// loadSide loads one side: a PATH, example:NAME or git:REF[:PATH].
func loadSide(spec string, opts load.Options, cleanup *[]func()) (*diffSide, hcl.Diagnostics, error) {
	side := &diffSide{input: report.DiffInput{Spec: spec, Kind: "path", Path: spec}, rename: func(s string) string { return s }}
	loadPath := spec
	switch {
	case strings.HasPrefix(spec, gitPrefix):
		t, err := readGit(spec)
		if err != nil {
			return nil, nil, err
		}
		*cleanup = append(*cleanup, func() { os.RemoveAll(t.dir) })
		side.input = report.DiffInput{Spec: spec, Kind: "git", Ref: t.ref, Path: t.path}
		side.rename = t.display
		loadPath = t.root
	case strings.HasPrefix(spec, load.ExamplePrefix):
		side.input.Kind, side.input.Path = "example", ""
	}
	net, diags := load.Paths([]string{loadPath}, opts)
	renameDiags(diags, side.rename)
	side.net = net
	return side, diags, nil
}

// loadPlanSides reads one plan twice: its prior state as BEFORE and its
// planned values as AFTER.
func loadPlanSides(plan string, opts load.Options) (*diffSide, *diffSide, hcl.Diagnostics, error) {
	id := func(s string) string { return s }
	after := &diffSide{input: report.DiffInput{Spec: plan + " (planned_values)", Kind: "plan", Path: plan}, rename: id}
	before := &diffSide{input: report.DiffInput{Spec: plan + " (prior_state)", Kind: "plan", Path: plan}, rename: id}
	b, err := os.ReadFile(plan)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("--plan: %w", err)
	}
	var diags hcl.Diagnostics
	after.net, diags = load.Paths([]string{plan}, opts)
	if diags.HasErrors() {
		return before, after, diags, nil
	}
	prior, err := priorStatePlan(b)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("--plan %s: %w", plan, err)
	}
	net, d := load.PlanSource(model.Source{Name: plan, Bytes: prior}, opts)
	before.net = net
	return before, after, append(diags, d...), nil
}

// priorStatePlan rewrites a plan so that its planned values are its prior
// state (an empty network when the plan has none: everything is new).
func priorStatePlan(b []byte) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	values := json.RawMessage(`{"root_module":{}}`)
	if ps, ok := doc["prior_state"]; ok {
		var st struct {
			Values json.RawMessage `json:"values"`
		}
		if err := json.Unmarshal(ps, &st); err == nil && len(st.Values) > 0 && string(st.Values) != "null" {
			values = st.Values
		}
	}
	doc["planned_values"] = values
	delete(doc, "resource_changes")
	return json.Marshal(doc)
}

func renameDiags(diags hcl.Diagnostics, rename func(string) string) {
	for _, d := range diags {
		if d.Subject != nil {
			d.Subject.Filename = rename(d.Subject.Filename)
		}
		if d.Context != nil {
			d.Context.Filename = rename(d.Context.Filename)
		}
	}
}

// renameAll names every location as the user knows the file.
func renameAll(out *report.DiffResult, before, after *diffSide) {
	rb, ra := before.rename, after.rename
	fix := func(r *hcl.Range, f func(string) string) { r.Filename = f(r.Filename) }
	for _, fs := range []struct {
		list   []rules.Finding
		rename func(string) string
	}{{out.NewFindings, ra}, {out.FixedFindings, rb}} {
		for i := range fs.list {
			fix(&fs.list[i].Range, fs.rename)
			for j := range fs.list[i].Related {
				fix(&fs.list[i].Related[j].Range, fs.rename)
			}
		}
	}
	both := func(s string) string { return ra(rb(s)) }
	if out.Impact != nil {
		for _, cs := range [][]impact.Change{out.Impact.Gained, out.Impact.Lost} {
			for i := range cs {
				for j := range cs[i].Causes {
					fix(&cs[i].Causes[j].Location, both)
				}
			}
		}
		for i := range out.Impact.Model.Changes {
			for j := range out.Impact.Model.Changes[i].Parts {
				fix(&out.Impact.Model.Changes[i].Parts[j].Range, both)
			}
		}
	}
	renameDiags(out.Diagnostics, both)
}

func countsOf(n *model.Network) map[string]int {
	out := map[string]int{}
	for k, c := range n.Counts() {
		if c > 0 {
			out[string(k)] = c
		}
	}
	return out
}

// diffFindings lints both sides with AFTER's configuration and matches
// findings by fingerprint, skipping on both sides the rules the change
// provably cannot affect (rules.DiffFindings).
func diffFindings(res *impact.Result, before, after *model.Network, cfg *rules.Config) (added, fixed []rules.Finding, asserts []report.DiffAssertion, scope *report.DiffLint, diags hcl.Diagnostics, err error) {
	ch, err := rules.DiffFindings(res, before, after, cfg)
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	scope = &report.DiffLint{Incremental: len(ch.Skipped)+len(ch.Scoped) > 0, Skipped: ch.Skipped, Scoped: ch.Scoped, Rerun: []report.DiffRerun{}}
	for _, r := range ch.Rerun {
		scope.Rerun = append(scope.Rerun, report.DiffRerun{Rule: r.Rule, Reason: r.Reason})
	}
	added, fixed, diags = ch.New, ch.Fixed, ch.Diags
	fb, fa := ch.Before, ch.After
	failing := func(fs []rules.Finding) map[string]rules.Finding {
		m := map[string]rules.Finding{}
		for _, f := range fs {
			if f.Rule == "reachability" {
				m[f.Resource] = f
			}
		}
		return m
	}
	ab, aa := failing(fb), failing(fa)
	for _, a := range cfg.Assertions {
		key := "assert." + a.Name
		f, fails := aa[key]
		_, failed := ab[key]
		da := report.DiffAssertion{Name: a.Name, Failing: fails, New: fails && !failed, Range: a.Range}
		if fails {
			da.Message = f.Message
		}
		asserts = append(asserts, da)
	}
	return added, fixed, asserts, scope, diags, nil
}

// diffFlows replays the flow logs on both sides: the ACCEPT records that
// BEFORE carries and AFTER would drop.
func diffFlows(res *impact.Result, args []string, streams *IOStreams) ([]report.DiffFlow, hcl.Diagnostics, error) {
	var names []string
	for _, a := range args {
		fs, err := flowLogFiles(a)
		if err != nil {
			return nil, nil, usageError(err)
		}
		names = append(names, fs...)
	}
	var diags hcl.Diagnostics
	replay := func(an *analyzer.Analyzer, keep bool) (*analyzer.Replayer, error) {
		r := an.NewReplayer()
		for _, n := range names {
			d, err := replayFile(r, n, nil)
			if err != nil {
				return nil, err
			}
			if keep {
				diags = append(diags, d...)
			}
		}
		return r, nil
	}
	an := func(a *analyzer.Analyzer, n *model.Network) *analyzer.Analyzer {
		if a != nil {
			return a
		}
		return analyzer.New(dataplane.Compile(n))
	}
	rb, err := replay(an(res.Before, nil), false)
	if err != nil {
		return nil, nil, err
	}
	ra, err := replay(an(res.After, nil), true)
	if err != nil {
		return nil, nil, err
	}
	type key struct {
		c, s  netip.Addr
		proto uint8
		port  uint16
		reply bool
	}
	dropped := map[key]bool{}
	for _, d := range rb.Drops() {
		dropped[key{d.Client, d.Server, d.Proto, d.ServerPort, d.Reply}] = true
	}
	var out []report.DiffFlow
	for _, d := range ra.Drops() {
		if dropped[key{d.Client, d.Server, d.Proto, d.ServerPort, d.Reply}] {
			continue
		}
		out = append(out, report.DiffFlow{Client: d.Client.String(), Server: d.Server.String(), Protocol: model.Protocol(d.Proto).String(),
			Port: int(d.ServerPort), Records: d.Records, Reply: d.Reply, Disposition: string(d.Outcome.Code), Reason: d.Outcome.Message, Range: d.Outcome.Range})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Client != out[j].Client {
			return out[i].Client < out[j].Client
		}
		return out[i].Server < out[j].Server
	})
	_ = streams
	return out, diags, nil
}

// gating lists what fails the run under --fail-on.
func gating(gates map[string]bool, r *report.DiffResult) []string {
	var out []string
	if r.Impact == nil {
		return out
	}
	severe := false
	for _, f := range r.NewFindings {
		if f.Severity >= rules.Warning || gates[gateAny] {
			severe = true
		}
	}
	exposure := false
	for _, c := range r.Impact.Gained {
		if c.From.Kind == impact.KindInternet {
			exposure = true
		}
	}
	newAssert := false
	for _, a := range r.Assertions {
		newAssert = newAssert || a.New
	}
	for _, g := range []struct {
		name string
		hit  bool
	}{
		{gateNewFindings, severe},
		{gateExposure, exposure},
		{gateGained, len(r.Impact.Gained) > 0},
		{gateLost, len(r.Impact.Lost) > 0},
		{gateAssertions, newAssert},
		{gateFlows, len(r.Flows) > 0},
	} {
		if gates[g.name] && g.hit {
			out = append(out, g.name)
		}
	}
	return out
}
