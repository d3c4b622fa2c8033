package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/source"
)

// ConfigFileName is the name of the lint configuration file, looked for in
// the directory of the first PATH and its parents.
const ConfigFileName = ".vpcheck.hcl"

// Config is what .vpcheck.hcl and the command line say about a lint run.
// The zero value enables every rule at its default severity.
type Config struct {
	// File is the configuration file read ("" when there was none).
	File string
	// Rules holds the `rule` blocks by rule ID.
	Rules map[string]RuleConfig
	// Ignores are the `ignore` blocks.
	Ignores []IgnoreConfig
	// Assertions are the `assert` blocks, for the reachability rule.
	Assertions []Assertion
	// Enable and Disable are rule IDs from --enable and --disable; they win
	// over the file.
	Enable, Disable []string
	// Progress, when set, is called as each rule finishes with the number
	// done and the number enabled, from the goroutine that ran the rule
	// (concurrently: it must be safe for that). Not read from files.
	Progress func(done, total int)
	// Today decides which ignores have expired (zero: the current UTC date).
	Today time.Time

	// compiled are data planes already compiled, by network (a diff's).
	compiled map[*model.Network]*dataplane.Dataplane
	// anchors, when set, are the identities of the anchors in scope of the
	// rules with a Footprint (DiffFindings).
	anchors map[string]bool
}

// today is the date expiries are compared with.
func (c *Config) today() time.Time {
	if !c.Today.IsZero() {
		return c.Today
	}
	now := time.Now().UTC()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

// RuleConfig is a `rule "<id>" { enabled = bool, severity = "..." }` block.
type RuleConfig struct {
	ID string
	// Enabled is nil when the block does not say.
	Enabled *bool
	// Severity replaces the severity of every finding of the rule (0: keep).
	Severity Severity
	Range    hcl.Range
}

// IgnoreConfig is an `ignore { rule, resource, reason, expires }` block:
// findings of Rule on Resource are suppressed. Resource is a glob (*
// matches any run of characters: "module.vpc.*", "aws_route_table.private[*]";
// empty: every finding) matched against the finding's resource, its
// related resources and the objects its message names.
type IgnoreConfig struct {
	Rule, Resource, Reason string
	// Expires is the last day the ignore applies (zero: no end).
	Expires time.Time
	Range   hcl.Range
}

// Assertion is an `assert "name" { from, to, protocol, port, expect }`
// block: a reachability expectation the reachability rule checks.
type Assertion struct {
	Name     string
	From, To string
	// Protocol is model.ProtoAll when the block does not say.
	Protocol model.Protocol
	// Ports are the destination ports (nil: all).
	Ports *model.PortRange
	// Expect is "reachable" (replies included), "unreachable" (no
	// connection can be made), "forward" (the packets arrive, replies
	// aside) or "blocked" (no packet arrives), judged as reach --expect
	// judges (analyzer.Answer.Meets).
	Expect analyzer.Expectation
	Range  hcl.Range
}

// Expectations an assertion may state.
const (
	ExpectReachable   = analyzer.ExpectReachable
	ExpectUnreachable = analyzer.ExpectUnreachable
	ExpectForward     = analyzer.ExpectForward
	ExpectBlocked     = analyzer.ExpectBlocked
)

// Enabled returns the rules this configuration runs, in registry order: all
// but those a `rule` block disables, then --enable and --disable applied.
func (c *Config) Enabled() []*Rule {
	on := map[string]bool{}
	for _, r := range registry {
		on[r.ID] = true
		if rc, ok := c.Rules[r.ID]; ok && rc.Enabled != nil {
			on[r.ID] = *rc.Enabled
		}
	}
	for _, id := range c.Enable {
		on[id] = true
	}
	for _, id := range c.Disable {
		on[id] = false
	}
	var out []*Rule
	for _, r := range registry {
		if on[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// FindConfig returns the .vpcheck.hcl that applies to path: the first one
// in path's directory (path itself when it is a directory) or a parent,
// stopping after a repository root (a directory holding .git) or the
// filesystem root. found is false when there is none.
func FindConfig(path string) (file string, found bool, err error) {
	dir, err := filepath.Abs(path)
	if err != nil {
		return "", false, fmt.Errorf("finding %s for %s: %w", ConfigFileName, path, err)
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	for {
		candidate := filepath.Join(dir, ConfigFileName)
		switch info, err := os.Stat(candidate); {
		case err == nil && !info.IsDir():
			return candidate, true, nil
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return "", false, fmt.Errorf("finding %s: %w", ConfigFileName, err)
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "", false, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false, nil
		}
		dir = parent
	}
}

// configFile is the schema of .vpcheck.hcl.
type configFile struct {
	Rules   []ruleBlock   `hcl:"rule,block"`
	Ignores []ignoreBlock `hcl:"ignore,block"`
	Asserts []assertBlock `hcl:"assert,block"`
	// OnPrem blocks declare on-premises networks; the loader reads them
	// (model/load/sites.go).
	OnPrem []struct {
		Name string   `hcl:"name,label"`
		Body hcl.Body `hcl:",remain"`
	} `hcl:"on_prem,block"`
}

type ruleBlock struct {
	ID       string         `hcl:"id,label"`
	Enabled  *bool          `hcl:"enabled,optional"`
	Severity *hcl.Attribute `hcl:"severity,optional"`
	DefRange hcl.Range      `hcl:",def_range"`
}

type ignoreBlock struct {
	Rule     *hcl.Attribute `hcl:"rule,optional"`
	Resource *string        `hcl:"resource,optional"`
	Reason   *string        `hcl:"reason,optional"`
	Expires  *hcl.Attribute `hcl:"expires,optional"`
	DefRange hcl.Range      `hcl:",def_range"`
}

type assertBlock struct {
	Name     string         `hcl:"name,label"`
	From     string         `hcl:"from"`
	To       string         `hcl:"to"`
	Protocol *hcl.Attribute `hcl:"protocol,optional"`
	Port     *hcl.Attribute `hcl:"port,optional"`
	Expect   *hcl.Attribute `hcl:"expect,optional"`
	DefRange hcl.Range      `hcl:",def_range"`
}

// ParseConfig decodes a .vpcheck.hcl. Every mistake is a diagnostic (all
// of them, not the first); the returned file is for diagnostic snippets.
func ParseConfig(src []byte, filename string) (*Config, *hcl.File, hcl.Diagnostics) {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	cfg := &Config{File: filename, Rules: map[string]RuleConfig{}}
	if f == nil {
		return cfg, nil, diags
	}
	var raw configFile
	diags = append(diags, gohcl.DecodeBody(f.Body, nil, &raw)...)
	errAt := func(r hcl.Range, summary, detail string) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: r.Ptr()})
	}

	for _, b := range raw.Rules {
		if Lookup(b.ID) == nil {
			errAt(b.DefRange, fmt.Sprintf("unknown rule %q", b.ID), didYouMean(b.ID))
			continue
		}
		if prev, ok := cfg.Rules[b.ID]; ok {
			errAt(b.DefRange, fmt.Sprintf("rule %q is configured twice", b.ID), "The other block is at "+prev.Range.String()+".")
			continue
		}
		rc := RuleConfig{ID: b.ID, Enabled: b.Enabled, Range: b.DefRange}
		if b.Severity != nil {
			if s, ok := stringAttr(b.Severity, &diags); ok {
				sev, err := ParseSeverity(s)
				if err != nil {
					errAt(b.Severity.Expr.Range(), "invalid severity", capitalize(err.Error())+".")
				}
				rc.Severity = sev
			}
		}
		cfg.Rules[b.ID] = rc
	}

	for _, b := range raw.Ignores {
		ig := IgnoreConfig{Range: b.DefRange}
		if b.Rule == nil {
			errAt(b.DefRange, "ignore block has no rule", `Write rule = "<rule-id>".`)
			continue
		}
		if s, ok := stringAttr(b.Rule, &diags); ok {
			if Lookup(s) == nil {
				errAt(b.Rule.Expr.Range(), fmt.Sprintf("unknown rule %q", s), didYouMean(s))
				continue
			}
			ig.Rule = s
		} else {
			continue
		}
		if b.Resource != nil {
			ig.Resource = *b.Resource
		}
		if b.Reason == nil || strings.TrimSpace(*b.Reason) == "" {
			errAt(b.DefRange, "ignore block has no reason", `Say why the finding is acceptable: reason = "...".`)
			continue
		}
		ig.Reason = *b.Reason
		if b.Expires != nil {
			s, ok := stringAttr(b.Expires, &diags)
			if !ok {
				continue
			}
			d, err := parseDay(s)
			if err != nil {
				errAt(b.Expires.Expr.Range(), "invalid expiry date", fmt.Sprintf(`Write expires = "YYYY-MM-DD", as "2027-03-31", not %q.`, s))
				continue
			}
			ig.Expires = d
		}
		cfg.Ignores = append(cfg.Ignores, ig)
	}

	for _, b := range raw.Asserts {
		a := Assertion{Name: b.Name, From: b.From, To: b.To, Protocol: model.ProtoAll, Expect: ExpectReachable, Range: b.DefRange}
		if b.Protocol != nil {
			if s, ok := stringAttr(b.Protocol, &diags); ok {
				p, err := model.ParseProtocol(s)
				if err != nil {
					errAt(b.Protocol.Expr.Range(), "invalid protocol", capitalize(err.Error())+".")
				}
				a.Protocol = p
			}
		}
		if b.Port != nil {
			if s, ok := stringAttr(b.Port, &diags); ok {
				pr, err := model.ParsePortRange(s)
				if err != nil {
					errAt(b.Port.Expr.Range(), "invalid port", capitalize(err.Error())+".")
				}
				a.Ports = &pr
			}
		}
		if b.Expect != nil {
			if s, ok := stringAttr(b.Expect, &diags); ok {
				e, err := analyzer.ParseExpectation(s)
				if err != nil {
					errAt(b.Expect.Expr.Range(), "invalid expect", capitalize(err.Error())+".")
				}
				a.Expect = e
			}
		}
		cfg.Assertions = append(cfg.Assertions, a)
	}
	return cfg, f, diags
}

// LoadConfig reads and decodes a .vpcheck.hcl.
func LoadConfig(filename string) (*Config, *hcl.File, hcl.Diagnostics) {
	src, err := source.ReadFile(filename)
	if err != nil {
		return &Config{Rules: map[string]RuleConfig{}}, nil, hcl.Diagnostics{source.Diagnostic(filename, err)}
	}
	return ParseConfig(src, filename)
}

// stringAttr evaluates a constant attribute as a string (numbers and bools
// convert, so port = 443 reads as "443").
func stringAttr(a *hcl.Attribute, diags *hcl.Diagnostics) (string, bool) {
	v, d := a.Expr.Value(nil)
	*diags = append(*diags, d...)
	if d.HasErrors() || v.IsNull() || !v.IsWhollyKnown() {
		return "", false
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		*diags = append(*diags, &hcl.Diagnostic{Severity: hcl.DiagError,
			Summary: fmt.Sprintf("%s must be a string", a.Name), Subject: a.Expr.Range().Ptr()})
		return "", false
	}
	return s.AsString(), true
}

// didYouMean is the detail of an unknown-rule diagnostic.
func didYouMean(id string) string {
	if s := Similar(id); len(s) > 0 {
		return fmt.Sprintf("Did you mean %q? 'vpcheck rules' lists every rule.", s[0])
	}
	return "'vpcheck rules' lists every rule."
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ignores returns the config's ignore blocks in the form inline ones take.
func (c *Config) ignores() []*ignore {
	out := make([]*ignore, 0, len(c.Ignores))
	for _, ig := range c.Ignores {
		out = append(out, &ignore{rules: []string{ig.Rule}, resource: ig.Resource, reason: ig.Reason, at: ig.Range, config: true, expires: ig.Expires})
	}
	return out
}
