package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/rules"
)

// JUnit XML, as CI systems (Jenkins, GitLab, Azure Pipelines) read it: one
// test suite per input file, one test case per rule in it, one failure per
// finding. Findings about no file go in a suite named "vpcheck".

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	ClassName string         `xml:"classname,attr"`
	Name      string         `xml:"name,attr"`
	Failures  []junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// noFile names the suite of findings that point at no file.
const noFile = "vpcheck"

// WriteLintJUnit writes the lint run as a JUnit XML report.
func WriteLintJUnit(w io.Writer, res *LintResult) error {
	byFile := map[string][]rules.Finding{}
	for _, f := range res.Findings {
		byFile[f.Range.Filename] = append(byFile[f.Range.Filename], f)
	}
	// Input errors are a failed test case input-error in their file's suite.
	inputByFile := map[string]hcl.Diagnostics{}
	for _, d := range inputErrors(res.Diagnostics) {
		inputByFile[diagnosticFile(d)] = append(inputByFile[diagnosticFile(d)], d)
	}
	var files []string
	for name := range res.Files {
		if isNetworkFile(name) {
			files = append(files, name)
		}
	}
	for name := range byFile {
		if _, ok := res.Files[name]; !ok {
			files = append(files, name)
		}
	}
	for name := range inputByFile {
		if _, ok := res.Files[name]; !ok && byFile[name] == nil {
			files = append(files, name)
		}
	}
	sort.Strings(files)
	files = dedupSorted(files)
	ruleIDs := make([]string, 0, len(res.Rules))
	for _, r := range res.Rules {
		ruleIDs = append(ruleIDs, r.ID)
	}
	doc := junitSuites{Name: "vpcheck lint"}
	for _, file := range files {
		suiteName := file
		if suiteName == "" {
			suiteName = noFile
		}
		suite := junitSuite{Name: suiteName}
		ids := ruleIDs
		for _, f := range byFile[file] {
			if !contains(ids, f.Rule) {
				ids = append(append([]string(nil), ids...), f.Rule)
			}
		}
		if diags := inputByFile[file]; len(diags) > 0 {
			tc := junitCase{ClassName: suiteName, Name: InputErrorRule}
			for _, d := range diags {
				text := diagnosticText(d)
				if loc := LocationOf(d.Subject); loc != nil {
					text = loc.String() + ": " + text
				}
				tc.Failures = append(tc.Failures, junitFailure{Message: d.Summary, Type: SeverityError, Text: text})
			}
			suite.Tests++
			suite.Failures++
			suite.Cases = append(suite.Cases, tc)
		}
		for _, id := range ids {
			tc := junitCase{ClassName: suiteName, Name: id}
			for _, f := range byFile[file] {
				if f.Rule != id {
					continue
				}
				text := f.Message
				if loc := LocationOf(&f.Range); loc != nil {
					text = loc.String() + ": " + text
				}
				if f.Resource != "" {
					text += "\nresource: " + f.Resource
				}
				if f.Fix != "" {
					text += "\nfix: " + f.Fix
				}
				tc.Failures = append(tc.Failures, junitFailure{Message: f.Message, Type: f.Severity.String(), Text: text})
			}
			suite.Tests++
			if len(tc.Failures) > 0 {
				suite.Failures++
			}
			suite.Cases = append(suite.Cases, tc)
		}
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Suites = append(doc.Suites, suite)
	}
	return writeXML(w, doc)
}

// isNetworkFile reports whether a parsed input is a network definition
// (the configuration file is parsed too, but holds no network).
func isNetworkFile(name string) bool {
	return !strings.HasSuffix(name, rules.ConfigFileName)
}

// dedupSorted drops repeats from a sorted list.
func dedupSorted(ss []string) []string {
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// writeXML writes v indented, after the XML declaration.
// Like WriteJSON, it writes the second '#' of a CI runner command ("##[")
// as a character reference, which reads back as the same text.
func writeXML(w io.Writer, v any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encoding XML: %w", err)
	}
	buf.WriteString("\n")
	_, err := w.Write(escapeC1(defuseRunner(buf.Bytes(), "#&#35;"), "&#x%X;"))
	return err
}

// Checkstyle XML, which many CI dashboards and review bots read.

type checkstyleDoc struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// WriteLintCheckstyle writes the findings as Checkstyle XML, grouped by file.
func WriteLintCheckstyle(w io.Writer, res *LintResult) error {
	doc := checkstyleDoc{Version: "4.3"}
	index := map[string]int{}
	fileOf := func(name string) int {
		if name == "" {
			name = noFile
		}
		i, ok := index[name]
		if !ok {
			i = len(doc.Files)
			index[name] = i
			doc.Files = append(doc.Files, checkstyleFile{Name: name})
		}
		return i
	}
	for _, d := range inputErrors(res.Diagnostics) {
		i := fileOf(diagnosticFile(d))
		e := checkstyleError{Severity: SeverityError, Message: diagnosticText(d), Source: "vpcheck." + InputErrorRule}
		if d.Subject != nil {
			e.Line, e.Column = d.Subject.Start.Line, d.Subject.Start.Column
		}
		doc.Files[i].Errors = append(doc.Files[i].Errors, e)
	}
	for _, f := range res.Findings {
		i := fileOf(f.Range.Filename)
		sev := "info"
		switch f.Severity {
		case rules.Error:
			sev = "error"
		case rules.Warning:
			sev = "warning"
		}
		doc.Files[i].Errors = append(doc.Files[i].Errors, checkstyleError{
			Line: f.Range.Start.Line, Column: f.Range.Start.Column, Severity: sev,
			Message: f.Message, Source: "vpcheck." + f.Rule,
		})
	}
	return writeXML(w, doc)
}
