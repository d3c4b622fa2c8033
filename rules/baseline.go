package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model/load/source"
)

// A baseline records the findings a team accepts for now, so that lint
// fails only on new ones (as tflint's and Checkov's baselines do). Entries
// are matched by root and Finding.Fingerprint, which no line number,
// file name or block order enters: moving or reformatting code keeps them.
//
// The file is JSON, one entry per line, sorted, so a change to it reads as
// a diff of the findings added and fixed:
//
//	{
//	  "version": 1,
//	  "findings": [
//	    {"fingerprint": "…", "rule": "cidr-overlap", "resource": "aws_subnet.a", "message": "…"}
//	  ]
//	}

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// BaselineEntry is one accepted finding. Rule, resource and message are
// there for the reader of the file; matching uses Root and Fingerprint.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Resource    string `json:"resource,omitempty"`
	Root        string `json:"root,omitempty"`
	Message     string `json:"message"`
	// line is where the entry is written in the file read.
	line int
}

// Baseline is a set of accepted findings.
type Baseline struct {
	// File is the file it was read from.
	File    string
	Entries []BaselineEntry
}

type baselineFile struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// NewBaseline records findings (unused-ignore findings too: an ignore a
// team has not cleaned up yet is accepted like any other finding). root
// maps a finding's Root to the form the file records (the command makes it
// relative to the baseline's directory, so that it does not depend on how
// a PATH was spelled).
func NewBaseline(findings []Finding, root func(string) string) *Baseline {
	b := &Baseline{}
	seen := map[string]bool{}
	for _, f := range findings {
		e := BaselineEntry{Fingerprint: f.Fingerprint(), Rule: f.Rule, Resource: f.Resource, Root: root(f.Root), Message: f.Message}
		if key := e.key(); !seen[key] {
			seen[key] = true
			b.Entries = append(b.Entries, e)
		}
	}
	sort.Slice(b.Entries, func(i, j int) bool {
		x, y := b.Entries[i], b.Entries[j]
		for _, c := range [][2]string{{x.Root, y.Root}, {x.Rule, y.Rule}, {x.Resource, y.Resource}, {x.Fingerprint, y.Fingerprint}} {
			if c[0] != c[1] {
				return c[0] < c[1]
			}
		}
		return false
	})
	return b
}

func (e BaselineEntry) key() string { return e.Root + "\x00" + e.Fingerprint }

// Marshal encodes the baseline: sorted, one entry per line, so the same
// findings always give the same bytes.
func (b *Baseline) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "{\n  \"version\": %d,\n  \"findings\": [", BaselineVersion)
	for i, e := range b.Entries {
		line, err := marshalCompact(e)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n    ")
		buf.Write(line)
	}
	if len(b.Entries) > 0 {
		buf.WriteString("\n  ")
	}
	buf.WriteString("]\n}\n")
	return buf.Bytes(), nil
}

func marshalCompact(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding the baseline: %w", err)
	}
	// One space after each separator would need a re-encode; the compact
	// form is as diff-friendly.
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// ReadBaseline reads a baseline file. The returned file is for snippets of
// the findings about stale entries.
func ReadBaseline(filename string) (*Baseline, *hcl.File, hcl.Diagnostics) {
	src, err := source.ReadFile(filename)
	if err != nil {
		return nil, nil, hcl.Diagnostics{source.Diagnostic(filename, err)}
	}
	file := &hcl.File{Bytes: src}
	var doc baselineFile
	if err := json.Unmarshal(src, &doc); err != nil {
		return nil, file, hcl.Diagnostics{{Severity: hcl.DiagError,
			Summary: fmt.Sprintf("%s is not a vpcheck baseline: %v", filename, err),
			Detail:  "Write one with vpcheck lint --write-baseline " + filename + ".",
			Subject: &hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos}}}
	}
	if doc.Version != BaselineVersion {
		return nil, file, hcl.Diagnostics{{Severity: hcl.DiagError,
			Summary: fmt.Sprintf("%s is a baseline of version %d; this vpcheck reads version %d", filename, doc.Version, BaselineVersion),
			Subject: &hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos}}}
	}
	lines := strings.Split(string(src), "\n")
	next := 0
	for i := range doc.Findings {
		needle := `"` + doc.Findings[i].Fingerprint + `"`
		for j := next; j < len(lines); j++ {
			if strings.Contains(lines[j], needle) {
				doc.Findings[i].line, next = j+1, j+1
				break
			}
		}
	}
	return &Baseline{File: filename, Entries: doc.Findings}, file, nil
}

// Apply divides findings into the new ones and those the baseline accepts,
// and reports as findings of rule unused-ignore the entries that match no
// finding (the problem is fixed: the entry should go). root is as for
// NewBaseline.
func (b *Baseline) Apply(findings []Finding, root func(string) string) (fresh, accepted, stale []Finding) {
	used := map[string]bool{}
	entries := map[string]bool{}
	for _, e := range b.Entries {
		entries[e.key()] = true
	}
	for _, f := range findings {
		key := BaselineEntry{Root: root(f.Root), Fingerprint: f.Fingerprint()}.key()
		if entries[key] {
			used[key] = true
			accepted = append(accepted, f)
		} else {
			fresh = append(fresh, f)
		}
	}
	for _, e := range b.Entries {
		if used[e.key()] {
			continue
		}
		at := hcl.Range{Filename: b.File, Start: hcl.Pos{Line: max(e.line, 1), Column: 1}, End: hcl.Pos{Line: max(e.line, 1), Column: 1}}
		what := e.Rule
		if e.Resource != "" {
			what += " on " + e.Resource
		}
		if e.Root != "" {
			what += " in " + e.Root
		}
		stale = append(stale, Finding{
			Rule:     UnusedIgnore.ID,
			Severity: UnusedIgnore.Severity,
			Message:  fmt.Sprintf("baseline entry for %s matches no finding: %s", what, e.Message),
			Range:    at,
			Root:     e.Root,
			Fix:      "The finding is fixed: remove the entry, or write the baseline again with --write-baseline.",
		})
	}
	return fresh, accepted, stale
}
