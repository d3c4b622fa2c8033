package model

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Limits on what a Collector keeps. A mistake repeated throughout a large
// input (50 MB of one duplicated block) used to give hundreds of thousands
// of diagnostics and gigabytes of memory; no one reads past the first few
// of a kind, so past the limit a kind is counted, not kept.
const (
	// DiagnosticLimit is how many diagnostics of one kind are kept.
	DiagnosticLimit = 100
	// SyntaxErrorLimit is how many syntax errors of one file are kept: past
	// the first few, a parser recovering from junk reports noise.
	SyntaxErrorLimit = 5
)

// Collector gathers diagnostics, keeping the first DiagnosticLimit of each
// kind and counting the rest. Diagnostics are of one kind when their
// summaries differ only in quoted names and numbers (duplicate vpc "a",
// duplicate vpc "b"). Producers collect into one as they go, so that memory
// follows the input's objects, not its errors; a collector takes another's
// output as its own input and adds up what that one left out. The zero
// value is ready to use.
type Collector struct {
	kept  hcl.Diagnostics
	kinds map[string]*kindCount
	// overflowed lists the kinds past their limit, in the order they got
	// there, so that output is deterministic.
	overflowed []string
}

type kindCount struct {
	kept, dropped int
	// first is the first diagnostic left out: the one that stands for the others.
	first *hcl.Diagnostic
	what  string
}

// overflow marks a diagnostic that stands for n left out of a kind (itself
// included); it travels in hcl.Diagnostic.Extra.
type overflow struct {
	kind  string
	first *hcl.Diagnostic
	n     int
	what  string
}

// Add collects diagnostics.
func (c *Collector) Add(diags ...*hcl.Diagnostic) {
	for _, d := range diags {
		c.add(d, kindOf(d.Summary), DiagnosticLimit, "like this")
	}
}

// AddSyntax collects a parser's diagnostics for one file, keeping its first
// SyntaxErrorLimit errors.
func (c *Collector) AddSyntax(diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError || d.Subject == nil {
			c.Add(d)
			continue
		}
		c.add(d, "syntax\x00"+d.Subject.Filename, SyntaxErrorLimit, "syntax errors in this file")
	}
}

func (c *Collector) add(d *hcl.Diagnostic, kind string, limit int, what string) {
	if c.kinds == nil {
		c.kinds = map[string]*kindCount{}
	}
	if ov, ok := d.Extra.(*overflow); ok {
		k := c.count(ov.kind, ov.what)
		c.drop(k, ov.kind, ov.first, ov.n)
		return
	}
	k := c.count(kind, what)
	if k.kept < limit {
		k.kept++
		c.kept = append(c.kept, d)
		return
	}
	c.drop(k, kind, d, 1)
}

func (c *Collector) count(kind, what string) *kindCount {
	k := c.kinds[kind]
	if k == nil {
		k = &kindCount{what: what}
		c.kinds[kind] = k
	}
	return k
}

func (c *Collector) drop(k *kindCount, kind string, d *hcl.Diagnostic, n int) {
	if k.first == nil {
		k.first = d
		c.overflowed = append(c.overflowed, kind)
	}
	k.dropped += n
}

// HasErrors reports whether any error was collected.
func (c *Collector) HasErrors() bool {
	for _, d := range c.kept {
		if d.Severity == hcl.DiagError {
			return true
		}
	}
	for _, kind := range c.overflowed {
		if c.kinds[kind].first.Severity == hcl.DiagError {
			return true
		}
	}
	return false
}

// Diagnostics returns what was kept and, for each kind past its limit, the
// first diagnostic left out, saying how many more like it there are.
func (c *Collector) Diagnostics() hcl.Diagnostics {
	out := c.kept[:len(c.kept):len(c.kept)]
	for _, kind := range c.overflowed {
		k := c.kinds[kind]
		if k.dropped == 1 {
			out = append(out, k.first)
			continue
		}
		d := *k.first
		d.Summary = fmt.Sprintf("%s (and %d more %s)", k.first.Summary, k.dropped-1, k.what)
		note := fmt.Sprintf("vpcheck shows the first %d diagnostics like this one; fix those and run again to see the rest.", DiagnosticLimit)
		if strings.HasPrefix(kind, "syntax\x00") {
			note = fmt.Sprintf("vpcheck reports only the first %d syntax errors of a file: is it the file you meant? Fix those and run again.", SyntaxErrorLimit)
		}
		if d.Detail != "" {
			note = d.Detail + "\n\n" + note
		}
		d.Detail = note
		d.Extra = &overflow{kind: kind, first: k.first, n: k.dropped, what: k.what}
		out = append(out, &d)
	}
	return out
}

// kindOf is a summary with its quoted strings and numbers blanked out: what
// diagnostics of one kind have in common.
func kindOf(summary string) string {
	if !strings.ContainsAny(summary, "\"0123456789") {
		return summary
	}
	var b strings.Builder
	b.Grow(len(summary))
	for i := 0; i < len(summary); i++ {
		switch c := summary[i]; {
		case c == '"':
			b.WriteString(`""`)
			for i++; i < len(summary) && summary[i] != '"'; i++ {
				if summary[i] == '\\' {
					i++
				}
			}
		case c >= '0' && c <= '9':
			b.WriteByte('0')
			for i+1 < len(summary) && summary[i+1] >= '0' && summary[i+1] <= '9' {
				i++
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
