package rules

import (
	"fmt"
	"strings"
	"sync"

	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/model"
)

// Analysis is a result several rules share, computed at most once per Run
// and only when a rule that requires it runs (go/analysis's "facts" in
// miniature). Run reads the analyses it lists in Requires, and only those,
// through the Pass it is given.
type Analysis struct {
	Name string
	// Requires lists the analyses Run reads. The graph they make is
	// checked before anything runs (Validate): no cycles.
	Requires []*Analysis
	Run      func(p *Pass) (any, error)
	// Serial marks results that are not safe for concurrent use (the
	// symbolic engine's BDD space): rules that require such an analysis,
	// directly or through another, run one after another, never alongside
	// each other.
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
	// requires is what this pass may read: the rule's Requires, or the
	// Requires of the analysis the pass runs.
	requires []*Analysis
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
// rule (or analysis) reads only what it lists in its Requires: the
// framework uses that list to decide what may run concurrently, so reading
// anything else is an error.
func (p *Pass) ResultOf(a *Analysis) (any, error) {
	for _, r := range p.requires {
		if r == a {
			return p.shared.get(a, p)
		}
	}
	return nil, fmt.Errorf("%s reads analysis %s without requiring it", p.Rule.ID, a.Name)
}

// resultOf is ResultOf with the result's type: the one accessor rules use.
func resultOf[T any](p *Pass, a *Analysis) (T, error) {
	var zero T
	v, err := p.ResultOf(a)
	if err != nil {
		return zero, err
	}
	t, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("analysis %s returned %T, not %T", a.Name, v, zero)
	}
	return t, nil
}

// mustResultOf is resultOf for analyses that cannot fail: an error is a
// programmer error (a missing Requires entry, a wrong type), which the
// rule's recover turns into a RulePanic naming the rule.
func mustResultOf[T any](p *Pass, a *Analysis) T {
	t, err := resultOf[T](p, a)
	if err != nil {
		panic(err)
	}
	return t
}

// Validate checks the rules' Requires graph as go/analysis validates its
// own: every analysis has a name and a Run, and no analysis requires
// itself through others.
func Validate(rs []*Rule) error {
	const (
		visiting = 1
		done     = 2
	)
	state := map[*Analysis]int{}
	var visit func(a *Analysis, path []string) error
	visit = func(a *Analysis, path []string) error {
		if a == nil || a.Name == "" || a.Run == nil {
			return fmt.Errorf("%s: an analysis without a name or Run", strings.Join(path, " -> "))
		}
		path = append(path, a.Name)
		switch state[a] {
		case visiting:
			return fmt.Errorf("analyses require each other in a cycle: %s", strings.Join(path, " -> "))
		case done:
			return nil
		}
		state[a] = visiting
		for _, b := range a.Requires {
			if err := visit(b, path); err != nil {
				return err
			}
		}
		state[a] = done
		return nil
	}
	for _, r := range rs {
		for _, a := range r.Requires {
			if err := visit(a, []string{"rule " + r.ID}); err != nil {
				return err
			}
		}
	}
	return nil
}

// serial reports whether a, or an analysis it requires however deeply, is
// not safe for concurrent use. Validate has ruled out cycles.
func (a *Analysis) serial() bool {
	if a.Serial {
		return true
	}
	for _, b := range a.Requires {
		if b.serial() {
			return true
		}
	}
	return false
}

// sharedResults holds the analyses of one Run.
type sharedResults struct {
	mu      sync.Mutex
	results map[*Analysis]*analysisResult
	// anchors are the identities of the anchors in scope (nil: all).
	anchors map[string]bool
}

// InScope reports whether a rule with a Footprint (or the analysis it
// requires) is to make its findings for anchor o: always in a lint; in a
// diff, only when o's footprint holds a changed object.
func (p *Pass) InScope(o model.Object) bool {
	return p.shared.anchors == nil || p.shared.anchors[impact.Identity(o)]
}

// seed sets the result of analysis a before the run (a data plane a diff
// has compiled already).
func (s *sharedResults) seed(a *Analysis, v any) {
	r := &analysisResult{value: v}
	r.once.Do(func() {})
	s.results[a] = r
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
		// The analysis may read the analyses it requires.
		ap := &Pass{Network: p.Network, Assertions: p.Assertions, shared: s,
			Rule: &Rule{ID: "analysis " + a.Name}, requires: a.Requires}
		r.value, r.err = a.Run(ap)
		if r.err != nil {
			r.err = fmt.Errorf("analysis %s: %w", a.Name, r.err)
		}
	})
	return r.value, r.err
}
