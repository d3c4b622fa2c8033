package report

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// InputErrorRule is the rule ID machine formats give an input error (a
// file vpcheck could not read, a syntax error, a reference to nothing), so
// that a CI step reading SARIF, JUnit or GitHub annotations shows why the
// run failed instead of an empty report.
const InputErrorRule = "input-error"

// inputErrors returns the error-severity diagnostics, in reading order.
// Warnings are carried by the JSON document and SARIF notifications only:
// the other formats report failures, and a warning fails nothing.
func inputErrors(diags hcl.Diagnostics) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range SortDiagnostics(diags) {
		if d.Severity != hcl.DiagWarning {
			out = append(out, d)
		}
	}
	return out
}

// diagnosticText is a diagnostic's summary and detail as one message.
func diagnosticText(d *hcl.Diagnostic) string {
	if detail := strings.TrimSpace(d.Detail); detail != "" {
		return d.Summary + ": " + detail
	}
	return d.Summary
}

// diagnosticFile is the file a diagnostic points into ("" for none).
func diagnosticFile(d *hcl.Diagnostic) string {
	if d.Subject == nil {
		return ""
	}
	return d.Subject.Filename
}
