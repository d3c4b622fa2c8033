package rules

import (
	"sync"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/model"
)

// IgnoredRules are the rules an ignore names, inline in net's files or in
// cfg: whether an ignore suppresses a finding depends on where both are
// written, so a diff that skips a rule it proves unaffected (its findings
// are the same on both sides) must still run it when an ignore could
// treat those findings differently on each side.
func IgnoredRules(net *model.Network, cfg *Config) map[string]bool {
	ignores, _ := inlineIgnores(net.Files)
	if cfg != nil {
		ignores = append(ignores, cfg.ignores()...)
	}
	out := map[string]bool{}
	for _, ig := range ignores {
		for _, r := range ig.rules {
			out[r] = true
		}
	}
	return out
}

// Changes are the findings a change introduces and fixes.
type Changes struct {
	New, Fixed []Finding
	// Before and After are each side's findings from the rules that ran.
	Before, After []Finding
	// Diags are AFTER's lint diagnostics.
	Diags hcl.Diagnostics
	// Skipped are the rules proved unaffected, not run on either side;
	// Scoped those run on both sides for the anchors whose footprint
	// changed only; Rerun the local rules run in full on both, with why.
	Skipped []string
	Scoped  []string
	Rerun   []Rerun
}

// Rerun is a local rule run on both sides of a diff, and why.
type Rerun struct{ Rule, Reason string }

// DiffFindings lints both sides (at once: they are independent) with cfg
// and matches their findings by fingerprint. The rules whose Locality
// proves the change cannot affect them (res.Unaffected) are not run on
// either side: their findings are the same on both. A rule an ignore
// names always runs: whether the ignore applies depends on where things
// are written on each side.
func DiffFindings(res *impact.Result, before, after *model.Network, cfg *Config) (*Changes, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	out := &Changes{Skipped: []string{}, Scoped: []string{}, Rerun: []Rerun{}}
	fullAnchors := false
	ignored := IgnoredRules(before, cfg)
	for r := range IgnoredRules(after, nil) {
		ignored[r] = true
	}
	for _, r := range cfg.Enabled() {
		if r.Locality == nil {
			continue
		}
		if ignored[r.ID] {
			out.Rerun = append(out.Rerun, Rerun{r.ID, "an ignore names it"})
			continue
		}
		if ok, why := res.Unaffected(*r.Locality); !ok {
			out.Rerun = append(out.Rerun, Rerun{r.ID, why})
			if r.Footprint != nil {
				fullAnchors = true
			}
			continue
		}
		if r.Footprint != nil {
			out.Scoped = append(out.Scoped, r.ID)
			continue
		}
		out.Skipped = append(out.Skipped, r.ID)
	}
	c := *cfg
	c.Disable = append(append([]string(nil), cfg.Disable...), out.Skipped...)
	if len(out.Scoped) > 0 && !fullAnchors {
		c.anchors = anchorsInScope(res, before, after, &c)
	}
	if res.Before != nil && res.After != nil {
		c.compiled = map[*model.Network]*dataplane.Dataplane{before: res.Before.Dataplane(), after: res.After.Dataplane()}
	}
	run := &c
	var errB, errA error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		out.Before, _, errB = Run(before, run)
	}()
	out.After, out.Diags, errA = Run(after, run)
	wg.Wait()
	if errB != nil {
		return nil, errB
	}
	if errA != nil {
		return nil, errA
	}
	out.New, out.Fixed = MatchFindings(out.Before, out.After)
	return out, nil
}

// anchorsInScope are the identities of the anchors, of the enabled rules
// with a Footprint, whose footprint on either side holds an object the
// change added, removed or changed.
func anchorsInScope(res *impact.Result, before, after *model.Network, cfg *Config) map[string]bool {
	changed := map[model.Object]bool{}
	for _, c := range res.Model.Changes {
		if c.Before != nil {
			changed[c.Before] = true
		}
		if c.After != nil {
			changed[c.After] = true
		}
	}
	out := map[string]bool{}
	for _, r := range cfg.Enabled() {
		if r.Footprint == nil {
			continue
		}
		for _, n := range []*model.Network{before, after} {
			for anchor, objs := range r.Footprint(n) {
				for _, o := range objs {
					if changed[o] {
						out[impact.Identity(anchor)] = true
						break
					}
				}
			}
		}
	}
	return out
}

// MatchFindings matches two sides' findings by fingerprint, as multisets:
// what AFTER has beyond BEFORE is new, what BEFORE has beyond AFTER fixed.
func MatchFindings(before, after []Finding) (added, fixed []Finding) {
	count := func(fs []Finding) map[string]int {
		m := map[string]int{}
		for _, f := range fs {
			m[f.Fingerprint()]++
		}
		return m
	}
	cb, ca := count(before), count(after)
	for _, f := range after {
		if k := f.Fingerprint(); cb[k] > 0 {
			cb[k]--
		} else {
			added = append(added, f)
		}
	}
	for _, f := range before {
		if k := f.Fingerprint(); ca[k] > 0 {
			ca[k]--
		} else {
			fixed = append(fixed, f)
		}
	}
	return added, fixed
}
