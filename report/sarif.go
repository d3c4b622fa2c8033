package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/rules"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html),
// the subset code-scanning tools read: the tool with its rules, and one
// result per finding with its location, related locations and properties.
// It is encoded here with encoding/json rather than with a SARIF library:
// the subset is small, the struct order makes the output deterministic, and
// the test checks the schema's required properties.

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
}

// sarifInvocation says whether the run could analyse its input; input
// warnings (what the loaders could not model) are its notifications.
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	HelpURI              string             `json:"helpUri"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	// PartialFingerprints let code scanning follow a finding across
	// commits: rules.Finding.Fingerprint, which no line number enters.
	PartialFingerprints map[string]string      `json:"partialFingerprints,omitempty"`
	Suppressions        []sarifSuppression     `json:"suppressions,omitempty"`
	Properties          map[string]interface{} `json:"properties,omitempty"`
}

// sarifSuppression marks a result a baseline accepts (SARIF §3.35).
type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// sarifAnchor is where a result about no place is shown: the first
// network file read, else the directory the run was in.
func sarifAnchor(files map[string]*hcl.File) sarifPhysicalLocation {
	names := make([]string, 0, len(files))
	for name := range files {
		if isNetworkFile(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	uri := "."
	if len(names) > 0 {
		uri = names[0]
	}
	return sarifPhysicalLocation{ArtifactLocation: sarifArtifactOf(uri), Region: sarifRegion{StartLine: 1}}
}

// sarifFingerprint is the finding's fingerprint, and when the run covered
// several roots, of its root too: the same problem in two root modules
// calling one module is two alerts, not one.
func sarifFingerprint(f rules.Finding) string {
	if f.Root == "" {
		return f.Fingerprint()
	}
	sum := sha256.Sum256([]byte(f.Root + "\x00" + f.Fingerprint()))
	return hex.EncodeToString(sum[:])[:32]
}

// sarifFingerprintKey names vpcheck's fingerprint among partialFingerprints;
// the version changes if the fingerprint's recipe ever does.
const sarifFingerprintKey = "vpcheckFingerprint/v1"

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// sarifSourceRoot is the base a relative artifact URI is resolved against:
// the checkout the analysis ran in (code scanning sets it to the
// repository root).
const sarifSourceRoot = "%SRCROOT%"

// sarifArtifactOf is the artifact location of a file name as vpcheck shows
// it: a relative name is a relative URI reference to %SRCROOT% (SARIF
// 2.1.0, sections 3.4.3 and 3.4.4), an absolute one a file: URI; both are
// percent-encoded (RFC 3986), so that a space, '#', '?', '%' or a control
// character in a path cannot end or change the reference.
func sarifArtifactOf(name string) sarifArtifact {
	if filepath.IsAbs(name) {
		p := filepath.ToSlash(name)
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x → /C:/x
		}
		return sarifArtifact{URI: "file://" + uriPath(p)}
	}
	p := uriPath(strings.TrimPrefix(filepath.ToSlash(filepath.Clean(name)), "./"))
	// A first segment holding ':' would read as a scheme (RFC 3986, 4.2).
	if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ":") {
		p = "./" + p
	}
	return sarifArtifact{URI: p, URIBaseID: sarifSourceRoot}
}

// uriPath percent-encodes every byte of p that is not allowed as such in a
// URI path: all but the unreserved characters, the sub-delimiters, ':',
// '@' and '/'.
func uriPath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// sarifLevel maps a severity to SARIF's levels (a notice is a "note").
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "note"
}

func sarifRegionOf(r hcl.Range) (sarifPhysicalLocation, bool) {
	if r.Filename != "" && r.Start.Line < 1 {
		// A diagnostic about a whole file (one vpcheck could not read).
		return sarifPhysicalLocation{ArtifactLocation: sarifArtifactOf(r.Filename), Region: sarifRegion{StartLine: 1}}, true
	}
	if r.Filename == "" || r.Start.Line < 1 {
		return sarifPhysicalLocation{}, false
	}
	reg := sarifRegion{StartLine: r.Start.Line, StartColumn: r.Start.Column}
	if r.End.Line >= r.Start.Line && r.End.Line > 0 {
		reg.EndLine, reg.EndColumn = r.End.Line, r.End.Column
	}
	return sarifPhysicalLocation{ArtifactLocation: sarifArtifactOf(r.Filename), Region: reg}, true
}

// WriteLintSARIF writes the findings as a SARIF 2.1.0 log.
func WriteLintSARIF(w io.Writer, res *LintResult) error {
	driver := sarifDriver{Name: "vpcheck", Version: res.ToolVersion, InformationURI: "https://github.com/vpcheck/vpcheck", Rules: []sarifRule{}}
	index := map[string]int{}
	describe := func(r *rules.Rule) {
		if _, ok := index[r.ID]; ok {
			return
		}
		index[r.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.ID,
			ShortDescription:     sarifText{r.Doc.Title},
			FullDescription:      sarifText{strings.TrimSpace(r.Doc.Text)},
			HelpURI:              rules.DocsURL(r.ID),
			DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)},
		})
	}
	for _, r := range res.Rules {
		describe(r)
	}
	results := make([]sarifResult, 0, len(res.Findings)+len(res.Suppressed))
	result := func(f rules.Finding) sarifResult {
		if r := rules.Lookup(f.Rule); r != nil {
			describe(r)
		}
		sr := sarifResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message: sarifText{f.Message}, Locations: []sarifLocation{},
			PartialFingerprints: map[string]string{sarifFingerprintKey: sarifFingerprint(f)}}
		if loc, ok := sarifRegionOf(f.Range); ok {
			sr.Locations = append(sr.Locations, sarifLocation{PhysicalLocation: loc})
		} else {
			// A finding about no line (an object nothing in the input
			// defines) is shown where its first related object is.
			for _, rel := range f.Related {
				if loc, ok := sarifRegionOf(rel.Range); ok {
					sr.Locations = append(sr.Locations, sarifLocation{PhysicalLocation: loc})
					break
				}
			}
		}
		for i, rel := range f.Related {
			if loc, ok := sarifRegionOf(rel.Range); ok {
				id := i + 1
				sr.RelatedLocations = append(sr.RelatedLocations, sarifLocation{ID: &id, PhysicalLocation: loc, Message: &sarifText{rel.Message}})
			}
		}
		props := map[string]interface{}{}
		if f.Resource != "" {
			props["resource"] = f.Resource
		}
		if f.Fix != "" {
			props["fix"] = f.Fix
		}
		if f.Root != "" {
			props["root"] = f.Root
		}
		if len(props) > 0 {
			sr.Properties = props
		}
		return sr
	}
	for _, f := range res.Findings {
		results = append(results, result(f))
	}
	// A finding a baseline accepts or an ignore suppresses is a suppressed
	// result: code scanning shows it as such instead of as an open alert
	// (SARIF §3.27.23; an inline comment is kind inSource, §3.35.2).
	for _, s := range res.Suppressed {
		sr := result(s.Finding)
		kind := "external"
		if s.InSource {
			kind = "inSource"
		}
		sr.Suppressions = []sarifSuppression{{Kind: kind, Justification: s.Justification}}
		results = append(results, sr)
	}
	invocation := sarifInvocation{ExecutionSuccessful: true}
	for _, d := range SortDiagnostics(res.Diagnostics) {
		if d.Severity != hcl.DiagWarning {
			continue
		}
		n := sarifNotification{Level: "warning", Message: sarifText{diagnosticText(d)}}
		if d.Subject != nil {
			if loc, ok := sarifRegionOf(*d.Subject); ok {
				n.Locations = []sarifLocation{{PhysicalLocation: loc}}
			}
		}
		invocation.ToolExecutionNotifications = append(invocation.ToolExecutionNotifications, n)
	}
	if errs := inputErrors(res.Diagnostics); len(errs) > 0 {
		invocation.ExecutionSuccessful = false
		index[InputErrorRule] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   InputErrorRule,
			ShortDescription:     sarifText{"vpcheck could not read its input"},
			FullDescription:      sarifText{"A network definition could not be read or is invalid (a syntax error, a reference to nothing, a file that is not a network definition), so no rule ran. Fix the input and run vpcheck again."},
			HelpURI:              "https://github.com/vpcheck/vpcheck/blob/main/docs/ci.md",
			DefaultConfiguration: sarifConfiguration{Level: "error"},
		})
		for _, d := range errs {
			sr := sarifResult{RuleID: InputErrorRule, RuleIndex: index[InputErrorRule], Level: "error",
				Message: sarifText{diagnosticText(d)}, Locations: []sarifLocation{}}
			if d.Subject != nil {
				if loc, ok := sarifRegionOf(*d.Subject); ok {
					sr.Locations = append(sr.Locations, sarifLocation{PhysicalLocation: loc})
				}
			}
			results = append(results, sr)
		}
	}
	// GitHub code scanning refuses a whole log in which one result has no
	// location ("locationFromSarifResult: expected at least one location"),
	// so a result about no place is anchored at the first input file, or
	// at the repository itself when no file could be read.
	for i := range results {
		if len(results[i].Locations) == 0 {
			results[i].Locations = []sarifLocation{{PhysicalLocation: sarifAnchor(res.Files)}}
		}
	}
	log := sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{{
		Tool: sarifTool{Driver: driver}, Invocations: []sarifInvocation{invocation}, Results: results, ColumnKind: "unicodeCodePoints",
	}}}
	return WriteJSON(w, log)
}
