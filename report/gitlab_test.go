package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/vpcheck/vpcheck/rules"
)

// GitLab shows one issue per fingerprint: the same finding in two roots,
// or twice in one, must get fingerprints of its own, the same every run.
func TestLintGitLabFingerprintsUnique(t *testing.T) {
	f := rules.Finding{Rule: "cidr-overlap", Severity: rules.Error, Message: "m", Resource: "aws_subnet.a", Range: rng("m/main.tf", 3, 1)}
	dev, prod := f, f
	dev.Root, prod.Root = "dev", "prod"
	res := &LintResult{Findings: []rules.Finding{dev, prod, f, f}}
	var a, b bytes.Buffer
	if err := WriteLintGitLab(&a, res); err != nil {
		t.Fatal(err)
	}
	if err := WriteLintGitLab(&b, res); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("not deterministic")
	}
	var issues []struct {
		Fingerprint, Severity string
		CheckName             string `json:"check_name"`
		Location              struct {
			Path  string
			Lines struct{ Begin int }
		}
	}
	if err := json.Unmarshal(a.Bytes(), &issues); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, is := range issues {
		if seen[is.Fingerprint] || len(is.Fingerprint) != 32 {
			t.Errorf("fingerprint %q repeated or malformed", is.Fingerprint)
		}
		seen[is.Fingerprint] = true
		if is.Location.Path != "m/main.tf" || is.Location.Lines.Begin != 3 {
			t.Errorf("location %+v", is.Location)
		}
	}
	if len(issues) != 4 {
		t.Errorf("%d issues", len(issues))
	}
}

// SARIF: the same finding in two roots is two alerts, each with its own
// partial fingerprint; a single-network finding keeps Finding.Fingerprint.
func TestSARIFFingerprintPerRoot(t *testing.T) {
	f := rules.Finding{Rule: "cidr-overlap", Severity: rules.Error, Message: "m", Resource: "aws_subnet.a", Range: rng("m/main.tf", 3, 1)}
	dev, prod := f, f
	dev.Root, prod.Root = "dev", "prod"
	if sarifFingerprint(f) != f.Fingerprint() || sarifFingerprint(dev) == sarifFingerprint(prod) || sarifFingerprint(dev) == f.Fingerprint() {
		t.Errorf("fingerprints %s %s %s", sarifFingerprint(f), sarifFingerprint(dev), sarifFingerprint(prod))
	}
}

// Compact and GitHub output name the root when the run covers several.
func TestLintRootInTextFormats(t *testing.T) {
	f := rules.Finding{Rule: "cidr-overlap", Severity: rules.Error, Message: "m", Resource: "aws_subnet.a", Range: rng("m/main.tf", 3, 1), Root: "live/prod"}
	res := &LintResult{Findings: []rules.Finding{f}}
	var compact, github bytes.Buffer
	if err := WriteLintCompact(&compact, res); err != nil {
		t.Fatal(err)
	}
	if err := WriteLintGitHub(&github, res); err != nil {
		t.Fatal(err)
	}
	if compact.String() != "m/main.tf:3:1: error - m (cidr-overlap) [live/prod]\n" {
		t.Errorf("compact %q", compact.String())
	}
	if !bytes.Contains(github.Bytes(), []byte("title=vpcheck cidr-overlap (live/prod)")) {
		t.Errorf("github %q", github.String())
	}
}
