package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path/filepath"
	"strconv"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/rules"
)

// gitlabIssue is one issue of GitLab's Code Quality report (FormatGitLab).
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// gitlabSeverity maps a severity onto GitLab's scale (info, minor, major,
// critical, blocker); an input error, which stops the analysis, is a
// blocker.
func gitlabSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "critical"
	case rules.Warning:
		return "major"
	}
	return "minor"
}

// WriteLintGitLab writes the findings and input errors as a GitLab Code
// Quality report. GitLab shows one issue per fingerprint, so findings that
// share one (the same problem in two roots) are told apart by root and by
// their rank among equals, which keeps fingerprints stable across runs.
func WriteLintGitLab(w io.Writer, res *LintResult) error {
	issues := make([]gitlabIssue, 0, len(res.Findings))
	seen := map[string]int{}
	fingerprint := func(parts ...string) string {
		h := sha256.New()
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
		key := hex.EncodeToString(h.Sum(nil))[:32]
		n := seen[key]
		seen[key]++
		if n == 0 {
			return key
		}
		return fingerprintAgain(key, n)
	}
	for _, d := range inputErrors(res.Diagnostics) {
		path, line := gitlabPlace(d.Subject)
		issues = append(issues, gitlabIssue{Description: diagnosticText(d), CheckName: "vpcheck/" + InputErrorRule,
			Fingerprint: fingerprint(InputErrorRule, path, strconv.Itoa(line), d.Summary), Severity: "blocker",
			Location: gitlabLocation{Path: path, Lines: gitlabLines{Begin: line}}})
	}
	for _, f := range res.Findings {
		r := f.Range
		if r.Filename == "" {
			for _, rel := range f.Related {
				if rel.Range.Filename != "" {
					r = rel.Range
					break
				}
			}
		}
		path, line := gitlabPlace(&r)
		desc := f.Message
		if f.Root != "" {
			desc += " (in " + f.Root + ")"
		}
		issues = append(issues, gitlabIssue{Description: desc, CheckName: "vpcheck/" + f.Rule,
			Fingerprint: fingerprint(f.Root, f.Fingerprint()), Severity: gitlabSeverity(f.Severity),
			Location: gitlabLocation{Path: path, Lines: gitlabLines{Begin: line}}})
	}
	return WriteJSON(w, issues)
}

func fingerprintAgain(key string, n int) string {
	sum := sha256.Sum256([]byte(key + "#" + strconv.Itoa(n)))
	return hex.EncodeToString(sum[:])[:32]
}

// gitlabPlace is a path relative to the repository, with forward slashes,
// and a line of at least 1, as GitLab requires both.
func gitlabPlace(r *hcl.Range) (string, int) {
	if r == nil || r.Filename == "" {
		return "", 1
	}
	return filepath.ToSlash(filepath.Clean(r.Filename)), max(r.Start.Line, 1)
}
