package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/vpcheck/vpcheck/rules"
)

// exposureRule is the SARIF rule of reachability gained from the internet.
const exposureRule = "diff-new-exposure"

type sarifDiffResult struct {
	sarifResult
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifDiffRun struct {
	Tool       sarifTool         `json:"tool"`
	Results    []sarifDiffResult `json:"results"`
	ColumnKind string            `json:"columnKind"`
}

type sarifDiffLog struct {
	Schema  string         `json:"$schema"`
	Version string         `json:"version"`
	Runs    []sarifDiffRun `json:"runs"`
}

// WriteDiffSARIF writes what the change introduces — its new findings and
// the reachability it gains from the internet — as a SARIF 2.1.0 log with
// partialFingerprints, so code scanning shows only what the pull request
// adds.
func WriteDiffSARIF(w io.Writer, r *DiffResult, doc *DiffDocument) error {
	driver := sarifDriver{Name: "vpcheck", Version: r.ToolVersion, InformationURI: "https://github.com/vpcheck/vpcheck", Rules: []sarifRule{}}
	index := map[string]int{}
	results := []sarifDiffResult{}
	for i, f := range r.NewFindings {
		if _, ok := index[f.Rule]; !ok {
			index[f.Rule] = len(driver.Rules)
			sr := sarifRule{ID: f.Rule, DefaultConfiguration: sarifConfiguration{Level: sarifLevel(f.Severity)}}
			if rule := rules.Lookup(f.Rule); rule != nil {
				sr.ShortDescription, sr.FullDescription, sr.HelpURI = sarifText{rule.Doc.Title}, sarifText{strings.TrimSpace(rule.Doc.Text)}, rules.DocsURL(rule.ID)
			}
			driver.Rules = append(driver.Rules, sr)
		}
		res := sarifResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity), Message: sarifText{f.Message}, Locations: []sarifLocation{}}
		if loc, ok := sarifRegionOf(f.Range); ok {
			res.Locations = append(res.Locations, sarifLocation{PhysicalLocation: loc})
		}
		results = append(results, sarifDiffResult{res, map[string]string{"vpcheckFinding/v1": doc.Findings.New[i].Fingerprint}})
	}
	var exposures []ChangeJSON
	for _, c := range doc.Reachability.Gained {
		if c.From.Kind == "internet" {
			exposures = append(exposures, c)
		}
	}
	if len(exposures) > 0 {
		index[exposureRule] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRule{ID: exposureRule, ShortDescription: sarifText{"the change makes an endpoint reachable from the internet"},
			FullDescription:      sarifText{"vpcheck diff found packets from the internet that arrive, and are answered, after the change and not before."},
			DefaultConfiguration: sarifConfiguration{Level: "warning"}})
	}
	for _, c := range exposures {
		msg := fmt.Sprintf("%s -> %s: %s newly reachable (e.g. %s)", endpointText(c.From), endpointText(c.To), packetsText(c.Packets), packetText(c.Example))
		res := sarifResult{RuleID: exposureRule, RuleIndex: index[exposureRule], Level: "warning", Message: sarifText{msg}, Locations: []sarifLocation{}}
		var keys []string
		for _, k := range c.Causes {
			keys = append(keys, k.Resource+"/"+k.Kind+"/"+k.Change)
			if k.Location == nil || len(res.Locations) > 0 {
				continue
			}
			res.Locations = append(res.Locations, sarifLocation{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: sarifArtifact{URI: strings.ReplaceAll(k.Location.File, "\\", "/")},
				Region: sarifRegion{StartLine: k.Location.Line, StartColumn: k.Location.Column}}})
		}
		fp := fingerprintOf(c.From.Name, c.To.Kind, c.To.Name, packetsText(c.Packets), strings.Join(keys, ","))
		results = append(results, sarifDiffResult{res, map[string]string{"vpcheckExposure/v1": fp}})
	}
	log := sarifDiffLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifDiffRun{{Tool: sarifTool{Driver: driver}, Results: results, ColumnKind: "unicodeCodePoints"}}}
	return WriteJSON(w, log)
}

// fingerprintOf hashes the parts that define an exposure (never lines).
func fingerprintOf(parts ...string) string {
	return rules.Finding{Rule: exposureRule, Facts: strings.Join(parts, "\x00")}.Fingerprint()
}
