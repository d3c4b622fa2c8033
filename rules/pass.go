package rules

import (
	"fmt"
	"sync"

	"github.com/vpcheck/vpcheck/model"
)

// Analysis is a result several rules share, computed at most once per Run
// and only when a rule that requires it runs (go/analysis's "facts" in
// miniature). Run may read other analyses through the Pass it is given.
type Analysis struct {
	Name string
	Run  func(p *Pass) (any, error)
	// Serial marks results that are not safe for concurrent use (the
	// symbolic engine's BDD space): rules that require such an analysis
	// run one after another, never alongside each other.
	Serial bool
}

// Pass is what a rule sees: the network, the user's assertions, the shared
// results, and where to report.
type Pass struct {
	Network *model.Network
	// Rule is the rule being run.
	Rule *Rule
	// Assertions are the `assert` blocks of .vpcheck.hcl, for the
	// reachability rule.
	Assertions []Assertion

	shared   *sharedResults
	findings []Finding
	// analysis is set on the pass an Analysis runs with: it may read any
	// other analysis.
	analysis bool
}

// Report records a finding. Rule is filled in; a zero Severity means the
// rule's default.
func (p *Pass) Report(f Finding) {
	f.Rule = p.Rule.ID
	if f.Severity == 0 {
		f.Severity = p.Rule.Severity
	}
	p.findings = append(p.findings, f)
}

// ResultOf returns the result of analysis a, computing it on first use. A
// rule must list a in its Requires (the framework uses Requires to decide
// what may run concurrently); asking for one it does not list panics, as a
// programmer error.
func (p *Pass) ResultOf(a *Analysis) (any, error) {
	listed := p.analysis
	for _, r := range p.Rule.Requires {
		if r == a {
			listed = true
		}
	}
	if !listed {
		panic(fmt.Sprintf("rules: rule %s reads analysis %s without requiring it", p.Rule.ID, a.Name))
	}
	return p.shared.get(a, p)
}

// sharedResults holds the analyses of one Run.
type sharedResults struct {
	mu      sync.Mutex
	results map[*Analysis]*analysisResult
}

type analysisResult struct {
	once  sync.Once
	value any
	err   error
}

func (s *sharedResults) get(a *Analysis, p *Pass) (any, error) {
	s.mu.Lock()
	r, ok := s.results[a]
	if !ok {
		r = &analysisResult{}
		s.results[a] = r
	}
	s.mu.Unlock()
	r.once.Do(func() {
		// The analysis may itself read other analyses: give it a pass that
		// may read anything.
		ap := &Pass{Network: p.Network, Assertions: p.Assertions, shared: s,
			Rule: &Rule{ID: "analysis:" + a.Name}, analysis: true}
		r.value, r.err = a.Run(ap)
		if r.err != nil {
			r.err = fmt.Errorf("analysis %s: %w", a.Name, r.err)
		}
	})
	return r.value, r.err
}
