package rules

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vpcheck/vpcheck/model"
)

// ignoreMarker starts an inline suppression comment:
//
//	# vpcheck:ignore <rule-id>[,<rule-id>...] <reason>
//
// on the line of the finding (trailing) or on its own line directly above
// it. When that line opens a block ({ ... }), the ignore covers the whole
// block, so a comment above a route_table also covers its routes.
const ignoreMarker = "vpcheck:ignore"

// ignore is one suppression, inline or from the config.
type ignore struct {
	rules  []string
	reason string
	// Inline ignores cover lines first..last of file.
	file        string
	first, last int
	// module is set for an inline ignore above a Terraform module block:
	// "module.NAME", whose resources it covers in the roots that read file.
	module string
	roots  map[string]bool
	// Config ignores match a resource pattern (a glob: * matches any run
	// of characters; empty matches every finding): the finding's resource,
	// its related resources, or an object its message names, which
	// phrases holds per root ("vpc legacy" for pattern vpc.legacy).
	resource string
	phrases  map[string][]string
	config   bool
	// expires is the last day the ignore applies (zero: no end).
	expires time.Time
	// at is where the ignore is written.
	at   hcl.Range
	used bool
}

func (ig *ignore) matches(f *Finding) bool {
	ruleOK := false
	for _, r := range ig.rules {
		if r == f.Rule {
			ruleOK = true
		}
	}
	if !ruleOK {
		return false
	}
	if ig.config {
		if ig.resource == "" || globMatch(ig.resource, f.Resource) {
			return true
		}
		for _, r := range f.Related {
			if r.Resource != "" && globMatch(ig.resource, r.Resource) {
				return true
			}
		}
		for _, p := range ig.phrases[f.Root] {
			if containsName(f.Message, p) {
				return true
			}
		}
		return false
	}
	if ig.module != "" && ig.roots[f.Root] && inModule(f.Resource, ig.module) {
		return true
	}
	return f.Range.Filename == ig.file && ig.first <= f.Range.Start.Line && f.Range.Start.Line <= ig.last
}

// inModule reports whether a Terraform address is of a resource module
// call module (module.NAME) creates, directly or through its own modules,
// for every instance of a module with count or for_each.
func inModule(addr, module string) bool {
	rest, ok := strings.CutPrefix(addr, module)
	return ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "["))
}

// globMatch matches s against pattern, where * stands for any run of
// characters (dots and brackets included) and everything else is itself:
// module.vpc.* and aws_route_table.private[*] read as written.
func globMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// containsName reports whether msg names an object as phrase ("vpc legacy"),
// not as the start of a longer name ("vpc legacy-2").
func containsName(msg, phrase string) bool {
	for i := 0; ; {
		j := strings.Index(msg[i:], phrase)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(phrase)
		if (start == 0 || !nameByte(msg[start-1])) && (end == len(msg) || !nameByte(msg[end])) {
			return true
		}
		i = start + 1
	}
}

// nameByte is a byte that continues a name or an address.
func nameByte(c byte) bool {
	return c == '-' || c == '_' || c == '.' || c == '[' || c == '"' ||
		c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// objectPhrases returns how messages name the objects of net that pattern
// picks out, by address (Terraform or kind.name), name or AWS id.
func objectPhrases(net *model.Network, pattern string) []string {
	if pattern == "" || net == nil {
		return nil
	}
	var out []string
	for _, o := range net.Objects() {
		m := o.Base()
		if m.Implicit {
			continue
		}
		if globMatch(pattern, Address(o)) || globMatch(pattern, m.Name) || m.AWSID != "" && pattern == m.AWSID ||
			globMatch(pattern, string(o.Kind())+"."+m.Name) {
			out = append(out, name(o))
		}
	}
	return out
}

// ignorable says which inputs may carry inline ignores: the HCL formats a
// person writes. JSON inputs are generated; their findings are suppressed
// with ignore blocks in .vpcheck.hcl.
func ignorable(filename string) bool {
	return strings.HasSuffix(filename, ".net.hcl") || strings.HasSuffix(filename, ".tf")
}

// inlineIgnores finds every ignore comment in the input files. Comments
// are read with hcl's own lexer, so a "#" inside a string is never taken
// for one; files without the marker are not lexed at all.
func inlineIgnores(files map[string]*hcl.File) ([]*ignore, hcl.Diagnostics) {
	names := make([]string, 0, len(files))
	for name, f := range files {
		if f != nil && ignorable(name) && bytes.Contains(f.Bytes, []byte(ignoreMarker)) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []*ignore
	var diags hcl.Diagnostics
	for _, name := range names {
		igs, d := fileIgnores(name, files[name].Bytes)
		out = append(out, igs...)
		diags = append(diags, d...)
	}
	return out, diags
}

func fileIgnores(filename string, src []byte) ([]*ignore, hcl.Diagnostics) {
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	lines := newLineIndex(tokens)
	var out []*ignore
	var diags hcl.Diagnostics
	warn := func(r hcl.Range, summary, detail string) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail, Subject: r.Ptr()})
	}
	for i, t := range tokens {
		if t.Type != hclsyntax.TokenComment {
			continue
		}
		text := commentText(t.Bytes)
		rest, ok := strings.CutPrefix(text, ignoreMarker)
		if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			warn(t.Range, "vpcheck:ignore names no rule", "Write # vpcheck:ignore <rule-id> <reason>.")
			continue
		}
		ids := strings.Split(fields[0], ",")
		reason := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), fields[0]))
		var expires time.Time
		if exp, ok := expiryField(fields[1:]); ok {
			reason = strings.Join(strings.Fields(strings.Replace(reason, "exp:"+exp, "", 1)), " ")
			d, err := parseDay(exp)
			if err != nil {
				warn(t.Range, "vpcheck:ignore with an invalid expiry date", fmt.Sprintf(
					"Write exp:YYYY-MM-DD, as exp:2027-03-31, not exp:%s. Until then the ignore suppresses nothing.", exp))
				continue
			}
			expires = d
		}
		known := true
		for _, id := range ids {
			if Lookup(id) == nil {
				warn(t.Range, fmt.Sprintf("vpcheck:ignore names unknown rule %q", id), didYouMean(id))
				known = false
			}
		}
		if !known {
			continue
		}
		if reason == "" {
			warn(t.Range, "vpcheck:ignore without a reason", fmt.Sprintf(
				"An ignore must say why the finding is acceptable: # vpcheck:ignore %s <reason>. Without one it suppresses nothing.", fields[0]))
			continue
		}
		line := t.Range.Start.Line
		if lines.standalone(i) {
			line = lines.nextCodeLine(line)
		}
		out = append(out, &ignore{rules: ids, reason: reason, file: filename, expires: expires,
			first: line, last: lines.blockEnd(line), at: t.Range, module: lines.moduleAt(line, filename)})
	}
	return out, diags
}

// expiryField finds the exp:DATE field of an ignore comment's reason.
func expiryField(fields []string) (string, bool) {
	for _, f := range fields {
		if d, ok := strings.CutPrefix(f, "exp:"); ok {
			return d, true
		}
	}
	return "", false
}

// parseDay reads a date as YYYY-MM-DD.
func parseDay(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, s)
}

// commentText strips a comment's delimiters: "# x", "// x", "/* x */".
func commentText(b []byte) string {
	s := strings.TrimSpace(string(b))
	switch {
	case strings.HasPrefix(s, "#"):
		s = s[1:]
	case strings.HasPrefix(s, "//"):
		s = s[2:]
	case strings.HasPrefix(s, "/*"):
		s = strings.TrimSuffix(s[2:], "*/")
	}
	return strings.TrimSpace(s)
}

// lineIndex answers questions about the lines of a token stream.
type lineIndex struct {
	tokens hclsyntax.Tokens
	// code holds the lines that carry a token other than a comment or newline.
	code map[int]bool
	// blockEnd maps a line to the last line of the brace-delimited block
	// or object that opens on it.
	ends map[int]int
}

func newLineIndex(tokens hclsyntax.Tokens) *lineIndex {
	li := &lineIndex{tokens: tokens, code: map[int]bool{}, ends: map[int]int{}}
	var open []int // lines of the unclosed "{"
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenComment, hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			continue
		case hclsyntax.TokenOBrace:
			open = append(open, t.Range.Start.Line)
		case hclsyntax.TokenCBrace:
			if n := len(open); n > 0 {
				start := open[n-1]
				open = open[:n-1]
				if end := t.Range.End.Line; end > li.ends[start] {
					li.ends[start] = end
				}
			}
		}
		li.code[t.Range.Start.Line] = true
	}
	return li
}

// standalone reports whether comment token i is alone on its line.
func (li *lineIndex) standalone(i int) bool {
	return !li.code[li.tokens[i].Range.Start.Line]
}

// nextCodeLine is the first line after line that carries code.
func (li *lineIndex) nextCodeLine(line int) int {
	last := 0
	if n := len(li.tokens); n > 0 {
		last = li.tokens[n-1].Range.End.Line
	}
	for l := line + 1; l <= last; l++ {
		if li.code[l] {
			return l
		}
	}
	return line + 1
}

// moduleAt returns "module.NAME" when line of a Terraform file opens a
// module block (module "NAME" {), else "".
func (li *lineIndex) moduleAt(line int, filename string) string {
	if !strings.HasSuffix(filename, ".tf") {
		return ""
	}
	var toks []hclsyntax.Token
	for _, t := range li.tokens {
		if t.Range.Start.Line == line && t.Type != hclsyntax.TokenComment {
			toks = append(toks, t)
			if len(toks) == 4 {
				break
			}
		}
	}
	if len(toks) < 4 || toks[0].Type != hclsyntax.TokenIdent || string(toks[0].Bytes) != "module" ||
		toks[1].Type != hclsyntax.TokenOQuote || toks[2].Type != hclsyntax.TokenQuotedLit {
		return ""
	}
	return "module." + string(toks[2].Bytes)
}

// blockEnd is the last line the ignore covers when it applies to line.
func (li *lineIndex) blockEnd(line int) int {
	if end, ok := li.ends[line]; ok {
		return end
	}
	return line
}

// expire sets aside the ignores whose last day is before today: they
// suppress nothing any more, and a warning at each says so.
func expire(ignores []*ignore, today time.Time) ([]*ignore, hcl.Diagnostics) {
	var live []*ignore
	var diags hcl.Diagnostics
	for _, ig := range ignores {
		if !ig.expires.IsZero() && today.After(ig.expires) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning,
				Summary: fmt.Sprintf("ignore for %s expired on %s", strings.Join(ig.rules, ","), ig.expires.Format(time.DateOnly)),
				Detail:  "It no longer suppresses anything. Fix what it was written for, or renew it with a later date and the reason it still holds.",
				Subject: ig.at.Ptr()})
			continue
		}
		live = append(live, ig)
	}
	return live, diags
}

// Ignored is a finding an ignore suppressed, and the ignore's reason.
type Ignored struct {
	Finding
	Reason string
	// InSource is true for an inline comment, false for a config block.
	InSource bool
}

// suppress drops the findings an ignore matches, marking those ignores
// used, and returns them apart with the first matching ignore's reason.
func suppress(findings []Finding, ignores []*ignore) ([]Finding, []Ignored) {
	if len(ignores) == 0 {
		return findings, nil
	}
	var ignored []Ignored
	out := findings[:0]
	for i := range findings {
		var by *ignore
		for _, ig := range ignores {
			if ig.matches(&findings[i]) {
				ig.used = true
				if by == nil {
					by = ig
				}
			}
		}
		if by == nil {
			out = append(out, findings[i])
			continue
		}
		ignored = append(ignored, Ignored{Finding: findings[i], Reason: by.reason, InSource: !by.config})
	}
	return out, ignored
}

// unusedIgnoreFindings reports the ignores that suppressed nothing, among
// those whose rules all ran: an ignore for a rule that did not run is never
// reported (the rule may be disabled on purpose).
func unusedIgnoreFindings(ignores []*ignore, ran map[string]bool) []Finding {
	var out []Finding
	for _, ig := range ignores {
		if ig.used {
			continue
		}
		allRan := true
		for _, r := range ig.rules {
			if !ran[r] {
				allRan = false
			}
		}
		if !allRan {
			continue
		}
		what := "inline ignore"
		if ig.config {
			what = "ignore block in " + ConfigFileName
		}
		target := "this line or the block below it"
		if ig.module != "" {
			target = "this line, the block below it or what " + ig.module + " creates"
		}
		if ig.config {
			target = "any resource"
			if ig.resource != "" {
				target = "resource " + ig.resource
			}
		}
		out = append(out, Finding{
			Rule:     UnusedIgnore.ID,
			Severity: UnusedIgnore.Severity,
			Message:  fmt.Sprintf("%s for %s suppresses nothing: no %s finding on %s", what, strings.Join(ig.rules, ","), strings.Join(ig.rules, " or "), target),
			Range:    ig.at,
			Fix:      "Remove the ignore, or move it onto (or directly above) the line the finding points at.",
		})
	}
	return out
}
