// Package rules is vpcheck's lint framework and its rule catalog.
//
// A rule is a value (Rule) with a stable kebab-case ID, a default severity,
// documentation and a Run function that reads the network through a Pass
// and reports Findings. Rules never print, read files or keep state between
// runs; expensive results several rules need (the compiled data plane, an
// index of every assigned address) are Analyses, computed once per Run and
// shared. Run applies the user's configuration (enabled rules, severity
// overrides, ignores) and returns the findings in a deterministic order.
package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/model"
)

// Severity is how serious a finding is. The zero value means "the rule's
// default" in a Finding a rule reports.
type Severity int

// Severities, in increasing order: a notice is hygiene, a warning a likely
// mistake, an error something that breaks traffic or that AWS rejects.
const (
	Notice Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Notice:
		return "notice"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "unknown"
}

// ParseSeverity reads "error", "warning" or "notice".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "notice":
		return Notice, nil
	}
	return 0, fmt.Errorf("severity %q is not error, warning or notice", s)
}

// Doc documents a rule: what `vpcheck explain` prints and docs/rules/<id>.md holds.
type Doc struct {
	// Title is one line, lowercase, no trailing period.
	Title string
	// Text explains what the rule detects, why it matters and how to fix
	// it, citing the AWS documentation.
	Text string
	// Bad and Good are small native-format examples: one the rule reports,
	// one it does not.
	Bad, Good string
}

// Rule is one check. Rules are values registered in All; their IDs are
// stable (never renamed: deprecate instead).
type Rule struct {
	ID       string
	Severity Severity
	Doc      Doc
	// Requires lists the shared analyses Run reads with Pass.ResultOf. A
	// rule that requires an analysis that is not safe for concurrent use
	// (Analysis.Serial) runs alone.
	Requires []*Analysis
	// Run inspects p.Network and reports findings with p.Report. An error
	// means the rule could not do its job (vpcheck's failure, not the
	// network's).
	Run func(p *Pass) error
	// Locality, when set, describes the explorations of the data plane the
	// rule and the analyses it requires make, and what of the model they
	// read besides: `vpcheck diff` skips, on both sides, a rule a change
	// provably cannot affect (impact.Result.Unaffected). Nil means the rule
	// is always re-run (the model-level rules, which together cost less
	// than finding what a change touches). A declaration must cover every
	// exploration the rule makes: the diff agreement test checks it.
	Locality *impact.Explorations
	// Footprint, when set with Locality, says the rule's findings are
	// made per anchor object and each anchor's depend, besides the
	// explorations Locality covers, only on the objects Footprint lists
	// for it (the anchor included): a diff runs the rule on both sides for
	// the anchors whose footprint, on either side, holds a changed object
	// (Pass.InScope), and the other anchors' findings are the same.
	Footprint func(n *model.Network) map[model.Object][]model.Object
}

// Finding is one problem a rule found, at one place.
type Finding struct {
	Rule     string
	Severity Severity
	// Message is lowercase with no trailing period and names the objects
	// and CIDRs involved.
	Message string
	// Range is where the problem is written (the route, block or rule).
	Range hcl.Range
	// Resource is the address of the object at fault: its Terraform
	// address when known, else kind.name (see Address).
	Resource string
	// Related points at the other places involved (the other side of an
	// overlap, the route that hides another).
	Related []Related
	// Fix says how to fix it, in a sentence or two.
	Fix string
	// Facts, when set, is what defines the problem independently of how
	// objects are displayed (CIDRs, ports, addresses rather than Name
	// tags); Fingerprint uses it instead of Message.
	Facts string
	// Root names the network the finding is in when a run covers several
	// (root modules, snapshots): RunNetworks sets it. Fingerprint leaves it
	// out; a baseline records it beside the fingerprint.
	Root string
}

// Related is another place a finding involves.
type Related struct {
	Message  string
	Resource string
	Range    hcl.Range
}

// Address is how findings name an object: its Terraform address when the
// object came from Terraform, else kind.name in the native format's
// reference syntax (kind["name"] when the name is not an identifier).
func Address(o model.Object) string {
	m := o.Base()
	if m.TFAddr != "" {
		return m.TFAddr
	}
	if isIdentifier(m.Name) {
		return string(o.Kind()) + "." + m.Name
	}
	return fmt.Sprintf("%s[%q]", o.Kind(), m.Name)
}

// isIdentifier reports whether s is an HCL identifier as the native format
// allows in kind.name references.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && (r == '-' || r >= '0' && r <= '9'):
		default:
			return false
		}
	}
	return true
}

// name is how messages name an object: "kind name" with the kind in words
// ("route table app", "nat gateway nat-a").
func name(o model.Object) string {
	return o.Kind().Words() + " " + o.Base().Name
}

// SortFindings orders findings for output: by file, line, column, rule and
// message, so the same network always gives the same bytes.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Range.Filename != b.Range.Filename {
			return a.Range.Filename < b.Range.Filename
		}
		if a.Range.Start.Line != b.Range.Start.Line {
			return a.Range.Start.Line < b.Range.Start.Line
		}
		if a.Range.Start.Column != b.Range.Start.Column {
			return a.Range.Start.Column < b.Range.Start.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Message != b.Message {
			return a.Message < b.Message
		}
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		return a.Root < b.Root
	})
}
