package rules

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/model"
)

// Run lints net with the rules cfg enables (every rule when cfg is nil):
// it runs them, applies severity overrides, drops the findings an ignore
// (inline comment or config block) suppresses, reports ignores that
// suppress nothing as findings of rule unused-ignore, and returns the
// findings sorted (SortFindings).
//
// The diagnostics are problems with the ignores themselves (no reason, an
// unknown rule), as warnings. The error is vpcheck's own failure: a rule
// that could not run.
func Run(net *model.Network, cfg *Config) ([]Finding, hcl.Diagnostics, error) {
	return RunNetworks([]Network{{Net: net}}, cfg)
}

// Network is one network of a lint run: a root module, a snapshot, a
// directory. Root names it in the findings (Finding.Root).
type Network struct {
	Root string
	Net  *model.Network
}

// RunNetworks lints several networks as one run, as Run does one: the
// rules run on each network apart, and the ignores apply to them all, so
// an ignore is unused only when it suppresses nothing in any of them.
func RunNetworks(nets []Network, cfg *Config) ([]Finding, hcl.Diagnostics, error) {
	findings, _, diags, err := RunNetworksIgnored(nets, cfg)
	return findings, diags, err
}

// RunNetworksIgnored is RunNetworks that also returns the findings the
// ignores suppressed, for reports that list them.
func RunNetworksIgnored(nets []Network, cfg *Config) ([]Finding, []Ignored, hcl.Diagnostics, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	enabled := cfg.Enabled()
	var findings []Finding
	files := map[string]*hcl.File{}
	for _, n := range nets {
		fs, err := runRules(n.Net, cfg, enabled)
		if err != nil {
			return nil, nil, nil, err
		}
		for i := range fs {
			fs[i].Root = n.Root
		}
		findings = append(findings, fs...)
		for name, f := range n.Net.Files {
			files[name] = f
		}
	}
	for i := range findings {
		if rc, ok := cfg.Rules[findings[i].Rule]; ok && rc.Severity != 0 {
			findings[i].Severity = rc.Severity
		}
	}

	ran := map[string]bool{}
	for _, r := range enabled {
		ran[r.ID] = true
	}
	ignores, diags := inlineIgnores(files)
	ignores = append(ignores, cfg.ignores()...)
	ignores, expired := expire(ignores, cfg.today())
	diags = append(diags, expired...)
	scopeIgnores(ignores, nets)
	findings, ignored := suppress(findings, ignores)
	if ran[UnusedIgnore.ID] {
		findings = append(findings, unusedIgnoreFindings(ignores, ran)...)
		if rc, ok := cfg.Rules[UnusedIgnore.ID]; ok && rc.Severity != 0 {
			for i := range findings {
				if findings[i].Rule == UnusedIgnore.ID {
					findings[i].Severity = rc.Severity
				}
			}
		}
	}
	SortFindings(findings)
	return findings, ignored, diags, nil
}

// scopeIgnores tells each ignore about the networks it applies to: a
// module-block ignore covers the module's resources in the roots that read
// its file; a config ignore's pattern names objects of each network.
func scopeIgnores(ignores []*ignore, nets []Network) {
	for _, ig := range ignores {
		for _, n := range nets {
			if ig.module != "" && n.Net.Files[ig.file] != nil {
				if ig.roots == nil {
					ig.roots = map[string]bool{}
				}
				ig.roots[n.Root] = true
			}
			if ig.config && ig.resource != "" {
				if p := objectPhrases(n.Net, ig.resource); len(p) > 0 {
					if ig.phrases == nil {
						ig.phrases = map[string][]string{}
					}
					ig.phrases[n.Root] = append(ig.phrases[n.Root], p...)
				}
			}
		}
	}
}

// RulePanic is a rule that panicked: a bug in vpcheck. Stack is the
// goroutine's stack, for VPCHECK_DEBUG.
type RulePanic struct {
	Rule  string
	Value any
	Stack []byte
}

func (e *RulePanic) Error() string { return fmt.Sprintf("rule %s panicked: %v", e.Rule, e.Value) }

// runRules runs the enabled rules: those whose analyses are safe for
// concurrent use in parallel, the others one after another (and alongside
// the first). Each rule
// reports into its own Pass, and the passes are read in registry order, so
// the result does not depend on scheduling.
func runRules(net *model.Network, cfg *Config, enabled []*Rule) ([]Finding, error) {
	if err := Validate(enabled); err != nil {
		return nil, err
	}
	shared := &sharedResults{results: map[*Analysis]*analysisResult{}, anchors: cfg.anchors}
	if d, ok := cfg.compiled[net]; ok {
		shared.seed(Plane, analyzer.New(d))
	}
	passes := make([]*Pass, len(enabled))
	errs := make([]error, len(enabled))
	var parallel, serial []int
	for i, r := range enabled {
		passes[i] = &Pass{Network: net, Rule: r, Assertions: cfg.Assertions, shared: shared, requires: r.Requires}
		if needsSerial(r) {
			serial = append(serial, i)
		} else {
			parallel = append(parallel, i)
		}
	}
	var done atomic.Int64
	runOne := func(i int) {
		if cfg.Progress != nil {
			defer func() { cfg.Progress(int(done.Add(1)), len(enabled)) }()
		}
		defer func() {
			if v := recover(); v != nil {
				errs[i] = &RulePanic{Rule: enabled[i].ID, Value: v, Stack: debug.Stack()}
			}
		}()
		if run := enabled[i].Run; run != nil {
			if err := run(passes[i]); err != nil {
				errs[i] = fmt.Errorf("rule %s: %w", enabled[i].ID, err)
			}
		}
	}

	// The serial rules run one after another, alongside the others: they
	// share the symbolic engine with each other only.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, i := range serial {
			runOne(i)
		}
	}()
	work := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(1, len(parallel))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				runOne(i)
			}
		}()
	}
	for _, i := range parallel {
		work <- i
	}
	close(work)
	wg.Wait()

	var out []Finding
	for i, p := range passes {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, p.findings...)
	}
	return out, nil
}

func needsSerial(r *Rule) bool {
	for _, a := range r.Requires {
		if a.serial() {
			return true
		}
	}
	return false
}
